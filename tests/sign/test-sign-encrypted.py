#!/usr/bin/env python3
"""Signing password-protected PDFs (`sign --password-env VAR`).

For RC4-40, RC4-128, AES-128 and AES-256 documents made here with
`qpdf --encrypt` (a user and an owner password), signed with either
password and a visible seal, the real tools must agree: qpdf --check with
the password is clean and the encryption is the input's, pdfsig (-upw /
-opw) says valid and total, openssl cms verifies the /Contents (which is
not encrypted) over the /ByteRange, our verifier says valid and reads the
reason back, the decrypted copy still has the signature field, pdftoppm
(-upw) shows the seal, and no new string is left in clear. Refusals: no
or a wrong password, a public-key handler, an unknown crypt filter,
permissions without the owner password: exit 2, one line, nothing
written.
"""

import os
import re
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workflow"))
sys.dont_write_bytecode = True

from wflib import PKI, Skip, Tap, Workspace, copy_fixture, need  # noqa: E402

USER = "user-pw"
OWNER = "owner-pw"
REASON = "Approuvé (final) – 批准"
SEAL_RECT = (100, 100, 120, 80)

# name: qpdf --encrypt key length and options, the /V and /R qpdf writes
CIPHERS = {
    "rc4-40": (["40"], 1, 2),
    "rc4-128": (["128", "--use-aes=n"], 2, 3),
    "aes-128": (["128", "--use-aes=y"], 4, 4),
    "aes-256": (["256"], 5, 6),
    # The deprecated AES-256 of Adobe's extension level 3, and AES-128 that
    # leaves the metadata stream in clear (/EncryptMetadata false).
    "aes-256-r5": (["256", "--force-R5"], 5, 5),
    "aes-128-clear-metadata": (["128", "--use-aes=y", "--cleartext-metadata"], 4, 4),
}


def run(*args, expect=0):
    r = subprocess.run(list(args), capture_output=True)
    if expect is not None and r.returncode != expect:
        raise AssertionError(f"{' '.join(args)}: exit {r.returncode}, wanted {expect}\n"
                             f"{r.stdout.decode(errors='replace')}{r.stderr.decode(errors='replace')}")
    return r


def write_seal_png(path):
    """240x160, transparent; red block top-left, blue bar along the bottom."""
    w, h = 240, 160
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            if y < 64 and x < 96:
                rows += b"\xff\x00\x00\xff"
            elif y >= 96:
                rows += b"\x00\x00\xff\xff"
            else:
                rows += b"\x00\x00\x00\x00"

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


def encrypt(ws, plain, name, cipher, restrictions=(), after=()):
    need("qpdf")
    bits, _, _ = CIPHERS[cipher]
    out = ws.path(name)
    run("qpdf", "--allow-weak-crypto", "--encrypt", USER, OWNER, bits[0], *bits[1:], *restrictions,
        "--", *after, plain, out)
    return out


def sign(ws, doc, out, password, *extra, expect=0):
    env = {"DOC_PASSWORD": password} if password is not None else {}
    args = ["sign", doc, "-o", out, "--p12", os.path.join(PKI, "rsa2048.p12"), "--pin-env", "PIN"]
    if password is not None:
        args += ["--password-env", "DOC_PASSWORD"]
    r = ws.run(*args, *extra, expect=expect, env=env)
    for text in (r.stdout, r.stderr):
        assert password is None or password == "" or password not in text, f"the password was printed: {text!r}"
    return r


def render(pdf, password, workdir, tag):
    """Page 1 at 36 dpi as (width, height, RGB bytes), from pdftoppm."""
    need("pdftoppm")
    prefix = os.path.join(workdir, tag)
    run("pdftoppm", "-upw", password, "-r", "36", "-f", "1", "-l", "1", pdf, prefix)
    ppm = [f for f in os.listdir(workdir) if f.startswith(tag + "-") and f.endswith(".ppm")][0]
    with open(os.path.join(workdir, ppm), "rb") as f:
        data = f.read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def red_in_rect(image, page_height_pt):
    w, h, px = image
    scale = 36 / 72
    x0, y0, rw, rh = SEAL_RECT
    left, right = int(x0 * scale), int((x0 + rw) * scale)
    top, bottom = int((page_height_pt - y0 - rh) * scale), int((page_height_pt - y0) * scale)
    red = 0
    for y in range(max(top, 0), min(bottom, h)):
        for x in range(max(left, 0), min(right, w)):
            r, g, b = px[3 * (y * w + x):3 * (y * w + x) + 3]
            if r > 200 and g < 60 and b < 60:
                red += 1
    return red


def der_prefix(data):
    assert data[0] == 0x30, data[:4]
    if data[1] < 0x80:
        return data[:2 + data[1]]
    n = data[1] & 0x7F
    return data[:2 + n + int.from_bytes(data[2:2 + n], "big")]


