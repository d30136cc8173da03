# Shared by tools/run and tools/test: install what is missing, then build.
# Sourced, not run. Expects ROOT (the repository's top directory).

# Debian packages the build and the tests need (notes/toolchain.md).
CERTREG_PACKAGES=(build-essential cmake ninja-build pkgconf librocksdb-dev rocksdb-tools libcapnp-dev capnproto
  libcpp-httplib-dev libspdlog-dev libfmt-dev catch2 nlohmann-json3-dev libssl-dev libcli11-dev libqrencode-dev
  libsystemd-dev)
# The registry's IANA time zone (--time-zone): the date/tz library and the tz database it reads.
CERTREG_PACKAGES+=(libhowardhinnant-date-dev tzdata)
# The search form of names and queries (platforms.md §4): ICU (NFKC_Casefold) and
# OpenCC with its t2s dictionaries (libopencc-data: /usr/share/opencc).
CERTREG_PACKAGES+=(libicu-dev libopencc-dev libopencc-data)
# jemalloc, the process's allocator (CMakeLists.txt).
CERTREG_PACKAGES+=(libjemalloc-dev)

# Debian packages only the tests need: prometheus for promtool (metrics.promtool),
# the only Debian package that ships it (19 MB download). On a machine with
# systemd its installation also starts a Prometheus server on port 9090.
# The deployment tests (tests/ops/): dpkg-dev (dpkg-shlibdeps for cpack's
# Depends), systemd (systemd-analyze verify on the unit), nginx, openssl (the
# self-signed certificate) and curl (HTTP/2 over TLS) for the proxy test.
# Go and golang.org/x/mod (golang-go, golang-golang-x-mod-dev): Go's own tlog
# verifies the verifiable log's tiles and proofs (tests/go/, trust.go_tlog). librsvg2-bin and
# zbar-tools render and read the printed status statement's QR code (trust.statement_qr).
CERTREG_TEST_PACKAGES=(prometheus dpkg-dev systemd nginx openssl curl golang-go golang-golang-x-mod-dev librsvg2-bin zbar-tools)
# Python's cryptography (Ed25519) for the standalone statement verifier tools/verify_statement.py
# and its test (tests/trust/, trust.pyverify_unit), and for the witnesses of tests/trust/ (trust.witnesses).
CERTREG_TEST_PACKAGES+=(python3-cryptography)

# Installs the given Debian packages that are not installed yet; no apt call when all are.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# What the browser test of the public page needs (tests/browser/): Debian's
# Chromium, a font with Chinese glyphs for the screenshots, zbarimg for the QR
# scan test, Node and npm, and playwright-core as pinned by the lock file,
# installed when node_modules is missing or older than the lock file.
CERTREG_BROWSER_TEST_PACKAGES=(chromium fonts-wqy-microhei zbar-tools nodejs npm)
ensure_browser_test_deps() {
  local pkgs=("${CERTREG_BROWSER_TEST_PACKAGES[@]}")
  # Node and npm from elsewhere (nodesource, nvm) are as good as Debian's.
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    pkgs=(chromium fonts-wqy-microhei zbar-tools)
  fi
  ensure_packages "${pkgs[@]}"
  local dir="$ROOT/tests/browser"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    echo "==> installing the browser test's npm packages (npm ci)"
    npm ci --prefix "$dir" --no-audit --no-fund
    touch "$dir/node_modules"
  fi
}

# The Node tools the tests run (tests/tools/: redocly for openapi.lint), as
# pinned by its lock file: npm ci only when node_modules is missing or older
# than the lock file. Needs Node 20.19 or later and npm on the PATH.
ensure_node_test_deps() {
  local dir="$ROOT/tests/tools"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "npm is missing: install Node 20.19 or later with npm" >&2
      return 1
    fi
    echo "==> installing the tests' npm packages (npm ci --prefix tests/tools)"
    npm ci --prefix "$dir" --no-audit --no-fund
    touch "$dir/node_modules"
  fi
}

# Configures (once) and builds into $1 with build type $2 and any further CMake arguments.
build_into() {
  local dir=$1 type=$2
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    local launcher=()
    # ccache, when a developer has it, makes rebuilds in other work trees cheap; it is not required.
    command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "${launcher[@]}" "$@"
  fi
  cmake --build "$dir" -j "$(nproc)"
}
