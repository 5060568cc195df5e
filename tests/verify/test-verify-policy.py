#!/usr/bin/env python3
"""test-verify-policy: the trust, algorithm and time policy of `verify`, the
PKCS#1 strictness of adbe.x509.rsa_sha1, hostile files, and the trust list.

Everything is made here with openssl and the built sealdesk-cli over the
generated test PKI ($SD_TEST_PKI) and fixtures ($SD_TEST_FIXTURES):

  - certificates under the test signing CA that are not for documents:
    TLS server only (EKU serverAuth) and keyCertSign only; an RSA-1024 key;
  - signature values replaced by `openssl cms -sign -md md5|sha1` over the
    same signed bytes;
  - an adbe.x509.rsa_sha1 signature whose PKCS#1 block is made with the raw
    private key, once correct and twice forged (bytes after the DigestInfo,
    parameters that are not NULL): what a Bleichenbacher e=3 forgery leaves;
  - 10,000 %%EOF markers, a 1 GB flate bomb in /DSS, 200 and 2,000 levels
    of nested arrays: verify must end within seconds and under an address-space limit
    (RLIMIT_AS, as `ulimit -v`);
  - `trust add|list|remove` and verify against the workspace's trust list.

Python 3, standard library only; TAP output.
"""
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zlib

BUILD = os.environ.get("SD_TEST_BUILDDIR", ".")
CLI = os.path.join(BUILD, "src", "cli", "sealdesk-cli")
PKI = os.environ["SD_TEST_PKI"]
FIXTURES = os.environ["SD_TEST_FIXTURES"]
PASS = "sealdesk-test"
TMP = tempfile.mkdtemp(prefix="sd-verify-policy-")
# Address-space cap for the CLI on hostile files (like `ulimit -v`).
AS_LIMIT = 1024 << 20


def built_with_asan(program):
    """AddressSanitizer reserves terabytes of shadow address space: under it
    an address-space cap only makes the sanitizer abort, so the memory
    bound is left to ASan itself (the time bound still holds)."""
    try:
        with open(program, "rb") as f:
            return b"libasan.so" in f.read()
    except OSError:
        return False


def pki(name):
    return os.path.join(PKI, name)


def run(argv, env=None, check=True, limit_as=None):
    """Runs argv; returns (status, stdout, stderr, max RSS in KiB, seconds)."""
    def preexec():
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    full_env = dict(os.environ)
    # A data folder of the test's own: never the person's (~/.local/share).
    full_env["SEALDESK_HOME"] = os.path.join(TMP, "home-default")
    full_env.update(env or {})
    start = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=full_env, preexec_fn=preexec)
    out, err = p.communicate(timeout=120)
    seconds = time.monotonic() - start
    rss = None                          # see run_measured() for the peak RSS
    if check and p.returncode not in (0, 1):
        raise AssertionError("%s failed (%d): %s" % (" ".join(argv), p.returncode,
                                                     err.decode(errors="replace")))
    return p.returncode, out.decode(), err.decode(), rss, seconds


def run_measured(argv, env=None, limit_as=None):
    """Like run(), with the child's own peak RSS (wait4)."""
    def preexec():
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    full_env = dict(os.environ)
    full_env["SEALDESK_HOME"] = os.path.join(TMP, "home-default")
    full_env.update(env or {})
    start = time.monotonic()
    out_path = os.path.join(TMP, "out.txt")
    with open(out_path, "wb") as out:
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL,
                             env=full_env, preexec_fn=preexec)
        deadline = start + 60
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                p.kill()
                raise AssertionError("%s did not finish in 60 s" % " ".join(argv))
            time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    with open(out_path) as f:
        text = f.read()
    return p.returncode, text, usage.ru_maxrss, seconds


def openssl(*args, stdin=None):
    p = subprocess.run(["openssl"] + list(args), input=stdin, capture_output=True)
    if p.returncode != 0:
        raise AssertionError("openssl %s: %s" % (" ".join(args), p.stderr.decode()))
    return p.stdout


def sign(src, dst, p12, extra=()):
    argv = [CLI, "sign", src, "-o", dst, "--p12", p12, "--pin-env", "TV_PIN"] + list(extra)
    status, out, err, _, _ = run(argv, env={"TV_PIN": PASS}, check=False)
    return status, err


def verify(path, *extra, env=None):
    status, out, err, _, _ = run([CLI, "verify", path, "--json"] + list(extra), env=env)
    return status, json.loads(out)


