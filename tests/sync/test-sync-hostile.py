#!/usr/bin/env python3
"""Hostile shared folders: whatever is written there, nothing is taken that
should not be, refusals are recorded in the ledger, and nothing is written
outside the folder of the workstation and its data directory."""

import json
import os
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synclib  # noqa: E402
from synclib import Forger, Site, Tap, canonical, listing, refusals, sign  # noqa: E402


def allowed(s):
    return ["A" + os.sep + "home", "B" + os.sep + "home",
            os.path.join("shared", s.ha["workstation"]), os.path.join("shared", s.hb["workstation"])]


def expect_refused(s, forger, m, what):
    before_ref = len(refusals(s.a))
    before = listing(s.root)
    forger.write(m)
    snap = listing(s.root)
    r = s.sync(s.a)
    after = listing(s.root)
    bad = synclib.changed_outside(snap, after, ["A" + os.sep + "home", os.path.join("shared", s.ha["workstation"])])
    assert bad == [], f"{what}: written outside: {bad}"
    assert r["refused"] >= 1, f"{what}: {r}"
    assert len(refusals(s.a)) > before_ref, f"{what}: no refusal in the ledger"
    # Twice: refused once only.
    n = len(refusals(s.a))
    s.sync(s.a)
    assert len(refusals(s.a)) == n, f"{what}: refused twice"
    assert not os.path.exists(os.path.join(s.root, "outside", "pwned")), what
    del before


def test_hostile():
    s = Site()
    try:
        os.makedirs(os.path.join(s.root, "outside"))
        req, doc = s.request()
        s.sync(s.a)
        s.sync(s.b)
        s.b.run("request", "approve", req, "--as", "partner", "--pin-env", "PIN")
        f = Forger(s)
        m0 = f.manifest()
        env_ok = None

        # The decision, forged with the requester's key instead of the partner's.
        s.b.run("sync", "--folder", s.folder, "--once")
        m = f.manifest()
        dec = [o for o in m["objects"] if o["kind"] == "decision"][0]
        with open(os.path.join(f.dir, dec["path"]), "rb") as fh:
            env_ok = json.loads(fh.read())
        content = json.loads(env_ok["content"])
        lawyer_key = os.path.join(s.people.dir, "lawyer.key")
        forged = dict(content, comment="forged")
        fc = canonical(forged).decode()
        env = dict(env_ok, content=fc, signature=sign(lawyer_key, fc.encode(), s.root))
        m1 = json.loads(json.dumps(m))
        m1["objects"] = [o for o in m1["objects"] if o["kind"] != "decision"]
        f.add_file(m1, "decision", "x1", "decisions/forged1.json", canonical(env))
        expect_refused(s, f, m1, "decision signed by an unauthorised key")
        assert s.a.json("request", "show", req)["state"] == "pending"

        # A decision for a request nobody made.
        unknown = dict(content, request="req-00000000deadbeef")
        uc = canonical(unknown).decode()
        partner_key = os.path.join(s.people.dir, "partner.key")
        m2 = f.manifest()
        f.add_file(m2, "decision", "x2", "decisions/unknown.json",
                   canonical(dict(env_ok, content=uc, signature=sign(partner_key, uc.encode(), s.root))))
        expect_refused(s, f, m2, "decision for an unknown request")

        # Path components, absolute paths, symlinks, devices, oversized,
        # deep nesting, hash mismatch.
        m3 = f.manifest()
        m3["objects"].append({"kind": "decision", "ref": "x3", "path": "../../outside/pwned", "size": 2,
                              "sha256": "0" * 64})
        expect_refused(s, f, m3, "name with ../")
        m4 = f.manifest()
        m4["objects"].append({"kind": "decision", "ref": "x4", "path": "/etc/passwd", "size": 2, "sha256": "1" * 64})
        expect_refused(s, f, m4, "absolute path")
        m5 = f.manifest()
        os.symlink("/etc/passwd", os.path.join(f.dir, "decisions", "link.json"))
        m5["objects"].append({"kind": "decision", "ref": "x5", "path": "decisions/link.json", "size": 10,
                              "sha256": "2" * 64})
        expect_refused(s, f, m5, "symlink")
        m6 = f.manifest()
        os.mkfifo(os.path.join(f.dir, "decisions", "fifo.json"))
        m6["objects"].append({"kind": "decision", "ref": "x6", "path": "decisions/fifo.json", "size": 10,
                              "sha256": "3" * 64})
        expect_refused(s, f, m6, "FIFO")
        m7 = f.manifest()
        f.add_file(m7, "decision", "x7", "decisions/big.json", b" " * (2 * 1024 * 1024))
        expect_refused(s, f, m7, "oversized file")
        m8 = f.manifest()
        f.add_file(m8, "decision", "x8", "decisions/deep.json", b"[" * 5000 + b"]" * 5000)
        expect_refused(s, f, m8, "deeply nested JSON")
        m9 = f.manifest()
        good = canonical(env_ok)
        f.add_file(m9, "decision", "x9", "decisions/mismatch.json", good[:-2] + b"}}",
                   sha=__import__("hashlib").sha256(good).hexdigest())
        expect_refused(s, f, m9, "hash mismatch")

        # A manifest signed with another key, then a replay of an old one.
        other = os.path.join(s.people.dir, "partner.key")
        before = len(refusals(s.a))
        mm = f.manifest()
        f.write(mm, key=other)
        r = s.sync(s.a)
        assert r["refused"] == 1 and len(refusals(s.a)) == before + 1, r
        with open(os.path.join(f.dir, "manifest.json"), "wb") as fh:
            fh.write(canonical(m0))
        r = s.sync(s.a)
        assert r["refused"] == 1 and "replay" in json.dumps(r), r

        # A conflict copy: ignored, reported.
        shutil.copyfile(os.path.join(f.dir, "manifest.json"),
                        os.path.join(f.dir, "manifest.sync-conflict-20260101-120000-ABCDEFG.json"))
        r = s.sync(s.a)
        assert r["conflicts"] >= 1, r
        assert s.a.json("request", "show", req)["state"] == "pending"
    finally:
        s.cleanup()


