"""wflib: helpers of the workflow tests (TAP output, the built CLI, people's
keys, a SoftHSM2 token, independent checks).

Every test makes its own workspace ($SEALDESK_HOME) in a temporary folder
and runs the real sealdesk-cli; signed PDFs are checked with pdfsig and our
own verifier, the ledger with an RFC 9162 checker written here from the RFC.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True

BUILD = os.environ.get("SD_TEST_BUILDDIR", os.path.join(os.path.dirname(__file__), "..", "..", "_build"))
CLI = os.path.join(BUILD, "src", "cli", "sealdesk-cli")
PKI = os.environ.get("SD_TEST_PKI", os.path.join(BUILD, "tests", "pki"))
FIXTURES = os.environ.get("SD_TEST_FIXTURES", os.path.join(BUILD, "tests", "fixtures"))
PKI_PASS = "sealdesk-test"


class Skip(Exception):
    pass


class Tap:
    """A tiny TAP producer: run(name, fn) per test, then done()."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def run(self, name, fn, *args):
        self.n += 1
        try:
            fn(*args)
            print(f"ok {self.n} - {name}", flush=True)
        except Skip as e:
            print(f"ok {self.n} - {name} # SKIP {e}", flush=True)
        except Exception:  # noqa: BLE001 - report every failure as TAP
            self.failed += 1
            print(f"not ok {self.n} - {name}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
            # meson shows only stderr of a failed test in its summary (and CI
            # logs keep only that): say there what failed, too.
            print(f"not ok {self.n} - {name}\n{traceback.format_exc()}", file=sys.stderr, flush=True)

    def done(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def need(*programs):
    for p in programs:
        if shutil.which(p) is None:
            raise Skip(f"{p} is not installed")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Workspace:
    """A data folder of its own and the CLI run against it."""

    def __init__(self, tmp=None):
        self.dir = tmp or tempfile.mkdtemp(prefix="sd-wf-")
        self.home = os.path.join(self.dir, "home")
        self.env = dict(os.environ)
        self.env.update({
            "SEALDESK_HOME": self.home,
            "SEALDESK_LEDGER_KEY_STORE": "file",
            "PIN": PKI_PASS,
            "LC_ALL": "C.UTF-8",
        })
        self.env.pop("DBUS_SESSION_BUS_ADDRESS", None)

    @property
    def db(self):
        return os.path.join(self.home, "sealdesk.db")

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def run(self, *args, expect=0, env=None):
        e = dict(self.env)
        if env:
            e.update(env)
        r = subprocess.run([CLI, *args], env=e, capture_output=True, text=True, timeout=300)
        if expect is not None and r.returncode != expect:
            raise AssertionError(f"sealdesk-cli {' '.join(args)}: exit {r.returncode}, wanted {expect}\n"
                                 f"stdout: {r.stdout}\nstderr: {r.stderr}")
        if r.returncode == 2:
            lines = [l for l in r.stderr.splitlines() if l.strip()]
            assert len(lines) == 1 and lines[0].startswith("sealdesk-cli: "), \
                f"a failure prints one line on stderr, not {r.stderr!r}"
        return r

    def json(self, *args, expect=0, env=None):
        r = self.run(*args, "--json", expect=expect, env=env)
        return json.loads(r.stdout)

    def fail(self, *args, contains=None, env=None):
        r = self.run(*args, expect=2, env=env)
        if contains is not None:
            assert contains.lower() in r.stderr.lower(), f"{contains!r} not in {r.stderr!r}"
        return r.stderr

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def copy_fixture(ws, name="xref-table.pdf", as_name="doc.pdf"):
    dst = ws.path(as_name)
    shutil.copyfile(os.path.join(FIXTURES, name), dst)
    return dst


class People:
    """A CA of the test's own and one PKCS#12 file (EC P-256) per person."""

    def __init__(self, folder):
        need("openssl")
        self.dir = os.path.join(folder, "people")
        os.makedirs(self.dir, exist_ok=True)
        self.ca_key = os.path.join(self.dir, "ca.key")
        self.ca = os.path.join(self.dir, "ca.pem")
        self._run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                  "-keyout", self.ca_key, "-out", self.ca, "-days", "3650",
                  "-subj", "/CN=Workflow Test CA/O=Sealdesk Test",
                  "-addext", "basicConstraints=critical,CA:TRUE",
                  "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        ext = os.path.join(self.dir, "signer.ext")
        with open(ext, "w") as f:
            f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
                    "extendedKeyUsage=emailProtection\n")
        self.ext = ext

    def _run(self, *args):
        r = subprocess.run(["openssl", *args], capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f"openssl {' '.join(args)}: {r.stderr}")

    def person(self, name, cn=None):
        key = os.path.join(self.dir, f"{name}.key")
        csr = os.path.join(self.dir, f"{name}.csr")
        cert = os.path.join(self.dir, f"{name}.pem")
        p12 = os.path.join(self.dir, f"{name}.p12")
        self._run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                  "-keyout", key, "-out", csr, "-subj", f"/CN={cn or name}/O=Sealdesk Test")
        self._run("x509", "-req", "-in", csr, "-CA", self.ca, "-CAkey", self.ca_key,
                  "-CAcreateserial", "-out", cert, "-days", "3650", "-extfile", self.ext)
        self._run("pkcs12", "-export", "-inkey", key, "-in", cert, "-certfile", self.ca,
                  "-out", p12, "-passout", f"pass:{PKI_PASS}")
        return {"key": key, "cert": cert, "p12": p12, "id": f"p12:{p12}", "cn": cn or name}


