#!/usr/bin/env bash
# Public lookup by number over HTTP: certreg serve against nginx serving the
# same JSON body as a static file, both driven by the same wrk settings in the
# same run, one after the other. Prints both rates and their ratio.
#   bench/public_lookup.sh [--seconds N] [--connections N]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/tools/lib.sh"
SECONDS_EACH=10 CONNECTIONS=50
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "usage: bench/public_lookup.sh [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done

ensure_packages "${CERTREG_PACKAGES[@]}" nginx wrk
if [ -z "${CERTREG:-}" ]; then  # CERTREG=path/to/certreg skips the build
  build_into "$ROOT/build/release" Release -DCERTREG_BUILD_TESTS=OFF
  CERTREG="$ROOT/build/release/certreg"
fi

WORK=$(mktemp -d)
SERVER_PID="" NGINX_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$CERTREG" demo --data "$WORK/data" > /dev/null
"$CERTREG" serve --data "$WORK/data" --listen 127.0.0.1:0 --sweep-interval 0 > "$WORK/serve.out" 2> "$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
CERTREG_URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
NUMBER=$(curl -sf "$CERTREG_URL/public/v1/certificates?status=VALID&page_size=1" | sed -n 's/.*"certificate_no":"\([^"]*\)".*/\1/p')
PATH_=/public/v1/certificates/$NUMBER

# nginx: the same body, the same path, the same Content-Type, logging as certreg does.
mkdir -p "$WORK/www/public/v1/certificates" "$WORK/nginx"
curl -sf "$CERTREG_URL$PATH_" > "$WORK/www$PATH_"
NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$WORK/nginx/nginx.conf" <<CONF
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
chmod -R a+rX "$WORK/www" && chmod a+x "$WORK"  # nginx's workers run as another user
nginx -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NGINX_PORT$PATH_" > "$WORK/nginx.body" 2>/dev/null && break; sleep 0.1; done
if ! cmp -s "$WORK/nginx.body" "$WORK/www$PATH_"; then
  echo "nginx does not serve the same body; see $WORK/nginx/error.log" >&2
  exit 1
fi

rate() {  # url -> requests/s
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$1" | tee "$WORK/wrk.out" >&2
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out"
}
echo "==> certreg: $CERTREG_URL$PATH_" >&2
CERTREG_RATE=$(rate "$CERTREG_URL$PATH_")
echo "==> nginx: http://127.0.0.1:$NGINX_PORT$PATH_" >&2
NGINX_RATE=$(rate "http://127.0.0.1:$NGINX_PORT$PATH_")
echo "public lookup by number (wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s): certreg $CERTREG_RATE req/s; nginx $NGINX_RATE req/s"
python3 -c "print('ratio %.2f' % ($CERTREG_RATE / $NGINX_RATE))"
