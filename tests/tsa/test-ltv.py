#!/usr/bin/env python3
"""Long-term validation: PAdES B-LT (a /DSS with certificates, OCSP
responses and CRLs from a local `openssl ocsp` responder and a CRL on
127.0.0.1) and B-LTA (document timestamps), checked with qpdf --json,
openssl, pdfsig and our verifier."""

import base64
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

from tsalib import Skip, TsaEnv, copy_fixture, need, openssl, run_tests  # noqa: E402
from wflib import sha256_file  # noqa: E402


def pdfsig(path):
    need("pdfsig")
    r = subprocess.run(["pdfsig", path], capture_output=True, text=True)
    return r.stdout + r.stderr


def assert_pdfsig_valid(path):
    """Every CAdES signature valid (pdfsig does not check document
    timestamps: it says they are not verified yet)."""
    out = pdfsig(path)
    assert "Signature is Valid." in out and "Signature is Invalid" not in out, out
    return out


def qpdf_objects(path):
    need("qpdf")
    r = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline", path],
                       capture_output=True, text=True)
    assert r.returncode in (0, 3), r.stderr
    return json.loads(r.stdout)["qpdf"][1]


def stream_data(objs, ref):
    return base64.b64decode(objs["obj:" + ref]["stream"]["data"])


def read_dss(path):
    """The /DSS as qpdf reads it: DER of each certificate, OCSP response
    and CRL, and the /VRI keys with what each lists."""
    objs = qpdf_objects(path)
    root = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
    assert "/DSS" in root, root
    dss = root["/DSS"]
    if isinstance(dss, str):
        dss = objs["obj:" + dss]["value"]
    out = {k: [stream_data(objs, r) for r in dss.get("/" + k, [])] for k in ("Certs", "OCSPs", "CRLs")}
    out["VRI"] = {k[1:]: v for k, v in dss.get("/VRI", {}).items()}
    out["refs"] = {k: dss.get("/" + k, []) for k in ("Certs", "OCSPs", "CRLs")}
    return out


def der_of_pem(ws, pem):
    p = ws.path("cert.der")
    openssl("x509", "-in", pem, "-outform", "DER", "-out", p)
    with open(p, "rb") as f:
        return f.read()


def byte_ranges(path):
    import re
    with open(path, "rb") as f:
        data = f.read()
    return data, [[int(x) for x in m.groups()]
                  for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)]


def der_prefix(padded):
    """The DER element at the start of @padded, without the zero padding
    after it. (Stripping zero bytes would also eat a signature value that
    happens to end in 0x00, one token in 256.)"""
    assert padded[0] == 0x30, padded[:4].hex()
    n = padded[1]
    if n < 0x80:
        return padded[:2 + n]
    k = n & 0x7F
    return padded[:2 + k + int.from_bytes(padded[2:2 + k], "big")]


def openssl_ts_verify(ws, path, ca):
    """Checks the last document timestamp of @path with openssl ts -verify:
    its imprint is the SHA-256 of the bytes its /ByteRange covers."""
    data, ranges = byte_ranges(path)
    br = ranges[-1]
    token = der_prefix(bytes.fromhex(data[br[1] + 1:br[2] - 1].decode()))
    digest = hashlib.sha256(data[br[0]:br[0] + br[1]] + data[br[2]:br[2] + br[3]]).hexdigest()
    tok = ws.path("doc-ts.der")
    with open(tok, "wb") as f:
        f.write(token)
    out = openssl("ts", "-verify", "-digest", digest, "-in", tok, "-token_in", "-CAfile", ca)
    assert "Verification: OK" in out, out
    assert br[2] + br[3] == len(data), "the document timestamp does not cover the whole file"


def contents_of_signatures(path):
    """The /Contents bytes of every signature, in file order."""
    import re
    with open(path, "rb") as f:
        data = f.read()
    out = []
    for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data):
        br = [int(x) for x in m.groups()]
        out.append(bytes.fromhex(data[br[1] + 1:br[2] - 1].decode()))
    return out


def ocsp_text(ws, der):
    p = ws.path("resp.der")
    with open(p, "wb") as f:
        f.write(der)
    return openssl("ocsp", "-respin", p, "-resp_text", "-noverify")


