#!/usr/bin/env python3
"""Long-term validation of password-protected PDFs: AES-256 and RC4 files
made with `qpdf --encrypt` are signed at B-LTA, extended again (archive
renewal) with `extend --password-env`, and taken from the queue of
pending documents with the password given to `extend --pending`. The
/DSS's streams are encrypted with the document's key, the /Contents of
each /DocTimeStamp is not; qpdf --check with the password is clean,
pdfsig -upw says valid, openssl ts verifies the last document timestamp,
our verifier reports B-LTA. No, or a wrong, password: one clear line,
exit 2, nothing written and the file untouched."""

import hashlib
import importlib.util
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

from tsalib import copy_fixture, need, run_tests  # noqa: E402
from wflib import sha256_file  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "ltv", os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-ltv.py"))
ltv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ltv)

USER = "user-pw"
OWNER = "owner-pw"
CIPHERS = {
    # name: qpdf --encrypt key length and options, /R
    "aes-256": (["256"], 6),
    "rc4-128": (["128", "--use-aes=n"], 3),
}


def encrypt(env, cipher, name="enc.pdf"):
    need("qpdf")
    bits, _ = CIPHERS[cipher]
    plain = copy_fixture(env.ws, "xref-table.pdf", "plain-" + name)
    out = env.ws.path(name)
    subprocess.run(["qpdf", "--allow-weak-crypto", "--encrypt", USER, OWNER, *bits, "--", plain, out],
                   check=True, capture_output=True)
    return out


def pw(password=USER):
    return {"DOC_PASSWORD": password}


def qpdf_check(path, cipher):
    r = subprocess.run(["qpdf", f"--password={USER}", "--check", path], capture_output=True, text=True)
    assert r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout, r.stdout + r.stderr
    assert f"R = {CIPHERS[cipher][1]}" in r.stdout, r.stdout
    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    assert r.returncode == 2, "opens without the password"


def pdfsig_valid(path):
    need("pdfsig")
    out = subprocess.run(["pdfsig", "-upw", USER, path], capture_output=True, text=True).stdout
    assert "Signature is Valid." in out and "Signature is Invalid" not in out, out
    return out


def verify(env, path):
    r = env.ws.run("verify", path, "--trust", env.svc.pki.ca, "--password-env", "DOC_PASSWORD", "--json",
                   expect=0, env=pw())
    report = json.loads(r.stdout)
    assert report.get("encrypted") is True, report
    return report


def read_dss_encrypted(env, path):
    """The /DSS as qpdf reads it with the password (decrypted)."""
    plain = env.ws.path("decrypted-" + os.path.basename(path))
    subprocess.run(["qpdf", f"--password={USER}", "--decrypt", path, plain], check=True, capture_output=True)
    return ltv.read_dss(plain)


def check_b_lta(env, path, cipher, n_stamps):
    qpdf_check(path, cipher)
    pdfsig_valid(path)
    sigs = verify(env, path)["signatures"]
    assert [s["level"] for s in sigs] == ["B-LTA"] + ["timestamp"] * n_stamps, sigs
    assert all(s["verdict"] == "valid" for s in sigs), sigs
    # The document timestamp's /Contents is in clear: openssl reads it from the file.
    ltv.openssl_ts_verify(env.ws, path, env.svc.pki.ca)
    dss = read_dss_encrypted(env, path)
    signer = ltv.der_of_pem(env.ws, os.path.join(env.svc.pki.dir, "signer.pem"))
    assert signer in dss["Certs"] and len(dss["OCSPs"]) >= 1, dss["refs"]
    # Each stream of the DSS is encrypted in the file: its DER is not there in clear.
    with open(path, "rb") as f:
        data = f.read()
    assert signer not in data, "a certificate of the DSS is in clear"
    # /VRI: one entry per signature and document timestamp but the last,
    # keyed by the SHA-1 of /Contents as the file holds it.
    keys = [hashlib.sha1(c).hexdigest().upper() for c in ltv.contents_of_signatures(path)]
    assert sorted(dss["VRI"]) == sorted(keys[:-1]), (dss["VRI"], keys)


def test_sign_b_lta(env, cipher):
    env.svc.start_http()
    env.svc.start_ocsp()
    doc = encrypt(env, cipher)
    out, r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA", "--password-env", "DOC_PASSWORD",
                      "--json", doc=doc, env=pw())
    assert json.loads(r.stdout)["signed"][0]["level"] == "B-LTA", r.stdout
    assert USER not in r.stdout + r.stderr
    check_b_lta(env, out, cipher, 1)

    # Archive renewal: another document timestamp, its data in the DSS.
    before = sha256_file(out)
    renewed = env.ws.path("renewed.pdf")
    r = env.extend(out, "-o", renewed, "--level", "B-LTA", "--tsa", env.svc.tsa_url,
                   "--password-env", "DOC_PASSWORD", "--json", env=pw())
    assert json.loads(r.stdout)["extended"][0]["level"] == "B-LTA", r.stdout
    assert sha256_file(out) == before
    check_b_lta(env, renewed, cipher, 2)


