#!/usr/bin/env bash
# Times `retrace detect` on the BBC corpus: 5 runs, prints each run's summary time line and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
BBC=${BBC:-../shared/corpora/bbc/bbc.jsonl}
for i in 1 2 3 4 5; do
  build/retrace detect "$BBC" --out /tmp/retrace-bbc.jsonl 2>&1 | grep '^time:'
done | tee /dev/stderr | sed -E 's/time: ([0-9.]+) s wall.*peak memory ([0-9.]+) MB/\1 \2/' | sort -n |
  awk '{t[NR]=$1; m[NR]=$2} END {print "median wall " t[3] " s, peak memory " m[3] " MB (5 runs)"}'
