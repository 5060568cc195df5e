#!/usr/bin/env python3
"""What a pass publishes (sync --publish) and a folder per matter
(sync --matter-folders): what is left out waits and goes out later; matter
folders with names in any script are written, read and never escaped."""

import hashlib
import json
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synclib  # noqa: E402
from synclib import Forger, Site, Tap, listing, our_verify, refusals  # noqa: E402


def queued(ws):
    return ws.json("sync", "status")["queued"]


def published_paths(s, ws_head):
    with open(os.path.join(s.folder, ws_head["workstation"], "manifest.json"), "rb") as f:
        return {(o["kind"], o["ref"]): o["path"] for o in json.loads(f.read())["objects"]}


def approve_both(s, req):
    s.b.run("request", "approve", req, "--as", "partner", "--pin-env", "PIN")
    s.b.run("request", "approve", req, "--as", "keeper", "--pin-env", "PIN")


def test_publish_choice():
    s = Site()
    try:
        s.a.fail("sync", "--folder", s.folder, "--once", "--publish", "requests,heads", contains="heads")
        req, doc = s.request()
        # Requests left out: the request waits on A, B sees nothing.
        s.sync(s.a, extra=("--publish", "decisions,completed,reports"))
        assert queued(s.a) >= 1
        assert ("request", req) not in published_paths(s, s.ha)
        s.sync(s.b)
        assert s.b.run("request", "show", req, expect=None).returncode != 0
        # The tree head goes out whatever is chosen: B witnesses A's newest.
        peers = {p["workstation"]: p for p in s.b.json("sync", "peer", "list")}
        head = peers[s.ha["workstation"]]["witnessed_head"]
        assert head is not None and head["tree_size"] == s.a.json("ledger", "head")["tree_size"], (head, peers)
        # Published with the next pass that publishes requests.
        s.sync(s.a, extra=("--publish", "none,requests"))
        assert queued(s.a) == 0
        s.sync(s.b)
        assert s.b.json("request", "show", req)["state"] == "pending"

        # Completed documents without their reports: the reports wait.
        approve_both(s, req)
        s.sync(s.b, extra=("--publish", "requests,decisions,completed"))
        completed = os.path.join(s.folder, s.hb["workstation"], "completed")
        assert os.path.isfile(os.path.join(completed, req + ".pdf"))
        assert not os.path.exists(os.path.join(completed, req + ".report.json"))
        assert queued(s.b) >= 1
        # A takes the decision and the document all the same.
        r = s.sync(s.a)
        assert r["refused"] == 0, r
        assert s.a.json("request", "show", req)["state"] == "completed"
        # Unchanged while reports are left out (nothing written twice).
        s.sync(s.b, extra=("--publish", "requests,decisions,completed"))
        r = s.sync(s.b, extra=("--publish", "requests,decisions,completed"))
        assert r["published"] == 0 and queued(s.b) >= 1, r
        r = s.sync(s.b)
        assert os.path.isfile(os.path.join(completed, req + ".report.json"))
        assert os.path.isfile(os.path.join(completed, req + ".report.pdf"))
        assert queued(s.b) == 0
        r = s.sync(s.b)
        assert r["published"] == 0, r
    finally:
        s.cleanup()


def test_matter_folders():
    s = Site()
    try:
        # Typed with a decomposed é and a path in it: one NFC folder, no escape.
        matter = "Café Lumière v. 仲裁委员会 2026/17 ../../outside"
        nfd = unicodedata.normalize("NFD", matter)
        expect = unicodedata.normalize("NFC", "Café_Lumière_v._仲裁委员会_2026_17_outside")
        req, doc = s.request(matter=nfd)
        r = s.sync(s.a, extra=("--matter-folders",))
        adir = os.path.join(s.folder, s.ha["workstation"])
        assert os.listdir(os.path.join(adir, "requests")) == [expect], os.listdir(os.path.join(adir, "requests"))
        assert os.path.isfile(os.path.join(adir, "requests", expect, req + ".json"))
        assert os.path.isfile(os.path.join(adir, "requests", expect, req + ".pdf"))
        assert published_paths(s, s.ha)[("request", req)] == "requests/" + expect + "/" + req + ".json"
        assert not os.path.exists(os.path.join(s.root, "outside"))
        # B reads from the matter folder (B itself has matter folders off).
        r = s.sync(s.b)
        assert r["refused"] == 0, r
        assert s.b.json("request", "show", req)["state"] == "pending"
        # B completes it into completed/MATTER/; A takes it, it verifies.
        approve_both(s, req)
        s.sync(s.b, extra=("--matter-folders",))
        bdone = os.path.join(s.folder, s.hb["workstation"], "completed", expect)
        assert sorted(os.listdir(bdone)) == sorted([req + ".pdf", req + ".report.json", req + ".report.pdf"]), \
            os.listdir(bdone)
        r = s.sync(s.a, extra=("--matter-folders",))
        assert r["refused"] == 0, r
        got = s.a.json("request", "show", req)
        assert got["state"] == "completed", got
        code, rep = our_verify(s.a, got["output"], s.people.ca)
        assert code == 0, rep
        # Twice changes nothing; a conflict copy in a matter folder is reported.
        for ws in (s.a, s.b):
            s.sync(ws, extra=("--matter-folders",))
            r = s.sync(ws, extra=("--matter-folders",))
            assert r["published"] == 0 and r["imported"] == 0 and r["refused"] == 0, r
        with open(os.path.join(bdone, req + ".sync-conflict-20260101-120000-ABCDEFG.pdf"), "wb") as f:
            f.write(b"%PDF-1.7 other version")
        r = s.sync(s.a)
        assert r["conflicts"] >= 1 and r["imported"] == 0, r

        # Names nothing of which is usable, and names Windows reserves.
        for i, (m, folder) in enumerate((("///", None), ("CON", "CON_"), ("com1.txt", "com1_.txt"),
                                         ("\u202e\u0301", None), ("x" * 300, "x" * 100))):
            rq, _ = s.request(name=f"doc{i}.pdf", matter=m)
            s.sync(s.a, extra=("--matter-folders",))
            path = published_paths(s, s.ha)[("request", rq)]
            assert path == (f"requests/{folder}/{rq}.json" if folder else f"requests/{rq}.json"), (m, path)
    finally:
        s.cleanup()