SOFTHSM_MODULES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"]
TOKEN_PIN = "4321"


def make_token(ws, person, label="Firm seal"):
    """A SoftHSM2 token in the test's folder holding @person's key; returns
    the key's PKCS#11 URI as `keys list` prints it."""
    need("softhsm2-util", "pkcs11-tool", "openssl")
    module = next((m for m in SOFTHSM_MODULES if os.path.exists(m)), None)
    if module is None:
        raise Skip("libsofthsm2.so is not installed")
    root = ws.path("token")
    os.makedirs(os.path.join(root, "tokens"), exist_ok=True)
    conf = os.path.join(root, "softhsm2.conf")
    with open(conf, "w") as f:
        f.write(f"directories.tokendir = {root}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
    ws.env["SOFTHSM2_CONF"] = conf
    ws.env["SEALDESK_PKCS11_MODULES"] = module
    ws.env["TOKEN_PIN"] = TOKEN_PIN

    def run(*argv):
        r = subprocess.run(argv, env=ws.env, capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f"{' '.join(argv)}: {r.stderr}")

    run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", TOKEN_PIN, "--so-pin", "12345678")
    for src, kind in ((person["key"], "privkey"), (person["cert"], "cert")):
        der = os.path.join(root, f"obj-{kind}.der")
        run("openssl", "pkey" if kind == "privkey" else "x509", "-in", src, "-outform", "DER", "-out", der)
        run("pkcs11-tool", "--module", module, "--token-label", label, "--login", "--pin", TOKEN_PIN,
            "--write-object", der, "--type", kind, "--id", "07", "--label", "seal")
        os.unlink(der)
    keys = ws.json("keys", "list")["keys"]
    for k in keys:
        if k["id"].startswith("pkcs11:") and "object=seal" in k["id"]:
            return k["id"]
    raise AssertionError(f"the token's key is not listed: {keys}")


def pdfsig_names(path):
    need("pdfsig")
    r = subprocess.run(["pdfsig", path], capture_output=True, text=True)
    names, valid = [], []
    for block in r.stdout.split("Signature #")[1:]:
        for line in block.splitlines():
            if "Signer Certificate Common Name:" in line:
                names.append(line.split(":", 1)[1].strip())
        valid.append("Signature Validation: Signature is Valid." in block)
    return names, valid


def our_verify(ws, path, ca):
    r = ws.run("verify", path, "--trust", ca, "--no-system-trust", "--json", expect=None)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


# RFC 9162 §2.1, written from the RFC, independent of the C code.

def leaf_hash(entry_bytes):
    return hashlib.sha256(b"\x00" + entry_bytes).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def check_head_signature(head, folder):
    """The head's signature over its canonical form without "signature",
    checked with openssl and the head's own public key."""
    import base64
    need("openssl")
    body = {k: v for k, v in head.items() if k != "signature"}
    data = os.path.join(folder, "head.bin")
    sig = os.path.join(folder, "head.sig")
    pub = os.path.join(folder, "head.pub.der")
    with open(data, "wb") as f:
        f.write(canonical(body))
    with open(sig, "wb") as f:
        f.write(base64.b64decode(head["signature"]))
    with open(pub, "wb") as f:
        f.write(base64.b64decode(head["public_key"]))
    assert hashlib.sha256(open(pub, "rb").read()).hexdigest() == head["key_id"]
    r = subprocess.run(["openssl", "dgst", "-sha256", "-keyform", "DER", "-verify", pub,
                        "-signature", sig, data], capture_output=True, text=True)
    return r.returncode == 0


def check_proof_independently(proof, folder):
    entry = proof["entry"].encode("utf-8")
    leaf = leaf_hash(entry)
    if leaf.hex() != proof["leaf_hash"]:
        return False
    if json.loads(entry)["seq"] != proof["seq"] or proof["leaf_index"] != proof["seq"] - 1:
        return False
    head = proof["tree_head"]
    if head["tree_size"] != proof["tree_size"]:
        return False
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    if not verify_inclusion(proof["leaf_index"], proof["tree_size"], leaf, path, bytes.fromhex(head["root_hash"])):
        return False
    return check_head_signature(head, folder)


def self_test_rfc9162():
    """The 8-leaf vectors of Certificate Transparency."""
    data = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
            b"\x50\x51\x52\x53\x54\x55\x56\x57", bytes(range(0x60, 0x70))]
    leaves = [leaf_hash(d) for d in data]
    assert mth(leaves).hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    # every audit path of every tree up to 8 leaves, built from the definition
    def path(m, d):
        n = len(d)
        if n == 1:
            return []
        k = 1
        while k * 2 < n:
            k *= 2
        if m < k:
            return path(m, d[:k]) + [mth(d[k:])]
        return path(m - k, d[k:]) + [mth(d[:k])]
    for n in range(1, 9):
        for m in range(n):
            assert verify_inclusion(m, n, leaves[m], path(m, leaves[:n]), mth(leaves[:n]))
            assert not verify_inclusion(m, n, leaves[(m + 1) % 8] if n > 1 else b"x" * 32,
                                        path(m, leaves[:n]), mth(leaves[:n]))
