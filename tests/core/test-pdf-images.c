/* test-pdf-images.c: what drawing a page's images would decode
 *
 * Each PDF is made here with the fixture emitter: an image XObject bomb
 * (20,000 × 20,000 RGB), the same bomb two forms deep, in resources the
 * page inherits from its page tree node, as an inline image (BI … ID … EI)
 * in a Flate content stream (also where the pieces qpdf decodes it in cut
 * its dictionary), a JBIG2 image whose segments claim more than its
 * dictionary, JPEG 2000 images whose codestreams do, font programs and a
 * content stream that inflate to too much, and a normal large photo (4000 × 3000 RGB), which must
 * pass. sd_pdf_document_check_page_images() is the guard the renderers
 * ask; the measures tell what it counted.
 */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "sd-pdf-document.h"
#include "sd-test-util.h"
#include "../fixtures/sd-pdf-emitter.h"

#define BOMB_BYTES ((guint64) 20000 * 20000 * 3)
#define PHOTO_BYTES ((guint64) 4000 * 3000 * 3)

static GBytes *
deflate_bytes (const void *data,
               gsize       length)
{
  uLongf out_length = compressBound (length);
  guint8 *out = g_malloc (out_length);

  g_assert_cmpint (compress2 (out, &out_length, data, length, 9), ==, Z_OK);
  return g_bytes_new_take (out, out_length);
}

/* A Flate stream object holding @text. */
static void
flate_stream (SdPdf      *pdf,
              guint       num,
              const char *dict,
              const char *text,
              gsize       length)
{
  g_autoptr(GBytes) packed = deflate_bytes (text, length);
  g_autofree char *full = g_strdup_printf ("/Filter /FlateDecode %s", dict != NULL ? dict : "");

  sd_pdf_stream (pdf, num, full, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
}

/* An image XObject of @width × @height in @cs; its data is not read. */
static void
image (SdPdf      *pdf,
       guint       num,
       int         width,
       int         height,
       const char *cs,
       const char *filter)
{
  g_autofree char *dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                                           "/ColorSpace %s /BitsPerComponent 8 /Filter %s",
                                           width, height, cs, filter);

  sd_pdf_stream (pdf, num, dict, "\0\0\0\0", 4);
}

static SdPdfDocument *
save_and_open (SdPdf *pdf)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "images.pdf", NULL);
  g_autoptr(GError) error = NULL;
  SdPdfDocument *document;

  sd_pdf_xref_table (pdf, "/Root 1 0 R");
  g_assert_true (sd_pdf_save (pdf, path, &error));
  g_assert_no_error (error);
  document = sd_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  return document;
}

static void
measure (SdPdfDocument   *document,
         int              page,
         SdPdfPageImages *images)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_pdf_document_measure_page_images (document, page, images, &error));
  g_assert_no_error (error);
  g_test_message ("page %d: %u images, largest %" G_GUINT64_FORMAT " bytes, total %"
                  G_GUINT64_FORMAT ", %s", page, images->n_images, images->largest,
                  images->total, images->over ? "over" : "fits");
}

static void
assert_refused (SdPdfDocument *document,
                int            page)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_pdf_document_check_page_images (document, page, &error));
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "This page has an image too large to show safely.");
}

static void
assert_allowed (SdPdfDocument *document,
                int            page)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_pdf_document_check_page_images (document, page, &error));
  g_assert_no_error (error);
}

static const char draw_im0[] = "q 500 0 0 500 50 150 cm /Im0 Do Q";

static void
test_xobject_bomb (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  SdPdfPageImages images;

  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  sd_pdf_object (pdf, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
                 "/Resources << /XObject << /Im0 5 0 R >> >> >>");
  sd_pdf_stream (pdf, 4, NULL, draw_im0, strlen (draw_im0));
  image (pdf, 5, 20000, 20000, "/DeviceRGB", "/FlateDecode");
  document = save_and_open (pdf);

  measure (document, 1, &images);
  g_assert_true (images.over);
  g_assert_cmpuint (images.largest, ==, BOMB_BYTES);
  assert_refused (document, 1);
}

