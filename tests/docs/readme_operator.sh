#!/usr/bin/env bash
# Runs the README's operator walk-through ("The operator's walk-through" under
# "Operating certreg") exactly as written, with the system paths pointed into a
# scratch directory and a free port, and checks what each step printed: the
# settings' precedence, readiness, the body's identity, the metrics role, an
# online backup, a verified restore, JSON logs and a clean stop.
#   tests/docs/readme_operator.sh CERTREG_BINARY README
set -euo pipefail
CERTREG=$1 README=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/certreg-operator-XXXXXX")
cleanup() {
  pkill -TERM -f "serve --config $WORK/etc/certreg.conf" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $1"; [ -f "$WORK/walk.out" ] && cat "$WORK/walk.out"; exit 1; }

python3 - "$README" > "$WORK/walk.sh" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("### The operator's walk-through")
begin = text.index("```sh", start) + len("```sh")
print(text[begin:text.index("```", begin)])
PY
grep -q '^CERTREG=${CERTREG:-certreg}' "$WORK/walk.sh" || fail "the walk-through no longer takes CERTREG from the environment"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/etc"
(cd "$WORK" && set -euo pipefail && CERTREG=$CERTREG ETC=$WORK/etc DATA=$WORK/lib/certreg BACKUPS=$WORK/backups \
   PORT=$PORT bash -euo pipefail "$WORK/walk.sh") > "$WORK/walk.out" 2>&1 || fail "the walk-through failed"
OUT=$(cat "$WORK/walk.out")
echo "$OUT"

expect() { grep -qE -- "$2" <<<"$OUT" || fail "$1"; }
expect "init did not create the store" "created|store"
expect "init did not name the keys after the origin" "registry\.example\.cn/log"
expect "the CERTREG_LISTEN variable did not win over the file" "^listen = \"127\.0\.0\.1:$PORT\"$"
expect "the file's log-format did not reach the settings" '^log-format = "json"$'
expect "the body's identity is not served" '"body_name":"示例认证有限公司"'
expect "the metrics role did not read /metrics" '^certreg_build_info\{'
expect "the store did not say it is writable" '^certreg_store_writable 1'
expect "the backup did not name its id" '[Bb]ackup 1'
expect "restore did not verify" '(verified|verifies)'
grep -q '"level":' "$WORK/serve.log" || fail "the server's log lines are not JSON"
python3 - "$WORK/serve.log" <<'PY' || fail "a log line is not a JSON object"
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        json.loads(line)
PY
[ -d "$WORK/lib/certreg.restored" ] || fail "no restored directory"
[ "$(stat -c %a "$WORK/lib/certreg")" = 700 ] || fail "the data directory is not owner-only"
if pgrep -f "serve --config $WORK/etc/certreg.conf" > /dev/null; then fail "the server did not stop"; fi
echo "README operator walk-through: init, settings, readiness, metrics, online backup, verified restore, stop"
