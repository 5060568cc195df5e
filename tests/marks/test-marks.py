"""Page marks through the built sealdesk-cli: the QR verification code
(read back with zbarimg from a 150 dpi pdftoppm rendering, then checked
with verify --qr-image) and the cross-page seal (red pixels in renderings)."""

import os
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "workflow"))
import wflib  # noqa: E402

P12 = os.path.join(wflib.PKI, "ec-p256.p12")
DOC = os.path.join(wflib.FIXTURES, "many-pages.pdf")


# mutool run: a black box over the last page, saved as an incremental update.
TAMPER_JS = """
var doc = new PDFDocument(scriptArgs[0]);
var page = doc.findPage(doc.countPages() - 1);
var contents = page.get("Contents");
var list = doc.newArray();
if (contents.isArray())
  for (var i = 0; i < contents.length; i++)
    list.push(contents.get(i));
else
  list.push(contents);
list.push(doc.addStream("0 0 0 rg 100 400 200 100 re f\\n", {}));
page.put("Contents", list);
doc.save(scriptArgs[1], "incremental");
"""


def red_seal_png(path, w=200, h=200, disc=True):
    rows = b"".join(
        b"\x00" + b"".join(
            (b"\xdd\x10\x10\xff" if not disc or (x - w / 2) ** 2 + (y - h / 2) ** 2 < (0.45 * w) ** 2
             else b"\x00\x00\x00\x00") for x in range(w))
        for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def render(pdf, page, prefix, dpi=150, fmt="-png"):
    flags = [fmt] if fmt == "-png" else []
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), *flags,
                    "-singlefile", pdf, prefix], check=True)
    return prefix + (".png" if fmt == "-png" else ".ppm")


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6"
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][:w * h * 3]


def red_columns(path):
    """x of the columns holding red pixels."""
    w, h, px = read_ppm(path)
    cols = set()
    for y in range(0, h, 2):
        row = px[y * w * 3:(y + 1) * w * 3]
        for x in range(w):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if r > 180 and g < 90 and b < 90:
                cols.add(x)
    return w, cols


def sign(ws, out, *extra):
    ws.run("sign", DOC, "-o", out, "--p12", P12, "--pin-env", "PIN", *extra)


def pdfsig_valid(path):
    out = subprocess.run(["pdfsig", path], capture_output=True, text=True).stdout
    assert "Signature is Valid." in out, out
    assert "Signature is Invalid" not in out, out


