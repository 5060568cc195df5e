#!/usr/bin/env python3
"""build-aux/debian-packages.txt lists what the project needs (TAP).

The list is the single source of truth for a fresh machine, so it must name
the Debian package behind everything the build and the tests use:
  - every package in it is installed here (sealdesk-dev installs them);
  - every dependency('...') of a meson.build resolves to a .pc file owned by
    a listed package (or by a direct dependency of one);
  - every find_program('...') of a meson.build, every program meson runs
    for a gnome/i18n module call, and every program a test requires
    (sd_test_require_program ("...")) is owned the same way, or by an
    essential package.
Needs dpkg; skips elsewhere.
Usage: test-debian-packages.py [SRCDIR]  (default: $SD_TEST_SRCDIR, else ../..)
"""

import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
from metalib import Tap, meson_calls, project_files, skip_all, source_root

LIST = os.path.join("build-aux", "debian-packages.txt")
# Programs meson runs for these calls without a find_program() in our files.
IMPLIED_PROGRAMS = [
    (r"gnome\.compile_resources\s*\(", ["glib-compile-resources"]),
    (r"gnome\.compile_schemas\s*\(|glib_compile_schemas\s*:\s*true",
     ["glib-compile-schemas"]),
    (r"gnome\.mkenums|gnome\.genmarshal", ["glib-mkenums", "glib-genmarshal"]),
    (r"gtk_update_icon_cache\s*:\s*true", ["gtk-update-icon-cache"]),
    (r"update_desktop_database\s*:\s*true", ["update-desktop-database"]),
    (r"i18n\.merge_file\s*\(", ["msgfmt"]),
    (r"i18n\.gettext\s*\(", ["xgettext", "msgfmt", "msgmerge", "msginit"]),
    (r"preprocess=\"xml-stripblanks\"", ["xmllint"]),
]

# Names that are deliberately absent (a test of the skip path itself).
NOT_PROGRAMS = {"sd-no-such-program-here"}
REQUIRE_PROGRAM = re.compile(
    r"\b(?:sd_test_require_program|g_find_program_in_path)\s*\(\s*\"([^\"]+)\"")


def listed_packages(srcdir):
    with open(os.path.join(srcdir, LIST), encoding="utf-8") as fh:
        return [l.split("#", 1)[0].strip() for l in fh
                if l.split("#", 1)[0].strip()]


def dpkg_query(fmt, packages):
    r = subprocess.run(["dpkg-query", "-W", "-f", fmt] + list(packages),
                       capture_output=True, text=True)
    return r.stdout


def owners(paths):
    """{path: package} for the paths dpkg knows."""
    found = {}
    if not paths:
        return found
    r = subprocess.run(["dpkg", "-S"] + sorted(set(paths)),
                       capture_output=True, text=True)
    for line in r.stdout.splitlines():
        pkgs, _, path = line.partition(": ")
        if path in paths:
            found[path] = pkgs.split(",")[0].strip().split(":")[0]
    return found


def accepted_packages(listed):
    """Listed packages, their direct dependencies, and essential packages."""
    ok = set(listed)
    for line in dpkg_query("${Depends}, ${Pre-Depends}\n", listed).splitlines():
        for alt in line.split(","):
            for dep in alt.split("|"):
                name = dep.strip().split(" ")[0].split(":")[0]
                if name:
                    ok.add(name)
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Essential}\n"],
                       capture_output=True, text=True)
    ok |= {l.split()[0] for l in r.stdout.splitlines() if l.endswith(" yes")}
    return ok


def program_paths(name):
    """Candidate paths of a program: as found in PATH, resolved, and in the
    system folders (a PATH entry may be a shim outside any package)."""
    paths = []
    found = shutil.which(name)
    if found:
        paths += [found, os.path.realpath(found)]
    for d in ("/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            paths += [p, os.path.realpath(p)]
    return list(dict.fromkeys(paths))


def main():
    srcdir = source_root()
    if shutil.which("dpkg") is None or shutil.which("pkg-config") is None:
        return skip_all("dpkg and pkg-config are needed (Debian only)")
    tap = Tap()

    listed = listed_packages(srcdir)
    dupes = sorted({p for p in listed if listed.count(p) > 1})
    bad = [p for p in listed if not re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", p)]
    tap.check(not dupes and not bad, f"{LIST} names each package once",
              [f"twice: {p}" for p in dupes] + [f"not a name: {p}" for p in bad])

    status = dict(l.split(" ", 1) for l in dpkg_query(
        "${Package} ${db:Status-Status}\n", listed).splitlines() if " " in l)
    absent = [p for p in listed if status.get(p) != "installed"]
    tap.check(not absent, f"all {len(listed)} listed packages are installed",
              [f"not installed: {p}" for p in absent]
              + ["run build-aux/sealdesk-dev install-deps"] * bool(absent))

    accepted = accepted_packages(listed)

    # Libraries: dependency('name') -> NAME.pc -> package.
    deps = meson_calls(srcdir, "dependency")
    pc_paths, problems = {}, []
    for name in sorted(deps):
        if name in ("threads", "dl", "openmp", "iconv", "intl"):
            continue
        r = subprocess.run(["pkg-config", "--path", name],
                           capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f"dependency('{name}'): no {name}.pc installed")
        else:
            pc_paths[name] = r.stdout.strip()
    who = owners(set(pc_paths.values()))
    for name, path in sorted(pc_paths.items()):
        pkg = who.get(path)
        if pkg is None:
            problems.append(f"dependency('{name}'): {path} is in no package")
        elif pkg not in accepted:
            problems.append(f"dependency('{name}') comes from {pkg}: "
                            f"add it to {LIST}")
    tap.check(not problems, f"the {len(deps)} meson dependencies come from "
              "listed packages", problems)

    # Programs: find_program() in meson files, required programs in tests.
    # find_program() also finds the project's own scripts beside the caller.
    programs = {n: list(f) for n, f in meson_calls(srcdir, "find_program").items()
                if not any(os.path.exists(os.path.join(srcdir, os.path.dirname(m), n))
                           for m in f)}
    for rel in project_files(srcdir, lambda f: f == "meson.build"
                             or f.endswith(".gresource.xml")):
        with open(os.path.join(srcdir, rel), encoding="utf-8") as fh:
            text = fh.read()
        for pattern, names in IMPLIED_PROGRAMS:
            if re.search(pattern, text):
                for name in names:
                    programs.setdefault(name, []).append(rel)
    for rel in project_files(srcdir, lambda f: f.endswith((".c", ".h"))):
        if not rel.startswith(("tests", "src")):
            continue
        with open(os.path.join(srcdir, rel), encoding="utf-8",
                  errors="replace") as fh:
            for name in REQUIRE_PROGRAM.findall(fh.read()):
                programs.setdefault(name, []).append(rel)
    candidates = {n: program_paths(n) for n in programs
                  if "/" not in n and n not in NOT_PROGRAMS}
    who = owners({p for paths in candidates.values() for p in paths})
    problems = []
    for name, paths in sorted(candidates.items()):
        pkgs = [who[p] for p in paths if p in who]
        where = ", ".join(sorted(set(programs[name])))
        if not paths:
            problems.append(f"{name} ({where}) is not installed: add its "
                            f"package to {LIST}")
        elif not pkgs:
            problems.append(f"{name} ({where}): {paths[0]} is in no package")
        elif not any(p in accepted for p in pkgs):
            problems.append(f"{name} ({where}) comes from {pkgs[0]}: "
                            f"add it to {LIST}")
    tap.check(not problems, f"the {len(candidates)} programs the build and "
              "tests run come from listed packages", problems)

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
