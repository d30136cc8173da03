#!/usr/bin/env bash
# A full disk under a running `certreg serve`, on a small tmpfs:
#   tests/ops/disk_full.sh CERTREG_BINARY
# Needs to mount a tmpfs: as root, or inside `unshare -rm` (tried by itself);
# else exits 77 (ctest: skipped). Prints what it saw; README "A full disk and a
# bounded memory" quotes it. Every request goes through raw sockets (raw_http.py).
#  1. writes and a filler file bring free space below the reserve: writes get 507
#     with a problem body, nothing is appended, reads are served, /readyz 503
#     names disk_space; freeing space lets writes resume without a restart;
#  2. with no reserve, the filler takes the last byte and RocksDB itself fails
#     with ENOSPC: 507, the process stays up (it used to abort), and writes
#     resume without a restart once the filler is removed;
#  3. started on a full disk, the server serves reads, refuses writes with 507
#     and says why in /readyz; `certreg verify` passes throughout.
set -euo pipefail
CERTREG=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
  if [ -z "${CERTREG_DISK_FULL_NS:-}" ] && unshare -rm true 2>/dev/null; then
    exec unshare -rm env CERTREG_DISK_FULL_NS=1 bash "$0" "$@"
  fi
  echo "SKIP: mounting a tmpfs needs root or unshare -rm"
  exit 77
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/certreg-disk-full-XXXXXX")
MNT=$WORK/mnt
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=24m tmpfs "$MNT" 2>/dev/null; then
  rmdir "$MNT"; rm -rf "$WORK"
  echo "SKIP: cannot mount a tmpfs here"
  exit 77
fi
DATA=$MNT/data
SERVER_PID=
cleanup() {
  stop_server
  umount "$MNT" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$WORK/server.err" ] && tail -n 20 "$WORK/server.err"; exit 1; }
raw() { python3 "$HERE/raw_http.py" "$@"; }

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
# start_server RESERVE_MB: serves DATA on a free port; sets PORT.
start_server() {
  [ -e "$DATA/CURRENT" ] || "$CERTREG" init --data "$DATA" >/dev/null  # serve opens existing stores only
  "$CERTREG" serve --data "$DATA" --listen 127.0.0.1:0 --sweep-interval 0 --disk-reserve-mb "$1" \
    --memory-budget-mb 16 >"$WORK/server.out" 2>>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 300); do
    if grep -q '^listening on http://' "$WORK/server.out"; then
      PORT=$(sed -n 's|^listening on http://127.0.0.1:||p' "$WORK/server.out")
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || fail "certreg serve exited before listening"
    sleep 0.1
  done
  fail "certreg serve did not listen within 30 s"
}
alive() { kill -0 "$SERVER_PID" 2>/dev/null || fail "the server died ($1)"; }
log_size() { raw get "$PORT" /healthz | sed -n 's/.*"log_size":\([0-9]*\).*/\1/p'; }
free_kb() { df -k --output=avail "$MNT" | tail -n 1 | tr -d ' '; }
# fill_to KB: a filler file leaves about KB kilobytes free.
fill_to() {
  local want=$1 have
  have=$(free_kb)
  if [ "$have" -gt "$want" ]; then
    dd if=/dev/zero of="$MNT/filler.$RANDOM" bs=1k count=$((have - want)) status=none 2>/dev/null || true
  fi
}
expect_507() {  # expect_507 "STATUS CONTENT-TYPE BODY" WHAT
  case "$1" in
    "507 application/problem+json "*'"status":507'*) ;;
    *) fail "$2: expected 507 with a problem body, got: $1" ;;
  esac
}
expect_reads() {  # the first file (staff read) and the log head (operations) are served
  local got
  got=$(raw get "$PORT" /api/v1/files/$FIRST_FILE "$TOKEN")
  [ "${got%% *}" = 200 ] || fail "$1: a staff read got ${got:0:200}"
}

"$CERTREG" init --data "$DATA" >/dev/null
TOKEN=$("$CERTREG" token create --data "$DATA" --role clerk --name li.na | tail -n 1)
start_server 4
FIRST=$(raw post "$PORT" "$TOKEN")
[ "${FIRST%% *}" = 201 ] || fail "the first write got: $FIRST"
FIRST_FILE=$(echo "$FIRST" | sed -n 's/.*"file_id":"\([^"]*\)".*/\1/p')

