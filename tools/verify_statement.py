#!/usr/bin/env python3
"""Verifies a certreg certificate status statement (shared/spec/trust.md §5) offline.

  verify_statement.py [--log-vkey VKEY] [--status-vkey VKEY] [--json] SOURCE

SOURCE: a file, `-` (standard input) or an http(s) URL, text or JSON form. VKEY:
a verifier key `<name>+<hex id>+<base64>` or @FILE of them (`certreg log key`
prints both); without keys a URL's server gives them: then it proves only what
that server says. Exit 0 with a summary line, 1 naming the first failed check,
2 for usage. Python's standard library and `cryptography` only, written from the
specifications (C2SP signed-note, tlog-checkpoint, tlog-proof; RFC 9162; Cap'n Proto).
"""
import argparse
import base64
import hashlib
import json
import re
import struct
import sys
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

# Where the fields this script reads sit in an event's Cap'n Proto encoding, as `capnp compile
# -ocapnp schemas/event.capnp schemas/domain_events.capnp` prints them for certreg's schemas: ("p", n)
# is pointer n, ("d", bit, bits) a data field. tests/trust/pyverify_unit.py compares it with them.
SCHEMA = {
    "Event": {"position": ("d", 0, 64), "streamId": ("p", 0), "type": ("p", 1), "effectiveDate": ("p", 3),
              "payload": ("p", 7), "prevHash": ("p", 8), "hash": ("p", 9)},
    "ChangedItem": {"field": ("p", 0), "before": ("p", 1), "after": ("p", 2)},
    "CertificateIssued": {"certificateNo": ("p", 0), "holderName": ("p", 1), "uscc": ("p", 3),
                          "validUntil": ("p", 7)},
    "CertificateRenewed": {"certificateNo": ("p", 0), "validUntil": ("p", 3), "holderName": ("p", 9)},
    "CertificateChanged": {"changes": ("p", 0)},
}
PAYLOAD_TAG_BITS = (0, 16)  # Payload's union tag: bits [0, 16); every member is pointer 0
PAYLOAD_UNION = {"certificateIssued": 20, "certificateChanged": 21, "certificateReissued": 22,
                 "certificateSuspended": 26, "certificateReinstated": 29, "certificateRevoked": 35,
                 "certificateCancelled": 37, "cancellationAnnounced": 38, "certificateRenewed": 40}

# What each public event says of the certificate's status (domain.md §3, §4): the statuses it leaves
# possible, and whether status_since is its own effective date ("=") or an earlier event's ("<=").
IMPLIES = {
    "CertificateIssued": ({"VALID"}, "="), "CertificateRenewed": ({"VALID"}, "<="),
    "CertificateChanged": ({"VALID", "SUSPENDED"}, "<="), "CertificateReissued": ({"VALID", "SUSPENDED"}, "<="),
    "CertificateSuspended": ({"SUSPENDED"}, "="), "CertificateReinstated": ({"VALID"}, "="),
    "CertificateRevoked": ({"REVOKED"}, "="), "CertificateCancelled": ({"CANCELLED"}, "="),
    "CancellationAnnounced": ({"CANCELLED"}, "<="),
}
STATEMENT_KEYS = ["certificate", "status", "status_since", "valid_until", "holder", "uscc", "event", "size", "root",
                  "as_of"]
PROOF_HEADER, SUFFIX = "c2sp.org/tlog-proof@v1", "/status-statement/v1"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COUNT = re.compile(r"^(0|[1-9][0-9]{0,19})$")


class Failed(Exception):
    """A check that did not hold: `check` names it, the message says why."""
    def __init__(self, check, message):
        super().__init__(message)
        self.check = check


def require(condition, check, message):
    if not condition:
        raise Failed(check, message)


def b64(text, check, what):
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise Failed(check, "%s is not base64: %.80r" % (what, text)) from None


# --- signed notes (C2SP signed-note v1.0.0, Ed25519) ---------------------------------------------

