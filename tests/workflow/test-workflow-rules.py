#!/usr/bin/env python3
"""The rules of stamp requests and seals, refused through sealdesk-cli with
one clear line, nothing written and the refusal itself in the ledger (TAP)."""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wflib import Tap, Workspace, People, copy_fixture, sha256_file  # noqa: E402


class Firm:
    """A workspace with a lawyer, two partners (one without the grant), a
    keeper and the firm's seal."""

    def __init__(self):
        self.ws = Workspace()
        self.people = People(self.ws.dir)
        ws = self.ws
        for name, role in (("lawyer", "requester"), ("partner", "approver"), ("other", "approver"),
                           ("keeper", "seal-keeper")):
            p = self.people.person(name)
            ws.run("profile", "add", name, "--role", role, "--key", p["id"], "--pin-env", "PIN")
        self.keeper = self.people.person("seal-key")
        self.seal = ws.json("seal", "generate", "--org", "某某律师事务所", "--name", "Firm seal",
                            "--key", self.keeper["id"])["id"]
        ws.run("seal", "grant", self.seal, "--to", "lawyer", "--may", "request")
        ws.run("seal", "grant", self.seal, "--to", "partner", "--may", "approve")
        ws.run("seal", "grant", self.seal, "--to", "keeper", "--may", "use")
        self.doc = copy_fixture(ws, "xref-table.pdf", "contract.pdf")

    def request(self, *extra):
        return self.ws.json("request", "create", self.doc, "--as", "lawyer", "--pin-env", "PIN",
                            "--reason", "Contract", "--seal", self.seal, "--page", "1", "--rect", "300,80,100,100",
                            "--step", "approve:partner,other", "--step", "stamp:keeper", *extra)["id"]

    def approve(self, rid, who, **kw):
        return self.ws.run("request", "approve", rid, "--as", who, "--pin-env", "PIN", **kw)

    def refusals(self):
        return [e for e in self.ws.json("ledger", "list")["entries"] if e["kind"] == "refusal"]

    def files(self):
        return sorted(os.listdir(self.ws.dir))


def changed_document():
    f = Firm()
    try:
        rid = f.request()
        with open(f.doc, "ab") as out:
            out.write(b"\n% changed after the request\n")
        before = f.files()
        err = f.ws.fail("request", "approve", rid, "--as", "partner", "--pin-env", "PIN")
        assert "changed" in err, err
        assert f.files() == before
        assert f.ws.json("request", "show", rid)["decisions"] == []
        assert f.refusals(), "the refusal is not in the ledger"
        f.ws.run("ledger", "verify")
    finally:
        f.ws.cleanup()


def suspended_seal():
    f = Firm()
    try:
        rid = f.request()
        f.ws.run("seal", "suspend", f.seal, "--reason", "reported lost")
        assert f.ws.json("seal", "show", f.seal)["state"] == "suspended"
        assert "suspended" in f.ws.fail("request", "approve", rid, "--as", "partner", "--pin-env", "PIN")
        f.ws.fail("request", "create", f.doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "x",
                  "--seal", f.seal, "--rect", "1,1,50,50", "--step", "stamp:keeper", contains="suspended")
        f.ws.fail("seal", "suspend", f.seal, "--reason", "twice")
        f.ws.run("seal", "restore", f.seal, "--reason", "found")
        f.approve(rid, "partner")
        r = f.ws.json("request", "approve", rid, "--as", "keeper", "--pin-env", "PIN")
        assert r["state"] == "completed"
        # revoked: for ever
        rid2 = f.request()
        f.ws.run("seal", "revoke", f.seal, "--reason", "the firm changed its name")
        f.ws.fail("seal", "restore", f.seal, "--reason", "no", contains="revoked")
        f.ws.fail("request", "approve", rid2, "--as", "partner", "--pin-env", "PIN", contains="revoked")
        f.ws.run("seal", "destroy", f.seal, "--reason", "melted")
        assert f.ws.json("seal", "show", f.seal)["state"] == "destroyed"
        actions = [e["details"]["action"] for e in f.ws.json("ledger", "list")["entries"] if e["seal"] == f.seal]
        assert actions[:1] == ["create"] and "suspend" in actions and "restore" in actions \
            and "revoke" in actions and actions[-1] == "destroy", actions
        f.ws.run("ledger", "verify")
    finally:
        f.ws.cleanup()


def grants_and_roles():
    f = Firm()
    try:
        rid = f.request()
        # "other" is in the step but has no grant to approve this seal
        assert "grant" in f.ws.fail("request", "approve", rid, "--as", "other", "--pin-env", "PIN")
        # a profile outside the step
        assert "turn" in f.ws.fail("request", "approve", rid, "--as", "keeper", "--pin-env", "PIN")
        # withdrawing a grant takes effect
        f.ws.run("seal", "withdraw", f.seal, "--to", "partner", "--may", "approve")
        f.ws.fail("request", "approve", rid, "--as", "partner", "--pin-env", "PIN", contains="grant")
        f.ws.run("seal", "grant", f.seal, "--to", "partner", "--may", "approve")
        f.approve(rid, "partner")
        # deciding twice, or a finished step
        f.ws.fail("request", "approve", rid, "--as", "partner", "--pin-env", "PIN")
        # roles: a requester cannot be named in a stamp step
        f.ws.fail("request", "create", f.doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "x",
                  "--seal", f.seal, "--rect", "1,1,50,50", "--step", "stamp:lawyer", contains="role")
        # a requester without the grant to request the seal
        f.ws.fail("request", "create", f.doc, "--as", "partner", "--pin-env", "PIN", "--reason", "x",
                  "--seal", f.seal, "--rect", "1,1,50,50", "--step", "stamp:keeper", contains="requester")
        assert len(f.refusals()) >= 4
        f.ws.run("ledger", "verify")
    finally:
        f.ws.cleanup()


