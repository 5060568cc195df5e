#!/bin/sh
# update-screenshots.sh: the AppStream screenshots in data/screenshots,
# taken from the real application by the display tests (under Xvfb).
#
#   build-aux/update-screenshots.sh [BUILDDIR]     (default: _build)
#
# Each display test below writes its pictures to $SEALDESK_SCREENSHOT_DIR
# (app_test_save_screenshot() and the like); the main views' pictures are
# then copied here, under the names the metainfo lists. main-window.png
# comes from tests/app/sealdesk-screenshot (a document, nothing placed).
# Run it after a change to what the main views look like, and commit the
# pictures with it.
set -eu

srcdir="$(cd "$(dirname "$0")/.." && pwd)"
builddir="$(cd "${1:-$srcdir/_build}" && pwd)"
shots="$(mktemp -d)"
trap 'rm -rf "$shots"' EXIT INT TERM

# One path a run: each in an application and workspace of its own.
for path in /app/placement/sign /app/seals/generate-round /app/requests/approve; do
  group="$(echo "$path" | cut -d/ -f3)"
  SEALDESK_SCREENSHOT_DIR="$shots" meson test -C "$builddir" "display-$group" \
    --print-errorlogs --test-args "-p $path"
done

# test name → screenshot: the document with a seal placed, the seal
# designer, a request under review, the ledger.
for name in document-seals seal-designer requests-review ledger; do
  cp "$shots/$name.png" "$srcdir/data/screenshots/$name.png"
done

ninja -C "$builddir" tests/app/sealdesk-screenshot
xvfb-run -a -s '-screen 0 1280x1024x24' env SEALDESK_HOME="$shots/home" \
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" GDK_BACKEND=x11 \
  GTK_A11Y=none GSK_RENDERER=cairo \
  "$builddir/tests/app/sealdesk-screenshot" "$srcdir/data/screenshots/main-window.png" \
  "$srcdir/data/samples/award.pdf" 1200 800

ls -l "$srcdir/data/screenshots"
