#!/usr/bin/env python3
"""Icon-only buttons in the GtkBuilder files have an accessible name.

    test-a11y-ui.py [SRCDIR]

A GtkButton, GtkToggleButton or GtkMenuButton of ui/*.ui that shows only
an icon (icon-name, no label, no child) must say what it does to a screen
reader: <accessibility><property name="label" translatable="yes">. A
tooltip is not enough (GTK 4.8 does not name a button by its tooltip).
"""

import glob
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from metalib import Tap, source_root  # noqa: E402

BUTTONS = {"GtkButton", "GtkToggleButton", "GtkMenuButton"}


def unnamed_buttons(path):
    problems = []
    for obj in ET.parse(path).getroot().iter("object"):
        if obj.get("class") not in BUTTONS:
            continue
        props = {p.get("name"): p for p in obj.findall("property")}
        if "icon-name" not in props or "label" in props or obj.find("child") is not None:
            continue
        acc = obj.find("accessibility")
        labels = [p for p in acc.findall("property") if p.get("name") == "label"] if acc is not None else []
        if not labels or labels[0].get("translatable") != "yes":
            tip = props.get("tooltip-text")
            problems.append(f"{os.path.basename(path)}: {obj.get('id') or props['icon-name'].text}"
                            f" ({tip.text if tip is not None else 'no tooltip'})")
    return problems


def main():
    srcdir = source_root()
    tap = Tap()
    files = sorted(glob.glob(os.path.join(srcdir, "ui", "*.ui")))
    tap.check(bool(files), "ui/*.ui found")
    problems = []
    for path in files:
        problems += unnamed_buttons(path)
    tap.check(not problems, "every icon-only button has a translatable accessible name", problems)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
