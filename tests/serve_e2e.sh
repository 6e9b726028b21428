#!/usr/bin/env bash
# The browser test of `retrace serve`: a fresh index, the server on a free loopback port,
# tests/e2e/serve_e2e.mjs in Chromium through playwright-core (installed with npm into the
# build folder on first use). Usage: tests/serve_e2e.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd); src=$(cd "$2" && pwd)
bbc=${RETRACE_SHARED_DIR:-$src/../shared}/corpora/bbc/bbc.jsonl
if [ ! -f "$bbc" ]; then echo "skipped: $bbc is missing"; exit 0; fi
e2e=$build/e2e
mkdir -p "$e2e"
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
  (cd "$e2e" && npm install --no-audit --no-fund --loglevel=error playwright-core@1 >/dev/null)
fi
work=$(mktemp -d /tmp/retrace_e2e_XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$build/retrace" index create "$work/idx" --train "$bbc" >/dev/null 2>&1
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/token"
"$build/retrace" serve "$work/idx" --listen 127.0.0.1:0 --token-file "$work/token" --threads 8 \
  --rate 0 2> "$work/server.log" &
server=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$work/server.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; echo "the server did not start"; exit 1; }
status=0
PLAYWRIGHT_DIR=$e2e/node_modules timeout 300 node "$src/tests/e2e/serve_e2e.mjs" "http://127.0.0.1:$port" \
  "$(cat "$work/token")" "$bbc" "$e2e/shots" || status=$?
# SIGTERM: the server stops gracefully and exits 0.
kill -TERM "$server"
wait "$server" || { echo "the server did not exit cleanly"; status=1; }
server=""
grep -q "stopping" "$work/server.log" || { echo "no graceful stop in the log"; status=1; }
exit $status
