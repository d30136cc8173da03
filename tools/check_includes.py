#!/usr/bin/env python3
"""The include rules of certreg's rooms: which room may include which.

Usage: check_includes.py [--root DIR] [--exclude PATH]...

Scans every C++ source and header under DIR (default: the repository this
script sits in; build*/, .git/ and node_modules/ skipped, and each --exclude
path relative to DIR) and prints one line per include that breaks a rule:

    file:line: room X may not include Y

Exit status: 0 when every include keeps the rules, 1 when any breaks one,
2 for bad arguments. ctest runs it (arch.include_rules), so a wrong arrow
fails the build's tests; tests/arch/ shows it failing on a tree with one.

The rules:
- A file belongs to the room of the longest prefix of ROOMS matching its path.
- A room may include its own headers, the public headers (include/certreg/...)
  of the rooms MAY_INCLUDE lists for it, the private headers (src/...) of the
  rooms listed there as "room:private", and the outside libraries listed there.
- Headers under include/certreg/ are contracts: they include other contracts
  and the standard library only, never an outside library.
- The tool (tools/) includes only contracts and its own headers.
- An include nobody can resolve is a violation (a typo must not pass quietly).
"""

import argparse
import os
import re
import sys

# Room -> path prefixes (relative to the root). The longest match wins, so a
# single file can be a room of its own: the read models' rows are plain
# structs that the codec encodes and the projections use.
ROOMS = {
    "common": ["include/certreg/common/", "src/common/"],
    "domain": ["include/certreg/domain/", "src/domain/"],
    "scheme": ["include/certreg/scheme/", "src/scheme/"],
    "schemas": ["src/schemas/"],
    "store": ["include/certreg/store/", "src/store/"],
    "codec": ["include/certreg/codec/", "src/codec/"],
    "rows": ["include/certreg/projections/rows.h"],
    "store-records": ["include/certreg/store/event.h", "include/certreg/store/record_format.h"],
    "projections": ["include/certreg/projections/", "projections/"],
    "text": ["include/certreg/text/", "src/text/"],
    "app": ["include/certreg/app/", "src/app/"],
    "fixtures": ["include/certreg/fixtures/", "src/fixtures/"],
    "web": ["src/web/"],
    "http": ["include/certreg/http/", "src/http/"],
    "tools": ["tools/"],
    "tests": ["tests/"],
}

# Room -> what it may include besides itself and the standard library. The
# arrows of conventions.md ("The house"):
#   http -> app -> domain; app -> store, projections -> domain, codec;
#   store and codec -> schemas (generated code; the store's record format);
#   fixtures (demo and benchmark data) -> app; tools -> anything public;
#   projections -> text (the search form of names and queries: ICU, OpenCC).
# http talks to the application's facade (certreg/app/registry.h): never to
# the store, the codec or the row reader; it renders the store's records
# (store-records: plain event data and its export) that the facade hands over.
MAY_INCLUDE = {
    "common": {"openssl"},
    "domain": {"common"},
    "scheme": {"common", "domain", "nlohmann"},
    "schemas": {"capnp"},
    "store-records": {"common"},
    "store": {"common", "store-records", "schemas:private", "capnp", "capnp-generated", "rocksdb", "nlohmann"},
    "codec": {"common", "domain", "rows", "schemas:private", "capnp", "capnp-generated"},
    "rows": {"common", "domain"},
    "projections": {"common", "domain", "rows", "codec", "text"},
    "text": {"icu", "opencc"},
    "app": {"common", "domain", "store", "store-records", "codec", "rows", "projections", "openssl", "date"},
    "fixtures": {"common", "domain", "rows", "projections", "app"},
    "web": {"qrencode"},
    "http": {"common", "domain", "store-records", "rows", "projections", "app", "web:private",
             "httplib", "nlohmann", "spdlog", "fmt"},
    "tools": {"common", "domain", "scheme", "store", "store-records", "codec", "rows", "projections", "text", "app", "fixtures", "http",
              "cli11", "fmt", "spdlog", "nlohmann"},
    "tests": {"*"},
}

# Single files allowed one include their room may not otherwise have, and why.
EXCEPTIONS = {
    ("tools/certreg/bench_common.h", "rocksdb"): "the raw-RocksDB baselines the benchmarks share",
    ("tools/certreg/bench_append.cc", "rocksdb"): "the raw-RocksDB baseline of the benchmark",
    ("tools/certreg/bench_rebuild.cc", "rocksdb"): "the raw-RocksDB baseline of the benchmark",
    ("tools/certreg/bench_http.cc", "rocksdb"): "the raw-RocksDB baseline of the benchmark",
    ("tools/certreg/bench_scale.cc", "rocksdb"): "the raw-RocksDB baseline and the disk figures of the benchmark",
    ("tools/certreg/bench_lookup.cc", "httplib"): "the benchmark's HTTP client",
    ("tools/certreg/bench_feed.cc", "httplib"): "the benchmark's HTTP writers",
    ("tools/certreg/bench_httplib_static.cc", "httplib"): "the ceiling server of bench/public_lookup.sh",
}

