#!/usr/bin/env python3
"""Translation checks (TAP). One check per run, named on the command line:

  potfiles  every source file with translatable strings is in po/POTFILES.in
            (as po/update-potfiles.sh finds them), and every listed file exists
  formats   no message of a C source is cut at a printf macro such as
            G_GINT64_FORMAT (xgettext cannot see through those: the message
            ends in a lone "%", the runtime string never matches it, and a
            translation would get a broken format)
  valid     every language in po/LINGUAS compiles with `msgfmt -c`
  complete  every language translates every message of a freshly extracted
            template: no untranslated and no fuzzy messages

Usage: test-po.py CHECK [SRCDIR]  (default: $SD_TEST_SRCDIR, else ../..)
The template is extracted into a temporary folder; the tree is not changed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
from metalib import Tap, skip_all, source_root

# Meson's i18n preset 'glib' (po/meson.build uses it): same keywords and flags.
XGETTEXT_GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]


def read_list(path):
    with open(path, encoding="utf-8") as fh:
        return [l.strip() for l in fh
                if l.strip() and not l.lstrip().startswith("#")]


def languages(srcdir):
    return read_list(os.path.join(srcdir, "po", "LINGUAS"))


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def extract_template(srcdir, tmpdir):
    """Run xgettext as meson does; return the template path or raise."""
    pot = os.path.join(tmpdir, "sealdesk.pot")
    r = run(["xgettext", "--package-name=sealdesk", "-D", srcdir,
             "--files-from=" + os.path.join(srcdir, "po", "POTFILES.in"),
             "-o", pot] + XGETTEXT_GLIB_PRESET)
    if r.returncode != 0:
        raise RuntimeError("xgettext failed:\n" + r.stderr)
    return pot


def parse_po(path):
    """Entries of a PO/POT file: dicts with refs, flags, msgid, msgid_plural."""
    entries, cur, field = [], None, None

    def unquote(s):
        return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode(
            "latin-1").decode("utf-8")

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                cur, field = None, None
                continue
            if cur is None:
                cur = {"refs": [], "flags": [], "msgid": "", "msgid_plural": ""}
                entries.append(cur)
            if line.startswith("#:"):
                cur["refs"] += [r.rsplit(":", 1)[0] for r in line[2:].split()]
            elif line.startswith("#,"):
                cur["flags"] += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("msgid_plural "):
                field = "msgid_plural"
                cur[field] = unquote(line[13:])
            elif line.startswith("msgid "):
                field = "msgid"
                cur[field] = unquote(line[6:])
            elif line.startswith("msgstr") or line.startswith("#"):
                field = None
            elif line.startswith('"') and field:
                cur[field] += unquote(line)
    return [e for e in entries if e["msgid"]]


def check_potfiles(srcdir, tap):
    listed = read_list(os.path.join(srcdir, "po", "POTFILES.in"))
    r = run(["sh", os.path.join(srcdir, "po", "update-potfiles.sh"), "--print"])
    if r.returncode != 0:
        tap.check(False, "po/update-potfiles.sh --print runs", [r.stderr])
        return
    found = r.stdout.split()
    missing = [f for f in found if f not in listed]
    tap.check(not missing,
              "every file with translatable strings is in po/POTFILES.in",
              [f"not listed: {f}" for f in missing]
              + ["run po/update-potfiles.sh"] * bool(missing))
    absent = [f for f in listed if not os.path.isfile(os.path.join(srcdir, f))]
    tap.check(not absent, "every file in po/POTFILES.in exists",
              [f"no such file: {f}" for f in absent])


def check_formats(srcdir, tap):
    with tempfile.TemporaryDirectory() as tmp:
        pot = extract_template(srcdir, tmp)
        entries = parse_po(pot)
    problems = []
    for e in entries:
        if not any(r.endswith((".c", ".h")) for r in e["refs"]):
            continue
        for text in (e["msgid"], e["msgid_plural"]):
            # xgettext ends the string where a macro such as G_GINT64_FORMAT
            # follows: the message then ends in a lone "%".
            trailing = len(text) - len(text.rstrip("%"))
            if trailing % 2 == 1:
                problems.append(f"{', '.join(e['refs'])}: {text!r} ends in "
                                "a lone % (cut at a format macro such as "
                                "G_GINT64_FORMAT: use %lld or %zu)")
    tap.check(not problems,
              f"the {len(entries)} messages have whole printf directives",
              problems)


def check_valid(srcdir, tap):
    with tempfile.TemporaryDirectory() as tmp:
        for lang in languages(srcdir):
            po = os.path.join(srcdir, "po", lang + ".po")
            r = run(["msgfmt", "-c", "-o", os.path.join(tmp, lang + ".mo"), po])
            tap.check(r.returncode == 0, f"msgfmt -c accepts po/{lang}.po",
                      [r.stderr])


def statistics(text):
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", text):
        counts[kind] = int(n)
    return counts


def check_complete(srcdir, tap):
    with tempfile.TemporaryDirectory() as tmp:
        pot = extract_template(srcdir, tmp)
        for lang in languages(srcdir):
            merged = os.path.join(tmp, lang + ".po")
            r = run(["msgmerge", "--quiet", "-o", merged,
                     os.path.join(srcdir, "po", lang + ".po"), pot])
            if r.returncode != 0:
                tap.check(False, f"msgmerge po/{lang}.po", [r.stderr])
                continue
            r = run(["msgfmt", "-c", "--statistics", "-o", os.devnull, merged],
                    env=dict(os.environ, LC_ALL="C"))
            counts = statistics(r.stderr)
            todo = run(["msgattrib", "--untranslated", "--no-obsolete",
                        "--no-wrap", merged]).stdout
            fuzzy = run(["msgattrib", "--only-fuzzy", "--no-obsolete",
                         "--no-wrap", merged]).stdout
            ids = re.findall(r'^msgid (".+")$', todo + fuzzy, re.M)
            tap.check(r.returncode == 0 and counts["untranslated"] == 0
                      and counts["fuzzy"] == 0,
                      f"po/{lang}.po translates all {sum(counts.values())} "
                      "messages (none untranslated or fuzzy)",
                      [r.stderr.strip()] + [f"needs work: {i}" for i in ids]
                      + ["update it: ninja -C _build sealdesk-pot "
                         "sealdesk-update-po, then translate"])


CHECKS = {
    "potfiles": check_potfiles,
    "formats": check_formats,
    "valid": check_valid,
    "complete": check_complete,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    srcdir = source_root(2)
    for tool in ("xgettext", "msgfmt", "msgmerge", "msgattrib"):
        if shutil.which(tool) is None:
            return skip_all(f"{tool} is not installed (Debian package gettext)")
    tap = Tap()
    try:
        CHECKS[sys.argv[1]](srcdir, tap)
    except (OSError, RuntimeError) as e:
        tap.check(False, sys.argv[1], [str(e)])
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