def parse_vkey(text):
    """`<name>+<hex id>+<base64(0x01 || key)>` -> (name, id, key); ValueError saying why."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not parts[0] or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise ValueError("a verifier key reads <name>+<8 hex digits>+<base64 key>: %.80r" % text)
    raw = base64.b64decode(parts[2], validate=True)  # binascii.Error is a ValueError
    if len(raw) != 33 or raw[0] != 1:
        raise ValueError("the key of %s is not an Ed25519 key (0x01 and 32 bytes)" % parts[0])
    if hashlib.sha256(parts[0].encode() + b"\n\x01" + raw[1:]).digest()[:4].hex() != parts[1]:
        raise ValueError("the key id %s does not match the key of %s" % (parts[1], parts[0]))
    return parts[0], bytes.fromhex(parts[1]), raw[1:]


def open_note(note, keys, check):
    """Verifies `note` (text, blank line, signatures) against `keys` {(name, id): key}; returns
    (text, ids that verified). Unknown keys' lines are ignored, a known key's bad signature fails."""
    text, sep, sigs = note.rpartition("\n\n")
    require(sep and sigs.endswith("\n"), check, "not a signed note (text, a blank line, signature lines)")
    text += "\n"
    verified = []
    for line in sigs[:-1].split("\n"):
        match = re.fullmatch(r"\u2014 (\S+) (\S+)", line)
        require(match, check, "not a signature line: %.80r" % line)
        blob = b64(match.group(2), check, "the signature of " + match.group(1))
        key = keys.get((match.group(1), blob[:4]))
        if key is None:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(blob[4:], text.encode())
        except InvalidSignature:
            raise Failed(check, "the signature of %s (key %s) does not verify" % (match.group(1), blob[:4].hex()))
        verified.append(blob[:4].hex())
    require(verified, check, "no signature by a known key (%s)" % ", ".join(sorted({n for n, _ in keys})))
    return text, verified


# --- the statement's parts -----------------------------------------------------------------------

def split_parts(document):
    """(statement note, extra, index, hashes, checkpoint note) of the text form."""
    lines = document.split("\n")
    require(PROOF_HEADER in lines, "format", "no `%s` line after the statement" % PROOF_HEADER)
    at = lines.index(PROOF_HEADER)
    proof = lines[at + 1:]
    require("" in proof, "format", "the tlog-proof has no blank line before its checkpoint")
    blank = proof.index("")
    return ("\n".join(lines[:at]) + "\n", *parse_proof(proof[:blank]), "\n".join(proof[blank + 1:]))


def parse_statement(text):
    lines, fields = text[:-1].split("\n"), {}
    require(len(lines) == 11, "format", "the statement has %d lines, not 11" % len(lines))
    for key, line in zip(STATEMENT_KEYS, lines[1:]):
        fields[key] = line.partition(" ")[2]
        require(line.partition(" ")[0] == key, "format", "statement line %r where `%s` belongs" % (line[:80], key))
    for key in ("event", "size"):
        require(COUNT.match(fields[key]), "format", "`%s` is not a count: %.40r" % (key, fields[key]))
    return lines[0][:-len(SUFFIX)], fields


def parse_proof(lines):
    """(extra leaf, index, hashes) of a tlog-proof's lines after its header."""
    require(lines and lines[0].startswith("extra "), "extra", "the proof carries no `extra` line with the leaf")
    extra = b64(lines.pop(0)[6:], "format", "the proof's extra")
    require(lines and lines[0].startswith("index ") and COUNT.match(lines[0][6:]), "format",
            "the proof has no `index <n>` line")
    hashes = [b64(h, "format", "a proof hash") for h in lines[1:]]
    require(all(len(h) == 32 for h in hashes), "format", "a proof hash is not 32 bytes")
    return extra, int(lines[0][6:]), hashes


