#!/usr/bin/env python3
"""A document cut short by another program while sealdesk-cli reads it
(TAP): the program does not die of SIGBUS (sd-mapped-file.h) but ends
with exit 2 and one clear sentence, writes no output, leaves no temporary
file and keeps its workspace whole (`ledger verify`).

The signer stops itself half-way through its copy of the input
(SEALDESK_TEST_STOP_AT=copy-half, a build with -Dtest_hooks=true), with a
window of the input mapped, the verifier once the document is open
(verify-opened); the test cuts the file to a quarter, then lets it go
on."""

import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "workflow"))
from wflib import CLI, PKI, Tap, Workspace  # noqa: E402

SIZE_MB = int(os.environ.get("SD_TEST_TRUNCATED_MB", "48"))


def make_big_pdf(path, size_mb):
    """A one-page PDF with a stream of @size_mb MiB (no zero bytes) that
    nothing draws: large to copy, quick to parse."""
    block = bytes(1 + i % 251 for i in range(1 << 20))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
    ]
    content = b"0.5 w 72 770 m 523 770 l S"
    offsets = []
    with open(path, "wb") as f:
        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        for n, body in enumerate(objs, 1):
            offsets.append(f.tell())
            f.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
        offsets.append(f.tell())
        f.write(b"4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content))
        offsets.append(f.tell())
        f.write(b"5 0 obj\n<< /Length %d >>\nstream\n" % (size_mb << 20))
        for _ in range(size_mb):
            f.write(block)
        f.write(b"\nendstream\nendobj\n")
        xref = f.tell()
        f.write(b"xref\n0 6\n0000000000 65535 f \n")
        for off in offsets:
            f.write(b"%010d 00000 n \n" % off)
        f.write(b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)


def sign_args(src, out):
    return ["sign", src, "-o", out, "--p12", os.path.join(PKI, "rsa2048.p12"),
            "--pin-env", "PIN", "--reason", "Truncation test"]


def cut_short_at(ws, stop_at, args, path):
    """Runs sealdesk-cli @args until it stops at @stop_at, cuts @path to a
    quarter, lets it go on; returns its exit status and stderr."""
    env = dict(ws.env, SEALDESK_TEST_STOP_AT=stop_at)
    proc = subprocess.Popen([CLI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stopped = wait_stopped(proc)
        assert stopped, ("sealdesk-cli ended before its stop point (a build without test hooks?): "
                         f"exit {proc.returncode}")
        os.truncate(path, os.path.getsize(path) // 4)     # as another program would
        proc.send_signal(signal.SIGCONT)
        _stdout, stderr = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print(f"# {stderr.strip()}", flush=True)
    assert proc.returncode == 2, f"exit {proc.returncode} (SIGBUS is -7), stderr {stderr!r}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("sealdesk-cli: "), f"not one line: {stderr!r}"
    return lines[0]


def wait_stopped(proc, timeout=240):
    """Waits until @proc stopped itself (SIGSTOP); False when it ended."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        with open(f"/proc/{proc.pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        if state in ("T", "t"):
            return True
        time.sleep(0.05)
    raise AssertionError("the signer did not reach its stop point")


def files_under(folder):
    found = []
    for root, _dirs, files in os.walk(folder):
        found += [os.path.relpath(os.path.join(root, f), folder) for f in files]
    return sorted(found)


def test_sign_cut_short():
    ws = Workspace()
    try:
        docs = ws.path("docs")
        os.makedirs(docs)
        src = os.path.join(docs, "big.pdf")
        out = os.path.join(docs, "big-signed.pdf")
        make_big_pdf(src, SIZE_MB)
        ws.run("ledger", "verify")          # the workspace exists before
        home_before = set(files_under(ws.home))

        line = cut_short_at(ws, "copy-half", sign_args(src, out), src)
        assert "changed" in line, f"not a clear message: {line!r}"
        assert not os.path.exists(out), "an output was written"
        assert os.listdir(docs) == ["big.pdf"], f"files left beside the output: {os.listdir(docs)}"
        left = [f for f in files_under(ws.home) if f not in home_before
                and ("intents" in f or "tmp" in f)]
        assert left == [], f"temporary files left in the workspace: {left}"
        ws.run("ledger", "verify")
        uses = [e for e in ws.json("ledger", "list")["entries"] if e["kind"] == "key-use"]
        assert uses == [], f"a key use was recorded for a signature never written: {uses}"
    finally:
        ws.cleanup()


def test_verify_cut_short():
    ws = Workspace()
    try:
        src = ws.path("big.pdf")
        signed = ws.path("big-signed.pdf")
        make_big_pdf(src, SIZE_MB)
        ws.run(*sign_args(src, signed))
        ws.run("verify", signed, "--trust", os.path.join(PKI, "ca.pem"))
        line = cut_short_at(ws, "verify-opened", ["verify", signed, "--trust", os.path.join(PKI, "ca.pem")],
                            signed)
        assert "big-signed.pdf” was changed by another program while it was read" in line, \
            f"not the message of a file cut short: {line!r}"
        ws.run("ledger", "verify")
    finally:
        ws.cleanup()


def main():
    tap = Tap()
    tap.run("sign: the input cut short half-way through the copy gives exit 2, no output, "
            "no temporary file", test_sign_cut_short)
    tap.run("verify: the signed document cut short once it is open gives exit 2 and says so",
            test_verify_cut_short)
    tap.done()


if __name__ == "__main__":
    main()
