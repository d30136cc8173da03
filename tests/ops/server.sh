# Starts `certreg serve` for a test script and stops it, whatever happens.
# Sourced, not run. Expects CERTREG (the binary) and WORK (a fresh temporary
# directory the caller removes); sets SERVER_PID and BASE_URL.

SERVER_PID=

# Stops the server (SIGTERM, then SIGKILL after 10 s) if it runs.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -TERM "$SERVER_PID" 2>/dev/null; then
    local i
    for i in $(seq 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# Serves the data directory $1 on 127.0.0.1 and a port the kernel picks, with
# any further arguments given to serve; returns once the server says it
# listens (at most 30 s).
start_server() {
  local data=$1
  [ -e "$data/CURRENT" ] || "$CERTREG" init --data "$data" >/dev/null  # serve opens existing stores only
  "$CERTREG" serve --data "$data" --listen 127.0.0.1:0 "${@:2}" >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  local i line
  for i in $(seq 300); do
    line=$(grep -m1 '^listening on http://' "$WORK/server.out" || true)
    if [ -n "$line" ]; then
      BASE_URL=${line#listening on }
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "certreg serve exited before listening:" >&2
      cat "$WORK/server.err" >&2
      SERVER_PID=
      return 1
    fi
    sleep 0.1
  done
  echo "certreg serve did not listen within 30 s" >&2
  cat "$WORK/server.err" >&2
  return 1
}
