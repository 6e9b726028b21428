#!/usr/bin/env bash
# Builds retrace and its tests with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-asan/ and runs the test suite there (any leak, overflow or undefined behaviour fails).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRETRACE_SANITIZE=ON -DRETRACE_TESTS=ON \
  -DRETRACE_BENCH=OFF "$@"
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
