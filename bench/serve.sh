#!/usr/bin/env bash
# bench/serve.sh — `retrace serve` under query load on loopback (wrk from Debian):
#
#   bench/serve.sh [SIZE] [RUNS]    (default 100000 articles, 3 runs; corpus as bench/index.sh)
#
# The index holds the corpus' first SIZE-10000 articles (built once, kept in
# $BENCH_DIR/n<SIZE>/serve-index); wrk sends POST /v1/query of the last 10,000 (many of them
# copies of indexed articles), 30 s at 32 connections, RUNS times. Prints wrk's figures per
# run (requests/s, latency percentiles, errors) and the medians. Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
RUNS=${2:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-30}
CONNECTIONS=${CONNECTIONS:-32}
BENCH_DIR=${BENCH_DIR:-/tmp/retrace-bench}
RETRACE=${RETRACE:-build/retrace}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }
d=$BENCH_DIR/n$N
mkdir -p "$d"
if [ ! -s "$d/corpus.jsonl" ]; then
  python3 bench/gen_corpus.py --n "$N" --seed 1 --out "$d" --quiet
fi
ix=$d/serve-index
if [ ! -f "$ix/index.db" ]; then
  head -n $((N - 10000)) "$d/corpus.jsonl" > "$d/serve-archive.jsonl"
  rm -rf "$ix"
  "$RETRACE" index create "$ix" --train "$d/corpus.jsonl" >/dev/null
  "$RETRACE" index add "$ix" "$d/serve-archive.jsonl" >/dev/null
  rm -f "$d/serve-archive.jsonl"
fi
queries=$d/serve-queries.jsonl
tail -n 10000 "$d/corpus.jsonl" | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    print(json.dumps({k: a[k] for k in ("id", "text", "date", "source", "title") if k in a}))
' > "$queries"
log=$d/serve.log
"$RETRACE" serve "$ix" --listen 127.0.0.1:0 --threads $((CONNECTIONS * 2)) --rate 0 --quiet 2> "$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$log" | head -1)
  [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/v1/health" | grep -q '"search_ready":true' && break
  sleep 0.5
done
[ -n "$port" ] || { cat "$log"; exit 1; }
echo "server on port $port, $(curl -s "http://127.0.0.1:$port/v1/health")"
# Warm up (the page cache, the readers), then the measured runs.
RETRACE_QUERIES=$queries wrk -t2 -c"$CONNECTIONS" -d5s -s bench/serve.lua "http://127.0.0.1:$port" >/dev/null
results=$d/serve-results.txt
: > "$results"
for r in $(seq 1 "$RUNS"); do
  out=$(RETRACE_QUERIES=$queries wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 5s --latency \
        -s bench/serve.lua "http://127.0.0.1:$port")
  echo "$out" > "$d/serve-run$r.txt"
  python3 - "$d/serve-run$r.txt" >> "$results" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(s):
    v, u = re.match(r"([\d.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
lat = {p: ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", t, re.M)}
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
reqs = int(re.search(r"(\d+) requests in", t).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", t) or [0, 0])[1])
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
errs = non2xx + (sum(int(x) for x in sock.groups()) if sock else 0)
print(f"{rps:.1f} {lat['50']:.2f} {lat['90']:.2f} {lat['99']:.2f} {errs} {reqs}")
PY
  read -r rps p50 p90 p99 errs reqs < <(tail -1 "$results")
  printf 'run %d: %s req/s, p50 %s ms, p90 %s ms, p99 %s ms, %s errors of %s requests\n' "$r" "$rps" "$p50" "$p90" "$p99" "$errs" "$reqs"
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
m = [statistics.median(c) for c in zip(*rows)]
print(f"median of {len(rows)}: {m[0]:.1f} req/s, p50 {m[1]:.2f} ms, p90 {m[2]:.2f} ms, p99 {m[3]:.2f} ms, "
      f"errors {int(sum(r[4] for r in rows))} in all")
PY
kill -TERM $server
wait $server || true
trap - EXIT
