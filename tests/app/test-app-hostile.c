/* test-app-hostile.c: hostile documents opened in the viewer
 *
 * Each file is made here (never taken from elsewhere) and opened in a real
 * window, as a person would open it. The window must end in bounded time
 * (the waits stop a test that would hang) either on its error page with a
 * sentence naming the file, or showing the document with the signature
 * verified as far as is safe ("too complex to verify safely" when a cap of
 * the verifier was reached), or, for a page whose images would decode to
 * too much, the render guard's placeholder in its place. Afterwards the
 * same window still opens the sample, so nothing was left broken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "app-test-util.h"
#include "sd-pdf-document-private.h"
#include "test-app-hostile.h"
#include "test-app.h"

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

char *
hostile_write_bytes (const char *name,
                     const char *data,
                     gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (home_dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return path;
}

/* The window still works: the sample opens in it. */
void
hostile_assert_window_reusable (SealdeskWindow *window)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();

  sealdesk_window_open (window, sample);
  g_assert_true (app_test_wait_until (window_not_loading, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
}

/* Opens @path, expects the error page with @expected in its sentence. */
void
hostile_assert_refused (const char *path,
                        const char *expected)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  SealdeskWindow *window = open_window (file);
  const char *title, *description;
  SealdeskSession *session;

  g_assert_true (app_test_wait_until (window_not_loading, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_ERROR);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "error");
  title = adw_status_page_get_title (window->error_page);
  description = adw_status_page_get_description (window->error_page);
  g_test_message ("%s: %s: %s", name, title, description);
  g_assert_nonnull (strstr (title, name));
  g_assert_nonnull (strstr (description, expected));
  session = sealdesk_window_get_session (window);
  g_assert_true (session == NULL || sealdesk_session_get_document (session) == NULL);

  hostile_assert_window_reusable (window);
  close_window (window);
}

static gboolean
verify_done (gpointer data)
{
  SealdeskWindow *window = data;

  return window->state == SEALDESK_WINDOW_STATE_DOCUMENT &&
         _sealdesk_window_verify_task (window) != NULL &&
         !window->reveal_signatures_pending &&
         sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)) != SEALDESK_VERIFY_STATUS_RUNNING;
}

/* Opens @path, a signed document made hostile: its pages are shown, and
 * its one signature is refused as too complex to verify safely. */
static void
assert_too_complex (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);
  SealdeskSignatureRow *row;

  g_assert_true (app_test_wait_until (verify_done, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)), ==,
                   SEALDESK_VERIFY_STATUS_DONE);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpstr (sealdesk_signatures_panel_get_visible_page (window->signatures_panel), ==, "report");
  g_assert_cmpuint (sealdesk_signatures_panel_get_n_rows (window->signatures_panel), ==, 1);
  row = sealdesk_signatures_panel_get_row (window->signatures_panel, 0);
  g_test_message ("%s: %s", name, sealdesk_signature_row_get_status_text (row));
  g_assert_cmpint (sealdesk_signature_row_get_status (row), ==, SEALDESK_SIGNATURE_STATUS_INVALID);
  g_assert_cmpstr (sealdesk_signature_row_get_status_text (row), ==,
                   "Invalid: too complex to verify safely");

  hostile_assert_window_reusable (window);
  close_window (window);
}

/* A PDF of @n_objects objects (numbered from 1, the first the catalog)
 * with a correct xref table, written to @name. */