def test_extend_b_t(env, cipher):
    """A B-T signature of an encrypted document extended to B-LT, then in
    place to B-LTA."""
    env.svc.start_http()
    env.svc.start_ocsp()
    doc = encrypt(env, cipher)
    out, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", "--password-env", "DOC_PASSWORD",
                      doc=doc, env=pw())
    lt = env.ws.path("lt.pdf")
    env.extend(out, "-o", lt, "--level", "B-LT", "--password-env", "DOC_PASSWORD", env=pw())
    qpdf_check(lt, cipher)
    pdfsig_valid(lt)
    sigs = verify(env, lt)["signatures"]
    assert [s["level"] for s in sigs] == ["B-LT"] and sigs[0]["verdict"] == "valid", sigs
    env.extend(lt, "--level", "B-LTA", "--tsa", env.svc.tsa_url, "--password-env", "DOC_PASSWORD",
               env=pw(OWNER))
    check_b_lta(env, lt, cipher, 1)


def test_refusals(env):
    env.svc.start_http()
    env.svc.start_ocsp()
    doc = encrypt(env, "aes-256")
    out, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", "--password-env", "DOC_PASSWORD",
                      doc=doc, env=pw())
    before = sha256_file(out)
    target = env.ws.path("never.pdf")
    for args, environ, contains in (
            ((), {}, "--password-env"),
            (("--password-env", "DOC_PASSWORD"), pw("wrong"), "not correct"),
            (("--password-env", "SD_NO_SUCH_VARIABLE"), {}, "SD_NO_SUCH_VARIABLE")):
        for extra in ((out, "-o", target), (out,)):
            r = env.extend(*extra, "--level", "B-LTA", "--tsa", env.svc.tsa_url, *args, expect=2, env=environ)
            assert contains.lower() in r.stderr.lower(), (contains, r.stderr)
            assert USER not in r.stderr
            assert not os.path.exists(target), "a refused extension was written"
            assert sha256_file(out) == before, "the document was changed"
    assert not [n for n in os.listdir(env.ws.dir) if ".tmp" in n]
    # Signing at B-LTA with a wrong password: refused, nothing written.
    r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA", "--password-env", "DOC_PASSWORD",
                 doc=doc, out="never-signed.pdf", env=pw("wrong"), expect=2)[1]
    assert "not correct" in r.stderr, r.stderr
    assert not os.path.exists(env.ws.path("never-signed.pdf"))


def test_pending(env):
    """Signed with no TSA: B-B and queued, without the password. extend
    --pending without it says how to give it and keeps the document
    queued; with it, B-LTA."""
    doc = encrypt(env, "rc4-128")
    out, r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA", "--tsa-timeout", "3",
                      "--password-env", "DOC_PASSWORD", doc=doc, out="transcript.pdf", env=pw())
    assert "--password-env" in r.stderr and "B-B" in r.stderr, r.stderr
    # The queue does not keep the password.
    with open(os.path.join(env.ws.home, "sealdesk.db"), "rb") as f:
        assert USER.encode() not in f.read()
    signed = sha256_file(out)
    env.svc.start_http()
    env.svc.start_ocsp()
    r = env.extend("--pending", "--tsa", env.svc.tsa_url, expect=2)
    assert "--password-env" in r.stderr and "queued" in r.stderr, r.stderr
    assert sha256_file(out) == signed
    res = json.loads(env.extend("--pending", "--tsa", env.svc.tsa_url, "--password-env", "DOC_PASSWORD",
                                "--json", env=pw()).stdout)["extended"]
    assert len(res) == 1 and res[0]["level"] == "B-LTA", res
    check_b_lta(env, out, "rc4-128", 1)
    stamped = [e for e in env.ws.json("ledger", "list")["entries"]
               if e["details"].get("action") == "timestamp-added"]
    assert len(stamped) == 1 and stamped[0]["details"]["signed_sha256"] == signed, stamped
    assert "No document" in env.extend("--pending", "--tsa", env.svc.tsa_url).stdout


TESTS = [
    ("aes-256: signed at B-LTA, renewed with extend --password-env", lambda env: test_sign_b_lta(env, "aes-256")),
    ("rc4-128: signed at B-LTA, renewed with extend --password-env", lambda env: test_sign_b_lta(env, "rc4-128")),
    ("aes-256: B-T extended to B-LT, then in place to B-LTA (owner password)",
     lambda env: test_extend_b_t(env, "aes-256")),
    ("no, a wrong or a missing password: clear error, nothing written", test_refusals),
    ("pending: the queue keeps no password; extend --pending --password-env", test_pending),
]


def main():
    run_tests(TESTS, ltv.Env)


if __name__ == "__main__":
    main()
