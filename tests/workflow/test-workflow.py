#!/usr/bin/env python3
"""The three workflows of the issue end to end through sealdesk-cli, with
real keys (PKCS#12 files and a SoftHSM2 token), checked by pdfsig, our
verifier and mutool (TAP).

  law firm     lawyer asks, partner approves, seal keeper stamps
  arbitration  three arbitrators sign in order, one dissents with an
               opinion, the institution's seal goes on last and locks
  transcript   every party signs (all of them), then the judge, then the
               clerk, each with a personal seal; locked
"""

import os
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wflib import (Skip, Tap, Workspace, People, copy_fixture, make_token, need,  # noqa: E402
                   our_verify, pdfsig_names, sha256_file)


def red_pixels_in(pdf, page, rect, folder, dpi=72):
    """How many clearly red pixels mutool draws inside @rect (points)."""
    need("mutool")
    png = os.path.join(folder, "page.ppm")
    subprocess.run(["mutool", "draw", "-q", "-r", str(dpi), "-o", png, pdf, str(page)],
                   check=True, capture_output=True)
    with open(png, "rb") as f:
        data = f.read()
    # P6 header: magic, width, height, maxval
    parts = data.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    pixels = parts[3]
    x, y, rw, rh = rect
    count = 0
    for py in range(int(h - (y + rh)), int(h - y)):
        for px in range(int(x), int(x + rw)):
            i = (py * w + px) * 3
            r, g, b = pixels[i], pixels[i + 1], pixels[i + 2]
            if r > 150 and g < 110 and b < 110:
                count += 1
    return count


def seal_id(ws, *args):
    return ws.json("seal", *args)["id"]


def law_firm(token):
    ws = Workspace()
    try:
        people = People(ws.dir)
        lawyer, partner, keeper = (people.person(n, f"{n.title()} Test") for n in ("lawyer", "partner", "keeper"))
        doc = copy_fixture(ws, "xref-table.pdf", "lease.pdf")
        before = sha256_file(doc)
        seal_key = make_token(ws, keeper) if token else keeper["id"]
        keeper_key = seal_key if token else keeper["id"]
        keeper_pin = "TOKEN_PIN" if token else "PIN"

        ws.run("profile", "add", "lawyer", "--role", "requester", "--key", lawyer["id"], "--pin-env", "PIN")
        ws.run("profile", "add", "partner", "--role", "approver", "--key", partner["id"], "--pin-env", "PIN")
        ws.run("profile", "add", "keeper", "--role", "seal-keeper", "--key", keeper_key, "--pin-env", keeper_pin)
        seal = seal_id(ws, "generate", "--org", "北京某某律师事务所", "--title", "合同专用章",
                       "--name", "Firm contract seal", "--kind", "contract", "--key", seal_key)
        ws.run("seal", "grant", seal, "--to", "lawyer", "--may", "request")
        ws.run("seal", "grant", seal, "--to", "partner", "--may", "approve")
        ws.run("seal", "grant", seal, "--to", "keeper", "--may", "use")

        rect = (380, 80, 120, 120)
        req = ws.json("request", "create", doc, "--as", "lawyer", "--pin-env", "PIN",
                      "--reason", "Lease of the office", "--matter", "2026-117",
                      "--seal", seal, "--page", "1", "--rect", ",".join(map(str, rect)),
                      "--step", "approve:partner", "--step", "stamp:keeper")
        assert req["state"] == "pending" and req["document"]["sha256"] == before
        # the keeper cannot jump the queue
        ws.fail("request", "approve", req["id"], "--as", "keeper", "--pin-env", keeper_pin, contains="turn")
        r = ws.json("request", "approve", req["id"], "--as", "partner", "--pin-env", "PIN")
        assert r["state"] == "approved", r["state"]
        r = ws.json("request", "approve", req["id"], "--as", "keeper", "--pin-env", keeper_pin)
        assert r["state"] == "completed", r
        out = r["output"]
        assert out == ws.path("lease-signed.pdf"), out
        assert sha256_file(doc) == before, "the original was changed"

        shown = ws.json("request", "show", req["id"])
        assert shown["output"] == out and [d["profile"] for d in shown["decisions"]] == ["partner", "keeper"]
        names, valid = pdfsig_names(out)
        assert names == ["Keeper Test"] and all(valid), (names, valid)
        code, report = our_verify(ws, out, people.ca)
        assert code == 0 and report["verdict"] == "valid", report
        assert red_pixels_in(out, 1, rect, ws.dir) > 500, "the seal is not visible"
        kinds = [e["kind"] for e in ws.json("ledger", "list")["entries"]]
        assert "seal-use" in kinds and kinds.count("decision") == 2, kinds
        ws.run("ledger", "verify")
    finally:
        ws.cleanup()


