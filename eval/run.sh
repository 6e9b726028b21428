#!/usr/bin/env bash
# The evaluation: every figure of docs/evaluation.md, from the development data in ../shared.
#  1. the derivation benchmarks dev and dev2 (../shared/eval), built with two damage seeds:
#     F1, recall per style, negatives taken for copies, the change report;
#  2. each dev2 and dev pair given alone: the same relation as in the full corpus?
#  3. the external labelled corpora (development parts) and Clough-Stevenson;
#  4. the rewrite model re-fitted (eval/fit_model.py) with leave-one-style-out and
#     leave-one-corpus-out cross-validation. FIT=write also rewrites src/relate/model.h.
# Usage: eval/run.sh            (SHARED=../shared, EVAL_OUT=/tmp/retrace-eval)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
OUT=${EVAL_OUT:-/tmp/retrace-eval}
X=$SHARED/corpora/external
mkdir -p "$OUT"
[ -x build/retrace ] || bash scripts/build.sh -DRETRACE_TESTS=OFF
detect() { build/retrace detect "$@" --quiet 2>/dev/null; }

FIT_ARGS=()
for set in dev dev2; do
  for seed in 0 1; do
    d=$OUT/${set}_s$seed
    python3 "$SHARED/eval/build.py" --bbc "$SHARED/corpora/bbc/bbc.jsonl" --set "$SHARED/eval/$set" --out "$d" \
      --seed $seed >/dev/null 2>&1
    detect "$d/corpus.jsonl" --out "$d/relations.jsonl" --features "$d/features.jsonl"
    FIT_ARGS+=(--set "$set=$d/labels.json,$d/features.jsonl")
  done
  echo "== derivation benchmark $set (damage seed 0)"
  python3 "$SHARED/eval/score.py" --labels "$OUT/${set}_s0/labels.json" --pred "$OUT/${set}_s0/relations.jsonl" |
    grep -v '^  dev'
  echo "   damage seed 1: $(python3 "$SHARED/eval/score.py" --labels "$OUT/${set}_s1/labels.json" \
    --pred "$OUT/${set}_s1/relations.jsonl" | tail -1)"
  if [ -f eval/changes.py ]; then
    echo "== change report $set (seed 0)"
    python3 eval/changes.py --labels "$OUT/${set}_s0/labels.json" --pred "$OUT/${set}_s0/relations.jsonl" | tail -6
  fi
  echo "== $set pairs given alone"
  python3 eval/alone.py --retrace build/retrace --corpus "$OUT/${set}_s0/corpus.jsonl" \
    --labels "$OUT/${set}_s0/labels.json" --pred "$OUT/${set}_s0/relations.jsonl"
done

for c in counter basil ecbplus webis-cpc-11-sample pan13-no-obfuscation; do
  echo "== external: $c"
  detect "$X/$c/corpus.jsonl" --same-story --out "$OUT/$c.jsonl" --features "$OUT/$c.features.jsonl"
  python3 "$SHARED/eval/score_pairs.py" --labels "$X/$c/labels.json" --pred "$OUT/$c.jsonl" --name retrace | tail -12
  case $c in
    basil|ecbplus)
      python3 eval/shared_text.py --corpus "$X/$c/corpus.jsonl" --labels "$X/$c/labels.json" --pred "$OUT/$c.jsonl"
      # Same-event negatives sharing text may be real wire copy: left out of the fit.
      FIT_ARGS+=(--set "$c=$X/$c/labels.json,$OUT/$c.features.jsonl,$X/$c/corpus.jsonl") ;;
  esac
done

echo "== Clough-Stevenson"
detect "$SHARED/corpora/clough-stevenson" --out "$OUT/clough.jsonl" --features "$OUT/clough.features.jsonl"
python3 eval/clough.py --corpus "$SHARED/corpora/clough-stevenson" --pred "$OUT/clough.jsonl"
FIT_ARGS+=(--clough "$SHARED/corpora/clough-stevenson,$OUT/clough.features.jsonl")

echo "== short texts taken whole (MSRP fit; Webis-CPC not fitted on)"
cmake --build build --target retrace_pairsim >/dev/null
python3 - "$X/webis-cpc-11-sample" "$OUT/webis-pairs.tsv" <<'PY'
import json, sys
d, out = sys.argv[1], sys.argv[2]
text = {}
for line in open(d + "/corpus.jsonl", encoding="utf-8"):
    r = json.loads(line)
    text[r["id"]] = " ".join(r["text"].split())
with open(out, "w", encoding="utf-8") as f:
    f.write("Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n")
    for s, c, level in json.load(open(d + "/labels.json"))["pair_levels"]:
        f.write(f"{int(level == 'paraphrase')}\t{s}\t{c}\t{text[s]}\t{text[c]}\n")
PY
for p in train test; do build/bench/retrace_pairsim "$SHARED/corpora/msrp/msr_paraphrase_$p.txt" >"$OUT/msrp-$p.tsv"; done
build/bench/retrace_pairsim "$OUT/webis-pairs.tsv" >"$OUT/webis-pairs.features.tsv"
python3 eval/fit_model.py --passages "$OUT/msrp-train.tsv,$OUT/msrp-test.tsv,$OUT/webis-pairs.features.tsv"

echo "== rewrite model: fit and cross-validation"
# Webis-CPC (passages of one to three sentences) and PAN13 (verbatim passages, decided by the
# surface stage) are scored above but not fitted on; see docs/rewrites.md.
if [ "${FIT:-}" = write ]; then FIT_ARGS+=(--write src/relate/model.h); fi
python3 eval/fit_model.py "${FIT_ARGS[@]}"
