#!/usr/bin/env bash
# bench/index.sh — the persistent index on a generated corpus with planted copies:
#
#   bench/index.sh [SIZE]        (default 100000; corpus cached in $BENCH_DIR/n<SIZE>, as scale.sh)
#
# The corpus is split into its first SIZE-10000 articles (the archive) and its last 10,000 (a
# day's new articles, many of them copies of archive articles). Measured, each step timed with
# /usr/bin/time (wall seconds, peak memory):
#   create   retrace index create --train CORPUS (the model of the whole corpus)
#   archive  retrace index add of the archive
#   query    build/bench/retrace_index_bench: 1,000 of the new articles queried one by one
#            (latency percentiles, ms; peak memory of the query process)
#   add      retrace index add of the 10,000 new articles
#   detect   retrace detect of the whole corpus (what the add saves)
# and the index's size on disk per article. Prints one line per step.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
BENCH_DIR=${BENCH_DIR:-/tmp/retrace-bench}
RETRACE=${RETRACE:-build/retrace}
QBENCH=${QBENCH:-build/bench/retrace_index_bench}
d=$BENCH_DIR/n$N
mkdir -p "$d"
if [ ! -s "$d/corpus.jsonl" ]; then
  python3 bench/gen_corpus.py --n "$N" --seed 1 --out "$d" --quiet
fi
head -n $((N - 10000)) "$d/corpus.jsonl" > "$d/archive.jsonl"
tail -n 10000 "$d/corpus.jsonl" > "$d/new.jsonl"
ix=$d/index
rm -rf "$ix"
timed() {  # timed NAME CMD...: runs CMD, prints NAME wall_s peak_mb
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$d/$name.time" "$@" >"$d/$name.out" 2>"$d/$name.err"
  read -r wall kb < "$d/$name.time"
  printf '%-8s wall_s %8.2f  peak_mb %8.1f\n' "$name" "$wall" "$(awk "BEGIN{print $kb/1024}")"
}
timed create "$RETRACE" index create "$ix" --train "$d/corpus.jsonl"
timed archive "$RETRACE" index add "$ix" "$d/archive.jsonl"
printf '%-8s %s\n' query "$("$QBENCH" "$ix" "$d/new.jsonl" --limit 1000)"
timed add "$RETRACE" index add "$ix" "$d/new.jsonl"
timed detect "$RETRACE" detect "$d/corpus.jsonl" --out "$d/detect.jsonl" --quiet
bytes=$(du -sb "$ix" | cut -f1)
printf '%-8s %d bytes, %.0f bytes per article\n' disk "$bytes" "$(awk "BEGIN{print $bytes/$N}")"
