#!/usr/bin/env bash
# bench/scale.sh — retrace against the MinHash + LSH baseline at growing corpus sizes.
#
#   bench/scale.sh [SIZES...]            (default: 10000 100000 1000000)
#
# For each size: generate a corpus with planted copies (bench/gen_corpus.py; cached in
# $BENCH_DIR/n<SIZE>), run `retrace detect` and `minhash_lsh` on it with the same thread
# count, RUNS times each (alternating), measure wall time, CPU time (user + sys) and peak
# memory, score both outputs against the planted copies (bench/recall.py), and print a
# table of the medians. The table is also written to bench/results/scale.tsv (with the
# commit, machine and load of each run in bench/results/scale.meta, and retrace's per-stage
# seconds in bench/results/stages.tsv; rows of sizes not run now are kept) and drawn into docs/scaling.png (bench/plot.gp; gnuplot is
# installed with apt-get if missing and we are root).
#
# Throughput per core = articles / (wall seconds x threads); articles per CPU second =
# articles / (user + sys). "ratio" is retrace's articles per second per core over the
# baseline's, "ratio_cpu" the same for articles per CPU second (steadier on a loaded
# machine).
#
# Environment:
#   BENCH_DIR  corpus cache and run outputs      (default /tmp/retrace-bench)
#   THREADS    --threads for both tools          (default 2)
#   SEED       gen_corpus.py --seed              (default 1)
#   GEN_OPTS   more gen_corpus.py options, e.g. "--vary-rate 0.35" or "--no-vary" (the
#              corpus is then cached in n<SIZE>-<options>)   (default none)
#   RUNS       runs of each tool per size; medians are reported (default 3 below 1M
#              articles, 1 from 1M)
#   RETRACE    the retrace binary                (default build/retrace)
#   RETRACE_MAX  largest size retrace is run on    (default: all sizes; the baseline
#              always runs)
#   MINHASH    the minhash_lsh binary            (default build/bench/minhash_lsh, else
#                                                 build-bench/bench/minhash_lsh)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
BENCH_DIR=${BENCH_DIR:-/tmp/retrace-bench}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
GEN_OPTS=${GEN_OPTS:-}
RUNS=${RUNS:-}
RETRACE=${RETRACE:-$ROOT/build/retrace}
RETRACE_MAX=${RETRACE_MAX:-}
if [[ -z ${MINHASH:-} ]]; then
  MINHASH=$ROOT/build/bench/minhash_lsh
  [[ -x $MINHASH ]] || MINHASH=$ROOT/build-bench/bench/minhash_lsh
fi
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(10000 100000 1000000)
RESULTS=$HERE/results
TSV=$RESULTS/scale.tsv
STAGES=$RESULTS/stages.tsv
META=$RESULTS/scale.meta
PNG=$ROOT/docs/scaling.png

log() { echo "scale.sh: $*" >&2; }

# measure OUT_FILE CMD...: runs CMD, writes "wall_s user_s sys_s peak_kb" to OUT_FILE.
measure() {
  local out=$1
  shift
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "%e %U %S %M" -o "$out" "$@"
  else
    python3 -c '
import resource, subprocess, sys, time
t0 = time.monotonic()
rc = subprocess.call(sys.argv[2:])
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write(f"{wall:.2f} {ru.ru_utime:.2f} {ru.ru_stime:.2f} {ru.ru_maxrss}\n")
sys.exit(rc)' "$out" "$@"
  fi
}

# corpus_dir SIZE: the folder of the corpus for SIZE (and GEN_OPTS).
corpus_dir() {
  local suffix
  suffix=$(echo "$GEN_OPTS" | tr -cs 'A-Za-z0-9.' '-' | sed 's/^-*//; s/-*$//')
  if [[ -n $suffix ]]; then echo "$BENCH_DIR/n$1-$suffix"; else echo "$BENCH_DIR/n$1"; fi
}

