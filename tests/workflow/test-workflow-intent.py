#!/usr/bin/env python3
"""A sealing killed between its signed file and its ledger entries (TAP).

sealdesk-cli stops itself (SEALDESK_TEST_STOP_AT, a build with
-Dtest_hooks=true) at a chosen point of a sealing, is SIGKILLed there, and
the next command, which opens the workspace, settles what it left:

  - before-ledger (the signed file is in place, its entries are not
    written): the file stays, verifies, and has exactly one entry of each
    kind in the ledger (marked "recovered"); the ledger verifies;
  - before-rename (the intent is committed, the file not in place): no
    output, no entry, the original unchanged;

and in both cases no intent and no temporary file is left. For `sign`
(sd_sealing_seal_document), `void` (sd_sealing_void_document) and the
stamp step of a request (sd_sealing_decide).

A `sign` whose timestamp authority does not answer is signed at B-B and
queued for its timestamp (pending_timestamp) in the transaction of its
entries: killed before-ledger or after-ledger (committed, the sealing not
yet returned), the document is queued exactly once after the next
open."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wflib import CLI, Tap, Workspace, People, copy_fixture, sha256_file  # noqa: E402


def process_state(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def kill_at(ws, point, *args):
    """Runs the CLI until it stops itself at @point, then SIGKILLs it."""
    env = dict(ws.env, SEALDESK_TEST_STOP_AT=point)
    proc = subprocess.Popen([CLI, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while proc.poll() is None and process_state(proc.pid) != "T":
        assert time.monotonic() < deadline, f"sealdesk-cli never reached {point}"
        time.sleep(0.02)
    stopped = proc.poll() is None
    if stopped:
        proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate()
    assert stopped, f"sealdesk-cli {' '.join(args)} ended (exit {proc.returncode}) without stopping " \
                    f"at {point}: {err.decode(errors='replace')}"


def intents(ws):
    with sqlite3.connect(ws.db) as db:
        rows = db.execute("SELECT id, path FROM sealing_intent").fetchall()
    folder = os.path.join(ws.home, "intents")
    files = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    return rows, files


def entries(ws, sha, kind):
    return [e for e in ws.json("ledger", "list")["entries"]
            if e["kind"] == kind and e["details"].get("result_sha256") == sha]


def check_settled(ws):
    """The next command opens the workspace: nothing unsettled is left,
    and the ledger verifies."""
    ws.run("ledger", "verify")
    assert intents(ws) == ([], []), intents(ws)
    with sqlite3.connect(ws.db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def queued(ws, path):
    with sqlite3.connect(ws.db) as db:
        return db.execute("SELECT path, sha256 FROM pending_timestamp WHERE path = ?", (path,)).fetchall()


def silent_tsa():
    """The URL of a timestamp authority that does not answer (a closed port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def verifies(ws, people, path, n):
    report = ws.json("verify", path, "--trust", people.ca)
    assert report["verdict"] == "valid", report
    assert len(report["signatures"]) == n, report


class Setup:
    def __init__(self):
        self.ws = Workspace()
        self.people = People(self.ws.dir)
        self.seal_person = self.people.person("seal", cn="Firm seal")
        self.seal = self.ws.json("seal", "generate", "--org", "某某公司", "--name", "Company seal",
                                 "--key", self.seal_person["id"])["id"]

    def sign_args(self, src, out):
        return ("sign", src, "-o", out, "--p12", self.seal_person["p12"], "--pin-env", "PIN",
                "--seal", self.seal, "--page", "1", "--rect", "300,80,100,100", "--reason", "Intent test")


def test_sign_before_ledger(s):
    ws = s.ws
    src = copy_fixture(ws, "xref-table.pdf", "contract.pdf")
    digest = sha256_file(src)
    out = ws.path("contract-signed.pdf")
    kill_at(ws, "before-ledger", *s.sign_args(src, out))
    assert os.path.exists(out), "the signed file was not in place at before-ledger"
    check_settled(ws)
    sha = sha256_file(out)
    verifies(ws, s.people, out, 1)
    uses = entries(ws, sha, "seal-use")
    assert len(uses) == 1, uses
    assert uses[0]["seal"] == s.seal and uses[0]["details"].get("recovered") is True, uses
    assert len(entries(ws, sha, "key-use")) == 1
    assert sha256_file(src) == digest, "the original changed"
    # Opening again records nothing twice.
    check_settled(ws)
    assert len(entries(ws, sha, "seal-use")) == 1


def test_sign_before_rename(s):
    ws = s.ws
    src = copy_fixture(ws, "xref-table.pdf", "lease.pdf")
    digest = sha256_file(src)
    out = ws.path("lease-signed.pdf")
    before = len(ws.json("ledger", "list")["entries"])
    kill_at(ws, "before-rename", *s.sign_args(src, out))
    rows, files = intents(ws)
    assert len(rows) == 1 and files, "no intent was committed before the rename"
    check_settled(ws)
    assert not os.path.exists(out), "an output that was never recorded"
    assert len(ws.json("ledger", "list")["entries"]) == before, "an entry for a file never made"
    assert sha256_file(src) == digest, "the original changed"
    assert sorted(os.listdir(ws.dir)).count("lease-signed.pdf") == 0
    # Run again, it completes once.
    ws.run(*s.sign_args(src, out))
    verifies(ws, s.people, out, 1)
    assert len(entries(ws, sha256_file(out), "seal-use")) == 1


def test_void_before_ledger(s):
    ws = s.ws
    src = copy_fixture(ws, "xref-table.pdf", "award.pdf")
    signed = ws.path("award-signed.pdf")
    ws.run(*s.sign_args(src, signed))
    digest = sha256_file(signed)
    voided = ws.path("award-void.pdf")
    kill_at(ws, "before-ledger", "void", signed, "-o", voided, "--p12", s.seal_person["p12"],
            "--pin-env", "PIN", "--reason", "Superseded")
    check_settled(ws)
    sha = sha256_file(voided)
    verifies(ws, s.people, voided, 2)
    voids = [e for e in ws.json("ledger", "list")["entries"]
             if e["details"].get("action") == "void" and e["details"].get("output_sha256") == sha]
    assert len(voids) == 1 and voids[0]["details"].get("recovered") is True, voids
    assert sha256_file(signed) == digest, "the signed original changed"


def pending_killed_at(s, point, name):
    """sign at B-T with a silent TSA, killed at @point: after the next open
    the B-B document is queued once, and its entries are written once."""
    ws = s.ws
    src = copy_fixture(ws, "xref-table.pdf", name + ".pdf")
    digest = sha256_file(src)
    out = ws.path(name + "-signed.pdf")
    kill_at(ws, point, *s.sign_args(src, out), "--tsa", silent_tsa(), "--level", "B-T")
    assert os.path.exists(out), f"the signed file was not in place at {point}"
    check_settled(ws)
    sha = sha256_file(out)
    report = ws.json("verify", out, "--trust", s.people.ca)
    assert [g["level"] for g in report["signatures"]] == ["B-B"], report
    assert queued(ws, out) == [(out, sha)], queued(ws, out)
    uses = entries(ws, sha, "key-use")
    assert len(uses) == 1, uses
    assert (uses[0]["details"].get("recovered") is True) == (point == "before-ledger"), uses
    assert sha256_file(src) == digest, "the original changed"
    # Opening again queues nothing twice.
    check_settled(ws)
    assert queued(ws, out) == [(out, sha)], queued(ws, out)
    assert len(entries(ws, sha, "key-use")) == 1


def test_pending_before_ledger(s):
    pending_killed_at(s, "before-ledger", "minutes")


def test_pending_after_ledger(s):
    pending_killed_at(s, "after-ledger", "transcript")


def stamp_request(s, name):
    ws = s.ws
    doc = copy_fixture(ws, "xref-table.pdf", name)
    rid = ws.json("request", "create", doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "r",
                  "--seal", s.seal, "--rect", "300,80,100,100", "--step", "stamp:keeper")["id"]
    return doc, rid


def test_step_before_ledger(s):
    ws = s.ws
    doc, rid = stamp_request(s, "award.pdf")
    digest = sha256_file(doc)
    out = ws.path("award-stamped.pdf")
    kill_at(ws, "before-ledger", "request", "approve", rid, "--as", "keeper", "--pin-env", "PIN",
            "--out", out)
    check_settled(ws)
    shown = ws.json("request", "show", rid)
    assert shown["state"] == "completed", shown
    assert len([d for d in shown["decisions"] if d["step"] == 1]) == 1, shown["decisions"]
    assert os.path.exists(out), "the completed request's output"
    sha = sha256_file(out)
    verifies(ws, s.people, out, 1)
    uses = entries(ws, sha, "seal-use")
    assert len(uses) == 1 and uses[0]["request"] == rid and uses[0]["details"].get("recovered") is True, uses
    decisions = [e for e in ws.json("ledger", "list")["entries"]
                 if e["kind"] == "decision" and e["request"] == rid]
    assert len(decisions) == 1, decisions
    assert sha256_file(doc) == digest, "the original changed"
    # Approving again is refused: the step is decided, once.
    ws.run("request", "approve", rid, "--as", "keeper", "--pin-env", "PIN", "--out", out, expect=2)
    check_settled(ws)
    assert len(entries(ws, sha, "seal-use")) == 1


def test_step_before_rename(s):
    ws = s.ws
    doc, rid = stamp_request(s, "deed.pdf")
    digest = sha256_file(doc)
    out = ws.path("deed-stamped.pdf")
    before = len(ws.json("ledger", "list")["entries"])
    approve = ("request", "approve", rid, "--as", "keeper", "--pin-env", "PIN", "--out", out)
    kill_at(ws, "before-rename", *approve)
    check_settled(ws)
    shown = ws.json("request", "show", rid)
    assert shown["state"] != "completed" and shown["decisions"] == [], shown
    assert not os.path.exists(out)
    assert len(ws.json("ledger", "list")["entries"]) == before, "an entry for a stamp never made"
    assert sha256_file(doc) == digest, "the original changed"
    ws.run(*approve)
    shown = ws.json("request", "show", rid)
    assert shown["state"] == "completed" and len(shown["decisions"]) == 1, shown
    verifies(ws, s.people, out, 1)
    assert len(entries(ws, sha256_file(out), "seal-use")) == 1


if __name__ == "__main__":
    tap = Tap()
    setup = Setup()
    try:
        for name, role in (("lawyer", "requester"), ("keeper", "seal-keeper")):
            setup.ws.run("profile", "add", name, "--role", role, "--key", setup.people.person(name)["id"],
                         "--pin-env", "PIN")
        for who, may in (("lawyer", "request"), ("keeper", "use")):
            setup.ws.run("seal", "grant", setup.seal, "--to", who, "--may", may)
        tap.run("sign killed before its ledger entries: recorded once at the next open",
                test_sign_before_ledger, setup)
        tap.run("sign killed before the rename: nothing made, nothing recorded", test_sign_before_rename, setup)
        tap.run("sign without an answering TSA killed before its ledger entries: queued once at the next open",
                test_pending_before_ledger, setup)
        tap.run("sign without an answering TSA killed after its transaction: queued once",
                test_pending_after_ledger, setup)
        tap.run("void killed before its ledger entry: recorded once at the next open",
                test_void_before_ledger, setup)
        tap.run("a stamp step killed before its ledger entries: recorded once at the next open",
                test_step_before_ledger, setup)
        tap.run("a stamp step killed before the rename: nothing made, nothing recorded",
                test_step_before_rename, setup)
    finally:
        setup.ws.cleanup()
    tap.done()