def reject_withdraw_and_pins():
    f = Firm()
    try:
        rid = f.request()
        f.ws.fail("request", "reject", rid, "--as", "partner", "--pin-env", "PIN", contains="comment")
        n = len(f.ws.json("ledger", "list")["entries"])
        # a wrong PIN: a clear error, nothing recorded
        err = f.ws.fail("request", "approve", rid, "--as", "partner", "--pin-env", "BAD", env={"BAD": "wrong"})
        assert "PIN" not in err or "wrong" not in err.split(":", 1)[1], err
        assert f.ws.json("request", "show", rid)["decisions"] == []
        assert len(f.ws.json("ledger", "list")["entries"]) == n
        r = f.ws.json("request", "reject", rid, "--as", "partner", "--pin-env", "PIN", "--comment", "wrong party")
        assert r["state"] == "rejected" and r["decisions"][0]["comment"] == "wrong party"
        f.ws.fail("request", "approve", rid, "--as", "other", "--pin-env", "PIN", contains="rejected")

        rid2 = f.request()
        f.ws.fail("request", "withdraw", rid2, "--as", "partner", "--pin-env", "PIN", contains="requester")
        assert f.ws.json("request", "withdraw", rid2, "--as", "lawyer", "--pin-env", "PIN")["state"] == "withdrawn"
        states = {r["id"]: r["state"] for r in f.ws.json("request", "list")["requests"]}
        assert states == {rid: "rejected", rid2: "withdrawn"}, states
        assert [r["id"] for r in f.ws.json("request", "list", "--state", "withdrawn")["requests"]] == [rid2]
        f.ws.fail("request", "list", "--state", "bogus")
        f.ws.run("ledger", "verify")
    finally:
        f.ws.cleanup()


def bad_input():
    f = Firm()
    try:
        before = sha256_file(f.ws.db)
        ws = f.ws
        ws.fail("request", "create", ws.path("missing.pdf"), "--as", "lawyer", "--pin-env", "PIN",
                "--reason", "x", "--step", "approve:partner")
        notpdf = ws.path("not.pdf")
        with open(notpdf, "w") as out:
            out.write("hello")
        ws.fail("request", "create", notpdf, "--as", "lawyer", "--pin-env", "PIN", "--reason", "x",
                "--step", "approve:partner")
        ws.fail("request", "create", f.doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "x",
                "--seal", f.seal, "--page", "9", "--rect", "1,1,50,50", "--step", "stamp:keeper", contains="page")
        ws.fail("request", "create", f.doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "x",
                "--step", "bogus:partner")
        ws.fail("request", "create", f.doc, "--as", "nobody", "--pin-env", "PIN", "--reason", "x",
                "--step", "approve:partner", contains="profile")
        ws.fail("request", "show", "req-0000000000000000")
        ws.fail("seal", "import", notpdf, "--name", "x", "--size-mm", "40", "--key", f.keeper["id"])
        ws.fail("seal", "generate", "--org", "x" * 400, "--name", "x", "--key", f.keeper["id"])
        ws.fail("profile", "add", "lawyer", "--role", "signer", "--key", f.keeper["id"], "--pin-env", "PIN",
                contains="already")
        ws.fail("ledger", "prove", "99999")
        ws.fail("ledger", "verify", "--head", notpdf)
        # none of these changed the database but the ledger's refusals
        ws.run("ledger", "verify")
        assert os.path.exists(ws.db) and before
    finally:
        f.ws.cleanup()


def lock_rules():
    """--lock needs a last step that always signs: an approval, or an
    all-of step that may end with a dissent, would leave it unlocked."""
    f = Firm()
    try:
        ws = f.ws
        before = sha256_file(ws.db)
        for steps in (["--step", "approve:partner"],
                      ["--step", "approve:partner", "--step", "stamp:keeper:all"]):
            ws.fail("request", "create", f.doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "x",
                    "--seal", f.seal, "--page", "1", "--rect", "300,80,100,100", *steps, "--lock",
                    contains="must end with a sign or stamp step")
        assert ws.json("request", "list")["requests"] == []
        assert before
        rid = f.request("--lock")
        f.approve(rid, "partner")
        r = ws.json("request", "approve", rid, "--as", "keeper", "--pin-env", "PIN")
        assert r["state"] == "completed", r
        # A locked (or no-changes certified) document takes no new request.
        ws.fail("request", "create", r["output"], "--as", "lawyer", "--pin-env", "PIN", "--reason", "x",
                "--step", "approve:partner", "--step", "stamp:keeper", "--seal", f.seal, "--page", "1",
                "--rect", "300,300,100,100", contains="no step could sign it")
    finally:
        f.ws.cleanup()


if __name__ == "__main__":
    tap = Tap()
    tap.run("a request whose document changed cannot be approved", changed_document)
    tap.run("suspended, restored, revoked and destroyed seals", suspended_seal)
    tap.run("grants, roles, turns and deciding twice", grants_and_roles)
    tap.run("reject needs a comment, withdraw is the requester's, a wrong PIN records nothing", reject_withdraw_and_pins)
    tap.run("bad input gives one clear line", bad_input)
    tap.run("a locking request ends with a step that signs; a locked document takes no request", lock_rules)
    tap.done()