# corpus SIZE: makes sure corpus_dir SIZE holds the corpus for SIZE, SEED and GEN_OPTS made
# by the current gen_corpus.py (its meta.json records a hash of the generator).
corpus() {
  local n=$1 dir
  dir=$(corpus_dir "$n")
  local gen_opts=()
  read -r -a gen_opts <<< "$GEN_OPTS"
  if [[ -f $dir/meta.json && -f $dir/gen_opts && $(cat "$dir/gen_opts") == "$GEN_OPTS" ]] &&
    python3 -c '
import hashlib, json, sys
m = json.load(open(sys.argv[1]))
version = hashlib.sha1(open(sys.argv[4], "rb").read()).hexdigest()[:12]
want = (int(sys.argv[2]), int(sys.argv[3]), version)
sys.exit(0 if (m.get("n"), m.get("seed"), m.get("generator")) == want else 1)' \
      "$dir/meta.json" "$n" "$SEED" "$HERE/gen_corpus.py"; then
    log "n=$n: using the cached corpus in $dir"
  else
    log "n=$n: generating the corpus into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    measure "$dir/gen.time" python3 "$HERE/gen_corpus.py" --n "$n" --seed "$SEED" \
      --out "$dir" "${gen_opts[@]}"
    echo "$GEN_OPTS" > "$dir/gen_opts"
  fi
}

# run SYSTEM SIZE K: runs one tool on one corpus (run K); leaves <system>.{jsonl,log,
# recall.json} (of the last run) and <system>.time.K.
run() {
  local sys=$1 n=$2 k=$3 dir input cmd
  dir=$(corpus_dir "$n")
  input=$dir/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["corpus"])' \
    "$dir/meta.json")
  if [[ $sys == retrace ]]; then
    cmd=("$RETRACE" detect "$input" --out "$dir/retrace.jsonl" --threads "$THREADS")
  else
    cmd=("$MINHASH" "$input" --out "$dir/baseline.jsonl" --quiet --threads "$THREADS")
  fi
  log "n=$n: running $sys (run $k): ${cmd[*]}"
  if ! measure "$dir/$sys.time.$k" "${cmd[@]}" 2> "$dir/$sys.log"; then
    log "n=$n: $sys failed; see $dir/$sys.log"
    tail -n 5 "$dir/$sys.log" >&2
    return 1
  fi
  python3 "$HERE/recall.py" --labels "$dir/labels.jsonl" --pred "$dir/$sys.jsonl" --json \
    > "$dir/$sys.recall.json"
}

# row SYSTEM SIZE RUNS: one TSV row from the .time.K (medians) and .recall.json files.
row() {
  python3 -c '
import json, statistics, sys
system, n, d, threads, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
t = [open(f"{d}/{system}.time.{k}").read().split()[-4:] for k in range(1, runs + 1)]
wall = statistics.median(float(x[0]) for x in t)
cpu = statistics.median(float(x[1]) + float(x[2]) for x in t)
peak_kb = statistics.median(float(x[3]) for x in t)
r = json.load(open(f"{d}/{system}.recall.json"))
k = r["kinds"]
f = lambda x: "" if x is None else f"{x:.4f}"
print("\t".join(map(str, [
    n, system, threads, f"{wall:.2f}", f"{cpu:.2f}", f"{int(peak_kb) / 1024:.1f}",
    f"{n / max(wall, 0.01) / threads:.0f}", f"{n / max(cpu, 0.01):.0f}",
    f(r["recall"]), *(f(k[x]["recall"]) for x in ("duplicate", "reprint", "excerpt", "rewrite")),
    r["unlabelled"], runs])))' "$1" "$2" "$(corpus_dir "$2")" "$THREADS" "$3"
}

# stages SIZE: the per-stage seconds of retrace's summary line of each run, one TSV row.
stages() {
  python3 -c '
import re, sys
n, d = sys.argv[1], sys.argv[2]
line = [l for l in open(f"{d}/retrace.log") if l.startswith("time:")][-1]
wall = re.search(r"time: ([0-9.]+) s wall", line).group(1)
st = dict(re.findall(r"(\w+) ([0-9.]+)", line.split("(", 1)[1].split(")", 1)[0]))
cand = [l.strip() for l in open(f"{d}/retrace.log") if l.startswith(("candidates:", "relations:"))]
print("\t".join([n, wall] + [st.get(k, "") for k in ("read", "statistics", "fingerprint", "candidates", "align")] + cand))' "$1" "$(corpus_dir "$1")"
}