def test_qr():
    wflib.need("pdftoppm", "zbarimg", "pdfsig")
    ws = wflib.Workspace()
    out = os.path.join(ws.dir, "signed.pdf")
    sign(ws, out, "--qr")
    pdfsig_valid(out)
    png = render(out, 30, os.path.join(ws.dir, "page30"))
    scan = subprocess.run(["zbarimg", "-q", "--raw", png], capture_output=True, text=True)
    assert scan.returncode == 0, scan.stderr
    payload = scan.stdout.strip()
    assert payload.startswith("SDQR1|"), payload
    assert wflib.sha256_file(DOC) in payload
    # A page without the code has none.
    png1 = render(out, 1, os.path.join(ws.dir, "page1"))
    assert subprocess.run(["zbarimg", "-q", png1], capture_output=True).returncode != 0

    r = ws.run("verify", out, "--qr-image", png, expect=None)
    assert r.returncode == 0 and "matches" in r.stdout and "not" not in r.stdout, r.stdout + r.stderr

    # Rotated pages: the code is drawn upright on each page as shown, and
    # reads from every one of them.
    rotated = os.path.join(ws.dir, "rotated-signed.pdf")
    ws.run("sign", os.path.join(wflib.FIXTURES, "rotated.pdf"), "-o", rotated,
           "--p12", P12, "--pin-env", "PIN", "--qr", "--qr-pages", "all")
    for page in range(1, 5):
        png_r = render(rotated, page, os.path.join(ws.dir, f"rot{page}"))
        r = ws.run("verify", rotated, "--qr-image", png_r, expect=None)
        assert r.returncode == 0 and "matches" in r.stdout, (page, r.stdout + r.stderr)

    # The QR code of another document.
    other_in = os.path.join(ws.dir, "other.pdf")
    other = os.path.join(ws.dir, "other-signed.pdf")
    ws.run("sign", os.path.join(wflib.FIXTURES, "xref-table.pdf"), "-o", other,
           "--p12", P12, "--pin-env", "PIN", "--qr", "--qr-pages", "1")
    other_png = render(other, 1, os.path.join(ws.dir, "other1"))
    r = ws.run("verify", out, "--qr-image", other_png, expect=None)
    assert r.returncode == 1 and "does not match" in r.stdout, r.stdout + r.stderr
    del other_in

    # A tampered copy of the signed file, printed: its page shows the same code.
    with open(out, "rb") as f:
        data = bytearray(f.read())
    i = data.rfind(b"/Contents <") + 40
    data[i:i + 1] = b"1" if data[i:i + 1] != b"1" else b"2"
    tampered = os.path.join(ws.dir, "tampered.pdf")
    with open(tampered, "wb") as f:
        f.write(data)
    tampered_png = render(tampered, 30, os.path.join(ws.dir, "tampered30"))
    r = ws.run("verify", tampered, "--qr-image", tampered_png, expect=None)
    assert r.returncode == 1 and "does not match" in r.stdout, r.stdout + r.stderr

    # A copy changed after signing (a black box drawn over page 30 in an
    # incremental update, as an editor would save it), printed: the page
    # shows the change and the same code; the copy does not match it.
    wflib.need("mutool")
    script = os.path.join(ws.dir, "tamper.js")
    with open(script, "w") as f:
        f.write(TAMPER_JS)
    edited = os.path.join(ws.dir, "edited.pdf")
    subprocess.run(["mutool", "run", script, out, edited], check=True, capture_output=True)
    with open(out, "rb") as f, open(edited, "rb") as g:
        original = f.read()
        assert g.read(len(original)) == original
    edited_png = render(edited, 30, os.path.join(ws.dir, "edited30"))
    w, h, px = read_ppm(render(edited, 30, os.path.join(ws.dir, "edited30"), 72, "-ppm"))
    assert px[3 * ((h - 450) * w + 200)] < 40, "the change does not show"
    scan = subprocess.run(["zbarimg", "-q", "--raw", edited_png], capture_output=True, text=True)
    assert scan.stdout.strip() == payload, scan.stdout
    r = ws.run("verify", edited, "--qr-image", edited_png, expect=None)
    assert r.returncode == 1 and "does not match" in r.stdout, r.stdout + r.stderr


