#!/usr/bin/env python3
"""Trusted time: RFC 3161 signature timestamps (PAdES B-T) from a local TSA
(`openssl ts -reply` behind http.server on 127.0.0.1), checked with
openssl cms, pdfsig and our verifier."""

import datetime
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

from tsalib import TsaEnv, asn1_time, copy_fixture, need, openssl, run_tests  # noqa: E402


def der_prefix(data):
    """The DER value at the start of @data (the /Contents hex is padded with
    zeros, and a DER value may itself end in zero bytes)."""
    assert data[0] == 0x30, data[:4]
    if data[1] < 0x80:
        return data[:2 + data[1]]
    n = data[1] & 0x7F
    length = int.from_bytes(data[2:2 + n], "big")
    return data[:2 + n + length]


def signatures(path):
    """(ByteRange, CMS DER) of every signature, in file order."""
    with open(path, "rb") as f:
        data = f.read()
    out = []
    for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data):
        br = [int(x) for x in m.groups()]
        hexdata = data[br[1] + 1:br[2] - 1]
        out.append((br, der_prefix(bytes.fromhex(hexdata.decode()))))
    return out


def cms_print(ws, der):
    p = ws.path("cms.der")
    with open(p, "wb") as f:
        f.write(der)
    # Trailing zeros may remain after a DER structure: openssl reads the first.
    return openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", p)


def pdfsig(path):
    need("pdfsig")
    r = subprocess.run(["pdfsig", path], capture_output=True, text=True)
    return r.stdout + r.stderr


def assert_pdfsig_valid(path, count=None):
    out = pdfsig(path)
    valid = out.count("Signature is Valid.")
    assert valid >= 1 and "Signature is Invalid" not in out, out
    if count is not None:
        assert valid == count, out
    return out


class Env(TsaEnv):
    def sign(self, *extra, doc=None, out="signed.pdf", person=None, expect=0):
        doc = doc or copy_fixture(self.ws)
        person = person or self.signer
        out = self.ws.path(out)
        r = self.ws.run("sign", doc, "-o", out, "--p12", person["p12"], "--pin-env", "PIN",
                        "--tsa-trust", self.svc.pki.ca, *extra, expect=expect)
        return out, r


def test_b_t(env):
    env.svc.start_http()
    out, r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T")
    assert "B-T" in r.stdout, r.stdout
    sigs = signatures(out)
    assert len(sigs) == 1
    printed = cms_print(env.ws, sigs[0][1])
    assert "id-smime-aa-timeStampToken" in printed or "signatureTimeStampToken" in printed, printed
    assert "id-smime-ct-TSTInfo" in printed, printed
    assert_pdfsig_valid(out, 1)
    report = env.verify(out, expect=0)
    sig = report["signatures"][0]
    assert sig["verdict"] == "valid", sig
    assert sig["level"] == "B-T", sig
    assert sig["timestamp_time"] is not None, sig
    assert sig["timestamp_trusted"], sig
    ts = sig["timestamps"]
    assert len(ts) == 1 and ts[0]["kind"] == "signature", sig
    assert "Sealdesk Test TSA" in ts[0]["authority"], ts
    assert ts[0]["time"] == sig["timestamp_time"] and ts[0]["trusted"], ts
    text = env.ws.run("verify", out, "--trust", env.svc.pki.ca).stdout
    assert "B-T" in text and "by O=Sealdesk Test, CN=Sealdesk Test TSA (signature timestamp, trusted)" in text, text
    report_pdf = env.ws.path("report.pdf")
    env.ws.run("verify", out, "--trust", env.svc.pki.ca, "--report", report_pdf)
    need("pdftotext")
    shown = subprocess.run(["pdftotext", report_pdf, "-"], capture_output=True, text=True).stdout
    assert "B-T" in shown and "Sealdesk Test TSA" in shown, shown