class Env(TsaEnv):
    SIGNER_CN = "Sealdesk LTV Test Signer"

    def sign(self, *extra, doc=None, out="signed.pdf", person=None, expect=0, env=None):
        doc = doc or copy_fixture(self.ws)
        person = person or self.signer
        out = self.ws.path(out)
        r = self.ws.run("sign", doc, "-o", out, "--p12", person["p12"], "--pin-env", "PIN",
                        "--tsa-trust", self.svc.pki.ca, "--tsa-timeout", "5", *extra, expect=expect, env=env)
        return out, r

    def extend(self, *args, expect=0, env=None):
        return self.ws.run("extend", *args, "--tsa-trust", self.svc.pki.ca, "--tsa-timeout", "5",
                           expect=expect, env=env)



def test_b_lt(env):
    env.svc.start_http()
    env.svc.start_ocsp()
    out, r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LT", "--json")
    assert json.loads(r.stdout)["signed"][0]["level"] == "B-LT", r.stdout
    assert_pdfsig_valid(out)
    dss = read_dss(out)
    pki = env.svc.pki
    for name in ("signer.pem", "ca.pem", "tsa.pem", "ocsp.pem"):
        assert der_of_pem(env.ws, os.path.join(pki.dir, name)) in dss["Certs"], name
    # OCSP for the signer (AIA), a CRL for the TSA (it has only a CDP).
    assert len(dss["OCSPs"]) == 1 and len(dss["CRLs"]) == 1, dss["refs"]
    text = ocsp_text(env.ws, dss["OCSPs"][0])
    assert "Cert Status: good" in text and "Sealdesk Test OCSP Responder" in text, text
    with open(pki.crl_der, "rb") as f:
        assert dss["CRLs"][0] == f.read()
    # /VRI keyed by the SHA-1 of the signature's /Contents, listing it all.
    contents = contents_of_signatures(out)
    key = hashlib.sha1(contents[0]).hexdigest().upper()
    assert list(dss["VRI"]) == [key], dss["VRI"]
    vri = dss["VRI"][key]
    assert sorted(vri["/Cert"]) == sorted(dss["refs"]["Certs"]), vri
    assert vri["/OCSP"] == dss["refs"]["OCSPs"] and vri["/CRL"] == dss["refs"]["CRLs"], vri
    report = env.verify(out, expect=0)
    sig = report["signatures"][0]
    assert sig["verdict"] == "valid" and sig["level"] == "B-LT", sig
    assert [c["kind"] for c in sig["changes_after"]] == ["dss"], sig
    r = subprocess.run(["qpdf", "--check", out], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_extend_b_lt_and_cache(env):
    """extend adds the DSS to a B-T document; with the responder and the
    CRL gone, revocation data comes from the workspace's cache."""
    env.svc.start_http()
    env.svc.start_ocsp()
    first, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", out="first.pdf")
    before = sha256_file(first)
    lt = env.ws.path("first-lt.pdf")
    r = env.extend(first, "-o", lt, "--level", "B-LT", "--json")
    res = json.loads(r.stdout)["extended"][0]
    assert res["level"] == "B-LT" and res["ocsps"] == 1 and res["from_cache"] == 0, res
    assert sha256_file(first) == before, "the original was modified"
    assert env.verify(lt, expect=0)["signatures"][0]["level"] == "B-LT"

    second, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", out="second.pdf")
    env.svc.stop_ocsp()
    env.svc.serve_crl = False
    lt2 = env.ws.path("second-lt.pdf")
    res = json.loads(env.extend(second, "-o", lt2, "--level", "B-LT", "--json").stdout)["extended"][0]
    assert res["from_cache"] == 2 and res["ocsps"] == 1 and res["crls"] == 1, res
    sig = env.verify(lt2, expect=0)["signatures"][0]
    assert sig["level"] == "B-LT" and sig["verdict"] == "valid", sig
    assert_pdfsig_valid(lt2)

    # --offline asks nobody, even when the network is there.
    env.svc.serve_crl = True
    env.svc.start_ocsp()
    third, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", out="third.pdf")
    crl_requests = env.svc.requests["crl"]
    lt3 = env.ws.path("third-lt.pdf")
    res = json.loads(env.extend(third, "-o", lt3, "--level", "B-LT", "--offline", "--json").stdout)["extended"][0]
    assert res["from_cache"] == 2 and env.svc.requests["crl"] == crl_requests, res
    assert env.verify(lt3, expect=0)["signatures"][0]["level"] == "B-LT"
    # Another signer of the same CA: no OCSP response cached, the CA's CRL is.
    other = env.svc.pki.issue("other", "Sealdesk LTV Other Signer")
    fourth, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", person=other, out="fourth.pdf")
    res = json.loads(env.extend(fourth, "-o", env.ws.path("fourth-lt.pdf"), "--level", "B-LT", "--offline",
                                "--json").stdout)["extended"][0]
    assert res["ocsps"] == 0 and res["crls"] == 1, res
    shutil.rmtree(os.path.join(env.ws.home, "validation-cache"))
    env.ws.fail("extend", fourth, "-o", env.ws.path("never.pdf"), "--level", "B-LT", "--offline",
                "--tsa-trust", env.svc.pki.ca, contains="in the cache")
    assert not os.path.exists(env.ws.path("never.pdf"))


def test_no_revocation_data(env):
    """No responder, no CRL, no cache: a clear error, nothing written."""
    env.svc.start_http()
    signed, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T")
    env.svc.serve_crl = False
    out = env.ws.path("never.pdf")
    err = env.ws.fail("extend", signed, "-o", out, "--level", "B-LT", "--tsa-trust", env.svc.pki.ca,
                      "--tsa-timeout", "3", contains="No revocation data")
    assert not os.path.exists(out), err
    env.ws.fail("sign", copy_fixture(env.ws, as_name="other.pdf"), "-o", out, "--p12", env.signer["p12"],
                "--pin-env", "PIN", "--tsa-trust", env.svc.pki.ca, "--tsa-timeout", "3",
                "--tsa", env.svc.tsa_url, "--level", "B-LT", contains="No revocation data")
    assert not os.path.exists(out)


def test_b_lta_and_renewal(env):
    env.svc.start_http()
    env.svc.start_ocsp()
    out, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA")
    assert_pdfsig_valid(out)
    objs = qpdf_objects(out)
    stamps = [o["value"] for o in objs.values()
              if isinstance(o.get("value"), dict) and o["value"].get("/Type") == "/DocTimeStamp"]
    assert len(stamps) == 1 and stamps[0]["/SubFilter"] == "/ETSI.RFC3161", stamps
    report = env.verify(out, expect=0)
    sigs = report["signatures"]
    assert [s["level"] for s in sigs] == ["B-LTA", "timestamp"], sigs
    assert all(s["verdict"] == "valid" for s in sigs), sigs
    assert [t["kind"] for t in sigs[0]["timestamps"]] == ["signature", "document"], sigs[0]
    openssl_ts_verify(env.ws, out, env.svc.pki.ca)

    # Archive renewal: the DSS gets the document timestamp's data, and a
    # second document timestamp covers it all.
    before = sha256_file(out)
    renewed = env.ws.path("renewed.pdf")
    env.extend(out, "-o", renewed, "--level", "B-LTA", "--tsa", env.svc.tsa_url)
    assert sha256_file(out) == before
    dss = read_dss(renewed)
    assert len(dss["VRI"]) == 2, dss["VRI"]
    report = env.verify(renewed, expect=0)
    sigs = report["signatures"]
    assert [s["level"] for s in sigs] == ["B-LTA", "timestamp", "timestamp"], sigs
    assert all(s["verdict"] == "valid" for s in sigs), sigs
    assert_pdfsig_valid(renewed)
    openssl_ts_verify(env.ws, renewed, env.svc.pki.ca)
    r = subprocess.run(["qpdf", "--check", renewed], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


STRUCTURES = ["acroform-direct.pdf", "annots-indirect.pdf", "hybrid.pdf", "incremental.pdf",
              "inherited.pdf", "linearized.pdf", "no-id.pdf", "rotated.pdf", "trailing-garbage.pdf",
              "xref-stream-no-objstm.pdf", "xref-stream.pdf"]


def test_b_lta_structures(env):
    """B-LTA on every structure the fixtures have (xref streams, hybrid,
    linearized, earlier updates, trailing garbage…)."""
    env.svc.start_http()
    env.svc.start_ocsp()
    for name in STRUCTURES:
        doc = copy_fixture(env.ws, name, as_name="in-" + name)
        out, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA", doc=doc, out="out-" + name)
        report = env.verify(out, expect=0)
        assert [s["level"] for s in report["signatures"]] == ["B-LTA", "timestamp"], (name, report)
        r = subprocess.run(["qpdf", "--check", out], capture_output=True, text=True)
        assert r.returncode == 0, (name, r.stdout + r.stderr)
        assert_pdfsig_valid(out)
        openssl_ts_verify(env.ws, out, env.svc.pki.ca)


def test_offline_deferral(env):
    """The courtroom: no TSA, so B-B now (exit 0, said on stderr, queued);
    later `extend --pending` adds the DSS and a document timestamp, and
    the ledger records when it was signed and when timestamped."""
    doc = copy_fixture(env.ws)
    earlier = env.ws.path("earlier.pdf")
    env.ws.run("sign", doc, "-o", earlier, "--p12", env.signer["p12"], "--pin-env", "PIN",
               "--field", "Party")
    out, r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA", "--tsa-timeout", "3",
                      doc=earlier, out="transcript.pdf")
    assert "extend --pending" in r.stderr and "B-B" in r.stderr, r.stderr
    assert len([l for l in r.stderr.splitlines() if l.strip()]) == 1, r.stderr
    # Something is waiting: without --tsa it still asks for one.
    env.ws.fail("extend", "--pending", contains="needs a timestamp authority: give one with --tsa")
    sigs = env.verify(out, expect=0)["signatures"]
    assert [s["level"] for s in sigs] == ["B-B", "B-B"] and all(s["verdict"] == "valid" for s in sigs), sigs
    signed_bytes = sha256_file(out)

    env.svc.start_http()
    env.svc.start_ocsp()
    res = json.loads(env.extend("--pending", "--tsa", env.svc.tsa_url, "--json").stdout)["extended"]
    assert len(res) == 1 and res[0]["output"] == out and res[0]["level"] == "B-LTA", res
    report = env.verify(out, expect=0)
    sigs = report["signatures"]
    assert [s["level"] for s in sigs] == ["B-LTA", "B-LTA", "timestamp"], sigs
    assert all(s["verdict"] == "valid" for s in sigs), sigs
    assert_pdfsig_valid(out)
    # The signed revisions are untouched: the extension only appends.
    with open(out, "rb") as f:
        assert hashlib.sha256(f.read()[:len_of_first_version(env, signed_bytes, out)]).hexdigest() == signed_bytes

    entries = env.ws.json("ledger", "list")["entries"]
    stamped = [e for e in entries if e["details"].get("action") == "timestamp-added"]
    assert len(stamped) == 1, entries
    d = stamped[0]["details"]
    assert d["path"] == out and d["level"] == "B-LTA" and d["signed_sha256"] == signed_bytes, d
    assert d["signed_at"] <= d["timestamped_at"], d
    assert stamped[0]["document"] == sha256_file(out), stamped[0]
    env.ws.run("ledger", "verify")
    # Nothing is pending any more.
    assert "No document" in env.extend("--pending", "--tsa", env.svc.tsa_url).stdout


def test_nothing_pending(env):
    """An empty queue: one line saying so, exit 0, before any --tsa is asked for."""
    r = env.ws.run("extend", "--pending")
    assert r.stdout == "No document is waiting for a timestamp\n" and r.stderr == "", (r.stdout, r.stderr)
    r = env.ws.run("extend", "--pending", "--json")
    assert json.loads(r.stdout) == {"extended": []} and r.stderr == "", (r.stdout, r.stderr)
    # The usage is still checked first.
    env.ws.fail("extend", "--pending", copy_fixture(env.ws), contains="name no file")


def len_of_first_version(env, digest, path):
    """The length of the prefix of @path whose SHA-256 is @digest."""
    with open(path, "rb") as f:
        data = f.read()
    for m in __import__("re").finditer(rb"%%EOF\r?\n?", data):
        if hashlib.sha256(data[:m.end()]).hexdigest() == digest:
            return m.end()
    raise AssertionError("the signed version is not a prefix of the extended one")


def wait_until(when):
    """Waits for the clock (a condition, not a fixed sleep) to pass @when."""
    while datetime.datetime.now(datetime.timezone.utc) <= when:
        time.sleep(0.1)


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def test_revoked_before_signing(env):
    """The OCSP responder says revoked before the signature's timestamp:
    signing at B-LT refuses; forced, the verifier says invalid offline."""
    env.svc.pki.revoke(env.signer)
    env.svc.start_http()
    env.svc.start_ocsp()
    out = env.ws.path("never.pdf")
    env.ws.fail("sign", copy_fixture(env.ws), "-o", out, "--p12", env.signer["p12"], "--pin-env", "PIN",
                "--tsa-trust", env.svc.pki.ca, "--tsa", env.svc.tsa_url, "--level", "B-LT",
                contains="revoked")
    assert not os.path.exists(out)
    forced, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LT", "--allow-invalid-certificate")
    env.svc.stop()                       # offline from here on: only the DSS speaks
    report = env.verify(forced, expect=1)
    sig = report["signatures"][0]
    assert sig["verdict"] == "invalid", sig
    assert sig["revocation"]["status"] == "revoked" and sig["revocation"]["source"] == "ocsp", sig
    assert parse_time(sig["revocation"]["revoked_at"]) <= parse_time(sig["timestamp_time"]), sig
    assert any("revoked" in r for r in sig["reasons"]), sig
    text = env.ws.run("verify", forced, "--trust", env.svc.pki.ca, expect=1).stdout
    assert "revoked" in text, text


def test_revoked_after_timestamp(env):
    """Revoked after the signature timestamp: still valid, at B-LT; a B-B
    signature (no proven time) with the same DSS is invalid."""
    env.svc.start_http()
    b_t, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", out="b-t.pdf")
    b_b, _ = env.sign(out="b-b.pdf")
    stamped = parse_time(env.verify(b_t, expect=0)["signatures"][0]["timestamp_time"])
    wait_until(stamped + datetime.timedelta(seconds=1))
    env.svc.pki.revoke(env.signer)
    env.svc.start_ocsp()
    lt = env.ws.path("b-lt.pdf")
    env.extend(b_t, "-o", lt, "--level", "B-LT")
    env.svc.stop()
    sig = env.verify(lt, expect=0)["signatures"][0]
    assert sig["verdict"] == "valid" and sig["level"] == "B-LT", sig
    assert sig["revocation"]["status"] == "revoked-after-signing", sig
    assert parse_time(sig["revocation"]["revoked_at"]) > stamped, sig

    env.svc.start_ocsp()
    env.ws.fail("extend", b_b, "-o", env.ws.path("never.pdf"), "--level", "B-LT",
                "--tsa-trust", env.svc.pki.ca, contains="revoked")
    forced = env.ws.path("b-b-lt.pdf")
    env.extend(b_b, "-o", forced, "--level", "B-LT", "--allow-revoked")
    env.svc.stop()
    sig = env.verify(forced, expect=1)["signatures"][0]
    assert sig["verdict"] == "invalid" and sig["revocation"]["status"] == "revoked", sig


def test_revoked_tsa(env):
    """A timestamp authority revoked before it made the token: the DSS says
    so, and the timestamp proves no time."""
    env.svc.pki.revoke({"cert": os.path.join(env.svc.pki.dir, "tsa.pem")})
    env.svc.start_http()
    env.svc.start_ocsp()
    signed, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T")
    env.ws.fail("extend", signed, "-o", env.ws.path("never.pdf"), "--level", "B-LT",
                "--tsa-trust", env.svc.pki.ca, contains="revoked")
    forced = env.ws.path("forced.pdf")
    env.extend(signed, "-o", forced, "--level", "B-LT", "--allow-revoked")
    env.svc.stop()
    sig = env.verify(forced)["signatures"][0]
    assert sig["timestamps"][0]["trusted"] is False and sig["timestamp_trusted"] is False, sig
    assert any("timestamp authority" in r and "revoked" in r for r in sig["reasons"]), sig
    assert sig["time_claimed_only"] is True, sig


def test_expired_certificate(env):
    """A certificate that has expired since: valid when a timestamp (its
    own or a later document timestamp) proves a time within its validity;
    not valid without one."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    end = now + datetime.timedelta(seconds=10)
    short = env.svc.pki.issue("short", "Sealdesk Short-lived Signer", start=now - datetime.timedelta(days=1),
                              end=end)
    env.svc.start_http()
    env.svc.start_ocsp()
    b_t, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T", person=short, out="b-t.pdf")
    b_b, _ = env.sign(person=short, out="b-b.pdf")
    later = env.ws.path("b-b-lta.pdf")
    env.extend(b_b, "-o", later, "--level", "B-LTA", "--tsa", env.svc.tsa_url)
    assert env.verify(b_b, expect=0)["signatures"][0]["verdict"] == "valid"
    wait_until(end + datetime.timedelta(seconds=1))

    sig = env.verify(b_t, expect=0)["signatures"][0]
    assert sig["verdict"] == "valid" and sig["checked_at"] == sig["timestamp_time"], sig
    sig = env.verify(later, expect=0)["signatures"][0]
    assert sig["verdict"] == "valid" and sig["level"] == "B-LTA", sig
    assert parse_time(sig["checked_at"]) < end, sig
    report = env.verify(b_b, expect=1)
    sig = report["signatures"][0]
    assert sig["verdict"] != "valid" and any("expired" in r for r in sig["reasons"]), sig


def test_expired_ocsp_responder(env):
    """The OCSP responder's certificate has expired since it answered: its
    response in the DSS still vouches for the signer, because the
    responder is checked at the response's producedAt, not now."""
    env.svc.start_http()
    for life in (10, 30, 90):
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        end = now + datetime.timedelta(seconds=life)
        env.svc.pki.issue(f"ocsp{life}", "Sealdesk Short-lived OCSP Responder", "v3_ocsp",
                          start=now - datetime.timedelta(days=1), end=end)
        env.svc.start_ocsp(responder=f"ocsp{life}")
        out, r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LT", out=f"b-lt-{life}.pdf", expect=None)
        env.svc.stop_ocsp()
        if r.returncode == 0 and datetime.datetime.now(datetime.timezone.utc) < end:
            break
    else:
        raise AssertionError("could not sign within the short responder certificate's validity")
    env.svc.stop()                       # offline from here on: only the DSS speaks
    wait_until(end + datetime.timedelta(seconds=1))
    sig = env.verify(out, expect=0)["signatures"][0]
    assert sig["verdict"] == "valid" and sig["level"] == "B-LT", sig
    # The CRL in the DSS would also say good: the source shows that the
    # OCSP response was accepted.
    assert sig["revocation"]["status"] == "good" and sig["revocation"]["source"] == "ocsp", sig


def test_b_lta_corpus(env):
    """B-LTA on the public corpus's structures (../shared/corpus, beside
    the project: skipped when absent). Encrypted and damaged files are
    refused by the signer, as at B-B."""
    folder = os.path.join(os.environ.get("SEALDESK_CORPUS", ""), "structure")
    if not os.path.isdir(folder):
        raise Skip(f"no corpus at {folder}")
    env.svc.start_http()
    env.svc.start_ocsp()
    signed = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".pdf") or name.startswith(("encrypted", "damaged")):
            continue
        doc = env.ws.path("in-" + name)
        shutil.copyfile(os.path.join(folder, name), doc)
        out, r = env.sign("--tsa", env.svc.tsa_url, "--level", "B-LTA", doc=doc, out="out-" + name,
                          expect=None)
        if r.returncode == 2 and "damaged" in r.stderr:
            continue                    # a broken xref the signer refuses at any level
        assert r.returncode == 0, (name, r.stderr)
        report = env.verify(out, expect=0)
        assert [s["level"] for s in report["signatures"]][-2:] == ["B-LTA", "timestamp"], (name, report)
        r = subprocess.run(["qpdf", "--check", out], capture_output=True, text=True)
        assert r.returncode in (0, 3), (name, r.stdout + r.stderr)   # 3: warnings of the original
        assert_pdfsig_valid(out)
        signed += 1
    assert signed >= 20, signed