def test_cross_page():
    wflib.need("pdftoppm", "pdfsig")
    ws = wflib.Workspace()
    seal = os.path.join(ws.dir, "seal.png")
    red_seal_png(seal)
    out = os.path.join(ws.dir, "signed.pdf")
    sign(ws, out, "--cross-page", seal, "--pages", "2-5")
    pdfsig_valid(out)
    dpi = 72
    total = 0
    for page in range(1, 8):
        w, cols = red_columns(render(out, page, os.path.join(ws.dir, f"p{page}"), dpi, "-ppm"))
        if 2 <= page <= 5:
            assert cols, f"no red on page {page}"
            # The strip lies on the right edge of the page: the rightmost
            # 30 points (a quarter of the 120-point seal).
            assert min(cols) >= w - 31, (page, min(cols), max(cols), w)
            if page < 5:
                assert max(cols) >= w - 2, (page, min(cols), max(cols), w)
            total += max(cols) - min(cols) + 1
        else:
            assert not cols, f"red on page {page}"
    # With a normal seal on the last page too, in the same signature.
    both = os.path.join(ws.dir, "both.pdf")
    sign(ws, both, "--cross-page", seal, "--pages", "2-5", "--seal", seal, "--page", "5",
         "--rect", "200,300,120,120")
    pdfsig_valid(both)
    w, cols = red_columns(render(both, 5, os.path.join(ws.dir, "both5"), dpi, "-ppm"))
    assert any(x < w / 2 for x in cols) and max(cols) > w - 31, sorted(cols)[:3]
    report = ws.json("verify", both, "--trust", os.path.join(wflib.PKI, "ca.pem"))
    assert report["verdict"] == "valid" and len(report["signatures"]) == 1, report["verdict"]

    # Marks go with the first signature: on a signed document they would
    # break it, so they are refused and nothing is written.
    again = os.path.join(ws.dir, "again.pdf")
    r = ws.run("sign", out, "-o", again, "--p12", P12, "--pin-env", "PIN", "--qr", expect=2)
    assert "already signed" in r.stderr and not os.path.exists(again), r.stderr

    # A 200 × 200 seal drawn 120 points high is 120 points wide, in 4
    # strips of 30; its red disc is 0.9 of that: 108 points across.
    assert abs(total - 108) <= 4, total

    # A seal red all over, 300 × 200 pixels, drawn 120 points high: 180
    # points wide, in three strips of 60 that fill the right edge of pages
    # 1 to 3 and add up to the seal's width.
    block = os.path.join(ws.dir, "block.png")
    red_seal_png(block, 300, 200, disc=False)
    out = os.path.join(ws.dir, "block.pdf")
    sign(ws, out, "--cross-page", block, "--pages", "1-3")
    pdfsig_valid(out)
    widths = []
    for page in range(1, 6):
        w, cols = red_columns(render(out, page, os.path.join(ws.dir, f"b{page}"), dpi, "-ppm"))
        if page <= 3:
            assert cols and max(cols) >= w - 2 and min(cols) >= w - 62, (page, min(cols), w)
            assert len(cols) == max(cols) - min(cols) + 1, f"a gap in the strip of page {page}"
            widths.append(len(cols))
        else:
            assert not cols, f"red on page {page}"
    assert abs(sum(widths) - 180) <= 3 and max(widths) - min(widths) <= 2, widths


def ledger_entries(ws):
    return ws.json("ledger", "list")["entries"]


