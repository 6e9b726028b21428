#!/usr/bin/env python3
"""Fits the rewrite model (src/relate/model.h) on every development set, and checks how it
generalises by cross-validation that leaves out a whole derivation style and a whole corpus.

Each --set is NAME=LABELS,FEATURES: a labels.json (keys `derived` and `independent`, as
../shared/eval/build.py and the external corpora write them; a manifest set's `cases` give the
derivation style of each case) and the `retrace detect --features` output of that corpus.
--clough DIR,FEATURES adds the Clough-Stevenson answers (cut/light/heavy derived, non not).
The rows are the labelled pairs the rewrite model decides: candidates that no surface relation
(duplicate, reprint, excerpt) took, with enough sentences to judge (as relate.cpp gates them).
Every corpus weighs the same in the fit, whatever its number of pairs.

Prints the fitted weights, then for each fold (one style of a manifest set with its negatives;
one whole corpus) the held-out pairs' errors, and pooled figures. With --write FILE it writes
the model header.
Usage: fit_model.py --set dev=L,F --set dev2=L,F ... [--clough DIR,F] [--write src/relate/model.h]
"""
import argparse
import csv
import datetime
import json
import math
import os
import re

FEATURES = ["log_pairs", "mean_sim", "local_order", "novel_general", "region_frac", "strong_a", "lis"]
SURFACE = {"duplicate", "reprint", "excerpt"}
# A rewrite retells its source: its derived region carries at least this share of the source's
# content sentences (a summary covers 35-60% of its source; a follow-up that repeats two
# background sentences of a twenty-sentence story does not retell it). Pairs below are not
# rewrites (relate.cpp) and are not fitted on.
MIN_SOURCE_COVER = 0.3
L2 = 0.02
THRESHOLD = 0.5


def word_grams(text, n=8):
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def shared_text(corpus_path):
    """For a corpus of same-event reports: a function telling the share of the shorter text's
    word 8-grams two documents share. Such corpora hold some real syndicated copies; a negative
    that shares text (5% or more) is not a sure negative and is left out of the fit."""
    grams = {}
    for line in open(corpus_path, encoding="utf-8"):
        d = json.loads(line)
        grams[d["id"]] = word_grams(d["text"])

    def share(a, b):
        ga, gb = grams.get(a, set()), grams.get(b, set())
        m = min(len(ga), len(gb))
        return len(ga & gb) / m if m else 0.0
    return share


def load_set(name, labels_path, features_path, corpus_path=None):
    L = json.load(open(labels_path))
    group = {}
    for case in L.get("cases", []):
        for key in ("copy_id", "negative_id"):
            if case.get(key):
                group[case[key]] = case.get("style", name)
    lab = {}
    for y, pairs in ((1, L["derived"]), (0, L["independent"])):
        for s, c in pairs:
            lab[frozenset((s, c))] = (y, group.get(c) or group.get(s) or name)
    rows = rows_from(name, lab, features_path)
    if corpus_path:
        share = shared_text(corpus_path)
        kept = [r for r in rows if r["y"] == 1 or share(*r["pair"]) < 0.05]
        print(f"{name}: {len(rows) - len(kept)} negatives sharing 5% or more of their word 8-grams left out")
        rows = kept
    return rows