def test_extend_in_place(env):
    """Without -o the file grows by a revision: its bytes stay a prefix,
    its permissions stay."""
    env.svc.start_http()
    env.svc.start_ocsp()
    out, _ = env.sign("--tsa", env.svc.tsa_url, "--level", "B-T")
    os.chmod(out, 0o640)
    with open(out, "rb") as f:
        before = f.read()
    env.extend(out, "--level", "B-LT")
    with open(out, "rb") as f:
        after = f.read()
    assert after.startswith(before) and len(after) > len(before)
    assert os.stat(out).st_mode & 0o777 == 0o640, oct(os.stat(out).st_mode)
    assert env.verify(out, expect=0)["signatures"][0]["level"] == "B-LT"
    leftovers = [n for n in os.listdir(env.ws.dir) if "tmp" in n]
    assert not leftovers, leftovers


def test_extend_usage(env):
    doc = copy_fixture(env.ws)
    env.ws.fail("extend", doc, "-o", env.ws.path("x.pdf"), "--level", "B-LTA", contains="--tsa")
    env.ws.fail("extend", doc, "-o", env.ws.path("x.pdf"), "--level", "B-T", contains="B-LT or B-LTA")
    env.ws.fail("extend", doc, "-o", env.ws.path("x.pdf"), "--level", "B-LT", contains="no signature")
    env.ws.fail("extend", doc, "-o", doc, "--level", "B-LT", contains="another name")
    link = env.ws.path("doc-link.pdf")
    os.symlink(doc, link)
    for other in (link, os.path.join(env.ws.dir, ".", "doc.pdf")):
        env.ws.fail("extend", doc, "-o", other, "--level", "B-LT", contains="another name")
    not_pdf = env.ws.path("not.pdf")
    with open(not_pdf, "w") as f:
        f.write("hello")
    env.ws.fail("extend", not_pdf, "-o", env.ws.path("x.pdf"), "--level", "B-LT")
    env.ws.fail("extend", "--pending", doc, "--level", "B-LT", contains="name no file")
    assert not os.path.exists(env.ws.path("x.pdf"))