mkdir -p "$BENCH_DIR" "$RESULTS"
if ! command -v gnuplot > /dev/null; then
  if [[ $(id -u) == 0 ]]; then
    log "installing gnuplot-nox for the plot"
    { apt-get install -y gnuplot-nox > /dev/null 2>&1 ||
      { apt-get update > /dev/null 2>&1 && apt-get install -y gnuplot-nox > /dev/null 2>&1; }; } ||
      log "could not install gnuplot-nox: no plot"
  else
    log "gnuplot missing (sudo apt-get install -y gnuplot-nox): no plot"
  fi
fi
[[ -x $MINHASH ]] || { log "no minhash_lsh binary at $MINHASH (build the minhash_lsh target)"; exit 1; }
have_retrace=1
if [[ ! -x $RETRACE ]] || ! "$RETRACE" detect --help > /dev/null 2>&1; then
  log "$RETRACE has no 'detect' command: only the baseline is run"
  have_retrace=0
fi

HEADER=$'articles\tsystem\tthreads\twall_s\tcpu_s\tpeak_mb\tarticles_per_s_per_core\tarticles_per_cpu_s\trecall\trecall_duplicate\trecall_reprint\trecall_excerpt\trecall_rewrite\tunlabelled\truns\tratio\tratio_cpu'
{
  echo "== sizes: ${SIZES[*]}"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$ROOT" log -1 --format=%h 2> /dev/null || echo unknown)"
  echo "retrace: $RETRACE ($(stat -c %y "$RETRACE" 2> /dev/null | cut -d. -f1))"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "threads: $THREADS; seed: $SEED; gen_opts: ${GEN_OPTS:-none}"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >> "$META"
rows=()
stage_rows=()
for n in "${SIZES[@]}"; do
  corpus "$n"
  runs=${RUNS:-$([[ $n -lt 1000000 ]] && echo 3 || echo 1)}
  want_retrace=0
  [[ $have_retrace == 1 && ( -z $RETRACE_MAX || $n -le $RETRACE_MAX ) ]] && want_retrace=1
  ok_retrace=$want_retrace
  for k in $(seq 1 "$runs"); do
    run baseline "$n" "$k"
    if [[ $ok_retrace == 1 ]]; then
      run retrace "$n" "$k" || ok_retrace=0
    fi
  done
  base=$(row baseline "$n" "$runs")
  if [[ $ok_retrace == 1 ]]; then
    ret=$(row retrace "$n" "$runs")
    ratio=$(awk -v a="$ret" -v b="$base" 'BEGIN {
      split(a, x, "\t"); split(b, y, "\t"); printf "%.3g\t%.3g", x[7] / y[7], x[8] / y[8] }')
    rows+=("$ret"$'\t'"$ratio")
    stage_rows+=("$(stages "$n")")
  fi
  rows+=("$base"$'\t1\t1')
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$META"

# keep_rows FILE HEADER: the rows of FILE (if its header is HEADER) for sizes not run now.
keep_rows() {
  [[ -f $1 && $(head -n 1 "$1") == "$2" ]] || return 0
  tail -n +2 "$1" | awk -F'\t' -v sizes=" ${SIZES[*]} " 'index(sizes, " " $1 " ") == 0'
}
STAGE_HEADER=$'articles\twall_s\tread\tstatistics\tfingerprint\tcandidates\talign\tcandidates_line\trelations_line'
{ echo "$HEADER"; { keep_rows "$TSV" "$HEADER"; printf '%s\n' "${rows[@]}"; } | sort -t$'\t' -k1,1n -s; } > "$TSV.new"
{ echo "$STAGE_HEADER"; { keep_rows "$STAGES" "$STAGE_HEADER"
    if [[ ${#stage_rows[@]} -gt 0 ]]; then printf '%s\n' "${stage_rows[@]}"; fi; } | sort -t$'\t' -k1,1n -s; } > "$STAGES.new"
mv "$TSV.new" "$TSV"
mv "$STAGES.new" "$STAGES"
column -t -s $'\t' "$TSV"
log "table written to $TSV"
if command -v gnuplot > /dev/null; then
  mkdir -p "$(dirname "$PNG")"
  gnuplot -e "tsv='$TSV'; png='$PNG'" "$HERE/plot.gp" && log "plot written to $PNG"
fi
