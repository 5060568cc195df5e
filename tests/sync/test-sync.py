#!/usr/bin/env python3
"""Two workstations and one shared folder: a request goes out, is decided
and stamped on the other workstation, and comes back verified."""

import os
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


tap = Tap()
tap.run("round trip A → B → A, twice changes nothing", test_round_trip)
tap.done()
