"""A transparency-log witness written from the C2SP texts, for tests only.

tlog-witness v1.0.0 (POST <prefix>/add-checkpoint), tlog-cosignature v1.0.1
(Ed25519 cosignature/v1), signed-note v1.0.0 and the RFC 9162 §2.1.4.2
consistency check, with the Python standard library and `cryptography`
(Ed25519); it shares no code with certreg.

    w = Witness("witness.test/a", seed=bytes(32), logs={origin: log_vkey})
    w.start(port=0)   # serves on 127.0.0.1, w.port; w.url is the submission prefix
    w.vkey            # its cosignature/v1 verifier key
    w.state[origin]   # (size, root) of the latest checkpoint it cosigned
    w.requests        # (old size, checkpoint size, HTTP status) of every add-checkpoint
    w.stop()          # closes the port (start(port=w.port) opens it again)
"""

import base64
import hashlib
import http.server
import struct
import threading
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

EM_DASH = "\u2014 "
MAX_PROOF_LINES = 63


class Refused(Exception):
    def __init__(self, status, text, content_type="text/plain; charset=utf-8"):
        super().__init__(text)
        self.status, self.text, self.content_type = status, text, content_type


def key_id(name, alg, public):
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public).digest()[:4]


def parse_vkey(vkey, alg):
    """'<name>+<hex id>+<base64(alg || key)>' -> (name, key id bytes, Ed25519PublicKey)."""
    name, hex_id, b64 = vkey.split("+", 2)
    raw = base64.b64decode(b64, validate=True)
    if len(raw) != 33 or raw[0] != alg or key_id(name, alg, raw[1:]) != bytes.fromhex(hex_id):
        raise ValueError("not a verifier key of algorithm %d: %s" % (alg, vkey))
    return name, bytes.fromhex(hex_id), Ed25519PublicKey.from_public_bytes(raw[1:])


def split_note(note):
    """A signed note -> (text, [(name, key id, signature bytes)]); ValueError when malformed."""
    at = note.rfind("\n\n")
    if at < 0:
        raise ValueError("no blank line before the signatures")
    text, sigs = note[:at + 1], note[at + 2:]
    if not sigs.endswith("\n"):
        raise ValueError("signature lines end in a newline")
    out = []
    for line in sigs[:-1].split("\n"):
        if not line.startswith(EM_DASH):
            raise ValueError("a signature line starts with an em dash")
        name, b64 = line[len(EM_DASH):].split(" ", 1)
        blob = base64.b64decode(b64, validate=True)
        if len(blob) < 5:
            raise ValueError("a signature is too short")
        out.append((name, blob[:4], blob[4:]))
    return text, out


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_consistency(first, second, first_hash, second_hash, proof):
    """RFC 9162 §2.1.4.2, as written: True when `proof` shows that the tree of
    `second` leaves with root `second_hash` extends the one of `first` leaves
    with root `first_hash`."""
    if first > second:
        return False
    if first == second:
        return first_hash == second_hash and not proof
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    # 1. If first is an exact power of 2, prepend first_hash to the path.
    if first & (first - 1) == 0:
        path.insert(0, first_hash)
    # 2-3. fn = first - 1, sn = second - 1; shift both right while LSB(fn) is set.
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 4. fr and sr start at the first value in the path.
    fr = sr = path[0]
    # 5. For each subsequent value c in the path:
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    # 6. fr and sr must equal the roots, and sn must be 0.
    return sn == 0 and fr == first_hash and sr == second_hash


def parse_decimal(text):
    if not text or not text.isdigit() or not text.isascii() or (len(text) > 1 and text[0] == "0"):
        raise ValueError("not a decimal without a leading zero: %r" % text)
    return int(text)


