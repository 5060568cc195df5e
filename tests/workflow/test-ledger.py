#!/usr/bin/env python3
"""The seal-use ledger against someone with write access to the database
(the sqlite3 tool), and its proofs checked by an independent RFC 9162
checker (TAP)."""

import copy
import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wflib import (Skip, Tap, Workspace, People, check_head_signature,  # noqa: E402
                   check_proof_independently, copy_fixture, make_token, need, self_test_rfc9162)


def build_ledger(ws, people):
    """About 25 entries made by real commands."""
    for name, role in (("lawyer", "requester"), ("partner", "approver"), ("keeper", "seal-keeper")):
        p = people.person(name)
        ws.run("profile", "add", name, "--role", role, "--key", p["id"], "--pin-env", "PIN")
    key = people.person("seal")["id"]
    seal = ws.json("seal", "generate", "--org", "某某公司", "--name", "Company seal", "--key", key)["id"]
    ws.run("seal", "grant", seal, "--to", "lawyer", "--may", "request")
    ws.run("seal", "grant", seal, "--to", "partner", "--may", "approve")
    ws.run("seal", "grant", seal, "--to", "keeper", "--may", "use")
    for i in range(3):
        doc = copy_fixture(ws, "xref-table.pdf", f"doc{i}.pdf")
        rid = ws.json("request", "create", doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", f"Contract {i}",
                      "--seal", seal, "--rect", "300,80,100,100",
                      "--step", "approve:partner", "--step", "stamp:keeper")["id"]
        ws.run("request", "approve", rid, "--as", "partner", "--pin-env", "PIN")
        ws.run("request", "approve", rid, "--as", "keeper", "--pin-env", "PIN")
    ws.run("seal", "suspend", seal, "--reason", "lost")
    ws.run("seal", "restore", seal, "--reason", "found")
    return ws.json("ledger", "list")["tree_size"]