echo "== 1. below the reserve (4 MiB) =="
fill_to 8192
FILLED=$(raw fill "$PORT" "$TOKEN" 100000)
echo "writes accepted until the reserve: ${FILLED%% *}; free then $(free_kb) KiB"
expect_507 "${FILLED#* }" "a write below the reserve"
# RocksDB's own housekeeping (flushes, obsolete logs) may free a little space
# since: leave 1 MiB, well below the reserve, for the refusals that follow.
fill_to 1024
HEAD=$(log_size)
for _ in 1 2 3; do expect_507 "$(raw post "$PORT" "$TOKEN")" "a write below the reserve"; done
[ "$(log_size)" = "$HEAD" ] || fail "refused writes moved the log head from $HEAD to $(log_size)"
alive "below the reserve"
expect_reads "below the reserve"
READY=$(raw get "$PORT" /readyz)
case "$READY" in "503 "*'"failing":['*'"disk_space"'*) ;; *) fail "/readyz below the reserve: $READY" ;; esac
echo "/readyz: $READY"
rm -f "$MNT"/filler.*
[ "$(raw post "$PORT" "$TOKEN" | cut -d' ' -f1)" = 201 ] || fail "writes did not resume once space was freed"
echo "space freed: writes resume without a restart"
stop_server
"$CERTREG" verify --data "$DATA" >/dev/null || fail "certreg verify after phase 1"

echo "== 2. no reserve: RocksDB runs out of space =="
start_server 0
fill_to 0
START=$(date +%s)
FILLED=$(raw fill "$PORT" "$TOKEN" 100000)
echo "writes accepted on the last bytes: ${FILLED%% *}"
expect_507 "${FILLED#* }" "a write on a full disk"
HEAD=$(log_size)
for _ in 1 2 3; do expect_507 "$(raw post "$PORT" "$TOKEN")" "a write on a full disk"; done
sleep 12  # the process used to abort here, within about 20 s of the first failed write
alive "12 s after the first ENOSPC"
[ "$(log_size)" = "$HEAD" ] || fail "refused writes moved the log head"
expect_reads "after ENOSPC"
READY=$(raw get "$PORT" /readyz)
case "$READY" in "503 "*'"store_writable"'*) ;; *) fail "/readyz after ENOSPC: $READY" ;; esac
HEALTH=$(raw get "$PORT" /healthz)
case "$HEALTH" in "200 "*'"writable":false'*) ;; *) fail "/healthz after ENOSPC: $HEALTH" ;; esac
echo "alive $(( $(date +%s) - START )) s after the first ENOSPC; /healthz: $HEALTH"
rm -f "$MNT"/filler.*
RESUMED=
for i in $(seq 30); do
  if [ "$(raw post "$PORT" "$TOKEN" | cut -d' ' -f1)" = 201 ]; then RESUMED=$i; break; fi
  sleep 1
done
[ -n "$RESUMED" ] || fail "writes did not resume within 30 s of freeing space"
echo "space freed: writes resume without a restart (attempt $RESUMED)"
stop_server
"$CERTREG" verify --data "$DATA" >/dev/null || fail "certreg verify after phase 2"

echo "== 3. started on a full disk =="
fill_to 0
start_server 4
alive "start on a full disk"
expect_reads "started on a full disk"
expect_507 "$(raw post "$PORT" "$TOKEN")" "a write after starting on a full disk"
READY=$(raw get "$PORT" /readyz)
case "$READY" in "503 "*'"store_writable"'*) ;; *) fail "/readyz after starting full: $READY" ;; esac
echo "/readyz: $READY"
grep -q "takes no writes" "$WORK/server.err" || fail "the log does not say why writes are refused"
stop_server
rm -f "$MNT"/filler.*
"$CERTREG" verify --data "$DATA" || fail "certreg verify at the end"
start_server 4
[ "$(raw post "$PORT" "$TOKEN" | cut -d' ' -f1)" = 201 ] || fail "writes did not resume after a restart with space"
echo "restarted with space: writes resume"
echo "PASS: a full disk refuses writes with 507, keeps reads and the process, and recovers"
