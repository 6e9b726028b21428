#!/usr/bin/env python3
"""recall.py — how many planted copies a detector found, and what else it reported.

    recall.py --labels labels.jsonl --pred relations.jsonl [--corpus corpus.jsonl]
              [--examples K] [--json]

labels.jsonl comes from gen_corpus.py: {"source", "copy", "relation"} per planted copy.
relations.jsonl is retrace's output ({"source", "copy", "relation", "score", ...}) or the
baseline's (bench/minhash_lsh: relation "near_duplicate"). Any file may be .gz or .zst.

A planted pair counts as found if the prediction holds a derived relation (duplicate,
reprint, excerpt, rewrite, or the baseline's near_duplicate) between the two ids, in
either direction. Reported:

  recall          per planted kind and overall;
  kind agreement  for found pairs, the predicted relation against the planted one
                  (near_duplicate counts as agreeing with nothing: it has no kinds);
  direction       for found pairs, how often "source" is the planted source;
  unlabelled      derived relations between pairs that were not planted. Generated
                  articles share sentences by chance (gen_corpus.py re-uses real
                  sentences), so some of these are real overlaps rather than errors;
                  with --corpus they are measured (word 5-gram containment of the
                  smaller text in the larger; 2-gram Jaccard) and K examples shown.
  precision       labelled / all derived pairs: a lower bound on precision.

Other relations (same_story, ...) are counted apart: they do not claim copying.
--json prints one JSON object instead of the report (used by scale.sh).
"""
import argparse
import gzip
import io
import json
import re
import subprocess
import sys
from collections import Counter

KINDS = ("duplicate", "reprint", "excerpt", "rewrite")
DERIVED = set(KINDS) | {"near_duplicate"}
_WORD_RE = re.compile(r"\w+")


def open_text(path):
    """Opens a (possibly .gz or .zst) text file for reading lines."""
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if path.endswith(".zst"):
        proc = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE)
        return io.TextIOWrapper(proc.stdout, encoding="utf-8")
    return open(path, encoding="utf-8")


def read_jsonl(path):
    with open_text(path) as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"recall.py: {path}:{n}: not JSON: {e}")


def ngrams(text, n):
    w = _WORD_RE.findall(text.lower())
    return set(zip(*(w[i:] for i in range(n))))


def overlap(a, b):
    """(5-gram containment of the smaller text in the larger, 2-gram Jaccard)."""
    a5, b5 = ngrams(a, 5), ngrams(b, 5)
    small, large = (a5, b5) if len(a5) <= len(b5) else (b5, a5)
    contain = len(small & large) / max(1, len(small))
    a2, b2 = ngrams(a, 2), ngrams(b, 2)
    return contain, len(a2 & b2) / max(1, len(a2 | b2))


def evaluate(args):
    labels = {}  # unordered pair -> (relation, source id)
    for r in read_jsonl(args.labels):
        labels[frozenset((r["source"], r["copy"]))] = (r["relation"], r["source"])

    pred = {}  # unordered pair -> (relation, source id) of the first derived relation
    other = Counter()  # non-derived relations by name
    other_pairs = set()  # planted pairs reported with a non-derived relation
    lines = 0
    for r in read_jsonl(args.pred):
        lines += 1
        rel = r.get("relation")
        pair = frozenset((r["source"], r["copy"]))
        if rel in DERIVED:
            pred.setdefault(pair, (rel, r["source"]))
        else:
            other[rel] += 1
            if pair in labels:
                other_pairs.add(pair)

    res = {"pred_lines": lines, "kinds": {}, "agreement": {}, "other_relations": dict(other)}
    found_total = direction_ok = 0
    for kind in KINDS:
        pairs = [p for p, (k, _) in labels.items() if k == kind]
        found = [p for p in pairs if p in pred]
        found_total += len(found)
        direction_ok += sum(pred[p][1] == labels[p][1] for p in found)
        res["kinds"][kind] = {
            "planted": len(pairs), "found": len(found),
            "recall": len(found) / len(pairs) if pairs else None,
            # missed pairs that were reported with a non-derived relation (e.g. same_story)
            "only_other_relation": sum(1 for p in pairs if p not in pred and p in other_pairs)}
        res["agreement"][kind] = dict(Counter(pred[p][0] for p in found))
    res["planted"] = len(labels)
    res["found"] = found_total
    res["recall"] = found_total / len(labels) if labels else None
    res["direction_correct"] = direction_ok / found_total if found_total else None
    unlabelled = [p for p in pred if p not in labels]
    res["derived_pairs"] = len(pred)
    res["unlabelled"] = len(unlabelled)
    res["unlabelled_by_relation"] = dict(Counter(pred[p][0] for p in unlabelled))
    res["precision_lower_bound"] = (len(pred) - len(unlabelled)) / len(pred) if pred else None

    if args.corpus and unlabelled:
        res["unlabelled_overlap"], res["examples"] = measure_unlabelled(args, unlabelled, pred)
    return res