class Witness:
    def __init__(self, name, seed, logs):
        self.name = name
        self.key = Ed25519PrivateKey.from_private_bytes(seed)
        public = self.key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.key_id = key_id(name, 0x04, public)
        self.vkey = "%s+%s+%s" % (name, self.key_id.hex(), base64.b64encode(b"\x04" + public).decode())
        self.logs = {origin: parse_vkey(vkey, 0x01) for origin, vkey in logs.items()}
        self.state = {}  # origin -> (size, root) of the latest cosigned checkpoint
        self.requests = []
        self.lock = threading.Lock()
        self.server = None
        self.thread = None
        self.port = 0

    @property
    def url(self):
        return "http://127.0.0.1:%d/w" % self.port

    def start(self, port=0):
        witness = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path != "/w/add-checkpoint":
                    status, text, ctype = 404, "no such endpoint\n", "text/plain; charset=utf-8"
                else:
                    try:
                        status, text, ctype = 200, witness.add_checkpoint(body.decode("utf-8")), "text/plain; charset=utf-8"
                    except Refused as r:
                        status, text, ctype = r.status, r.text, r.content_type
                    except (ValueError, UnicodeDecodeError) as e:
                        status, text, ctype = 400, "malformed: %s\n" % e, "text/plain; charset=utf-8"
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def add_checkpoint(self, body):
        """The add-checkpoint call of tlog-witness v1.0.0; returns the response body or raises Refused."""
        old_line, rest = body.split("\n", 1)
        if not old_line.startswith("old "):
            raise ValueError("the first line is 'old <size>'")
        old = parse_decimal(old_line[4:])
        proof = []
        while not rest.startswith("\n"):
            line, rest = rest.split("\n", 1)
            proof.append(base64.b64decode(line, validate=True))
            if len(proof) > MAX_PROOF_LINES:
                raise ValueError("more than 63 proof lines")
        note = rest[1:]
        text, signatures = split_note(note)
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise ValueError("a checkpoint has an origin, a size and a root")
        origin, size, root = lines[0], parse_decimal(lines[1]), base64.b64decode(lines[2], validate=True)
        if origin not in self.logs:
            self.requests.append((old, size, 404))
            raise Refused(404, "unknown log origin\n")
        name, kid, public = self.logs[origin]
        verified = False
        for sig_name, sig_id, sig in signatures:
            if sig_name == name and sig_id == kid:
                try:
                    public.verify(sig, text.encode())
                    verified = True
                except InvalidSignature:
                    pass
        if not verified:
            self.requests.append((old, size, 403))
            raise Refused(403, "no signature of a known key verifies\n")
        if old > size:
            self.requests.append((old, size, 400))
            raise Refused(400, "old size is larger than the checkpoint's\n")
        with self.lock:  # the check of the old size and the update are one step
            held_size, held_root = self.state.get(origin, (0, None))
            if old != held_size:
                self.requests.append((old, size, 409))
                raise Refused(409, "%d\n" % held_size, "text/x.tlog.size")
            if held_root is None:
                if proof:
                    self.requests.append((old, size, 422))
                    raise Refused(422, "a proof from size 0 is empty\n")
            elif old == size:
                if root != held_root:
                    self.requests.append((old, size, 409))
                    raise Refused(409, "%d\n" % held_size, "text/x.tlog.size")
            elif not verify_consistency(old, size, held_root, root, proof):
                self.requests.append((old, size, 422))
                raise Refused(422, "the consistency proof does not verify\n")
            self.state[origin] = (size, root)
            self.requests.append((old, size, 200))
        timestamp = int(time.time())
        message = b"cosignature/v1\ntime %d\n" % timestamp + text.encode()
        blob = self.key_id + struct.pack(">Q", timestamp) + self.key.sign(message)
        return EM_DASH + self.name + " " + base64.b64encode(blob).decode() + "\n"


def open_cosignatures(note, vkey):
    """The timestamps of the valid cosignature/v1 lines of `vkey` in `note`; ValueError for a bad one."""
    name, kid, public = parse_vkey(vkey, 0x04)
    text, signatures = split_note(note)
    out = []
    for sig_name, sig_id, sig in signatures:
        if sig_name != name or sig_id != kid:
            continue
        if len(sig) != 72:
            raise ValueError("a cosignature is a timestamp and a signature")
        (timestamp,) = struct.unpack(">Q", sig[:8])
        try:
            public.verify(sig[8:], b"cosignature/v1\ntime %d\n" % timestamp + text.encode())
        except InvalidSignature:
            raise ValueError("the cosignature of %s does not verify" % name)
        out.append(timestamp)
    return out
