#!/usr/bin/env python3
"""kill -9 campaign: acknowledged writes survive SIGKILL at any instant.

Starts `certreg serve` on a fresh data directory, runs concurrent writer
clients (applications submitted, accepted, audits planned, findings recorded;
with --shared-writers, more clients recording findings on one file at once,
so that a file's commands queue behind each other's appends) that log every
acknowledged write (file id, version, position, events) to an
ack log, kills the server with SIGKILL at a random instant, and checks the
data directory before starting it again:

  * every acknowledged write is there: each of its events at its position,
    in its file's stream, at its version, of its type;
  * no command is half-written: a file's versions are 1..n without a gap, the
    log's positions 0..size-1 without a gap, and the events of one command
    (one correlation id) are consecutive in the log and in their file;
  * `certreg verify` passes;
  * the log head only grows: the last event seen after the previous round is
    still there, unchanged;
  * the verifiable log (trust.md §7): after each restart `serve` starts (its
    check of the last signed checkpoint passes), the root recomputed from the
    served entries at the size of the last checkpoint signed before the kill
    (read from the store with `ldb`) equals that checkpoint's root, the
    served checkpoint is consistent with every checkpoint seen before the
    kill (RFC 9162 proofs from the server, checked by tests/trust/rfc9162.py),
    and its tree covers every acknowledged event.

Prints the rounds, acknowledged writes and lost writes; exits 1 on any loss
or failed check, 2 when the campaign itself cannot run. Python 3 standard
library only:

    python3 tests/ops/kill9_campaign.py --certreg build/test/certreg --rounds 20
"""

import argparse
import datetime
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import kill9_tlog  # noqa: E402

USERS = {  # token key -> (role, user name); the audit team of PlanAudit
    "clerk": ("clerk", "kill9.clerk"),
    "leader": ("auditor", "zhang.wei"),
    "member": ("auditor", "wang.fang"),
}


class CampaignError(Exception):
    """The campaign could not run (not a finding about the server)."""


class ServeRefused(CampaignError):
    """`certreg serve` exited before it listened: after a kill, a finding."""


def registry_today():
    """The registry's date (Asia/Shanghai, UTC+8, no daylight saving)."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()


def uscc(n):
    """A valid unified social credit code (GB 32100) for organisation number n."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    first17 = "913301" + "%011d" % n
    first17 = first17[:17]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights))
    return first17 + alphabet[(31 - total % 31) % 31]


def application_body(n, today):
    sp = {"status": "已建立并运行", "plan": "持续改进"}
    return {
        "applicant": {
            "name": "杭州测试直播电子商务有限公司%d" % n,
            "address": "浙江省杭州市余杭区文一西路998号",
            "uscc": uscc(n),
            "org_type": "live_service_agency",
            "legal_representative": "张伟",
            "contact": {"name": "李娜", "phone": "13800138000", "email": "lina@example.cn"},
            "founded_on": "2019-05-20",
            "live_business_since": "2020-03-01",
        },
        "business": {
            "scale": "中型", "service_scope": "服饰、美妆", "platforms": ["抖音"], "live_modes": ["video"],
            "live_hours": "每日19:00-23:00", "salespersons": 12, "annual_turnover_cny": 52000000,
            "annual_live_sessions": 600,
        },
        "quality_management": {k: sp for k in ("system", "organisation", "personnel", "goods", "live_information",
                                                "consumer_protection")},
        "service_capability": {k: sp for k in ("quality", "efficiency", "effect", "satisfaction",
                                                "complaint_handling_rate", "problem_resolution_rate")},
        "performance_indicators": [
            {"category": "service_quality", "name": "信息真实性", "target": "≥98%", "actual": "99.1%"}],
        "declarations": {"materials_true": True, "accepts_audit": True, "follows_rules": True,
                         "continuous_improvement": True},
        "applied_on": today,
        "eligibility": {"legal_entity": True, "qms_established": True, "meets_standard": True,
                        "no_major_accident_12m": True, "has_resources": True},
        "materials": ["application_form", "business_license", "qms_documents", "service_data",
                      "satisfaction_report", "system_description", "other"],
        "scope": "电子商务直播售货质量管理（直播营销服务）",
        "received_on": today,
    }


