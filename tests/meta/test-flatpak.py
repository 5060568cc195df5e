#!/usr/bin/env python3
"""Check flatpak/io.github.sealdesk.Sealdesk.json against the project.

TAP output. The manifest cannot be built here (no network, no flatpak), so
this checks what can go wrong silently when the project changes:
  - the manifest is JSON with the right app id, runtime, SDK and command;
  - it grants only reviewed permissions (no home or host filesystem);
  - every dependency('...') in the project's meson.build files is either in
    the GNOME runtime or built by a module of the manifest;
  - every module downloads a pinned archive (https URL and sha256), and the
    last module builds this source tree with meson.
Usage: test-flatpak.py [SRCDIR]  (default: $SD_TEST_SRCDIR, else ../..)
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
from metalib import Tap, meson_calls, source_root

APP_ID = "io.github.sealdesk.Sealdesk"
MANIFEST = os.path.join("flatpak", APP_ID + ".json")

# pkg-config names the GNOME 45 runtime (org.gnome.Platform/Sdk, built on the
# freedesktop SDK) provides.
RUNTIME = {
    "glib-2.0", "gio-2.0", "gio-unix-2.0", "gobject-2.0", "gmodule-2.0",
    "gthread-2.0", "gtk4", "libadwaita-1", "cairo", "cairo-gobject",
    "pango", "pangocairo", "pangoft2", "harfbuzz", "fontconfig", "freetype2",
    "gdk-pixbuf-2.0", "graphene-gobject-1.0", "json-glib-1.0", "libsecret-1",
    "openssl", "libssl", "libcrypto", "zlib", "libsoup-3.0", "sqlite3",
    "p11-kit-1", "libxml-2.0", "libjpeg", "libpng", "libpng16", "lcms2",
    "libtiff-4", "gnutls", "gcr-4", "libcurl", "libarchive", "epoxy",
    "gsettings-desktop-schemas", "libportal", "libportal-gtk4", "nss",
}

# Dependencies meson resolves itself, without pkg-config.
MESON_BUILTIN = {"threads", "dl", "openmp", "iconv", "intl", "libm", "m"}

# pkg-config name -> name of the manifest module that provides it.
MODULE_FOR = {
    "libqpdf": "qpdf",
    "poppler-glib": "poppler",
    "poppler": "poppler",
    "libqrencode": "libqrencode",
    "zbar": "zbar",
    "libopenjp2": "openjpeg",
    "libpcsclite": "pcsc-lite",
}

# Every permission the manifest may grant, and why. Anything else fails:
# review it and add it here with its reason.
ALLOWED_FINISH_ARGS = {
    "--share=ipc": "X11 shared memory",
    "--socket=wayland": "the window",
    "--socket=fallback-x11": "the window on X11 sessions",
    "--device=dri": "GPU rendering for GTK",
    "--share=network": "RFC 3161 timestamps, OCSP and CRLs (B-T, B-LT)",
    "--talk-name=org.freedesktop.secrets": "keys in the system keyring",
    "--socket=pcsc": "smart cards and USB tokens through the host's pcscd",
    "--filesystem=xdg-run/p11-kit/pkcs11":
        "the host's p11-kit server socket (tokens with host-only drivers)",
}
REQUIRED_FINISH_ARGS = {
    "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
    "--device=dri", "--talk-name=org.freedesktop.secrets", "--socket=pcsc",
}


def main():
    srcdir = source_root()
    tap = Tap()

    path = os.path.join(srcdir, MANIFEST)
    try:
        with open(path, encoding="utf-8") as fh:
            manifest = json.load(fh)
        tap.check(True, f"{MANIFEST} is valid JSON")
    except (OSError, ValueError) as e:
        tap.check(False, f"{MANIFEST} is valid JSON", [str(e)])
        return tap.done()

    app_id = manifest.get("id") or manifest.get("app-id")
    tap.check(app_id == APP_ID, f"app id is {APP_ID}", [f"found {app_id!r}"])
    tap.check(manifest.get("runtime") == "org.gnome.Platform"
              and manifest.get("sdk") == "org.gnome.Sdk"
              and str(manifest.get("runtime-version")) in ("44", "45"),
              "runtime org.gnome.Platform 44/45 with org.gnome.Sdk",
              [f"runtime {manifest.get('runtime')} "
               f"{manifest.get('runtime-version')}, sdk {manifest.get('sdk')}"])

    # The command must be what the desktop entry starts.
    command = manifest.get("command")
    execs = []
    datadir = os.path.join(srcdir, "data")
    for f in sorted(os.listdir(datadir)) if os.path.isdir(datadir) else []:
        if f.endswith((".desktop.in", ".desktop")):
            with open(os.path.join(datadir, f), encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Exec="):
                        execs.append(line[5:].split()[0])
    tap.check(command == "sealdesk" and all(e == command for e in execs),
              "command is sealdesk, as in the desktop entry's Exec",
              [f"command {command!r}, desktop Exec {execs}"])

    args = manifest.get("finish-args", [])
    extra = [a for a in args if a not in ALLOWED_FINISH_ARGS]
    missing = sorted(REQUIRED_FINISH_ARGS - set(args))
    tap.check(not extra and not missing,
              "finish-args grant what the app needs and nothing unreviewed",
              [f"not reviewed: {a}" for a in extra]
              + [f"missing: {a}" for a in missing])
    broad = [a for a in args
             if re.match(r"--filesystem=(home|host|host-os|host-etc|~)", a)
             or a in ("--socket=x11", "--socket=session-bus",
                      "--socket=system-bus", "--device=all")]
    tap.check(not broad, "no home/host filesystem or bus-wide access "
              "(files come through the portal)", broad)

    modules = manifest.get("modules", [])
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    problems = []
    for m in modules[:-1]:
        for s in m.get("sources", []):
            if s.get("type") == "archive":
                if not str(s.get("url", "")).startswith("https://"):
                    problems.append(f"{m['name']}: archive URL is not https")
                if not re.fullmatch(r"[0-9a-f]{64}", str(s.get("sha256", ""))):
                    problems.append(f"{m['name']}: archive has no sha256")
            elif s.get("type") == "git":
                if not s.get("commit"):
                    problems.append(f"{m['name']}: git source without commit")
            else:
                problems.append(f"{m['name']}: unpinned source {s.get('type')}")
    tap.check(not problems, "every dependency module is pinned "
              "(https archive with sha256)", problems)

    last = modules[-1] if modules else {}
    src = (last.get("sources") or [{}])[0]
    src_root = os.path.normpath(os.path.join(os.path.dirname(path),
                                             src.get("path", "")))
    tap.check(last.get("name") == "sealdesk"
              and last.get("buildsystem") == "meson"
              and src.get("type") == "dir"
              and os.path.samefile(src_root, srcdir),
              "the last module builds this source tree with meson",
              [f"last module {last.get('name')}, source {src}"])

    deps = meson_calls(srcdir, "dependency")
    problems = []
    for name, files in sorted(deps.items()):
        if name in RUNTIME or name in MESON_BUILTIN:
            continue
        module = MODULE_FOR.get(name)
        if module is None:
            problems.append(f"dependency('{name}') ({', '.join(files)}) is not "
                            "in the GNOME runtime: add a module to the "
                            "manifest and to MODULE_FOR in this test")
        elif module not in names:
            problems.append(f"dependency('{name}') ({', '.join(files)}) needs "
                            f"module '{module}', which the manifest lacks")
    tap.check(bool(deps) and not problems,
              f"all {len(deps)} meson dependencies are in the runtime or "
              "built by the manifest", problems)

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
