#!/usr/bin/env python3
"""test-hostile: hostile documents through `info`, `verify` and `sign`.

Every file is generated here (never taken from elsewhere), one variant of
each class of hostile input at a time:

  - cross-reference sections: a /Prev loop, a /Prev to itself, wrong
    offsets, an xref stream with /W [9 9 9], one whose /Index claims 2^31
    objects, huge object numbers;
  - object streams: one that holds itself, an /Extends loop, one that
    inflates to 1 GiB;
  - stream lengths: /Length past the end of the file, a negative /Length;
  - the page tree: a /Kids cycle through indirect /Parent links, /Count
    2^31 in the root, a truncated file, deep nesting;
  - what a page draws: 100,000 annotations, a content stream and a font
    program (/FontFile2) of 1 GiB of Flate, 10,000 nested forms and a
    form that draws itself, an image bomb;
  - signed documents made hostile: a /DSS with 100,000 certificates,
    a /DSS certificate that inflates to 1 GiB, 10,000 %%EOF markers;
  - a file that is not a PDF named .pdf, an empty file.

Each command runs under an address-space limit (RLIMIT_AS, as `ulimit -v`)
and a timeout: it must exit with 0, 1 or 2 (2 with one clear sentence on
stderr, never a crash report), never by a signal, in bounded time and
memory. A document `sign` accepted is verified again. The viewer opens the
ones about drawing in tests/app/test-app-hostile.c.

Python 3, standard library only; TAP output.
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zlib

BUILD = os.environ.get("SD_TEST_BUILDDIR", ".")
CLI = os.path.join(BUILD, "src", "cli", "sealdesk-cli")
PKI = os.environ["SD_TEST_PKI"]
FIXTURES = os.environ["SD_TEST_FIXTURES"]
PASS = "sealdesk-test"
TMP = tempfile.mkdtemp(prefix="sd-hostile-")
# Address-space cap of each command (like `ulimit -v`), and its time.
AS_LIMIT = 1024 << 20
SECONDS = 120
# What the peak resident size of a command may reach.
RSS_LIMIT_KIB = 512 * 1024
# What a message on stderr must never show.
CRASH_WORDS = ("Assertion", "CRITICAL", "terminate called", "Segmentation", "AddressSanitizer",
               "runtime error", "std::bad_alloc", "core dumped")


def built_with_asan(program):
    """AddressSanitizer reserves terabytes of shadow address space: under
    it an address-space cap only makes the sanitizer abort, so the memory
    bound is left to ASan itself (the time bound still holds)."""
    try:
        with open(program, "rb") as f:
            return b"libasan.so" in f.read()
    except OSError:
        return False


ASAN = built_with_asan(CLI)


def run(argv, env=None):
    """Runs argv under the caps: (status, stderr, peak RSS in KiB, seconds)."""
    def preexec():
        if not ASAN:
            resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    full_env = dict(os.environ)
    full_env["SEALDESK_HOME"] = os.path.join(TMP, "home")
    full_env.update(env or {})
    err_path = os.path.join(TMP, "stderr.txt")
    start = time.monotonic()
    with open(err_path, "wb") as err:
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=full_env,
                             preexec_fn=preexec)
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() - start > SECONDS:
                p.kill()
                p.wait()
                raise AssertionError("%s did not finish in %d s" % (" ".join(argv), SECONDS))
            time.sleep(0.02)
    seconds = time.monotonic() - start
    with open(err_path, "rb") as f:
        text = f.read().decode(errors="replace")
    return os.waitstatus_to_exitcode(status), text, usage.ru_maxrss, seconds


# ---- the generator -----------------------------------------------------

def stream(dict_text, data):
    return b"<< " + dict_text + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def flate_bomb(byte=b"\0"):
    """1 GiB of @byte in about a megabyte of Flate."""
    comp = zlib.compressobj(9)
    block = byte * (1 << 20)
    return b"".join(comp.compress(block) for _ in range(1024)) + comp.flush()


def pdf(objs, trailer=b"", root=1, xref=True, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"):
    """A PDF of objs {num: body} with a correct xref table (unless xref is
    False: the caller writes its own), then the trailer."""
    out = bytearray(header)
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    if not xref:
        return bytes(out), offsets
    at = len(out)
    size = max(offsets) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        if num in offsets:
            out += b"%010d 00000 n \n" % offsets[num]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer, at)
    return bytes(out)


PAGE_TEXT = b"BT /F1 24 Tf 72 700 Td (Hostile) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page_objs(page_extra=b"", contents=None, resources=b"<< /Font << /F1 5 0 R >> >>"):
    """Catalog 1, page tree 2, one page 3 drawing 4 with font 5."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
           + resources + b" " + page_extra + b" >>",
        4: contents if contents is not None else stream(b"", PAGE_TEXT),
        5: FONT,
    }