def test_library_seals():
    """Marks with seals of the library: through the sealing operation, so
    the seal's state is checked and the ledger records each use."""
    wflib.need("pdftoppm", "pdfsig")
    ws = wflib.Workspace()
    key = "p12:" + P12
    seal = ws.json("seal", "generate", "--org", "某某公司", "--name", "Company seal",
                   "--size-mm", "42", "--key", key)["id"]
    out = os.path.join(ws.dir, "signed.pdf")
    sign(ws, out, "--cross-page", seal, "--pages", "2-5", "--seal", seal, "--page", "5",
         "--rect", "200,300,120,120", "--qr", "--watermark", "COPY")
    pdfsig_valid(out)
    report = ws.json("verify", out, "--trust", os.path.join(wflib.PKI, "ca.pem"))
    assert report["verdict"] == "valid" and len(report["signatures"]) == 1, report["verdict"]
    total = 0
    for page in range(1, 8):
        w, cols = red_columns(render(out, page, os.path.join(ws.dir, f"p{page}"), 72, "-ppm"))
        right = {x for x in cols if x >= w / 2 + 100}
        if 2 <= page <= 5:
            # A 42 mm seal at its true size is 119 points wide: four strips
            # of about 30 points on the right edge.
            assert right and min(right) >= w - 31, (page, sorted(right)[:3], w)
            total += max(right) - min(right) + 1
        else:
            assert not cols, f"red on page {page}"
    assert 100 <= total <= 120, total
    # The normal seal on page 5 as well.
    w, cols = red_columns(render(out, 5, os.path.join(ws.dir, "p5"), 72, "-ppm"))
    assert any(x < w / 2 for x in cols), sorted(cols)[:3]
    # The QR code still reads and matches.
    png = render(out, 30, os.path.join(ws.dir, "page30"))
    r = ws.run("verify", out, "--qr-image", png, expect=None)
    assert r.returncode == 0 and "matches" in r.stdout, r.stdout + r.stderr

    uses = [e for e in ledger_entries(ws) if e["kind"] == "seal-use"]
    actions = sorted((e["details"]["action"], e["seal"]) for e in uses)
    assert actions == [("cross-page", seal), ("stamp", seal)], actions
    cross = next(e for e in uses if e["details"]["action"] == "cross-page")
    assert cross["details"]["pages"] == [2, 3, 4, 5], cross
    assert cross["document"] == wflib.sha256_file(DOC), cross
    assert cross["details"]["result_sha256"] == wflib.sha256_file(out), cross

    # The cross-page seal alone, without --seal, is a seal use too.
    alone = os.path.join(ws.dir, "alone.pdf")
    sign(ws, alone, "--cross-page", seal)
    pdfsig_valid(alone)
    assert len([e for e in ledger_entries(ws) if e["kind"] == "seal-use"]) == 3

    # A suspended seal cannot be used: refused, nothing written, no entry.
    ws.run("seal", "suspend", seal, "--reason", "lost")
    before = len(ledger_entries(ws))
    bad = os.path.join(ws.dir, "bad.pdf")
    r = ws.run("sign", DOC, "-o", bad, "--p12", P12, "--pin-env", "PIN", "--cross-page", seal,
               expect=2)
    assert not os.path.exists(bad), r.stderr
    assert len(ledger_entries(ws)) == before
    # Seals of the library and pictures do not mix.
    ws.run("seal", "restore", seal, "--reason", "found")
    png_seal = os.path.join(ws.dir, "seal.png")
    red_seal_png(png_seal)
    r = ws.run("sign", DOC, "-o", bad, "--p12", P12, "--pin-env", "PIN", "--cross-page", seal,
               "--seal", png_seal, "--rect", "200,300,120,120", expect=2)
    assert "not both" in r.stderr and not os.path.exists(bad), r.stderr