def arbitration():
    ws = Workspace()
    try:
        people = People(ws.dir)
        a = [people.person(f"a{i}", f"Arbitrator {i}") for i in (1, 2, 3)]
        sec = people.person("sec", "Commission Secretary")
        doc = copy_fixture(ws, "xref-stream.pdf", "award.pdf")
        for i, p in enumerate(a, 1):
            ws.run("profile", "add", f"a{i}", "--role", "signer", "--key", p["id"], "--pin-env", "PIN")
        ws.run("profile", "add", "sec", "--role", "requester", "--role", "seal-keeper", "--key", sec["id"],
               "--pin-env", "PIN")
        seal = seal_id(ws, "generate", "--org", "中国某某仲裁委员会", "--name", "Commission seal", "--key", sec["id"])
        ws.run("seal", "grant", seal, "--to", "sec", "--may", "request,use")

        # In order: three sign steps; the second arbitrator dissents.
        req = ws.json("request", "create", doc, "--as", "sec", "--pin-env", "PIN", "--reason", "Final award",
                      "--seal", seal, "--page", "1", "--rect", "300,72,120,120",
                      "--step", "sign:a1", "--step", "sign:a2,a3:all", "--step", "stamp:sec", "--lock")
        rid = req["id"]
        ws.fail("request", "approve", rid, "--as", "a3", "--pin-env", "PIN", contains="turn")
        ws.run("request", "approve", rid, "--as", "a1", "--pin-env", "PIN")
        opinion = ws.path("dissent.txt")
        with open(opinion, "w", encoding="utf-8") as f:
            f.write("I dissent: the tribunal lacked jurisdiction. 本人持异议。\n")
        ws.fail("request", "decline", rid, "--as", "a2", "--pin-env", "PIN", contains="opinion")
        ws.run("request", "decline", rid, "--as", "a2", "--pin-env", "PIN", "--opinion", opinion)
        ws.run("request", "approve", rid, "--as", "a3", "--pin-env", "PIN")
        final = ws.json("request", "approve", rid, "--as", "sec", "--pin-env", "PIN", "--out", ws.path("award-final.pdf"))
        assert final["state"] == "completed" and final["output"] == ws.path("award-final.pdf")

        names, valid = pdfsig_names(final["output"])
        assert names == ["Arbitrator 1", "Arbitrator 3", "Commission Secretary"], names
        assert all(valid), valid
        code, report = our_verify(ws, final["output"], people.ca)
        assert code == 0, report
        assert [s["signer"]["subject"].split("CN=")[1].split(",")[0] for s in report["signatures"]] == \
            ["Arbitrator 1", "Arbitrator 3", "Commission Secretary"]
        dissent = [d for d in final["decisions"] if d["action"] == "decline"]
        assert dissent and "本人持异议" in dissent[0]["opinion"], final["decisions"]
        assert any("本人持异议" in e["details"].get("opinion", "") for e in ws.json("ledger", "list")["entries"])

        # Locked: a further signature is a change the lock forbids, so the
        # signer refuses it (the verifier would call it not allowed).
        after = ws.path("after.pdf")
        ws.fail("sign", final["output"], "-o", after, "--p12", a[0]["p12"], "--pin-env", "PIN",
                contains="locked by the signature")
        assert not os.path.exists(after)
        # and the workflow takes no more decisions
        ws.fail("request", "approve", rid, "--as", "sec", "--pin-env", "PIN", contains="completed")
    finally:
        ws.cleanup()


