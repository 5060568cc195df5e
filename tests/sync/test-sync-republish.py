#!/usr/bin/env python3
"""What a workstation published and then lost from the shared folder (a
file deleted, truncated or replaced, its folder emptied or swapped for an
older copy) is written again by its next pass: the publisher compares the
folder with what it published, not only its queue."""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synclib  # noqa: E402
from synclib import Site, Tap, listing  # noqa: E402


def files_of(folder):
    """The files below @folder but the manifest (its serial moves on); the
    verification reports by name only (made again, they carry a new time)."""
    return {k: (v if ".report." not in k else "report") for k, v in listing(folder).items()
            if v[0] == "file" and k != "manifest.json"}


def settle(s, ws):
    """A pass and the one after it (whose manifest drops the consistency
    proof from the size published before), then one that finds nothing to do."""
    r = s.sync(ws)
    s.sync(ws)
    again = s.sync(ws)
    assert again["published"] == 0 and again["refused"] == 0, again
    return r


def test_republish():
    s = Site()
    try:
        req, doc = s.request()
        s.sync(s.a)
        s.sync(s.b)
        s.b.run("request", "approve", req, "--as", "partner", "--pin-env", "PIN")
        s.sync(s.b)
        bdir = os.path.join(s.folder, s.hb["workstation"])
        older = os.path.join(s.root, "older-copy")
        shutil.copytree(bdir, older, symlinks=True)
        s.b.run("request", "approve", req, "--as", "keeper", "--pin-env", "PIN")
        settle(s, s.b)
        settle(s, s.a)
        assert s.a.json("request", "show", req)["state"] == "completed"
        adir = os.path.join(s.folder, s.ha["workstation"])
        a_files, b_files = files_of(adir), files_of(bdir)
        kinds = {k.split(os.sep)[0] for k in b_files}
        assert {"decisions", "documents", "completed", "seals"} <= kinds, sorted(b_files)

        # One file deleted, one truncated, one replaced by as many other bytes.
        pdf = os.path.join("requests", req + ".pdf")
        os.unlink(os.path.join(adir, pdf))
        r = settle(s, s.a)
        assert r["published"] >= 1 and pdf in "\n".join(r["messages"]), r
        assert files_of(adir) == a_files
        report = os.path.join(bdir, "completed", req + ".report.json")
        with open(report, "r+b") as fh:
            fh.truncate(10)
        decision = next(k for k in b_files if k.startswith("decisions" + os.sep))
        with open(os.path.join(bdir, decision), "r+b") as fh:
            n = len(fh.read())
            fh.seek(0)
            fh.write(b"x" * n)
        r = settle(s, s.b)
        assert r["published"] >= 2, r
        assert files_of(bdir) == b_files, sorted(set(files_of(bdir).items()) ^ set(b_files.items()))

        # The whole folder emptied.
        shutil.rmtree(bdir)
        os.makedirs(bdir)
        r = settle(s, s.b)
        assert files_of(bdir) == b_files
        assert os.path.isfile(os.path.join(bdir, "manifest.json"))

        # The folder swapped for an older copy of itself (a restored backup).
        shutil.rmtree(bdir)
        shutil.copytree(older, bdir, symlinks=True)
        r = settle(s, s.b)
        assert files_of(bdir) == b_files
        # The peer takes the new manifest (a newer serial): nothing refused.
        r = s.sync(s.a)
        assert r["refused"] == 0, r
        assert synclib.refusals(s.a) == [], synclib.refusals(s.a)

    finally:
        s.cleanup()


tap = Tap()
tap.run("lost, truncated or replaced published files are published again", test_republish)
tap.done()
