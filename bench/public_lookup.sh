#!/usr/bin/env bash
# Public lookup by number over HTTP, every rate measured in the same run with
# the same wrk settings, one after the other, and printed with its ratios:
#   direct:  certreg serve; a minimal cpp-httplib server answering the same
#            body (`certreg bench httplib-static`: the ceiling of an httplib
#            server); nginx serving the same body as a static file (same path,
#            same Content-Type, logging each request as certreg does).
#   --proxy: also the shipped deploy/nginx/certreg.conf (its placeholders
#            replaced as tests/ops/nginx_proxy.sh does, a self-signed
#            certificate) in front of certreg serve, over TLS: the lookup through
#            it (nginx answering from its cache, as deployed) against the same
#            body as a static file from the same server block, listener and TLS.
#            The public rate and connection limits are lifted for the
#            benchmark's own address (127.0.0.1) alone; the output says so.
#   bench/public_lookup.sh [--proxy] [--seconds N] [--connections N]
# CERTREG=path/to/certreg skips the build; CERTREG_CEILING=path/to/certreg
# runs the httplib ceiling with another binary (one before `bench
# httplib-static` existed can be measured so).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/tools/lib.sh"
SECONDS_EACH=10 CONNECTIONS=50 PROXY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --proxy) PROXY=1; shift ;;
    *) echo "usage: bench/public_lookup.sh [--proxy] [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done

ensure_packages "${CERTREG_PACKAGES[@]}" nginx wrk openssl curl
if [ -z "${CERTREG:-}" ]; then
  build_into "$ROOT/build/release" Release -DCERTREG_BUILD_TESTS=OFF
  CERTREG="$ROOT/build/release/certreg"
fi
CEILING=${CERTREG_CEILING:-$CERTREG}