def tampered_copy(ws, name, sql):
    """A copy of the workspace with @sql applied by the sqlite3 tool."""
    need("sqlite3")
    copy_ws = Workspace(ws.path(name))
    shutil.copytree(ws.home, copy_ws.home)
    r = subprocess.run(["sqlite3", copy_ws.db, sql], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return copy_ws


def expect_bad(copy_ws, entry):
    r = copy_ws.run("ledger", "verify", "--json", expect=1)
    verdict = json.loads(r.stdout)
    assert not verdict["valid"], verdict
    assert verdict["first_bad_entry"] == entry, (entry, verdict)
    text = copy_ws.run("ledger", "verify", expect=1)
    assert f"entry {entry}" in text.stderr, text.stderr


def tampering():
    ws = Workspace()
    try:
        people = People(ws.dir)
        n = build_ledger(ws, people)
        assert n >= 20, n
        ws.run("ledger", "verify")
        k = 8
        with sqlite3.connect(ws.db) as db:
            text_k = db.execute("SELECT entry FROM ledger_entry WHERE seq = ?", (k,)).fetchone()[0]
            text_11 = db.execute("SELECT entry FROM ledger_entry WHERE seq = 11").fetchone()[0]
        assert '"seq":8' in text_k
        q = lambda s: s.replace("'", "''")  # noqa: E731

        # editing an entry's text
        edited = text_k.replace('"kind":"', '"kind":"x', 1)
        expect_bad(tampered_copy(ws, "edit", f"UPDATE ledger_entry SET entry = '{q(edited)}' WHERE seq = {k}"), k)
        # editing it and its stored hash consistently: the signed heads catch it
        import hashlib
        leaf = hashlib.sha256(b"\x00" + edited.encode()).hexdigest()
        expect_bad(tampered_copy(ws, "edit-hash",
                                 f"UPDATE ledger_entry SET entry = '{q(edited)}', leaf_hash = x'{leaf}' WHERE seq = {k};"), k)
        # deleting a row, in the middle and at the end
        expect_bad(tampered_copy(ws, "delete", f"DELETE FROM ledger_entry WHERE seq = {k}"), k)
        expect_bad(tampered_copy(ws, "delete-last", f"DELETE FROM ledger_entry WHERE seq = {n}"), n)
        # reordering: two rows swap their entries
        expect_bad(tampered_copy(ws, "swap",
                                 f"UPDATE ledger_entry SET entry = CASE seq WHEN {k} THEN '{q(text_11)}' "
                                 f"ELSE '{q(text_k)}' END WHERE seq IN ({k}, 11)"), k)
        # inserting: renumber the rows from k on and put a forged row at k
        forged = text_k.replace('"seq":8', '"seq":8', 1).replace("某", "另", 1)
        expect_bad(tampered_copy(ws, "insert",
                                 f"UPDATE ledger_entry SET seq = seq + 100000 WHERE seq >= {k};"
                                 f"UPDATE ledger_entry SET seq = seq - 100000 + 1 WHERE seq >= 100000;"
                                 f"INSERT INTO ledger_entry (seq, entry, leaf_hash) VALUES ({k}, '{q(forged)}', x'00');"), k)
        # inserting at the end, without a signed head
        extra = text_k.replace('"seq":8', f'"seq":{n + 1}', 1)
        leaf = hashlib.sha256(b"\x00" + extra.encode()).hexdigest()
        expect_bad(tampered_copy(ws, "append",
                                 f"INSERT INTO ledger_entry (seq, entry, leaf_hash) VALUES ({n + 1}, '{q(extra)}', x'{leaf}')"),
                   n + 1)
        ws.run("ledger", "verify")
    finally:
        ws.cleanup()


def rebuilt_from_scratch():
    ws = Workspace()
    try:
        people = People(ws.dir)
        build_ledger(ws, people)
        saved = ws.path("saved-head.json")
        ws.run("ledger", "head", "-o", saved)
        ws.run("ledger", "verify", "--head", saved)
        # more work later still extends the saved head
        ws.run("seal", "list")
        doc = copy_fixture(ws, "xref-table.pdf", "later.pdf")
        ws.run("profile", "add", "late", "--role", "signer", "--key", people.person("late")["id"], "--pin-env", "PIN")
        ws.run("ledger", "verify", "--head", saved)
        assert doc

        # Someone rebuilds the ledger from scratch, consistently: a new
        # database made by replaying similar commands, with the old ledger
        # key file kept.
        key_file = os.path.join(ws.home, "ledger-key.pem")
        shutil.copyfile(key_file, ws.path("key.bak"))
        shutil.rmtree(ws.home)
        os.makedirs(ws.home)
        shutil.copyfile(ws.path("key.bak"), key_file)
        build_ledger(ws, People(ws.path("people2")))
        ws.run("ledger", "verify")          # consistent in itself
        r = ws.run("ledger", "verify", "--head", saved, expect=1)
        assert "saved tree head" in r.stderr, r.stderr
    finally:
        ws.cleanup()


def proofs():
    ws = Workspace()
    try:
        self_test_rfc9162()
        people = People(ws.dir)
        n = build_ledger(ws, people)
        head = ws.json("ledger", "head")
        assert head["tree_size"] == n and check_head_signature(head, ws.dir)
        for seq in (1, 2, 7, n // 2, n - 1, n):
            out = ws.path(f"proof-{seq}.json")
            ws.run("ledger", "prove", str(seq), "-o", out)
            proof = json.load(open(out))
            assert check_proof_independently(proof, ws.dir), seq
            ws.run("ledger", "check-proof", out)

        base = json.load(open(ws.path("proof-7.json")))
        altered = []
        p = copy.deepcopy(base)
        p["entry"] = p["entry"].replace('"kind":"', '"kind":"x', 1)
        altered.append(("entry", p))
        p = copy.deepcopy(base)
        p["audit_path"][0] = "00" * 32
        altered.append(("path", p))
        p = copy.deepcopy(base)
        p["tree_size"] += 1
        altered.append(("size", p))
        p = copy.deepcopy(base)
        sig = p["tree_head"]["signature"]
        p["tree_head"]["signature"] = ("A" if sig[0] != "A" else "B") + sig[1:]
        altered.append(("signature", p))
        p = copy.deepcopy(base)
        p["tree_head"]["root_hash"] = "11" * 32
        altered.append(("root", p))
        for what, proof in altered:
            path = ws.path(f"bad-{what}.json")
            json.dump(proof, open(path, "w"))
            assert not check_proof_independently(proof, ws.dir), what
            ws.run("ledger", "check-proof", path, expect=1)
        with open(ws.path("garbage.json"), "w") as f:
            f.write("{not json")
        ws.run("ledger", "check-proof", ws.path("garbage.json"), expect=2)

        for fmt in ("csv", "json"):
            out = ws.path(f"ledger.{fmt}")
            ws.run("ledger", "export", f"--{fmt}", "-o", out)
            sig = json.load(open(out + ".sig.json"))
            import hashlib
            assert sig["sha256"] == hashlib.sha256(open(out, "rb").read()).hexdigest()
            assert check_head_signature(sig, ws.dir), "the export's signature"
            assert check_head_signature(sig["tree_head"], ws.dir)
        rows = open(ws.path("ledger.csv"), encoding="utf-8").read().splitlines()
        assert rows[0].startswith("seq,time,kind") and len(rows) == n + 1, len(rows)
        exported = json.load(open(ws.path("ledger.json")))
        assert len(exported["entries"]) == n + 1    # the CSV export is an entry too
        # Without --csv or --json the file name's extension says which.
        ws.run("ledger", "export", "-o", ws.path("by-name.CSV"))
        assert open(ws.path("by-name.CSV"), encoding="utf-8").readline().startswith("seq,time,kind")
        ws.run("ledger", "export", "-o", ws.path("by-name.json"))
        assert len(json.load(open(ws.path("by-name.json")))["entries"]) == n + 3
        for name in ("ledger.txt", "ledger", "csv"):
            ws.fail("ledger", "export", "-o", ws.path(name), contains="--csv or --json")
            assert not os.path.exists(ws.path(name))
        ws.fail("ledger", "export", "--csv", "--json", "-o", ws.path("both.csv"), contains="--csv or --json")
        assert not os.path.exists(ws.path("both.csv"))
        assert ws.json("ledger", "list")["entries"][-1]["kind"] == "export"
        ws.run("ledger", "verify")
    finally:
        ws.cleanup()


def token_ledger_key():
    ws = Workspace()
    try:
        people = People(ws.dir)
        station = people.person("station", "Workstation ledger key")
        uri = make_token(ws, station, "Ledger")
        ws.run("ledger", "use-key", uri, "--pin-env", "TOKEN_PIN")
        # every change now signs its head on the token
        lawyer = people.person("lawyer")
        ws.fail("profile", "add", "lawyer", "--role", "requester", "--key", lawyer["id"], "--pin-env", "PIN",
                contains="SEALDESK_LEDGER_PIN")
        ws.run("profile", "add", "lawyer", "--role", "requester", "--key", lawyer["id"], "--pin-env", "PIN",
               env={"SEALDESK_LEDGER_PIN": ws.env["TOKEN_PIN"]})
        ws.run("ledger", "verify")
        head = ws.json("ledger", "head")
        assert head["tree_size"] == 1 and check_head_signature(head, ws.dir)
        import base64
        import subprocess as sp
        spki = sp.run(["openssl", "x509", "-in", station["cert"], "-pubkey", "-noout"], capture_output=True,
                      text=True, check=True).stdout
        der = base64.b64decode("".join(l for l in spki.splitlines() if "-----" not in l))
        assert base64.b64decode(head["public_key"]) == der, "the head is not signed by the token's key"
        # the key is chosen once, before the first entry
        ws.fail("ledger", "use-key", uri, "--pin-env", "TOKEN_PIN", contains="first entry")
    finally:
        ws.cleanup()


if __name__ == "__main__":
    tap = Tap()
    tap.run("editing, deleting, reordering or inserting ledger rows is caught and the entry named", tampering)
    tap.run("a ledger rebuilt from scratch is caught by a saved tree head", rebuilt_from_scratch)
    tap.run("inclusion proofs, checked independently and by check-proof; signed exports", proofs)
    tap.run("a ledger key on a SoftHSM2 token signs the tree heads", token_ledger_key)
    tap.done()