# ---- certificates ------------------------------------------------------

EXTENSIONS = {
    "tls-server": "basicConstraints=critical,CA:FALSE\n"
                  "keyUsage=critical,digitalSignature,keyEncipherment\n"
                  "extendedKeyUsage=serverAuth\n",
    "cert-sign-only": "basicConstraints=critical,CA:FALSE\n"
                      "keyUsage=critical,keyCertSign\n",
    "rsa1024": "basicConstraints=critical,CA:FALSE\n"
               "keyUsage=critical,digitalSignature,nonRepudiation\n"
               "extendedKeyUsage=emailProtection\n",
    "adobe-eku": "basicConstraints=critical,CA:FALSE\n"
                 "keyUsage=critical,digitalSignature\n"
                 "extendedKeyUsage=1.2.840.113583.1.1.5\n",
}
_made = {}


def make_cert(name):
    """A key and certificate NAME under the test signing CA; returns the .p12."""
    if name in _made:
        return _made[name]
    key = os.path.join(TMP, name + ".key.pem")
    csr = os.path.join(TMP, name + ".csr")
    crt = os.path.join(TMP, name + ".cert.pem")
    ext = os.path.join(TMP, name + ".ext")
    p12 = os.path.join(TMP, name + ".p12")
    bits = "1024" if name == "rsa1024" else "2048"
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + bits, "-out", key)
    openssl("req", "-new", "-key", key, "-subj", "/O=Sealdesk Test/CN=Policy " + name, "-out", csr)
    with open(ext, "w") as f:
        f.write(EXTENSIONS[name])
    openssl("x509", "-req", "-in", csr, "-CA", pki("intermediate.pem"),
            "-CAkey", pki("intermediate.key.pem"), "-CAcreateserial", "-days", "365",
            "-sha256", "-extfile", ext, "-out", crt)
    openssl("pkcs12", "-export", "-passout", "pass:" + PASS, "-inkey", key, "-in", crt,
            "-certfile", pki("ca-chain.pem"), "-out", p12)
    _made[name] = p12
    return p12


# ---- PDF surgery -------------------------------------------------------

def signature_parts(data):
    """(ByteRange numbers, start and end of the <hex> /Contents) of the last signature."""
    m = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data))[-1]
    br = [int(x) for x in m.groups()]
    start, end = br[1], br[2]          # the gap: "<hex>"
    assert data[start:start + 1] == b"<" and data[end - 1:end] == b">"
    return br, start, end


def signed_bytes(data, br):
    return data[br[0]:br[0] + br[1]] + data[br[2]:br[2] + br[3]]


def put_contents(data, start, end, der):
    hexval = der.hex().upper().encode()
    room = end - start - 2
    assert len(hexval) <= room, "signature value too large for /Contents"
    return data[:start + 1] + hexval + b"0" * (room - len(hexval)) + data[end - 1:]


def append_update(data, objs):
    """An incremental update (classic xref) defining objs {num: body}."""
    prev = int(list(re.finditer(rb"startxref\s+(\d+)", data))[-1].group(1))
    root = re.findall(rb"/Root\s+(\d+\s+\d+)\s+R", data)[-1]
    size = max(int(x) for x in re.findall(rb"/Size\s+(\d+)", data))
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for num in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    size = max(size, max(offsets) + 1)
    out += b"trailer\n<< /Size %d /Root %s R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, prev, xref)
    return bytes(out)


def next_object(data):
    return max(int(x) for x in re.findall(rb"/Size\s+(\d+)", data))


def with_catalog_entry(data, entry, objs):
    num = int(re.findall(rb"/Root\s+(\d+)\s+\d+\s+R", data)[-1])
    body = re.findall(rb"(?<![0-9])%d 0 obj\s*(.*?)\s*endobj" % num, data, re.S)[-1].rstrip()
    assert body.endswith(b">>")
    objs = dict(objs)
    objs[num] = body[:-2] + b" " + entry + b" >>"
    return append_update(data, objs)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


_signed = {}


def own_signed(p12=None, name="signed.pdf"):
    key = p12 or pki("rsa2048.p12")
    if key in _signed:
        return _signed[key]
    out = os.path.join(TMP, name)
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, key)
    assert status == 0, err
    _signed[key] = out
    return out


def sig0(report):
    return report["signatures"][0]


def said(sig, *words):
    text = " ".join(sig["reasons"])
    return all(w in text for w in words)


