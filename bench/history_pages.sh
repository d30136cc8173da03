#!/usr/bin/env bash
# The size of a history page, however long the file (issue #11, item 6):
# appends N complaints (each with a summary of S bytes) to one certificate of
# the demo data, then prints the bytes of each history endpoint's default and
# largest page and of its last page, and the server's peak resident memory.
#   bench/history_pages.sh [--events N] [--summary-bytes S]
# CERTREG=path/to/certreg skips the build.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/tools/lib.sh"
EVENTS=3000
SUMMARY=2000
usage() { echo "usage: bench/history_pages.sh [--events N] [--summary-bytes S]" >&2; exit 2; }
while [ $# -ge 2 ]; do
  case "$1" in
    --events) EVENTS=$2 ;;
    --summary-bytes) SUMMARY=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[ $# -eq 0 ] || usage

ensure_packages "${CERTREG_PACKAGES[@]}" curl python3
if [ -z "${CERTREG:-}" ]; then
  build_into "$ROOT/build/release" Release -DCERTREG_BUILD_TESTS=OFF
  CERTREG="$ROOT/build/release/certreg"
fi

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$CERTREG" demo --data "$WORK/data" > /dev/null
CLERK=$("$CERTREG" token create --data "$WORK/data" --role clerk --name li.na | tail -1)
REGULATOR=$("$CERTREG" token create --data "$WORK/data" --role regulator --name wu.min | tail -1)
"$CERTREG" serve --data "$WORK/data" --listen 127.0.0.1:0 --sweep-interval 0 > "$WORK/serve.out" 2> "$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
NUMBER=$(curl -sf "$URL/public/v1/certificates?status=VALID&page_size=1" | sed -n 's/.*"certificate_no":"\([^"]*\)".*/\1/p')

python3 - "$URL" "$CLERK" "$NUMBER" "$EVENTS" "$SUMMARY" <<'PY'
import http.client, json, sys, urllib.parse
url, token, number, events, summary = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
host = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
body = json.dumps({"summary": "投诉" * (summary // 6) + "x" * (summary % 6)})
for i in range(events):
    conn.request("POST", f"/api/v1/certificates/{number}/complaints", body,
                 {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    if r.status != 200:
        sys.exit(f"complaint {i}: HTTP {r.status}")
PY

bytes_of() {  # path [token] -> bytes of the answer
  curl -sf ${2:+-H "Authorization: Bearer $2"} "$URL$1" | wc -c
}
C=/api/v1/certificates/$NUMBER
VERSION=$(curl -sfI -H "Authorization: Bearer $REGULATOR" "$URL$C/events?limit=1" | sed -n 's/^ETag: "\([0-9]*\)".*/\1/Ip' | tr -d '\r')
echo "certificate $NUMBER: $VERSION events ($EVENTS complaints of $SUMMARY bytes added)"
printf '%-34s %12s %12s %12s\n' endpoint "default page" "largest page" "last page"
for spec in "events:500:1000" "timeline:100:200"; do
  IFS=: read -r name default max <<< "$spec"
  last=$(( (VERSION - 1) / max * max ))
  printf '%-34s %12s %12s %12s\n' "GET …/$name (limit $default/$max)" \
    "$(bytes_of "$C/$name" "$REGULATOR")" "$(bytes_of "$C/$name?limit=$max" "$REGULATOR")" \
    "$(bytes_of "$C/$name?from=$last&limit=$max" "$REGULATOR")"
done
printf '%-34s %12s %12s %12s\n' "GET /public/…/history (200/1000)" \
  "$(bytes_of "/public/v1/certificates/$NUMBER/history")" \
  "$(bytes_of "/public/v1/certificates/$NUMBER/history?limit=1000")" "-"
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$SERVER_PID/status")"
