#!/usr/bin/env bash
# Installs what retrace needs to build and test on Debian 12 (run as root, or with sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config python3 zstd \
  libbz2-dev liblzma-dev libhowardhinnant-date-dev \
  libicu-dev libsqlite3-dev libsimdjson-dev libxxhash-dev libzstd-dev zlib1g-dev libcli11-dev libfmt-dev \
  libstemmer-dev wordnet-base libgtest-dev libgmock-dev libbenchmark-dev \
  python3-dev python3-venv python3-pip python3-setuptools python3-wheel pybind11-dev python3-pybind11 \
  python3-pytest python3-pandas python3-zstandard libcpp-httplib-dev "$@"
# The browser tests of `retrace serve` drive Chromium with playwright-core (npm): Node.js and
# npm from Debian when the machine has none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
