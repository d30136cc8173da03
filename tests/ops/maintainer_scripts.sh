#!/usr/bin/env bash
# ops.debian_maintainer_scripts: the package's postinst, prerm and postrm
# (deploy/debian/) run against a scratch root ($DPKG_ROOT, as dpkg sets it)
# with getent, adduser, chown and systemctl replaced by stubs that log their
# calls: the system user is created once, /var/lib/certreg is made the
# user's with mode 0700, systemd is reloaded only where it runs, and a
# failing systemctl fails no script.
#   tests/ops/maintainer_scripts.sh SOURCE_DIR
set -euo pipefail
SCRIPTS=$1/deploy/debian
source "$(dirname "${BASH_SOURCE[0]}")/deploy_lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The stubs: each appends "NAME ARGS" to $CALLS; getent finds the user when
# $USER_EXISTS is 1, systemctl exits $SYSTEMCTL_EXIT.
mkdir -p "$WORK/bin"
for stub in adduser chown systemctl getent; do
  cat >"$WORK/bin/$stub" <<STUB
#!/bin/sh
echo "$stub \$*" >>"\$CALLS"
case $stub in
  getent) [ "\$USER_EXISTS" = 1 ] ;;
  systemctl) exit "\$SYSTEMCTL_EXIT" ;;
esac
STUB
  chmod +x "$WORK/bin/$stub"
done

# Runs SCRIPT ARGS... in a fresh root ($ROOT), with or without a running
# systemd (SYSTEMD=1 or 0); the calls land in $WORK/calls.
run() {
  local script=$1
  shift
  : >"$WORK/calls"
  CALLS="$WORK/calls" DPKG_ROOT="$ROOT" PATH="$WORK/bin:$PATH" sh "$SCRIPTS/$script" "$@" ||
    fail "$script $* exited $?"
}
fresh_root() {
  ROOT="$WORK/root$1"
  mkdir -p "$ROOT"
  [ "$2" = 1 ] && mkdir -p "$ROOT/run/systemd/system"
  return 0
}
called() { grep -qx -- "$1" "$WORK/calls"; }
mode() { stat -c %a "$1"; }

# A first install without systemd (a container): the user and the directory, no systemctl.
fresh_root 1 0
USER_EXISTS=0 SYSTEMCTL_EXIT=0 run postinst configure ""
called "adduser --system --group --home /var/lib/certreg --no-create-home --shell /usr/sbin/nologin --gecos certreg certificate registry certreg" ||
  fail "postinst did not create the system user: $(cat "$WORK/calls")"
[ -d "$ROOT/var/lib/certreg" ] || fail "postinst made no /var/lib/certreg"
[ "$(mode "$ROOT/var/lib/certreg")" = 700 ] || fail "/var/lib/certreg has mode $(mode "$ROOT/var/lib/certreg"), not 700"
[ "$(mode "$ROOT/var/backups/certreg")" = 700 ] || fail "postinst made no owner-only /var/backups/certreg"
called "chown certreg:certreg $ROOT/var/backups/certreg" || fail "postinst did not give /var/backups/certreg to certreg"
called "chown certreg:certreg $ROOT/var/lib/certreg" || fail "postinst did not give /var/lib/certreg to certreg"
grep -q '^systemctl' "$WORK/calls" && fail "postinst called systemctl where systemd does not run"
echo "postinst, no systemd: user created, /var/lib/certreg 0700 and certreg's, no systemctl"

# An upgrade under systemd: the user exists, a loosened directory is tightened,
# systemd reloads, and a failing systemctl fails nothing.
fresh_root 2 1
mkdir -p "$ROOT/var/lib/certreg"
chmod 0755 "$ROOT/var/lib/certreg"
USER_EXISTS=1 SYSTEMCTL_EXIT=1 run postinst configure 0.1.0-1
grep -q '^adduser' "$WORK/calls" && fail "postinst created the user again"
[ "$(mode "$ROOT/var/lib/certreg")" = 700 ] || fail "postinst left /var/lib/certreg at mode $(mode "$ROOT/var/lib/certreg")"
called "systemctl daemon-reload" || fail "postinst did not reload systemd"
echo "postinst, upgrade under systemd: no second user, mode 700 again, daemon-reload (its failure ignored)"

# prerm stops the service on removal under systemd, not on upgrade; postrm reloads; the data stays.
SYSTEMCTL_EXIT=1 run prerm remove
called "systemctl stop certreg.service" || fail "prerm remove did not stop the service"
SYSTEMCTL_EXIT=0 run prerm upgrade 0.1.1-1
[ -s "$WORK/calls" ] && fail "prerm upgrade did something: $(cat "$WORK/calls")"
SYSTEMCTL_EXIT=1 run postrm purge
called "systemctl daemon-reload" || fail "postrm purge did not reload systemd"
[ -d "$ROOT/var/lib/certreg" ] || fail "postrm purge removed the data directory"
fresh_root 3 0
for script in prerm postrm; do
  SYSTEMCTL_EXIT=0 run $script remove
  [ -s "$WORK/calls" ] && fail "$script called systemctl where systemd does not run: $(cat "$WORK/calls")"
done
echo "prerm/postrm: stop on removal, reload under systemd alone, the data directory kept"