def test_fallback(env):
    env.svc.start_http()
    dead = f"http://127.0.0.1:{env.svc.ocsp_port}/nothing-here"
    out, _ = env.sign("--tsa", dead, "--tsa", env.svc.tsa_url, "--level", "B-T", "--json")
    report = env.verify(out, expect=0)
    assert report["signatures"][0]["level"] == "B-T", report


def test_fallback_order(env):
    """--tsa repeated: tried in order; a TSA that is down, one that answers
    garbage, and one that answers a token for another query are each
    passed over, and the next one's token is used."""
    env.svc.start_http()
    base = f"http://127.0.0.1:{env.svc.http_port}"
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{s.getsockname()[1]}/tsa"     # bound, not listening
        for first in (down, base + "/tsa-garbage", base + "/tsa-wrong"):
            out, r = env.sign("--tsa", first, "--tsa", env.svc.tsa_url, "--level", "B-T", "--json",
                              "--tsa-timeout", "5", out="fallback.pdf")
            result = json.loads(r.stdout)["signed"][0]
            assert result["level"] == "B-T" and result["tsa"] == env.svc.tsa_url, (first, result)
            assert env.verify(out, expect=0)["signatures"][0]["level"] == "B-T"
            os.unlink(out)
        assert env.svc.requests.get("tsa-garbage", 0) >= 1 and env.svc.requests.get("tsa-wrong", 0) >= 1
        # A bad answer alone is not "unreachable": no B-B deferral, a refusal.
        for bad in (base + "/tsa-garbage", base + "/tsa-wrong"):
            never = env.ws.path("never.pdf")
            env.ws.fail("sign", copy_fixture(env.ws), "-o", never, "--p12", env.signer["p12"], "--pin-env",
                        "PIN", "--tsa-trust", env.svc.pki.ca, "--tsa", bad, "--level", "B-T")
            assert not os.path.exists(never)


def test_untrusted_tsa(env):
    """A TSA whose CA we were not told to trust: refused, nothing written."""
    env.svc.start_http()
    doc = copy_fixture(env.ws)
    out = env.ws.path("never.pdf")
    err = env.ws.fail("sign", doc, "-o", out, "--p12", env.signer["p12"], "--pin-env", "PIN",
                      "--tsa", env.svc.tsa_url, "--level", "B-T", contains="trust")
    assert not os.path.exists(out), err


def test_unreachable_fails(env):
    """--require-tsa: no deferral, a clean failure."""
    doc = copy_fixture(env.ws)
    out = env.ws.path("never.pdf")
    env.ws.fail("sign", doc, "-o", out, "--p12", env.signer["p12"], "--pin-env", "PIN",
                "--tsa-trust", env.svc.pki.ca, "--tsa", env.svc.tsa_url, "--tsa-timeout", "3",
                "--level", "B-T", "--require-tsa", contains="cannot be reached")
    assert not os.path.exists(out)


def test_level_needs_tsa(env):
    doc = copy_fixture(env.ws)
    env.ws.fail("sign", doc, "-o", env.ws.path("x.pdf"), "--p12", env.signer["p12"], "--pin-env", "PIN",
                "--level", "B-T", contains="--tsa")


def issue_tsa(env, name, bits, critical):
    """A TSA certificate under the test CA: timeStamping EKU, critical or
    not, on an RSA key of @bits."""
    pki = env.svc.pki
    key, csr, cert = (env.ws.path(name + x) for x in (".key", ".csr", ".pem"))
    ext = env.ws.path(name + ".ext")
    with open(ext, "w") as f:
        f.write("[ tsa ]\nbasicConstraints = critical,CA:FALSE\n"
                "keyUsage = critical,digitalSignature,nonRepudiation\n"
                "extendedKeyUsage = %stimeStamping\n" % ("critical," if critical else ""))
    openssl("req", "-new", "-newkey", "rsa:%d" % bits, "-nodes", "-keyout", key, "-out", csr,
            "-subj", "/O=Sealdesk Test/CN=Policy TSA " + name, "-config", pki.cnf)
    # Valid since yesterday: before the timestamp it signs again.
    now = datetime.datetime.now(datetime.timezone.utc)
    openssl("ca", "-batch", "-notext", "-config", pki.cnf, "-extfile", ext, "-extensions", "tsa",
            "-startdate", asn1_time(now - datetime.timedelta(days=1)),
            "-enddate", asn1_time(now + datetime.timedelta(days=30)), "-in", csr, "-out", cert)
    return key, cert