char *
hostile_build_pdf (const char  *name,
                   const char **objects,
                   const gsize *lengths,
                   guint        n_objects)
{
  g_autoptr(GString) out = g_string_new ("%PDF-1.7\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize xref;

  for (guint i = 0; i < n_objects; i++)
    {
      gsize offset = out->len;

      g_array_append_val (offsets, offset);
      g_string_append_printf (out, "%u 0 obj\n", i + 1);
      g_string_append_len (out, objects[i], lengths != NULL ? lengths[i] : strlen (objects[i]));
      g_string_append (out, "\nendobj\n");
    }
  xref = out->len;
  g_string_append_printf (out, "xref\n0 %u\n0000000000 65535 f \n", n_objects + 1);
  for (guint i = 0; i < n_objects; i++)
    g_string_append_printf (out, "%010lld 00000 n \n", (long long) g_array_index (offsets, gsize, i));
  g_string_append_printf (out, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%lld\n%%%%EOF\n",
                          n_objects + 1, (long long) xref);

  return hostile_write_bytes (name, out->str, out->len);
}

/* An incremental update of the signed document @path: its catalog with
 * the entry @before, a reference to @object, @after added, and @object as
 * the next free object. The signature no
 * longer covers the whole file. */
static char *
append_update (const char *path,
               const char *name,
               const char *before,
               const char *after,
               const char *object,
               gsize       object_length)
{
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = read_bytes (path);
  g_autoptr(GString) out = g_string_new_len (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_autofree char *catalog = NULL;
  g_autofree char *filled = NULL;
  qpdf_data q;
  qpdf_oh root;
  int root_num, num;
  gsize catalog_at, object_at, xref;

  document = sd_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (document);
  root = qpdf_get_root (q);
  root_num = qpdf_oh_get_object_id (q, root);
  num = sd_pdf_document_get_trailer_size (document);
  catalog = g_strdup (qpdf_oh_unparse_resolved (q, root));
  g_assert_true (g_str_has_suffix (catalog, ">>"));
  catalog[strlen (catalog) - 2] = '\0';
  filled = g_strdup_printf ("%s%d 0 R%s", before, num, after);

  if (out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  object_at = out->len;
  g_string_append_printf (out, "%d 0 obj\n", num);
  g_string_append_len (out, object, object_length);
  g_string_append (out, "\nendobj\n");
  catalog_at = out->len;
  g_string_append_printf (out, "%d 0 obj\n%s %s >>\nendobj\n", root_num, catalog, filled);
  xref = out->len;
  g_string_append_printf (out, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010lld 00000 n \n%d 1\n%010lld 00000 n \n",
                          root_num, (long long) catalog_at, num, (long long) object_at);
  g_string_append_printf (out, "trailer\n<< /Size %d /Root %d 0 R /Prev %lld >>\nstartxref\n%lld\n%%%%EOF\n",
                          num + 1, root_num, (long long) sd_pdf_document_get_startxref (document),
                          (long long) xref);

  return hostile_write_bytes (name, out->str, out->len);
}

/* A non-PDF file named .pdf. */
static void
test_not_pdf_named_pdf (void)
{
  g_autofree char *path = write_file ("minutes.pdf", "These are the minutes of the hearing.\n");

  hostile_assert_refused (path, "not a PDF document");
}

/* The sample cut in the middle of its objects. */
static void
test_truncated (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *sample_path = g_file_get_path (sample);
  g_autoptr(GBytes) data = read_bytes (sample_path);
  g_autofree char *path = hostile_write_bytes ("truncated.pdf", g_bytes_get_data (data, NULL),
                                       g_bytes_get_size (data) / 3);

  hostile_assert_refused (path, "damaged");
}

/* A page tree whose /Kids name the tree itself, and a page whose /Parent
 * is its own child. */
static void
test_circular (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
    "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
  };
  g_autofree char *path = hostile_build_pdf ("circular.pdf", objects, NULL, G_N_ELEMENTS (objects));

  hostile_assert_refused (path, "damaged");
}

/* 10,000 nested arrays in the page tree's /Kids. */
static void
test_deep_nesting (void)
{
  g_autoptr(GString) kids = g_string_new ("<< /Type /Pages /Count 1 /Kids ");
  const char *objects[2] = { "<< /Type /Catalog /Pages 2 0 R >>", NULL };
  g_autofree char *path = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (kids, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (kids, ']');
  g_string_append (kids, " >>");
  objects[1] = kids->str;
  path = hostile_build_pdf ("nested.pdf", objects, NULL, G_N_ELEMENTS (objects));

  hostile_assert_refused (path, "damaged");
}

/* A signed document followed by 10,000 %%EOF markers: the verifier gives
 * up on the revisions at its cap instead of working for minutes. */
static void
test_many_eof (void)
{
  g_autofree char *signed_path = sign_sample (NULL);
  g_autoptr(GBytes) data = read_bytes (signed_path);
  g_autoptr(GString) out = g_string_new_len (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_autofree char *path = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (out, "%%EOF\n");
  path = hostile_write_bytes ("many-eof.pdf", out->str, out->len);

  assert_too_complex (path);
}

/* 1 GiB of zeros in @n_bytes of Flate. */
char *
hostile_flate_bomb (gsize *n_bytes)
{
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);
  gsize capacity = 2 << 20;
  guint8 *out = g_malloc (capacity);
  z_stream z = { 0 };

  g_assert_cmpint (deflateInit (&z, 9), ==, Z_OK);
  z.next_out = out;
  z.avail_out = capacity;
  for (guint i = 0; i < 1024; i++)
    {
      z.next_in = zeros;
      z.avail_in = 1 << 20;
      g_assert_cmpint (deflate (&z, i == 1023 ? Z_FINISH : Z_NO_FLUSH), !=, Z_STREAM_ERROR);
      g_assert_cmpuint (z.avail_in, ==, 0);
    }
  g_assert_cmpuint (z.avail_out, >, 0);
  *n_bytes = z.total_out;
  deflateEnd (&z);

  return (char *) out;
}

/* Stream object text: the dictionary @dict, /Length, the bytes. */
char *
hostile_stream_object (const char *dict,
                       const char *bytes,
                       gsize       n_bytes,
                       gsize      *length)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, "<< %s /Length %zu >>\nstream\n", dict, n_bytes);
  g_string_append_len (s, bytes, n_bytes);
  g_string_append (s, "\nendstream");
  *length = s->len;

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A signed document whose catalog gains a /DSS with a certificate that
 * inflates to 1 GiB. */
static void
test_dss_bomb (void)
{
  g_autofree char *signed_path = sign_sample (NULL);
  gsize n_bomb, length;
  g_autofree char *bomb = hostile_flate_bomb (&n_bomb);
  g_autofree char *object = hostile_stream_object ("/Filter /FlateDecode", bomb, n_bomb, &length);
  g_autofree char *path = append_update (signed_path, "dss-bomb.pdf", "/DSS << /Certs [", "] >>",
                                         object, length);

  assert_too_complex (path);
}

/* The peak resident size of this process (VmHWM), in KiB. */
static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* The peak starts again from the present size (Linux 4.0), so that what
 * earlier tests of the group took does not hide this one's. */
static void
reset_peak_rss (void)
{
  if (!g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL))
    g_test_message ("VmHWM cannot be reset: the bound counts from the earlier peak");
}

/* The colour of the pixel at @x, @y of @texture, as 0xRRGGBB. */
guint32
hostile_texture_pixel (GdkTexture *texture,
                       int         x,
                       int         y)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  const guint8 *p;

  gdk_texture_download (texture, data, (gsize) width * 4);
  /* GDK_MEMORY_DEFAULT: B G R A in memory on little-endian machines. */
  p = data + ((gsize) y * width + x) * 4;
  return (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

/* A page that draws an image of 18,919 by 18,919 RGB pixels (1 GiB) made
 * of 1 GiB of zeros in Flate, and a second page of text. Before the guard,
 * this test peaked at 2.8 GB while Poppler drew the first page. The guard
 * refuses it before Poppler sees it: its placeholder is shown with the
 * sentence why, the other page passes, the process's peak memory stays
 * well below the image's size, and the window opens the next document. */
static void
test_image_bomb (void)
{
  gsize n_bomb, length;
  g_autofree char *bomb = hostile_flate_bomb (&n_bomb);
  g_autofree char *image = hostile_stream_object ("/Type /XObject /Subtype /Image /Width 18919 /Height 18919 "
                                          "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
                                          bomb, n_bomb, &length);
  static const char content[] = "q 500 0 0 500 50 150 cm /Im0 Do Q";
  static const char text[] = "BT /F1 24 Tf 72 700 Td (Nothing large here) Tj ET";
  g_autofree char *contents = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream",
                                               strlen (content), content);
  g_autofree char *text_contents = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream",
                                                    strlen (text), text);
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 "
    "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
    "/Resources << /XObject << /Im0 5 0 R >> >> >>",
    contents,
    image,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 7 0 R >>",
    text_contents,
  };
  gsize lengths[] = { strlen (objects[0]), strlen (objects[1]), strlen (objects[2]),
                      strlen (contents), length, strlen (objects[5]), strlen (text_contents) };
  g_autofree char *path = hostile_build_pdf ("image-bomb.pdf", objects, lengths, G_N_ELEMENTS (objects));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window;
  SealdeskDocument *document;
  SealdeskRenderGuard *guard;
  g_autofree char *refusal = NULL;
  g_autofree char *other = NULL;
  GdkTexture *texture;
  graphene_rect_t bounds;
  GdkRectangle rect;
  int width, height;
  guint64 before, after;

  g_clear_pointer (&bomb, g_free);
  g_clear_pointer (&image, g_free);
  reset_peak_rss ();
  before = peak_rss_kib ();

  window = open_window (file);
  g_assert_true (app_test_wait_until (window_not_loading, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));

  /* The guard refused the first page, with its sentence. */
  document = sealdesk_document_model_get_document (sealdesk_window_get_model (window));
  guard = sealdesk_document_get_render_guard (document);
  g_assert_nonnull (guard);
  refusal = sealdesk_render_guard_dup_refusal (guard, 0);
  g_assert_cmpstr (refusal, ==, "This page has an image too large to show safely.");
  g_assert_cmpuint (sealdesk_render_guard_get_n_refused (guard), ==, 1);

  /* What the view shows of it is the guard's grey placeholder, not a
   * page Poppler drew (white around the image). */
  sealdesk_page_view_get_page_rect (window->page_view, 0, &bounds);
  rect.width = (int) bounds.size.width;
  rect.height = (int) bounds.size.height;
  _sealdesk_page_view_texture_size (window->page_view, &rect, &width, &height);
  texture = sealdesk_page_cache_lookup (sealdesk_document_get_page_cache (document), 0,
                                        sealdesk_document_model_get_rotation (sealdesk_window_get_model (window)),
                                        width);
  g_assert_nonnull (texture);
  g_assert_cmphex (hostile_texture_pixel (texture, 2, 2), ==, 0xebebeb);

  /* The other page is the guard's to let through. */
  g_assert_true (sealdesk_render_guard_check (guard, 1, NULL));
  other = sealdesk_render_guard_dup_refusal (guard, 1);
  g_assert_null (other);

  after = peak_rss_kib ();
  g_test_message ("peak RSS: %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT " KiB after",
                  before, after);
  g_assert_cmpuint (after, <, before + 400 * 1024);

  hostile_assert_window_reusable (window);
  close_window (window);
}

