#!/usr/bin/env python3
"""Prints relations as a person reads them: one block per relation, with its changes.
Usage: show.py relations.jsonl corpus.jsonl"""
import json, sys

rels = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
titles = {}
for line in open(sys.argv[2], encoding="utf-8"):
    try:
        d = json.loads(line)
        titles[str(d["id"])] = (d.get("title") or d["text"][:60]).strip()
    except (ValueError, KeyError):
        pass
for r in rels:
    print(f"{r['relation']:<10} {r['score']:.2f}  {r['copy']} <- {r['source']}  ({r['direction']})")
    print(f"           copy:   {titles.get(r['copy'], '')}")
    print(f"           source: {titles.get(r['source'], '')}")
    for c in r["changes"]:
        if c["kind"] == "dropped":
            continue
        text = " ".join(c["copy_text"].split())[:110]
        src = " ".join(c["source_text"].split())[:110]
        print(f"           - {c['kind']}: {text}" + (f"\n               was: {src}" if src else ""))
print(f"{len(rels)} relations")
