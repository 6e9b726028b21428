#!/usr/bin/env bash
# Installs, builds and runs every test (GoogleTest through ctest, including the headless
# Chromium test of the HTML report), then the Python package's tests (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh chromium fonts-noto-color-emoji
bash scripts/build.sh -DRETRACE_TESTS=ON
bash scripts/python.sh
ctest --test-dir build --output-on-failure -j2
.venv/bin/python -m pytest python/tests -q -p no:cacheprovider
