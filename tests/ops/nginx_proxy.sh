#!/usr/bin/env bash
# ops.nginx_proxy: Debian's nginx, run as the test user with the shipped
# deploy/nginx/certreg.conf (its placeholders replaced by this test's ports and
# paths), in front of `certreg serve` on the demo data, driven over HTTPS and
# HTTP/2 with curl: the page and its ETag, a certificate page, a public lookup
# cached to the end of its second (X-Accel-Expires), a suspension seen through
# nginx within 1 s of its acknowledgement, a staff command that is never
# cached and whose If-Match reaches the server, the body limit, gzip, the
# request id, X-Forwarded-For, the HTTP->HTTPS redirect and the change feed's
# stream passed on unbuffered.
#   tests/ops/nginx_proxy.sh CERTREG_BINARY SOURCE_DIR
set -euo pipefail
CERTREG=$1
SOURCE=$2
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
source "$(dirname "${BASH_SOURCE[0]}")/deploy_lib.sh"
require_tools "$NGINX" openssl curl python3
fail_context() { tail -n 20 "${WORK:-/nonexistent}/nginx/error.log" 2>/dev/null; }

WORK=$(mktemp -d)
chmod 0755 "$WORK"  # nginx's workers read the certificate and write the cache here
NGINX_PID=
stop_nginx() {
  [ -n "$NGINX_PID" ] || return 0
  kill -QUIT "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=
}
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
trap 'stop_nginx; stop_server; rm -rf "$WORK"' EXIT