def verify_inclusion(leaf_hash, index, size, path, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


# --- a Cap'n Proto reader for one leaf: single segment, bounds checked, no far pointers ----------

class Message:
    """The words of a single-segment message, root pointer first. Every read is bounds checked and
    counted against a budget: hostile bytes end in Failed("leaf-decode"), never a crash or a loop."""

    def __init__(self, data):
        require(len(data) % 8 == 0 and data, "leaf-decode", "the leaf is %d bytes, not whole words" % len(data))
        self.data, self.words, self.budget = data, len(data) // 8, 8 * (len(data) // 8) + 64

    def word(self, i):
        return struct.unpack_from("<Q", self.data, 8 * i)[0]

    def fail(self, why):
        raise Failed("leaf-decode", "the leaf is not an event's encoding: " + why)

    def target(self, at, ptr, size_words):
        """First word of the object that the pointer at word `at` points to."""
        start = at + 1 + ((((ptr & 0xFFFFFFFF) >> 2) ^ (1 << 29)) - (1 << 29))  # a signed 30-bit offset
        self.budget -= size_words + 1
        if start < 0 or start + size_words > self.words or self.budget < 0:
            self.fail("the pointer at word %d leads outside the message, or reads it more than once" % at)
        return start

    def struct_at(self, at):
        """(data start, data words, pointers start, pointer count) of the struct pointer at word
        `at`; None when null."""
        ptr = 0 if at is None else self.word(at)
        if ptr == 0:
            return None
        if ptr & 3 != 0:
            self.fail("word %d is not a struct pointer (kind %d%s)" % (at, ptr & 3, ", far" if ptr & 3 == 2 else ""))
        data_words, ptr_count = (ptr >> 32) & 0xFFFF, ptr >> 48
        start = self.target(at, ptr, data_words + ptr_count)
        return start, data_words, start + data_words, ptr_count

    def pointer(self, s, index):
        """Word index of pointer `index` of struct `s`, None when the struct has no such pointer."""
        return None if s is None or index >= s[3] else s[2] + index

    def bits(self, s, offset, count):
        """A data field of struct `s`: 0 beyond its data section."""
        if s is None or (offset + count) > 64 * s[1]:
            return 0
        return (int.from_bytes(self.data[8 * s[0]:8 * (s[0] + s[1])], "little") >> offset) & ((1 << count) - 1)

    def list_at(self, at, element_size):
        """(start word, element count) of the list pointer at `at`; (0, 0) when null."""
        ptr = 0 if at is None else self.word(at)
        if ptr == 0:
            return 0, 0
        if ptr & 3 != 1:
            self.fail("word %d is not a list pointer" % at)
        kind, count = (ptr >> 32) & 7, ptr >> 35
        if kind != element_size:
            self.fail("the list at word %d has element size %d, not %d" % (at, kind, element_size))
        return self.target(at, ptr, (count + 7) // 8 if kind == 2 else count), count

    def text(self, at):
        start, count = self.list_at(at, 2)
        raw = self.data[8 * start:8 * start + count]
        if raw and raw[-1] != 0:
            self.fail("a text at word %d does not end in NUL" % at)
        try:
            return raw[:-1].decode("utf-8")
        except UnicodeDecodeError:
            self.fail("a text at word %d is not UTF-8" % at)

    def structs(self, at):
        """The structs of the composite list at word `at`."""
        start, total = self.list_at(at, 7)
        if total == 0:
            return []
        tag = self.word(start)
        count, data_words, ptr_count = (tag & 0xFFFFFFFF) >> 2, (tag >> 32) & 0xFFFF, tag >> 48
        step = data_words + ptr_count
        self.budget -= count
        if tag & 3 != 0 or count * step > total or self.budget < 0:
            self.fail("the list at word %d has a bad tag" % at)
        return [(start + 1 + i * step, data_words, start + 1 + i * step + data_words, ptr_count) for i in range(count)]


def field(message, s, schema, name):
    place = SCHEMA[schema][name]
    return message.bits(s, place[1], place[2]) if place[0] == "d" else message.text(message.pointer(s, place[1]))


def decode_leaf(leaf):
    """The fields of the event this leaf encodes that a statement rests on."""
    m = Message(leaf)
    event = m.struct_at(0)
    if event is None:
        m.fail("its root pointer is null")
    for unset in ("prevHash", "hash"):
        p = m.pointer(event, SCHEMA["Event"][unset][1])
        if p is not None and m.word(p) != 0:
            m.fail("its %s is set (a leaf has prevHash and hash unset)" % unset)
    out = {k: field(m, event, "Event", k) for k in ("position", "streamId", "type", "effectiveDate")}
    payload = m.struct_at(m.pointer(event, SCHEMA["Event"]["payload"][1]))
    tag = m.bits(payload, *PAYLOAD_TAG_BITS)
    member = next((n for n, t in PAYLOAD_UNION.items() if t == tag), None)
    if member is None:
        raise Failed("public-event", "event %d is a %.60s, not a public event" % (out["position"], out["type"]))
    wire = member[0].upper() + member[1:]
    if out["type"] != wire:
        m.fail("its type %.60r is not its payload's, %s" % (out["type"], wire))
    body = m.struct_at(m.pointer(payload, 0))
    out.update({name: field(m, body, wire, name) for name in SCHEMA.get(wire, {}) if name != "changes"})
    if "changes" in SCHEMA.get(wire, {}):
        items = m.structs(m.pointer(body, SCHEMA[wire]["changes"][1]))
        out["holderName"] = next((field(m, i, "ChangedItem", "after") for i in items
                                  if field(m, i, "ChangedItem", "field") == "holder_name"), None)
    return out


# --- the checks ----------------------------------------------------------------------------------

def check_event(fields, event):
    """The decoded event is of the stated certificate and implies the stated facts."""
    number, status, since = fields["certificate"], fields["status"], fields["status_since"]
    require(event["position"] == int(fields["event"]), "event-index",
            "the leaf is the event at position %d, not %s" % (event["position"], fields["event"]))
    if "certificateNo" in event:
        require(event["certificateNo"] == number, "certificate",
                "event %s is of certificate %.60s, not %.60s" % (fields["event"], event["certificateNo"], number))
    else:  # the number is named by the file's CertificateIssued; this event names only the file
        require(event["streamId"].startswith("cert-file/"), "certificate",
                "event %s is not of a certification file (stream %.60s)" % (fields["event"], event["streamId"]))
    statuses, relation = IMPLIES[event["type"]]
    require(status in statuses, "status",
            "a %s leaves it %s, not %.20s" % (event["type"], " or ".join(sorted(statuses)), status))
    require(DATE.match(since), "status-since", "status_since %.40r is not a date" % since)
    held = since == event["effectiveDate"] if relation == "=" else since <= event["effectiveDate"]
    require(held, "status-since", "status_since %s, the %s's date %s" % (since, event["type"], event["effectiveDate"]))
    for key, name in (("valid_until", "validUntil"), ("holder", "holderName"), ("uscc", "uscc")):
        if event.get(name):
            require(fields[key] == event[name], key.replace("_", "-"),
                    "%s %.80r, but the event says %.80r" % (key, fields[key], event[name]))
    return event


def verify(document, log_keys, status_keys):
    """The result of every check on the text form; Failed naming the first that does not hold."""
    statement_note, extra, index, hashes, checkpoint_note = split_parts(document)
    head = statement_note.split("\n", 1)[0]
    require(head.endswith(SUFFIX), "statement-origin", "the first line %.80r is not <origin>%s" % (head, SUFFIX))
    known = {(n, i): k for n, i, k in status_keys if n == head[:-len(SUFFIX)] + "/status"}
    require(known, "statement-origin", "no status key is named %s/status" % head[:-len(SUFFIX)])
    text, status_ids = open_note(statement_note, known, "status-signature")
    origin, fields = parse_statement(text)
    known = {(n, i): k for n, i, k in log_keys if n == origin}
    require(known, "checkpoint-origin", "no log key is named %s, the statement's origin" % origin)
    body, log_ids = open_note(checkpoint_note, known, "checkpoint-signature")
    lines = body.split("\n")
    require(len(lines) >= 4 and COUNT.match(lines[1]), "checkpoint-format", "not a checkpoint: %.80r" % body)
    require(lines[0] == origin, "checkpoint-origin", "the checkpoint's origin %.80s is not %s" % (lines[0], origin))
    root = b64(lines[2], "checkpoint-format", "the checkpoint's root")
    require(len(root) == 32, "checkpoint-format", "the checkpoint's root is not 32 bytes")
    require(fields["size"] == lines[1], "size", "the size %s is not the checkpoint's %s" % (fields["size"], lines[1]))
    require(fields["root"] == lines[2], "root", "the statement's root is not the checkpoint's")
    require(index == int(fields["event"]), "event-index", "the proof is of leaf %d, not %s" % (index, fields["event"]))
    require(verify_inclusion(hashlib.sha256(b"\x00" + extra).digest(), index, int(lines[1]), hashes, root), "inclusion",
            "the proof does not lead from SHA-256(0x00 || extra) at %d to the root of size %s" % (index, lines[1]))
    event = check_event(fields, decode_leaf(extra))
    return dict(fields, event=index, size=int(lines[1]), ok=True, origin=origin, event_type=event["type"],
                stream=event["streamId"], log_key_ids=log_ids, status_key_ids=status_ids)


def read(source):
    """The bytes of a file, `-` (standard input) or an http(s) URL."""
    if source == "-":
        return sys.stdin.buffer.read()
    with (urllib.request.urlopen(source, timeout=30) if re.match(r"^https?://", source) else open(source, "rb")) as f:
        return f.read()


def as_document(raw):
    """The text form of a statement given as text or as the JSON form {"statement", "proof"}."""
    try:
        text = raw.decode("utf-8")
        parts = json.loads(text) if text.lstrip().startswith("{") else None
    except ValueError as e:
        raise Failed("format", "neither a statement nor its JSON form: %s" % e) from None
    if parts is None:
        return text
    require(isinstance(parts, dict) and isinstance(parts.get("statement"), str) and isinstance(
        parts.get("proof"), str), "format", "the JSON form has no `statement` and `proof` strings")
    return parts["statement"] + parts["proof"]  # the note, then the tlog-proof ending in the checkpoint


def load_keys(values, role, source):
    keys = []
    for value in values:
        text = open(value[1:], encoding="utf-8").read() if value.startswith("@") else value
        keys += [parse_vkey(line) for line in text.splitlines() if line.strip()]
    if not keys and re.match(r"^https?://", source):  # trust on the server's word: said in the README
        keys = [parse_vkey(line) for line in read(source.split("/public/v1/")[0] + "/log/vkey").decode().splitlines()
                if line.strip()]
    if not keys:
        raise ValueError("give --%s-vkey (the output of `certreg log key` or GET /log/vkey)" % role)
    return keys


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log-vkey", action="append", default=[], metavar="VKEY",
                        help="the log's verifier key, or @FILE")
    parser.add_argument("--status-vkey", action="append", default=[], metavar="VKEY",
                        help="the status verifier key, or @FILE")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("source", metavar="SOURCE", help="a file, - for standard input, or an http(s) URL")
    args = parser.parse_args()
    try:
        keys = load_keys(args.log_vkey, "log", args.source), load_keys(args.status_vkey, "status", args.source)
        raw = read(args.source)
    except (OSError, ValueError) as e:  # unreadable source or keys: usage
        print("verify_statement.py: %s" % e, file=sys.stderr)
        return 2
    try:
        result = verify(as_document(raw), *keys)
    except Failed as e:
        print(json.dumps({"ok": False, "check": e.check, "error": str(e)}, ensure_ascii=False) if args.json
              else "FAILED %s: %s" % (e.check, e))
        return 1
    print(json.dumps(result, ensure_ascii=False) if args.json else "OK certificate {certificate} {status} since "
          "{status_since} (event {event} {event_type}; size {size}; origin {origin}; log key {0}; status key {1})"
          .format(",".join(result["log_key_ids"]), ",".join(result["status_key_ids"]), **result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
