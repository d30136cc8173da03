#!/usr/bin/env python3
"""RFC 6962 / RFC 9162 Merkle tree checks written from the RFC text, for the
trust tests (tamper, kill -9): they share no code with the server.

As a module: leaf_hash, mth (RFC 6962 §2.1), verify_inclusion (RFC 9162
§2.1.3.2), verify_consistency (§2.1.4.2), parse_checkpoint, and TileReader,
which reads a served log's hash tiles (tlog-tiles: /log/tile/<L>/<N>[.p/<W>])
and builds inclusion and consistency proofs from them as any outside party
can. As a command:

  rfc9162.py consistency OLD_SIZE OLD_ROOT NEW_SIZE NEW_ROOT < PROOF
      verifies a proof (one base64 hash a line); exit 0 when it holds, 1 with
      the reason when not
  rfc9162.py tile-proof BASE_URL OLD_SIZE NEW_SIZE
      prints the consistency proof built from the served hash tiles
  rfc9162.py tile-root BASE_URL SIZE
      prints the base64 root of the tree of SIZE leaves built from the tiles
"""

import base64
import hashlib
import sys
import urllib.request


def _h(data):
    return hashlib.sha256(data).digest()


def leaf_hash(leaf):
    return _h(b"\x00" + leaf)


def node_hash(left, right):
    return _h(b"\x01" + left + right)


def _split(n):
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


def mth(leaf_hashes):
    """MTH over leaf hashes (RFC 6962 §2.1); the empty tree hashes the empty string."""
    n = len(leaf_hashes)
    if n == 0:
        return _h(b"")
    if n == 1:
        return leaf_hashes[0]
    k = _split(n)
    return node_hash(mth(leaf_hashes[:k]), mth(leaf_hashes[k:]))


def _climb(fn, sn, first, second, proof):
    """The walk shared by RFC 9162 §2.1.3.2 and §2.1.4.2: `second` takes every
    proof hash (left or right of it), `first` only those on its left.
    (first, second, sn at the end), or None when the proof is too long."""
    for c in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            first, second = node_hash(c, first), node_hash(c, second)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            second = node_hash(second, c)
        fn >>= 1
        sn >>= 1
    return first, second, sn


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 §2.1.3.2: None when the audit path leads from leaf hash `leaf` to `root`, else why not."""
    if index >= size:
        return "index %d is not below size %d" % (index, size)
    climbed = _climb(index, size - 1, leaf, leaf, proof)
    if climbed is None:
        return "the proof is too long"
    if climbed[2] != 0:
        return "the proof is too short"
    return None if climbed[1] == root else "the path leads to another root"


def verify_consistency(first, second, first_hash, second_hash, proof):
    """RFC 9162 §2.1.4.2: None when `proof` shows the tree of size `second`
    and root `second_hash` extends the one of size `first` and root
    `first_hash`, else why not."""
    if first > second:
        return "the old size is larger than the new one"
    if first == second:
        if proof:
            return "a proof between equal sizes is empty"
        return None if first_hash == second_hash else "equal sizes with different roots"
    if first == 0:
        return None if not proof else "a proof from the empty tree is empty"
    if first & (first - 1) == 0:
        proof = [first_hash] + list(proof)
    if not proof:
        return "the proof is empty"
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    climbed = _climb(fn, sn, proof[0], proof[0], proof[1:])
    if climbed is None:
        return "the proof is too long"
    fr, sr, sn = climbed
    if sn != 0:
        return "the proof is too short"
    if fr != first_hash:
        return "the proof gives the old tree the root %s, not %s" % (b64(fr), b64(first_hash))
    if sr != second_hash:
        return "the proof gives the new tree the root %s, not %s" % (b64(sr), b64(second_hash))
    return None


def b64(digest):
    return base64.b64encode(digest).decode()


def parse_checkpoint(text):
    """(origin, size, root) of a tlog-checkpoint note's body."""
    lines = text.split("\n")
    return lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)


def parse_hash_lines(text):
    return [base64.b64decode(line, validate=True) for line in text.splitlines() if line]


def tile_path(level, index, width):
    """tlog-tiles' path of a hash tile: N in groups of three digits, x-prefixed but the last."""
    digits = "%d" % index
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    path = "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])
    return "%d/%s%s" % (level, path, "" if width == 256 else ".p/%d" % width)


class TileReader:
    """The hashes of a served tree of `size` leaves, read from its hash tiles
    (height 8: tile level L holds the tree's level-8L hashes, 256 a tile)."""

    def __init__(self, base_url, size):
        self.base_url, self.size, self.tiles = base_url.rstrip("/"), size, {}

    def _tile(self, tile_level, index):
        key = (tile_level, index)
        if key not in self.tiles:
            stored = self.size >> (8 * tile_level)  # complete nodes at that level
            width = min(256, stored - 256 * index)
            url = "%s/log/tile/%s" % (self.base_url, tile_path(tile_level, index, width))
            with urllib.request.urlopen(url, timeout=30) as res:
                data = res.read()
            if len(data) != 32 * width:
                raise ValueError("%s: %d bytes, not %d" % (url, len(data), 32 * width))
            self.tiles[key] = [data[i:i + 32] for i in range(0, len(data), 32)]
        return self.tiles[key]

    def node(self, level, index):
        """The hash of the complete subtree of leaves [index·2^level, (index+1)·2^level)."""
        base = level - level % 8
        first, count = index << (level - base), 1 << (level - base)
        hashes = []
        for i in range(first, first + count):
            hashes.append(self._tile(base // 8, i // 256)[i % 256])
        return mth_of_complete(hashes)

    def subtree(self, start, n):
        """MTH of the leaves [start, start+n), n > 0, from complete subtrees."""
        if n & (n - 1) == 0 and start % n == 0:
            return self.node(n.bit_length() - 1, start // n)
        k = _split(n)
        return node_hash(self.subtree(start, k), self.subtree(start + k, n - k))

    def root(self, n):
        return _h(b"") if n == 0 else self.subtree(0, n)

    def consistency_proof(self, m, n):
        """RFC 6962 §2.1.2 PROOF(m, D[n]) from the tiles (0 < m <= n)."""
        def subproof(m, start, n, whole):
            if m == n:
                return [] if whole else [self.subtree(start, m)]
            k = _split(n)
            if m <= k:
                return subproof(m, start, k, whole) + [self.subtree(start + k, n - k)]
            return subproof(m - k, start + k, n - k, False) + [self.subtree(start, k)]
        return subproof(m, 0, n, True) if 0 < m < n else []


def mth_of_complete(hashes):
    while len(hashes) > 1:
        hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def main(argv):
    if len(argv) == 5 and argv[0] == "consistency":
        proof = parse_hash_lines(sys.stdin.read())
        why = verify_consistency(int(argv[1]), int(argv[3]), base64.b64decode(argv[2]), base64.b64decode(argv[4]),
                                 proof)
        if why:
            print("consistency proof %s -> %s fails: %s" % (argv[1], argv[3], why))
            return 1
        print("consistency proof %s -> %s holds" % (argv[1], argv[3]))
        return 0
    if len(argv) == 4 and argv[0] == "tile-proof":
        for digest in TileReader(argv[1], int(argv[3])).consistency_proof(int(argv[2]), int(argv[3])):
            print(b64(digest))
        return 0
    if len(argv) == 3 and argv[0] == "tile-root":
        print(b64(TileReader(argv[1], int(argv[2])).root(int(argv[2]))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
