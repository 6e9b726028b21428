#!/usr/bin/env bash
# Installs the Python package retrace (python/, docs/python.md) into the virtual environment
# .venv of the repository (made with Debian's Python and --system-site-packages, so Debian's
# pandas and pytest are seen): `pip install --no-build-isolation .`, which builds the C++ module
# in build/ through CMake. Then `.venv/bin/python -c 'import retrace'` (or `. .venv/bin/activate`).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's interpreter (where apt puts python3-pandas, python3-pytest, python3-wheel), also when
# another python3 comes first on PATH.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv --system-site-packages .venv
fi
.venv/bin/python -m pip install --quiet --no-build-isolation --no-index --no-deps --disable-pip-version-check .
.venv/bin/python -c 'import retrace; print("retrace", retrace.__version__, "for Python: .venv/bin/python (docs/python.md)")'