WORK=$(mktemp -d)
SERVER_PID="" CEILING_PID="" NGINX_PID="" PROXY_PID=""
cleanup() {
  local pid
  for pid in "$SERVER_PID" "$CEILING_PID" "$NGINX_PID" "$PROXY_PID"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
chmod a+x "$WORK"  # nginx's workers run as another user

# Starts a program that prints "listening on URL"; sets LISTENING to the URL.
start_listening() {  # NAME COMMAND...
  local name=$1
  shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.log" &
  LAST_PID=$!
  for _ in $(seq 100); do grep -q "^listening on" "$WORK/$name.out" 2>/dev/null && break; sleep 0.1; done
  LISTENING=$(sed -n 's/^listening on //p' "$WORK/$name.out")
  [ -n "$LISTENING" ] || { echo "$name did not start; see $WORK/$name.log" >&2; cat "$WORK/$name.log" >&2; exit 1; }
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$CERTREG" demo --data "$WORK/data" >/dev/null
start_listening serve "$CERTREG" serve --data "$WORK/data" --listen 127.0.0.1:0 --sweep-interval 0
SERVER_PID=$LAST_PID CERTREG_URL=$LISTENING
NUMBER=$(curl -sf "$CERTREG_URL/public/v1/certificates?status=VALID&page_size=1" | sed -n 's/.*"certificate_no":"\([^"]*\)".*/\1/p')
PATH_=/public/v1/certificates/$NUMBER
mkdir -p "$WORK/www/public/v1/certificates" "$WORK/nginx"
curl -sf "$CERTREG_URL$PATH_" >"$WORK/www$PATH_"
chmod -R a+rX "$WORK/www"

start_listening httplib "$CEILING" bench httplib-static --body "$WORK/www$PATH_" --listen 127.0.0.1:0
CEILING_PID=$LAST_PID HTTPLIB_URL=$LISTENING

# nginx: the same body, the same path, the same Content-Type, logging as certreg does.
NGINX_PORT=$(free_port)
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $WORK/nginx/access.log;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { default_type application/json; }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
same_body() {  # URL [curl options]: fails unless the URL answers the lookup's body
  local url=$1
  shift
  for _ in $(seq 50); do curl -sf "$@" "$url" >"$WORK/check.body" 2>/dev/null && break; sleep 0.1; done
  cmp -s "$WORK/check.body" "$WORK/www$PATH_" || { echo "$url does not answer the same body" >&2; exit 1; }
}
same_body "http://127.0.0.1:$NGINX_PORT$PATH_"
same_body "$HTTPLIB_URL$PATH_"

if [ "$PROXY" = 1 ]; then
  # The shipped server block, rendered as tests/ops/nginx_proxy.sh renders it,
  # and one location more: the same body as a static file.
  P="$WORK/proxy"
  mkdir -p "$P/cache" "$P/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout "$P/key.pem" -out "$P/cert.pem" 2>/dev/null
  HTTP_PORT=$(free_port) HTTPS_PORT=$(free_port)
  DEFAULT_LISTEN=$("$CERTREG" serve --print-config | sed -n 's/^listen = "\(.*\)"$/\1/p')
  source "$ROOT/deploy/nginx/render.sh"
  # Requests from the benchmark's own address have no key: nginx limits none of them.
  render_shipped_nginx "$ROOT/deploy/nginx/certreg.conf" "$P" "${CERTREG_URL#http://}" "$DEFAULT_LISTEN" \
    "$HTTP_PORT" "$HTTPS_PORT" \
    'limit_conn_zone $binary_remote_addr' 'limit_conn_zone $certreg_bench_limited' \
    'limit_req_zone  $binary_remote_addr' 'limit_req_zone  $certreg_bench_limited' \
    '# Per client address:' 'map $remote_addr $certreg_bench_limited { 127.0.0.1 ""; default $binary_remote_addr; }
# Per client address:' \
    '    # /healthz, /metrics,' "    location ^~ /bench-static/ { alias $WORK/www/; default_type application/json; }

    # /healthz, /metrics," || exit 1
  nginx -p "$P" -c "$P/nginx.conf" -e "$P/error.log" -g 'daemon off;' &
  PROXY_PID=$!
  HTTPS="https://127.0.0.1:$HTTPS_PORT"
  same_body "$HTTPS$PATH_" -k
  same_body "$HTTPS/bench-static$PATH_" -k
  curl -sfk -D "$WORK/proxy.h" -o /dev/null "$HTTPS$PATH_"
  grep -qi '^x-cache-status: HIT' "$WORK/proxy.h" ||
    echo "note: the second lookup through nginx was not a cache HIT (a new second began?)" >&2
fi

rate() {  # url -> requests/s
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$1" | tee "$WORK/wrk.out" >&2
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out"
}
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
SETTINGS="wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s"
echo "==> certreg: $CERTREG_URL$PATH_" >&2
CERTREG_RATE=$(rate "$CERTREG_URL$PATH_")
echo "==> httplib: $HTTPLIB_URL$PATH_" >&2
HTTPLIB_RATE=$(rate "$HTTPLIB_URL$PATH_")
echo "==> nginx: http://127.0.0.1:$NGINX_PORT$PATH_" >&2
NGINX_RATE=$(rate "http://127.0.0.1:$NGINX_PORT$PATH_")
if [ "$PROXY" = 1 ]; then
  echo "==> through the shipped nginx configuration: $HTTPS$PATH_" >&2
  PROXY_RATE=$(rate "$HTTPS$PATH_")
  echo "==> the same nginx, static: $HTTPS/bench-static$PATH_" >&2
  STATIC_RATE=$(rate "$HTTPS/bench-static$PATH_")
fi

echo "public lookup by number ($SETTINGS): certreg $CERTREG_RATE req/s; nginx $NGINX_RATE req/s"
echo "ratio $(ratio "$CERTREG_RATE" "$NGINX_RATE")"
echo "direct: certreg $CERTREG_RATE req/s; cpp-httplib serving the same body $HTTPLIB_RATE req/s; ratio $(ratio "$CERTREG_RATE" "$HTTPLIB_RATE")"
if [ "$PROXY" = 1 ]; then
  echo "(deploy/nginx/certreg.conf with its rate and connection limits lifted for 127.0.0.1, the benchmark's address, alone; both over its TLS listener)"
  echo "public lookup through the proxy: $PROXY_RATE req/s; nginx static $STATIC_RATE req/s; ratio $(ratio "$PROXY_RATE" "$STATIC_RATE")"
fi
