/* test-app-hostile-draw.c: hostile documents about drawing, in the viewer
 *
 * Pages whose drawing would cost too much, made here and opened in a real
 * window: content and font programs of 1 GiB of Flate, a JPEG 2000 image
 * whose codestream claims 60,000 × 60,000 pixels (the render guard's
 * placeholder, saying why, in their place); 10,000 nested forms, a form
 * that draws itself (drawn, in bounded time); 100,000 annotations (the
 * error page: Poppler refuses so many); a
 * page kept in an object stream of 1 GiB (not given to Poppler, saying
 * why); a document cut short by another program while it is shown (the
 * pages after the cut say so). Afterwards the window still opens the
 * sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "app-test-util.h"
#include "sd-pdf-document-private.h"
#include "test-app-hostile.h"
#include "test-app.h"

static const char catalog[] = "<< /Type /Catalog /Pages 2 0 R >>";
static const char pages[] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";

/* Opens @path: the document is shown, its first page drawn, or, when
 * @refusal is not NULL, refused by the render guard with that sentence
 * and its grey placeholder shown in its place. */
static void
assert_shown (const char *path,
              const char *refusal)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *said = NULL;
  SealdeskWindow *window = open_window (file);
  SealdeskDocument *document;
  GdkTexture *texture;

  g_assert_true (app_test_wait_until (window_not_loading, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));
  document = sealdesk_document_model_get_document (sealdesk_window_get_model (window));
  said = sealdesk_render_guard_dup_refusal (sealdesk_document_get_render_guard (document), 0);
  g_test_message ("%s: %s", path, said != NULL ? said : "drawn");
  g_assert_cmpstr (said, ==, refusal);
  texture = hostile_shown_texture (window, 0);
  g_assert_nonnull (texture);
  g_assert_cmphex (hostile_texture_pixel (texture, 2, 2), ==, refusal != NULL ? 0xebebeb : 0xffffff);

  hostile_assert_window_reusable (window);
  close_window (window);
}

/* One page drawing @content (a stream object's text) with @resources. */
static char *
one_page (const char *name,
          const char *resources,
          const char *content,
          gsize       content_length,
          const char *extra)
{
  g_autofree char *page = g_strdup_printf ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] "
                                           "/Contents 4 0 R /Resources %s >>", resources);
  const char *objects[] = { catalog, pages, page, content, extra };
  gsize lengths[] = { strlen (catalog), strlen (pages), strlen (page), content_length,
                      extra != NULL ? strlen (extra) : 0 };

  return hostile_build_pdf (name, objects, lengths, extra != NULL ? 5 : 4);
}

static char *
small_stream (const char *dict,
              const char *text)
{
  gsize length;

  return hostile_stream_object (dict, text, strlen (text), &length);
}

/* The page's content stream inflates to 1 GiB (of zeros): the guard
 * stops reading it at its cap; Poppler never parses it. */
static void
test_content_bomb (void)
{
  gsize n_bomb, length;
  g_autofree char *bomb = hostile_flate_bomb (&n_bomb);
  g_autofree char *content = hostile_stream_object ("/Filter /FlateDecode", bomb, n_bomb, &length);
  g_autofree char *path = NULL;

  g_clear_pointer (&bomb, g_free);
  path = one_page ("content-bomb.pdf", "<< >>", content, length, NULL);
  g_clear_pointer (&content, g_free);
  assert_shown (path, "This page has too much content to show safely.");
}

/* A TrueType font whose /FontFile2 inflates to 1 GiB: Poppler would load
 * it whole to draw one glyph. */
