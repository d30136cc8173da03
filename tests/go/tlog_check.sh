#!/usr/bin/env bash
# trust.go_tlog: Go's own tlog package (Debian golang-go and
# golang-golang-x-mod-dev, built offline in GOPATH mode) verifies the tiles
# and proofs of a `certreg serve` whose log it grows through the HTTP API
# (tests/go/tlogcheck/main.go).
#   tests/go/tlog_check.sh CERTREG_BINARY BUILD_DIR [SIZES]
set -euo pipefail
CERTREG=$1
BUILD=$2
SIZES=${3:-0,1,255,256,257,3000}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GOCODE=/usr/share/gocode
if ! command -v go >/dev/null 2>&1 || [ ! -d "$GOCODE/src/golang.org/x/mod/sumdb/tlog" ]; then
  echo "Go or golang.org/x/mod is missing: apt-get install golang-go golang-golang-x-mod-dev (tools/test does)" >&2
  exit 1
fi

WORK=$(mktemp -d)
source "$HERE/../ops/server.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

# Offline, in GOPATH mode: the Debian packages' sources are the only imports.
mkdir -p "$BUILD/go-cache"
GO111MODULE=off GOPATH="$GOCODE" GOCACHE="$BUILD/go-cache" GOFLAGS= GOPROXY=off \
  go build -o "$WORK/tlogcheck" "$HERE/tlogcheck/main.go" "$HERE/tlogcheck/grow.go"

# An empty store (where `certreg init` exists: only init and demo create a
# store; without it, `token create` does), then tokens: the server holds the
# directory once it runs.
if "$CERTREG" --help 2>&1 | grep -qE '^ +init( |$)'; then
  "$CERTREG" init --data "$WORK/data" >/dev/null
fi
REGULATOR=$("$CERTREG" token create --data "$WORK/data" --role regulator --name wu.min | tail -n 1)
CLERK=$("$CERTREG" token create --data "$WORK/data" --role clerk --name li.na | tail -n 1)
VKEY=$("$CERTREG" log key --data "$WORK/data" | head -n 1)
start_server "$WORK/data" --checkpoint-interval 0.2
"$WORK/tlogcheck" -url "$BASE_URL" -regulator "$REGULATOR" -clerk "$CLERK" -vkey "$VKEY" -sizes "$SIZES"
