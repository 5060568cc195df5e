#!/usr/bin/env python3
"""Three workstations and one shared folder: the requester on A, a partner
on B, the seal keeper and a counsel on C. Approvals, a rejection, a
withdrawal and a decline with an opinion travel through the folder, and
every workstation ends with the same state; the order of steps holds across
workstations."""

import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synclib  # noqa: E402
from synclib import People, Tap, Workspace, copy_fixture, our_verify, refusals  # noqa: E402


class Site3:
    def __init__(self):
        import tempfile
        self.root = tempfile.mkdtemp(prefix="sd-sync3-")
        self.folder = os.path.join(self.root, "shared")
        os.makedirs(self.folder)
        self.people = People(self.root)
        self.ws = {}
        for name in ("A", "B", "C"):
            ws = Workspace(os.path.join(self.root, name))
            os.makedirs(ws.dir)
            os.makedirs(os.path.join(ws.home, "trust"), exist_ok=True)
            self.ws[name] = ws
        self.a, self.b, self.c = self.ws["A"], self.ws["B"], self.ws["C"]
        for ws, name, role in ((self.a, "lawyer", "requester"), (self.b, "partner", "approver"),
                               (self.c, "keeper", "seal-keeper"), (self.c, "counsel", "approver")):
            p = self.people.person(name)
            if name == "keeper":
                keeper = p
            ws.run("profile", "add", name, "--role", role, "--key", p["id"], "--pin-env", "PIN")
        self.seal = self.c.json("seal", "generate", "--org", "Firm", "--title", "Contract seal", "--name", "Firm seal",
                                "--kind", "contract", "--key", keeper["id"], "--as", "keeper")["id"]
        for ws in self.ws.values():
            shutil.copyfile(self.people.ca, os.path.join(ws.home, "trust", "ca.pem"))
        self.heads = {n: ws.json("ledger", "head") for n, ws in self.ws.items()}
        for n, ws in self.ws.items():
            for m, h in self.heads.items():
                if m != n:
                    ws.run("sync", "peer", "add", h["workstation"], "--ledger-key", h["key_id"], "--name", m)
        self.round()   # the profiles of A and B reach C
        for who, may in (("lawyer", "request"), ("partner", "approve"), ("counsel", "approve"), ("keeper", "use")):
            self.c.run("seal", "grant", self.seal, "--to", who, "--may", may, "--as", "keeper")
        self.round()

    def sync(self, ws):
        r = ws.run("sync", "--folder", self.folder, "--once", "--json")
        return json.loads(r.stdout)

    def round(self):
        """Each workstation twice, so that everything reaches everyone."""
        out = []
        for _ in range(2):
            for ws in (self.a, self.b, self.c):
                r = self.sync(ws)
                assert r["refused"] == 0, r
                out.append(r)
        return out

    def request(self, name, *steps):
        doc = copy_fixture(self.a, as_name=name)
        args = []
        for s in steps:
            args += ["--step", s]
        return self.a.json("request", "create", doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", name,
                           "--seal", self.seal, "--page", "1", "--rect", "380,80,120,120", *args)["id"]

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def state_of(ws, req):
    """What every workstation must agree on."""
    r = ws.json("request", "show", req)
    return (r["state"], [(d["step"], d["profile"], d["action"], d.get("comment"), d.get("opinion"))
                         for d in sorted(r["decisions"], key=lambda d: (d["step"], d["profile"]))])


def same_everywhere(s, req, state):
    states = {n: state_of(ws, req) for n, ws in s.ws.items()}
    assert len(set(json.dumps(v) for v in states.values())) == 1, states
    assert states["A"][0] == state, states
    return states["A"]