def measure_unlabelled(args, unlabelled, pred):
    """Text overlap of (a sample of) the unlabelled pairs; returns (histogram, examples)."""
    sample = sorted(unlabelled, key=lambda p: sorted(p))[: args.sample]
    wanted = {i for p in sample for i in p}
    texts = {}
    for d in read_jsonl(args.corpus):
        if d.get("id") in wanted:
            texts[d["id"]] = d.get("text", "")
    bins = Counter()
    scored = []
    for p in sample:
        a, b = sorted(p)
        if a not in texts or b not in texts:
            bins["ids not in corpus"] += 1
            continue
        contain, jac = overlap(texts[a], texts[b])
        bins["containment >= 0.5" if contain >= 0.5 else
             "containment 0.2-0.5" if contain >= 0.2 else
             "containment 0.05-0.2" if contain >= 0.05 else "containment < 0.05"] += 1
        scored.append((contain, jac, a, b))
    hist = {"sampled": len(sample), **dict(sorted(bins.items()))}
    scored.sort(key=lambda x: x[0])
    step = max(1, len(scored) // max(1, args.examples))
    examples = [{"pair": [a, b], "relation": pred[frozenset((a, b))][0],
                 "containment5": round(c, 3), "jaccard2": round(j, 3)}
                for c, j, a, b in scored[::step][: args.examples]]
    return hist, examples


def pct(x):
    return "-" if x is None else f"{100 * x:.1f}%"


def report(res):
    print(f"prediction: {res['pred_lines']:,} lines, {res['derived_pairs']:,} pairs with a derived "
          f"relation; other relations: {res['other_relations'] or 'none'}")
    print(f"{'planted':<10} {'pairs':>8} {'found':>8} {'recall':>8}   predicted relation of found pairs"
          "   (+ found only as a non-derived relation)")
    for kind, k in res["kinds"].items():
        agree = ", ".join(f"{r} {n}" for r, n in sorted(res["agreement"][kind].items(),
                                                          key=lambda x: -x[1]))
        extra = f"   (+{k['only_other_relation']})" if k["only_other_relation"] else ""
        print(f"{kind:<10} {k['planted']:>8,} {k['found']:>8,} {pct(k['recall']):>8}   {agree}{extra}")
    print(f"{'overall':<10} {res['planted']:>8,} {res['found']:>8,} {pct(res['recall']):>8}")
    print(f"direction (source = planted source) correct for {pct(res['direction_correct'])} of found pairs")
    print(f"unlabelled relations: {res['unlabelled']:,} "
          f"({', '.join(f'{r} {n}' for r, n in res['unlabelled_by_relation'].items()) or 'none'}); "
          f"precision >= {pct(res['precision_lower_bound'])}")
    if "unlabelled_overlap" in res:
        print("unlabelled pairs by text overlap: " + json.dumps(res["unlabelled_overlap"]))
        for e in res["examples"]:
            print(f"  {e['pair'][0]} {e['pair'][1]} {e['relation']}: 5-gram containment "
                  f"{e['containment5']}, 2-gram Jaccard {e['jaccard2']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True, help="labels.jsonl from gen_corpus.py")
    ap.add_argument("--pred", required=True, help="relations.jsonl (retrace or minhash_lsh)")
    ap.add_argument("--corpus", help="corpus.jsonl: measure the text overlap of unlabelled pairs")
    ap.add_argument("--sample", type=int, default=2000, help="unlabelled pairs measured (--corpus)")
    ap.add_argument("--examples", type=int, default=5, help="unlabelled pairs shown (--corpus)")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = ap.parse_args()
    res = evaluate(args)
    if args.json:
        print(json.dumps(res))
    else:
        report(res)


if __name__ == "__main__":
    main()
