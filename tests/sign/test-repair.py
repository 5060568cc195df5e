#!/usr/bin/env python3
"""sign --repair: a damaged, unsigned document (wrong startxref offset, a
truncated end, wrong xref entries) is rewritten by qpdf into a clean first
revision and that is signed; without --repair, and for damaged documents
that are signed already or beyond repair, a clear refusal and nothing
written. Checked with qpdf --check, pdfsig and our verifier."""

import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workflow"))
sys.dont_write_bytecode = True

from wflib import FIXTURES, PKI, Skip, Tap, Workspace, copy_fixture, need  # noqa: E402

P12 = os.path.join(PKI, "rsa2048.p12")
CA = os.path.join(PKI, "ca.pem")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def wrong_startxref(ws):
    data = read(copy_fixture(ws))
    m = list(re.finditer(rb"startxref\s+(\d+)", data))[-1]
    bad = data[:m.start(1)] + str(int(m.group(1)) + 7).encode() + data[m.end(1):]
    return write(ws.path("wrong-startxref.pdf"), bad)


def truncated_end(ws):
    """Cut before startxref: the cross-reference table cannot be found."""
    data = read(copy_fixture(ws))
    return write(ws.path("truncated-end.pdf"), data[:data.rindex(b"startxref")])


def wrong_entries(ws):
    """Every in-use xref entry points 3 bytes off."""
    data = read(copy_fixture(ws))
    start = data.rindex(b"\nxref")

    def shift(m):
        return b"%010d %s n" % (int(m.group(1)) + 3, m.group(2))
    table = re.sub(rb"(\d{10}) (\d{5}) n", shift, data[start:])
    return write(ws.path("wrong-entries.pdf"), data[:start] + table)


def huge_size(ws):
    """An intact file whose trailer declares /Size beyond PDF's limit of
    8,388,607 objects: new objects could not be numbered after it."""
    data = read(copy_fixture(ws))
    m = list(re.finditer(rb"/Size\s+(\d+)", data))[-1]
    bad = data[:m.start(1)] + b"9000000" + data[m.end(1):]
    return write(ws.path("huge-size.pdf"), bad)


def qpdf_check(path):
    need("qpdf")
    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def pdfsig_valid(path):
    need("pdfsig")
    out = subprocess.run(["pdfsig", path], capture_output=True, text=True).stdout
    return out.count("Signature is Valid."), out


def sign(ws, doc, out, *extra, expect=0):
    out = ws.path(out)
    r = ws.run("sign", doc, "-o", out, "--p12", P12, "--pin-env", "PIN", *extra, expect=expect)
    return out, r


def assert_refused(ws, doc, out, *extra, contains):
    before = read(doc)
    ws.fail("sign", doc, "-o", ws.path(out), "--p12", P12, "--pin-env", "PIN", *extra, contains=contains)
    assert not os.path.exists(ws.path(out)), f"{out} was written"
    assert read(doc) == before, "the input changed"
    assert not [n for n in os.listdir(ws.dir) if ".tmp" in n]


def assert_repaired_and_valid(ws, doc, out):
    signed, r = sign(ws, doc, out, "--repair", "--json")
    result = json.loads(r.stdout)["signed"][0]
    assert result["repaired"], result
    assert "qpdf rebuilt it" in r.stderr and os.path.basename(doc) in r.stderr, r.stderr
    code, text = qpdf_check(signed)
    assert code == 0 and "file is damaged" not in text, text
    n, text = pdfsig_valid(signed)
    assert n == 1, text
    report = json.loads(ws.run("verify", signed, "--trust", CA, "--json").stdout)
    assert report["verdict"] == "valid", report
    sig = report["signatures"][0]
    assert sig["revision"] == 2 and sig["coverage"] == "whole-file", sig
    return signed


def test_huge_size(ws):
    """Refused with the reason and the way out; --repair numbers the
    objects afresh and the copy signs; the original keeps its bytes."""
    doc = huge_size(ws)
    before = read(doc)
    assert_refused(ws, doc, "refused.pdf", contains="--repair")
    r = ws.run("sign", doc, "-o", ws.path("refused.pdf"), "--p12", P12, "--pin-env", "PIN", expect=2)
    assert "/Size" in r.stderr and "8388607" in r.stderr, r.stderr
    signed = assert_repaired_and_valid(ws, doc, "repaired-huge-size.pdf")
    assert read(doc) == before, "the original changed"
    sizes = [int(n) for n in re.findall(rb"/Size\s+(\d+)", read(signed))]
    assert sizes and max(sizes) < 100, sizes


def test_damaged(ws):
    for make in (wrong_startxref, truncated_end, wrong_entries):
        doc = make(ws)
        assert_refused(ws, doc, "refused.pdf", contains="--repair")
        assert_repaired_and_valid(ws, doc, f"repaired-{make.__name__}.pdf")
    assert os.path.exists(ws.path("wrong-startxref.pdf"))


