#!/usr/bin/env python3
"""tools/verify_statement.py against statements built here (trust.md §5, §7):

  - a genuine statement of every public event type of a real store's log
    (certreg demo) is accepted, as text, JSON, from standard input and a URL;
    so is one ending in the proof and checkpoint the server itself served;
  - each single-line alteration, a wrong key, a truncated proof, a wrong
    index, the `extra` of another leaf, an event of another certificate, a
    status, date, holder or uscc the event does not imply, a non-public event
    and hostile leaves (random bytes, huge pointers, pointer loops, a far
    pointer) are refused naming the check that failed, never with a crash;
  - usage errors exit 2; the script's field table matches the schemas.

  pyverify_unit.py CERTREG VERIFY_STATEMENT_PY SCHEMAS_DIR
"""
import base64
import contextlib
import http.server
import io
import importlib.util
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import threading
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyverify_fixture as fx  # noqa: E402  (beside this script)

CERTREG, SCRIPT, SCHEMAS = (os.path.abspath(a) for a in sys.argv[1:4])
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)


def load_script():
    spec = importlib.util.spec_from_file_location("verify_statement", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def run_main(argv, stdin=None):
    """(exit code, stdout, stderr) of the script with these arguments: run in this process (as
    its main()) unless it reads standard input. An exception out of main() is a crash: -1."""
    if stdin is not None:
        done = subprocess.run([sys.executable, SCRIPT, *argv], input=stdin, capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout, done.stderr
    out, err = io.StringIO(), io.StringIO()
    saved, sys.argv = sys.argv, [SCRIPT, *argv]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = SCRIPT_MODULE.main()
    except SystemExit as e:
        code = e.code
    except Exception:  # noqa: BLE001 (a crash is what this test looks for)
        code, err = -1, io.StringIO(traceback.format_exc())
    finally:
        sys.argv = saved
    return code, out.getvalue(), err.getvalue()


def verify(document, *args, log=None, status=None, stdin=None):
    """run_main with the keys, on `document` written to a file (when given) after `args`."""
    argv = ["--log-vkey", log, "--status-vkey", status, *args]
    if document is not None:
        with open(os.path.join(work, "statement.txt"), "w", encoding="utf-8") as f:
            f.write(document)
        argv.append(f.name)
    return run_main(argv, stdin)


def accepted(builder, document, what, **keys):
    code, out, err = verify(document, log=keys.get("log", builder.log_key.vkey),
                            status=keys.get("status", builder.status_key.vkey))
    check(code == 0 and out.startswith("OK certificate "), "%s: refused (%d) %s%s" % (what, code, out, err))
    return out


def refused(builder, document, what, check_name=None, **keys):
    code, out, err = verify(document, log=keys.get("log", builder.log_key.vkey),
                            status=keys.get("status", builder.status_key.vkey))
    ok = code == 1 and out.startswith("FAILED ") and not err and (
        check_name is None or out.startswith("FAILED %s:" % check_name))
    check(ok, "%s: expected FAILED %s, got %d %r %r" % (what, check_name or "<any>", code, out, err[-300:]))


def schema_table():
    """The script's SCHEMA and PAYLOAD_UNION equal what capnp says of schemas/."""
    script = SCRIPT_MODULE
    printed = subprocess.run(["capnp", "compile", "-ocapnp", "-I", SCHEMAS, "event.capnp", "domain_events.capnp"],
                             cwd=SCHEMAS, capture_output=True, text=True, check=True).stdout
    fields, struct_name = {}, None
    for line in printed.splitlines():
        m = re.match(r"^struct (\w+) @", line)
        if m:
            struct_name = m.group(1)
        m = re.match(r"^\s+(\w+) @\d+ :.*;  # (?:ptr\[(\d+)\]|bits\[(\d+), (\d+)\))(?:, union tag = (\d+))?$", line)
        if m and struct_name:
            place = ("p", int(m.group(2))) if m.group(2) else ("d", int(m.group(3)), int(m.group(4)) - int(m.group(3)))
            fields[(struct_name, m.group(1))] = (place, m.group(5))
        if struct_name == "Payload" and "union {" in line:
            check("tag bits [0, 16)" in line, "Payload's union tag moved: " + line)
    for struct_name, table in script.SCHEMA.items():
        for name, place in table.items():
            check(fields.get((struct_name, name), (None,))[0] == place,
                  "SCHEMA %s.%s = %s, the schema says %s" % (struct_name, name, place, fields.get((struct_name, name))))
    for name, tag in script.PAYLOAD_UNION.items():
        check(fields.get(("Payload", name)) == (("p", 0), str(tag)),
              "PAYLOAD_UNION %s = %d, the schema says %s" % (name, tag, fields.get(("Payload", name))))
    check(set(script.IMPLIES) == fx.PUBLIC_EVENTS, "IMPLIES covers the public events")


def word(value):
    return struct.pack("<Q", value)


# Hostile leaves: (what, bytes). A struct pointer is offset<<2 | data words<<32 | pointers<<48.
HOSTILE = [
    ("random bytes", bytes(random.Random(14).getrandbits(8) for _ in range(800))),
    ("not whole words", b"\x00" * 13),
    ("a null root", word(0)),
    ("a huge struct", word((0xFFFF << 32) | (0xFFFF << 48))),
    ("a pointer far before the message", word(((1 << 29) << 2) | (1 << 48))),
    ("a far pointer", word(2 | (5 << 3))),
    ("a pointer loop", word((0x3FFFFFFF << 2) | (1 << 48))),  # offset -1: the struct's pointer is itself
    ("a payload pointing back at the event",
     word(10 << 48) + word(0) * 7 + word(((0x3FFFFFFF - 8) << 2) | (1 << 32) | (1 << 48)) + word(0) * 2),
    ("a text without NUL", word(10 << 48) + word((9 << 2) | 1 | (2 << 32) | (8 << 35)) + word(0) * 9 + b"ABCDEFGH"),
    ("an event with its hash set (pointer 9: empty Data)", word(10 << 48) + word(0) * 9 + word(1 | (2 << 32))),
    ("a huge list", word(10 << 48) + word((9 << 2) | 1 | (7 << 32) | ((1 << 29) - 1) << 35) + word(0) * 9),
]


def changed_with_endless_changes():
    """A CertificateChanged whose `changes` claims 2^30 - 1 empty structs in one word."""
    text = b"CertificateChanged\0".ljust(24, b"\0")
    return (word(10 << 48) + word(0) + word((8 << 2) | 1 | (2 << 32) | (19 << 35)) + word(0) * 5
            + word((5 << 2) | (1 << 32) | (1 << 48)) + word(0) * 2 + text  # pointer 7 (payload), then the type
            + word(21) + word(4 << 48)  # the payload: tag 21, a pointer to its member
            + word((3 << 2) | 1 | (7 << 32) | (1 << 35)) + word(0) * 3  # the member: changes
            + word(0x3FFFFFFF << 2) + word(0))


HOSTILE.append(("a list of 2^30 empty structs", changed_with_endless_changes()))


def main():
    global work, SCRIPT_MODULE
    SCRIPT_MODULE = load_script()
    with tempfile.TemporaryDirectory(prefix="pyverify.") as work:
        schema_table()
        store = fx.Store(CERTREG, work)
        b = fx.Builder(store.leaves)
        check(b.root == store.checkpoint.split("\n")[2], "the test's tree has the server's root")

        # Genuine statements of each public event type; the last of each type.
        last = {store.events[p]["type"]: p for p in store.public}
        check(set(last) == fx.PUBLIC_EVENTS, "the demo log has every public event type: %s" % sorted(last))
        for kind, p in sorted(last.items()):
            out = accepted(b, b.statement(p, store.claims(p)), "the %s at %d" % (kind, p))
            check(" %s; size %d;" % (kind, len(store.leaves)) in out, "the summary names the event: " + out)
        issued = last["CertificateIssued"]
        claims = store.claims(issued)
        genuine = b.statement(issued, claims)
        code, out, _ = verify(genuine, "--json", log=b.log_key.vkey, status=b.status_key.vkey)
        result = json.loads(out) if code == 0 else {}
        check(result.get("certificate") == claims["certificate"] and result.get("status") == "VALID"
              and result.get("event") == issued and result.get("size") == len(store.leaves)
              and result.get("log_key_ids") == [b.log_key.id.hex()], "--json: %s" % out)
        code, out, _ = verify(None, "-", log=b.log_key.vkey, status=b.status_key.vkey, stdin=genuine)
        check(code == 0, "from standard input: %s" % out)
        at = genuine.index("c2sp.org/tlog-proof@v1\n")
        as_json = json.dumps({"statement": genuine[:at], "proof": genuine[at:]})
        accepted(b, as_json, "the JSON form")
        with open(os.path.join(work, "vkeys"), "w") as f:
            f.write(b.log_key.vkey + "\n" + b.status_key.vkey + "\n")
        accepted(b, genuine, "keys from @FILE", log="@" + f.name, status="@" + f.name)
        cosignature = base64.b64encode(bytes(range(4 + 8 + 64))).decode()  # a witness's: key id, time, signature
        accepted(b, genuine + "\u2014 witness.example/w1 %s\n" % cosignature, "a cosignature of an unknown witness")
        accepted(b, genuine.replace("\n\u2014 %s " % b.status_key.name, "\n\u2014 other.example/status %s\n\u2014 %s " % (
            cosignature, b.status_key.name)), "a statement signature by an unknown key besides the status key's")

        # Over HTTP: the text and the JSON form by URL, keys from the server's /log/vkey.
        pages = {"/public/v1/certificates/x/statement": genuine, "/public/v1/certificates/x/statement?format=json":
                 as_json, "/log/vkey": b.log_key.vkey + "\n" + b.status_key.vkey + "\n"}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                body = pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = "http://127.0.0.1:%d/public/v1/certificates/x/statement" % httpd.server_port
        for source in (url, url + "?format=json"):
            code, out, err = verify(None, source, log=b.log_key.vkey, status=b.status_key.vkey)
            check(code == 0, "%s: %d %s %s" % (source, code, out, err))
        done = subprocess.run([sys.executable, SCRIPT, url], capture_output=True, text=True, timeout=60)
        check(done.returncode == 0, "keys from the server's /log/vkey: %s %s" % (done.stdout, done.stderr))
        httpd.shutdown()

        # The proof and checkpoint the server served, behind a statement signed here.
        served = fx.Builder(store.leaves, origin=store.checkpoint.split("\n")[0])
        p = store.public[-1]
        text = served.status_key.sign(served.statement(p, store.claims(p)).split("\n\n")[0] + "\n")
        document = text + store.served_proof
        vkeys = store.vkeys.split()
        accepted(served, document, "the server's own proof and checkpoint", log=vkeys[0])
        refused(served, document, "the server's checkpoint against a test log key", "checkpoint-signature")

        # Each single-line alteration of the genuine statement.
        lines = genuine.split("\n")
        for i in range(len(lines) - 1):
            changed = list(lines)
            changed[i] = changed[i][:-1] + chr(ord(changed[i][-1]) ^ 1) if changed[i] else "x"
            refused(b, "\n".join(changed), "line %d altered (%r)" % (i + 1, lines[i][:40]))
        refused(b, genuine.replace("status VALID", "status SUSPENDED"), "a status altered", "status-signature")

        # Wrong keys, proofs, indexes and leaves.
        other = fx.Builder(store.leaves)
        refused(b, genuine, "another status key of the same name", "status-signature", status=other.status_key.vkey)
        refused(b, genuine, "another log key of the same name", "checkpoint-signature", log=other.log_key.vkey)
        refused(b, genuine, "the status key given as the log key", "checkpoint-origin", log=b.status_key.vkey)
        hashes = fx.path(issued, b.hashes)
        refused(b, b.statement(issued, claims, hashes=hashes[:-1]), "a truncated proof", "inclusion")
        refused(b, b.statement(issued, claims, hashes=hashes + [hashes[0]]), "a proof with a hash too many", "inclusion")
        refused(b, b.statement(issued, claims, event=issued + 1, proof_index=issued + 1), "a wrong index", "inclusion")
        refused(b, b.statement(issued, claims, proof_index=issued + 1), "a proof of another index", "event-index")
        refused(b, b.statement(issued, claims, extra=store.leaves[issued + 1]), "the extra of another leaf", "inclusion")
        refused(b, b.statement(issued, claims, size=len(store.leaves) - 1), "a size not the checkpoint's", "size")
        refused(b, b.statement(issued, claims, root=base64.b64encode(b"\x00" * 32).decode()), "a wrong root", "root")

        # Events that do not say what the statement says.
        first = store.public[0]
        refused(b, b.statement(first, claims), "an event of another certificate", "certificate")
        for line, value, name in (("status", "SUSPENDED", "status"), ("status", "EXPIRED", "status"),
                                  ("status_since", "2020-01-01", "status-since"), ("valid_until", "2099-12-31", "valid-until"),
                                  ("holder", "某某公司", "holder"), ("uscc", "91330110MA2H3X4Y52", "uscc")):
            refused(b, b.statement(issued, dict(claims, **{line: value})), "%s %s" % (line, value), name)
        renewed = last["CertificateRenewed"]
        refused(b, b.statement(renewed, dict(store.claims(renewed), status_since="")), "no status_since", "status-since")
        revoked = last["CertificateRevoked"]
        refused(b, b.statement(revoked, dict(store.claims(revoked), status="VALID")), "VALID after a revocation", "status")
        private = next(e["position"] for e in store.events if e["type"] == "FindingRecorded")
        refused(b, b.statement(private, claims), "a FindingRecorded event", "public-event")

        # Hostile leaves, in a tree of their own so that the proof holds.
        for what, leaf in HOSTILE:
            h = fx.Builder(store.leaves[:5] + [leaf])
            refused(h, h.statement(5, claims), "a hostile leaf: " + what, None)
            code, out, _ = verify(h.statement(5, claims), log=h.log_key.vkey, status=h.status_key.vkey)
            check(out.startswith(("FAILED leaf-decode:", "FAILED public-event:")), "%s: %s" % (what, out))
            check("hash set" not in what or "its hash is set" in out, "%s: %s" % (what, out))

        # Usage: exit 2 and say why.
        for args, what in ((["--log-vkey", b.log_key.vkey, os.path.join(work, "statement.txt")], "no status key"),
                           (["--log-vkey", "x+y+z", "--status-vkey", b.status_key.vkey, "-"], "a malformed key"),
                           (["--log-vkey", b.log_key.vkey, "--status-vkey", b.status_key.vkey, "/nonexistent"],
                            "a missing file"), (["--bogus"], "an unknown flag")):
            code, _, err = run_main(args, stdin="" if "-" in args else None)
            check(code == 2 and err.strip(), "%s: exit %s %r" % (what, code, err))

    if failures:
        print("%d failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
