#!/usr/bin/env python3
"""overlap.py — how much text unrelated articles of a generated corpus share (no detector).

    overlap.py --corpus corpus.jsonl --labels labels.jsonl [--n 8] [--sample 300] [--json]

For every pair of articles that share at least one word n-gram (lower-cased \\w+ words,
default n = 8), counts the distinct n-grams they share, separately for planted pairs
(labels.jsonl) and unplanted ones, and for a sample of the unplanted pairs that share most
(and a random sample of the others) measures the longest run of words they share
(difflib). Meant for corpora of ~10k articles (it keeps every n-gram in memory).

An unplanted pair sharing a run of 8+ words did not copy anything: the generator re-used a
real sentence in both. gen_corpus.py varies re-used sentences so that such runs are rare.
"""
import argparse
import difflib
import json
import random
import re
import sys
from collections import Counter

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from recall import read_jsonl  # noqa: E402

_WORD_RE = re.compile(r"\w+")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--n", type=int, default=8, help="word n-gram length (default 8)")
    ap.add_argument("--cap", type=int, default=1000,
                    help="n-grams in more documents are counted but their pairs not enumerated")
    ap.add_argument("--sample", type=int, default=300, help="unplanted pairs whose longest run is measured")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    ids, words, index = [], [], {}
    for d in read_jsonl(args.corpus):
        w = _WORD_RE.findall(d["text"].lower())
        doc = len(ids)
        ids.append(d["id"])
        words.append(w)
        for g in set(zip(*(w[i:] for i in range(args.n)))):
            index.setdefault(hash(g), []).append(doc)
    pos = {x: i for i, x in enumerate(ids)}
    planted = {}
    for r in read_jsonl(args.labels):
        a, b = sorted((pos[r["source"]], pos[r["copy"]]))
        planted[(a, b)] = r["relation"]

    n_docs = len(ids)
    shared, capped = Counter(), 0
    for docs in index.values():
        if len(docs) < 2:
            continue
        if len(docs) > args.cap:
            capped += 1
            continue
        for x in range(len(docs)):
            a = docs[x]
            for b in docs[x + 1:]:
                shared[a * n_docs + b] += 1
    del index

    def bucket(k):
        return "1" if k == 1 else "2-5" if k <= 5 else "6-20" if k <= 20 else "21+"

    unplanted_hist, planted_hist = Counter(), Counter()
    unplanted = []
    for key, k in shared.items():
        pair = divmod(key, n_docs)
        if pair in planted:
            planted_hist[f"{planted[pair]} {bucket(k)}"] += 1
        else:
            unplanted_hist[bucket(k)] += 1
            unplanted.append((k, pair))
    planted_none = Counter(rel for pair, rel in planted.items()
                           if pair[0] * n_docs + pair[1] not in shared)

    # Longest shared run of words: the pairs sharing most, and a random sample of the rest.
    unplanted.sort(reverse=True)
    top = unplanted[: args.sample // 2]
    rest = unplanted[args.sample // 2:]
    rng = random.Random(1)
    sample = top + (rng.sample(rest, min(len(rest), args.sample - len(top))) if rest else [])
    runs = Counter()
    examples = []
    for k, (a, b) in sample:
        sm = difflib.SequenceMatcher(None, words[a], words[b], autojunk=False)
        m = sm.find_longest_match(0, len(words[a]), 0, len(words[b]))
        runs[m.size] += 1
        if len(examples) < 5:
            examples.append({"pair": [ids[a], ids[b]], "shared_ngrams": k, "longest_run": m.size,
                             "text": " ".join(words[a][m.a:m.a + m.size])})
    res = {"documents": n_docs, "n": args.n, "ngrams_over_cap": capped,
           "unplanted_pairs_sharing": sum(unplanted_hist.values()),
           "unplanted_by_shared_ngrams": dict(sorted(unplanted_hist.items())),
           "planted_by_shared_ngrams": dict(sorted(planted_hist.items())),
           "planted_sharing_none": dict(planted_none),
           "longest_run_sample": {"pairs": len(sample), "top_by_shared": len(top),
                                  "words": dict(sorted(runs.items()))},
           "examples": examples}
    if args.json:
        print(json.dumps(res))
        return
    print(f"{n_docs:,} documents; word {args.n}-grams; {capped} n-grams in > {args.cap} documents skipped")
    print(f"unplanted pairs sharing >= 1 {args.n}-gram: {res['unplanted_pairs_sharing']:,}  "
          f"by distinct shared {args.n}-grams: {res['unplanted_by_shared_ngrams']}")
    print(f"planted pairs by shared {args.n}-grams: {res['planted_by_shared_ngrams']}; "
          f"sharing none: {res['planted_sharing_none']}")
    print(f"longest shared run (words) of {len(sample)} unplanted pairs ({len(top)} sharing most, "
          f"the rest at random): {res['longest_run_sample']['words']}")
    for e in examples:
        print(f"  {e['pair'][0]} {e['pair'][1]}: {e['shared_ngrams']} shared, run {e['longest_run']}: {e['text'][:150]}")


if __name__ == "__main__":
    main()
