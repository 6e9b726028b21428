#!/usr/bin/env python3
"""Checks that a pair's verdict does not depend on the corpus around it: every labelled pair of
a set (derived copies and negatives) is given to `retrace detect` alone, source and copy in one
file, and its relation is compared with the relation the pair got inside the full corpus.
Prints the pairs whose relation differs and a summary line.
Usage: alone.py --retrace build/retrace --corpus corpus.jsonl --labels labels.json --pred relations.jsonl
"""
import argparse
import json
import os
import subprocess
import tempfile


def relation_of(path, a, b):
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if {r["source"], r["copy"]} == {a, b}:
            return r["relation"]
    return "none"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--retrace", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--pred", required=True)
    a = ap.parse_args()
    L = json.load(open(a.labels))
    pairs = [tuple(p) for p in L["derived"]] + [tuple(p) for p in L["independent"]]
    want = {x for p in pairs for x in p}
    docs = {}
    for line in open(a.corpus, encoding="utf-8"):
        d = json.loads(line)
        if d["id"] in want:
            docs[d["id"]] = line
    same = 0
    with tempfile.TemporaryDirectory() as tmp:
        for s, c in pairs:
            inp, out = os.path.join(tmp, "pair.jsonl"), os.path.join(tmp, "rel.jsonl")
            with open(inp, "w", encoding="utf-8") as f:
                f.write(docs[s] + docs[c])
            subprocess.run([a.retrace, "detect", inp, "--out", out, "--quiet"], check=True,
                           stderr=subprocess.DEVNULL)
            alone, full = relation_of(out, s, c), relation_of(a.pred, s, c)
            if alone == full:
                same += 1
            else:
                print(f"  {s} -> {c}: alone {alone}, in the corpus {full}")
    print(f"pairs given alone: {same}/{len(pairs)} get the relation they get in the full corpus")


if __name__ == "__main__":
    main()
