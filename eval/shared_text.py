#!/usr/bin/env python3
"""Same-event negatives that retrace calls derived, split by whether the two texts share text.

Corpora of many outlets' reports of one event (ECB+, BASIL) hold some real syndicated copies, so
a derived relation on a labelled negative is only surely false when the two texts share little
text. For each derived kind this prints the labelled negative pairs called so, and how many of
them share under 5% of the shorter text's word 8-grams (the suspect ones), over all labelled
negative pairs.
Usage: shared_text.py --corpus corpus.jsonl --labels labels.json --pred relations.jsonl
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fit_model import shared_text  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--pred", required=True)
    a = ap.parse_args()
    L = json.load(open(a.labels))
    negatives = {frozenset(p) for p in L["independent"]}
    share = shared_text(a.corpus)
    called, suspect = collections.Counter(), collections.Counter()
    for line in open(a.pred, encoding="utf-8"):
        r = json.loads(line)
        k = frozenset((r["source"], r["copy"]))
        if k not in negatives or r["relation"] == "same_story":
            continue
        called[r["relation"]] += 1
        if share(r["source"], r["copy"]) < 0.05:
            suspect[r["relation"]] += 1
    n = len(negatives)
    for kind in ("duplicate", "reprint", "excerpt", "rewrite"):
        print(f"  {kind:10s} {called[kind]:5d} negative pairs called so, {suspect[kind]:5d} of them sharing < 5% of 8-grams")
    print(f"summary: rewrite on negatives sharing < 5% of 8-grams {suspect['rewrite']}/{n} "
          f"({100.0 * suspect['rewrite'] / max(1, n):.2f}%); all derived calls sharing < 5%: "
          f"{sum(suspect.values())}/{n}")


if __name__ == "__main__":
    main()
