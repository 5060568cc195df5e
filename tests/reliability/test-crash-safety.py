#!/usr/bin/env python3
"""Crash safety (TAP): sealdesk-cli is SIGKILLed at random points while it
signs, syncs two workstations, approves a request and suspends a seal, and
during each seal lifecycle change (generate, generate-name, import, grant,
withdraw, suspend, restore, revoke, destroy) and each decision (approve,
decline, reject, withdraw) in turn, at least 200 times in all
(SD_TEST_KILLS, default 200). After every kill:

  - the input document is untouched (bytes and permissions);
  - no partial document sits under the final name, and no temporary file is
    left beside it; a signed one has its ledger entry, once;
  - each database passes PRAGMA integrity_check and `ledger verify`;
  - running the command again completes the work exactly once (one
    signature, one request on the other workstation, one decision);
  - the seal table (states, grants) and the decisions say what the ledger
    says, once each.

Then faults of the machine: a full disk (a small tmpfs) under the output
and under the data folder, and a read-only output folder, each give one
clear error and lose nothing. Mounting needs root: without it those tests
skip and say so.

The kill points come from SD_TEST_SEED (default 2020); the number of kills
of each kind is printed."""

import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sync"))
sys.path.insert(0, os.path.join(HERE, "..", "workflow"))
import synclib  # noqa: E402
from wflib import CLI, FIXTURES, PKI, PKI_PASS, Skip, Tap, Workspace, need, sha256_file  # noqa: E402

KILLS = int(os.environ.get("SD_TEST_KILLS", "200"))
RNG = random.Random(int(os.environ.get("SD_TEST_SEED", "2020")))
COUNTS = {}