def xref_stream_pdf(objs, entries, w=(1, 4, 2), index=None, extra=b"", num=None):
    """objs {num: body} then an xref stream (object num) with entries
    {num: (type, field2, field3)} (type 1 entries are filled with the
    offsets of objs), /W w and /Index index (default: 0 to the highest)."""
    body, offsets = pdf(objs, xref=False)
    num = num or max(list(objs) + list(entries)) + 1
    out = bytearray(body)
    at = len(out)
    table = dict(entries)
    for n, off in offsets.items():
        table.setdefault(n, (1, off, 0))
    table[num] = (1, at, 0)
    size = max(table) + 1
    rows = bytearray()
    for n in range(size):
        t, f2, f3 = table.get(n, (0, 0, 65535 if n == 0 else 0))
        for value, width in zip((t, f2, f3), w):
            rows += value.to_bytes(width, "big") if width <= 8 else value.to_bytes(width, "big")
    index_text = b"/Index [%s]" % b" ".join(b"%d" % i for i in index) if index else b""
    dict_text = b"/Type /XRef /Size %d /W [%d %d %d] %s /Root 1 0 R %s" % (
        size, w[0], w[1], w[2], index_text, extra)
    out += b"%d 0 obj\n" % num + stream(dict_text, bytes(rows)) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % at
    return bytes(out)


def objstm(members, extra=b"", data_override=None):
    """An object stream holding members [(num, body)]."""
    head = b""
    bodies = b""
    for num, body in members:
        head += b"%d %d " % (num, len(bodies))
        bodies += body + b" "
    data = data_override if data_override is not None else head + bodies
    return stream(b"/Type /ObjStm /N %d /First %d %s" % (len(members), len(head), extra), data)


def with_update(data, objs, trailer=b"", prev=None):
    """An incremental update of data defining objs {num: body}."""
    prev = prev if prev is not None else int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = max(int(x) for x in re.findall(rb"/Size\s+(\d+)", data))
    root = re.findall(rb"/Root\s+(\d+\s+\d+)\s+R", data)[-1]
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    at = len(out)
    out += b"xref\n"
    for num in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    size = max([size] + [n + 1 for n in offsets])
    out += b"trailer\n<< /Size %d /Root %s R /Prev %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, prev, trailer, at)
    return bytes(out)


def read(path):
    with open(path, "rb") as f:
        return f.read()


_signed = []


def signed():
    """The xref-table fixture signed by the CLI."""
    if not _signed:
        out = os.path.join(TMP, "signed.pdf")
        status, err, _, _ = run([CLI, "sign", os.path.join(FIXTURES, "xref-table.pdf"), "-o", out,
                                 "--p12", os.path.join(PKI, "rsa2048.p12"), "--pin-env", "TH_PIN"],
                                env={"TH_PIN": PASS})
        assert status == 0, err
        _signed.append(read(out))
    return _signed[0]


def with_catalog_entry(data, entry, objs):
    num = int(re.findall(rb"/Root\s+(\d+)\s+\d+\s+R", data)[-1])
    body = re.findall(rb"(?<![0-9])%d 0 obj\s*(.*?)\s*endobj" % num, data, re.S)[-1].rstrip()
    assert body.endswith(b">>")
    objs = dict(objs)
    objs[num] = body[:-2] + b" " + entry + b" >>"
    return with_update(data, objs)


def next_object(data):
    return max(int(x) for x in re.findall(rb"/Size\s+(\d+)", data))


# ---- the classes -------------------------------------------------------

def prev_loop():
    """Two updates whose /Prev name each other."""
    base = pdf(page_objs())
    first = len(base)
    one = b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %010d >>\n"
    second = first + len(one % 0)
    return base + one % second + one % first + b"startxref\n%d\n%%%%EOF\n" % second


def prev_self():
    base = pdf(page_objs())
    at = len(base)
    return base + (b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\n"
                   b"startxref\n%d\n%%%%EOF\n" % (at, at))


def wrong_offsets():
    data = bytearray(pdf(page_objs()))
    at = data.rindex(b"xref\n")
    for m in re.finditer(rb"(\d{10}) 00000 n ", bytes(data[at:])):
        start = at + m.start(1)
        data[start:start + 10] = b"%010d" % (int(m.group(1)) + 7)
    return bytes(data)


def huge_object_numbers():
    objs = page_objs()
    objs[3] = objs[3].replace(b"/Contents 4 0 R", b"/Contents 2147483646 0 R /SdOther 8388607 0 R")
    return pdf(objs, trailer=b"/SdBig 99999999999999999999 0 R")


def xref_w999():
    return xref_stream_pdf(page_objs(), {}, w=(9, 9, 9))


def xref_index_2_31():
    return xref_stream_pdf(page_objs(), {}, index=(0, 6, 2147483600, 2147483647))