def transcript():
    ws = Workspace()
    try:
        people = People(ws.dir)
        names = ["party1", "party2", "party3", "judge", "clerk"]
        who = {n: people.person(n, n.title()) for n in names + ["court"]}
        doc = copy_fixture(ws, "many-pages.pdf", "transcript.pdf")
        for n in names:
            ws.run("profile", "add", n, "--role", "signer", "--key", who[n]["id"], "--pin-env", "PIN")
        ws.run("profile", "add", "court", "--role", "requester", "--key", who["court"]["id"], "--pin-env", "PIN")
        args = []
        texts = {"party1": "张三", "party2": "李四", "party3": "王五", "judge": "赵六", "clerk": "孙七"}
        for i, n in enumerate(names):
            sid = seal_id(ws, "generate-name", "--text", texts[n], "--name", f"{n} name seal", "--key", who[n]["id"])
            ws.run("seal", "grant", sid, "--to", "court", "--may", "request")
            args += ["--seal", sid, "--page", "1", "--rect", f"{60 + i * 100},60,50,50"]
        req = ws.json("request", "create", doc, "--as", "court", "--pin-env", "PIN", "--reason", "Transcript",
                      *args, "--step", "sign:party1,party2,party3:all", "--step", "sign:judge",
                      "--step", "sign:clerk", "--lock")
        rid = req["id"]
        ws.fail("request", "approve", rid, "--as", "judge", "--pin-env", "PIN", contains="turn")
        for n in ["party2", "party3", "party1", "judge", "clerk"]:
            r = ws.json("request", "approve", rid, "--as", n, "--pin-env", "PIN")
        assert r["state"] == "completed", r
        signed, valid = pdfsig_names(r["output"])
        assert signed == ["Party2", "Party3", "Party1", "Judge", "Clerk"], signed
        assert all(valid)
        code, report = our_verify(ws, r["output"], people.ca)
        assert code == 0, report
        for i in range(5):
            assert red_pixels_in(r["output"], 1, (60 + i * 100, 60, 50, 50), ws.dir) > 100, f"name seal {i}"
        # Locked after the last signature: nothing more can be signed into it.
        after = ws.path("after-lock.pdf")
        ws.fail("sign", r["output"], "-o", after, "--p12", who["clerk"]["p12"], "--pin-env", "PIN",
                contains="locked by the signature")
        assert not os.path.exists(after)
        ends = [e for e in ws.json("ledger", "list")["entries"] if e["details"].get("action") == "request-complete"]
        assert ends[-1]["details"]["locked"] is True, ends
    finally:
        ws.cleanup()


def empty_field():
    """A seal into a document's existing empty signature field (a file from
    another producer, in the public corpus)."""
    corpus = os.environ.get("SEALDESK_CORPUS", "")
    src = os.path.join(corpus, "structure", "acroform-one-empty-signature-field.pdf")
    if not os.path.exists(src):
        raise Skip("the public corpus is not here")
    ws = Workspace()
    try:
        import shutil
        people = People(ws.dir)
        clerk, judge = people.person("clerk", "Clerk"), people.person("judge", "Judge")
        ws.run("profile", "add", "clerk", "--role", "requester", "--key", clerk["id"], "--pin-env", "PIN")
        ws.run("profile", "add", "judge", "--role", "signer", "--key", judge["id"], "--pin-env", "PIN")
        doc = ws.path("order.pdf")
        shutil.copyfile(src, doc)
        seal = seal_id(ws, "generate-name", "--text", "赵六", "--name", "Judge", "--key", judge["id"])
        ws.run("seal", "grant", seal, "--to", "clerk", "--may", "request")
        ws.fail("request", "create", doc, "--as", "clerk", "--pin-env", "PIN", "--reason", "Order",
                "--seal", seal, "--rect", "field:NoSuchField", "--step", "sign:judge", contains="NoSuchField")
        req = ws.json("request", "create", doc, "--as", "clerk", "--pin-env", "PIN", "--reason", "Order",
                      "--seal", seal, "--rect", "field:Sig1", "--step", "sign:judge")
        p = req["placements"][0]
        assert p["field"] == "Sig1" and p["page"] == 1, p
        r = ws.json("request", "approve", req["id"], "--as", "judge", "--pin-env", "PIN")
        names, valid = pdfsig_names(r["output"])
        assert names == ["Judge"] and all(valid), names
        out = subprocess.run(["pdfsig", r["output"]], capture_output=True, text=True).stdout
        assert "Signature Field Name: Sig1" in out, out
        code, report = our_verify(ws, r["output"], people.ca)
        assert code == 0 and report["signatures"][0]["field"] == "Sig1", report
        assert red_pixels_in(r["output"], 1, p["rect"], ws.dir) > 50, "the seal is not in the field"
    finally:
        ws.cleanup()