def killed_run(env, args, delay):
    """Starts the CLI and SIGKILLs it after @delay seconds if it still runs.
    Returns True when it was killed."""
    proc = subprocess.Popen([CLI, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return killed


def timed(ws, *args):
    t = time.monotonic()
    ws.run(*args)
    return time.monotonic() - t


def count(kind, killed):
    if killed:
        COUNTS[kind] = COUNTS.get(kind, 0) + 1
    return killed


def total():
    return sum(COUNTS.values())


def check_db(ws):
    with sqlite3.connect(ws.db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dup = db.execute("SELECT request, step, profile, count(*) FROM decision "
                         "GROUP BY request, step, profile HAVING count(*) > 1").fetchall()
        assert dup == [], dup
    ws.run("ledger", "verify")


def sync_refusals(ws):
    """What a sync refused (an approval refused as already done is not)."""
    return [e for e in synclib.refusals(ws) if e["details"].get("action") != "approve"]


def pdf_complete(path):
    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    return r.returncode in (0, 3)


def n_signatures(ws, path):
    r = ws.run("verify", path, "--trust", os.path.join(PKI, "ca.pem"), "--json", expect=None)
    report = json.loads(r.stdout)
    assert report["verdict"] == "valid", report
    return len(report["signatures"])


def sign_args(src, out):
    return ("sign", src, "-o", out, "--p12", os.path.join(PKI, "rsa2048.p12"), "--pin-env", "PIN",
            "--seal", SEAL_PNG, "--page", "2", "--rect", "300,80,100,100", "--reason", "Kill test")


SEAL_PNG = os.path.join(HERE, "..", "fuzz", "seeds", "seal-image", "round-seal.png")


def test_sign(budget):
    """Sign a 0600 document into a folder of its own, killed at random;
    every few kills the command runs to its end once."""
    need("qpdf")
    ws = Workspace()
    try:
        folder = ws.path("docs")
        os.makedirs(folder)
        src = os.path.join(folder, "contract.pdf")
        shutil.copyfile(os.path.join(FIXTURES, "many-pages.pdf"), src)
        os.chmod(src, 0o600)
        digest = sha256_file(src)
        out = os.path.join(folder, "contract-signed.pdf")
        span = timed(ws, *sign_args(src, out)) * 0.9
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o600, "the output has other permissions than the input"
        os.unlink(out)
        runs = 0
        while COUNTS.get("sign", 0) < budget:
            runs += 1
            assert runs < budget * 5, "sign finishes before it can be killed"
            count("sign", killed_run(ws.env, sign_args(src, out), RNG.uniform(0, span)))
            assert sha256_file(src) == digest, "the input changed"
            assert stat.S_IMODE(os.stat(src).st_mode) == 0o600
            left = sorted(os.listdir(folder))
            assert left in (["contract.pdf"], ["contract-signed.pdf", "contract.pdf"]), \
                f"files left beside the output: {left}"
            if os.path.exists(out):
                assert pdf_complete(out), "a partial document under the final name"
                # Killed before its entry was written: the next command
                # writes it (sd-sealing-reconcile.c). Once, never twice.
                sha = sha256_file(out)
                uses = [e for e in ws.json("ledger", "list")["entries"]
                        if e["kind"] == "key-use" and e["details"].get("result_sha256") == sha]
                assert len(uses) == 1, f"a signed document with {len(uses)} ledger entries"
            elif runs % 8 == 0:
                ws.run(*sign_args(src, out))          # running it again completes it
            if os.path.exists(out):
                if runs % 4 == 0:
                    assert n_signatures(ws, out) == 1
                    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
                os.unlink(out)
        print(f"# sign: {COUNTS.get('sign', 0)} kills in {runs} runs", flush=True)
    finally:
        ws.cleanup()


def kill_attempts(kind, env, args, span, tries, check):
    """Up to @tries killed runs of @args, @check after each."""
    for _ in range(tries):
        count(kind, killed_run(env, args, RNG.uniform(0, span)))
        check()


def test_sync_approve_lifecycle(budget):
    """A request goes from A to B through the shared folder; each sync, B's
    approval and a suspension of the seal are killed at random, then run to
    their end."""
    need("qpdf", "openssl")
    s = synclib.Site()
    try:
        start = total()
        sync = ("sync", "--folder", s.folder, "--once")
        span_sync = max(timed(s.a, *sync), 0.05)
        span_approve = max(timed(s.b, "request", "list") * 3, span_sync)
        iteration = 0
        while total() - start < budget:
            iteration += 1
            assert iteration < budget, "the commands finish before they can be killed"
            rid, doc = s.request(name=f"lease{iteration}.pdf")
            digest = sha256_file(doc)

            # A publishes: killed, then completed.
            kill_attempts("sync", s.a.env, sync, span_sync, 3, lambda: check_db(s.a))
            s.a.run(*sync)
            # B takes it in: killed, then completed; the request is there once.
            kill_attempts("sync", s.b.env, sync, span_sync, 3, lambda: check_db(s.b))
            s.b.run(*sync)
            ids = [r["id"] for r in s.b.json("request", "list")["requests"]]
            assert ids.count(rid) == 1, ids
            assert sync_refusals(s.b) == [], sync_refusals(s.b)

            # B's partner approves: killed, then completed or refused as done.
            approve = ("request", "approve", rid, "--as", "partner", "--pin-env", "PIN")
            kill_attempts("request approve", s.b.env, approve, span_approve, 1, lambda: check_db(s.b))
            decided = [d for d in s.b.json("request", "show", rid)["decisions"] if d["step"] == 1]
            assert len(decided) <= 1, decided
            s.b.run(*approve, expect=0 if not decided else 2)
            decided = [d for d in s.b.json("request", "show", rid)["decisions"] if d["step"] == 1]
            assert len(decided) == 1, decided

            # The keeper suspends the seal: killed; the state is what the
            # ledger says; then it is active again.
            for _ in range(2):
                life = ("seal", "suspend", s.seal, "--reason", "kill test", "--as", "keeper")
                kill_attempts("seal suspend", s.b.env, life, span_approve, 1, lambda: check_db(s.b))
                state = s.b.json("seal", "show", s.seal)["state"]
                changes = [e for e in s.b.json("ledger", "list")["entries"]
                           if e["seal"] == s.seal and e["details"].get("action") in ("suspend", "restore")]
                assert state == (changes[-1]["details"]["to"] if changes else "active"), (state, changes[-1:])
                if state == "suspended":
                    s.b.run("seal", "restore", s.seal, "--reason", "kill test", "--as", "keeper")

            assert sha256_file(doc) == digest, "the requester's document changed"
        # Everything B decided reaches A, once.
        s.b.run(*sync)
        s.a.run(*sync)
        check_db(s.a)
        check_db(s.b)
        assert sync_refusals(s.a) == [], sync_refusals(s.a)
        print(f"# sync, approve, lifecycle: {total() - start} kills in {iteration} requests", flush=True)
    finally:
        s.cleanup()


def ledger_entries(ws):
    with sqlite3.connect(ws.db) as db:
        return [json.loads(row[0]) for row in db.execute("SELECT entry FROM ledger_entry ORDER BY seq")]


def check_records(ws):
    """check_db, then what the tables say is what the ledger says, once:
    every seal was created once, is in the state its last change gave it,
    has the grants its grant and withdraw entries leave, and every
    decision has its one entry."""
    check_db(ws)
    entries = ledger_entries(ws)
    with sqlite3.connect(ws.db) as db:
        seals = dict(db.execute("SELECT id, state FROM seal").fetchall())
        grants = set(db.execute("SELECT seal, profile, may FROM seal_grant").fetchall())
        decisions = sorted(db.execute("SELECT request, action FROM decision").fetchall())
    created = [e["seal"] for e in entries if e["details"].get("action") == "create" and e.get("seal")]
    assert sorted(created) == sorted(seals), (created, seals)
    states, granted, decided = {}, set(), []
    for e in entries:
        d = e["details"]
        if e.get("seal") and d.get("action") in ("suspend", "restore", "revoke", "destroy"):
            assert states.get(e["seal"], "active") == d["from"], (states.get(e["seal"]), d)
            states[e["seal"]] = d["to"]
        elif e.get("seal") and d.get("action") in ("grant", "withdraw"):
            for may in d["may"]:
                (granted.add if d["action"] == "grant" else granted.discard)((e["seal"], d["profile"], may))
        elif e["kind"] == "decision":
            decided.append((e["request"], d["action"]))
    assert {k: states.get(k, "active") for k in seals} == seals, (states, seals)
    assert granted == grants, (granted, grants)
    assert sorted(decided) == decisions, (decided, decisions)


class Changes:
    """The seal lifecycle changes and the decisions that `sealdesk-cli seal
    --help` and `request --help` list, each ready to run: prepare() puts
    the workspace where the change can be made and returns its arguments
    and a test of whether it was made."""

    def __init__(self, ws, people):
        self.ws = ws
        self.n = 0
        self.rid = None
        self.keeper = people.person("keeper")["id"]
        for name, role in (("keeper", "seal-keeper"), ("lawyer", "requester"), ("partner", "approver"),
                           ("p2", "approver"), ("clerk", "approver")):
            key = self.keeper if name == "keeper" else people.person(name)["id"]
            ws.run("profile", "add", name, "--role", role, "--key", key, "--pin-env", "PIN")
        self.seal = self.create("generate")
        for who, may in (("lawyer", "request"), ("partner", "approve"), ("p2", "approve"), ("keeper", "use")):
            ws.run("seal", "grant", self.seal, "--to", who, "--may", may, "--as", "keeper")
        self.opinion = ws.path("opinion.txt")
        with open(self.opinion, "w") as f:
            f.write("I do not sign this award.\n")
        self.doc = ws.path("award.pdf")
        shutil.copyfile(os.path.join(FIXTURES, "xref-table.pdf"), self.doc)

    def create_args(self, how):
        self.n += 1
        name = ("--name", f"{how} {self.n}", "--key", self.keeper, "--as", "keeper")
        if how == "generate":
            return ("seal", "generate", "--org", "Firm", *name)
        if how == "generate-name":
            return ("seal", "generate-name", "--text", "张三", *name)
        return ("seal", "import", SEAL_PNG, "--size-mm", "40", *name)

    def seals(self):
        with sqlite3.connect(self.ws.db) as db:
            return dict(db.execute("SELECT id, state FROM seal").fetchall())

    def create(self, how):
        return self.ws.json(*self.create_args(how))["id"]

    def seal_in(self, state):
        """A seal of the library in @state (never the one requests use)."""
        for sid, st in self.seals().items():
            if st == state and sid != self.seal:
                return sid
        sid = self.create("import")
        for change in {"suspended": ["suspend"], "revoked": ["revoke"]}.get(state, []):
            self.ws.run("seal", change, sid, "--reason", "crash test", "--as", "keeper")
        return sid

    def granted(self, sid, who, may):
        with sqlite3.connect(self.ws.db) as db:
            return db.execute("SELECT 1 FROM seal_grant WHERE seal = ? AND profile = ? AND may = ?",
                              (sid, who, may)).fetchone() is not None

    def decided(self, rid, who):
        with sqlite3.connect(self.ws.db) as db:
            return db.execute("SELECT 1 FROM decision WHERE request = ? AND profile = ?",
                              (rid, who)).fetchone() is not None

    def prepare(self, group, kind):
        ws = self.ws
        if group == "request":
            return self.decision(kind)
        if kind in ("generate", "generate-name", "import"):
            before = set(self.seals())
            return self.create_args(kind), lambda: len(set(self.seals()) - before) == 1
        if kind in ("suspend", "restore", "revoke", "destroy"):
            sid = self.seal_in({"restore": "suspended", "destroy": "revoked"}.get(kind, "active"))
            to = {"suspend": "suspended", "restore": "active", "revoke": "revoked", "destroy": "destroyed"}[kind]
            return (("seal", kind, sid, "--reason", "crash test", "--as", "keeper"),
                    lambda: self.seals()[sid] == to)
        if kind in ("grant", "withdraw"):
            if self.granted(self.seal, "clerk", "approve") != (kind == "withdraw"):
                ws.run("seal", "withdraw" if kind == "grant" else "grant", self.seal, "--to", "clerk",
                       "--may", "approve", "--as", "keeper")
            return (("seal", kind, self.seal, "--to", "clerk", "--may", "approve", "--as", "keeper"),
                    lambda: self.granted(self.seal, "clerk", "approve") == (kind == "grant"))
        raise ValueError(kind)

    def decision(self, kind):
        """@kind of decision on a request: a decline on the one just
        approved by the step's other profile, the others on a new one."""
        who, extra = {"approve": ("partner", ()), "reject": ("partner", ("--comment", "not this one")),
                      "decline": ("p2", ("--opinion", self.opinion)), "withdraw": ("lawyer", ())}[kind]
        if kind != "decline" or self.rid is None or self.decided(self.rid, who):
            self.rid = self.ws.json("request", "create", self.doc, "--as", "lawyer", "--pin-env", "PIN",
                                    "--reason", "r", "--seal", self.seal, "--rect", "300,80,100,100",
                                    "--step", "approve:partner,p2:all", "--step", "stamp:keeper")["id"]
        rid = self.rid
        return (("request", kind, rid, "--as", who, "--pin-env", "PIN", *extra),
                lambda: self.decided(rid, who))


LIFECYCLE = ("generate", "generate-name", "import", "grant", "withdraw", "suspend", "restore", "revoke",
             "destroy")
DECISIONS = ("approve", "decline", "reject", "withdraw")


def test_lifecycle_decisions(budget):
    """Every seal lifecycle change and every decision of the CLI, killed at
    random in turn (each at least once, @budget in all); after each kill
    the tables say what the ledger says, and the change is made once,
    running it again when the kill came first."""
    ws = Workspace()
    try:
        c = Changes(ws, synclib.People(ws.dir))
        kinds = [("seal", k) for k in LIFECYCLE] + [("request", k) for k in DECISIONS]
        spans = {}
        start = total()

        def done():
            return total() - start >= budget and all(COUNTS.get(f"{g} {k}", 0) > 0 for g, k in kinds)

        rounds = 0
        while not done():
            rounds += 1
            assert rounds < 8, "the changes finish before they can be killed"
            for group, kind in kinds:
                args, made = c.prepare(group, kind)
                if (group, kind) not in spans:
                    spans[group, kind] = timed(ws, *args) * 0.9       # once to its end
                    assert made()
                    continue
                count(f"{group} {kind}", killed_run(ws.env, args, RNG.uniform(0, spans[group, kind])))
                check_records(ws)
                if not made():
                    ws.run(*args)                                     # completes it
                    assert made(), args
                if done():
                    break
            check_records(ws)                                         # each once
        print(f"# lifecycle and decisions: {total() - start} kills in {rounds} rounds", flush=True)
    finally:
        ws.cleanup()


class Mount:
    """A tmpfs of @size at @path (root only); read-only on request."""

    def __init__(self, path, size):
        self.path = path
        os.makedirs(path, exist_ok=True)
        if os.geteuid() != 0:
            raise Skip("mounting a small tmpfs needs root")
        need("mount", "umount")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip(f"mount is not permitted here: {r.stderr.strip()}")

    def read_only(self):
        subprocess.run(["mount", "-o", "remount,ro", self.path], check=True)

    def close(self):
        subprocess.run(["umount", "-l", self.path], check=False)


def fill(folder, leave):
    """Fills the filesystem of @folder up to @leave bytes free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with open(os.path.join(folder, "filler"), "wb") as f:
        try:
            f.write(b"\0" * max(free - leave, 0))
        except OSError:
            pass


def one_error(r, *words):
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("sealdesk-cli: "), r.stderr
    assert any(w.lower() in lines[0].lower() for w in words), lines[0]


def test_full_disk_output():
    ws = Workspace()
    m = None
    try:
        src = ws.path("contract.pdf")
        shutil.copyfile(os.path.join(FIXTURES, "many-pages.pdf"), src)
        digest = sha256_file(src)
        m = Mount(ws.path("full"), "1m")
        fill(m.path, 16 * 1024)
        out = os.path.join(m.path, "signed.pdf")
        r = ws.run(*sign_args(src, out), expect=2)
        one_error(r, "space", "disk")
        assert not os.path.exists(out), "a partial output on a full disk"
        assert sorted(os.listdir(m.path)) == ["filler"], os.listdir(m.path)
        assert sha256_file(src) == digest
        # Room again: the same command works.
        os.unlink(os.path.join(m.path, "filler"))
        ws.run(*sign_args(src, out))
        assert n_signatures(ws, out) == 1
    finally:
        if m:
            m.close()
        ws.cleanup()


def test_full_disk_data():
    """The data folder on a full disk: a decision fails clearly, the
    database and the ledger stay whole, and it succeeds once there is
    room."""
    tmp = tempfile.mkdtemp(prefix="sd-full-")
    m = None
    try:
        m = Mount(os.path.join(tmp, "disk"), "8m")
        ws = Workspace(os.path.join(m.path, "ws"))
        people = synclib.People(tmp)
        keeper = people.person("keeper")
        ws.run("profile", "add", "keeper", "--role", "seal-keeper", "--key", keeper["id"], "--pin-env", "PIN")
        seal = ws.json("seal", "generate", "--org", "Firm", "--name", "Firm seal", "--key", keeper["id"],
                       "--as", "keeper")["id"]
        entries = len(ws.json("ledger", "list")["entries"])
        fill(m.path, 0)
        r = ws.run("seal", "suspend", seal, "--reason", "disk full", "--as", "keeper", expect=2)
        one_error(r, "space", "disk", "full")
        os.unlink(os.path.join(m.path, "filler"))
        check_db(ws)
        assert ws.json("seal", "show", seal)["state"] == "active"
        assert len(ws.json("ledger", "list")["entries"]) == entries, "a half-recorded change"
        ws.run("seal", "suspend", seal, "--reason", "room again", "--as", "keeper")
        assert ws.json("seal", "show", seal)["state"] == "suspended"
        check_db(ws)
    finally:
        if m:
            m.close()
        shutil.rmtree(tmp, ignore_errors=True)


def test_read_only_output():
    ws = Workspace()
    m = None
    try:
        src = ws.path("contract.pdf")
        shutil.copyfile(os.path.join(FIXTURES, "many-pages.pdf"), src)
        digest = sha256_file(src)
        m = Mount(ws.path("ro"), "1m")
        with open(os.path.join(m.path, "kept.pdf"), "wb") as f:
            f.write(b"%PDF-1.7 an older file\n")
        m.read_only()
        out = os.path.join(m.path, "signed.pdf")
        r = ws.run(*sign_args(src, out), expect=2)
        one_error(r, "read-only", "permission", "cannot")
        assert sorted(os.listdir(m.path)) == ["kept.pdf"]
        # Over an existing file of a read-only folder: the file is kept.
        r = ws.run(*sign_args(src, os.path.join(m.path, "kept.pdf")), expect=2)
        one_error(r, "read-only", "permission", "cannot")
        with open(os.path.join(m.path, "kept.pdf"), "rb") as f:
            assert f.read() == b"%PDF-1.7 an older file\n"
        assert sha256_file(src) == digest
    finally:
        if m:
            m.close()
        ws.cleanup()


if __name__ == "__main__":
    need_sign = KILLS // 2
    need_changes = min(KILLS // 8, 13)
    need_sync = KILLS - need_sign - need_changes
    tap = Tap()
    tap.run(f"{need_sign} SIGKILLs while signing", test_sign, need_sign)
    tap.run(f"{need_sync} SIGKILLs while syncing, approving and suspending a seal",
            test_sync_approve_lifecycle, need_sync)
    tap.run(f"{need_changes} SIGKILLs during every seal lifecycle change and every decision",
            test_lifecycle_decisions, need_changes)
    print(f"# kills survived: {total()} ({', '.join(f'{k} {v}' for k, v in sorted(COUNTS.items()))})",
          flush=True)
    tap.run("a full disk under the output: a clear error, nothing written, the input kept", test_full_disk_output)
    tap.run("a full disk under the data folder: a clear error, nothing half-recorded", test_full_disk_data)
    tap.run("a read-only output folder: a clear error, nothing lost", test_read_only_output)
    tap.done()
