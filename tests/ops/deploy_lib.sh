# Shared by the deployment tests (tests/ops/: cmake_install, debian_package,
# maintainer_scripts, nginx_proxy). Sourced, not run.

# Exits 1 naming the first of the given programs that is missing.
require_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$tool is missing: tools/test installs it (CERTREG_TEST_PACKAGES in tools/lib.sh)" >&2
      exit 1
    fi
  done
}

# Fails the test naming the cause; then runs fail_context, when the test
# defines it, to show what it knows (a log's tail, say).
fail() {
  echo "FAIL: $*" >&2
  if declare -F fail_context >/dev/null; then fail_context >&2 || true; fi
  exit 1
}
