#!/usr/bin/env bash
# ops.debian_package: builds the Debian package with cpack from the build
# directory, checks its control fields, conffiles and maintainer scripts,
# unpacks it into a scratch root (dpkg -x), runs the installed binary (its
# help, a demo store it makes itself, `serve` answering /healthz and a public
# lookup) and checks the installed unit with `systemd-analyze verify`.
#   tests/ops/debian_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
BUILD=$1
SOURCE=$2
source "$(dirname "${BASH_SOURCE[0]}")/deploy_lib.sh"
require_tools cpack dpkg-deb dpkg-shlibdeps systemd-analyze curl python3

WORK=$(mktemp -d)
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/pkg" >"$WORK/cpack.log" 2>&1 || {
  cat "$WORK/cpack.log" >&2
  fail "cpack -G DEB failed"
}
DEBS=("$WORK"/pkg/certreg_*.deb)
[ ${#DEBS[@]} -eq 1 ] && [ -f "${DEBS[0]}" ] || fail "cpack made no certreg_*.deb (or several): ${DEBS[*]}"
DEB=${DEBS[0]}
echo "built $(basename "$DEB")"

# --- control fields ------------------------------------------------------------
field() { dpkg-deb -f "$DEB" "$1"; }
[ "$(field Package)" = certreg ] || fail "Package is '$(field Package)', not certreg"
VERSION=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BUILD/CPackConfig.cmake")
[ -n "$VERSION" ] || fail "no CPACK_PACKAGE_VERSION in $BUILD/CPackConfig.cmake"
[ "$(field Version)" = "$VERSION-1" ] || fail "Version is '$(field Version)', not $VERSION-1"
DEPENDS=$(field Depends)
# dpkg-shlibdeps names the library packages; tzdata and adduser are named by hand.
for dep in 'librocksdb[0-9.]*' 'libcapnp-[0-9.]*' 'libcpp-httplib[0-9.]*' 'libssl3' 'libsystemd0' 'libqrencode[0-9]*' \
           'tzdata' 'adduser'; do
  grep -Eq "(^|, )$dep( \(|,|$)" <<<"$DEPENDS" || fail "Depends names no $dep: $DEPENDS"
done
echo "Depends: $DEPENDS"

# --- conffiles and maintainer scripts ------------------------------------------
CONTROL="$WORK/control"
dpkg-deb -e "$DEB" "$CONTROL"
[ "$(cat "$CONTROL/conffiles")" = /etc/certreg/certreg.conf ] ||
  fail "conffiles is '$(cat "$CONTROL/conffiles")', not /etc/certreg/certreg.conf"
# The maintainer scripts are deploy/debian's (ops.debian_maintainer_scripts runs those).
for script in postinst prerm postrm; do
  [ -x "$CONTROL/$script" ] || fail "the package has no executable $script"
  cmp -s "$CONTROL/$script" "$SOURCE/deploy/debian/$script" || fail "the package's $script is not deploy/debian/$script"
done

# --- the unpacked package ------------------------------------------------------
ROOT="$WORK/root"
dpkg -x "$DEB" "$ROOT"
for path in usr/bin/certreg usr/lib/systemd/system/certreg.service etc/certreg/certreg.conf \
            usr/share/doc/certreg/certreg.txt usr/share/doc/certreg/certreg-serve.txt \
            usr/share/doc/certreg/README.md usr/share/doc/certreg/examples/nginx-certreg.conf; do
  [ -s "$ROOT/$path" ] || fail "the package has no /$path"
done
CERTREG="$ROOT/usr/bin/certreg"
"$CERTREG" --help >"$WORK/help.txt" || fail "the installed certreg --help exited $?"
grep -q '^Subcommands:' "$WORK/help.txt" || fail "the installed certreg --help lists no subcommands"

"$CERTREG" demo --data "$WORK/data" >/dev/null
start_server "$WORK/data"
[ "$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$BASE_URL/healthz")" = 200 ] ||
  fail "the installed binary's /healthz did not answer 200"
NUMBER=$(curl -fsS --max-time 10 "$BASE_URL/public/v1/certificates?status=VALID&page_size=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["certificate_no"])')
curl -fsS --max-time 10 "$BASE_URL/public/v1/certificates/$NUMBER" >"$WORK/lookup.json" ||
  fail "the public lookup of $NUMBER failed"
python3 - "$WORK/lookup.json" "$NUMBER" <<'PY' || fail "the public lookup answered another certificate"
import json, sys
body = json.load(open(sys.argv[1]))
sys.exit(0 if body["certificate_no"] == sys.argv[2] else 1)
PY
stop_server
echo "the installed binary serves: /healthz, public lookup of $NUMBER"

# --- the unit ------------------------------------------------------------------
# systemd-analyze verify checks that ExecStart's binary exists: the unit is
# verified with its path moved into the scratch root, and any complaint (it
# exits 0 on unknown keys and bad values, printing them) fails the test.
UNIT="$WORK/unit/certreg.service"
mkdir -p "$WORK/unit"
grep -q '^ExecStart=/usr/bin/certreg serve --config /etc/certreg/certreg.conf$' \
  "$ROOT/usr/lib/systemd/system/certreg.service" || fail "the unit's ExecStart is not /usr/bin/certreg serve --config ..."
sed "s#^ExecStart=/usr/bin/certreg #ExecStart=$CERTREG #" "$ROOT/usr/lib/systemd/system/certreg.service" >"$UNIT"
if ! systemd-analyze verify "$UNIT" >"$WORK/verify.txt" 2>&1 || [ -s "$WORK/verify.txt" ]; then
  cat "$WORK/verify.txt" >&2
  fail "systemd-analyze verify complains about the installed unit"
fi
for setting in Type=notify User=certreg Group=certreg ProtectSystem=strict "ReadWritePaths=/var/lib/certreg -/var/backups/certreg" \
               NoNewPrivileges=yes PrivateTmp=yes Restart=on-failure; do
  grep -qx "$setting" "$UNIT" || fail "the unit lacks $setting"
done
echo "systemd-analyze verify: the unit is clean"