def direct_seal():
    """`sign --seal ID`: a seal of the library without a request, through the
    one sealing operation (seal state, ledger)."""
    ws = Workspace()
    try:
        people = People(ws.dir)
        keeper = people.person("keeper", "Keeper Test")
        doc = copy_fixture(ws, "xref-table.pdf", "deed.pdf")
        before = sha256_file(doc)
        seal = seal_id(ws, "generate", "--org", "北京某某律师事务所", "--name", "Firm seal", "--key", keeper["id"])
        out = ws.path("deed-signed.pdf")
        rect = (300, 100, 119, 119)
        ws.run("sign", doc, "-o", out, "--p12", keeper["p12"], "--pin-env", "PIN",
               "--seal", seal, "--page", "1", "--rect", ",".join(map(str, rect)), "--reason", "Deed")
        assert sha256_file(doc) == before, "the original was changed"
        names, valid = pdfsig_names(out)
        assert names == ["Keeper Test"] and all(valid), (names, valid)
        assert red_pixels_in(out, 1, rect, ws.dir) > 500, "the seal is not visible"
        entries = ws.json("ledger", "list")["entries"]
        uses = [e for e in entries if e["kind"] == "seal-use"]
        assert len(uses) == 1 and uses[0]["seal"] == seal, uses
        assert uses[0].get("document") == before, uses[0]
        assert any(e["kind"] == "key-use" for e in entries), entries
        ws.run("ledger", "verify")

        # A suspended seal is refused, and nothing is written.
        ws.run("seal", "suspend", seal, "--reason", "reported lost")
        out2 = ws.path("deed-signed-again.pdf")
        ws.fail("sign", doc, "-o", out2, "--p12", keeper["p12"], "--pin-env", "PIN",
                "--seal", seal, "--page", "1", "--rect", "300,100,119,119", contains="suspended")
        assert not os.path.exists(out2), "a refused sealing left a file"
        assert len([e for e in ws.json("ledger", "list")["entries"] if e["kind"] == "seal-use"]) == 1
        # An unknown ID is said so.
        ws.fail("sign", doc, "-o", out2, "--p12", keeper["p12"], "--pin-env", "PIN",
                "--seal", "no-such-seal", "--page", "1", "--rect", "300,100,119,119")
    finally:
        ws.cleanup()


def plain_sign():
    """`sign` without a seal of the library (invisible, or a PNG picture):
    through the one sealing operation too, so the ledger gains exactly one
    key-use entry per signature and still verifies."""
    ws = Workspace()
    try:
        people = People(ws.dir)
        signer = people.person("signer", "Signer Test")
        doc = copy_fixture(ws, "xref-table.pdf", "letter.pdf")
        before = sha256_file(doc)
        n = len(ws.json("ledger", "list")["entries"])
        out = ws.path("letter-signed.pdf")
        ws.run("sign", doc, "-o", out, "--p12", signer["p12"], "--pin-env", "PIN", "--reason", "Seen")
        assert sha256_file(doc) == before, "the original was changed"
        names, valid = pdfsig_names(out)
        assert names == ["Signer Test"] and all(valid), (names, valid)
        entries = ws.json("ledger", "list")["entries"]
        assert len(entries) == n + 1, entries[n:]
        entry = entries[-1]
        assert entry["kind"] == "key-use" and entry.get("seal") is None, entry
        assert entry.get("document") == before, entry
        d = entry["details"]
        assert d["action"] == "sign" and d["key"] and "pictures" not in d, d
        assert d["output"] == "letter-signed.pdf" and d["result_sha256"] == sha256_file(out), d
        ws.run("ledger", "verify")

        # A picture (--seal PNG) is no seal of the library: one key-use
        # entry that counts it, no seal-use entry.
        png = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "seeds",
                           "seal-image", "round-seal.png")
        out2 = ws.path("letter-pictured.pdf")
        ws.run("sign", doc, "-o", out2, "--p12", signer["p12"], "--pin-env", "PIN",
               "--seal", png, "--page", "1", "--rect", "300,100,100,100")
        assert red_pixels_in(out2, 1, (300, 100, 100, 100), ws.dir) > 500, "the picture is not visible"
        entries = ws.json("ledger", "list")["entries"]
        assert len(entries) == n + 2, entries[n:]
        assert entries[-1]["kind"] == "key-use" and entries[-1]["details"]["pictures"] == 1, entries[-1]
        ws.run("ledger", "verify")
    finally:
        ws.cleanup()


if __name__ == "__main__":
    tap = Tap()
    tap.run("law firm: approve then stamp, PKCS#12 keys", law_firm, False)
    tap.run("law firm: the seal's key on a SoftHSM2 token", law_firm, True)
    tap.run("arbitration: in order, a dissent, the institution's seal, locked", arbitration)
    tap.run("transcript: every party, judge, clerk, personal seals, locked", transcript)
    tap.run("a seal into an existing empty signature field", empty_field)
    tap.run("sign --seal ID: a seal of the library without a request", direct_seal)
    tap.run("sign without a seal of the library: one key-use ledger entry", plain_sign)
    tap.done()
