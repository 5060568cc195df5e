#!/usr/bin/env python3
"""Check the developer entry points (TAP).

  - build-aux/sealdesk-dev and .ci/run are executable bash scripts that parse;
  - the closing line counts meson's test results as documented
    (OK/EXPECTEDFAIL passed; FAIL/TIMEOUT/ERROR/UNEXPECTEDPASS failed; SKIP
    skipped) and the exit status follows the failures;
  - the README's Quick start begins with the two set-up commands.
Usage: test-dev-script.py [SRCDIR]  (default: $SD_TEST_SRCDIR, else ../..)
"""

import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
from metalib import Tap, source_root


def summary(script, results):
    """Run `sealdesk-dev summary DIR` on a test log with these results."""
    with tempfile.TemporaryDirectory() as builddir:
        os.makedirs(os.path.join(builddir, "meson-logs"))
        with open(os.path.join(builddir, "meson-logs", "testlog.json"),
                  "w", encoding="utf-8") as log:
            for i, result in enumerate(results):
                log.write(json.dumps({"name": f"t{i}", "result": result,
                                      "duration": 0.1}) + "\n")
        r = subprocess.run([script, "summary", builddir], capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout.strip().splitlines()


def main():
    srcdir = source_root()
    tap = Tap()
    script = os.path.join(srcdir, "build-aux", "sealdesk-dev")

    for rel in ("build-aux/sealdesk-dev", ".ci/run"):
        path = os.path.join(srcdir, rel)
        r = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
        tap.check(os.access(path, os.X_OK) and r.returncode == 0,
                  f"{rel} is an executable bash script that parses",
                  [r.stderr or "not executable"])

    rc, lines = summary(script, ["OK", "EXPECTEDFAIL", "FAIL", "TIMEOUT",
                                 "ERROR", "UNEXPECTEDPASS", "SKIP", "OK"])
    tap.check(lines == ["3 passed, 4 failed, 1 skipped"] and rc != 0,
              "the closing line counts every meson result; failures exit "
              "non-zero", [f"exit {rc}, printed {lines}"])
    rc, lines = summary(script, ["OK", "SKIP", "OK"])
    tap.check(lines == ["2 passed, 0 failed, 1 skipped"] and rc == 0,
              "a run without failures exits 0",
              [f"exit {rc}, printed {lines}"])

    with open(os.path.join(srcdir, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    m = re.search(r"^## Quick start\s*$(.*?)^```[a-z]*\n(.*?)^```", readme,
                  re.M | re.S)
    first = m.group(2).splitlines()[:2] if m else []
    tap.check(first == ["build-aux/sealdesk-dev run",
                        "build-aux/sealdesk-dev test"],
              "README's Quick start opens with the run and test commands",
              [f"first lines of its first code block: {first}"])

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
