#!/usr/bin/env python3
"""Builds retrace's lexical-semantics table from Debian's WordNet 3.0 (package wordnet-base).

Reads WORDNET_DIR/index.{noun,verb,adj,adv} (lemmas and their senses, most frequent first),
the exception lists *.exc (irregular forms: "said" -> "say") and cntlist.rev (how often each
sense was tagged in the SemCor concordance: a background frequency of English content words).
Writes one line per single-word lemma or irregular form:

    word <TAB> count <TAB> synset synset ...

count: SemCor tag count summed over the lemma's senses (0 if never tagged); synsets: the ids
(offset * 4 + part of speech) of the lemma's first senses of each part of speech (the most
frequent ones), at most MAX_SENSES per part of speech. retrace reads this table at start-up
(src/lexsem/) to match synonyms and to weigh words without corpus statistics.
Usage: gen_wordnet.py WORDNET_DIR OUT
"""
import os
import sys

POS = {"noun": 0, "verb": 1, "adj": 2, "adv": 3}
SS_TYPE = {"1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj"}
MAX_SENSES = 3


def main():
    src, out = sys.argv[1], sys.argv[2]
    senses = {}  # word -> list of synset ids
    for pos, p in POS.items():
        with open(os.path.join(src, "index." + pos), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue  # licence header
                parts = line.split()
                lemma = parts[0]
                if "_" in lemma or "-" in lemma or "." in lemma or not lemma.isalpha():
                    continue
                synset_cnt = int(parts[2])
                offsets = parts[-synset_cnt:][:MAX_SENSES]
                senses.setdefault(lemma, []).extend(int(o) * 4 + p for o in offsets)
    counts = {}
    with open(os.path.join(src, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            key, _, cnt = line.split()
            lemma = key.split("%", 1)[0]
            counts[lemma] = counts.get(lemma, 0) + int(cnt)
    exc = {}
    for pos in POS:
        path = os.path.join(src, pos + ".exc")
        if not os.path.exists(path):
            continue
        with open(path, encoding="latin-1") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].isalpha() and parts[1] in senses:
                    exc.setdefault(parts[0], parts[1])
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        for w in sorted(set(senses) | set(exc)):
            ids = list(dict.fromkeys(senses.get(w, []) + (senses[exc[w]] if w in exc else [])))
            cnt = counts.get(w, 0) + (counts.get(exc[w], 0) if w in exc else 0)
            f.write(f"{w}\t{cnt}\t{' '.join(map(str, ids))}\n")
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
