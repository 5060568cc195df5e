#!/usr/bin/env python3
"""make-text-pdf.py OUT.pdf PAGES [TITLE]: a text PDF for benchmarks.

Every page is A4 with about 50 lines of running text in Helvetica and Times
(the standard fonts, not embedded: both renderers substitute the same
fontconfig fonts), a rule under a heading and a page number, as a
transcript or a contract looks. Streams are Flate-compressed, the xref is a
classic table. The same arguments give the same file.
"""

import sys
import zlib

WORDS = ("the parties agree that this award is final and binding upon them and "
         "shall be carried out without delay the tribunal having considered the "
         "written submissions and the evidence heard at the hearing decides as "
         "follows costs interest payment within thirty days of notification").split()


def page_text(n, title):
    lines = [f"BT /F2 16 Tf 72 780 Td ({title} - page {n}) Tj ET",
             "0.5 w 72 770 m 523 770 l S"]
    y = 748
    k = n * 7
    for _ in range(50):
        words = []
        while sum(len(w) + 1 for w in words) < 88:
            words.append(WORDS[k % len(WORDS)])
            k += 3
        lines.append(f"BT /F1 10 Tf 72 {y} Td ({' '.join(words)}) Tj ET")
        y -= 13.5
    lines.append(f"BT /F1 9 Tf 290 40 Td ({n}) Tj ET")
    return "\n".join(lines).encode("ascii")


def main():
    out, pages = sys.argv[1], int(sys.argv[2])
    title = sys.argv[3] if len(sys.argv) > 3 else "Transcript of proceedings"
    objs = {}
    # 1 catalog, 2 pages, 3 F1, 4 F2, then page + content pairs
    kids = [5 + 2 * i for i in range(pages)]
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = ("<< /Type /Pages /Count %d /Kids [%s] >>"
               % (pages, " ".join(f"{k} 0 R" for k in kids))).encode()
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>"
    objs[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    with open(out + ".part", "wb") as f:
        offsets = {}
        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

        def put(num, body, stream=None):
            offsets[num] = f.tell()
            f.write(b"%d 0 obj\n" % num)
            if stream is None:
                f.write(body)
            else:
                f.write(body[:-2] + b" /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream))
                f.write(stream)
                f.write(b"\nendstream")
            f.write(b"\nendobj\n")

        for num in (1, 2, 3, 4):
            put(num, objs[num])
        for i, kid in enumerate(kids):
            put(kid, (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
                      b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (kid + 1)))
            put(kid + 1, b"<< >>", zlib.compress(page_text(i + 1, title), 6))
        size = 5 + 2 * pages
        xref = f.tell()
        f.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for num in range(1, size):
            f.write(b"%010d 00000 n \n" % offsets[num])
        f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    import os
    os.replace(out + ".part", out)


if __name__ == "__main__":
    main()