def objstm_self():
    """Object stream 6 holds object 6 itself (and the page)."""
    objs = page_objs()
    page = objs.pop(3)
    objs[6] = objstm([(3, page), (6, b"<< /Sd 1 >>")])
    return xref_stream_pdf(objs, {3: (2, 6, 0), 6: (2, 6, 1)})


def objstm_extends_loop():
    objs = page_objs()
    page = objs.pop(3)
    font = objs.pop(5)
    objs[6] = objstm([(3, page)], extra=b"/Extends 7 0 R")
    objs[7] = objstm([(5, font)], extra=b"/Extends 6 0 R")
    return xref_stream_pdf(objs, {3: (2, 6, 0), 5: (2, 7, 0)})


def objstm_bomb():
    """The page lives in an object stream of 1 GiB once inflated."""
    objs = page_objs()
    objs.pop(3)
    comp = zlib.compressobj(9)
    head = b"3 0 "
    data = comp.compress(head + b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    block = b" " * (1 << 20)
    data += b"".join(comp.compress(block) for _ in range(1024)) + comp.flush()
    objs[6] = stream(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", data)
    return xref_stream_pdf(objs, {3: (2, 6, 0)})


def length_past_eof():
    objs = page_objs(contents=b"<< /Length 999999999 >>\nstream\n" + PAGE_TEXT + b"\nendstream")
    return pdf(objs)


def length_negative():
    objs = page_objs(contents=b"<< /Length -40 >>\nstream\n" + PAGE_TEXT + b"\nendstream")
    return pdf(objs)


def kids_cycle_parent():
    """2 → 6 → 7 → 2 through /Kids, each /Parent the one above, indirect."""
    objs = page_objs()
    objs[2] = b"<< /Type /Pages /Kids [6 0 R] /Count 1 /Parent 7 0 R >>"
    objs[6] = b"<< /Type /Pages /Kids [7 0 R] /Count 1 /Parent 2 0 R >>"
    objs[7] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 /Parent 6 0 R >>"
    objs[3] = objs[3].replace(b"/Parent 2 0 R", b"/Parent 7 0 R")
    return pdf(objs)


def count_2_31():
    objs = page_objs()
    objs[2] = b"<< /Type /Pages /Kids [3 0 R] /Count 2147483648 >>"
    return pdf(objs)


def truncated():
    data = pdf(page_objs())
    return data[:len(data) // 2]


def deep_nesting():
    objs = page_objs()
    objs[6] = b"[" * 10000 + b"]" * 10000
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R /SdDeep 6 0 R >>"
    return pdf(objs)


def annotations_100000():
    objs = page_objs(page_extra=b"/Annots 6 0 R")
    annots = b" ".join(b"<< /Type /Annot /Subtype /Square /Rect [%d %d %d %d] >>"
                       % (i % 600, i % 780, i % 600 + 10, i % 780 + 10) for i in range(100000))
    objs[6] = b"[" + annots + b"]"
    return pdf(objs)


def content_bomb():
    return pdf(page_objs(contents=stream(b"/Filter /FlateDecode", flate_bomb(b" "))))


def font_bomb():
    objs = page_objs()
    objs[5] = (b"<< /Type /Font /Subtype /TrueType /BaseFont /SdBomb /FirstChar 32 /LastChar 126 "
               b"/Widths 7 0 R /FontDescriptor 6 0 R >>")
    objs[6] = (b"<< /Type /FontDescriptor /FontName /SdBomb /Flags 32 /FontBBox [0 0 1000 1000] "
               b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>")
    objs[7] = b"[" + b" 500" * 95 + b"]"
    objs[8] = stream(b"/Filter /FlateDecode /Length1 1073741824", flate_bomb())
    return pdf(objs)


def nested_forms():
    """10,000 forms, each drawing the next."""
    n = 10000
    objs = page_objs(contents=stream(b"", b"/X0 Do"),
                     resources=b"<< /XObject << /X0 6 0 R >> >>")
    for i in range(n):
        draw = b"/X0 Do" if i + 1 < n else b"0 0 10 10 re f"
        res = b"/Resources << /XObject << /X0 %d 0 R >> >>" % (7 + i) if i + 1 < n else b""
        objs[6 + i] = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] " + res, draw)
    return pdf(objs)


def form_draws_itself():
    objs = page_objs(contents=stream(b"", b"/X0 Do"),
                     resources=b"<< /XObject << /X0 6 0 R >> >>")
    objs[6] = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                     b"/Resources << /XObject << /X0 6 0 R >> >>", b"/X0 Do")
    return pdf(objs)


def image_bomb():
    objs = page_objs(contents=stream(b"", b"q 500 0 0 500 50 150 cm /Im0 Do Q"),
                     resources=b"<< /XObject << /Im0 6 0 R >> >>")
    objs[6] = stream(b"/Type /XObject /Subtype /Image /Width 18919 /Height 18919 /ColorSpace /DeviceRGB "
                     b"/BitsPerComponent 8 /Filter /FlateDecode", flate_bomb())
    return pdf(objs)


def jpx_bomb():
    """A JPEG 2000 image of 10 × 10 by its dictionary, 60,000 × 60,000 by
    its codestream's SIZ (T.800, A.5.1)."""
    siz = (b"\xff\x4f\xff\x51" + (38 + 9).to_bytes(2, "big") + b"\0\0"
           + b"".join(v.to_bytes(4, "big") for v in (60000, 60000, 0, 0, 60000, 60000, 0, 0))
           + (3).to_bytes(2, "big") + b"\x07\x01\x01" * 3)
    objs = page_objs(contents=stream(b"", b"q 500 0 0 500 50 150 cm /Im0 Do Q"),
                     resources=b"<< /XObject << /Im0 6 0 R >> >>")
    objs[6] = stream(b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceRGB "
                     b"/BitsPerComponent 8 /Filter /JPXDecode", siz)
    return pdf(objs)


def dss_100000_certs():
    data = signed()
    first = next_object(data)
    n = 100000
    cert = stream(b"", b"0\x03\x02\x01\x00")
    objs = {first + i: cert for i in range(n)}
    refs = b" ".join(b"%d 0 R" % (first + i) for i in range(n))
    return with_catalog_entry(data, b"/DSS << /Certs [" + refs + b"] >>", objs)


def dss_flate_bomb():
    data = signed()
    num = next_object(data)
    return with_catalog_entry(data, b"/DSS << /Certs [%d 0 R] >>" % num,
                              {num: stream(b"/Filter /FlateDecode", flate_bomb())})


def many_eof():
    return signed() + b"%%EOF\n" * 10000


def not_pdf():
    return b"These are the minutes of the hearing.\n" * 100


def empty():
    return b""


CLASSES = [
    prev_loop, prev_self, wrong_offsets, huge_object_numbers, xref_w999, xref_index_2_31,
    objstm_self, objstm_extends_loop, objstm_bomb, length_past_eof, length_negative,
    kids_cycle_parent, count_2_31, truncated, deep_nesting, annotations_100000, content_bomb,
    font_bomb, nested_forms, form_draws_itself, image_bomb, jpx_bomb, dss_100000_certs,
    dss_flate_bomb, many_eof, not_pdf, empty,
]


# ---- the commands ------------------------------------------------------

def check(name, what, status, err, rss, seconds, allowed):
    print("# %s %s: exit %d, %.1f s, %d MiB: %s" % (name, what, status, seconds, rss // 1024,
                                                   err.strip().splitlines()[-1:] or ""))
    assert status >= 0, "%s %s: killed by signal %d: %s" % (name, what, -status, err)
    assert status in allowed, "%s %s: exit %d: %s" % (name, what, status, err)
    assert not any(w in err for w in CRASH_WORDS), "%s %s: %s" % (name, what, err)
    if status == 2:
        assert err.strip(), "%s %s: exit 2 without a message" % (name, what)
    if not ASAN:
        assert rss < RSS_LIMIT_KIB, "%s %s: %d KiB" % (name, what, rss)


def try_class(make):
    name = make.__name__.replace("_", "-")
    path = os.path.join(TMP, name + ".pdf")
    with open(path, "wb") as f:
        f.write(make())
    before = read(path)
    out = os.path.join(TMP, name + "-signed.pdf")

    check(name, "info", *run([CLI, "info", path]), allowed=(0, 2))
    check(name, "verify", *run([CLI, "verify", path, "--trust", os.path.join(PKI, "ca.pem"), "--json"]),
          allowed=(0, 1, 2))
    status, err, rss, seconds = run([CLI, "sign", path, "-o", out, "--p12", os.path.join(PKI, "rsa2048.p12"),
                                     "--pin-env", "TH_PIN"], env={"TH_PIN": PASS})
    check(name, "sign", status, err, rss, seconds, allowed=(0, 2))
    assert read(path) == before, "%s: sign changed its input" % name
    if status == 0:
        # What was signed verifies (as invalid, perhaps), without a crash.
        check(name, "verify signed", *run([CLI, "verify", out, "--json"]), allowed=(0, 1, 2))
    else:
        assert not os.path.exists(out), "%s: sign failed but left %s" % (name, out)
    os.unlink(path)
    if os.path.exists(out):
        os.unlink(out)


def main():
    print("1..%d" % len(CLASSES))
    failed = 0
    for i, make in enumerate(CLASSES, 1):
        try:
            try_class(make)
            print("ok %d - %s" % (i, make.__name__))
        except Exception:
            failed += 1
            print("not ok %d - %s" % (i, make.__name__))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        sys.stdout.flush()
    if not failed:
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