/* Page → form → form → the image; the forms reference each other too. */
static void
test_nested_form_bomb (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  SdPdfPageImages images;
  static const char draw_fm[] = "/Fm0 Do";

  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  sd_pdf_object (pdf, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
                 "/Resources << /XObject << /Fm0 5 0 R >> >> >>");
  sd_pdf_stream (pdf, 4, NULL, draw_fm, strlen (draw_fm));
  flate_stream (pdf, 5, "/Type /XObject /Subtype /Form /BBox [0 0 600 800] "
                "/Resources << /XObject << /Fm0 6 0 R /Back 5 0 R >> >>", draw_fm, strlen (draw_fm));
  sd_pdf_stream (pdf, 6, "/Type /XObject /Subtype /Form /BBox [0 0 600 800] "
                 "/Resources << /XObject << /Im0 7 0 R >> >>", draw_im0, strlen (draw_im0));
  image (pdf, 7, 20000, 20000, "[/ICCBased 8 0 R]", "/FlateDecode");
  sd_pdf_stream (pdf, 8, "/N 3", "icc", 3);
  document = save_and_open (pdf);

  measure (document, 1, &images);
  g_assert_true (images.over);
  g_assert_cmpuint (images.largest, ==, BOMB_BYTES);
  assert_refused (document, 1);
}

/* The page has no /Resources: its page tree node's are drawn; the second
 * page, with resources of its own, is fine. */
static void
test_inherited_resources (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  SdPdfPageImages images;

  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 "
                 "/Resources << /XObject << /Im0 5 0 R >> >> >>");
  sd_pdf_object (pdf, 3, "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>");
  sd_pdf_object (pdf, 4, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 600 800] /Contents 6 0 R >>");
  image (pdf, 5, 20000, 20000, "/DeviceRGB", "/FlateDecode");
  sd_pdf_stream (pdf, 6, NULL, draw_im0, strlen (draw_im0));
  image (pdf, 7, 100, 100, "/DeviceGray", "/FlateDecode");
  sd_pdf_object (pdf, 9, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 6 0 R "
                 "/Resources << /XObject << /Im0 7 0 R >> >> >>");
  document = save_and_open (pdf);

  measure (document, 1, &images);
  g_assert_true (images.over);
  assert_refused (document, 1);
  measure (document, 2, &images);
  g_assert_false (images.over);
  g_assert_cmpuint (images.largest, ==, 100 * 100);
  assert_allowed (document, 2);
}

/* Inline images in Flate content: after @padding bytes of other
 * operators, so that the pieces qpdf decodes the stream in cut the image's
 * dictionary in every place across the pages. */
static void
test_inline_bomb (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GString) kids = g_string_new (NULL);
  static const char bomb[] = "q 500 0 0 500 50 150 cm\nBI /W 20000 /H 20000 /CS /RGB /BPC 8 "
                             "/F [/AHx /Fl] /DP [null << /Predictor 1 >>]\nID 789c030000000001>\nEI Q\n";
  const guint n_pages = 48;
  SdPdfPageImages images;

  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (kids, "%u 0 R ", 10 + 2 * i);
  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [%s] /Count %u >>", kids->str, n_pages);
  for (guint i = 0; i < n_pages; i++)
    {
      /* 65,536 bytes is qpdf's piece: the dictionary straddles it. */
      gsize padding = 65536 - 40 + i * 2;
      g_autoptr(GString) content = g_string_new (NULL);

      while (content->len + 4 <= padding)
        g_string_append (content, "0 w\n");
      g_string_append_len (content, "    ", padding - content->len);
      g_string_append (content, bomb);
      sd_pdf_object (pdf, 10 + 2 * i, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] "
                     "/Contents %u 0 R >>", 11 + 2 * i);
      flate_stream (pdf, 11 + 2 * i, NULL, content->str, content->len);
    }
  document = save_and_open (pdf);

  for (guint i = 0; i < n_pages; i++)
    {
      measure (document, (int) i + 1, &images);
      g_assert_true (images.over);
      g_assert_cmpuint (images.n_images, ==, 1);
      g_assert_cmpuint (images.largest, ==, BOMB_BYTES);
      assert_refused (document, (int) i + 1);
    }
}

/* An inline image in a form's content, the form drawn by the page. */
static void
test_inline_in_form (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  static const char bomb[] = "BI/Width 30000/Height 30000/ColorSpace/DeviceGray/BitsPerComponent 8 ID\nx\nEI";
  static const char draw_fm[] = "/Fm0 Do";
  SdPdfPageImages images;

  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  sd_pdf_object (pdf, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
                 "/Resources << /XObject << /Fm0 5 0 R >> >> >>");
  sd_pdf_stream (pdf, 4, NULL, draw_fm, strlen (draw_fm));
  sd_pdf_stream (pdf, 5, "/Type /XObject /Subtype /Form /BBox [0 0 600 800]", bomb, strlen (bomb));
  document = save_and_open (pdf);

  measure (document, 1, &images);
  g_assert_true (images.over);
  g_assert_cmpuint (images.largest, ==, (guint64) 30000 * 30000);
  assert_refused (document, 1);
}

