#!/usr/bin/env bash
# Installs the built library into a temporary prefix, builds examples/api against it through the
# CMake package and again through pkg-config, runs both, and checks that each finds the reprint's
# source. Usage: install_example.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
test -f "$tmp/prefix/include/retrace/retrace.h"
test ! -e "$tmp/prefix/include/retrace/index.h"  # internals stay private
ls "$tmp"/prefix/lib*/libretrace.so.0 >/dev/null
cmake -S "$src/examples/api" -B "$tmp/example" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/example" >/dev/null
libdir=$(dirname "$(ls "$tmp"/prefix/lib*/libretrace.so.0 | head -n 1)")
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/example/retrace_example" "$tmp/index1")
echo "$out"
grep -q '^wire-0412 -> epaper-0601 reprint dated' <<<"$out"
# pkg-config
pc=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs retrace)
c++ -O1 -o "$tmp/example-pc" "$src/examples/api/main.cpp" $pc
out2=$(LD_LIBRARY_PATH="$libdir" "$tmp/example-pc" "$tmp/index2")
grep -q '^wire-0412 -> epaper-0601 reprint dated' <<<"$out2"
# Only the public API is exported.
if nm -D --defined-only "$libdir/libretrace.so.0" | c++filt | grep -q 'retrace::clean_document'; then
  echo "internal symbols exported" >&2
  exit 1
fi
echo "example linked through the CMake package and pkg-config: ok"
