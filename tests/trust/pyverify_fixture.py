"""What tests/trust/pyverify_unit.py builds statements from: the leaves of a real
store (`certreg demo`, served by `certreg serve`, entry bundles read with a
regulator token), its events as `certreg dump --json` prints them, the served
checkpoint, verifier keys and one served inclusion proof; an RFC 6962 tree
computed here from the definitions; test keys; statements signed with them.

Written from the specifications (trust.md §5, C2SP signed-note, RFC 6962 §2.1),
sharing no code with tools/verify_statement.py or the server.
"""
import base64
import hashlib
import json
import os
import signal
import subprocess
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PUBLIC_EVENTS = {"CertificateIssued", "CertificateRenewed", "CertificateChanged", "CertificateReissued",
                 "CertificateSuspended", "CertificateReinstated", "CertificateRevoked", "CertificateCancelled",
                 "CancellationAnnounced"}


def run(*argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def get(url, token=None):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token} if token else {})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.read()


def tile_path(n):
    """tlog-tiles' x001/x234/067 form of a tile index."""
    digits = "%d" % n
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


class Store:
    """A demo store read through a real server: events, leaves, checkpoint, vkeys, a served proof."""

    def __init__(self, certreg, work):
        data = os.path.join(work, "data")
        run(certreg, "demo", "--data", data)
        token = run(certreg, "token", "create", "--role", "regulator", "--name", "reg", "--data", data).split()[-1]
        self.events = [json.loads(line) for line in run(certreg, "dump", "--json", "--data", data).splitlines()]
        server = subprocess.Popen([certreg, "serve", "--data", data, "--listen", "127.0.0.1:0", "--sweep-interval",
                                   "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = server.stdout.readline()
            assert line.startswith("listening on http://"), "serve did not listen: %r" % line
            base = line.split()[-1]
            self.checkpoint = get(base + "/log/checkpoint").decode()
            self.vkeys = get(base + "/log/vkey").decode()
            size = int(self.checkpoint.split("\n")[1])
            assert size == len(self.events), "the checkpoint covers %d of %d events" % (size, len(self.events))
            self.leaves = []
            for n in range((size + 255) // 256):
                width = min(256, size - 256 * n)
                bundle = get(base + "/log/tile/entries/" + tile_path(n) + ("" if width == 256 else ".p/%d" % width),
                             token)
                while bundle:
                    length = int.from_bytes(bundle[:2], "big")
                    self.leaves.append(bundle[2:2 + length])
                    bundle = bundle[2 + length:]
            self.public = [e["position"] for e in self.events if e["type"] in PUBLIC_EVENTS]
            self.served_proof = get(base + "/log/proof/inclusion/%d?size=%d" % (self.public[-1], size)).decode()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        assert len(self.leaves) == len(self.events), "%d leaves for %d events" % (len(self.leaves), len(self.events))

    def claims(self, position):
        """What a true statement says of the certificate after the public event at `position`:
        replays its file's public events (domain.md §3, §4)."""
        stream = self.events[position]["stream_id"]
        cert = {}
        for e in self.events[:position + 1]:
            if e["stream_id"] != stream or e["type"] not in PUBLIC_EVENTS:
                continue
            body = e["data"]
            kind, on = e["type"], e["effective_date"]
            if kind in ("CertificateIssued", "CertificateRenewed"):
                cert.update(certificate=body["certificate_no"], valid_until=body["valid_until"])
                if body.get("holder_name"):
                    cert["holder"] = body["holder_name"]
            if kind == "CertificateIssued":
                cert.update(uscc=body.get("uscc", ""), status="VALID", status_since=on)
            for item in body.get("changes", []) if kind == "CertificateChanged" else []:
                if item["field"] == "holder_name":
                    cert["holder"] = item["after"]
            new_status = {"CertificateSuspended": "SUSPENDED", "CertificateReinstated": "VALID",
                          "CertificateRevoked": "REVOKED", "CertificateCancelled": "CANCELLED"}.get(kind)
            if new_status:
                cert.update(status=new_status, status_since=on)
        return cert


# --- RFC 6962 §2.1, from the definitions ----------------------------------------------------------

def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n):
    """The largest power of two smaller than n."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(hashes):
    if len(hashes) == 1:
        return hashes[0]
    k = split(len(hashes))
    return node(mth(hashes[:k]), mth(hashes[k:]))


def path(m, hashes):
    """PATH(m, D[n]) over leaf hashes."""
    if len(hashes) == 1:
        return []
    k = split(len(hashes))
    if m < k:
        return path(m, hashes[:k]) + [mth(hashes[k:])]
    return path(m - k, hashes[k:]) + [mth(hashes[:k])]


# --- keys and notes (C2SP signed-note) ------------------------------------------------------------

class Key:
    def __init__(self, name):
        self.name, self.private = name, Ed25519PrivateKey.generate()
        public = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.id = hashlib.sha256(name.encode() + b"\n" + b"\x01" + public).digest()[:4]
        self.vkey = "%s+%s+%s" % (name, self.id.hex(), base64.b64encode(b"\x01" + public).decode())

    def sign(self, text):
        sig = base64.b64encode(self.id + self.private.sign(text.encode())).decode()
        return text + "\n\u2014 %s %s\n" % (self.name, sig)


ORIGIN = "verify.example.cn/log"


class Builder:
    """Statements over a list of leaves, signed with test keys."""

    def __init__(self, leaves, origin=ORIGIN):
        self.leaves, self.origin = leaves, origin
        self.log_key, self.status_key = Key(origin), Key(origin + "/status")
        self.hashes = [leaf_hash(leaf) for leaf in leaves]
        self.root = base64.b64encode(mth(self.hashes)).decode()

    def checkpoint(self):
        return self.log_key.sign("%s\n%d\n%s\n" % (self.origin, len(self.leaves), self.root))

    def statement(self, index, claims, **change):
        """The statement of `claims` about leaf `index`; `change` overrides any line's value
        (event, size, root, ...) or the proof's parts: extra (bytes), proof_index, hashes."""
        lines = dict(certificate="", status="", status_since="", valid_until="", holder="", uscc="", event=index,
                     size=len(self.leaves), root=self.root, as_of="2026-12-05T08:00:00Z")
        lines.update(claims)
        lines.update({k: v for k, v in change.items() if k in lines})
        text = "%s/status-statement/v1\n" % self.origin + "".join(
            "%s %s\n" % (k, lines[k]) for k in ("certificate", "status", "status_since", "valid_until", "holder",
                                               "uscc", "event", "size", "root", "as_of"))
        hashes = change.get("hashes", path(index, self.hashes))
        proof = "c2sp.org/tlog-proof@v1\nextra %s\nindex %d\n" % (
            base64.b64encode(change.get("extra", self.leaves[index])).decode(), change.get("proof_index", index))
        return self.status_key.sign(text) + proof + "".join(
            base64.b64encode(h).decode() + "\n" for h in hashes) + "\n" + self.checkpoint()
