#!/usr/bin/env python3
"""Prints the evidence features retrace computed for every labeled pair of an eval set
(derived rewrites vs independent reports), to study and calibrate the rewrite decision.
Usage: features.py --labels labels.json --features features.jsonl"""
import argparse, json

ap = argparse.ArgumentParser()
ap.add_argument("--labels", required=True)
ap.add_argument("--features", required=True)
a = ap.parse_args()
L = json.load(open(a.labels))
lab = {}
for s, c in L["derived"]:
    lab[frozenset((s, c))] = "DER"
for s, c in L["independent"]:
    lab[frozenset((s, c))] = "IND"
rows = []
for line in open(a.features):
    f = json.loads(line)
    t = lab.get(frozenset((f["a"], f["b"])))
    if t:
        rows.append((t, f))
keys = ["rewrite_score", "frac_a", "frac_b", "mean_sim", "order", "path", "content_a", "content_b"]
print("label relation " + " ".join(keys))
for t, f in sorted(rows, key=lambda x: (x[0], x[1]["rewrite_score"])):
    print(t, f["relation"], " ".join(f"{f[k]:.2f}" if isinstance(f[k], float) else str(f[k]) for k in keys), f["a"], f["b"])
found = {frozenset((f["a"], f["b"])) for _, f in rows}
for k, t in lab.items():
    if k not in found:
        print(t, "not a candidate", *k)
