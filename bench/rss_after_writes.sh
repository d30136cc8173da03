#!/usr/bin/env bash
# The resident memory of `certreg serve` after N writes (one new application
# each, from 8 keep-alive clients), on a fresh data directory:
#   bench/rss_after_writes.sh CERTREG_BINARY [N=30000] [serve flags...]
# Prints the RSS at start, after each quarter of the writes, and at the end.
set -euo pipefail
CERTREG=$1 N=${2:-30000}
shift $(( $# < 2 ? $# : 2 ))
WORK=$(mktemp -d "${TMPDIR:-/tmp}/certreg-rss-XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
"$CERTREG" init --data "$WORK/data" >/dev/null
TOKEN=$("$CERTREG" token create --data "$WORK/data" --role clerk --name li.na | tail -n 1)
"$CERTREG" serve --data "$WORK/data" --listen 127.0.0.1:0 --sweep-interval 0 "$@" >"$WORK/out" 2>/dev/null &
PID=$!
for _ in $(seq 300); do grep -q '^listening on' "$WORK/out" && break; sleep 0.1; done
PORT=$(sed -n 's|^listening on http://127.0.0.1:||p' "$WORK/out")
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$PID/status"; }
echo "start: $(rss)"
python3 - "$PORT" "$TOKEN" "$N" "$PID" <<'PY'
import http.client, json, sys, threading
port, token, n, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
def body(i):  # a scope of its own for each: no application duplicates another (domain.md §9.12)
  return json.dumps({
    "applicant": {"name": "杭州云帆直播电子商务有限公司", "address": "浙江省杭州市滨江区江南大道588号",
                  "uscc": "91330110MA2H3X4Y52", "org_type": "live_service_agency",
                  "legal_representative": "张伟", "contact": {"name": "李娜", "phone": "13800138000"}},
    "declarations": {"materials_true": True, "accepts_audit": True, "follows_rules": True, "continuous_improvement": True},
    "eligibility": {"legal_entity": True, "qms_established": True, "meets_standard": True,
                    "no_major_accident_12m": True, "has_resources": True},
    "scope": f"电子商务直播售货质量管理（直播营销服务）{i}"}).encode()
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"): return f"{int(line.split()[1]) // 1024} MiB"
done, lock, failures = [0], threading.Lock(), [0]
def client(first, count):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(first, first + count):
        c.request("POST", "/api/v1/applications", body(i), {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        r = c.getresponse(); r.read()
        with lock:
            failures[0] += r.status != 201
            done[0] += 1
            if done[0] % (n // 4) == 0: print(f"after {done[0]} writes: {rss()}", flush=True)
threads = [threading.Thread(target=client, args=(k * (n // 8), n // 8)) for k in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(f"refused: {failures[0]}")
PY
echo "end: $(rss)"
