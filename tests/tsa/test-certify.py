#!/usr/bin/env python3
"""Certification and locks: what a DocMDP certification (P=1, 2, 3) or a
PDF 2.0 lock forbids, the signer refuses (exit 2, nothing written), and
what it allows still verifies; validation data and document timestamps
(from a local TSA) may follow a no-changes certification, as ISO 32000-2
says, with a note for validators that read PDF 1.7 strictly."""

import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

from tsalib import TsaEnv, copy_fixture, run_tests  # noqa: E402


def write_png(path, w=40, h=40):
    """A red square with an alpha channel (standard library only)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xc0\x10\x10\xff" * w for _ in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


class Env(TsaEnv):
    SIGNER_CN = "Sealdesk Certify Test Signer"

    def __init__(self):
        super().__init__()
        self.png = write_png(self.ws.path("seal.png"))

    def seals(self, n):
        out = []
        for i in range(n):
            out += ["--seal", self.png, "--page", "1", "--rect", f"{60 + 130 * i},60,100,100"]
        return out

    def sign(self, doc, out, *extra, expect=0):
        out = self.ws.path(out)
        r = self.ws.run("sign", doc, "-o", out, "--p12", self.signer["p12"], "--pin-env", "PIN",
                        "--tsa-trust", self.svc.pki.ca, "--tsa-timeout", "5", *extra, expect=expect)
        return out, r

    def refused(self, doc, out, *extra, contains):
        path = self.ws.path(out)
        with open(doc, "rb") as f:
            before = f.read()
        self.ws.fail("sign", doc, "-o", path, "--p12", self.signer["p12"], "--pin-env", "PIN", *extra,
                     contains=contains)
        assert not os.path.exists(path), f"{out} was written"
        with open(doc, "rb") as f:
            assert f.read() == before, "the input changed"
        assert not [n for n in os.listdir(self.ws.dir) if ".tmp" in n]

    def verify(self, path, expect=0):
        return super().verify(path, expect=expect)


def test_no_changes(env):
    """P=1: no further signature, visible or not, nor a void."""
    certified, _ = env.sign(copy_fixture(env.ws), "p1.pdf", "--certify", "no-changes")
    assert env.verify(certified)["signatures"][0]["certification"] == 1
    env.refused(certified, "again.pdf", contains="certified with no changes allowed")
    env.refused(certified, "again-seal.pdf", *env.seals(1), contains="certified with no changes allowed")
    void = env.ws.path("void.pdf")
    env.ws.fail("void", certified, "-o", void, "--reason", "withdrawn", "--p12", env.signer["p12"],
                "--pin-env", "PIN", contains="no changes allowed")
    assert not os.path.exists(void)
    # The message names the certifying signature.
    env.refused(certified, "again.pdf", contains="“Signature1”")


def test_lock(env):
    """sign --lock: the PDF 2.0 lock (FieldMDP /P 1) forbids what follows."""
    first, _ = env.sign(copy_fixture(env.ws), "first.pdf")
    locked, _ = env.sign(first, "locked.pdf", "--lock", "--field", "Last")
    sigs = env.verify(locked)["signatures"]
    assert [s["verdict"] for s in sigs] == ["valid", "valid"], sigs
    env.refused(locked, "after.pdf", contains="locked by the signature “Last”")
    env.ws.fail("sign", first, "-o", env.ws.path("x.pdf"), "--p12", env.signer["p12"], "--pin-env", "PIN",
                "--lock", "--certify", "form-fill", contains="--lock")
    # A lock on the first signature also holds.
    alone, _ = env.sign(copy_fixture(env.ws, as_name="doc2.pdf"), "alone.pdf", "--lock")
    env.refused(alone, "after2.pdf", contains="locked")


def test_form_fill(env):
    """P=2: signing is allowed, one seal; a seal in several places (Stamp
    annotations) is not."""
    certified, _ = env.sign(copy_fixture(env.ws), "p2.pdf", "--certify", "form-fill")
    env.refused(certified, "two.pdf", *env.seals(2), contains="form filling and signing only")
    signed, _ = env.sign(certified, "one.pdf", *env.seals(1))
    report = env.verify(signed)
    assert report["verdict"] == "valid", report
    assert [s["verdict"] for s in report["signatures"]] == ["valid", "valid"], report


def test_annotate(env):
    """P=3: annotations are allowed, so several seals are; page marks (new
    page content) are not."""
    certified, _ = env.sign(copy_fixture(env.ws), "p3.pdf", "--certify", "annotate")
    signed, _ = env.sign(certified, "two.pdf", *env.seals(2))
    report = env.verify(signed)
    assert report["verdict"] == "valid", report
    env.refused(certified, "marked.pdf", "--watermark", "COPY", contains="already signed")


def test_extend_no_changes(env):
    """Validation data and a document timestamp after P=1: allowed (ISO
    32000-2, 12.8.5.3), verified valid, with a note on stderr."""
    env.svc.start_http()
    env.svc.start_ocsp()
    certified, _ = env.sign(copy_fixture(env.ws), "p1.pdf", "--certify", "no-changes",
                            "--tsa", env.svc.tsa_url, "--level", "B-T")
    out = env.ws.path("p1-lta.pdf")
    r = env.ws.run("extend", certified, "-o", out, "--level", "B-LTA", "--tsa", env.svc.tsa_url,
                   "--tsa-trust", env.svc.pki.ca, "--tsa-timeout", "5")
    assert "no changes allowed" in r.stderr and "ISO 32000-2" in r.stderr, r.stderr
    report = env.verify(out)
    sigs = report["signatures"]
    assert [s["level"] for s in sigs] == ["B-LTA", "timestamp"], sigs
    assert all(s["verdict"] == "valid" for s in sigs), sigs
    assert {c["kind"] for c in sigs[0]["changes_after"]} <= {"dss", "doc-timestamp"}, sigs[0]
    # Without a certification, no note.
    plain, _ = env.sign(copy_fixture(env.ws, as_name="doc2.pdf"), "plain.pdf", "--tsa", env.svc.tsa_url,
                        "--level", "B-T")
    r = env.ws.run("extend", plain, "-o", env.ws.path("plain-lt.pdf"), "--level", "B-LT",
                   "--tsa-trust", env.svc.pki.ca)
    assert r.stderr.strip() == "", r.stderr


TESTS = [
    ("certify: no-changes refuses every later signature", test_no_changes),
    ("certify: a lock refuses what follows; --lock with --certify is refused", test_lock),
    ("certify: form-fill allows one seal, not a seal in several places", test_form_fill),
    ("certify: annotate allows several seals, not page marks", test_annotate),
    ("certify: DSS and document timestamp after no-changes, with a note", test_extend_no_changes),
]


def main():
    run_tests(TESTS, Env)


if __name__ == "__main__":
    main()