# ---- tests -------------------------------------------------------------

def test_trusted_file_anchor():
    status, report = verify(own_signed(), "--trust", pki("ca.pem"))
    sig = sig0(report)
    assert status == 0, report
    assert sig["anchor"] == {"source": "file",
                             "subject": "CN=Sealdesk Test Root CA, O=Sealdesk Test, C=DE"}, sig["anchor"]
    # No timestamp: the time is only claimed, and the report says so.
    assert sig["time_claimed_only"] is True
    assert sig["timestamp_time"] is None


def test_system_store_is_off_by_default():
    # A CA bundle that holds our root stands in for the system store.
    env = {"SSL_CERT_FILE": pki("ca.pem"), "SSL_CERT_DIR": TMP}
    status, report = verify(own_signed(), env=env)
    assert status == 1 and sig0(report)["trust"] == "untrusted", report
    status, report = verify(own_signed(), "--no-system-trust", env=env)
    assert status == 1, "--no-system-trust must still be accepted"
    status, report = verify(own_signed(), "--system-trust", env=env)
    assert status == 0, report
    assert sig0(report)["anchor"]["source"] == "system"


def test_tls_server_certificate():
    p12 = make_cert("tls-server")
    out = os.path.join(TMP, "tls.pdf")
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, p12)
    assert status == 2 and "extended key usage" in err, (status, err)
    assert not os.path.exists(out)
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, p12,
                       ["--allow-invalid-certificate"])
    assert status == 0, err
    status, report = verify(out, "--trust", pki("ca.pem"))
    sig = sig0(report)
    assert status == 1
    assert sig["digest_ok"] and sig["signature_ok"]
    assert sig["attack"] == "untrusted-purpose", sig
    assert sig["trust"] == "untrusted" and sig["anchor"] is None
    assert said(sig, "extended key usage"), sig["reasons"]


def test_cert_sign_only_certificate():
    p12 = make_cert("cert-sign-only")
    out = os.path.join(TMP, "certsign.pdf")
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, p12)
    assert status == 2 and "key usage" in err, (status, err)
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, p12,
                       ["--allow-invalid-certificate"])
    assert status == 0, err
    status, report = verify(out, "--trust", pki("ca.pem"))
    sig = sig0(report)
    assert status == 1 and sig["attack"] == "untrusted-purpose", sig
    assert said(sig, "key usage"), sig["reasons"]


def test_adobe_document_eku_is_accepted():
    p12 = make_cert("adobe-eku")
    out = os.path.join(TMP, "adobe.pdf")
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, p12)
    assert status == 0, err
    status, report = verify(out, "--trust", pki("ca.pem"))
    assert status == 0, report


def test_rsa_1024():
    p12 = make_cert("rsa1024")
    out = os.path.join(TMP, "rsa1024.pdf")
    # `sign` refuses the weak key, and says why.
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, p12)
    assert status == 2 and "1024 bits" in err and "2048" in err, (status, err)
    assert not os.path.exists(out)
    status, err = sign(os.path.join(FIXTURES, "xref-table.pdf"), out, p12,
                       ["--allow-invalid-certificate"])
    assert status == 0, err
    status, report = verify(out, "--trust", pki("ca.pem"))
    sig = sig0(report)
    assert status == 1 and sig["digest_ok"] and sig["signature_ok"]
    assert sig["attack"] == "weak-algorithm" and sig["verdict"] == "untrusted", sig
    assert said(sig, "1024 bits"), sig["reasons"]


def resign_cms(md, name):
    """Our signed file with its CMS replaced by `openssl cms -sign -md MD`."""
    data = read(own_signed())
    br, start, end = signature_parts(data)
    content = os.path.join(TMP, name + ".content")
    write(content, signed_bytes(data, br))
    der = openssl("cms", "-sign", "-binary", "-md", md, "-in", content,
                  "-signer", pki("rsa2048.cert.pem"), "-inkey", pki("rsa2048.key.pem"),
                  "-certfile", pki("intermediate.pem"), "-outform", "DER", "-nosmimecap")
    out = os.path.join(TMP, name + ".pdf")
    write(out, put_contents(data, start, end, der))
    return out


def test_md5_refused():
    status, report = verify(resign_cms("md5", "md5"), "--trust", pki("ca.pem"))
    sig = sig0(report)
    assert status == 1
    assert sig["digest_ok"] and sig["signature_ok"], sig   # a real MD5 signature
    assert sig["attack"] == "weak-algorithm" and sig["verdict"] == "invalid", sig
    assert said(sig, "MD5", "refused"), sig["reasons"]


