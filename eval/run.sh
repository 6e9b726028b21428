#!/usr/bin/env bash
# The evaluation: builds the derivation benchmark (../shared/eval) and scores retrace on it,
# checks the rewrite model by leave-one-article-out cross-validation, and lines retrace's
# relations up with the Clough-Stevenson labels. Prints the figures.
# Usage: eval/run.sh [SET]   (SET: a set folder of ../shared/eval, default dev)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SET=${1:-$SHARED/eval/dev}
OUT=${EVAL_OUT:-/tmp/retrace-eval}
mkdir -p "$OUT"
[ -x build/retrace ] || bash scripts/build.sh -DRETRACE_TESTS=OFF

echo "== derivation benchmark: $SET"
python3 "$SHARED/eval/build.py" --bbc "$SHARED/corpora/bbc/bbc.jsonl" --set "$SET" --out "$OUT/set"
build/retrace detect "$OUT/set/corpus.jsonl" --out "$OUT/set/relations.jsonl" --features "$OUT/set/features.jsonl" --quiet
python3 "$SHARED/eval/score.py" --labels "$OUT/set/labels.json" --pred "$OUT/set/relations.jsonl"

echo "== rewrite model, leave-one-article-out on this set, built with four damage seeds"
FIT_ARGS=(--labels "$OUT/set/labels.json" --features "$OUT/set/features.jsonl")
for seed in 1 2 3; do
  python3 "$SHARED/eval/build.py" --bbc "$SHARED/corpora/bbc/bbc.jsonl" --set "$SET" --out "$OUT/set_s$seed" --seed $seed 2>/dev/null
  build/retrace detect "$OUT/set_s$seed/corpus.jsonl" --out "$OUT/set_s$seed/relations.jsonl" \
    --features "$OUT/set_s$seed/features.jsonl" --quiet 2>/dev/null
  echo "seed $seed: $(python3 "$SHARED/eval/score.py" --labels "$OUT/set_s$seed/labels.json" --pred "$OUT/set_s$seed/relations.jsonl" | tail -1)"
  FIT_ARGS+=(--labels "$OUT/set_s$seed/labels.json" --features "$OUT/set_s$seed/features.jsonl")
done
python3 eval/fit_rewrite.py "${FIT_ARGS[@]}" | grep -E "^(weights|leave)"

echo "== Clough-Stevenson"
build/retrace detect "$SHARED/corpora/clough-stevenson" --out "$OUT/clough.jsonl" --quiet 2>/dev/null
python3 eval/clough.py --corpus "$SHARED/corpora/clough-stevenson" --pred "$OUT/clough.jsonl"