/* A 4000 × 3000 RGB photo, a small inline image and a soft mask: shown. */
static void
test_large_photo_passes (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GString) content = g_string_new (draw_im0);
  SdPdfPageImages images;

  g_string_append (content, "\nq 10 0 0 10 0 0 cm BI /W 8 /H 8 /CS /G /BPC 8 ID\n");
  for (guint i = 0; i < 64; i++)
    g_string_append_c (content, "BI EI\n"[i % 6]);
  g_string_append (content, "\nEI Q\n(BI) Tj\n");
  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  sd_pdf_object (pdf, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
                 "/Resources << /XObject << /Im0 5 0 R >> >> >>");
  flate_stream (pdf, 4, NULL, content->str, content->len);
  sd_pdf_stream (pdf, 5, "/Type /XObject /Subtype /Image /Width 4000 /Height 3000 "
                 "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /SMask 6 0 R",
                 "\xff\xd8", 2);
  image (pdf, 6, 4000, 3000, "/DeviceGray", "/FlateDecode");
  document = save_and_open (pdf);

  measure (document, 1, &images);
  g_assert_false (images.over);
  g_assert_cmpuint (images.n_images, ==, 3);
  g_assert_cmpuint (images.largest, ==, PHOTO_BYTES);
  g_assert_cmpuint (images.total, ==, PHOTO_BYTES + 4000 * 3000 + 64);
  assert_allowed (document, 1);
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

/* Embedded JBIG2 (T.88, 7.2): segment @number, a page information
 * segment of @width × @height, then the end of the page. */
static GByteArray *
jbig2_page (guint32 number,
            guint32 width,
            guint32 height)
{
  GByteArray *out = g_byte_array_new ();
  static const guint8 page_info_flags[] = { 48, 0, 1 };   /* type, no references, page 1 */
  static const guint8 end_of_page[] = { 49, 0, 1 };
  static const guint8 page_info_tail[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

  put_be32 (out, number);
  g_byte_array_append (out, page_info_flags, 3);
  put_be32 (out, 19);
  put_be32 (out, width);
  put_be32 (out, height);
  g_byte_array_append (out, page_info_tail, sizeof page_info_tail);
  put_be32 (out, number + 1);
  g_byte_array_append (out, end_of_page, 3);
  put_be32 (out, 0);
  return out;
}

/* A JBIG2 image whose dictionary says 2480 × 3508 (an A4 page at 300 dpi)
 * on page 1, whose page information segment claims 60,000 × 60,000 on
 * page 2 (a bitmap of 450 MB), and whose /JBIG2Globals claim as much on
 * page 3. */
static void
test_jbig2_bomb (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GByteArray) scan = jbig2_page (0, 2480, 3508);
  g_autoptr(GByteArray) bomb = jbig2_page (0, 60000, 60000);
  g_autoptr(GByteArray) small = jbig2_page (2, 2480, 3508);
  static const char jbig2[] = "/Type /XObject /Subtype /Image /Width 2480 /Height 3508 "
                              "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode";
  g_autofree char *with_globals = g_strdup_printf ("%s /DecodeParms << /JBIG2Globals 12 0 R >>", jbig2);
  SdPdfPageImages images;

  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R 5 0 R 7 0 R] /Count 3 >>");
  sd_pdf_object (pdf, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 9 0 R "
                 "/Resources << /XObject << /Im0 4 0 R >> >> >>");
  sd_pdf_stream (pdf, 4, jbig2, scan->data, scan->len);
  sd_pdf_object (pdf, 5, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 9 0 R "
                 "/Resources << /XObject << /Im0 6 0 R >> >> >>");
  sd_pdf_stream (pdf, 6, jbig2, bomb->data, bomb->len);
  sd_pdf_object (pdf, 7, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 9 0 R "
                 "/Resources << /XObject << /Im0 8 0 R >> >> >>");
  sd_pdf_stream (pdf, 8, with_globals, small->data, small->len);
  sd_pdf_stream (pdf, 9, NULL, draw_im0, strlen (draw_im0));
  sd_pdf_stream (pdf, 12, NULL, bomb->data, bomb->len);
  document = save_and_open (pdf);

  measure (document, 1, &images);
  g_assert_false (images.over);
  g_assert_cmpuint (images.largest, ==, 2480 * 3508);
  assert_allowed (document, 1);
  measure (document, 2, &images);
  g_assert_true (images.over);
  g_assert_cmpuint (images.largest, ==, (guint64) 7500 * 60000);
  assert_refused (document, 2);
  measure (document, 3, &images);
  g_assert_true (images.over);
  assert_refused (document, 3);
}