def test_sha1_after_2016():
    status, report = verify(resign_cms("sha1", "sha1"), "--trust", pki("ca.pem"))
    sig = sig0(report)
    assert status == 1 and sig["digest_ok"] and sig["signature_ok"], sig
    assert sig["claimed_time"] > "2017", sig["claimed_time"]
    assert sig["attack"] == "weak-algorithm" and sig["verdict"] == "invalid", sig
    assert said(sig, "SHA-1", "after 2016"), sig["reasons"]


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


SHA1_OID = bytes.fromhex("06052b0e03021a")


def rsa_private_numbers(key_pem):
    """(n, d) of an RSA key, from `openssl pkey -text` (raw RSA in Python:
    openssl pkeyutl refuses a block that is not a digest)."""
    text = openssl("pkey", "-in", key_pem, "-noout", "-text").decode()

    def number(label):
        m = re.search(label + r":\s*\n((?:\s+[0-9a-f:]+\n)+)", text)
        return int(re.sub(r"[\s:]", "", m.group(1)), 16)
    return number("modulus"), number("privateExponent")


def x509_rsa_sha1(kind):
    """A signed file turned into adbe.x509.rsa_sha1 with a PKCS#1 block of KIND:
    "good", "trailing" (bytes after the DigestInfo), "params" (not NULL)."""
    base = os.path.join(TMP, "cert-holder.pdf")
    if not os.path.exists(base):
        cert_der = openssl("x509", "-in", pki("rsa2048.cert.pem"), "-outform", "DER")
        data = read(os.path.join(FIXTURES, "xref-table.pdf"))
        num = next_object(data)
        write(base, append_update(data, {num: b"<" + cert_der.hex().encode() + b">"}))
        status, err = sign(base, base + ".signed", pki("rsa2048.p12"))
        assert status == 0, err
        x509_rsa_sha1.cert_obj = num
    data = read(base + ".signed")
    m = re.search(rb"/SubFilter /ETSI\.CAdES\.detached .*?(?=/ByteRange)", data, re.S)
    old = m.group(0)
    claimed = re.search(rb"/M \([^)]*\)", old).group(0)
    new = b"/SubFilter /adbe.x509.rsa_sha1 /Cert %d 0 R " % x509_rsa_sha1.cert_obj + claimed + b" "
    assert len(new) <= len(old)
    data = data[:m.start()] + new + b" " * (len(old) - len(new)) + data[m.end():]
    br, start, end = signature_parts(data)
    digest = __import__("hashlib").sha1(signed_bytes(data, br)).digest()
    params = b"\x05\x00" if kind != "params" else der(0x04, b"\xff" * 12)
    info = der(0x30, der(0x30, SHA1_OID + params) + der(0x04, digest))
    trailing = b"\x00" * 0 if kind != "trailing" else b"\xde\xad" * 12
    block_len = 256
    pad = block_len - 3 - len(info) - len(trailing)
    block = b"\x00\x01" + b"\xff" * pad + b"\x00" + info + trailing
    n, d = rsa_private_numbers(pki("rsa2048.key.pem"))
    value = pow(int.from_bytes(block, "big"), d, n).to_bytes(block_len, "big")
    out = os.path.join(TMP, "x509-" + kind + ".pdf")
    write(out, put_contents(data, start, end, der(0x04, value)))
    return out


def test_pkcs1_digest_info_strict():
    status, report = verify(x509_rsa_sha1("good"), "--trust", pki("ca.pem"))
    sig = sig0(report)
    # The control: a correct PKCS#1 value verifies (SHA-1 "now" is refused).
    assert sig["subfilter"] == "adbe.x509.rsa_sha1", sig
    assert sig["digest_ok"] and sig["signature_ok"], sig
    for kind in ("trailing", "params"):
        status, report = verify(x509_rsa_sha1(kind), "--trust", pki("ca.pem"))
        sig = sig0(report)
        assert status == 1 and sig["verdict"] == "invalid", (kind, sig)
        assert not sig["signature_ok"], (kind, sig)
        assert said(sig, "PKCS#1"), (kind, sig["reasons"])


