# Renders the shipped deploy/nginx/certreg.conf for a scratch nginx in front
# of a certreg on a loopback port, as tests/ops/nginx_proxy.sh and
# bench/public_lookup.sh --proxy run it. Source this file (bash).

# render_shipped_nginx SOURCE_CONF DIR UPSTREAM DEFAULT_LISTEN HTTP_PORT HTTPS_PORT [FROM TO]...
# Writes DIR/certreg.conf: the shipped server block with its placeholders
# replaced (the upstream DEFAULT_LISTEN by UPSTREAM, listens on 127.0.0.1
# alone, the [::] lines dropped, DIR/cert.pem, DIR/key.pem and DIR/cache),
# then each further FROM by its TO; and DIR/nginx.conf, the main file
# including it with every path under DIR (DIR/tmp must exist). A placeholder
# the shipped file no longer holds fails (status 1, said on standard error),
# so the file and its users cannot drift apart silently.
render_shipped_nginx() {
  local source=$1 dir=$2 upstream=$3 default_listen=$4 http_port=$5 https_port=$6
  shift 6
  python3 - "$source" "$dir/certreg.conf" \
    "server $default_listen;" "server $upstream;" \
    "listen 80;" "listen 127.0.0.1:$http_port;" \
    "listen 443 ssl http2;" "listen 127.0.0.1:$https_port ssl http2;" \
    "listen [::]:80;" "" \
    "listen [::]:443 ssl http2;" "" \
    "/etc/ssl/certreg/fullchain.pem" "$dir/cert.pem" \
    "/etc/ssl/certreg/privkey.pem" "$dir/key.pem" \
    "/var/cache/nginx/certreg" "$dir/cache" \
    "$@" <<'PY' || return 1
import sys
source, target, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(source).read()
for old, new in zip(pairs[::2], pairs[1::2]):
    if old not in text:
        sys.exit(f"deploy/nginx/certreg.conf no longer holds {old!r}")
    text = text.replace(old, new)
open(target, "w").write(text)
PY
  {
    [ "$(id -u)" -eq 0 ] && echo "user root;"  # else the workers would run as nobody
    cat <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $dir/access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/certreg.conf;
}
CONF
  } >"$dir/nginx.conf"
}
