#!/usr/bin/env python3
"""Shows that the include checker fails: run on tests/arch/bad_tree (one
domain file includes RocksDB), it must exit 1 and name that include, and
only that one. Usage: check_includes_fails.py CHECKER BAD_TREE"""

import subprocess
import sys

checker, tree = sys.argv[1], sys.argv[2]
run = subprocess.run([sys.executable, checker, "--root", tree], capture_output=True, text=True)
expected = "src/domain/clock.cc:4: room domain may not include rocksdb/db.h"
lines = run.stdout.splitlines()
print(run.stdout, end="")
print(run.stderr, end="", file=sys.stderr)
if run.returncode != 1:
    sys.exit(f"expected exit status 1, got {run.returncode}")
if len(lines) != 1 or not lines[0].startswith(expected):
    sys.exit(f"expected exactly one violation starting with '{expected}'")
print("the checker refuses the wrong include, as it should")
