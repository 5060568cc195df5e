"""tsalib: the trusted-time services of the tsa tests, all on 127.0.0.1.

- Pki: a CA of the test's own (openssl ca, so that certificates can have
  past validity periods and be revoked), signers whose certificates point
  at the test's OCSP responder and CRL, and a time-stamping authority
  (extendedKeyUsage critical timeStamping).
- TsaEnv: what every tsa test starts from: a workspace, its Services
  (and so its Pki) and a signer; run_tests() runs a list of tests, each
  in an environment of its own, as TAP.
- Services: one Python http.server on a random free port that answers
  POST /tsa with `openssl ts -reply` and serves GET /ca.crl, and an
  `openssl ocsp -port` responder on another port (OpenSSL 3.0 takes only
  a port number there: it listens on every address, the test asks
  127.0.0.1).

Standard library only; the workflow tests' wflib gives TAP, the CLI and
workspaces.
"""

import datetime
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workflow"))
sys.dont_write_bytecode = True

from wflib import PKI_PASS, Skip, Tap, Workspace, copy_fixture, need  # noqa: E402,F401


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def openssl(*args, cwd=None, env=None):
    r = subprocess.run(["openssl", *args], capture_output=True, text=True, cwd=cwd, env=env)
    if r.returncode != 0:
        raise AssertionError(f"openssl {' '.join(args)}: {r.stderr}")
    return r.stdout


def asn1_time(dt):
    return dt.strftime("%Y%m%d%H%M%SZ")


class Pki:
    def __init__(self, folder, http_port, ocsp_port):
        need("openssl")
        self.dir = os.path.join(folder, "pki")
        os.makedirs(os.path.join(self.dir, "certs"), exist_ok=True)
        self.http_port = http_port
        self.ocsp_port = ocsp_port
        self.index = os.path.join(self.dir, "index.txt")
        open(self.index, "w").close()
        with open(os.path.join(self.dir, "index.txt.attr"), "w") as f:
            f.write("unique_subject = no\n")
        with open(os.path.join(self.dir, "serial"), "w") as f:
            f.write("5000\n")
        with open(os.path.join(self.dir, "crlnumber"), "w") as f:
            f.write("1000\n")
        with open(os.path.join(self.dir, "tsaserial"), "w") as f:
            f.write("01\n")
        self.cnf = os.path.join(self.dir, "openssl.cnf")
        self.ca = os.path.join(self.dir, "ca.pem")
        self.ca_key = os.path.join(self.dir, "ca.key")
        self.crl_pem = os.path.join(self.dir, "ca.crl.pem")
        self.crl_der = os.path.join(self.dir, "ca.crl")
        d = self.dir
        with open(self.cnf, "w") as f:
            f.write(f"""
[ ca ]
default_ca = testca
[ testca ]
dir = {d}
database = {d}/index.txt
serial = {d}/serial
crlnumber = {d}/crlnumber
new_certs_dir = {d}/certs
certificate = {self.ca}
private_key = {self.ca_key}
default_md = sha256
default_crl_days = 30
policy = policy_any
copy_extensions = none
unique_subject = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_signer ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess = OCSP;URI:http://127.0.0.1:{self.ocsp_port}/
crlDistributionPoints = URI:http://127.0.0.1:{self.http_port}/ca.crl
[ v3_tsa ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://127.0.0.1:{self.http_port}/ca.crl
[ v3_ocsp ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {d}
serial = {d}/tsaserial
crypto_device = builtin
signer_cert = {d}/tsa.pem
certs = {self.ca}
signer_key = {d}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", self.ca_key,
                "-out", os.path.join(d, "ca.csr"), "-subj", "/O=Sealdesk Test/CN=Sealdesk TSA Test Root CA",
                "-config", self.cnf)
        openssl("ca", "-batch", "-notext", "-config", self.cnf, "-selfsign", "-keyfile", self.ca_key,
                "-extensions", "v3_ca", "-days", "3650", "-in", os.path.join(d, "ca.csr"), "-out", self.ca)
        self.issue("tsa", "Sealdesk Test TSA", "v3_tsa")
        self.issue("ocsp", "Sealdesk Test OCSP Responder", "v3_ocsp")
        self.gencrl()

    def issue(self, name, cn, ext="v3_signer", start=None, end=None):
        """Key, certificate and PKCS#12 of NAME; START/END are datetimes (UTC)."""
        key = os.path.join(self.dir, f"{name}.key")
        csr = os.path.join(self.dir, f"{name}.csr")
        cert = os.path.join(self.dir, f"{name}.pem")
        p12 = os.path.join(self.dir, f"{name}.p12")
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
                "-subj", f"/O=Sealdesk Test/CN={cn}", "-config", self.cnf)
        dates = ["-days", "3650"]
        if start is not None or end is not None:
            now = datetime.datetime.now(datetime.timezone.utc)
            dates = ["-startdate", asn1_time(start or now - datetime.timedelta(days=1)),
                     "-enddate", asn1_time(end or now + datetime.timedelta(days=3650))]
        openssl("ca", "-batch", "-notext", "-config", self.cnf, "-extensions", ext, *dates,
                "-in", csr, "-out", cert)
        openssl("pkcs12", "-export", "-inkey", key, "-in", cert, "-certfile", self.ca,
                "-out", p12, "-passout", f"pass:{PKI_PASS}", "-name", cn)
        return {"key": key, "cert": cert, "p12": p12, "cn": cn}

    def revoke(self, person):
        openssl("ca", "-batch", "-config", self.cnf, "-revoke", person["cert"],
                "-crl_reason", "keyCompromise")
        self.gencrl()

    def gencrl(self):
        openssl("ca", "-batch", "-config", self.cnf, "-gencrl", "-out", self.crl_pem)
        openssl("crl", "-in", self.crl_pem, "-outform", "DER", "-out", self.crl_der)

    def other_query(self):
        with tempfile.TemporaryDirectory() as tmp:
            q = os.path.join(tmp, "q.tsq")
            openssl("ts", "-query", "-data", self.cnf, "-sha256", "-cert", "-out", q)
            with open(q, "rb") as f:
                return f.read()

    def ts_reply(self, query):
        with tempfile.TemporaryDirectory() as tmp:
            q = os.path.join(tmp, "q.tsq")
            r = os.path.join(tmp, "r.tsr")
            with open(q, "wb") as f:
                f.write(query)
            openssl("ts", "-reply", "-config", self.cnf, "-queryfile", q, "-out", r)
            with open(r, "rb") as f:
                return f.read()