"$CERTREG" demo --data "$WORK/data" >/dev/null
CLERK=$("$CERTREG" token create --data "$WORK/data" --role clerk --name li.na | tail -n 1)
COMMITTEE=$("$CERTREG" token create --data "$WORK/data" --role committee --name zhou.qi | tail -n 1)
start_server "$WORK/data" --trusted-proxy 127.0.0.1/32
UPSTREAM=${BASE_URL#http://}

# --- nginx with the shipped server block -------------------------------------
read -r HTTP_PORT HTTPS_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')
N="$WORK/nginx"
mkdir -p "$N/cache" "$N/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$N/key.pem" -out "$N/cert.pem" 2>/dev/null

# The shipped file rendered for this test's ports and paths (deploy/nginx/render.sh).
# The shipped upstream is certreg's default --listen; the test's server listens on a free port.
DEFAULT_LISTEN=$("$CERTREG" serve --print-config | sed -n 's/^listen = "\(.*\)"$/\1/p')
[ -n "$DEFAULT_LISTEN" ] || fail "serve --print-config names no listen address"
source "$SOURCE/deploy/nginx/render.sh"
render_shipped_nginx "$SOURCE/deploy/nginx/certreg.conf" "$N" "$UPSTREAM" "$DEFAULT_LISTEN" "$HTTP_PORT" "$HTTPS_PORT" ||
  fail "deploy/nginx/certreg.conf could not be rendered"
"$NGINX" -t -q -p "$N" -c "$N/nginx.conf" -e "$N/error.log" || fail "nginx -t refuses the configuration"
"$NGINX" -p "$N" -c "$N/nginx.conf" -e "$N/error.log" -g 'daemon off;' &
NGINX_PID=$!
HTTPS="https://127.0.0.1:$HTTPS_PORT"
for _ in $(seq 100); do
  curl -ks --max-time 2 -o /dev/null "$HTTPS/healthz" && break
  kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited at start"
  sleep 0.1
done

# GET through nginx over HTTP/2 with TLS: headers into $WORK/h, body into $WORK/b.
get() {
  curl -sS --http2 --cacert "$N/cert.pem" --max-time 10 -D "$WORK/h" -o "$WORK/b" "$@"
}
status() { sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$WORK/h"; }
header() { sed -n "s/^$1: *\(.*\)\r$/\1/Ip" "$WORK/h" | head -n 1; }
expect() {  # expect WHAT ACTUAL WANTED
  [ "$2" = "$3" ] || fail "$1: '$2', expected '$3'"
}
NUMBER=$(curl -fsS "$BASE_URL/public/v1/certificates?status=VALID&page_size=1" |
  grep -o '"certificate_no":"[^"]*"' | head -n 1 | cut -d'"' -f4)
[ -n "$NUMBER" ] || fail "the demo data has no valid certificate"

check_page() {
  get "https://localhost:$HTTPS_PORT/" --resolve "localhost:$HTTPS_PORT:127.0.0.1"
  expect "GET / status" "$(status)" 200
  grep -q '^HTTP/2 ' "$WORK/h" || fail "nginx did not answer over HTTP/2"
  expect "GET / Cache-Control" "$(header Cache-Control)" no-cache
  local etag
  etag=$(header ETag)
  [ -n "$etag" ] || fail "GET / lost its ETag in nginx"
  # The server marks the page no-cache: nginx stores none, and certreg answers If-None-Match.
  expect "GET / X-Cache-Status" "$(header X-Cache-Status)" ""
  get "$HTTPS/" -H "If-None-Match: $etag"
  expect "GET / with If-None-Match: its ETag" "$(status)" 304
  # A gzipped asset's ETag is weak (W/"..."), and so is what the browser sends back.
  get "$HTTPS/assets/app.js" -H 'Accept-Encoding: gzip'
  etag=$(header ETag)
  expect "app.js gzipped ETag" "${etag:0:2}" W/
  get "$HTTPS/assets/app.js" -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag"
  expect "app.js with If-None-Match: its weak ETag" "$(status)" 304
  get "$HTTPS/certificates/$NUMBER"
  expect "the certificate page" "$(status)" 200
  grep -q '^content-type: text/html' "$WORK/h" || fail "the certificate page is not text/html"
  echo "page: HTTP/2, ETag and Cache-Control no-cache passed through, 304 on If-None-Match (weak too)"
}

check_public_lookup() {
  local url="$HTTPS/public/v1/certificates/$NUMBER"
  sleep_to_second_start  # the two lookups fall in one second: the second is from the cache
  get "$url" -H "X-Request-Id: nginx-test-1"
  expect "public lookup" "$(status)" 200
  expect "first lookup X-Cache-Status" "$(header X-Cache-Status)" MISS
  expect "first lookup Cache-Control (the server's own)" "$(header Cache-Control)" "public, max-age=1"
  expect "first lookup X-Accel-Expires (nginx's alone)" "$(header X-Accel-Expires)" ""
  expect "first lookup X-Request-Id" "$(header X-Request-Id)" nginx-test-1
  cp "$WORK/b" "$WORK/first.json"
  # The copy lives to the end of its second: on a loaded machine the second
  # lookup may fall into the next one (REVALIDATED); then both are asked again.
  local attempt
  for attempt in 1 2 3 4 5; do
    get "$url" -H "X-Request-Id: nginx-test-2"
    [ "$(header X-Cache-Status)" = HIT ] && break
    sleep_to_second_start
    get "$url"
  done
  expect "second lookup X-Cache-Status" "$(header X-Cache-Status)" HIT
  cmp -s "$WORK/b" "$WORK/first.json" || fail "the cached lookup differs from the first"
  # nginx sends no Age: a browser must not add a max-age of its own to nginx's.
  expect "cached lookup Cache-Control" "$(header Cache-Control)" "public, no-cache"
  expect "cached lookup X-Request-Id" "$(header X-Request-Id)" nginx-test-2
  # An id certreg would not take is replaced by nginx's own, for both.
  get "$url" -H "X-Request-Id: not an id"
  grep -Eq '^[0-9a-f]{32}$' <<<"$(header X-Request-Id)" || fail "an unusable X-Request-Id came back as '$(header X-Request-Id)'"
  echo "public lookup: Cache-Control passed through, the second answer from nginx's cache"
}

# Waits until the wall clock's second is at most 0.2 s old (nginx keeps a
# public answer to the end of its second).
sleep_to_second_start() {
  python3 -c 'import time; f = time.time() % 1; time.sleep(0 if f < 0.2 else 1 - f)'
}

# A status change seen through nginx within 1 s of its acknowledgement. A
# client on 127.0.0.4 (its own rate allowance) polls a lookup through nginx
# every 60 ms; a committee member suspends the certificate through nginx's
# /api/; every lookup sent more than 1 s after the acknowledgement must say
# SUSPENDED, and between the server's answers nginx answered from its cache.
check_status_change_visible() {
  local number
  number=$(curl -fsS "$BASE_URL/public/v1/certificates?status=VALID&page_size=2" |
    grep -o '"certificate_no":"[^"]*"' | sed -n 2p | cut -d'"' -f4)
  [ -n "$number" ] || fail "the demo data has no second valid certificate"
  python3 - "$HTTPS_PORT" "$N/cert.pem" "$number" "$COMMITTEE" <<'PY' || fail "a suspension was not seen through nginx within 1 s"
import http.client, json, socket, ssl, sys, threading, time
port, cafile, number, token = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=cafile)
def connect(source):
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10, source_address=(source, 0))
    c.connect()
    return c
polls, stop = [], threading.Event()
def poll():
    c = connect("127.0.0.4")
    while not stop.is_set():
        sent = time.time()
        c.request("GET", f"/public/v1/certificates/{number}")
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            polls.append((sent, f"HTTP {r.status}", ""))
        else:
            polls.append((sent, json.loads(body)["status"], r.getheader("X-Cache-Status", "")))
        time.sleep(max(0.0, sent + 0.06 - time.time()))
poller = threading.Thread(target=poll)
poller.start()
time.sleep(1.5)
staff = connect("127.0.0.1")
body = json.dumps({"grounds": "8.2.1-1", "details": "整改逾期", "rectification": "完成整改",
                   "deadline": "2099-12-31", "approver": "陈杰"})
staff.request("POST", f"/api/v1/certificates/{number}/suspension", body=body.encode(),
              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
answer = staff.getresponse()
acknowledged = time.time()
text = answer.read().decode()
if answer.status // 100 != 2:
    stop.set(); poller.join()
    sys.exit(f"the suspension was refused: {answer.status} {text}")
time.sleep(2.0)
stop.set()
poller.join()
before = [p for p in polls if p[0] < acknowledged]
late = [p for p in polls if p[0] > acknowledged + 1.0 and p[1] != "SUSPENDED"]
seen = [p[0] for p in polls if p[0] >= acknowledged and p[1] == "SUSPENDED"]
stale = [p[0] for p in polls if p[0] >= acknowledged and p[1] == "VALID"]
hits = sum(1 for p in before if p[2] == "HIT")
if any(p[1] != "VALID" for p in before):
    sys.exit(f"lookups before the suspension: {sorted(set(p[1] for p in before))}")
if hits == 0:
    sys.exit(f"nginx answered none of {len(before)} lookups before the suspension from its cache")
if late or not seen:
    sys.exit(f"{len(late)} lookups sent over 1 s after the acknowledgement did not say SUSPENDED: {late[:3]}")
print(f"status change: {len(before)} lookups before it ({hits} from nginx's cache); "
      f"SUSPENDED through nginx {seen[0] - acknowledged:.3f} s after the acknowledgement "
      f"(the first lookup sent after it that said so; the last saying VALID was sent "
      f"{(stale[-1] - acknowledged) if stale else 0:.3f} s after it)")
PY
}

check_staff_command() {
  local url="$HTTPS/api/v1/certificates/$NUMBER"
  local i
  for i in 1 2; do
    get "$url" -H "Authorization: Bearer $CLERK"
    expect "staff read $i" "$(status)" 200
    expect "staff read $i Cache-Control" "$(header Cache-Control)" no-store
    expect "staff read $i X-Cache-Status" "$(header X-Cache-Status)" ""
  done
  # If-Match reaches the server as sent (a cache would have removed it): a bad one is refused by name.
  get "$url/changes" -X POST -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' \
    -H 'If-Match: not-a-version' --data '{}'
  grep -q 'If-Match' "$WORK/b" || fail "a bad If-Match through nginx was not refused by name: $(cat "$WORK/b")"
  # Bodies above 1 MiB stop at nginx, as at certreg.
  head -c $((2 << 20)) /dev/zero | tr '\0' 'x' >"$WORK/big"
  get "$url/changes" -X POST -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' \
    --data-binary @"$WORK/big"
  expect "a 2 MiB body" "$(status)" 413
  echo "staff API: never cached, If-Match passed through, 413 above 1 MiB"
}

check_gzip() {
  get "$HTTPS/assets/app.js" -H 'Accept-Encoding: gzip'
  expect "app.js gzip" "$(header Content-Encoding)" gzip
  get "$HTTPS/public/v1/certificates?status=VALID&page_size=20" -H 'Accept-Encoding: gzip'
  expect "search JSON gzip" "$(header Content-Encoding)" gzip
  gzip -dc "$WORK/b" | grep -q "\"certificate_no\":\"$NUMBER\"" || fail "the gzipped search answer is not its JSON"
  echo "gzip: scripts and JSON"
}

# The server's access log line for the request with id $1 (written out every second).
access_log_line() {
  local line= _
  for _ in $(seq 50); do
    line=$(grep -m1 -- "$1" "$WORK/server.err" || true)
    [ -n "$line" ] && break
    sleep 0.1
  done
  [ -n "$line" ] || fail "the server logged no request $1"
  echo "$line"
}

# What the server sees of the client behind nginx. The client is 127.0.0.3
# (curl binds it; all of 127/8 is loopback), nginx reaches certreg from
# 127.0.0.1, and the client forges X-Forwarded-For. nginx replaces the forged
# value with 127.0.0.3, and certreg, trusting nginx's address
# (--trusted-proxy 127.0.0.1/32, as deployed), logs the client behind it. (A
# peer it does not trust is logged as itself: tests/http/trusted_proxy_test.cc.)
check_forwarded_for() {
  get "$HTTPS/public/v1/certificates/CMM-525-1999-00000" --interface 127.0.0.3 -H 'X-Request-Id: nginx-xff-1' \
    -H 'X-Forwarded-For: 203.0.113.7'
  local line
  line=$(access_log_line nginx-xff-1)
  grep -q 'remote=127\.0\.0\.3' <<<"$line" || fail "certreg did not log the client behind its trusted proxy: $line"
  grep -q '203\.0\.113\.7' <<<"$line" && fail "a forged X-Forwarded-For reached certreg's log: $line"
  echo "X-Forwarded-For: the client behind the trusted nginx logged; a forged one in no log"
}

check_redirect() {
  local answer
  answer=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' \
    "http://127.0.0.1:$HTTP_PORT/certificates/$NUMBER?lang=zh")
  expect "plain HTTP" "$answer" "301 https://127.0.0.1/certificates/$NUMBER?lang=zh"
  echo "plain HTTP: 301 to HTTPS"
}

# 100 public lookups at once, 30 in flight (below the 64 connections an
# address may hold): the burst of 40 passes, the rest beyond the rate gets 429.
# Last, as it spends the address's allowance.
check_public_rate_limit() {
  local args=() i
  for i in $(seq 100); do args+=(-o /dev/null "$HTTPS/public/v1/certificates/$NUMBER?n=$i"); done
  curl -sS --http2 --cacert "$N/cert.pem" --max-time 30 --no-progress-meter --parallel --parallel-max 30 -w '%{http_code}\n' \
    "${args[@]}" >"$WORK/codes"
  local ok limited
  ok=$(grep -cx 200 "$WORK/codes" || true)
  limited=$(grep -cx 429 "$WORK/codes" || true)
  [ "$((ok + limited))" -eq 100 ] || fail "100 lookups at once: answers other than 200 and 429: $(sort "$WORK/codes" | uniq -c)"
  [ "$ok" -ge 41 ] || fail "100 lookups at once: only $ok passed, below the burst of 40"
  [ "$limited" -ge 1 ] || fail "100 lookups at once: none was limited"
  echo "public lookups: $ok of 100 at once answered, $limited limited with 429"
}

# The change feed's stream through the shipped location: the head says
# text/event-stream, and the replayed items reach the client while the stream
# is still open (nginx buffers none of it), over HTTP/2 with TLS.
check_feed_stream() {
  local out="$WORK/stream" i
  curl -sS -N --http2 --cacert "$N/cert.pem" --max-time 6 -D "$WORK/stream.h" -o "$out" \
    "$HTTPS/public/v1/feed/stream?after=0" &
  local reader=$!
  for i in $(seq 1 40); do
    grep -q '^event: ' "$out" 2>/dev/null && break
    sleep 0.1
  done
  kill -0 "$reader" 2>/dev/null || fail "the stream through nginx ended before its items were read"
  grep -q '^event: ' "$out" || fail "no item of the stream came through nginx within 4 s"
  grep -q '^id: ' "$out" || fail "the stream's items through nginx have no id"
  kill "$reader" 2>/dev/null || true
  wait "$reader" 2>/dev/null || true
  grep -qi '^content-type: text/event-stream' "$WORK/stream.h" || fail "the stream through nginx is not text/event-stream"
  echo "feed stream: text/event-stream, items through nginx while the stream is open"
}

check_page
check_public_lookup
check_status_change_visible
check_feed_stream
check_staff_command
check_gzip
check_forwarded_for
check_redirect
check_public_rate_limit