def page_text(pdf, page, *flags):
    return subprocess.run(["pdftotext", *flags, "-f", str(page), "-l", str(page), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout


def test_watermark_text():
    wflib.need("pdftotext", "pdfsig", "qpdf")
    ws = wflib.Workspace()
    # Rotated pages: the watermark stands upright on each page as shown.
    doc = os.path.join(wflib.FIXTURES, "rotated.pdf")
    out = os.path.join(ws.dir, "centred.pdf")
    ws.run("sign", doc, "-o", out, "--p12", P12, "--pin-env", "PIN",
           "--watermark", "COPY — for the court only", "--watermark", "仅供法院使用 张三 2026-12-06",
           "--watermark-angle", "0", "--watermark-layout", "centred", "--watermark-pages", "2-3")
    pdfsig_valid(out)
    subprocess.run(["qpdf", "--check", out], check=True, capture_output=True)
    for page in range(1, 5):
        text = page_text(out, page)
        if page in (2, 3):
            assert "COPY — for the court only" in text, (page, text)
            assert "仅供法院使用 张三 2026-12-06" in text, (page, text)
        else:
            assert "COPY" not in text and "仅供" not in text, (page, text)

    # Tiled at 45 degrees over every page: the text is still text.
    out = os.path.join(ws.dir, "tiled.pdf")
    ws.run("sign", DOC, "-o", out, "--p12", P12, "--pin-env", "PIN",
           "--watermark", "仅供法院使用", "--watermark-opacity", "0.3")
    pdfsig_valid(out)
    pages = subprocess.run(["pdftotext", "-raw", out, "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:30]
    assert len(pages) == 30
    for page, text in enumerate(pages, 1):
        assert all(c in text for c in "仅供法院使用"), (page, text[:200])
    # One form per page size: the pages of a size share it.
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "30", DOC], capture_output=True,
                          text=True, check=True).stdout
    sizes = {line.split(":", 1)[1].split("pts")[0].strip() for line in info.splitlines()
             if line.startswith("Page") and " size:" in line}
    data = open(out, "rb").read()
    assert data.count(b"/Subtype /Form /BBox [ 0 0 ") == len(sizes), (data.count(b"/Subtype /Form /BBox [ 0 0 "), sizes)


def test_watermark_image():
    wflib.need("pdftoppm", "pdfsig")
    ws = wflib.Workspace()
    seal = os.path.join(ws.dir, "logo.png")
    red_seal_png(seal)
    out = os.path.join(ws.dir, "signed.pdf")
    ws.run("sign", DOC, "-o", out, "--p12", P12, "--pin-env", "PIN",
           "--watermark-image", seal, "--watermark-layout", "centred", "--watermark-pages", "3",
           "--watermark-opacity", "0.4")
    pdfsig_valid(out)
    w, h, px = read_ppm(render(out, 3, os.path.join(ws.dir, "p3"), 36, "-ppm"))
    r, g, b = px[3 * (h // 2 * w + w // 2):3 * (h // 2 * w + w // 2) + 3]
    # A faint red in the middle: the picture at 40 % over white paper.
    assert r > 200 and 120 < g < 230 and 120 < b < 230, (r, g, b)
    w, h, px = read_ppm(render(out, 2, os.path.join(ws.dir, "p2"), 36, "-ppm"))
    r, g, b = px[3 * (h // 2 * w + w // 2):3 * (h // 2 * w + w // 2) + 3]
    assert abs(r - g) < 30, (r, g, b)
    # The picture is stored once.
    assert open(out, "rb").read().count(b"/SMask") == 1


def test_void():
    wflib.need("pdfsig", "pdftoppm")
    ws = wflib.Workspace()
    signed = os.path.join(ws.dir, "signed.pdf")
    voided = os.path.join(ws.dir, "voided.pdf")
    ws.run("sign", os.path.join(wflib.FIXTURES, "xref-table.pdf"), "-o", signed,
           "--p12", P12, "--pin-env", "PIN", "--reason", "Award")
    before = wflib.sha256_file(signed)
    ws.run("void", signed, "-o", voided, "--p12", os.path.join(wflib.PKI, "ec-p384.p12"),
           "--pin-env", "PIN", "--reason", "Superseded by award 2026/17")
    assert wflib.sha256_file(signed) == before
    out = subprocess.run(["pdfsig", voided], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid.") == 2 and "Invalid" not in out, out

    report = ws.json("verify", voided, "--trust", os.path.join(wflib.PKI, "ca.pem"))
    assert report["verdict"] == "valid", report["verdict"]
    v = report["voided"]
    assert v is not None and v["revision"] == 3 and v["field"] == "Signature2", v
    assert "EC P-384" in v["by"] and "Superseded by award 2026/17" in v["reason"], v
    assert v["time"].endswith("Z")
    assert [s["voids_document"] for s in report["signatures"]] == [False, True]
    assert report["signatures"][1]["claimed_time"] == v["time"], (report["signatures"][1], v)
    when = v["time"].replace("T", " ").replace("Z", " UTC")
    text = ws.run("verify", voided, "--trust", os.path.join(wflib.PKI, "ca.pem")).stdout
    assert "VOIDED in revision 3 by Sealdesk Test Signer EC P-384 on " + when in text, (when, text)
    assert "Superseded by award 2026/17" in text, text
    # The PDF report says it too, before the signatures.
    wflib.need("pdftotext")
    report_pdf = os.path.join(ws.dir, "report.pdf")
    ws.run("verify", voided, "--trust", os.path.join(wflib.PKI, "ca.pem"), "--report", report_pdf)
    shown = " ".join(subprocess.run(["pdftotext", report_pdf, "-"], capture_output=True,
                                    text=True, check=True).stdout.split())
    assert "VOIDED in revision 3 by Sealdesk Test Signer EC P-384 on " + when in shown, shown
    assert "Superseded by award 2026/17" in shown, shown
    assert shown.index("VOIDED") < shown.index("Signatures"), shown
    plain_pdf = os.path.join(ws.dir, "plain-report.pdf")
    ws.run("verify", signed, "--trust", os.path.join(wflib.PKI, "ca.pem"), "--report", plain_pdf)
    assert "VOIDED" not in subprocess.run(["pdftotext", plain_pdf, "-"], capture_output=True,
                                          text=True, check=True).stdout
    # The document before the void was not voided.
    assert ws.json("verify", signed, "--trust", os.path.join(wflib.PKI, "ca.pem"))["voided"] is None

    # The stamp shows in red on every page.
    for page in (1, 2):
        w, cols = red_columns(render(voided, page, os.path.join(ws.dir, f"v{page}"), 36, "-ppm"))
        assert cols and min(cols) > w * 0.1 and max(cols) < w * 0.9, (page, cols and min(cols))

    # The ledger has the lifecycle entry naming the void.
    voids = [e for e in ledger_entries(ws) if e["details"].get("action") == "void"]
    assert len(voids) == 1, ledger_entries(ws)
    entry = voids[0]
    assert entry["kind"] == "lifecycle" and entry["document"] == before, entry
    assert entry["details"]["reason"] == "Superseded by award 2026/17", entry
    assert "EC P-384" in entry["details"]["signer"], entry
    assert entry["details"]["output_sha256"] == wflib.sha256_file(voided), entry
    ws.run("ledger", "verify")

    # A void needs a reason: nothing is written without one.
    bad = os.path.join(ws.dir, "bad.pdf")
    ws.run("void", signed, "-o", bad, "--p12", P12, "--pin-env", "PIN", expect=2)
    assert not os.path.exists(bad)


def test_qr_photo_bomb():
    """A photo of a printout that claims 30,000 × 30,000 pixels (a few
    hundred bytes of PNG): refused from its size before a pixel is
    allocated, with a clear error, in bounded memory (ulimit -v 1 GiB)."""
    ws = wflib.Workspace()

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    bomb = os.path.join(ws.dir, "photo.png")
    with open(bomb, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(b"\x00" * (1 + 3 * 30000) * 4)) + chunk(b"IEND", b""))
    # AddressSanitizer reserves terabytes of shadow address space: under it
    # the cap is ASan's own.
    with open(wflib.CLI, "rb") as f:
        asan = b"libasan.so" in f.read()
    cap = "" if asan else "ulimit -v 1048576 && "
    r = subprocess.run(["sh", "-c", cap + 'exec "$@"', "sh", wflib.CLI,
                        "verify", DOC, "--qr-image", bomb],
                       env=ws.env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "is 30000 × 30000 pixels, too large to read safely" in r.stderr, r.stderr


tap = wflib.Tap()
tap.run("qr code: decoded from a 150 dpi rendering, matches, other and tampered do not", test_qr)
tap.run("cross-page seal: right-edge strips of the range add up to the seal", test_cross_page)
tap.run("library seals: cross-page and normal seal with marks, through the sealing operation and the ledger",
        test_library_seals)
tap.run("watermark text: several lines, Chinese, extractable on the chosen pages only", test_watermark_text)
tap.run("watermark picture: centred at the chosen opacity, stored once", test_watermark_image)
tap.run("qr photo bomb: a 30,000 × 30,000 pixel photo is refused before it is decoded", test_qr_photo_bomb)
tap.run("void: a new signed revision, earlier signatures valid, reported with who and when, in the ledger", test_void)
tap.done()
