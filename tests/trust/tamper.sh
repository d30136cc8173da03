#!/usr/bin/env bash
# trust.tamper (trust.md §7; README, "Operating the signed log"): one byte of
# a stored event changed with RocksDB's own `ldb`, below a checkpoint that an
# outside party kept, is caught three ways:
#   1. `certreg serve` refuses to start (exit 2, naming the checkpoint's size;
#      nothing listens);
#   2. `certreg verify` exits 1 naming the changed event's position;
#   3. an operator who goes around the check (deletes the `checkpoints` and
#      `tree` column families' rows, so the server rebuilds the tree from the
#      changed events and signs anew) still cannot show the outside party a
#      consistency proof from its old checkpoint: the server has none, and the
#      proof built from the new tree's served hash tiles fails RFC 9162's check
#      against the old root (tests/trust/rfc9162.py, written from the RFC).
#   tests/trust/tamper.sh CERTREG_BINARY
set -euo pipefail
CERTREG=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RFC9162="$HERE/rfc9162.py"
if ! command -v ldb >/dev/null 2>&1; then
  echo "RocksDB's ldb is not installed: apt-get install rocksdb-tools (tools/test does)" >&2
  exit 1
fi

WORK=$(mktemp -d)
source "$HERE/../ops/server.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
DATA=$WORK/data

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The log's size (GET /healthz) and the published checkpoint (GET /log/checkpoint).
log_size() { curl -fsS --max-time 10 "$BASE_URL/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["log_size"])'; }
checkpoint_field() { sed -n "${2}p" "$1"; }  # line 2: the size, line 3: the root

# Waits (at most 30 s) until the published checkpoint covers the whole log; saves it in $1.
wait_for_checkpoint() {
  local want i
  want=$(log_size)
  for i in $(seq 300); do
    if curl -fsS --max-time 10 -o "$1" "$BASE_URL/log/checkpoint" 2>/dev/null &&
      [ "$(checkpoint_field "$1" 2)" = "$want" ]; then
      return 0
    fi
    sleep 0.1
  done
  fail "no checkpoint of size $want was published within 30 s"
}

# Appends N applications through the API.
grow() {
  local out
  out=$(python3 "$HERE/../ops/raw_http.py" fill "${BASE_URL##*:}" "$CLERK" "$1")
  [ "${out%% *}" = "$1" ] || fail "growing the log: $out"
}

"$CERTREG" init --data "$DATA" --log-origin tamper.example/log >/dev/null
CLERK=$("$CERTREG" token create --data "$DATA" --role clerk --name li.na | tail -n 1)
start_server "$DATA" --checkpoint-interval 0.05

# C1: an outside party keeps the published checkpoint.
grow 5  # C1 of a size that is no power of two: its root is not the first hash of a proof
wait_for_checkpoint "$WORK/c1"
C1_SIZE=$(checkpoint_field "$WORK/c1" 2)
C1_ROOT=$(checkpoint_field "$WORK/c1" 3)
grow 4
wait_for_checkpoint "$WORK/c2"
C2_SIZE=$(checkpoint_field "$WORK/c2" 2)
C2_ROOT=$(checkpoint_field "$WORK/c2" 3)
# While the log is honest, both the served proof and the one built from the
# tiles take C1 to C2 (so the checker below can say yes).
curl -fsS --max-time 10 "$BASE_URL/log/proof/consistency/$C1_SIZE/$C2_SIZE" |
  python3 "$RFC9162" consistency "$C1_SIZE" "$C1_ROOT" "$C2_SIZE" "$C2_ROOT"
python3 "$RFC9162" tile-proof "$BASE_URL" "$C1_SIZE" "$C2_SIZE" |
  python3 "$RFC9162" consistency "$C1_SIZE" "$C1_ROOT" "$C2_SIZE" "$C2_ROOT"
stop_server  # a clean stop signs the last checkpoint
"$CERTREG" verify --data "$DATA" >/dev/null || fail "certreg verify fails before any change"
LAST_SIZE=$("$CERTREG" verify --data "$DATA" | sed -n 's/.*the last signed checkpoint (size \([0-9]*\)).*/\1/p')
[ -n "$LAST_SIZE" ] || fail "certreg verify names no last signed checkpoint"

# One byte of event 1 (below C1's size): the actor li.na becomes mi.na.
POSITION=1
KEY=0x$(printf '%016X' "$POSITION")
VALUE=$(ldb --db="$DATA" --column_family=events get --key_hex "$KEY" --value_hex)
CHANGED=${VALUE/6C692E6E61/6D692E6E61}
[ "$CHANGED" != "$VALUE" ] || fail "event $POSITION does not hold its actor's name li.na"
ldb --db="$DATA" --column_family=events put --key_hex --value_hex "$KEY" "$CHANGED" >/dev/null
echo "changed one byte of event $POSITION with ldb"

# 1. serve refuses: exit 2, naming the checkpoint and its size; it never listens.
set +e
timeout 60 "$CERTREG" serve --data "$DATA" --listen 127.0.0.1:0 >"$WORK/refused.out" 2>"$WORK/refused.err"
RC=$?
set -e
[ "$RC" = 2 ] || fail "serve on the changed store exited $RC, not 2: $(cat "$WORK/refused.err")"
grep -q "^certreg serve: refusing to serve $DATA: the events of the log hash to root .* at size $LAST_SIZE, not to the root .* of the checkpoint signed at that size" \
  "$WORK/refused.err" || fail "serve's refusal does not name the checkpoint and its size: $(cat "$WORK/refused.err")"
! grep -q 'listening on' "$WORK/refused.out" || fail "serve listened on a changed store"
echo "serve refused: $(grep -o 'at size [0-9]*, not to the root [^ ]* of the checkpoint signed at that size' "$WORK/refused.err")"

# 2. verify exits 1 and names the position.
set +e
"$CERTREG" verify --data "$DATA" >"$WORK/verify.out" 2>&1
RC=$?
set -e
[ "$RC" = 1 ] || fail "verify on the changed store exited $RC, not 1: $(cat "$WORK/verify.out")"
grep -q "^FAILED: first bad position $POSITION:" "$WORK/verify.out" ||
  fail "verify does not name position $POSITION: $(cat "$WORK/verify.out")"
grep -q "not to the root .* of the checkpoint signed at that size" "$WORK/verify.out" ||
  fail "verify does not report the checkpoint: $(cat "$WORK/verify.out")"
echo "verify: $(head -n 1 "$WORK/verify.out")"

# 3. Around the check: no kept checkpoints, no stored tree. The server
#    rebuilds the tree from the changed events and signs a new checkpoint.
ldb --db="$DATA" --column_family=checkpoints deleterange --hex 0x00 0xFFFFFFFFFFFFFFFFFF >/dev/null
ldb --db="$DATA" --column_family=tree deleterange --hex 0x00 0xFFFFFFFFFFFFFFFFFFFF >/dev/null
start_server "$DATA" --checkpoint-interval 0.05
wait_for_checkpoint "$WORK/c3"
C3_SIZE=$(checkpoint_field "$WORK/c3" 2)
C3_ROOT=$(checkpoint_field "$WORK/c3" 3)
[ "$C3_SIZE" -ge "$C2_SIZE" ] || fail "the rebuilt log is smaller than C2"
# The server signed nothing at C1's size any more: it has no proof from there.
STATUS=$(curl -sS --max-time 10 -o "$WORK/served.txt" -w '%{http_code}' "$BASE_URL/log/proof/consistency/$C1_SIZE/$C3_SIZE")
if [ "$STATUS" = 200 ]; then
  ! python3 "$RFC9162" consistency "$C1_SIZE" "$C1_ROOT" "$C3_SIZE" "$C3_ROOT" <"$WORK/served.txt" ||
    fail "the served proof takes C1 to the rebuilt log"
else
  [ "$STATUS" = 404 ] || fail "GET /log/proof/consistency/$C1_SIZE/$C3_SIZE answered $STATUS"
  echo "the rebuilt log serves no proof from C1's size ($STATUS)"
fi
# Whatever proof its tiles give fails against C1's root, and the tiles do give the new root.
[ "$(python3 "$RFC9162" tile-root "$BASE_URL" "$C3_SIZE")" = "$C3_ROOT" ] ||
  fail "the served tiles do not give the new checkpoint's root"
python3 "$RFC9162" tile-proof "$BASE_URL" "$C1_SIZE" "$C3_SIZE" >"$WORK/tile-proof.txt"
if python3 "$RFC9162" consistency "$C1_SIZE" "$C1_ROOT" "$C3_SIZE" "$C3_ROOT" <"$WORK/tile-proof.txt" >"$WORK/check.txt"; then
  fail "a consistency proof takes C1 to the rebuilt log: $(cat "$WORK/check.txt")"
fi
grep -qF "the proof gives the old tree the root" "$WORK/check.txt" && grep -qF ", not $C1_ROOT" "$WORK/check.txt" ||
  fail "the proof fails for another reason than C1's root: $(cat "$WORK/check.txt")"
echo "C1 -> rebuilt log: $(cat "$WORK/check.txt")"
echo "tamper: caught by serve, by verify and by C1's consistency proof"
