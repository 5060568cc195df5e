#!/usr/bin/env bash
# bench-sync.sh: one sync pass over a shared folder holding N stamp requests.
#
#   bench/bench-sync.sh BUILDDIR [N]        (default 1000; not in CI)
#
# Workstation A makes N requests (sealdesk-cli request create, the slow
# part of the set-up) and publishes them; then workstation B's first sync
# pass, which checks and imports all of them, is timed with its peak RSS
# (/usr/bin/time), and a second pass (nothing new) too. Target (issue 17):
# the import pass under 5 s, memory bounded.
set -euo pipefail

build=$(realpath "${1:?usage: bench-sync.sh BUILDDIR [N]}")
n=${2:-1000}
src=$(cd "$(dirname "$0")/.." && pwd)
for tool in "$build/src/cli/sealdesk-cli" /usr/bin/time python3 openssl; do
  command -v "$tool" >/dev/null || { echo "bench-sync: missing $tool" >&2; exit 2; }
done

SD_TEST_BUILDDIR="$build" SD_TEST_PKI="$build/tests/pki" SD_TEST_FIXTURES="$build/tests/fixtures" \
python3 - "$src" "$n" <<'PY'
import os, subprocess, sys, time
src, n = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, os.path.join(src, "tests", "sync"))
import synclib

s = synclib.Site()
try:
    t = time.perf_counter()
    doc = synclib.copy_fixture(s.a, as_name="doc.pdf")
    for i in range(n):
        s.a.run("request", "create", doc, "--as", "lawyer", "--pin-env", "PIN", "--reason", f"Bench {i}",
                "--seal", s.seal, "--page", "1", "--rect", "380,80,120,120",
                "--step", "approve:partner", "--step", "stamp:keeper")
    s.sync(s.a)
    print(f"set-up: {n} requests made and published in {time.perf_counter() - t:.1f} s", flush=True)
    for label in ("import pass", "second pass"):
        cmd = ["/usr/bin/time", "-f", "%e %M %U %S", synclib.wflib.CLI, "sync", "--folder", s.folder, "--once", "--json"]
        r = subprocess.run(cmd, env=s.b.env, capture_output=True, text=True)
        secs, rss, user, system = r.stderr.strip().splitlines()[-1].split()
        import json
        rep = json.loads(r.stdout)
        print(f"{label}: {float(secs):.2f} s ({float(user) + float(system):.2f} s of CPU: the machine's load shows as the difference), peak RSS {int(rss) // 1024} MiB, imported {rep['imported']}, "
              f"refused {rep['refused']}, waiting {rep['waiting']}")
finally:
    s.cleanup()
PY
