#!/usr/bin/env bash
# metrics.promtool: serves the demo data set, makes a few requests, and lints
# GET /metrics with `promtool check metrics` (exit 0: no parse error, no lint problem).
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
TOKEN=$("$CERTREG" token create --data "$WORK/data" --role admin --name ops | tail -n 1)
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
