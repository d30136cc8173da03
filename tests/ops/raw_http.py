#!/usr/bin/env python3
"""A raw-socket HTTP/1.1 client for the ops scripts: one request per
connection, nothing between the script and the bytes on the wire.

  raw_http.py get  PORT PATH [TOKEN]        prints "STATUS BODY"
  raw_http.py post PORT TOKEN               one application; prints "STATUS CONTENT-TYPE BODY"
  raw_http.py fill PORT TOKEN MAX           applications until the first non-201 (at most MAX);
                                            prints "CREATED STATUS CONTENT-TYPE BODY" of the last
"""
import itertools
import json
import os
import socket
import sys

# Each application of this process has a scope of its own, so that none is a
# duplicate of another (one USCC, one open file per scope: domain.md §9.12).
_NUMBERS = itertools.count(1)


def application():
    return json.dumps({
        "applicant": {"name": "杭州云帆直播电子商务有限公司", "address": "浙江省杭州市滨江区江南大道588号",
                      "uscc": "91330110MA2H3X4Y52", "org_type": "live_service_agency",
                      "legal_representative": "张伟", "contact": {"name": "李娜", "phone": "13800138000"}},
        "declarations": {"materials_true": True, "accepts_audit": True, "follows_rules": True,
                         "continuous_improvement": True},
        "eligibility": {"legal_entity": True, "qms_established": True, "meets_standard": True,
                        "no_major_accident_12m": True, "has_resources": True},
        "scope": "电子商务直播售货质量管理（直播营销服务）" * 20 + f"（{os.getpid()}-{next(_NUMBERS)}）"},
        ensure_ascii=False).encode()


def exchange(port, raw, timeout=30):
    """Sends the bytes `raw` on a new connection to 127.0.0.1:PORT; returns every byte of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


def request(port, method, path, token=None, body=b""):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    if method in ("POST", "PUT"):
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    data = exchange(port, head.encode() + b"\r\n" + body)
    header, _, payload = data.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    return status, headers, payload.decode("utf-8", "replace")


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    if cmd == "get":
        status, _, body = request(port, "GET", sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
        print(status, body)
    elif cmd == "post":
        status, headers, body = request(port, "POST", "/api/v1/applications", sys.argv[3], application())
        print(status, headers.get("content-type", "-"), body)
    elif cmd == "fill":
        created = 0
        for _ in range(int(sys.argv[4])):
            status, headers, body = request(port, "POST", "/api/v1/applications", sys.argv[3], application())
            if status != 201:
                print(created, status, headers.get("content-type", "-"), body)
                return
            created += 1
        print(created, 201, "-", "{}")


if __name__ == "__main__":
    main()
