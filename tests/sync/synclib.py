"""synclib: two workstations and one shared folder, over the built CLI.

Uses tests/workflow/wflib.py (read only) for TAP, workspaces and keys.
"""

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workflow"))

import wflib  # noqa: E402
from wflib import Tap, Workspace, People, copy_fixture, our_verify, sha256_file  # noqa: E402,F401


def listing(root):
    """Every path below @root with its size and hash (symlinks as links)."""
    out = {}
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out[rel] = ("link", os.readlink(p))
            elif os.path.isfile(p):
                out[rel] = ("file", os.path.getsize(p), sha256_file(p))
            elif os.path.isdir(p):
                out[rel] = ("dir",)
            else:
                out[rel] = ("other",)
    return out


def changed_outside(before, after, allowed):
    bad = []
    for k in set(before) | set(after):
        if before.get(k) != after.get(k) and not any(k == a or k.startswith(a + os.sep) for a in allowed):
            bad.append(k)
    return sorted(bad)


class Site:
    """Two workstations A (requester) and B (partner, keeper, seal), paired,
    and a shared folder, all below one temporary root."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="sd-sync-")
        self.folder = os.path.join(self.root, "shared")
        os.makedirs(self.folder)
        self.people = People(self.root)
        self.a = Workspace(os.path.join(self.root, "A"))
        self.b = Workspace(os.path.join(self.root, "B"))
        os.makedirs(self.a.dir)
        os.makedirs(self.b.dir)
        lawyer = self.people.person("lawyer")
        partner = self.people.person("partner")
        keeper = self.people.person("keeper")
        self.a.run("profile", "add", "lawyer", "--role", "requester", "--key", lawyer["id"], "--pin-env", "PIN")
        self.b.run("profile", "add", "partner", "--role", "approver", "--key", partner["id"], "--pin-env", "PIN")
        self.b.run("profile", "add", "keeper", "--role", "seal-keeper", "--key", keeper["id"], "--pin-env", "PIN")
        seal = self.b.json("seal", "generate", "--org", "Firm", "--title", "Contract seal", "--name", "Firm seal",
                           "--kind", "contract", "--key", keeper["id"], "--as", "keeper")
        self.seal = seal["id"]
        # Each trusts the test CA for signed documents.
        for ws in (self.a, self.b):
            os.makedirs(os.path.join(ws.home, "trust"), exist_ok=True)
            shutil.copyfile(self.people.ca, os.path.join(ws.home, "trust", "ca.pem"))
        self.ha = self.a.json("ledger", "head")
        self.hb = self.b.json("ledger", "head")
        self.a.run("sync", "peer", "add", self.hb["workstation"], "--ledger-key", self.hb["key_id"], "--name", "B")
        self.b.run("sync", "peer", "add", self.ha["workstation"], "--ledger-key", self.ha["key_id"], "--name", "A")
        self.sync(self.a)
        self.sync(self.b)
        self.b.run("seal", "grant", self.seal, "--to", "lawyer", "--may", "request", "--as", "keeper")
        self.b.run("seal", "grant", self.seal, "--to", "partner", "--may", "approve", "--as", "keeper")
        self.b.run("seal", "grant", self.seal, "--to", "keeper", "--may", "use", "--as", "keeper")
        self.sync(self.b)
        self.sync(self.a)

    def sync(self, ws, expect=0, extra=()):
        r = ws.run("sync", "--folder", self.folder, "--once", "--json", *extra, expect=expect)
        return json.loads(r.stdout) if r.stdout.strip() else None

    def request(self, name="lease.pdf", matter=None):
        doc = copy_fixture(self.a, as_name=name)
        req = self.a.json("request", "create", doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", "Lease",
                          "--seal", self.seal, "--page", "1", "--rect", "380,80,120,120",
                          "--step", "approve:partner", "--step", "stamp:keeper",
                          *(("--matter", matter) if matter is not None else ()))
        return req["id"], doc

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(key_pem, data, tmp):
    path = os.path.join(tmp, "to-sign")
    with open(path, "wb") as f:
        f.write(data)
    r = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key_pem, path], capture_output=True, check=True)
    return base64.b64encode(r.stdout).decode()


class Forger:
    """Rewrites B's manifest as B could (with B's ledger key): a peer that
    went rogue, or anyone holding its key."""

    def __init__(self, s):
        self.s = s
        self.dir = os.path.join(s.folder, s.hb["workstation"])
        self.key = os.path.join(s.b.home, "ledger-key.pem")

    def manifest(self):
        with open(os.path.join(self.dir, "manifest.json"), "rb") as f:
            return json.loads(f.read())

    def write(self, m, key=None):
        m = dict(m)
        m.pop("signature", None)
        m["serial"] += 1
        m["signature"] = sign(key or self.key, canonical(m), self.s.root)
        with open(os.path.join(self.dir, "manifest.json"), "wb") as f:
            f.write(canonical(m))

    def add_file(self, m, kind, ref, relpath, data, size=None, sha=None):
        p = os.path.join(self.dir, relpath)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if data is not None:
            with open(p, "wb") as f:
                f.write(data)
        m["objects"].append({"kind": kind, "ref": ref, "path": relpath,
                             "size": len(data) if size is None else size,
                             "sha256": sha or hashlib.sha256(data or b"").hexdigest()})


def refusals(ws):
    return [e for e in ws.json("ledger", "list")["entries"] if e["kind"] == "refusal"]
