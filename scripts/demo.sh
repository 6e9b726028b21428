#!/usr/bin/env bash
# Installs, builds and runs `retrace detect` on the bundled example corpus, then writes the
# HTML report. Results land in out/: relations.jsonl, clusters.jsonl, report.html. Also installs
# the Python package retrace into .venv (docs/python.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DRETRACE_TESTS=OFF
bash scripts/python.sh
mkdir -p out
build/retrace detect examples/news.jsonl --out out/relations.jsonl --clusters out/clusters.jsonl --same-story
build/retrace report out/relations.jsonl --corpus examples/news.jsonl --out out/report.html
python3 scripts/show.py out/relations.jsonl examples/news.jsonl