static void
put_be16 (GByteArray *out,
          guint16     v)
{
  guint8 b[2] = { v >> 8, v };

  g_byte_array_append (out, b, 2);
}

/* A JPEG 2000 codestream's first marker segments (T.800, A.4.1, A.5.1):
 * SOC, then SIZ of @width × @height in @components components of 8 bits,
 * one tile, no subsampling. Nothing after it: the guard reads no more. */
static void
j2k_header (GByteArray *out,
            guint32     width,
            guint32     height,
            guint16     components)
{
  put_be16 (out, 0xff4f);               /* SOC */
  put_be16 (out, 0xff51);               /* SIZ */
  put_be16 (out, 38 + 3 * components);  /* Lsiz */
  put_be16 (out, 0);                    /* Rsiz */
  put_be32 (out, width);                /* Xsiz */
  put_be32 (out, height);               /* Ysiz */
  put_be32 (out, 0);                    /* XOsiz */
  put_be32 (out, 0);                    /* YOsiz */
  put_be32 (out, width);                /* XTsiz */
  put_be32 (out, height);               /* YTsiz */
  put_be32 (out, 0);                    /* XTOsiz */
  put_be32 (out, 0);                    /* YTOsiz */
  put_be16 (out, components);           /* Csiz */
  for (guint i = 0; i < components; i++)
    {
      static const guint8 component[] = { 7, 1, 1 };    /* 8 bits, unsigned; XRsiz, YRsiz */

      g_byte_array_append (out, component, 3);
    }
}

static void
put_box (GByteArray   *out,
         const char   *type,
         const guint8 *body,
         gsize         length)
{
  put_be32 (out, (guint32) (8 + length));
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, body, (guint) length);
}

/* The same in a JP2 file (T.800, I.4): the signature and file type boxes,
 * an XML box of @padding bytes, a JP2 header box (its image header box
 * saying what @ihdr_* say), then the codestream box. */
static GByteArray *
jp2_file (guint32 width,
          guint32 height,
          guint32 ihdr_width,
          guint32 ihdr_height,
          gsize   padding)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GByteArray) ihdr = g_byte_array_new ();
  g_autoptr(GByteArray) jp2h = g_byte_array_new ();
  g_autoptr(GByteArray) code = g_byte_array_new ();
  g_autofree guint8 *xml = g_malloc0 (padding);
  static const guint8 signature[] = { 0x0d, 0x0a, 0x87, 0x0a };
  static const guint8 ftyp[] = { 'j', 'p', '2', ' ', 0, 0, 0, 0, 'j', 'p', '2', ' ' };
  static const guint8 ihdr_tail[] = { 0, 3, 7, 7, 0, 0 };  /* NC, BPC, C, UnkC, IPR */

  put_box (out, "jP  ", signature, sizeof signature);
  put_box (out, "ftyp", ftyp, sizeof ftyp);
  put_box (out, "xml ", xml, padding);
  put_be32 (ihdr, ihdr_height);
  put_be32 (ihdr, ihdr_width);
  g_byte_array_append (ihdr, ihdr_tail, sizeof ihdr_tail);
  put_box (jp2h, "ihdr", ihdr->data, ihdr->len);
  put_box (out, "jp2h", jp2h->data, jp2h->len);
  j2k_header (code, width, height, 3);
  put_box (out, "jp2c", code->data, code->len);
  return out;
}

/* JPEG 2000 images whose dictionaries say 10 × 10 RGB: a raw codestream
 * whose SIZ says 60,000 × 60,000 (10.8 GB decoded; page 1), the same in a
 * JP2 file behind an XML box of 1 MiB (page 2), an honest JP2 of 10 × 10
 * (page 3), one whose header is not JPEG 2000 at all (the dictionary's
 * size counts; page 4), one behind Flate (its header cannot be read
 * without decoding it; page 5), and a photo of 4000 × 3000 whose
 * dictionary says less (counted at its codestream's size and allowed;
 * page 6). */
