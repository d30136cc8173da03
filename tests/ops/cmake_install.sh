#!/usr/bin/env bash
# ops.cmake_install: `cmake --install BUILD --prefix P` installs the binary,
# the systemd unit, the example configuration, the help text of every
# subcommand, the README and the nginx example; every key of the example
# configuration is a long option of `certreg serve`.
#   tests/ops/cmake_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
BUILD=$1
SOURCE=$2
source "$(dirname "${BASH_SOURCE[0]}")/deploy_lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
P="$WORK/prefix"

cmake --install "$BUILD" --prefix "$P" >"$WORK/install.log" 2>&1 || {
  cat "$WORK/install.log" >&2
  fail "cmake --install failed"
}
[ -x "$P/bin/certreg" ] || fail "no executable $P/bin/certreg"
"$P/bin/certreg" --help >/dev/null || fail "the installed certreg --help exited $?"
cmp -s "$P/lib/systemd/system/certreg.service" "$SOURCE/deploy/certreg.service" ||
  fail "lib/systemd/system/certreg.service is not deploy/certreg.service"
cmp -s "$P/etc/certreg/certreg.conf" "$SOURCE/deploy/certreg.conf" ||
  fail "etc/certreg/certreg.conf is not deploy/certreg.conf"
cmp -s "$P/share/doc/certreg/examples/nginx-certreg.conf" "$SOURCE/deploy/nginx/certreg.conf" ||
  fail "share/doc/certreg/examples/nginx-certreg.conf is not deploy/nginx/certreg.conf"
[ -s "$P/share/doc/certreg/README.md" ] || fail "no share/doc/certreg/README.md"

# One help text per command, nested ones included, each what the binary prints.
DOC="$P/share/doc/certreg"
for words in "" serve demo "token create" "bench append"; do
  name=certreg${words:+-${words// /-}}
  [ -s "$DOC/$name.txt" ] || fail "no share/doc/certreg/$name.txt"
  # shellcheck disable=SC2086
  "$P/bin/certreg" $words --help | sed "s#$P/bin/certreg#certreg#" | cmp -s - "$DOC/$name.txt" ||
    fail "$name.txt is not 'certreg $words --help'"
  grep -q "^Usage: certreg " "$DOC/$name.txt" || fail "$name.txt does not name the program plain certreg"
done
# Every subcommand the tool lists has its file.
sed -n '/^Subcommands:$/,$p' "$DOC/certreg.txt" | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p' >"$WORK/commands"
[ -s "$WORK/commands" ] || fail "certreg.txt lists no subcommands"
while read -r command; do
  [ -s "$DOC/certreg-$command.txt" ] || fail "no share/doc/certreg/certreg-$command.txt"
done <"$WORK/commands"

# The example configuration names only options serve has (set or commented out).
sed -n 's/^#\{0,1\} *\([a-z][a-z0-9-]*\) *=.*/\1/p' "$P/etc/certreg/certreg.conf" >"$WORK/keys"
[ "$(wc -l <"$WORK/keys")" -ge 10 ] || fail "the example configuration holds fewer than 10 keys"
while read -r key; do
  grep -Eq -- "--$key( |,|$)" "$DOC/certreg-serve.txt" || fail "certreg.conf's key '$key' is no option of certreg serve"
done <"$WORK/keys"
grep -q '^\[serve\]$' "$P/etc/certreg/certreg.conf" || fail "certreg.conf has no [serve] section"
echo "installed: bin/certreg, the unit, etc/certreg/certreg.conf ($(wc -l <"$WORK/keys") keys, all serve options)," \
  "$(find "$DOC" -name 'certreg*.txt' | wc -l) help texts, README, nginx example"
