"""The verifiable log's part of the kill -9 campaign (kill9_campaign.py;
trust.md §7): checkpoints watched while the server runs, the last one signed
before a kill read from the store, and the checks after the restart. Python 3
standard library and tests/trust/rfc9162.py (written from the RFC text)."""

import base64
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "trust"))
import rfc9162  # noqa: E402


def get(port, path, token=None, timeout=30):
    """(status, body bytes) of GET http://127.0.0.1:PORT/PATH."""
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path))
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class CheckpointWatcher(threading.Thread):
    """Keeps every distinct checkpoint GET /log/checkpoint served, as an
    outside party polling the log would, until `stop` is set or the server is gone."""

    def __init__(self, port, stop, seen):
        super().__init__(daemon=True)
        self.port, self.stop, self.seen = port, stop, seen  # seen: {size: root}, shared across rounds

    def run(self):
        while not self.stop.is_set():
            try:
                status, body = get(self.port, "/log/checkpoint", timeout=5)
            except OSError:
                return  # killed
            if status == 200:
                _, size, root = rfc9162.parse_checkpoint(body.decode())
                self.seen[size] = root
            time.sleep(0.05)


def last_signed_in_store(data):
    """(size, root) of the last checkpoint kept in the store's `checkpoints`
    column family (RocksDB's ldb, the server stopped), or None."""
    out = subprocess.run(["ldb", "--db=" + data, "--column_family=checkpoints", "scan", "--key_hex", "--value_hex"],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError("ldb scan of the checkpoints failed: " + out.stderr.strip())
    last = None
    for line in out.stdout.splitlines():
        key, sep, value = line.partition(" : ")
        if sep and key.startswith("0x") and value.startswith("0x"):
            last = bytes.fromhex(value[2:]).decode()
    if last is None:
        return None
    _, size, root = rfc9162.parse_checkpoint(last)
    return size, root


def entry_leaves(port, token, size):
    """The leaf bytes of the first `size` entries (tlog-tiles entry bundles, a regulator's)."""
    leaves = []
    for index in range((size + 255) // 256):
        width = min(256, size - 256 * index)
        path = "/log/tile/entries/" + rfc9162.tile_path(0, index, width)[2:]
        status, body = get(port, path, token)
        if status != 200:
            raise RuntimeError("GET %s: %d" % (path, status))
        at = 0
        while at < len(body):
            n = int.from_bytes(body[at:at + 2], "big")
            leaves.append(body[at + 2:at + 2 + n])
            at += 2 + n
    return leaves


def restart_problems(port, regulator, seen, last_signed, acks):
    """What does not hold after a restart: the served checkpoint against the
    events, the last checkpoint signed before the kill, every checkpoint seen
    before it, and the acknowledged events."""
    problems = []
    status, body = 503, b""
    for _ in range(100):  # signed at start, before the server listens; 503 only while none is published
        status, body = get(port, "/log/checkpoint")
        if status == 200:
            break
        time.sleep(0.05)
    if status != 200:
        return ["no checkpoint is served after the restart (%d)" % status]
    _, size, root = rfc9162.parse_checkpoint(body.decode())
    leaf_hashes = [rfc9162.leaf_hash(leaf) for leaf in entry_leaves(port, regulator, size)]
    if len(leaf_hashes) != size or rfc9162.mth(leaf_hashes) != root:
        problems.append("the served checkpoint (size %d) is not the root of the served entries" % size)
    if last_signed is not None:
        last_size, last_root = last_signed
        if last_size > size or rfc9162.mth(leaf_hashes[:last_size]) != last_root:
            problems.append("the events at size %d no longer hash to the root of the checkpoint signed there "
                            "before the kill" % last_size)
        seen = dict(seen)
        seen[last_size] = last_root
    for old in sorted(seen):
        if old > size:
            problems.append("a checkpoint of size %d was seen before the kill; the log now has %d" % (old, size))
            continue
        status, proof = get(port, "/log/proof/consistency/%d/%d" % (old, size))
        why = "GET answered %d" % status if status != 200 else rfc9162.verify_consistency(
            old, size, seen[old], root, rfc9162.parse_hash_lines(proof.decode()))
        if why:
            problems.append("the checkpoint of size %d seen before the kill is not consistent with the one served "
                            "after it (size %d): %s" % (old, size, why))
    acked = [position for ack in acks for _, position in ack["events"]]
    if acked and max(acked) >= size:
        problems.append("acknowledged event %d is outside the served tree of size %d" % (max(acked), size))
    elif acked:
        problems.extend(inclusion_problems(port, regulator, max(acked), size, root))
    return problems


def inclusion_problems(port, regulator, index, size, root):
    """The inclusion proof of leaf `index` at `size` (a regulator sees its bytes on `extra`)."""
    status, body = get(port, "/log/proof/inclusion/%d?size=%d" % (index, size), regulator)
    if status != 200:
        return ["GET /log/proof/inclusion/%d?size=%d answered %d" % (index, size, status)]
    lines = body.decode().split("\n")
    extra = [line[6:] for line in lines if line.startswith("extra ")]
    start = lines.index("index %d" % index) + 1
    proof = rfc9162.parse_hash_lines("\n".join(lines[start:lines.index("", start)]))
    if not extra:
        return ["the inclusion proof of event %d carries no leaf for a regulator" % index]
    why = rfc9162.verify_inclusion(index, size, rfc9162.leaf_hash(base64.b64decode(extra[0])), proof, root)
    return ["acknowledged event %d: inclusion proof at size %d: %s" % (index, size, why)] if why else []