# Outside libraries, by the first component of an angle-bracket include;
# anything else in angle brackets is the standard or the system library.
OUTSIDE = {
    "rocksdb": "rocksdb",
    "capnp": "capnp",
    "kj": "capnp",
    "httplib.h": "httplib",
    "spdlog": "spdlog",
    "fmt": "fmt",
    "nlohmann": "nlohmann",
    "CLI": "cli11",
    "openssl": "openssl",
    "qrencode.h": "qrencode",
    "catch2": "catch2",
    "date": "date",
    "unicode": "icu",
    "opencc": "opencc",
}

# Headers CMake generates, and the room each belongs to.
GENERATED = {
    "builtin_scheme_json.h": "scheme",
    "openapi_json.h": "http",
    "web_assets_embedded.h": "web",
}

SOURCE_SUFFIXES = (".h", ".hpp", ".cc", ".cpp")
SKIPPED_DIRS = {".git", "node_modules"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
# Where a quoted include is looked for, after the including file's own folder.
SEARCH_PATH = ["include", "src", ".", "tools", "tests"]


def room_of(path):
    best, best_len = None, -1
    for room, prefixes in ROOMS.items():
        for prefix in prefixes:
            if (path == prefix or path.startswith(prefix)) and len(prefix) > best_len:
                best, best_len = room, len(prefix)
    return best


def resolve(root, including, name):
    """The included file's path relative to root, or None."""
    candidates = [os.path.join(os.path.dirname(including), name)] + [os.path.join(d, name) for d in SEARCH_PATH]
    for candidate in candidates:
        relative = os.path.normpath(candidate)
        if os.path.isfile(os.path.join(root, relative)):
            return relative.replace(os.sep, "/")
    return None


def target_of(root, path, bracket, name):
    """What an include names: ("outside", lib), ("room", room, is_public) or ("unknown", None)."""
    if bracket == "<":
        return ("outside", OUTSIDE.get(name.split("/")[0], "std"))
    if name.endswith(".capnp.h"):
        return ("outside", "capnp-generated")
    if name in GENERATED:
        return ("room", GENERATED[name], False)
    resolved = resolve(root, path, name)
    if resolved is None:
        return ("unknown", None)
    room = room_of(resolved)
    if room is None:
        return ("unknown", None)
    return ("room", room, resolved.startswith("include/certreg/"))


def violation(root, path, room, bracket, name):
    """Why `path` (of `room`) may not include `name`, or None when it may."""
    allowed = MAY_INCLUDE.get(room, set())
    target = target_of(root, path, bracket, name)
    public_header = path.startswith("include/certreg/")
    if target[0] == "unknown":
        return "it resolves to no file of a room"
    if target[0] == "outside":
        lib = target[1]
        if lib == "std":
            return None
        if public_header:
            return "a contract (include/certreg/) includes no outside library"
        if "*" in allowed or lib in allowed or (path, lib) in EXCEPTIONS:
            return None
        return "not in its table"
    _, other, other_public = target
    if other == room or "*" in allowed:
        return None
    if public_header and not other_public:
        return "a contract (include/certreg/) includes contracts only"
    if room == "tools" and not other_public:
        return "the tool includes contracts (include/certreg/) only"
    if other_public and other in allowed:
        return None
    if not other_public and other + ":private" in allowed:
        return None
    return "not in its table"


def sources(root, excluded):
    for directory, subdirs, files in os.walk(root):
        relative_dir = os.path.relpath(directory, root).replace(os.sep, "/")
        relative_dir = "" if relative_dir == "." else relative_dir + "/"
        subdirs[:] = sorted(
            d for d in subdirs
            if d not in SKIPPED_DIRS and not d.startswith("build") and (relative_dir + d) not in excluded)
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                yield relative_dir + name


def main(argv):
    parser = argparse.ArgumentParser(description="Checks which room of certreg includes which.")
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--exclude", action="append", default=[], help="a folder to skip, relative to the root")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    if not os.path.isdir(root):
        print(f"check_includes: {root} is not a directory", file=sys.stderr)
        return 2
    excluded = {e.strip("/") for e in args.exclude}

    problems = 0
    files = 0
    for path in sources(root, excluded):
        room = room_of(path)
        if room is None:
            continue
        files += 1
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                bracket, name = match.groups()
                reason = violation(root, path, room, bracket, name)
                if reason:
                    problems += 1
                    print(f"{path}:{number}: room {room} may not include {name} ({reason})")
    if problems:
        print(f"check_includes: {problems} include(s) break the rules in {files} files", file=sys.stderr)
        return 1
    print(f"check_includes: {files} files keep the include rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