def test_hostile_matter_folders():
    s = Site()
    try:
        os.makedirs(os.path.join(s.root, "outside", "req"))
        s.sync(s.b)
        f = Forger(s)
        link = os.path.join(f.dir, "requests", "Smith")
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.join(s.root, "outside"), link)
        with open(os.path.join(s.root, "outside", "req", "req-1.json"), "wb") as fh:
            fh.write(b"{}")
        cases = [
            ("matter folder a symlink", "requests/Smith/req/req-1.json"),
            ("matter folder a symlink", "requests/Smith/req-1.json"),
            ("matter folder ..", "requests/../req-1.json"),
            ("matter folder ..", "requests/../../../outside/req/req-1.json"),
            ("matter folder decomposed", "requests/Cafe\u0301/req-1.json"),
            ("matter folder right-to-left override", "requests/ab\u202ecd/req-1.json"),
            ("matter folder with a backslash", "requests/a\\..\\b/req-1.json"),
            ("matter folder starting with a mark", "requests/\u0301ab/req-1.json"),
            ("matter folder hidden", "requests/.git/req-1.json"),
            ("matter folder reserved by Windows", "requests/NUL/req-1.json"),
            ("matter folder under decisions", "decisions/Smith2/req-1.json"),
            ("four components", "requests/a/b/req-1.json"),
            ("fullwidth solidus", "requests/a\uff0f..\uff0fb/req-1.json"),
        ]
        for i, (what, path) in enumerate(cases):
            m = f.manifest()
            ref = "req-%08x" % (i + 1)
            data = b'{"content":"{}","format":"sealdesk-request","signature":"%d","version":1}' % i
            sha = hashlib.sha256(data).hexdigest()
            m["objects"].append({"kind": "request", "ref": ref, "path": path, "size": len(data), "sha256": sha})
            m["objects"].append({"kind": "request-document", "ref": ref, "path": path[:-5] + ".pdf",
                                 "size": 4, "sha256": "0" * 64})
            n = len(refusals(s.a))
            f.write(m)
            snap = listing(s.root)
            r = s.sync(s.a)
            bad = synclib.changed_outside(snap, listing(s.root), ["A" + os.sep + "home",
                                                                 os.path.join("shared", s.ha["workstation"])])
            assert bad == [], f"{what}: written outside: {bad}"
            assert r["refused"] >= 1 and r["imported"] == 0, (what, r)
            assert len(refusals(s.a)) > n, what
            assert s.a.run("request", "show", ref, expect=None).returncode != 0, what
        # A good name in a matter folder from the same hostile peer still
        # goes through every check: a request signed by nobody is refused.
        m = f.manifest()
        data = b'{"content":"{}","format":"sealdesk-request","signature":"","version":1}'
        f.add_file(m, "request", "req-0000aaaa", "requests/仲裁/req-0000aaaa.json", data)
        f.add_file(m, "request-document", "req-0000aaaa", "requests/仲裁/req-0000aaaa.pdf", b"%PDF")
        f.write(m)
        r = s.sync(s.a)
        assert r["refused"] >= 1 and r["imported"] == 0, r
        assert s.a.run("request", "show", "req-0000aaaa", expect=None).returncode != 0
    finally:
        s.cleanup()


tap = Tap()
tap.run("what is left out of a pass waits and goes out later; heads always", test_publish_choice)
tap.run("a folder per matter, any script, written and read back, verified", test_matter_folders)
tap.run("matter folders of a hostile peer never lead outside", test_hostile_matter_folders)
tap.done()