def restamp(env, path, name, key, cert):
    """@path with its last document timestamp's TSTInfo (time and imprint
    unchanged) signed again by @key / @cert: what a TSA with that
    certificate would have answered."""
    with open(path, "rb") as f:
        data = f.read()
    br = [[int(x) for x in m.groups()]
          for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)][-1]
    start, end = br[1], br[2]
    token, info, new = (env.ws.path(name + x) for x in (".tsr", ".tstinfo", ".new.tsr"))
    with open(token, "wb") as f:
        f.write(der_prefix(bytes.fromhex(data[start + 1:end - 1].decode())))
    openssl("cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", token, "-out", info)
    openssl("cms", "-sign", "-binary", "-nodetach", "-nosmimecap", "-md", "sha256",
            "-econtent_type", "1.2.840.113549.1.9.16.1.4", "-in", info, "-signer", cert,
            "-inkey", key, "-certfile", env.svc.pki.ca, "-outform", "DER", "-out", new)
    with open(new, "rb") as f:
        hexval = f.read().hex().upper().encode()
    room = end - start - 2
    assert len(hexval) <= room, "the new token does not fit"
    out = env.ws.path(name + ".pdf")
    with open(out, "wb") as f:
        f.write(data[:start + 1] + hexval + b"0" * (room - len(hexval)) + data[end - 1:])
    return out


def test_tsa_policy(env):
    """A document timestamp is trusted only from a time-stamping
    certificate (critical timeStamping EKU) with a strong key."""
    env.svc.start_http()
    env.svc.start_ocsp()
    out, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA")
    pki = env.svc.pki
    # The control: the same token signed again by the real TSA is valid.
    same = restamp(env, out, "same", os.path.join(pki.dir, "tsa.key"), os.path.join(pki.dir, "tsa.pem"))
    report = env.verify(same, expect=0)
    assert [s["verdict"] for s in report["signatures"]] == ["valid", "valid"], report
    cases = [("no-critical-eku", 2048, False, "critical extended key usage timeStamping"),
             ("rsa-1024", 1024, True, "timestamp authority's key has only 1024 bits")]
    for name, bits, critical, words in cases:
        key, cert = issue_tsa(env, name, bits, critical)
        path = restamp(env, out, name, key, cert)
        report = env.verify(path, expect=1)
        stamp = report["signatures"][-1]
        assert stamp["subfilter"] == "ETSI.RFC3161", stamp
        assert stamp["digest_ok"] and stamp["signature_ok"], (name, stamp)
        assert stamp["verdict"] != "valid" and stamp["trust"] == "untrusted", (name, stamp)
        assert any(words in r for r in stamp["reasons"]), (name, stamp["reasons"])
        assert report["verdict"] != "valid", report["verdict"]


TESTS = [
    ("b-t: token in the CMS, pdfsig valid, verifier says B-T", test_b_t),
    ("b-t: a dead TSA first, the next one answers", test_fallback),
    ("b-t: down, garbage and wrong-imprint TSAs are passed over in order", test_fallback_order),
    ("b-t: an untrusted TSA is refused", test_untrusted_tsa),
    ("b-t: no reachable TSA fails cleanly", test_unreachable_fails),
    ("b-t: a level needs --tsa", test_level_needs_tsa),
    ("b-lta: a TSA without the timeStamping EKU or with a weak key is not trusted", test_tsa_policy),
]


def main():
    run_tests(TESTS, Env)


if __name__ == "__main__":
    main()
