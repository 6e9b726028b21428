#!/usr/bin/env python3
"""Lists, per labeled rewrite of an eval set, the planted changes retrace missed and the
same-value numbers it flagged, to study the audit stage.
Usage: changes_debug.py --labels labels.json --pred relations.jsonl"""
import argparse, json, re

ap = argparse.ArgumentParser()
ap.add_argument("--labels", required=True)
ap.add_argument("--pred", required=True)
a = ap.parse_args()
L = json.load(open(a.labels))
truth = {tuple(x) for x in L["derived"]}


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def match(p, t):
    a, b = norm(p), norm(t)
    return bool(a and b and (a in b or b in a))


for line in open(a.pred):
    r = json.loads(line)
    if (r["source"], r["copy"]) not in truth:
        continue
    gt = L["changes"].get(r["copy"], {})
    ch = r["changes"]
    out = []
    for n in gt.get("number_rewrites", []):
        for p in ch:
            if p["kind"] == "changed_number" and match(p["copy_text"], n["copy"]):
                out.append(f"  NUMBER FALSE ALARM {n} -> flagged '{p['copy_text']}' vs '{p['source_text']}' ({p.get('detail')})")
    for q in gt.get("altered_quotes", []):
        if not any(p["kind"] == "altered_quote" and match(p["copy_text"], q["copy"]) for p in ch):
            out.append(f"  MISSED QUOTE: {q['source'][:90]}\n            => {q['copy'][:90]}")
    for q in gt.get("changed_facts", []):
        if not any(p["kind"] in ("changed_claim", "changed_number") and match(p["copy_text"], q["copy"]) for p in ch):
            out.append(f"  MISSED {q['kind'].upper()}: {q['source'][:90]}\n            => {q['copy'][:90]}")
    for q in gt.get("added_sentences", []):
        if not any(p["kind"] == "added" and match(p["copy_text"], q) for p in ch):
            out.append(f"  MISSED ADDED: {q[:100]}")
    if out:
        print(r["copy"], r["source"], r["relation"])
        print("\n".join(out))