def test_incomplete():
    s = Site()
    try:
        req, doc = s.request()
        s.sync(s.a)
        adir = os.path.join(s.folder, s.ha["workstation"])
        pdf = os.path.join(adir, "requests", req + ".pdf")
        manifest = os.path.join(adir, "manifest.json")
        whole = open(pdf, "rb").read()
        saved = open(manifest, "rb").read()
        # A copy made mid-write: no manifest yet, then a truncated PDF.
        os.unlink(manifest)
        r = s.sync(s.b)
        assert s.b.run("request", "show", req, expect=None).returncode != 0
        with open(manifest, "wb") as fh:
            fh.write(saved)
        with open(pdf, "wb") as fh:
            fh.write(whole[: len(whole) // 2])
        r = s.sync(s.b)
        assert r["waiting"] >= 1 and r["refused"] == 0, r
        assert s.b.run("request", "show", req, expect=None).returncode != 0
        with open(pdf, "wb") as fh:
            fh.write(whole)
        r = s.sync(s.b)
        assert r["imported"] >= 1, r
        assert s.b.json("request", "show", req)["state"] == "pending"
    finally:
        s.cleanup()


def test_rewritten_ledger():
    s = Site()
    try:
        req, doc = s.request()
        s.sync(s.a)
        s.sync(s.b)
        s.b.run("ledger", "verify", "--peers")
        # A's ledger rewritten from scratch in its database.
        db = sqlite3.connect(s.a.db)
        db.executescript("DELETE FROM ledger_entry; DELETE FROM ledger_node; DELETE FROM ledger_head;")
        db.commit()
        db.close()
        other = s.people.person("clerk")
        s.a.run("profile", "add", "clerk", "--role", "requester", "--key", other["id"], "--pin-env", "PIN")
        s.sync(s.a)
        r = s.b.run("ledger", "verify", "--peers", expect=1)
        assert s.ha["workstation"] in r.stderr, r.stderr
        r = s.sync(s.b)
        assert r["refused"] >= 1, r
    finally:
        s.cleanup()


tap = Tap()
tap.run("hostile folder contents refused, recorded once, nothing written outside", test_hostile)
tap.run("a copy made mid-write is imported only once complete", test_incomplete)
tap.run("a ledger rewritten from scratch is caught by the peer", test_rewritten_ledger)
tap.done()