static void
test_font_bomb (void)
{
  gsize n_bomb, length;
  g_autofree char *bomb = hostile_flate_bomb (&n_bomb);
  g_autofree char *program = hostile_stream_object ("/Filter /FlateDecode /Length1 1073741824",
                                                    bomb, n_bomb, &length);
  g_autofree char *content = small_stream ("", "BT /F1 24 Tf 72 700 Td (Hostile) Tj ET");
  g_autofree char *path = NULL;
  const char *objects[] = {
    catalog, pages,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
    "/Resources << /Font << /F1 5 0 R >> >> >>",
    content,
    "<< /Type /Font /Subtype /TrueType /BaseFont /SdBomb /FontDescriptor 6 0 R >>",
    "<< /Type /FontDescriptor /FontName /SdBomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
    "/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>",
    program,
  };
  gsize lengths[G_N_ELEMENTS (objects)];

  g_clear_pointer (&bomb, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    lengths[i] = i == 6 ? length : strlen (objects[i]);
  path = hostile_build_pdf ("font-bomb.pdf", objects, lengths, G_N_ELEMENTS (objects));
  assert_shown (path, "This page uses a font too large to show safely.");
}

/* A JPEG 2000 image of 10 × 10 by its dictionary whose codestream's SIZ
 * (T.800, A.5.1) says 60,000 × 60,000 RGB: OpenJPEG would decode 10 GB. */
static void
test_jpx_bomb (void)
{
  static const guint8 siz[] = {
    0xff, 0x4f, 0xff, 0x51, 0, 47, 0, 0,
    0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60,     /* Xsiz, Ysiz: 60,000 */
    0, 0, 0, 0, 0, 0, 0, 0,                 /* XOsiz, YOsiz */
    0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60,     /* XTsiz, YTsiz */
    0, 0, 0, 0, 0, 0, 0, 0,                 /* XTOsiz, YTOsiz */
    0, 3, 7, 1, 1, 7, 1, 1, 7, 1, 1,        /* Csiz, 3 × (Ssiz, XRsiz, YRsiz) */
  };
  gsize length;
  g_autofree char *image = hostile_stream_object ("/Type /XObject /Subtype /Image /Width 10 /Height 10 "
                                                  "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /JPXDecode",
                                                  (const char *) siz, sizeof siz, &length);
  g_autofree char *content = small_stream ("", "q 500 0 0 500 50 150 cm /Im0 Do Q");
  g_autofree char *path = NULL;
  const char *objects[] = {
    catalog, pages,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
    "/Resources << /XObject << /Im0 5 0 R >> >> >>",
    content, image,
  };
  /* The codestream has NUL bytes: the image goes in by its length. */
  gsize lengths[] = { strlen (catalog), strlen (pages), strlen (objects[2]), strlen (content), length };

  path = hostile_build_pdf ("jpx-bomb.pdf", objects, lengths, G_N_ELEMENTS (objects));
  assert_shown (path, "This page has an image too large to show safely.");
}

/* 10,000 forms, each drawing the next: the guard stops at its depth, and
 * Poppler at its own; the page is drawn. */
static void
test_nested_forms (void)
{
  const guint n = 10000;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;

  g_ptr_array_add (objects, g_strdup (catalog));
  g_ptr_array_add (objects, g_strdup (pages));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
                                      "/Resources << /XObject << /X0 5 0 R >> >> >>"));
  g_ptr_array_add (objects, small_stream ("", "/X0 Do"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *dict = i + 1 < n
        ? g_strdup_printf ("/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                           "/Resources << /XObject << /X0 %u 0 R >> >>", 6 + i)
        : g_strdup ("/Type /XObject /Subtype /Form /BBox [0 0 100 100]");

      g_ptr_array_add (objects, small_stream (dict, i + 1 < n ? "/X0 Do" : "0 0 10 10 re f"));
    }
  path = hostile_build_pdf ("nested-forms.pdf", (const char **) objects->pdata, NULL, objects->len);
  assert_shown (path, NULL);
}

/* A form whose resources name the form itself. */
static void
test_form_draws_itself (void)
{
  g_autofree char *content = small_stream ("", "/X0 Do");
  g_autofree char *form = small_stream ("/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                                        "/Resources << /XObject << /X0 5 0 R >> >>", "/X0 Do");
  g_autofree char *path = one_page ("form-itself.pdf", "<< /XObject << /X0 5 0 R >> >>", content,
                                    strlen (content), form);

  assert_shown (path, NULL);
}

/* 100,000 square annotations on one page: Poppler takes an /Annots of
 * 100,000 or more for malformed, and so the page for unreadable; the
 * window ends on its error page, in bounded time. */
static void
test_annotations (void)
{
  g_autoptr(GString) annots = g_string_new ("[");
  g_autofree char *content = small_stream ("", "BT /F1 24 Tf 72 700 Td (Annotated) Tj ET");
  g_autofree char *path = NULL;
  const char *objects[5] = {
    catalog, pages,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Annots 5 0 R "
    "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
    content, NULL,
  };

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (annots, "<< /Type /Annot /Subtype /Square /Rect [%u %u %u %u] >>\n",
                            i % 500 + 50, i % 700 + 50, i % 500 + 60, i % 700 + 60);
  g_string_append_c (annots, ']');
  objects[4] = annots->str;
  path = hostile_build_pdf ("annotations.pdf", objects, NULL, G_N_ELEMENTS (objects));
  hostile_assert_refused (path, "damaged");
}

/* @prefix, then 1 GiB of spaces, in Flate. */
static char *
flate_after (const char *prefix,
             gsize      *n_bytes)
{
  g_autofree guint8 *spaces = g_malloc (1 << 20);
  gsize capacity = 4 << 20;
  guint8 *out = g_malloc (capacity);
  z_stream z = { 0 };

  memset (spaces, ' ', 1 << 20);
  g_assert_cmpint (deflateInit (&z, 9), ==, Z_OK);
  z.next_out = out;
  z.avail_out = capacity;
  z.next_in = (guint8 *) prefix;
  z.avail_in = strlen (prefix);
  g_assert_cmpint (deflate (&z, Z_NO_FLUSH), !=, Z_STREAM_ERROR);
  for (guint i = 0; i < 1024; i++)
    {
      z.next_in = spaces;
      z.avail_in = 1 << 20;
      g_assert_cmpint (deflate (&z, i == 1023 ? Z_FINISH : Z_NO_FLUSH), !=, Z_STREAM_ERROR);
      g_assert_cmpuint (z.avail_in, ==, 0);
    }
  g_assert_cmpuint (z.avail_out, >, 0);
  *n_bytes = z.total_out;
  deflateEnd (&z);
  return (char *) out;
}

/* The page itself kept in an object stream that inflates to 1 GiB (of
 * spaces after it; qpdf decodes the whole stream to read the page):
 * Poppler, which reads an object stream as far as it needs, shows the
 * page's size; the render guard, refused the document by the core, gives
 * the page no renderer and says why. */
static void
test_object_stream_bomb (void)
{
  gsize n_bomb;
  g_autofree char *bomb = flate_after ("3 0 << /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] >>", &n_bomb);
  g_autoptr(GString) out = g_string_new ("%PDF-1.7\n");
  g_autoptr(GByteArray) rows = g_byte_array_new ();
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  gsize offsets[5] = { 0 }, xref;

  /* 1 catalog, 2 pages, 3 the page (in 4), 4 the object stream, 5 the
   * xref stream. */
  offsets[1] = out->len;
  g_string_append_printf (out, "1 0 obj\n%s\nendobj\n", catalog);
  offsets[2] = out->len;
  g_string_append_printf (out, "2 0 obj\n%s\nendobj\n", pages);
  offsets[4] = out->len;
  g_string_append_printf (out, "4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %zu >>\nstream\n",
                          n_bomb);
  g_string_append_len (out, bomb, n_bomb);
  g_string_append (out, "\nendstream\nendobj\n");
  g_clear_pointer (&bomb, g_free);
  xref = out->len;
  for (guint i = 0; i < 6; i++)
    {
      /* W [1 4 1]: free, in use at an offset, or in object stream 4 */
      guint8 type = i == 0 ? 0 : i == 3 ? 2 : 1;
      guint32 field = i == 3 ? 4 : i == 5 ? (guint32) xref : i == 0 ? 0 : (guint32) offsets[i];
      guint8 row[6] = { type, field >> 24, field >> 16, field >> 8, field, 0 };

      g_byte_array_append (rows, row, sizeof row);
    }
  g_string_append_printf (out, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 1] /Root 1 0 R /Length %u >>\nstream\n",
                          rows->len);
  g_string_append_len (out, (const char *) rows->data, rows->len);
  g_string_append_printf (out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref);
  path = hostile_write_bytes ("objstm-bomb.pdf", out->str, out->len);

  expected = g_strdup_printf ("This page cannot be checked for images too large to show safely: "
                              "“%s” cannot be read safely: its object streams decompress to more than 64 MiB",
                              path);
  assert_shown (path, expected);
}

#define CUT_PAGES 6

/* A document of CUT_PAGES pages, each a black square drawn by a content
 * stream of about a megabyte, cut short by another program to two and a
 * half pages' worth while it is shown: the pages after the cut show the
 * guard's placeholder saying so (their bytes read as zeros instead of
 * raising SIGBUS, sd-mapped-file.h), and the window goes on. */
static void
test_cut_short_while_open (void)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) kids = g_string_new ("");
  g_autoptr(GString) padding = g_string_new ("");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  SealdeskWindow *window;
  SealdeskDocumentModel *model;
  SealdeskDocument *document;
  GdkTexture *texture;
  gsize dark = 0, white = 0;

  while (padding->len < 1024 * 1024)
    g_string_append (padding, "% a comment line that Poppler and qpdf skip, to make the page large\n");
  for (guint i = 0; i < CUT_PAGES; i++)
    g_string_append_printf (kids, "%u 0 R ", 3 + i);
  g_ptr_array_add (objects, g_strdup (catalog));
  g_ptr_array_add (objects, g_strdup_printf ("<< /Type /Pages /Kids [%s] /Count %d >>", kids->str, CUT_PAGES));
  for (guint i = 0; i < CUT_PAGES; i++)
    g_ptr_array_add (objects, g_strdup_printf ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] "
                                               "/Contents %u 0 R /Resources << >> >>", 3 + CUT_PAGES + i));
  for (guint i = 0; i < CUT_PAGES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s0 0 0 rg 100 200 400 400 re f\n", padding->str);

      g_ptr_array_add (objects, small_stream ("", text));
    }
  path = hostile_build_pdf ("cut-short.pdf", (const char **) objects->pdata, NULL, objects->len);
  file = g_file_new_for_path (path);
  window = open_window (file);
  g_assert_true (app_test_wait_until (window_not_loading, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));
  texture = hostile_shown_texture (window, 0);
  g_assert_nonnull (texture);
  g_assert_cmphex (hostile_texture_pixel (texture, 2, 2), ==, 0xffffff);

  /* Another program cuts it short, in place. */
  g_assert_cmpint (truncate (path, 5 * 1024 * 1024 / 2), ==, 0);

  model = sealdesk_window_get_model (window);
  document = sealdesk_document_model_get_document (model);
  for (int page = CUT_PAGES - 2; page < CUT_PAGES; page++)
    {
      g_autofree char *said = NULL;

      sealdesk_document_model_set_page (model, page);
      g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));
      said = sealdesk_render_guard_dup_refusal (sealdesk_document_get_render_guard (document), page);
      g_test_message ("page %d: %s", page + 1, said != NULL ? said : "drawn");
      g_assert_nonnull (said);
      g_assert_nonnull (strstr (said, "cut-short.pdf” was changed by another program while it was read"));
      texture = hostile_shown_texture (window, page);
      g_assert_nonnull (texture);
      g_assert_cmphex (hostile_texture_pixel (texture, 2, 2), ==, 0xebebeb);
      app_test_count_pixels (texture, 0, 0, 0, 0, &dark, &white);
      g_assert_cmpuint (white, ==, 0);
    }
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);

  hostile_assert_window_reusable (window);
  close_window (window);
}

void
add_hostile_draw_tests (void)
{
  g_test_add_func ("/app/hostile/content-bomb", test_content_bomb);
  g_test_add_func ("/app/hostile/font-bomb", test_font_bomb);
  g_test_add_func ("/app/hostile/jpx-bomb", test_jpx_bomb);
  g_test_add_func ("/app/hostile/nested-forms", test_nested_forms);
  g_test_add_func ("/app/hostile/form-draws-itself", test_form_draws_itself);
  g_test_add_func ("/app/hostile/annotations", test_annotations);
  g_test_add_func ("/app/hostile/object-stream-bomb", test_object_stream_bomb);
  g_test_add_func ("/app/hostile/cut-short-while-open", test_cut_short_while_open);
}
