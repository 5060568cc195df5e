"""Helpers shared by the tests in tests/meta (TAP output, source walking)."""

import os
import re
import sys


class Tap:
    """Minimal TAP producer: one check() per test point, done() at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, problems=()):
        self.n += 1
        print(("ok" if ok else "not ok") + f" {self.n} - {name}", flush=True)
        if not ok:
            # Details go to stderr: meson shows it with --print-errorlogs.
            print(f"not ok {self.n} - {name}", file=sys.stderr)
            for p in problems:
                print("  " + str(p).replace("\n", "\n  "), file=sys.stderr)
            sys.stderr.flush()
            self.failed += 1

    def done(self):
        print(f"1..{self.n}")
        return 1 if self.failed else 0


def skip_all(reason):
    print(f"1..0 # SKIP {reason}")
    return 0


def source_root(argv_index=1):
    """SRCDIR from argv[argv_index], else $SD_TEST_SRCDIR, else ../.."""
    if len(sys.argv) > argv_index:
        root = sys.argv[argv_index]
    else:
        root = (os.environ.get("SD_TEST_SRCDIR")
                or os.path.join(os.path.dirname(__file__), "..", ".."))
    return os.path.abspath(root)


def project_files(srcdir, predicate):
    """Paths (relative to srcdir) of the project's files for which
    predicate(name) holds; build folders, hidden folders and subprojects
    are left out."""
    out = []
    for root, dirs, files in os.walk(srcdir):
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith((".", "_build"))
                         and not (d.startswith("build") and d != "build-aux")
                         and d != "subprojects")
        for f in sorted(files):
            if predicate(f):
                out.append(os.path.relpath(os.path.join(root, f), srcdir))
    return out


def meson_calls(srcdir, function):
    """{first literal argument: [meson.build files]} of every call of
    `function` (dependency, find_program) in the project's meson files."""
    calls = {}
    pattern = re.compile(r"\b%s\s*\(\s*['\"]([^'\"]+)['\"]" % function)
    for rel in project_files(srcdir, lambda f: f == "meson.build"):
        with open(os.path.join(srcdir, rel), encoding="utf-8") as fh:
            text = re.sub(r"#.*", "", fh.read())
        for name in pattern.findall(text):
            calls.setdefault(name, []).append(rel)
    return calls
