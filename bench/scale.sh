#!/usr/bin/env bash
# bench/scale.sh — retrace against the MinHash + LSH baseline at growing corpus sizes.
#
#   bench/scale.sh [SIZES...]            (default: 10000 100000 1000000)
#
# For each size: generate a corpus with planted copies (bench/gen_corpus.py; cached in
# $BENCH_DIR/n<SIZE>, or n<SIZE>-vary with VARY=1), run `retrace detect` and `minhash_lsh`
# on it with the same thread count, measure wall time, CPU time (user + sys) and peak
# memory, score both outputs against the planted copies (bench/recall.py), and print a
# table. The table is also written to bench/results/scale.tsv and, if gnuplot is
# installed, drawn into docs/scaling.png (bench/plot.gp).
#
# Throughput per core = articles / (wall seconds x threads); articles per CPU second =
# articles / (user + sys). "ratio" is retrace's throughput per core over the baseline's.
#
# Environment:
#   BENCH_DIR  corpus cache and run outputs      (default /tmp/retrace-bench)
#   THREADS    --threads for both tools          (default 2)
#   SEED       gen_corpus.py --seed              (default 1)
#   VARY       1: gen_corpus.py --vary (names and numbers swapped per article: less chance
#              overlap between unrelated articles) (default 0)
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
VARY=${VARY:-0}
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

# corpus_dir SIZE: the folder of the corpus for SIZE (and VARY).
corpus_dir() {
  if [[ $VARY == 1 ]]; then echo "$BENCH_DIR/n$1-vary"; else echo "$BENCH_DIR/n$1"; fi
}

# corpus SIZE: makes sure corpus_dir SIZE holds the corpus for SIZE, SEED and VARY made by
# the current gen_corpus.py (its meta.json records a hash of the generator).
corpus() {
  local n=$1 dir
  dir=$(corpus_dir "$n")
  local gen_opts=()
  [[ $VARY == 1 ]] && gen_opts+=(--vary)
  if [[ -f $dir/meta.json ]] && python3 -c '
import hashlib, json, sys
m = json.load(open(sys.argv[1]))
version = hashlib.sha1(open(sys.argv[5], "rb").read()).hexdigest()[:12]
want = (int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1", version)
sys.exit(0 if (m.get("n"), m.get("seed"), m.get("vary"), m.get("generator")) == want else 1)' \
      "$dir/meta.json" "$n" "$SEED" "$VARY" "$HERE/gen_corpus.py"; then
    log "n=$n: using the cached corpus in $dir"
  else
    log "n=$n: generating the corpus into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    measure "$dir/gen.time" python3 "$HERE/gen_corpus.py" --n "$n" --seed "$SEED" \
      --out "$dir" "${gen_opts[@]}"
  fi
}

# run SYSTEM SIZE: runs one tool on one corpus; leaves <system>.{jsonl,log,time,recall.json}.
run() {
  local sys=$1 n=$2 dir input cmd
  dir=$(corpus_dir "$n")
  input=$dir/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["corpus"])' \
    "$dir/meta.json")
  if [[ $sys == retrace ]]; then
    cmd=("$RETRACE" detect "$input" --out "$dir/retrace.jsonl" --quiet --threads "$THREADS")
  else
    cmd=("$MINHASH" "$input" --out "$dir/baseline.jsonl" --quiet --threads "$THREADS")
  fi
  log "n=$n: running $sys: ${cmd[*]}"
  if ! measure "$dir/$sys.time" "${cmd[@]}" 2> "$dir/$sys.log"; then
    log "n=$n: $sys failed; see $dir/$sys.log"
    tail -n 5 "$dir/$sys.log" >&2
    return 1
  fi
  python3 "$HERE/recall.py" --labels "$dir/labels.jsonl" --pred "$dir/$sys.jsonl" --json \
    > "$dir/$sys.recall.json"
}

# row SYSTEM SIZE: one TSV row from the .time and .recall.json files of a run.
row() {
  python3 -c '
import json, sys
system, n, d, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
wall, user, sys_s, peak_kb = open(f"{d}/{system}.time").read().split()[-4:]
wall, cpu = float(wall), float(user) + float(sys_s)
r = json.load(open(f"{d}/{system}.recall.json"))
k = r["kinds"]
f = lambda x: "" if x is None else f"{x:.4f}"
print("\t".join(map(str, [
    n, system, threads, f"{wall:.2f}", f"{cpu:.2f}", f"{int(peak_kb) / 1024:.1f}",
    f"{n / max(wall, 0.01) / threads:.0f}", f"{n / max(cpu, 0.01):.0f}",
    f(r["recall"]), *(f(k[x]["recall"]) for x in ("duplicate", "reprint", "excerpt", "rewrite")),
    r["unlabelled"]])))' "$1" "$2" "$(corpus_dir "$2")" "$THREADS"
}

mkdir -p "$BENCH_DIR" "$RESULTS"
[[ -x $MINHASH ]] || { log "no minhash_lsh binary at $MINHASH (build the minhash_lsh target)"; exit 1; }
have_retrace=1
if [[ ! -x $RETRACE ]] || ! "$RETRACE" detect --help > /dev/null 2>&1; then
  log "$RETRACE has no 'detect' command: only the baseline is run"
  have_retrace=0
fi

HEADER=$'articles\tsystem\tthreads\twall_s\tcpu_s\tpeak_mb\tarticles_per_s_per_core\tarticles_per_cpu_s\trecall\trecall_duplicate\trecall_reprint\trecall_excerpt\trecall_rewrite\tunlabelled\tratio'
rows=()
for n in "${SIZES[@]}"; do
  corpus "$n"
  run baseline "$n"
  base=$(row baseline "$n")
  if [[ $have_retrace == 1 && ( -z $RETRACE_MAX || $n -le $RETRACE_MAX ) ]] &&
    run retrace "$n"; then
    ret=$(row retrace "$n")
    ratio=$(awk -v a="$ret" -v b="$base" 'BEGIN {
      split(a, x, "\t"); split(b, y, "\t"); printf "%.3g", x[7] / y[7] }')
    rows+=("$ret"$'\t'"$ratio")
  fi
  rows+=("$base"$'\t'"1")
done

{ echo "$HEADER"; printf '%s\n' "${rows[@]}"; } > "$TSV"
column -t -s $'\t' "$TSV"
log "table written to $TSV"
if command -v gnuplot > /dev/null; then
  mkdir -p "$(dirname "$PNG")"
  gnuplot -e "tsv='$TSV'; png='$PNG'" "$HERE/plot.gp" && log "plot written to $PNG"
else
  log "gnuplot not installed (apt-get install gnuplot-nox): no plot"
fi