/* A file Poppler reads but qpdf cannot (from the corpus): what its pages
 * hold cannot be told, so none is given to Poppler; each shows why. */
static void
test_unreadable_by_guard (void)
{
  const char *corpus = g_getenv ("SEALDESK_CORPUS");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *refusal = NULL;
  SealdeskWindow *window;
  SealdeskDocument *document;

  if (corpus == NULL ||
      !g_file_test ((path = g_build_filename (corpus, "structure",
                                              "damaged-xref-stream-trailing-junk-after-eof.pdf", NULL)),
                    G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the corpus (SEALDESK_CORPUS) is not available");
      return;
    }
  file = g_file_new_for_path (path);
  window = open_window (file);
  g_assert_true (app_test_wait_until (window_not_loading, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));
  document = sealdesk_document_model_get_document (sealdesk_window_get_model (window));
  refusal = sealdesk_render_guard_dup_refusal (sealdesk_document_get_render_guard (document), 0);
  g_test_message ("%s", refusal);
  g_assert_nonnull (refusal);
  g_assert_true (g_str_has_prefix (refusal, "This page cannot be checked for images too large to show safely: "));

  hostile_assert_window_reusable (window);
  close_window (window);
}

/* The texture the page view shows for @page at the present zoom. */
GdkTexture *
hostile_shown_texture (SealdeskWindow *window,
                       guint           page)
{
  SealdeskDocumentModel *model = sealdesk_window_get_model (window);
  SealdeskDocument *document = sealdesk_document_model_get_document (model);
  graphene_rect_t bounds;
  GdkRectangle rect = { 0, 0, 0, 0 };
  int width, height;

  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, page, &bounds));
  rect.width = (int) bounds.size.width;
  rect.height = (int) bounds.size.height;
  _sealdesk_page_view_texture_size (window->page_view, &rect, &width, &height);
  return sealdesk_page_cache_lookup (sealdesk_document_get_page_cache (document), page,
                                     sealdesk_document_model_get_rotation (model), width);
}

