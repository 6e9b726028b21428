#!/usr/bin/env python3
"""Fits the rewrite decision (relate/relate.cpp, rewrite_score) on labeled pairs, and reports
how well it generalises by leave-one-article-out cross-validation.

Input: one or more (labels.json, features.jsonl) pairs from `retrace detect --features` on an
eval set built by ../shared/eval/build.py. Each labeled pair is a derived rewrite (1) or an
independent report of the same story (0). The model is a logistic regression over the
sentence-alignment features; weights are printed for relate.cpp.
Usage: fit_rewrite.py --labels L --features F [--labels L2 --features F2 ...]
"""
import argparse, json, math

FEATURES = ["frac_a", "frac_b", "order", "lis", "path", "char_sim"]


def load(labels, features):
    L = json.load(open(labels))
    lab = {}
    for s, c in L["derived"]:
        lab[frozenset((s, c))] = (1, s)
    for s, c in L["independent"]:
        lab[frozenset((s, c))] = (0, s)
    rows = []
    seen = set()
    for line in open(features):
        f = json.loads(line)
        k = frozenset((f["a"], f["b"]))
        if k in lab and k not in seen:
            seen.add(k)
            y, story = lab[k]
            rows.append(([f[n] for n in FEATURES], y, story, f.get("surface", 0), f["relation"]))
    missing = [k for k in lab if k not in seen]
    return rows, missing


def fit(X, Y, l2=0.01, iters=3000, lr=0.5):
    """Logistic regression on standardised features; returns weights for the raw features."""
    n = len(X[0])
    mu = [sum(x[i] for x in X) / len(X) for i in range(n)]
    sd = [max(1e-6, (sum((x[i] - mu[i]) ** 2 for x in X) / len(X)) ** 0.5) for i in range(n)]
    Z = [[(x[i] - mu[i]) / sd[i] for i in range(n)] for x in X]
    w = _fit(Z, Y, l2, iters, lr)
    raw = [w[i] / sd[i] for i in range(n)]
    return raw + [w[-1] - sum(w[i] * mu[i] / sd[i] for i in range(n))]


def _fit(X, Y, l2, iters, lr):
    w = [0.0] * (len(X[0]) + 1)
    for _ in range(iters):
        g = [0.0] * len(w)
        for x, y in zip(X, Y):
            z = w[-1] + sum(wi * xi for wi, xi in zip(w, x))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            for i, xi in enumerate(x):
                g[i] += (p - y) * xi
            g[-1] += p - y
        for i in range(len(w)):
            w[i] -= lr * (g[i] / len(X) + (l2 * w[i] if i < len(w) - 1 else 0))
    return w


def prob(w, x):
    z = w[-1] + sum(wi * xi for wi, xi in zip(w, x))
    return 1 / (1 + math.exp(-z))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", action="append", required=True)
    ap.add_argument("--features", action="append", required=True)
    ap.add_argument("--threshold", type=float, default=0.55, help="the decision threshold of relate.cpp")
    a = ap.parse_args()
    rows = []
    for l, f in zip(a.labels, a.features):
        r, missing = load(l, f)
        rows += r
        for k in missing:
            print("not a candidate pair (not scored by the model):", sorted(k))
    X = [r[0] for r in rows]
    Y = [r[1] for r in rows]
    w = fit(X, Y)
    print("weights:", ", ".join(f"{n} {wi:+.3f}" for n, wi in zip(FEATURES, w)), f"bias {w[-1]:+.3f}")
    # leave-one-article-out: both pairs of a story held out together
    stories = sorted({r[2] for r in rows})
    errors, margins = 0, []
    for s in stories:
        train = [i for i, r in enumerate(rows) if r[2] != s]
        test = [i for i, r in enumerate(rows) if r[2] == s]
        wi = fit([X[i] for i in train], [Y[i] for i in train])
        for i in test:
            p = prob(wi, X[i])
            errors += (p >= a.threshold) != (Y[i] == 1)
            margins.append((p, Y[i], rows[i][2]))
    lo_rw = min(p for p, y, _ in margins if y == 1)
    hi_ind = max(p for p, y, _ in margins if y == 0)
    print(f"leave-one-article-out: {errors} errors in {len(rows)} pairs ({len(stories)} articles) at threshold "
          f"{a.threshold}; lowest held-out rewrite {lo_rw:.3f}, highest held-out independent report {hi_ind:.3f}")
    for p, y, s in sorted(margins):
        print(f"  p={p:.3f} {'rewrite' if y else 'independent'} {s}")


if __name__ == "__main__":
    main()