class Services:
    """The HTTP server (TSA, CRL) and the OCSP responder of one test run."""

    def __init__(self, folder):
        self.http_port = free_port()
        self.ocsp_port = free_port()
        self.pki = Pki(folder, self.http_port, self.ocsp_port)
        self.requests = {"tsa": 0, "crl": 0}
        self.serve_crl = True          # False: GET /ca.crl answers 404
        self.httpd = None
        self.ocsp = None

    @property
    def tsa_url(self):
        return f"http://127.0.0.1:{self.http_port}/tsa"

    def start_http(self):
        services = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                if self.path not in ("/tsa", "/tsa-garbage", "/tsa-wrong") \
                        or self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(400)
                    return
                services.requests[self.path[1:]] = services.requests.get(self.path[1:], 0) + 1
                if self.path == "/tsa-garbage":
                    reply = b"\x30\x03\x02\x01\x00 not a timestamp reply"
                elif self.path == "/tsa-wrong":
                    # A real, granted reply, but to another query: another
                    # imprint, no nonce of ours.
                    reply = services.pki.ts_reply(services.pki.other_query())
                else:
                    reply = services.pki.ts_reply(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def do_GET(self):
                if self.path != "/ca.crl" or not services.serve_crl:
                    self.send_error(404)
                    return
                services.requests["crl"] += 1
                with open(services.pki.crl_der, "rb") as f:
                    data = f.read()
                self.send_response(200)
                self.send_header("Content-Type", "application/pkix-crl")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.http_port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop_http(self):
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def start_ocsp(self, responder="ocsp"):
        """The responder signs with the key and certificate of @responder
        (a name given to Pki.issue with v3_ocsp)."""
        p = self.pki
        self.ocsp = subprocess.Popen(
            ["openssl", "ocsp", "-index", p.index, "-port", str(self.ocsp_port),
             "-CA", p.ca, "-rsigner", os.path.join(p.dir, f"{responder}.pem"),
             "-rkey", os.path.join(p.dir, f"{responder}.key"), "-nmin", "60"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # Ready when it says so. (Probing the port would not do: the
        # responder serves one connection at a time and waits on an empty
        # one.) Its log is drained afterwards so that it never blocks.
        ready = threading.Event()

        def drain(stream=self.ocsp.stderr):
            for line in stream:
                if "waiting for OCSP client connections" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        if not ready.wait(30) or self.ocsp.poll() is not None:
            raise AssertionError("the OCSP responder did not start")

    def stop_ocsp(self):
        if self.ocsp is not None:
            self.ocsp.terminate()
            self.ocsp.wait(10)
            self.ocsp = None

    def stop(self):
        self.stop_http()
        self.stop_ocsp()


class TsaEnv:
    """One test's workspace, its services (TSA, CRL, OCSP) and PKI, and a
    signer (certificate under the test CA) named SIGNER_CN. The tests'
    Env classes add their own ways of signing."""

    SIGNER_CN = "Sealdesk TSA Test Signer"

    def __init__(self):
        self.ws = Workspace()
        self.svc = Services(self.ws.dir)
        self.signer = self.svc.pki.issue("signer", self.SIGNER_CN)

    def verify(self, path, expect=None):
        """Our verifier's JSON report, trusting the test CA."""
        r = self.ws.run("verify", path, "--trust", self.svc.pki.ca, "--json", expect=expect)
        return json.loads(r.stdout)

    def cleanup(self):
        self.svc.stop()
        self.ws.cleanup()


def run_tests(tests, make_env):
    """Runs (name, fn) pairs as TAP, each fn(env) with a new make_env()
    cleaned up afterwards. Words given on the command line run only the
    tests whose names contain one of them."""
    need("openssl")
    tap = Tap()
    only = sys.argv[1:]
    for name, fn in tests:
        if only and not any(o in name for o in only):
            continue

        def run(fn=fn):
            env = make_env()
            try:
                fn(env)
            finally:
                env.cleanup()
        tap.run(name, run)
    tap.done()