def test_three():
    s = Site3()
    try:
        plain = ("approve:partner", "stamp:keeper")
        r1 = s.request("order.pdf", *plain)
        r2 = s.request("reject.pdf", *plain)
        r3 = s.request("withdraw.pdf", *plain)
        r4 = s.request("decline.pdf", "approve:partner,counsel:all", "stamp:keeper")
        s.round()
        for r in (r1, r2, r3, r4):
            same_everywhere(s, r, "pending")

        # The keeper's turn comes after the partner's, on another workstation.
        s.c.fail("request", "approve", r1, "--as", "keeper", "--pin-env", "PIN", contains="turn")
        s.b.run("request", "approve", r1, "--as", "partner", "--pin-env", "PIN")
        s.sync(s.b)
        s.sync(s.c)
        s.c.run("request", "approve", r1, "--as", "keeper", "--pin-env", "PIN")
        s.sync(s.c)
        # A sees the keeper's stamp before the partner's approval reaches it:
        # the stamp waits (neither taken nor refused) until it does.
        bdir = os.path.join(s.folder, s.heads["B"]["workstation"])
        shutil.move(bdir, bdir + "-elsewhere")
        r = s.sync(s.a)
        assert r["waiting"] >= 1 and r["refused"] == 0, r
        assert s.a.json("request", "show", r1)["state"] == "pending"
        shutil.move(bdir + "-elsewhere", bdir)
        r = s.sync(s.a)
        assert r["refused"] == 0 and r["waiting"] == 0, r
        assert s.a.json("request", "show", r1)["state"] == "completed"
        s.round()
        final = same_everywhere(s, r1, "completed")
        assert [d[:3] for d in final[1]] == [(1, "partner", "approve"), (2, "keeper", "approve")], final
        out = s.a.json("request", "show", r1)["output"]
        code, rep = our_verify(s.a, out, s.people.ca)
        assert code == 0, rep

        # A rejection on B, a withdrawal on A.
        s.b.run("request", "reject", r2, "--as", "partner", "--pin-env", "PIN", "--comment", "wrong party")
        s.a.run("request", "withdraw", r3, "--as", "lawyer", "--pin-env", "PIN", "--comment", "no longer needed")
        s.round()
        rej = same_everywhere(s, r2, "rejected")
        assert rej[1] == [(1, "partner", "reject", "wrong party", None)], rej
        wd = same_everywhere(s, r3, "withdrawn")
        assert [d[2:4] for d in wd[1]] == [("withdraw", "no longer needed")], wd
        # Ended is ended on every workstation.
        s.c.fail("request", "approve", r2, "--as", "keeper", "--pin-env", "PIN", contains="rejected")
        s.b.fail("request", "approve", r3, "--as", "partner", "--pin-env", "PIN", contains="withdrawn")

        # A decline with an opinion on B, the counsel's approval on C, the stamp on C.
        opinion = s.b.path("opinion.txt")
        with open(opinion, "w", encoding="utf-8") as fh:
            fh.write("I decline: the lease term is unlawful. 本人不同意。\n")
        s.b.run("request", "decline", r4, "--as", "partner", "--pin-env", "PIN", "--opinion", opinion)
        s.round()
        s.c.run("request", "approve", r4, "--as", "counsel", "--pin-env", "PIN")
        s.c.run("request", "approve", r4, "--as", "keeper", "--pin-env", "PIN")
        s.round()
        dec = same_everywhere(s, r4, "completed")
        declined = [d for d in dec[1] if d[2] == "decline"]
        assert declined and "本人不同意" in declined[0][4], dec

        # Every pass once more changes nothing; every ledger is consistent
        # with what the others witnessed; nothing was refused anywhere.
        for ws in s.ws.values():
            r = s.sync(ws)
            assert r["imported"] == 0 and r["refused"] == 0 and r["waiting"] == 0, r
            ws.run("ledger", "verify", "--peers")
            imported = [e for e in refusals(ws) if e["details"]["action"] == "sync-import"]
            assert imported == [], imported
            assert ws.json("sync", "status")["queued"] == 0

        # A workstation that joins late takes all of it in one pass: the
        # profiles and seals of every peer before any request, and the
        # steps of each request in their order whichever peer made them.
        d = Workspace(os.path.join(s.root, "D"))
        os.makedirs(os.path.join(d.home, "trust"))
        shutil.copyfile(s.people.ca, os.path.join(d.home, "trust", "ca.pem"))
        for n, h in s.heads.items():
            d.run("sync", "peer", "add", h["workstation"], "--ledger-key", h["key_id"], "--name", n)
        r = s.sync(d)
        assert r["refused"] == 0 and r["waiting"] == 0, r
        for req in (r1, r2, r3, r4):
            assert state_of(d, req) == state_of(s.a, req), (state_of(d, req), state_of(s.a, req))
        code, rep = our_verify(d, d.json("request", "show", r4)["output"], s.people.ca)
        assert code == 0, rep
    finally:
        s.cleanup()


tap = Tap()
tap.run("three workstations agree on approvals, rejection, withdrawal and a decline with an opinion", test_three)
tap.done()
