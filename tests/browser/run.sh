#!/usr/bin/env bash
# The public page's browser test (ctest browser.public_page):
#   tests/browser/run.sh CERTREG_BINARY OUT_DIR
# Loads the demo data into a fresh directory, starts `certreg serve` on a free
# port of 127.0.0.1, runs public_page.mjs against it (screenshots into
# OUT_DIR) and stops the server however the test ends.
# Needs Debian's chromium and `npm ci` here (tools/lib.sh: ensure_browser_test_deps).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -ne 2 ]; then
  echo "usage: $0 CERTREG_BINARY OUT_DIR" >&2
  exit 2
fi
CERTREG=$1
OUT=$2

if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  echo "FAIL: $HERE/node_modules is missing; run tools/test (or npm ci --prefix tests/browser)" >&2
  exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "FAIL: no Chromium at ${CHROMIUM:-/usr/bin/chromium}; run tools/test (Debian package chromium)" >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/certreg-browser-XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_server_log() {
  echo "--- certreg serve, stdout:" >&2
  cat "$WORK/serve.out" >&2 || true
  echo "--- certreg serve, stderr (last 40 lines):" >&2
  tail -n 40 "$WORK/serve.err" >&2 || true
}

if ! "$CERTREG" demo --data "$WORK/data" >"$WORK/demo.log" 2>&1; then
  echo "FAIL: certreg demo did not load the demo data:" >&2
  cat "$WORK/demo.log" >&2
  exit 1
fi

"$CERTREG" serve --data "$WORK/data" --listen 127.0.0.1:0 --body-name 示例认证有限公司 \
  --body-contact 010-12345678 --complaint-channel 本机构网站投诉与申诉栏目 --icp-filing 京ICP备12345678号-1 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!

# The server prints "listening on http://127.0.0.1:PORT" once it accepts connections.
BASE=
for _ in $(seq 300); do
  BASE=$(grep -o -m1 'listening on http://127\.0\.0\.1:[0-9]\+' "$WORK/serve.out" 2>/dev/null | sed 's/^listening on //') || true
  [ -n "$BASE" ] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "FAIL: certreg serve exited before listening" >&2
    show_server_log
    exit 1
  fi
  sleep 0.1
done
if [ -z "$BASE" ]; then
  echo "FAIL: certreg serve printed no 'listening on http://127.0.0.1:PORT' line within 30 s" >&2
  show_server_log
  exit 1
fi
echo "certreg serve at $BASE"

if ! node "$HERE/public_page.mjs" "$BASE" "$OUT"; then
  show_server_log
  exit 1
fi