TESTS = [
    ("b-lt: DSS with certificates, OCSP and CRL; VRI; pdfsig valid; verifier B-LT", test_b_lt),
    ("b-lt: extend a B-T document; offline from the cache", test_extend_b_lt_and_cache),
    ("b-lt: no revocation data anywhere fails cleanly", test_no_revocation_data),
    ("b-lta: document timestamp; extend renews it", test_b_lta_and_renewal),
    ("revocation: revoked before signing is refused, forced it is invalid offline", test_revoked_before_signing),
    ("revocation: revoked after the timestamp is valid at B-LT; B-B is not", test_revoked_after_timestamp),
    ("revocation: a revoked timestamp authority proves no time", test_revoked_tsa),
    ("expiry: an expired certificate is valid with a timestamp, not without", test_expired_certificate),
    ("revocation: an OCSP responder expired since it answered still counts", test_expired_ocsp_responder),
    ("deferral: no TSA, B-B and queued; extend --pending makes it B-LTA, ledger", test_offline_deferral),
    ("deferral: extend --pending with nothing queued says so and needs no TSA", test_nothing_pending),
    ("b-lta: every fixture structure", test_b_lta_structures),
    ("b-lta: the public corpus's structures", test_b_lta_corpus),
    ("extend: in place, the file only grows and keeps its permissions", test_extend_in_place),
    ("extend: bad usage and unsigned documents", test_extend_usage),
]


def main():
    run_tests(TESTS, Env)


if __name__ == "__main__":
    main()
