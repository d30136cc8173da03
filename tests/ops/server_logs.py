#!/usr/bin/env python3
"""`certreg serve`'s own log as an operator reads it (operations.md §4, §5):

  - --log-format json: every line one JSON object; access lines carry ts,
    level, request_id, method, path, query, status, bytes, ms, actor, remote
    and user_agent, and stay valid JSON whatever bytes the client sent
    (quotes, backslashes, invalid UTF-8);
  - --trusted-proxy: X-Forwarded-For decides the access line's remote only
    when the peer is a trusted proxy (here 127.0.0.1/32), never otherwise;
  - standard error on the journal (JOURNAL_STREAM names it): text lines start
    with the sd-daemon priority (<6> info) and carry no timestamp;
  - --log-level warn drops the info lines (the access log among them);
  - a range --trusted-proxy cannot read stops the server before it listens.

  server_logs.py CERTREG
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_http  # noqa: E402  (beside this script)

CERTREG = sys.argv[1]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def serve(data, work, *flags, env=None):
    """Runs certreg serve until stopped; returns (process, port, stderr path)."""
    err_path = os.path.join(work, "serve-%d.err" % time.monotonic_ns())
    err = open(err_path, "wb")
    run_env = dict(os.environ)
    run_env.pop("JOURNAL_STREAM", None)
    if env:
        run_env.update(env(err))
    proc = subprocess.Popen([CERTREG, "serve", "--data", data, "--listen", "127.0.0.1:0", "--threads", "4",
                             "--sweep-interval", "0", *flags],
                            stdout=subprocess.PIPE, stderr=err, env=run_env)
    line = proc.stdout.readline().decode()
    if not line.startswith("listening on http://127.0.0.1:"):
        proc.wait()
        fail("serve did not listen: %r %s" % (line, open(err_path, "rb").read()))
    return proc, int(line.rsplit(":", 1)[1]), err_path


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    if proc.wait(timeout=30) != 0:
        fail("serve exited %d" % proc.returncode)


def request(port, raw):
    """Sends raw request bytes on one connection; returns the status code."""
    return int(raw_http.exchange(port, raw, timeout=10).split(b" ", 2)[1])


def hostile(port, request_id, forwarded_for):
    """A lookup whose path, query and user agent hold quotes, backslashes and invalid UTF-8."""
    return request(port, b"GET /public/v1/certificates/CN%22x%5C%FF%0A?q=%22a%22&b=%FF HTTP/1.1\r\n"
                         b"Host: registry.example.cn\r\n"
                         b"User-Agent: probe \"quoted\" \\ \xff\xfe\r\n"
                         b"X-Request-Id: " + request_id.encode() + b"\r\n"
                         b"X-Forwarded-For: " + forwarded_for.encode() + b"\r\n"
                         b"X-Forwarded-Proto: https\r\n"
                         b"Connection: close\r\n\r\n")


def json_lines(path):
    lines = []
    for raw in open(path, "rb").read().splitlines():
        try:
            lines.append(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            fail("not a JSON line (%s): %r" % (e, raw))
    return lines


def access_line(lines, request_id):
    found = [l for l in lines if l.get("request_id") == request_id]
    if len(found) != 1:
        fail("%d access lines for %s in %r" % (len(found), request_id, lines))
    return found[0]


def main():
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "data")
        subprocess.run([CERTREG, "init", "--data", data], check=True, stdout=subprocess.DEVNULL)

        # JSON, 127.0.0.1 trusted: the client is the right-most untrusted X-Forwarded-For entry.
        proc, port, err = serve(data, work, "--log-format", "json", "--trusted-proxy", "127.0.0.1/32",
                                "--trusted-proxy", "10.0.0.0/8")
        status = hostile(port, "via-proxy", "198.51.100.9, 203.0.113.7, 10.1.2.3")
        request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: plain\r\nConnection: close\r\n\r\n")
        stop(proc)
        lines = json_lines(err)
        for l in lines:
            if not {"ts", "level"} <= l.keys() or not ("msg" in l or "request_id" in l):
                fail("a line without ts, level and msg or request fields: %r" % l)
        line = access_line(lines, "via-proxy")
        expected = {"request_id", "method", "path", "query", "status", "bytes", "ms", "actor", "remote", "user_agent",
                    "ts", "level"}
        if set(line) != expected:
            fail("access line fields %s, not %s" % (sorted(line), sorted(expected)))
        if line["remote"] != "203.0.113.7":
            fail("remote via a trusted proxy: %r" % line["remote"])
        if line["status"] != status or line["method"] != "GET" or line["level"] != "info":
            fail("status, method or level: %r" % line)
        if '"' not in line["path"] or "\\" not in line["path"] or "\ufffd" not in line["path"] or "\n" not in line["path"]:
            fail("the path's quote, backslash, line feed and invalid byte: %r" % line["path"])
        if line["query"] != "q=%22a%22&b=%FF":
            fail("query: %r" % line["query"])
        if not line["user_agent"].startswith('probe "quoted" \\ ') or "\ufffd" not in line["user_agent"]:
            fail("user agent: %r" % line["user_agent"])
        if line["actor"] is not None or not isinstance(line["bytes"], int) or line["bytes"] <= 0:
            fail("actor or bytes: %r" % line)
        if access_line(lines, "plain")["path"] != "/healthz":
            fail("healthz line")
        print("json access line:", json.dumps(line, ensure_ascii=False))

        # Nothing trusted: the same headers are ignored, the peer is the remote.
        proc, port, err = serve(data, work, "--log-format", "json")
        hostile(port, "direct", "203.0.113.7")
        stop(proc)
        if access_line(json_lines(err), "direct")["remote"] != "127.0.0.1":
            fail("X-Forwarded-For believed from an untrusted peer")

        # Standard error on the journal: priority prefixes, no timestamps.
        def journal(err_file):
            st = os.fstat(err_file.fileno())
            return {"JOURNAL_STREAM": "%d:%d" % (st.st_dev, st.st_ino)}
        proc, port, err = serve(data, work, env=journal)
        request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: journal\r\nConnection: close\r\n\r\n")
        stop(proc)
        text = open(err, "rb").read().decode()
        lines = text.splitlines()
        if not lines or not all(l[:3] in ("<3>", "<4>", "<6>", "<7>") for l in lines):
            fail("journal lines without a priority prefix: %r" % text)
        access = [l for l in lines if l.startswith("<6>info journal GET /healthz 200 ")]
        if len(access) != 1 or "remote=127.0.0.1" not in access[0]:
            fail("journal access line: %r" % text)
        print("journal line:", access[0])

        # A JOURNAL_STREAM that is not standard error (inherited from a parent): plain text with timestamps.
        proc, port, err = serve(data, work, env=lambda f: {"JOURNAL_STREAM": "1:1"})
        stop(proc)
        first = open(err).readline()
        if first.startswith("<") or not first[:4].isdigit():
            fail("text line under a foreign JOURNAL_STREAM: %r" % first)

        # --log-level warn: no info lines, so no access lines.
        proc, port, err = serve(data, work, "--log-level", "warn")
        request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        stop(proc)
        if " info " in open(err).read():
            fail("info lines at --log-level warn: %r" % open(err).read())

        # A range that is none.
        bad = subprocess.run([CERTREG, "serve", "--data", data, "--listen", "127.0.0.1:0", "--trusted-proxy",
                              "10.0.0.0/33"], capture_output=True, text=True, timeout=60)
        if bad.returncode != 2 or "10.0.0.0/33" not in bad.stderr or "listening" in bad.stdout:
            fail("a bad --trusted-proxy: exit %d, %r" % (bad.returncode, bad.stderr))
        print("ok")


main()
