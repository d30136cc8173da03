#!/usr/bin/env bash
# metrics.promtool: serves the demo data set, makes a few requests, and lints
# GET /metrics with `promtool check metrics` (exit 0: no parse error, no lint problem).
# The scrapes use a token of the role metrics; every family operations.md §4
# names must be there, and the ones that count must move between two scrapes
# with an application appended in between.
#   tests/ops/metrics_promtool.sh CERTREG_BINARY
set -euo pipefail
CERTREG=$1
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool is not installed: apt-get install prometheus (tools/test does)" >&2
  exit 1
fi

WORK=$(mktemp -d)
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

# The demo data and a token first: the server holds the directory once it runs.
"$CERTREG" demo --data "$WORK/data" >/dev/null
TOKEN=$("$CERTREG" token create --data "$WORK/data" --role metrics --name prometheus | tail -n 1)
CLERK=$("$CERTREG" token create --data "$WORK/data" --role clerk --name li.na | tail -n 1)
start_server "$WORK/data"

# Some traffic, so that the request families have samples: hits, a 404, an unknown route.
curl -fsS --max-time 10 -o /dev/null "$BASE_URL/public/v1/certificates?q=%E7%9B%B4%E6%92%AD"
curl -fsS --max-time 10 -o /dev/null "$BASE_URL/public/v1/certificates?status=VALID&page_size=5"
curl -sS --max-time 10 -o /dev/null "$BASE_URL/public/v1/certificates/CMM-525-1999-99999"
curl -sS --max-time 10 -o /dev/null "$BASE_URL/no/such/route"
curl -fsS --max-time 10 -o /dev/null "$BASE_URL/healthz"

curl -fsS --max-time 10 -H "Authorization: Bearer $TOKEN" -o "$WORK/metrics.txt" "$BASE_URL/metrics"
grep -q '^certreg_http_requests_total{' "$WORK/metrics.txt" || {
  echo "no request samples in /metrics" >&2
  exit 1
}
promtool check metrics <"$WORK/metrics.txt"
echo "promtool: /metrics is clean ($(grep -c -v '^#' "$WORK/metrics.txt") samples)"

# The value of a sample (name and labels exactly as printed) in a scrape.
sample() {
  awk -v series="$2" '$1 == series { print $2; found = 1 } END { if (!found) exit 1 }' "$1" || {
    echo "no sample $2 in /metrics" >&2
    exit 1
  }
}
for series in process_cpu_seconds_total process_resident_memory_bytes process_open_fds process_max_fds \
    process_start_time_seconds certreg_sweep_last_duration_seconds certreg_sweep_last_end_time_seconds \
    'certreg_sweep_runs_total{outcome="ok"}' 'certreg_sweep_runs_total{outcome="failed"}' \
    certreg_read_model_lag_events certreg_rocksdb_live_sst_bytes certreg_rocksdb_pending_compaction_bytes \
    certreg_rocksdb_write_stopped certreg_rocksdb_delayed_write_rate_bytes \
    'certreg_rocksdb_write_stalls_total{kind="stop"}' certreg_idempotent_replays_total \
    certreg_log_checkpoint_size certreg_log_checkpoint_age_seconds certreg_log_checkpoint_lag_events \
    certreg_feed_stream_clients 'certreg_feed_stream_disconnects_total{reason="slow"}'; do
  sample "$WORK/metrics.txt" "$series" >/dev/null
done
grep -Eq '^certreg_build_info\{version="[0-9.]+",commit="[0-9a-z]+",rocksdb="[0-9.]+"\} 1$' "$WORK/metrics.txt" || {
  echo "no certreg_build_info{version,commit,rocksdb} 1 in /metrics" >&2
  exit 1
}
# The server sweeps at start: one run counted once it finished (the demo registry sweeps cleanly).
for i in $(seq 100); do
  curl -fsS --max-time 10 -H "Authorization: Bearer $TOKEN" -o "$WORK/sweeps.txt" "$BASE_URL/metrics"
  [ "$(sample "$WORK/sweeps.txt" 'certreg_sweep_runs_total{outcome="ok"}')" -ge 1 ] && break
  [ "$i" -lt 100 ] || {
    echo "no sweep counted within 10 s of the start" >&2
    exit 1
  }
  sleep 0.1
done

# An application in between: appends, events, the log and the process's CPU move.
PORT=${BASE_URL##*:}
python3 "$(dirname "${BASH_SOURCE[0]}")/raw_http.py" post "$PORT" "$CLERK" | grep -q '^201 ' || {
  echo "the application was not created" >&2
  exit 1
}
curl -fsS --max-time 10 -H "Authorization: Bearer $TOKEN" -o "$WORK/metrics2.txt" "$BASE_URL/metrics"
for series in certreg_appends_total certreg_appended_events_total certreg_log_size_events \
    'certreg_http_requests_total{route="/metrics",method="GET",status="200"}'; do
  before=$(sample "$WORK/sweeps.txt" "$series")
  after=$(sample "$WORK/metrics2.txt" "$series")
  python3 -c "import sys; sys.exit(0 if float('$after') > float('$before') else 1)" || {
    echo "$series did not move: $before then $after" >&2
    exit 1
  }
done
# The published checkpoint follows the log (signed every second while it grows): its lag drops to 0.
for i in $(seq 100); do
  curl -fsS --max-time 10 -H "Authorization: Bearer $TOKEN" -o "$WORK/metrics3.txt" "$BASE_URL/metrics"
  [ "$(sample "$WORK/metrics3.txt" certreg_log_checkpoint_size)" = "$(sample "$WORK/metrics3.txt" certreg_log_size_events)" ] &&
    [ "$(sample "$WORK/metrics3.txt" certreg_log_checkpoint_lag_events)" = 0 ] && break
  [ "$i" -lt 100 ] || {
    echo "the published checkpoint did not reach the log's size within 10 s" >&2
    exit 1
  }
  sleep 0.1
done
# The metrics role reads nothing else.
[ "$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE_URL/api/v1/files")" = 403 ] || {
  echo "a metrics token read /api/v1/files" >&2
  exit 1
}
echo "metrics: every family present, the counters move, the metrics role reads /metrics alone"
