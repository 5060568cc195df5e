#!/usr/bin/env python3
"""The AppStream screenshots: what the metainfo lists is in data/screenshots.

    test-screenshots.py [SRCDIR]

Every <image> of the metainfo names a PNG file of data/screenshots (by its
URL on the main branch) that is there, is a PNG and is large enough for a
software centre; every screenshot has a caption; every picture in
data/screenshots is listed (or shown by the README); and every picture
build-aux/update-screenshots.sh takes from the display tests is listed.
"""

import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from metalib import Tap, source_root  # noqa: E402

URL_PREFIX = "https://github.com/sealdesk/sealdesk/raw/main/data/screenshots/"
METAINFO = "data/io.github.sealdesk.Sealdesk.metainfo.xml.in"
# What software centres show well (AppStream recommends at least 620 px wide).
MIN_WIDTH, MIN_HEIGHT = 620, 350


def png_size(path):
    """(width, height) of a PNG file, or None when it is no PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    srcdir = source_root()
    tap = Tap()
    shots_dir = os.path.join(srcdir, "data", "screenshots")
    root = ET.parse(os.path.join(srcdir, METAINFO)).getroot()
    screenshots = root.findall("./screenshots/screenshot")

    tap.check(len(screenshots) >= 4, "the metainfo lists the main views' screenshots",
              [f"{len(screenshots)} listed"])
    tap.check(sum(1 for s in screenshots if s.get("type") == "default") == 1,
              "exactly one screenshot is the default")

    listed, problems = [], []
    for shot in screenshots:
        caption = shot.findtext("caption", "").strip()
        image = shot.findtext("image", "").strip()
        if not caption:
            problems.append(f"{image}: no caption")
        if not image.startswith(URL_PREFIX):
            problems.append(f"{image}: not under {URL_PREFIX}")
            continue
        name = image[len(URL_PREFIX):]
        listed.append(name)
        path = os.path.join(shots_dir, name)
        if not os.path.isfile(path):
            problems.append(f"{name}: not in data/screenshots")
            continue
        size = png_size(path)
        if size is None:
            problems.append(f"{name}: not a PNG file")
        elif size[0] < MIN_WIDTH or size[1] < MIN_HEIGHT:
            problems.append(f"{name}: {size[0]}×{size[1]}, smaller than {MIN_WIDTH}×{MIN_HEIGHT}")
    tap.check(not problems, "each screenshot has a caption and its PNG file", problems)

    with open(os.path.join(srcdir, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    unlisted = [n for n in sorted(os.listdir(shots_dir))
                if n not in listed and f"data/screenshots/{n}" not in readme]
    tap.check(not unlisted, "every picture in data/screenshots is used", unlisted)

    with open(os.path.join(srcdir, "build-aux", "update-screenshots.sh"), encoding="utf-8") as f:
        script = f.read()
    taken = re.search(r"^for name in ([^;]*); do$", script, re.M)
    names = taken.group(1).split() if taken else []
    missing = [n + ".png" for n in names if n + ".png" not in listed]
    tap.check(bool(names) and not missing,
              "every picture update-screenshots.sh takes is listed",
              missing or ["no 'for name in …' line found"])
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
