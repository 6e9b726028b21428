#!/usr/bin/env bash
# bench/python.sh — the Python module (docs/python.md) against the CLI: memory of a streamed
# corpus, and the overhead of Python on the BBC corpus.
#
#   bash bench/python.sh [N]        (default N=100000; run scripts/python.sh first)
#
# 1. Streaming: bench/gen_corpus.py's generator (BBC sentences reassembled and varied, with
#    planted copies) yields N articles one at a time into retrace.detect (bench/python_stream.py
#    stream); the same N articles written to a file (gen_corpus.py --n N --seed 1, cached in
#    $BENCH_DIR/nN as bench/scale.sh caches it) go through `retrace detect`. Also: the generator
#    alone (what the stream costs before retrace), and retrace.detect on a Python list of the
#    N articles. Wall time and peak RSS (/usr/bin/time) of each, and whether the relations are
#    the CLI's (sha1 of the sorted JSON lines).
# 2. Overhead: `retrace detect bbc.jsonl` against `retrace.detect(retrace.read(bbc.jsonl))` in a
#    fresh interpreter (start, import, reading and conversion included), RUNS runs each,
#    alternating, in one session; medians.
#
# Environment: THREADS (default 2), RUNS (default 3), BENCH_DIR (default /tmp/retrace-bench),
# RETRACE (default build/retrace), PYTHON (default .venv/bin/python), BBC (default
# ../shared/corpora/bbc/bbc.jsonl), SKIP_STREAM=1 to run only part 2.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
N=${1:-100000}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/retrace-bench}
RETRACE=${RETRACE:-$ROOT/build/retrace}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
BBC=${BBC:-$ROOT/../shared/corpora/bbc/bbc.jsonl}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench/python.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
"$PYTHON" -c 'import retrace' || { echo "bench/python.sh: run scripts/python.sh first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs a command under /usr/bin/time; prints "WALL_SECONDS PEAK_MB CPU_SECONDS" (user + sys) and
# leaves its stdout in $tmp/out.
measure() {
  "$TIME" -f '%e %M %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  awk '{printf "%s %.0f %.2f\n", $1, $2 / 1024, $3 + $4}' "$tmp/time"
}
field() { "$PYTHON" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read())[sys.argv[2]])' "$tmp/out" "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "$("$RETRACE" --version 2>&1 | head -n 1), commit $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, threads $THREADS, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${SKIP_STREAM:-0}" != 1 ]; then
  corpus=$BENCH_DIR/n$N/corpus.jsonl
  if [ ! -f "$corpus" ]; then
    echo "generating $corpus ..."
    python3 "$HERE/gen_corpus.py" --n "$N" --seed 1 --out "$BENCH_DIR/n$N" --quiet
  fi
  echo
  echo "## $N generated articles ($(du -m "$corpus" | cut -f1) MB of JSON Lines)"
  echo
  echo "| run | wall s | peak RSS MB | relations | same as CLI |"
  echo "|---|---|---|---|---|"
  read -r w m _ < <(measure "$RETRACE" detect "$corpus" --threads "$THREADS" --quiet --out "$tmp/cli.jsonl")
  cli_sha=$(LC_ALL=C sort "$tmp/cli.jsonl" | sha1sum | cut -d' ' -f1)
  echo "| \`retrace detect\` of the file | $w | $m | $(wc -l <"$tmp/cli.jsonl") | - |"
  read -r w m _ < <(measure "$PYTHON" "$HERE/python_stream.py" generate --n "$N")
  echo "| the generator alone (no retrace) | $w | $m | - | - |"
  for mode in stream list; do
    read -r w m _ < <(measure "$PYTHON" "$HERE/python_stream.py" "$mode" --n "$N" --threads "$THREADS")
    same=no
    [ "$(field sha1)" = "$cli_sha" ] && same=yes
    label="retrace.detect(generator)"
    [ "$mode" = list ] && label="retrace.detect(list(generator))"
    echo "| \`$label\` | $w | $m | $(field relations) | $same |"
  done
fi

if [ -f "$BBC" ]; then
  echo
  echo "## Overhead on the BBC corpus ($(wc -l <"$BBC") articles), $RUNS runs each, alternating"
  echo
  cw=() cm=() cc=() pw=() pm=() pc=()
  for _ in $(seq "$RUNS"); do
    read -r w m c < <(measure "$RETRACE" detect "$BBC" --threads "$THREADS" --quiet --out "$tmp/bbc-cli.jsonl")
    cw+=("$w") cm+=("$m") cc+=("$c")
    read -r w m c < <(measure "$PYTHON" "$HERE/python_stream.py" file "$BBC" --threads "$THREADS")
    pw+=("$w") pm+=("$m") pc+=("$c")
  done
  same=no
  [ "$(field sha1)" = "$(LC_ALL=C sort "$tmp/bbc-cli.jsonl" | sha1sum | cut -d' ' -f1)" ] && same=yes
  c=$(median "${cw[@]}") p=$(median "${pw[@]}") c2=$(median "${cc[@]}") p2=$(median "${pc[@]}")
  echo "| run | wall s (runs) | median wall s | median CPU s | median peak RSS MB |"
  echo "|---|---|---|---|---|"
  echo "| \`retrace detect bbc.jsonl\` | ${cw[*]} | $c | $c2 | $(median "${cm[@]}") |"
  echo "| \`retrace.detect(retrace.read(bbc.jsonl))\` | ${pw[*]} | $p | $p2 | $(median "${pm[@]}") |"
  echo
  pct() { awk -v c="$1" -v p="$2" 'BEGIN {printf "%+.1f%%", 100 * (p - c) / c}'; }
  echo "Python over the CLI: wall $(pct "$c" "$p"), CPU $(pct "$c2" "$p2") (same relations: $same)"
else
  echo "bench/python.sh: $BBC is missing: no overhead figures" >&2
fi
