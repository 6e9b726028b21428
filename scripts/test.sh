#!/usr/bin/env bash
# Installs, builds and runs every test (GoogleTest through ctest, including the headless
# Chromium test of the HTML report).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh chromium fonts-noto-color-emoji
bash scripts/build.sh -DRETRACE_TESTS=ON
ctest --test-dir build --output-on-failure -j2
