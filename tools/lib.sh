# Shared by tools/run and tools/test: install what is missing, then build.
# Sourced, not run. Expects ROOT (the repository's top directory).

# Debian packages the build and the tests need (notes/toolchain.md).
CERTREG_PACKAGES=(build-essential cmake ninja-build pkgconf librocksdb-dev rocksdb-tools libcapnp-dev capnproto
  libcpp-httplib-dev libspdlog-dev libfmt-dev catch2 nlohmann-json3-dev libssl-dev libcli11-dev libqrencode-dev)

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

# Configures (once) and builds into $1 with build type $2 and any further CMake arguments.
build_into() {
  local dir=$1 type=$2
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@"
  fi
  cmake --build "$dir" -j "$(nproc)"
}
