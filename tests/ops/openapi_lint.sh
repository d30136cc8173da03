#!/usr/bin/env bash
# openapi.lint: serves a fresh data directory, fetches GET /openapi.json and
# lints the served document with redocly's recommended ruleset; any error fails.
#   tests/ops/openapi_lint.sh CERTREG_BINARY NODE_TOOLS_DIR
set -euo pipefail
CERTREG=$1
TOOLS=$2
REDOCLY="$TOOLS/node_modules/.bin/redocly"
if [ ! -x "$REDOCLY" ]; then
  echo "redocly is not installed: run npm ci --prefix $TOOLS (tools/test does)" >&2
  exit 1
fi

WORK=$(mktemp -d)
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

start_server "$WORK/data"
curl -fsS --max-time 10 -o "$WORK/openapi.json" "$BASE_URL/openapi.json"

# No telemetry and no update check: the tests run offline.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
cd "$WORK"
"$REDOCLY" lint --extends recommended --format stylish --max-problems 1000 openapi.json
