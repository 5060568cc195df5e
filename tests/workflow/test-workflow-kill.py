#!/usr/bin/env python3
"""SIGKILL in the middle of approvals, seal uses (stamp and sign) and seal
lifecycle changes, at least 50 times (TAP). After each kill: the database
passes PRAGMA integrity_check, `ledger verify` passes, the decision is
recorded fully or not at all and never twice, no partial document sits
under a final name, and running the command again completes it once."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wflib import CLI, Tap, Workspace, People, copy_fixture, need  # noqa: E402

KILLS = int(os.environ.get("SD_TEST_KILLS", "60"))


def spawn(ws, *args):
    return subprocess.Popen([CLI, *args], env=ws.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_killed(ws, args, delay):
    """Starts the command and kills it after @delay seconds (if it still
    runs). Returns True when it was killed."""
    proc = spawn(ws, *args)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return killed


def duration(ws, args):
    t = time.monotonic()
    ws.run(*args)
    return time.monotonic() - t


def check_consistent(ws):
    with sqlite3.connect(ws.db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dup = db.execute("SELECT request, step, profile, count(*) FROM decision "
                         "GROUP BY request, step, profile HAVING count(*) > 1").fetchall()
        assert dup == [], dup
    ws.run("ledger", "verify")


def pdf_complete(path):
    need("qpdf")
    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    return r.returncode in (0, 3)


def kill_loop():
    ws = Workspace()
    try:
        people = People(ws.dir)
        for name, role in (("lawyer", "requester"), ("partner", "approver"), ("keeper", "seal-keeper"),
                           ("signer", "signer")):
            ws.run("profile", "add", name, "--role", role, "--key", people.person(name)["id"], "--pin-env", "PIN")
        seal = ws.json("seal", "generate", "--org", "某某公司", "--name", "Company seal",
                       "--key", people.person("seal")["id"])["id"]
        for who, may in (("lawyer", "request"), ("partner", "approve"), ("keeper", "use")):
            ws.run("seal", "grant", seal, "--to", who, "--may", may)

        rng = random.Random(int(os.environ.get("SD_TEST_SEED", "1414")))
        kills = 0
        iteration = 0
        suspended = False
        while kills < KILLS:
            iteration += 1
            assert iteration < KILLS * 6, "the commands finish before they can be killed"
            doc = copy_fixture(ws, "xref-table.pdf", f"doc{iteration}.pdf")
            rid = ws.json("request", "create", doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "r",
                          "--seal", seal, "--rect", "300,80,100,100", "--step", "approve:partner",
                          "--step", "sign:signer", "--step", "stamp:keeper")["id"]
            out = ws.path(f"out{iteration}.pdf")
            steps = [
                ("request", "approve", rid, "--as", "partner", "--pin-env", "PIN"),
                ("request", "approve", rid, "--as", "signer", "--pin-env", "PIN"),
                ("request", "approve", rid, "--as", "keeper", "--pin-env", "PIN", "--out", out),
            ]
            for n, args in enumerate(steps, 1):
                # a lifecycle change of the seal, killed, then put right
                life = ("seal", "restore" if suspended else "suspend", seal, "--reason", "kill test")
                if run_killed(ws, life, rng.uniform(0, 0.04)):
                    kills += 1
                check_consistent(ws)
                state = ws.json("seal", "show", seal)["state"]
                lifecycle = [e for e in ws.json("ledger", "list")["entries"]
                             if e["seal"] == seal and e["details"].get("action") in ("suspend", "restore")]
                expected = lifecycle[-1]["details"]["to"] if lifecycle else "active"
                assert state == expected, (state, expected)
                if state == "suspended":
                    ws.run("seal", "restore", seal, "--reason", "kill test")
                suspended = False

                if run_killed(ws, args, rng.uniform(0, 0.12)):
                    kills += 1
                check_consistent(ws)
                shown = ws.json("request", "show", rid)
                decided = [d for d in shown["decisions"] if d["step"] == n]
                assert len(decided) <= 1, decided
                if os.path.exists(out):
                    assert pdf_complete(out), "a partial document under the final name"
                if not decided:
                    ws.run(*args)              # completes it, once
                else:
                    ws.run(*args, expect=2)    # already decided: refused
                shown = ws.json("request", "show", rid)
                assert len([d for d in shown["decisions"] if d["step"] == n]) == 1
            assert shown["state"] == "completed" and os.path.exists(out) and pdf_complete(out), shown
        check_consistent(ws)
        print(f"# {kills} kills in {iteration} requests", flush=True)
    finally:
        ws.cleanup()


if __name__ == "__main__":
    tap = Tap()
    tap.run(f"at least {KILLS} SIGKILLs during approvals, seal uses and lifecycle changes", kill_loop)
    tap.done()