def hostile(path, cap):
    status, text, rss_kib, seconds = run_measured(
        [CLI, "verify", path, "--trust", pki("ca.pem"), "--json"],
        limit_as=None if built_with_asan(CLI) else AS_LIMIT)
    assert status == 1, (path, status, text[-500:])
    report = json.loads(text)
    print("# %s: %.2f s, %d MiB peak RSS, cap %s" % (os.path.basename(path), seconds,
                                                     rss_kib // 1024, report["too_complex"]))
    assert seconds < 20, seconds
    assert rss_kib < 256 * 1024, rss_kib
    assert report["verdict"] == "invalid"
    assert report["too_complex"] == cap, report["too_complex"]
    assert any("too complex" in r for r in report["reasons"]), report["reasons"]
    for sig in report["signatures"]:
        assert sig["verdict"] == "invalid" and sig["attack"] == "too-complex", sig


def test_hostile_many_eof():
    data = read(own_signed())
    path = os.path.join(TMP, "eof.pdf")
    write(path, data + b"%%EOF\n" * 10000)
    hostile(path, "revisions")


def test_hostile_flate_bomb_in_dss():
    data = read(own_signed())
    comp = zlib.compressobj(1)
    zero = bytes(1 << 20)
    z = b"".join(comp.compress(zero) for _ in range(1024)) + comp.flush()  # 1 GiB
    num = next_object(data)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream"
    path = os.path.join(TMP, "bomb.pdf")
    write(path, with_catalog_entry(data, b"/DSS << /Certs [%d 0 R] >>" % num, {num: stream}))
    hostile(path, "decompressed-bytes-per-stream")


def test_hostile_nested_arrays():
    data = read(own_signed())
    num = next_object(data)
    path = os.path.join(TMP, "nested.pdf")
    write(path, with_catalog_entry(data, b"/SdDeep %d 0 R" % num,
                                   {num: b"[" * 200 + b"0" + b"]" * 200}))
    hostile(path, "nesting")


def test_hostile_nesting_qpdf_drops():
    """2,000 levels: qpdf's parser drops what is nested this deep (it reads
    null), so only the raw bytes show it."""
    data = read(own_signed())
    num = next_object(data)
    path = os.path.join(TMP, "nested-2000.pdf")
    write(path, with_catalog_entry(data, b"/SdDeep %d 0 R" % num,
                                   {num: b"[" * 2000 + b"0" + b"]" * 2000}))
    hostile(path, "nesting")


def test_trust_list_round_trip():
    home = os.path.join(TMP, "home")
    env = {"SEALDESK_HOME": home}
    path = own_signed()
    status, report = verify(path, env=env)
    assert status == 1 and not os.path.exists(os.path.join(home, "sealdesk.db")), \
        "verify must not create a workspace"
    status, out, err, _, _ = run([CLI, "trust", "add", pki("ca.pem")], env=env)
    assert status == 0, err
    status, out, err, _, _ = run([CLI, "trust", "list", "--json"], env=env)
    anchors = json.loads(out)["anchors"]
    assert len(anchors) == 1 and "Sealdesk Test Root CA" in anchors[0]["subject"], anchors
    sha = anchors[0]["sha256"]
    assert re.fullmatch("[0-9a-f]{64}", sha)
    status, report = verify(path, env=env)
    assert status == 0, report
    assert sig0(report)["anchor"]["source"] == "trust-list", sig0(report)
    status, out, err, _, _ = run([CLI, "trust", "remove", sha], env=env)
    assert status == 0, err
    status, out, err, _, _ = run([CLI, "trust", "list", "--json"], env=env)
    assert json.loads(out)["anchors"] == []
    status, report = verify(path, env=env)
    assert status == 1 and sig0(report)["trust"] == "untrusted"
    status, out, err, _, _ = run([CLI, "trust", "remove", sha], env=env, check=False)
    assert status == 2 and "trust list" in err, (status, err)
    status, out, err, _, _ = run([CLI, "trust", "add", os.path.join(FIXTURES, "xref-table.pdf")],
                                 env=env, check=False)
    assert status == 2 and "no certificate" in err, (status, err)


TESTS = [v for k, v in list(globals().items()) if k.startswith("test_")]


def main():
    print("1..%d" % len(TESTS))
    failed = 0
    for i, test in enumerate(TESTS, 1):
        try:
            test()
            print("ok %d - %s" % (i, test.__name__))
        except Exception:
            failed += 1
            print("not ok %d - %s" % (i, test.__name__))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        sys.stdout.flush()
    if not failed:
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