def test_sound_file_kept(ws):
    """--repair on a sound document changes nothing: its bytes stay."""
    doc = copy_fixture(ws)
    signed, r = sign(ws, doc, "signed.pdf", "--repair", "--json")
    assert json.loads(r.stdout)["signed"][0]["repaired"] is None, r.stdout
    assert read(signed).startswith(read(doc))
    assert r.stderr.strip() == "", r.stderr


def test_signed_damaged_refused(ws):
    """Damaged after a signature: repairing would break it, so refused."""
    signed, _ = sign(ws, copy_fixture(ws), "signed.pdf")
    data = read(signed)
    m = list(re.finditer(rb"startxref\s+(\d+)", data))[-1]
    broken = write(ws.path("signed-broken.pdf"),
                   data[:m.start(1)] + str(int(m.group(1)) + 7).encode() + data[m.end(1):])
    assert_refused(ws, broken, "never.pdf", "--repair", contains="break its signatures")


def test_beyond_repair(ws):
    doc = ws.path("damaged-truncated.pdf")
    shutil.copyfile(os.path.join(FIXTURES, "damaged-truncated.pdf"), doc)
    assert_refused(ws, doc, "never.pdf", "--repair", contains="damaged")


def test_corpus(ws):
    """The public corpus's repairable files (../shared/corpus: skipped when
    absent); the one qpdf cannot recover is refused cleanly."""
    folder = os.path.join(os.environ.get("SEALDESK_CORPUS", ""), "structure")
    if not os.path.isdir(folder):
        raise Skip(f"no corpus at {folder}")
    for name in ("damaged-bad-xref-offset-repairable.pdf", "damaged-missing-startxref-repairable.pdf"):
        doc = ws.path(name)
        shutil.copyfile(os.path.join(folder, name), doc)
        assert_refused(ws, doc, "refused.pdf", contains="damaged")
        assert_repaired_and_valid(ws, doc, "out-" + name)
    doc = ws.path("junk.pdf")
    shutil.copyfile(os.path.join(folder, "damaged-xref-stream-trailing-junk-after-eof.pdf"), doc)
    r = ws.run("sign", doc, "-o", ws.path("out-junk.pdf"), "--p12", P12, "--pin-env", "PIN", "--repair",
               expect=None)
    if r.returncode == 0:
        code, text = qpdf_check(ws.path("out-junk.pdf"))
        assert code == 0, text
        assert pdfsig_valid(ws.path("out-junk.pdf"))[0] == 1
    else:
        assert r.returncode == 2 and not os.path.exists(ws.path("out-junk.pdf")), r.stderr


def test_ledger_records_repair(ws):
    """A seal of the library on a repaired copy: the seal-use and key-use
    entries say that the signed copy was repaired, why, and the original's
    SHA-256; on a sound document they say nothing of the kind."""
    import hashlib
    seal = ws.json("seal", "generate", "--org", "Firm", "--name", "Firm seal", "--size-mm", "40",
                   "--key", "p12:" + P12)["id"]
    doc = wrong_startxref(ws)
    original = hashlib.sha256(read(doc)).hexdigest()
    signed, r = sign(ws, doc, "sealed-repaired.pdf", "--repair", "--seal", seal, "--page", "1",
                     "--rect", "300,100,113,113", "--json")
    reason = json.loads(r.stdout)["signed"][0]["repaired"]
    assert reason, r.stdout
    assert hashlib.sha256(read(doc)).hexdigest() == original, "the original changed"
    entries = ws.json("ledger", "list")["entries"]
    uses = [e for e in entries if e["kind"] in ("seal-use", "key-use")]
    assert sorted(e["kind"] for e in uses) == ["key-use", "seal-use"], entries
    result = hashlib.sha256(read(signed)).hexdigest()
    for e in uses:
        d = e["details"]
        assert d.get("repaired") == reason and d.get("original_sha256") == original, e
        assert e["document"] == original and d["result_sha256"] == result, e
    ws.run("ledger", "verify")

    sound, _ = sign(ws, copy_fixture(ws, as_name="sound.pdf"), "sealed-sound.pdf", "--repair",
                    "--seal", seal, "--page", "1", "--rect", "300,100,113,113")
    later = ws.json("ledger", "list")["entries"][len(entries):]
    assert [e["kind"] for e in later if e["kind"] in ("seal-use", "key-use")], later
    assert all("repaired" not in e["details"] and "original_sha256" not in e["details"] for e in later), later


TESTS = [
    ("repair: wrong startxref, truncated end, wrong xref entries: refused, then signed with --repair", test_damaged),
    ("repair: a /Size beyond PDF's limit: refused, then signed with --repair", test_huge_size),
    ("repair: a sound document keeps its bytes", test_sound_file_kept),
    ("repair: a damaged signed document is refused", test_signed_damaged_refused),
    ("repair: a document beyond repair is refused cleanly", test_beyond_repair),
    ("repair: the public corpus's damaged files", test_corpus),
    ("repair: the ledger records that the sealed copy was repaired", test_ledger_records_repair),
]


def main():
    tap = Tap()
    for name, fn in TESTS:
        def run(fn=fn):
            ws = Workspace()
            try:
                fn(ws)
            finally:
                ws.cleanup()
        tap.run(name, run)
    tap.done()


if __name__ == "__main__":
    main()