def check_cms(ws, signed):
    """openssl cms -verify of the /Contents (plain DER, not encrypted) over
    the bytes of the /ByteRange, which covers the whole file but it."""
    need("openssl")
    with open(signed, "rb") as f:
        data = f.read()
    ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert ranges, "no /ByteRange in clear"
    a, b, c, d = (int(x) for x in ranges[-1])
    assert a == 0 and c + d == len(data), f"/ByteRange {a} {b} {c} {d} does not cover {len(data)} bytes"
    assert data[b:b + 1] == b"<" and data[c - 1:c] == b">"
    der = der_prefix(bytes.fromhex(data[b + 1:c - 1].decode()))
    with open(ws.path("sig.der"), "wb") as f:
        f.write(der)
    with open(ws.path("covered.bin"), "wb") as f:
        f.write(data[a:a + b] + data[c:c + d])
    run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", ws.path("sig.der"),
        "-content", ws.path("covered.bin"), "-CAfile", os.path.join(PKI, "ca.pem"),
        "-purpose", "any", "-out", os.devnull)


def check_signed(ws, doc, signed, cipher, password, owner_flag):
    _, V, R = CIPHERS[cipher]
    with open(doc, "rb") as f:
        original = f.read()
    with open(signed, "rb") as f:
        data = f.read()
    assert data.startswith(original), "the original bytes were changed"
    update = data[len(original):]

    # qpdf: clean with the password, and encrypted as before.
    r = run("qpdf", f"--password={password}", "--check", signed)
    out = r.stdout.decode()
    assert "No syntax or stream encoding errors" in out, out
    assert f"R = {R}" in out, f"the output is not encrypted with R {R} any more:\n{out}"
    run("qpdf", "--check", signed, expect=2)   # and not without it

    # pdfsig with the password.
    need("pdfsig")
    r = run("pdfsig", "-nocert", owner_flag, password, signed)
    out = r.stdout.decode()
    assert out.count("Signature is Valid.") == 1 and "Total document signed" in out, out

    check_cms(ws, signed)

    # Our verifier, with the same password.
    env = {"DOC_PASSWORD": password}
    report = ws.json("verify", signed, "--password-env", "DOC_PASSWORD", "--trust",
                     os.path.join(PKI, "ca.pem"), "--no-system-trust", env=env)
    assert report["verdict"] == "valid", report
    assert report.get("encrypted") is True, report
    sig = report["signatures"][0]
    assert sig["verdict"] == "valid" and sig["coverage"] == "whole-file", sig
    text = ws.run("verify", signed, "--password-env", "DOC_PASSWORD", "--trust",
                  os.path.join(PKI, "ca.pem"), "--no-system-trust", env=env).stdout
    assert REASON in text, f"the reason does not read back:\n{text}"

    # Nothing new in clear: the reason, the field name, the date.
    for clear in (REASON.encode("utf-16-be"), b"(Approuv", b"Signature1", b"/M (D:"):
        assert clear not in update, f"{clear!r} is not encrypted in the update"

    # The decrypted copy keeps the signature field (and its value).
    plain = ws.path(f"decrypted-{cipher}.pdf")
    run("qpdf", f"--password={password}", "--decrypt", signed, plain)
    r = run("pdfsig", "-nocert", plain)
    assert "Signature1" in r.stdout.decode() or "Signature #1" in r.stdout.decode(), r.stdout

    # The seal shows (its image stream decrypted and inflated correctly).
    before = render(doc, USER, ws.dir, f"before-{cipher}")
    after = render(signed, USER, ws.dir, f"after-{cipher}")
    page_height = before[1] * 2
    assert red_in_rect(before, page_height) == 0
    seal_red = red_in_rect(after, page_height)
    assert seal_red > 0.5 * (0.4 * 60) * (0.4 * 40), f"the seal is not visible: {seal_red} red pixels"


def test_sign(cipher, which, xref_stream=False):
    ws = Workspace()
    try:
        plain = copy_fixture(ws, "xref-table.pdf", "plain.pdf")
        write_seal_png(ws.path("seal.png"))
        extra = ["--object-streams=generate"] if xref_stream else []
        doc = encrypt(ws, plain, "enc.pdf", cipher, after=extra)
        password, flag = (USER, "-upw") if which == "user" else (OWNER, "-opw")
        signed = ws.path("signed.pdf")
        x, y, w, h = SEAL_RECT
        sign(ws, doc, signed, password, "--seal", ws.path("seal.png"), "--rect", f"{x},{y},{w},{h}",
             "--reason", REASON)
        check_signed(ws, doc, signed, cipher, password, flag)
    finally:
        ws.cleanup()