/* Three pages, the last of which Poppler cannot load (its /Contents is a
 * number): the document opens, its two good pages show as drawn, and the
 * broken one shows a placeholder saying so (the render guard's) in place
 * of a blank page. */
static void
test_damaged_page (void)
{
  static const char one[] = "BT /F1 24 Tf 72 700 Td (Page one) Tj ET";
  static const char two[] = "BT /F1 24 Tf 72 700 Td (Page two) Tj ET";
  g_autofree char *one_contents = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream",
                                                   strlen (one), one);
  g_autofree char *two_contents = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream",
                                                   strlen (two), two);
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 "
    "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 6 0 R >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 7 0 R >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 42 >>",
    one_contents,
    two_contents,
  };
  g_autofree char *path = hostile_build_pdf ("damaged-page.pdf", objects, NULL, G_N_ELEMENTS (objects));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);
  SealdeskDocumentModel *model;
  SealdeskDocument *document;
  GdkTexture *texture;
  gsize dark = 0, white = 0;

  g_assert_true (app_test_wait_until (window_not_loading, window, HOSTILE_WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  model = sealdesk_window_get_model (window);
  document = sealdesk_document_model_get_document (model);
  g_assert_cmpuint (sealdesk_document_get_n_pages (document), ==, 3);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));

  /* The first page is Poppler's drawing: white paper, dark text. */
  texture = hostile_shown_texture (window, 0);
  g_assert_nonnull (texture);
  g_assert_cmphex (hostile_texture_pixel (texture, 2, 2), ==, 0xffffff);
  app_test_count_pixels (texture, 0, 0, 0, 0, &dark, &white);
  g_assert_cmpuint (dark, >, 0);

  /* The broken page: the grey placeholder with its sentence, not a
   * blank page. */
  sealdesk_document_model_set_page (model, 2);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));
  texture = hostile_shown_texture (window, 2);
  g_assert_nonnull (texture);
  g_assert_cmphex (hostile_texture_pixel (texture, 2, 2), ==, 0xebebeb);
  app_test_count_pixels (texture, 0, 0, 0, 0, &dark, &white);
  g_assert_cmpuint (dark, >, 0);
  g_assert_cmpuint (white, ==, 0);

  /* The page before it is still drawn. */
  sealdesk_document_model_set_page (model, 1);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, HOSTILE_WAIT_SECONDS));
  texture = hostile_shown_texture (window, 1);
  g_assert_nonnull (texture);
  g_assert_cmphex (hostile_texture_pixel (texture, 2, 2), ==, 0xffffff);

  hostile_assert_window_reusable (window);
  close_window (window);
}

void
add_hostile_tests (void)
{
  g_test_add_func ("/app/hostile/not-pdf-named-pdf", test_not_pdf_named_pdf);
  g_test_add_func ("/app/hostile/truncated", test_truncated);
  g_test_add_func ("/app/hostile/circular", test_circular);
  g_test_add_func ("/app/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/app/hostile/many-eof", test_many_eof);
  g_test_add_func ("/app/hostile/dss-bomb", test_dss_bomb);
  g_test_add_func ("/app/hostile/image-bomb", test_image_bomb);
  g_test_add_func ("/app/hostile/unreadable-by-guard", test_unreadable_by_guard);
  g_test_add_func ("/app/hostile/damaged-page", test_damaged_page);
}
