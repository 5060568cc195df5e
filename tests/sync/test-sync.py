#!/usr/bin/env python3
"""Two workstations and one shared folder: a request goes out, is decided
and stamped on the other workstation, and comes back verified."""

import json
import os
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synclib  # noqa: E402
from synclib import Site, Tap, listing, our_verify  # noqa: E402


def test_round_trip():
    s = Site()
    try:
        req, doc = s.request()
        s.sync(s.a)
        r = s.sync(s.b)
        assert r["imported"] >= 1, r
        got = s.b.json("request", "show", req)
        assert got["state"] == "pending", got
        s.b.run("request", "approve", req, "--as", "partner", "--pin-env", "PIN")
        s.b.run("request", "approve", req, "--as", "keeper", "--pin-env", "PIN")
        s.sync(s.b)
        r = s.sync(s.a)
        assert r["refused"] == 0, r
        got = s.a.json("request", "show", req)
        assert got["state"] == "completed", got
        out = got["output"]
        assert os.path.isfile(out), got
        code, rep = our_verify(s.a, out, s.people.ca)
        assert code == 0, rep
        # Every sync run twice changes nothing the second time.
        for ws in (s.a, s.b):
            s.sync(ws)
            before = listing(s.root)
            n = len(ws.json("ledger", "list")["entries"])
            r = s.sync(ws)
            assert r["published"] == 0 and r["imported"] == 0 and r["refused"] == 0, r
            assert n == len(ws.json("ledger", "list")["entries"])
            # Only the database's note of the last pass (time, summary).
            diff = synclib.changed_outside(before, listing(s.root), [])
            assert all(os.path.basename(d).startswith("sealdesk.db") for d in diff), diff
    finally:
        s.cleanup()


def queued(ws):
    db = sqlite3.connect(ws.db)
    try:
        return db.execute("SELECT kind, ref FROM publish_queue ORDER BY id").fetchall()
    finally:
        db.close()


def test_imported_not_queued():
    """What is taken from a peer is that peer's to publish: it never enters
    this workstation's publish queue, even on a pass whose publishing fails."""
    s = Site()
    try:
        req, doc = s.request()
        s.sync(s.a)
        s.sync(s.b)
        s.b.run("request", "approve", req, "--as", "partner", "--pin-env", "PIN")
        s.b.run("request", "approve", req, "--as", "keeper", "--pin-env", "PIN")
        assert [k for k, _ in queued(s.b)] == ["decision", "decision", "completed"], queued(s.b)
        s.sync(s.b)
        assert queued(s.b) == [], queued(s.b)
        # A's own folder cannot be written: the pass imports, then fails.
        mine = os.path.join(s.folder, s.ha["workstation"])
        shutil.move(mine, mine + "-aside")
        with open(mine, "wb") as fh:
            fh.write(b"not a folder")
        r = s.a.run("sync", "--folder", s.folder, "--once", expect=None)
        assert r.returncode != 0, r
        assert s.a.json("request", "show", req)["state"] == "completed"
        assert queued(s.a) == [], queued(s.a)
        assert s.a.json("sync", "status")["queued"] == 0
        os.unlink(mine)
        shutil.move(mine + "-aside", mine)
        r = s.sync(s.a)
        assert r["refused"] == 0, r
    finally:
        s.cleanup()


def test_fresh_workstation():
    """A workstation that has recorded nothing yet (no profile, no seal, no
    ledger entry) can join a shared folder: its first pass makes its ledger
    key and publishes a manifest that the other workstation reads."""
    s = Site()
    try:
        c = synclib.Workspace(os.path.join(s.root, "C"))
        os.makedirs(c.dir)
        r = s.sync(c)
        assert r is not None and r["refused"] == 0, r
        new = [d for d in os.listdir(s.folder) if d not in (s.ha["workstation"], s.hb["workstation"])]
        assert len(new) == 1, sorted(os.listdir(s.folder))
        with open(os.path.join(s.folder, new[0], "manifest.json"), encoding="utf-8") as fh:
            manifest = json.load(fh)
        assert manifest["workstation"] == new[0] and manifest["key_id"], manifest
        assert manifest["tree_head"] is None, manifest
        s.a.run("sync", "peer", "add", new[0], "--ledger-key", manifest["key_id"], "--name", "C")
        r = s.sync(s.a)
        assert r["refused"] == 0, r
        # A second pass of the new workstation changes nothing.
        r = s.sync(c)
        assert r["published"] == 0 and r["refused"] == 0, r
        c.run("ledger", "verify")
    finally:
        s.cleanup()


tap = Tap()
tap.run("round trip A → B → A, twice changes nothing", test_round_trip)
tap.run("decisions taken from a peer are not queued for publishing", test_imported_not_queued)
tap.run("a workstation with an empty ledger joins a shared folder", test_fresh_workstation)
tap.done()