def load_clough(corpus_dir, features_path):
    lab = {}
    with open(os.path.join(corpus_dir, "file_information.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Category"] == "orig":
                continue
            answer = row["File"].rsplit(".", 1)[0]
            lab[frozenset(("orig_task" + row["Task"], answer))] = (int(row["Category"] != "non"), "clough")
    return rows_from("clough", lab, features_path)


def rows_from(corpus, lab, features_path):
    rows, seen = [], set()
    for line in open(features_path):
        f = json.loads(line)
        k = frozenset((f["a"], f["b"]))
        if k not in lab or k in seen:
            continue
        seen.add(k)
        if f["relation"] in SURFACE or f["content_a"] < 3 or f["content_b"] < 3 or f["pairs"] < 3:
            continue
        if f["region_cov_a"] < MIN_SOURCE_COVER:
            continue
        y, group = lab[k]
        rows.append({"x": [f[n] for n in FEATURES], "y": y, "corpus": corpus, "group": group,
                     "cell": corpus, "pair": sorted(k)})
    return rows


def standardise(rows):
    n = len(rows[0]["x"])
    mu = [sum(r["x"][i] for r in rows) / len(rows) for i in range(n)]
    sd = [max(1e-3, (sum((r["x"][i] - mu[i]) ** 2 for r in rows) / len(rows)) ** 0.5) for i in range(n)]
    return mu, sd


def weights_of(rows):
    """Each class weighs the same, and inside a class each corpus the same, whatever its number
    of pairs: 700 ECB+ pairs do not outvote the 70 copies of dev2."""
    cells = {}
    for r in rows:
        cells[(r["y"], r["cell"])] = cells.get((r["y"], r["cell"]), 0) + 1
    per_class = {y: len({c for (yy, c) in cells if yy == y}) for y in (0, 1)}
    return [len(rows) / (2 * per_class[r["y"]] * cells[(r["y"], r["cell"])]) for r in rows]


def solve(A, b):
    """Solves A x = b (A symmetric positive definite, small) by Gaussian elimination."""
    n = len(b)
    M = [row[:] + [bi] for row, bi in zip(A, b)]
    for i in range(n):
        p = max(range(i, n), key=lambda k: abs(M[k][i]))
        M[i], M[p] = M[p], M[i]
        for k in range(i + 1, n):
            f = M[k][i] / M[i][i]
            for j in range(i, n + 1):
                M[k][j] -= f * M[i][j]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (M[i][n] - sum(M[i][j] * x[j] for j in range(i + 1, n))) / M[i][i]
    return x


def fit(rows, iters=25):
    """Weighted L2 logistic regression on standardised features, by Newton's method:
    (mean, scale, weights, bias)."""
    mu, sd = standardise(rows)
    wt = weights_of(rows)
    Z = [[(x - m) / s for x, m, s in zip(r["x"], mu, sd)] + [1.0] for r in rows]
    Y = [r["y"] for r in rows]
    n = len(rows[0]["x"]) + 1
    total = sum(wt)
    beta = [0.0] * n
    for _ in range(iters):
        g = [0.0] * n
        H = [[0.0] * n for _ in range(n)]
        for z, y, v in zip(Z, Y, wt):
            p = 1 / (1 + math.exp(-max(-30, min(30, sum(a * c for a, c in zip(beta, z))))))
            d = (p - y) * v / total
            h = p * (1 - p) * v / total
            for i in range(n):
                g[i] += d * z[i]
                hz = h * z[i]
                Hi = H[i]
                for j in range(i, n):
                    Hi[j] += hz * z[j]
        for i in range(n):
            for j in range(i):
                H[i][j] = H[j][i]
        for i in range(n - 1):  # no penalty on the bias
            g[i] += L2 * beta[i]
            H[i][i] += L2
        step = solve(H, g)
        beta = [b - s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return mu, sd, beta[:-1], beta[-1]


def prob(model, x):
    mu, sd, w, b = model
    z = b + sum(wi * (xi - m) / s for wi, xi, m, s in zip(w, x, mu, sd))
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def figures(results):
    tp = sum(1 for p, y in results if y and p >= THRESHOLD)
    fp = sum(1 for p, y in results if not y and p >= THRESHOLD)
    fn = sum(1 for p, y in results if y and p < THRESHOLD)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return tp, fp, fn, f1


def cross_validate(rows, key, folds=lambda g: True):
    """Holds out the rows of each value g of `key` (for which folds(g)) in turn, fits on the
    rest, and prints the held-out figures per fold and pooled."""
    pooled = []
    for g in sorted({r[key] for r in rows if folds(r[key])}):
        train = [r for r in rows if r[key] != g]
        test = [r for r in rows if r[key] == g]
        if not train or len({r["y"] for r in train}) < 2:
            continue
        m = fit(train)
        res = [(prob(m, r["x"]), r["y"]) for r in test]
        pooled += res
        tp, fp, fn, f1 = figures(res)
        pos = sum(r["y"] for r in test)
        print(f"  {g:22s} derived {tp}/{pos} found, {fp}/{len(test) - pos} not-derived flagged, F1 {f1:.3f}")
    tp, fp, fn, f1 = figures(pooled)
    print(f"  pooled: found {tp}/{tp + fn}, flagged {fp}, F1 {f1:.3f}")
    return f1


def write_header(path, model, rows):
    mu, sd, w, b = model
    lo = [min(r["x"][i] for r in rows) for i in range(len(FEATURES))]
    hi = [max(r["x"][i] for r in rows) for i in range(len(FEATURES))]
    corpora = sorted({r["corpus"] for r in rows})
    lines = [
        "// relate/model.h — the rewrite model: which alignment features decide a rewrite, their weights",
        "// and the threshold. GENERATED by eval/fit_model.py (bash eval/run.sh); do not edit by hand.",
        "// A logistic model: p = 1 / (1 + exp(-(bias + sum weight * (x - mean) / scale))), each x first",
        "// clamped to [lo, hi], the range seen in the fit (no extrapolation to unseen kinds of text).",
        f"// Fitted on {len(rows)} labelled pairs ({sum(r['y'] for r in rows)} derived) of: {', '.join(corpora)}.",
        "#pragma once",
        "",
        "namespace retrace::model {",
        "",
        "struct FeatureWeight {",
        "  const char* feature;  // an alignment_features() name",
        "  float mean, scale, weight, lo, hi;",
        "};",
        "",
        "inline constexpr FeatureWeight kRewriteWeights[] = {",
    ]
    for n, m, s, wi, a, z in zip(FEATURES, mu, sd, w, lo, hi):
        lines.append(f'    {{"{n}", {m:.5f}f, {s:.5f}f, {wi:.5f}f, {a:.5f}f, {z:.5f}f}},')
    lines += [
        "};",
        f"inline constexpr float kRewriteBias = {b:.5f}f;",
        f"inline constexpr float kRewriteThreshold = {THRESHOLD}f;",
        "// A rewrite's derived region carries at least this share of the source's content sentences.",
        f"inline constexpr float kMinSourceCover = {MIN_SOURCE_COVER}f;",
        f'inline constexpr const char* kRewriteProvenance = "eval/fit_model.py {datetime.date.today()}: '
        f'{len(rows)} pairs of {"+".join(corpora)}";',
        "",
        "}  // namespace retrace::model",
        "",
    ]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)
    print("wrote", path)


PASSAGE_FEATURES = ["passage_cos", "passage_dice", "novel_general", "novel_specific", "kept_specific"]


def passage_rows(path, corpus):
    """The short-text pairs of a bench/retrace_pairsim output (label, then alignment features):
    both texts of at most four content sentences, with evidence outside quotes on both sides."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            x = [float(r[n]) for n in PASSAGE_FEATURES]
            if x[0] == 0 and x[1] == 0:
                continue
            rows.append({"x": x, "y": int(r["label"]), "corpus": corpus, "cell": corpus, "group": corpus})
    return rows


def short_passages(train_path, test_path, webis_path):
    """Short texts judged whole: a model fitted on the MSRP training pairs, its trade-off on the
    MSRP test pairs (non-paraphrases are same-story sentence pairs from different outlets) and
    on the Webis-CPC accepted paraphrases (287 labelled, some longer than four sentences)."""
    train, test, webis = passage_rows(train_path, "msrp"), passage_rows(test_path, "msrp"), passage_rows(webis_path, "webis")
    m = fit(train)
    print("passage model:", ", ".join(f"{n} {wi:+.3f}" for n, wi in zip(PASSAGE_FEATURES, m[2])), f"bias {m[3]:+.3f}")
    neg = [r for r in test if not r["y"]]
    pos = [r for r in test if r["y"]]
    para = [r for r in webis if r["y"]]
    for t in (0.5, 0.6, 0.7, 0.8):
        flagged = sum(prob(m, r["x"]) >= t for r in neg)
        found = sum(prob(m, r["x"]) >= t for r in pos)
        wfound = sum(prob(m, r["x"]) >= t for r in para)
        print(f"  threshold {t}: MSRP non-paraphrases flagged {flagged}/{len(neg)} ({flagged / len(neg):.0%}), "
              f"paraphrases found {found}/{len(pos)} ({found / len(pos):.0%}); Webis-CPC paraphrases found {wfound}/287")

    def median(rows, i):
        v = sorted(r["x"][i] for r in rows)
        return v[len(v) // 2]
    print(f"  median passage_cos: MSRP non-paraphrase {median(neg, 0):.2f}, MSRP paraphrase {median(pos, 0):.2f}, "
          f"Webis-CPC paraphrase {median(para, 0):.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", help="MSRP_TRAIN,MSRP_TEST,WEBIS: retrace_pairsim outputs; prints the short-text trade-off")
    ap.add_argument("--set", action="append", default=[], help="NAME=LABELS,FEATURES[,CORPUS]: with CORPUS, negatives sharing text are left out")
    ap.add_argument("--clough", help="DIR,FEATURES")
    ap.add_argument("--write", help="write the model header here")
    a = ap.parse_args()
    if a.passages:
        short_passages(*a.passages.split(","))
        if not a.set:
            return
    rows = []
    for s in a.set:
        name, paths = s.split("=", 1)
        rows += load_set(name, *paths.split(","))
    if a.clough:
        d, feats = a.clough.split(",")
        rows += load_clough(d, feats)
    for c in sorted({r["corpus"] for r in rows}):
        sub = [r for r in rows if r["corpus"] == c]
        print(f"rows {c}: {len(sub)} ({sum(r['y'] for r in sub)} derived)")
    model = fit(rows)
    print("weights:", ", ".join(f"{n} {wi:+.3f}" for n, wi in zip(FEATURES, model[2])), f"bias {model[3]:+.3f}")
    tp, fp, fn, f1 = figures([(prob(model, r["x"]), r["y"]) for r in rows])
    print(f"fit on all: found {tp}/{tp + fn}, flagged {fp}, F1 {f1:.3f}")
    styled = [r for r in rows if r["group"] != r["corpus"]]
    if styled:
        # Styles: each fold holds out one style's cases (copies and their negatives) of the
        # manifest sets; the other corpora always train.
        for r in rows:
            r["style"] = r["group"] if r["group"] != r["corpus"] else "(" + r["corpus"] + ")"
        print("== leave-one-style-out: folds are the styles of the manifest sets")
        cross_validate(rows, "style", folds=lambda g: not g.startswith("("))
    print(f"== leave-one-corpus-out (threshold {THRESHOLD})")
    cross_validate(rows, "corpus")
    if a.write:
        write_header(a.write, model, rows)


if __name__ == "__main__":
    main()