def plan_audit_body(today):
    return {"kind": "initial", "leader": "zhang.wei", "members": ["wang.fang"], "start_date": today,
            "onsite_days": 5, "sites": ["杭州总部"], "scope": "电子商务直播售货质量管理（直播营销服务）",
            "content": "服务特性测评与服务管理审核", "methods": "文件审查、现场观察、人员访谈"}


OBSERVATION = {"indicator": "9.4.4", "grade": "observation", "description": "直播回放留存期限未写入制度",
               "evidence": "抽查30场"}


class Certreg:
    """The certreg binary and one data directory."""

    def __init__(self, binary, data, work, checkpoint_interval=0.2):
        self.binary, self.data, self.work = binary, data, work
        self.checkpoint_interval = checkpoint_interval
        self.proc = None
        self.port = None

    def init(self):
        """A new store in the data directory, unless it holds one (serve opens existing stores only)."""
        if os.path.exists(os.path.join(self.data, "CURRENT")):
            return
        out = subprocess.run([self.binary, "init", "--data", self.data], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise CampaignError("init failed: " + out.stderr.strip())

    def create_token(self, role, name):
        out = subprocess.run([self.binary, "token", "create", "--data", self.data, "--role", role, "--name", name],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise CampaignError("token create failed: " + out.stderr.strip())
        return out.stdout.strip().splitlines()[-1]

    def start(self):
        log = open(os.path.join(self.work, "server.out"), "ab")
        err = open(os.path.join(self.work, "server.err"), "ab")
        try:
            self.proc = subprocess.Popen([self.binary, "serve", "--data", self.data, "--listen", "127.0.0.1:0",
                                          "--checkpoint-interval", str(self.checkpoint_interval)],
                                         stdout=subprocess.PIPE, stderr=err)
        except OSError as e:
            raise CampaignError("cannot run %s: %s" % (self.binary, e))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            log.write(line)
            text = line.decode("utf-8", "replace").strip()
            if text.startswith("listening on http://"):
                self.port = int(text.rsplit(":", 1)[1].split("/")[0])
                # Keep draining stdout so the server never blocks on a full pipe.
                threading.Thread(target=self._drain, args=(log,), daemon=True).start()
                return
        exited = self.proc.poll() is not None
        self.kill9()
        if exited:
            log.flush()
            with open(os.path.join(self.work, "server.err"), "rb") as err_log:
                tail = err_log.read()[-600:].decode("utf-8", "replace").strip()
            raise ServeRefused("certreg serve exited before it listened: " + tail)
        raise CampaignError("certreg serve did not start; see " + os.path.join(self.work, "server.err"))

    def _drain(self, log):
        for line in self.proc.stdout:
            log.write(line)

    def kill9(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def verify(self):
        out = subprocess.run([self.binary, "verify", "--data", self.data], capture_output=True, text=True,
                             timeout=600)
        return out.returncode == 0, (out.stdout + out.stderr).strip()

    def dump(self):
        out = subprocess.run([self.binary, "dump", "--json", "--data", self.data], capture_output=True, text=True,
                             timeout=600)
        if out.returncode != 0:
            raise CampaignError("certreg dump failed: " + out.stderr.strip())
        return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


class SharedFile:
    """The file (and its audit) several writers record findings on at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.path = None  # "/api/v1/files/{id}/audits/{audit}/findings" once its audit is planned


class Writer(threading.Thread):
    """One client: files from application to findings, every acknowledged write
    logged; with `shared`, findings on the file all shared writers write to."""

    def __init__(self, index, port, tokens, acks, ack_lock, ack_log, stop, counter, shared=None):
        super().__init__(daemon=True)
        self.index, self.port, self.tokens = index, port, tokens
        self.acks, self.ack_lock, self.ack_log, self.stop = acks, ack_lock, ack_log, stop
        self.counter = counter
        self.shared = shared
        self.errors = []

    def post(self, conn, path, who, body):
        headers = {"Authorization": "Bearer " + self.tokens[who], "Content-Type": "application/json"}
        conn.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        res = conn.getresponse()
        data = res.read()
        if res.status // 100 != 2:
            raise RuntimeError("%s %s: %d %s" % ("POST", path, res.status, data[:300].decode("utf-8", "replace")))
        answer = json.loads(data)
        ack = {"file_id": answer["file_id"], "version": answer["version"], "position": answer["position"],
               "events": [[e["type"], e["position"]] for e in answer["events"]]}
        with self.ack_lock:
            self.acks.append(ack)
            self.ack_log.write(json.dumps(ack) + "\n")
            self.ack_log.flush()
        return answer

    def run(self):
        today = registry_today()
        while not self.stop.is_set():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                if self.shared is None:
                    self.one_file(conn, today)
                else:
                    self.shared_file(conn, today)
            except (OSError, http.client.HTTPException):
                # The server was killed, or closed the connection: the write in
                # flight is not acknowledged. Go on with a new file.
                time.sleep(0.01)
            except RuntimeError as e:  # a refusal: a defect of the campaign or the server, reported
                if not self.stop.is_set():
                    self.errors.append(str(e))
                    return
            finally:
                conn.close()

    def audited_file(self, conn, today):
        """A new file, accepted, with an audit planned: the path its findings are posted to."""
        with self.ack_lock:
            self.counter[0] += 1
            n = self.counter[0]
        file_id = self.post(conn, "/api/v1/applications", "clerk", application_body(n, today))["file_id"]
        f = "/api/v1/files/" + file_id
        self.post(conn, f + "/acceptance", "clerk", {"decision": "accept"})
        audit = self.post(conn, f + "/audits", "leader", plan_audit_body(today))["audit_id"]
        return f + "/audits/" + audit + "/findings"

    def one_file(self, conn, today):
        findings = self.audited_file(conn, today)
        for _ in range(5):
            if self.stop.is_set():
                return
            self.post(conn, findings, "member", OBSERVATION)

    def shared_file(self, conn, today):
        with self.shared.lock:  # the first shared writer makes the file; the others wait for it
            if self.shared.path is None:
                self.shared.path = self.audited_file(conn, today)
            path = self.shared.path
        while not self.stop.is_set():
            self.post(conn, path, "member", OBSERVATION)


def check(events, acks, previous_last):
    """The problems found in the dumped log against the acknowledged writes."""
    problems = []
    by_position = {}
    for e in events:
        by_position[e["position"]] = e
    if sorted(by_position) != list(range(len(events))):
        problems.append("log positions are not 0..%d without a gap" % (len(events) - 1))
    versions = {}
    for e in events:
        versions.setdefault(e["stream_id"], []).append(e["stream_version"])
    for stream, vs in versions.items():
        if vs != list(range(1, len(vs) + 1)):
            problems.append("stream %s: versions not 1..%d in log order" % (stream, len(vs)))
    commands = {}
    for e in events:
        commands.setdefault(e["correlation_id"], []).append(e)
    for corr, es in commands.items():
        positions = [e["position"] for e in es]
        vs = [e["stream_version"] for e in es]
        if positions != list(range(positions[0], positions[0] + len(es))) or \
                vs != list(range(vs[0], vs[0] + len(es))) or len({e["stream_id"] for e in es}) != 1:
            problems.append("command %s is not one consecutive run of events" % corr)
    lost = 0
    for ack in acks:
        stream = "cert-file/" + ack["file_id"]
        first_version = ack["version"] - len(ack["events"]) + 1
        ok = ack["events"] and ack["events"][-1][1] == ack["position"]
        for i, (event_type, position) in enumerate(ack["events"]):
            e = by_position.get(position)
            ok = ok and e is not None and e["stream_id"] == stream and e["type"] == event_type and \
                e["stream_version"] == first_version + i
        if ok and len({by_position[p]["correlation_id"] for _, p in ack["events"]}) == 1:
            corr = by_position[ack["events"][0][1]]["correlation_id"]
            ok = len(commands[corr]) == len(ack["events"])  # all of the command, nothing more
        if not ok:
            lost += 1
            if lost <= 5:
                problems.append("acknowledged write lost or changed: " + json.dumps(ack))
    if previous_last is not None:
        position, digest = previous_last
        e = by_position.get(position)
        if e is None or e["hash"] != digest:
            problems.append("the log head went back: event %d of the previous round is gone or changed" % position)
    return lost, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--certreg", required=True, help="the certreg binary")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--writers", type=int, default=8, help="concurrent writer clients")
    parser.add_argument("--shared-writers", type=int, default=0,
                        help="more writer clients, all recording findings on one file")
    parser.add_argument("--min-seconds", type=float, default=0.5, help="shortest time before a kill")
    parser.add_argument("--max-seconds", type=float, default=3.0, help="longest time before a kill")
    parser.add_argument("--seed", type=int, default=None, help="random seed (printed when not given)")
    parser.add_argument("--work", help="working directory (default: a fresh temporary one, removed on success)")
    parser.add_argument("--checkpoint-interval", type=float, default=0.2,
                        help="serve's --checkpoint-interval: checkpoints signed at most this often")
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work = args.work or tempfile.mkdtemp(prefix="kill9-")
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, "data")
    certreg = Certreg(os.path.abspath(args.certreg), data, work, args.checkpoint_interval)
    acks, ack_lock = [], threading.Lock()
    lost_total, problems_total, refusals = 0, [], []
    previous_last = None
    seen, last_signed = {}, None  # checkpoints served before the kills: {size: root}; the last one kept
    print("kill9 campaign: %d rounds, %d writers, %d on one file, seed %d, work %s" %
          (args.rounds, args.writers, args.shared_writers, seed, work))
    try:
        certreg.init()
        tokens = {key: certreg.create_token(role, name) for key, (role, name) in USERS.items()}
        regulator = certreg.create_token("regulator", "kill9.regulator")
        counter = [0]
        shared_file = SharedFile()  # kept over the rounds: its file goes on growing after each restart
        with open(os.path.join(work, "acks.jsonl"), "a") as ack_log:
            for round_no in range(1, args.rounds + 2):
                # After a kill: serve must start, and its log hold what was signed and acknowledged before.
                try:
                    certreg.start()
                except ServeRefused as e:
                    problems_total.append("after round %d: %s" % (round_no - 1, e))
                    break
                if round_no > 1:
                    problems_total.extend("after round %d: %s" % (round_no - 1, p) for p in
                                          kill9_tlog.restart_problems(certreg.port, regulator, seen, last_signed, acks))
                if round_no > args.rounds:
                    break  # the last restart checked
                stop = threading.Event()
                writers = [Writer(i, certreg.port, tokens, acks, ack_lock, ack_log, stop, counter)
                           for i in range(args.writers)]
                writers += [Writer(args.writers + i, certreg.port, tokens, acks, ack_lock, ack_log, stop, counter,
                                   shared_file) for i in range(args.shared_writers)]
                writers.append(kill9_tlog.CheckpointWatcher(certreg.port, stop, seen))
                for w in writers:
                    w.start()
                time.sleep(rng.uniform(args.min_seconds, args.max_seconds))
                stop.set()
                certreg.kill9()
                for w in writers:
                    w.join(60)
                    refusals.extend(getattr(w, "errors", []))
                verified, verify_text = certreg.verify()
                events = certreg.dump()
                last_signed = kill9_tlog.last_signed_in_store(data)
                lost, problems = check(events, acks, previous_last)
                if not verified:
                    problems.append("certreg verify failed: " + verify_text)
                if events:
                    previous_last = (events[-1]["position"], events[-1]["hash"])
                lost_total += lost
                problems_total.extend("round %d: %s" % (round_no, p) for p in problems)
                print("round %2d: log %6d events, %6d acknowledged writes so far, %d lost, %d checkpoints seen, "
                      "last signed at %s%s" % (round_no, len(events), len(acks), lost, len(seen),
                                               last_signed[0] if last_signed else "-",
                                               "" if verified else ", VERIFY FAILED"), flush=True)
    except CampaignError as e:
        certreg.kill9()
        print("kill9 campaign could not run: %s" % e, file=sys.stderr)
        return 2
    finally:
        certreg.kill9()
    for p in problems_total[:20]:
        print("PROBLEM " + p)
    for r in refusals[:5]:
        print("REFUSED " + r)
    print("rounds: %d; acknowledged writes: %d; lost writes: %d; problems: %d; refused writes: %d" %
          (args.rounds, len(acks), lost_total, len(problems_total), len(refusals)))
    failed = lost_total > 0 or problems_total or refusals or not acks
    if not failed and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    elif failed:
        print("kept " + work)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
