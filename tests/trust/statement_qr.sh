#!/usr/bin/env bash
# trust.statement_qr (trust.md §7; README, "The verifiable log: the status
# statement"): a real `certreg serve` on the demo data; for a certificate in
# each status, the printed statement's QR code (GET .../statement/qr.svg) is
# rendered to PNG (rsvg-convert, Debian librsvg2-bin) and read back by zbarimg
# (zbar-tools); the URL it encodes is fetched and verified offline by
# `certreg statement verify` (text and JSON forms) and by
# tools/verify_statement.py (which refuses it with its status changed); then the statement altered
# in any one line, each line in turn, is refused (exit 1) by `certreg
# statement verify` (tools/verify_statement.py's own test, trust.pyverify_unit,
# refuses alterations in-process).
#   tests/trust/statement_qr.sh CERTREG_BINARY SOURCE_DIR
set -euo pipefail
CERTREG=$1
SOURCE=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for tool in rsvg-convert zbarimg curl python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is missing: apt-get install librsvg2-bin zbar-tools curl python3 (tools/test does)" >&2
    exit 1
  fi
done

WORK=$(mktemp -d)
source "$HERE/../ops/server.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

"$CERTREG" demo --data "$WORK/data" >/dev/null
KEYS=$("$CERTREG" log key --data "$WORK/data")
LOG_VKEY=$(sed -n 1p <<<"$KEYS")
STATUS_VKEY=$(sed -n 2p <<<"$KEYS")
[ -n "$LOG_VKEY" ] && [ -n "$STATUS_VKEY" ] || fail "certreg log key printed no keys"
start_server "$WORK/data"

# The first checkpoint is signed at start; wait until it is published.
for i in $(seq 100); do
  curl -fsS --max-time 5 "$BASE_URL/log/checkpoint" >/dev/null 2>&1 && break
  [ "$i" -lt 100 ] || fail "no checkpoint was published"
  sleep 0.1
done

PYVERIFY="$SOURCE/tools/verify_statement.py"
checked=0
for status in VALID SUSPENDED REVOKED CANCELLED; do
  NUMBER=$(curl -fsS --max-time 10 "$BASE_URL/public/v1/certificates?status=$status" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["certificate_no"])') ||
    fail "no $status certificate in the demo data"
  # The printed QR code, as a scanner reads it.
  curl -fsS --max-time 10 -o "$WORK/qr.svg" "$BASE_URL/public/v1/certificates/$NUMBER/statement/qr.svg" ||
    fail "GET the statement's QR code of $NUMBER"
  rsvg-convert --width 400 --background-color white -o "$WORK/qr.png" "$WORK/qr.svg"
  URL=$(zbarimg --quiet --raw "$WORK/qr.png" 2>"$WORK/zbarimg.err") || {
    cat "$WORK/zbarimg.err" >&2
    fail "zbarimg read no QR code of $NUMBER"
  }
  case "$URL" in
    "$BASE_URL/public/v1/certificates/$NUMBER/statement?size="[1-9]*) ;;
    *) fail "the QR code of $NUMBER encodes $URL" ;;
  esac
  curl -fsS --max-time 10 -o "$WORK/statement.txt" "$URL" || fail "GET $URL"
  grep -qx "status $status" "$WORK/statement.txt" || fail "the statement of $NUMBER does not say $status"
  "$CERTREG" statement verify "$WORK/statement.txt" --log-vkey "$LOG_VKEY" --status-vkey "$STATUS_VKEY" ||
    fail "certreg statement verify refused the statement of $NUMBER"
  curl -fsS --max-time 10 "$URL&format=json" |
    "$CERTREG" statement verify - --log-vkey "$LOG_VKEY" --status-vkey "$STATUS_VKEY" >/dev/null ||
    fail "certreg statement verify refused the JSON form of $NUMBER"
  python3 "$PYVERIFY" --log-vkey "$LOG_VKEY" --status-vkey "$STATUS_VKEY" "$WORK/statement.txt" ||
    fail "tools/verify_statement.py refused the statement of $NUMBER"
  # The standalone verifier refuses a changed status (its own test, trust.pyverify_unit, alters every line).
  sed "s/^status $status\$/status $( [ "$status" = VALID ] && echo SUSPENDED || echo VALID )/" "$WORK/statement.txt" \
    > "$WORK/altered.txt"
  if python3 "$PYVERIFY" --log-vkey "$LOG_VKEY" --status-vkey "$STATUS_VKEY" "$WORK/altered.txt" >/dev/null; then
    fail "tools/verify_statement.py accepted the statement of $NUMBER with its status changed"
  fi

  # Each line altered in turn (one statement suffices: every status has the same lines):
  # its last character changed, a blank line filled.
  if [ "$status" != VALID ]; then
    echo "$status $NUMBER: the QR code's statement verified"
    checked=$((checked + 1))
    continue
  fi
  lines=$(python3 - "$WORK/statement.txt" "$WORK/altered" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = text.split("\n")[:-1]
for i, line in enumerate(lines):
    changed = list(lines)
    changed[i] = "x" if line == "" else line[:-1] + ("B" if line[-1] == "A" else "A")
    with open(f"{sys.argv[2]}.{i}", "w", encoding="utf-8") as out:
        out.write("\n".join(changed) + "\n")
print(len(lines))
PY
  )
  [ "$lines" -gt 20 ] || fail "the statement of $NUMBER has only $lines lines"
  for i in $(seq 0 $((lines - 1))); do
    rc=0
    "$CERTREG" statement verify "$WORK/altered.$i" --log-vkey "$LOG_VKEY" --status-vkey "$STATUS_VKEY" \
      >/dev/null 2>"$WORK/refusal" || rc=$?
    [ "$rc" -eq 1 ] || fail "line $((i + 1)) of the statement of $NUMBER altered: exit $rc, not 1"
    grep -q "REFUSED" "$WORK/refusal" || fail "line $((i + 1)) altered: no REFUSED line"
  done
  echo "$status $NUMBER: the QR code's statement verified; each of its $lines lines altered was refused"
  checked=$((checked + 1))
done
[ "$checked" -eq 4 ] || fail "checked $checked statuses, not 4"