static void
test_jpx_bomb (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) boxed = jp2_file (60000, 60000, 10, 10, 1 << 20);
  g_autoptr(GByteArray) honest = jp2_file (10, 10, 10, 10, 16);
  g_autoptr(GByteArray) photo = g_byte_array_new ();
  g_autoptr(GBytes) packed = NULL;
  static const char jpx[] = "/Type /XObject /Subtype /Image /Width 10 /Height 10 "
                            "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /JPXDecode";
  static const char behind_flate[] = "/Type /XObject /Subtype /Image /Width 10 /Height 10 "
                                     "/ColorSpace /DeviceRGB /Filter [/FlateDecode /JPXDecode]";
  static const char not_jpx[] = "This is not a JPEG 2000 codestream.";
  SdPdfPageImages images;

  j2k_header (raw, 60000, 60000, 3);
  j2k_header (photo, 4000, 3000, 3);
  packed = deflate_bytes (raw->data, raw->len);
  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R 5 0 R 7 0 R 9 0 R 11 0 R 13 0 R] /Count 6 >>");
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *page = g_strdup_printf ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] "
                                               "/Contents 20 0 R /Resources << /XObject << /Im0 %u 0 R >> >> >>",
                                               4 + 2 * i);

      sd_pdf_object (pdf, 3 + 2 * i, "%s", page);
    }
  sd_pdf_stream (pdf, 4, jpx, raw->data, raw->len);
  sd_pdf_stream (pdf, 6, jpx, boxed->data, boxed->len);
  sd_pdf_stream (pdf, 8, jpx, honest->data, honest->len);
  sd_pdf_stream (pdf, 10, jpx, not_jpx, strlen (not_jpx));
  sd_pdf_stream (pdf, 12, behind_flate, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
  sd_pdf_stream (pdf, 14, jpx, photo->data, photo->len);
  sd_pdf_stream (pdf, 20, NULL, draw_im0, strlen (draw_im0));
  document = save_and_open (pdf);

  measure (document, 1, &images);
  g_assert_true (images.over);
  g_assert_cmpuint (images.largest, ==, (guint64) 60000 * 60000 * 3);
  assert_refused (document, 1);
  measure (document, 2, &images);
  g_assert_true (images.over);
  g_assert_cmpuint (images.largest, ==, (guint64) 60000 * 60000 * 3);
  assert_refused (document, 2);
  measure (document, 3, &images);
  g_assert_false (images.over);
  g_assert_cmpuint (images.largest, ==, 10 * 10 * 3);
  assert_allowed (document, 3);
  measure (document, 4, &images);
  g_assert_false (images.over);
  g_assert_cmpuint (images.largest, ==, 10 * 10 * 3);
  assert_allowed (document, 4);
  measure (document, 5, &images);
  g_assert_true (images.over);
  assert_refused (document, 5);
  measure (document, 6, &images);
  g_assert_false (images.over);
  g_assert_cmpuint (images.largest, ==, PHOTO_BYTES);
  assert_allowed (document, 6);
}

/* @n_bytes of @byte in Flate, made a megabyte at a time. */
static GBytes *
deflate_run (guint8 byte,
             gsize  n_bytes)
{
  g_autofree guint8 *block = g_malloc (1 << 20);
  gsize capacity = n_bytes / 100 + 4096;
  guint8 *out = g_malloc (capacity);
  z_stream z = { 0 };

  memset (block, byte, 1 << 20);
  g_assert_cmpint (deflateInit (&z, 1), ==, Z_OK);
  z.next_out = out;
  z.avail_out = capacity;
  for (gsize done = 0; done < n_bytes; done += 1 << 20)
    {
      z.next_in = block;
      z.avail_in = MIN (1 << 20, n_bytes - done);
      g_assert_cmpint (deflate (&z, done + (1 << 20) >= n_bytes ? Z_FINISH : Z_NO_FLUSH), !=, Z_STREAM_ERROR);
      g_assert_cmpuint (z.avail_out, >, 0);
    }
  deflateEnd (&z);
  return g_bytes_new_take (out, z.total_out);
}

/* Page 1 embeds a TrueType program of 129 MiB of zeros (/FontFile2), in
 * a Type 0 font's descendant on page 2, page 3 a small one; page 4's
 * content stream inflates to 600 MiB of spaces. Each says why. */
