#!/usr/bin/env bash
# Runs the README's walk-through ("From tools/run to a first certificate")
# exactly as written, against a server on the demo data, and checks that it
# ends with a certificate the public search finds. Keeps the README honest.
#   tests/docs/readme_walkthrough.sh CERTREG_BINARY README
set -euo pipefail
CERTREG=$1 README=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/certreg-readme-XXXXXX")
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# What tools/run makes on a first run: the demo data and one token per role.
mkdir -p "$WORK/var"
"$CERTREG" demo --data "$WORK/var/certreg" > /dev/null
for pair in clerk:li.na auditor:zhang.wei committee:chen.jie regulator:regulator.demo admin:admin.demo; do
  echo "${pair%%:*} ${pair#*:} $("$CERTREG" token create --data "$WORK/var/certreg" --role "${pair%%:*}" --name "${pair#*:}" | tail -n 1)" \
    >> "$WORK/var/certreg.demo-tokens"
done
"$CERTREG" serve --data "$WORK/var/certreg" --listen 127.0.0.1:0 --sweep-interval 0 > "$WORK/serve.out" 2> "$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
[ -n "$URL" ] || { echo "FAIL: the server did not start"; cat "$WORK/serve.log"; exit 1; }

# The block as written; U (the server's address, a free port here) comes from
# the environment, and the file id the first step answered replaces the
# README's example id.
python3 - "$README" > "$WORK/walk.sh" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("### From `tools/run` to a first certificate")
begin = text.index("```sh", start) + len("```sh")
print(text[begin:text.index("```", begin)])
PY
grep -q '^U=${U:-' "$WORK/walk.sh" || { echo "FAIL: the walk-through no longer takes U from the environment"; exit 1; }
FILE_ID=$(printf 'F-%s-%06d' "$(date +%Y)" 39)  # the demo holds 38 files of this year
sed -i "s|^F=F-2026-000039 |F=$FILE_ID |" "$WORK/walk.sh"
(cd "$WORK" && U=$URL bash "$WORK/walk.sh") > "$WORK/walk.out" 2>&1 || { echo "FAIL: the walk-through failed"; cat "$WORK/walk.out"; exit 1; }
cat "$WORK/walk.out"

fail() { echo "FAIL: $1"; exit 1; }
grep -q '"type":"CertificateIssued"' "$WORK/walk.out" || fail "no certificate was issued"
grep -q '"holder_name":"杭州云帆直播电子商务有限公司"' "$WORK/walk.out" || fail "the public search did not find the new holder"
if grep -q '"status":4[0-9][0-9]' "$WORK/walk.out"; then fail "a step was refused"; fi
echo "README walk-through: a first certificate issued and found by the public search"
