#!/usr/bin/env python3
"""Lines retrace's relations up with the Clough-Stevenson labels.

Each answer (g*_task?.txt) was written for task ? from the source orig_task?.txt, at one of four
levels: cut (copy-paste), light and heavy revision, non (written without the source). For each
answer, retrace's relation to its own task's source is what is judged: expected cut as
duplicate/reprint/excerpt, light and heavy as any derived relation (rewrite by preference),
non as nothing. Prints a confusion table, miss and false-flag rates, and a summary line.
Usage: clough.py --corpus ../shared/corpora/clough-stevenson --pred relations.jsonl
"""
import argparse, collections, csv, json, os

DERIVED = {"duplicate", "reprint", "excerpt", "rewrite"}
COLS = ["duplicate", "reprint", "excerpt", "rewrite", "same_story", "none"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--pred", required=True)
    a = ap.parse_args()
    labels = {}
    with open(os.path.join(a.corpus, "file_information.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Category"] != "orig":
                labels[row["File"].rsplit(".", 1)[0]] = (row["Task"], row["Category"])
    rel = {}
    for line in open(a.pred, encoding="utf-8"):
        r = json.loads(line)
        for x, y in ((r["source"], r["copy"]), (r["copy"], r["source"])):
            if x.startswith("orig_task") and y in labels and labels[y][0] == x[-1]:
                prev = rel.get(y)
                if prev is None or r["score"] > prev["score"]:
                    rel[y] = r
    table = collections.defaultdict(collections.Counter)
    for doc, (task, cat) in labels.items():
        table[cat][rel[doc]["relation"] if doc in rel else "none"] += 1
    print(f"{'label':<8}" + "".join(f"{c:>11}" for c in COLS) + f"{'total':>8}")
    for cat in ["cut", "light", "heavy", "non"]:
        print(f"{cat:<8}" + "".join(f"{table[cat][c]:>11}" for c in COLS) + f"{sum(table[cat].values()):>8}")
    derived_labels = ["cut", "light", "heavy"]
    n_der = sum(sum(table[c].values()) for c in derived_labels)
    missed = sum(table[c][k] for c in derived_labels for k in ("none", "same_story"))
    n_non = sum(table["non"].values())
    flagged = sum(table["non"][k] for k in DERIVED)
    cut_ok = sum(table["cut"][k] for k in ("duplicate", "reprint", "excerpt"))
    rev_rewrite = sum(table[c]["rewrite"] for c in ("light", "heavy"))
    print(f"derived answers missed: {missed}/{n_der} ({100.0 * missed / max(1, n_der):.1f}%)")
    print(f"non-derived answers flagged as derived: {flagged}/{n_non} ({100.0 * flagged / max(1, n_non):.1f}%)")
    print(f"cut as duplicate/reprint/excerpt: {cut_ok}/{sum(table['cut'].values())}; "
          f"light+heavy as rewrite: {rev_rewrite}/{sum(table['light'].values()) + sum(table['heavy'].values())}")
    print(f"summary: missed {missed}/{n_der} false_flags {flagged}/{n_non}")


if __name__ == "__main__":
    main()