def test_second_signature():
    """An encrypted document signed twice: both valid."""
    ws = Workspace()
    try:
        plain = copy_fixture(ws, "xref-table.pdf", "plain.pdf")
        doc = encrypt(ws, plain, "enc.pdf", "aes-256")
        sign(ws, doc, ws.path("one.pdf"), USER, "--reason", "first")
        sign(ws, ws.path("one.pdf"), ws.path("two.pdf"), OWNER, "--reason", "second")
        out = run("pdfsig", "-nocert", "-upw", USER, ws.path("two.pdf")).stdout.decode()
        assert out.count("Signature is Valid.") == 2, out
        report = ws.json("verify", ws.path("two.pdf"), "--password-env", "DOC_PASSWORD", "--trust",
                         os.path.join(PKI, "ca.pem"), "--no-system-trust",
                         env={"DOC_PASSWORD": USER})
        assert report["verdict"] == "valid" and len(report["signatures"]) == 2, report
    finally:
        ws.cleanup()


def test_no_user_password():
    """Only an owner password: signed without one, readable by everyone."""
    ws = Workspace()
    try:
        doc = copy_fixture(ws, "encrypted-no-user-password.pdf", "open.pdf")
        signed = ws.path("signed.pdf")
        sign(ws, doc, signed, None)
        out = run("pdfsig", "-nocert", signed).stdout.decode()
        assert "Signature is Valid." in out, out
        run("qpdf", "--check", signed)
    finally:
        ws.cleanup()


def expect_refusal(ws, doc, password, contains, *extra):
    out = ws.path("refused.pdf")
    stderr = sign(ws, doc, out, password, *extra, expect=2).stderr
    assert contains.lower() in stderr.lower(), f"{contains!r} not in {stderr!r}"
    assert not os.path.exists(out), "a refused document was written"
    leftovers = [f for f in os.listdir(ws.dir) if ".tmp" in f]
    assert not leftovers, leftovers


def test_refusals():
    ws = Workspace()
    try:
        plain = copy_fixture(ws, "xref-table.pdf", "plain.pdf")
        doc = encrypt(ws, plain, "enc.pdf", "rc4-128")
        expect_refusal(ws, doc, None, "password")
        expect_refusal(ws, doc, "not-the-password", "not correct")
        ws.fail("sign", doc, "-o", ws.path("refused.pdf"), "--p12", os.path.join(PKI, "rsa2048.p12"),
                "--pin-env", "PIN", "--password-env", "SD_NO_SUCH_VARIABLE", contains="SD_NO_SUCH_VARIABLE")
        # B-LT and B-LTA of encrypted documents: tests/tsa/test-ltv-encrypted.py.

        # Permissions: the user password does not allow it, the owner's does.
        locked = encrypt(ws, plain, "locked.pdf", "aes-256",
                         ["--modify=none", "--annotate=n", "--form=n"])
        expect_refusal(ws, locked, USER, "permissions")
        sign(ws, locked, ws.path("locked-signed.pdf"), OWNER)

        # An unknown crypt filter (the AES-128 one renamed).
        aes = encrypt(ws, plain, "aes.pdf", "aes-128")
        with open(aes, "rb") as f:
            data = f.read()
        assert data.count(b"/AESV2") == 1
        with open(ws.path("unknown-filter.pdf"), "wb") as f:
            f.write(data.replace(b"/AESV2", b"/AESVX"))
        expect_refusal(ws, ws.path("unknown-filter.pdf"), USER, "/AESVX")

        # A public-key (certificate) security handler.
        with open(plain, "rb") as f:
            data = f.read()
        at = data.index(b"<<", data.rindex(b"trailer")) + 2
        pubsec = (b" /Encrypt << /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4"
                  b" /Recipients [<3000>] /CF << /DefaultCryptFilter << /CFM /AESV2"
                  b" /Recipients [<3000>] >> >> /StmF /DefaultCryptFilter"
                  b" /StrF /DefaultCryptFilter >> ")
        with open(ws.path("pubsec.pdf"), "wb") as f:
            f.write(data[:at] + pubsec + data[at:])
        expect_refusal(ws, ws.path("pubsec.pdf"), USER, "security handler")
    finally:
        ws.cleanup()


def test_info():
    ws = Workspace()
    try:
        plain = copy_fixture(ws, "xref-table.pdf", "plain.pdf")
        doc = encrypt(ws, plain, "enc.pdf", "aes-128")
        info = ws.json("info", doc, "--password-env", "DOC_PASSWORD", env={"DOC_PASSWORD": USER})
        assert "AES-128" in str(info), info
    finally:
        ws.cleanup()


def main():
    tap = Tap()
    for cipher in list(CIPHERS)[:4]:
        for which in ("user", "owner"):
            tap.run(f"sign {cipher} with the {which} password", test_sign, cipher, which)
    for cipher in list(CIPHERS)[4:]:
        tap.run(f"sign {cipher} with the user password", test_sign, cipher, "user")
    tap.run("sign aes-256 with a cross-reference stream", test_sign, "aes-256", "user", True)
    tap.run("sign rc4-128 with a cross-reference stream", test_sign, "rc4-128", "owner", True)
    tap.run("sign an encrypted document twice", test_second_signature)
    tap.run("sign a document with only an owner password", test_no_user_password)
    tap.run("refusals", test_refusals)
    tap.run("info with the password", test_info)
    tap.done()


if __name__ == "__main__":
    main()