static void
test_font_and_content_bombs (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GBytes) font_bomb = deflate_run (0, (SD_PDF_MAX_FONT_BYTES) + (1 << 20));
  g_autoptr(GBytes) small_font = deflate_run (0, 1 << 20);
  g_autoptr(GBytes) spaces = deflate_run (' ', (gsize) 600 << 20);
  g_autoptr(GError) error = NULL;
  static const char text[] = "BT /F1 12 Tf 72 700 Td (Hi) Tj ET";
  static const char descriptor[] = "<< /Type /FontDescriptor /FontName /Sd /Flags 32 /FontBBox [0 0 1000 1000] "
                                   "/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
                                   "/FontFile2 %u 0 R >>";
  SdPdfPageImages images;

  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R] /Count 4 >>");
  sd_pdf_object (pdf, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 7 0 R "
                 "/Resources << /Font << /F1 10 0 R >> >> >>");
  sd_pdf_object (pdf, 4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 7 0 R "
                 "/Resources << /Font << /F1 13 0 R >> >> >>");
  sd_pdf_object (pdf, 5, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 7 0 R "
                 "/Resources << /Font << /F1 15 0 R >> >> >>");
  sd_pdf_object (pdf, 6, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 8 0 R >>");
  sd_pdf_stream (pdf, 7, NULL, text, strlen (text));
  sd_pdf_stream (pdf, 8, "/Filter /FlateDecode", g_bytes_get_data (spaces, NULL), g_bytes_get_size (spaces));
  sd_pdf_object (pdf, 10, "<< /Type /Font /Subtype /TrueType /BaseFont /Sd /FontDescriptor 11 0 R >>");
  sd_pdf_object (pdf, 11, descriptor, 12);
  sd_pdf_stream (pdf, 12, "/Filter /FlateDecode", g_bytes_get_data (font_bomb, NULL), g_bytes_get_size (font_bomb));
  sd_pdf_object (pdf, 13, "<< /Type /Font /Subtype /Type0 /BaseFont /Sd /Encoding /Identity-H "
                 "/DescendantFonts [14 0 R] >>");
  sd_pdf_object (pdf, 14, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Sd /FontDescriptor 11 0 R "
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>");
  sd_pdf_object (pdf, 15, "<< /Type /Font /Subtype /TrueType /BaseFont /Sd /FontDescriptor 16 0 R >>");
  sd_pdf_object (pdf, 16, descriptor, 17);
  sd_pdf_stream (pdf, 17, "/Filter /FlateDecode", g_bytes_get_data (small_font, NULL), g_bytes_get_size (small_font));
  document = save_and_open (pdf);

  for (int page = 1; page <= 2; page++)
    {
      measure (document, page, &images);
      g_assert_true (images.over);
      g_assert_cmpint (images.over_reason, ==, SD_PDF_PAGE_OVER_FONT);
      g_assert_false (sd_pdf_document_check_page_images (document, page, &error));
      g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_TOO_LARGE);
      g_assert_cmpstr (error->message, ==, "This page uses a font too large to show safely.");
      g_clear_error (&error);
    }
  measure (document, 3, &images);
  g_assert_false (images.over);
  assert_allowed (document, 3);
  measure (document, 4, &images);
  g_assert_true (images.over);
  g_assert_cmpint (images.over_reason, ==, SD_PDF_PAGE_OVER_CONTENT);
  g_assert_false (sd_pdf_document_check_page_images (document, 4, &error));
  g_assert_cmpstr (error->message, ==, "This page has too much content to show safely.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf/images/xobject-bomb", test_xobject_bomb);
  g_test_add_func ("/pdf/images/nested-form-bomb", test_nested_form_bomb);
  g_test_add_func ("/pdf/images/inherited-resources", test_inherited_resources);
  g_test_add_func ("/pdf/images/inline-bomb", test_inline_bomb);
  g_test_add_func ("/pdf/images/inline-in-form", test_inline_in_form);
  g_test_add_func ("/pdf/images/large-photo-passes", test_large_photo_passes);
  g_test_add_func ("/pdf/images/jbig2-bomb", test_jbig2_bomb);
  g_test_add_func ("/pdf/images/jpx-bomb", test_jpx_bomb);
  g_test_add_func ("/pdf/images/font-and-content-bombs", test_font_and_content_bombs);

  return g_test_run ();
}
