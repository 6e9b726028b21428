#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/fuzz_*.cpp: reader, CSV, dates, cleaner) with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer into build-fuzz/ and runs each from its seed
# inputs (fuzz/corpus/KIND) for SECONDS / 4 seconds. Usage: scripts/fuzz.sh [SECONDS, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL=${1:-60}
bash scripts/install-deps.sh clang libclang-rt-14-dev
cmake -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DRETRACE_FUZZ=ON \
  -DRETRACE_TESTS=OFF -DRETRACE_BENCH=OFF -DRETRACE_FUZZ_SECONDS=$((SECONDS_TOTAL / 4))
cmake --build build-fuzz -j"$(nproc)"
ctest --test-dir build-fuzz --output-on-failure -R _smoke
