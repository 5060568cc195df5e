#!/usr/bin/env python3
"""Hostile shared folders: whatever is written there, nothing is taken that
should not be, refusals are recorded in the ledger, and nothing is written
outside the folder of the workstation and its data directory."""

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import stat
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


def sync_refused_once(s, what, reason=None):
    """A's pass refuses something new (recorded in its ledger), writes
    nothing outside its data folder and its own folder, and a second pass
    refuses nothing again."""
    before_ref = len(refusals(s.a))
    snap = listing(s.root)
    r = s.sync(s.a)
    bad = synclib.changed_outside(snap, listing(s.root), ["A" + os.sep + "home", os.path.join("shared", s.ha["workstation"])])
    assert bad == [], f"{what}: written outside: {bad}"
    new = refusals(s.a)[before_ref:]
    assert r["refused"] >= 1 and new, f"{what}: {r}"
    if reason is not None:
        assert any(reason in e["details"]["reason"] for e in new), f"{what}: {[e['details'] for e in new]}"
    n = len(refusals(s.a))
    r = s.sync(s.a)
    assert r["refused"] == 0 and len(refusals(s.a)) == n, f"{what}: refused twice: {r}"


def test_classes():
    """Every class of hostile file system object and JSON, once each."""
    s = Site()
    try:
        outside = os.path.join(s.root, "outside")
        os.makedirs(outside)
        req, doc = s.request()
        s.sync(s.a)
        s.sync(s.b)
        s.b.run("request", "approve", req, "--as", "partner", "--pin-env", "PIN")
        s.sync(s.b)
        s.sync(s.a)
        f = Forger(s)
        good = f.manifest()
        decisions = os.path.join(f.dir, "decisions")
        n = [0]

        def point_at(relpath, size=10, sha=None, kind="decision"):
            n[0] += 1
            good["serial"] += 1   # Forger.write adds one more: each newer than the last
            m = json.loads(json.dumps(good))
            m["objects"].append({"kind": kind, "ref": f"c{n[0]}", "path": relpath, "size": size,
                                 "sha256": sha or hashlib.sha256(relpath.encode("utf-8", "surrogateescape")).hexdigest()})
            f.write(m)

        # File system objects a manifest points at.
        os.mkfifo(os.path.join(decisions, "fifo2.json"))
        point_at("decisions/fifo2.json")
        sync_refused_once(s, "FIFO", "not a regular file")
        try:
            os.mknod(os.path.join(decisions, "null.json"), stat.S_IFCHR | 0o600, os.makedev(1, 3))
            point_at("decisions/null.json")
            sync_refused_once(s, "character device", "not a regular file")
        except PermissionError:
            print("# no character device: mknod not permitted", flush=True)
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(os.path.join(decisions, "sock.json"))
        point_at("decisions/sock.json")
        sync_refused_once(s, "socket")
        sock.close()
        body = b'{"x":1}'
        with open(os.path.join(outside, "x.json"), "wb") as fh:
            fh.write(body)
        os.symlink(outside, os.path.join(f.dir, "linked"))
        point_at("linked/x.json", len(body), hashlib.sha256(body).hexdigest())
        sync_refused_once(s, "symlinked folder", "symbolic link")
        body = b'{"y":2}'
        with open(os.path.join(outside, "y.json"), "wb") as fh:
            fh.write(body)
        os.link(os.path.join(outside, "y.json"), os.path.join(decisions, "hardlink.json"))
        point_at("decisions/hardlink.json", len(body), hashlib.sha256(body).hexdigest())
        sync_refused_once(s, "hard link to a file outside", "hard links")

        # Names: control characters, a newline, very long (invalid UTF-8
        # cannot be in a manifest: see the manifests below).
        for name in ("decisions/a\x01b.json", "decisions/two\nlines.json",
                     "decisions/" + "n" * 300 + ".json", "decisions/" + "長" * 100 + ".json"):
            path = os.path.join(f.dir, name)
            try:
                with open(path.encode("utf-8", "surrogateescape"), "wb") as fh:
                    fh.write(b"{}")
            except OSError:
                pass   # longer than the file system allows: the manifest still names it
            point_at(name)
            sync_refused_once(s, f"name {name[:40]!r}", "not allowed")
        # Names in the folder that no manifest names: listed, never opened.
        for raw in (b"odd\x01name", b"new\nline.sync-conflict-1", b"bad\xff\xfe", b"x" * 255):
            with open(os.path.join(f.dir.encode(), raw), "wb") as fh:
                fh.write(b"")
        r = s.sync(s.a)
        assert r["refused"] == 0, r
        assert all("\n" not in m for m in r["messages"]), r["messages"]

        # Manifests that are not one: a folder, a FIFO, too large, too deep,
        # duplicate keys, numbers out of range, invalid UTF-8.
        manifest = os.path.join(f.dir, "manifest.json")
        signed = open(manifest, "rb").read()

        def replace_manifest(make):
            if os.path.isdir(manifest) and not os.path.islink(manifest):
                os.rmdir(manifest)
            elif os.path.lexists(manifest):
                os.unlink(manifest)
            make()

        def raw(data):
            def write():
                with open(manifest, "wb") as fh:
                    fh.write(data)
            return write

        text = signed.decode()
        cases = [
            ("a folder", lambda: os.mkdir(manifest), "not a regular file"),
            ("a FIFO", lambda: os.mkfifo(manifest), "not a regular file"),
            ("larger than 16 MiB", raw(b" " * (17 * 1024 * 1024)), "larger"),
            ("deeply nested", raw(b'{"a":' * 10000 + b"1" + b"}" * 10000), None),
            ("duplicate keys", raw(text.replace('{"consistency"', '{"serial":999999,"consistency"', 1).encode()), None),
            ("a number out of range", raw(text.replace('"serial":', '"serial":99999999999999999999999', 1).encode()), None),
            ("a size out of range", raw(text.replace('"size":', '"size":1e400,"x":', 1).encode()), None),
            ("invalid UTF-8", raw(text.replace('"format"', '"\xff\xfe"', 1).encode("utf-8", "surrogateescape")
                                  .replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe")), None),
        ]
        for what, make, reason in cases:
            replace_manifest(make)
            sync_refused_once(s, f"manifest: {what}", reason)
            replace_manifest(raw(signed))
            r = s.sync(s.a)
            assert r["refused"] == 0, (what, r)

        # A peer's whole folder a symbolic link.
        shutil.move(f.dir, f.dir + "-real")
        os.symlink(f.dir + "-real", f.dir)
        sync_refused_once(s, "peer folder a symbolic link", "link")
        os.unlink(f.dir)
        shutil.move(f.dir + "-real", f.dir)
        assert s.a.json("request", "show", req)["state"] == "approved"
        assert sorted(os.listdir(outside)) == ["x.json", "y.json"], os.listdir(outside)
    finally:
        s.cleanup()


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


def test_odd_types():
    """A manifest signed by the peer, well formed, but with elements of
    another type where the reader looks inside (tree heads witnessed,
    consistency proofs): they are passed over, the real ones still count."""
    s = Site()
    try:
        clerk = s.people.person("clerk")
        s.b.run("profile", "add", "clerk", "--role", "approver", "--key", clerk["id"], "--pin-env", "PIN")
        s.sync(s.b)   # a longer ledger, with its consistency proof from the head A witnessed
        f = Forger(s)
        m = f.manifest()
        assert m["consistency"], m
        m["witnessed"] = ["x", 1, [], {"workstation": [], "tree_size": {}},
                          {"workstation": s.ha["workstation"], "tree_size": "9"}] + m["witnessed"]
        m["consistency"] = [7, "x", [], {"old_size": [], "tree_size": {}, "proof": "x"},
                            {"old_size": s.hb["tree_size"], "tree_size": [], "proof": []}] + m["consistency"]
        f.write(m)
        r = s.sync(s.a)
        assert r["refused"] == 0, r
        # The real proof after the odd ones still took A to B's new head.
        peers = {p["workstation"]: p for p in s.a.json("sync", "peer", "list")}
        head = peers[s.hb["workstation"]]["witnessed_head"]
        assert head["tree_size"] == s.b.json("ledger", "head")["tree_size"] > s.hb["tree_size"], (head, s.hb)
        s.a.run("ledger", "verify")
    finally:
        s.cleanup()


def forge_request(s, forger, req, new_id, lock, reverse_steps):
    """A copy of A's published request @req under @new_id, its content
    changed and signed again with the requester's own key (as a requester
    could do with a modified Sealdesk), published in A's manifest."""
    m = forger.manifest()
    objs = {(o["kind"], o["ref"]): o for o in m["objects"]}
    with open(os.path.join(forger.dir, objs[("request", req)]["path"]), "rb") as fh:
        env = json.loads(fh.read())
    with open(os.path.join(forger.dir, objs[("request-document", req)]["path"]), "rb") as fh:
        pdf = fh.read()
    content = json.loads(env["content"])
    content["id"] = new_id
    content["lock"] = lock
    if reverse_steps:
        content["steps"] = content["steps"][::-1]
    text = canonical(content).decode()
    lawyer_key = os.path.join(s.people.dir, "lawyer.key")
    forged = dict(env, content=text, signature=sign(lawyer_key, text.encode(), s.root))
    forger.add_file(m, "request-document", new_id, "requests/" + new_id + ".pdf", pdf)
    forger.add_file(m, "request", new_id, "requests/" + new_id + ".json", canonical(forged))
    forger.write(m)


def test_imported_lock_rule():
    """`request create --lock` refuses a last step that can end without a
    signature; a request that comes through sync is held to the same rule:
    B refuses it (recorded in its ledger) and knows no such request."""
    s = Site()
    try:
        req, doc = s.request()
        s.sync(s.a)
        # A's folder rewritten with A's ledger key: a workstation that went rogue.
        f = Forger(s)
        f.dir = os.path.join(s.folder, s.ha["workstation"])
        f.key = os.path.join(s.a.home, "ledger-key.pem")

        # Steps reversed (the approval last), no lock: taken, so the forging itself is sound.
        plain = "req-" + "0123456789abcdef"
        forge_request(s, f, req, plain, lock=False, reverse_steps=True)
        r = s.sync(s.b)
        assert r["refused"] == 0, r
        shown = s.b.json("request", "show", plain)
        assert shown["lock"] is False and shown["steps"][-1]["kind"] == "approve", shown

        # The same with a lock: the document would stay unlocked after the approval.
        locked = "req-" + "fedcba9876543210"
        before = len(refusals(s.b))
        forge_request(s, f, req, locked, lock=True, reverse_steps=True)
        r = s.sync(s.b)
        assert r["refused"] >= 1, r
        new = refusals(s.b)[before:]
        assert any("locks the document" in e["details"]["reason"] for e in new), [e["details"] for e in new]
        assert s.b.run("request", "show", locked, expect=None).returncode != 0
        # Refused once, not at every pass.
        n = len(refusals(s.b))
        r = s.sync(s.b)
        assert r["refused"] == 0 and len(refusals(s.b)) == n, r
        # A lock with the signing step last is taken.
        good = "req-" + "00112233aabbccdd"
        forge_request(s, f, req, good, lock=True, reverse_steps=False)
        r = s.sync(s.b)
        assert r["refused"] == 0, r
        assert s.b.json("request", "show", good)["lock"] is True
    finally:
        s.cleanup()


def png_header(width, height):
    """The first bytes of a PNG (signature, IHDR) claiming width × height;
    no pixels follow: the import must not need them to refuse it."""
    import struct
    import zlib
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def test_oversized_seal_picture():
    """A seal whose synced picture claims 60,000 × 60,000 pixels is refused
    when synced (a refusal in the ledger, once), before anything decodes
    it; the seal keeps its picture, and the rest of the same pass (a new
    seal) is taken."""
    s = Site()
    try:
        before = s.a.json("seal", "show", s.seal)
        other = s.b.json("seal", "generate", "--org", "Firm", "--title", "Other seal", "--name", "Other seal",
                         "--kind", "contract", "--key", s.people.person("keeper")["id"], "--as", "keeper")["id"]
        s.sync(s.b)
        f = Forger(s)
        m = f.manifest()
        picture = [o for o in m["objects"] if o["kind"] == "seal-image" and o["ref"] == s.seal]
        assert len(picture) == 1, m["objects"]
        m["objects"].remove(picture[0])
        f.add_file(m, "seal-image", s.seal, "seals/huge.png", png_header(60000, 60000))
        f.write(m)
        sync_refused_once(s, "oversized seal picture", reason="60000 × 60000 pixels")
        after = s.a.json("seal", "show", s.seal)
        assert after["image_sha256"] == before["image_sha256"], (before, after)
        assert s.a.json("seal", "show", other)["name"] == "Other seal"
    finally:
        s.cleanup()


tap = Tap()
tap.run("hostile folder contents refused, recorded once, nothing written outside", test_hostile)
tap.run("every class of hostile object and JSON refused once, nothing written outside", test_classes)
tap.run("a copy made mid-write is imported only once complete", test_incomplete)
tap.run("a ledger rewritten from scratch is caught by the peer", test_rewritten_ledger)
tap.run("wrongly typed elements of a signed manifest are passed over", test_odd_types)
tap.run("an imported request that locks the document must end with a signing step", test_imported_lock_rule)
tap.run("a synced seal picture too large is refused when synced, the rest taken", test_oversized_seal_picture)
tap.done()
