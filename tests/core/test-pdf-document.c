/* test-pdf-document.c: SdPdfDocument over the generated fixtures
 *
 * Structure (pages, geometry, cross-reference style, revisions, encryption)
 * and the errors a person sees for files that cannot be opened. Synthetic
 * edge cases are in test-pdf-document-synthetic.c, public files from other
 * producers in test-pdf-document-corpus.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sd-test-util.h"
#include "sd-geometry.h"
#include "sd-pdf-document-private.h"
#include "sd-pdf-objects.h"
#include "test-pdf-document.h"

SdPdfDocument *
test_pdf_open (const char *path,
               const char *password)
{
  g_autoptr (GError) error = NULL;
  SdPdfDocument *doc = sd_pdf_document_open (path, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

SdPdfPageInfo
test_pdf_page (SdPdfDocument *doc,
               int            number)
{
  g_autoptr (GError) error = NULL;
  SdPdfPageInfo page;

  g_assert_true (sd_pdf_document_get_page (doc, number, &page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (page.number, ==, number);
  g_assert_cmpint (page.obj_num, >, 0);
  return page;
}

void
test_pdf_assert_box (const double *box,
                     double        llx,
                     double        lly,
                     double        urx,
                     double        ury)
{
  g_assert_cmpfloat_with_epsilon (box[0], llx, 0.001);
  g_assert_cmpfloat_with_epsilon (box[1], lly, 0.001);
  g_assert_cmpfloat_with_epsilon (box[2], urx, 0.001);
  g_assert_cmpfloat_with_epsilon (box[3], ury, 0.001);
}

static SdPdfDocument *
open_fixture (const char *name,
              const char *password)
{
  g_autofree char *path = sd_test_fixture_file (name);

  return test_pdf_open (path, password);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

static goffset
last_revision_end (SdPdfDocument *doc)
{
  GArray *ends = sd_pdf_document_get_revision_ends (doc);

  g_assert_cmpuint (ends->len, >, 0);
  return g_array_index (ends, goffset, ends->len - 1);
}

/* A healthy single-revision file of @n_pages in @style. */
static void
check_plain (const char     *name,
             int             n_pages,
             SdPdfXrefStyle  style,
             gboolean        linearized)
{
  g_autofree char *path = sd_test_fixture_file (name);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);

  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, n_pages);
  g_assert_cmpint (sd_pdf_document_get_xref_style (doc), ==, style);
  g_assert_cmpint (sd_pdf_document_is_linearized (doc), ==, linearized);
  g_assert_false (sd_pdf_document_is_encrypted (doc));
  g_assert_null (sd_pdf_document_get_encryption (doc));
  g_assert_false (sd_pdf_document_was_repaired (doc));
  g_assert_true (sd_pdf_document_has_intact_xref_chain (doc));
  g_assert_cmpuint (sd_pdf_document_get_revision_ends (doc)->len, ==, 1);
  g_assert_cmpint (last_revision_end (doc), ==, file_size (path));
  g_assert_cmpint (sd_pdf_document_get_file_size (doc), ==, file_size (path));
  g_assert_cmpint (sd_pdf_document_get_startxref (doc), >, 0);
  g_assert_cmpint (sd_pdf_document_get_startxref (doc), <, file_size (path));
  g_assert_cmpint (sd_pdf_document_get_trailer_size (doc), >, 3);
  g_assert_cmpint (sd_pdf_document_get_header_offset (doc), ==, 0);
  g_assert_cmpuint (sd_pdf_document_get_signature_fields (doc)->len, ==, 0);
  g_assert_cmpstr (sd_pdf_document_get_path (doc), ==, path);
  for (int i = 1; i <= n_pages; i++)
    {
      SdPdfPageInfo page = test_pdf_page (doc, i);

      test_pdf_assert_box (page.media_box, 0, 0, 595, 842);
      test_pdf_assert_box (page.crop_box, 0, 0, 595, 842);
      g_assert_cmpint (page.rotate, ==, 0);
    }
}

static void
test_xref_table (void)
{
  g_autoptr (SdPdfDocument) doc = open_fixture ("xref-table.pdf", NULL);
  g_autofree char *title = sd_pdf_document_dup_info_string (doc, "Title");
  g_autofree char *missing = sd_pdf_document_dup_info_string (doc, "Subject");

  check_plain ("xref-table.pdf", 2, SD_PDF_XREF_TABLE, FALSE);
  check_plain ("no-id.pdf", 2, SD_PDF_XREF_TABLE, FALSE);
  g_assert_cmpstr (title, ==, "Classic xref table");
  g_assert_null (missing);
  g_assert_cmpstr (sd_pdf_document_get_version (doc), ==, "1.5");
}

static void
test_xref_stream (void)
{
  check_plain ("xref-stream.pdf", 2, SD_PDF_XREF_STREAM, FALSE);
  check_plain ("xref-stream-no-objstm.pdf", 2, SD_PDF_XREF_STREAM, FALSE);
}

static void
test_linearized (void)
{
  check_plain ("linearized.pdf", 3, SD_PDF_XREF_TABLE, TRUE);
}

static void
test_hybrid (void)
{
  g_autoptr (SdPdfDocument) doc = open_fixture ("hybrid.pdf", NULL);
  g_autofree char *title = sd_pdf_document_dup_info_string (doc, "Title");

  /* /Info sits in an object stream only the /XRefStm lists. */
  check_plain ("hybrid.pdf", 2, SD_PDF_XREF_HYBRID, FALSE);
  g_assert_cmpstr (title, ==, "Hybrid-reference file");
}

static void
test_incremental (void)
{
  g_autofree char *path = sd_test_fixture_file ("incremental.pdf");
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autoptr (SdPdfDocument) first = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = sd_pdf_document_dup_info_string (doc, "Title");
  g_autofree char *old_title = NULL;
  GArray *ends = sd_pdf_document_get_revision_ends (doc);
  goffset first_end;

  g_assert_cmpuint (ends->len, ==, 2);
  first_end = g_array_index (ends, goffset, 0);
  g_assert_cmpint (first_end, <, g_array_index (ends, goffset, 1));
  g_assert_cmpint (g_array_index (ends, goffset, 1), ==, file_size (path));
  g_assert_cmpstr (title, ==, "Incremental update (revision 2)");

  /* The first revision, opened on its own, is the document before the
   * update: a valid PDF of one revision ending where it ended. */
  first = sd_pdf_document_open_prefix (path, first_end, NULL, &error);
  g_assert_no_error (error);
  old_title = sd_pdf_document_dup_info_string (first, "Title");
  g_assert_cmpstr (old_title, ==, "Incremental update (revision 1)");
  g_assert_cmpint (sd_pdf_document_get_file_size (first), ==, first_end);
  g_assert_cmpuint (sd_pdf_document_get_revision_ends (first)->len, ==, 1);
  g_assert_cmpint (last_revision_end (first), ==, first_end);
  g_assert_cmpint (sd_pdf_document_get_n_pages (first), ==, 2);
  g_assert_false (sd_pdf_document_was_repaired (first));
  g_assert_cmpint (sd_pdf_document_get_startxref (first), <,
                   sd_pdf_document_get_startxref (doc));
}

/* A revision opened through the document's mapping reads the bytes the
 * document was opened from, even once its name holds another file. */
static void
test_revision_of_open_file (void)
{
  g_autofree char *fixture = sd_test_fixture_file ("incremental.pdf");
  g_autofree char *other = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (tmp, "doc.pdf", NULL);
  g_autofree char *replacement = g_build_filename (tmp, "other.pdf", NULL);
  g_autofree char *data = NULL;
  g_autofree char *old_title = NULL;
  g_autoptr (SdPdfDocument) doc = NULL;
  g_autoptr (SdPdfDocument) first = NULL;
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  goffset first_end;

  g_assert_true (g_file_get_contents (fixture, &data, &len, &error));
  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (other, &data, &len, &error));
  g_assert_true (g_file_set_contents (replacement, data, len, &error));
  doc = test_pdf_open (path, NULL);
  first_end = g_array_index (sd_pdf_document_get_revision_ends (doc), goffset, 0);
  g_assert_cmpint (g_rename (replacement, path), ==, 0);

  first = sd_pdf_document_open_revision (doc, first_end, NULL, &error);
  g_assert_no_error (error);
  old_title = sd_pdf_document_dup_info_string (first, "Title");
  g_assert_cmpstr (old_title, ==, "Incremental update (revision 1)");
  g_assert_cmpint (sd_pdf_document_get_file_size (first), ==, first_end);
  g_assert_cmpuint (sd_pdf_document_get_revision_ends (first)->len, ==, 1);
  g_clear_object (&first);

  /* Past the end of the file: refused as a prefix is. */
  first = sd_pdf_document_open_revision (doc, sd_pdf_document_get_file_size (doc) + 1, NULL, &error);
  g_assert_null (first);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO);
  g_unlink (path);
  g_rmdir (tmp);
}

static void
test_trailing_garbage (void)
{
  g_autofree char *path = sd_test_fixture_file ("trailing-garbage.pdf");
  g_autofree char *clean = sd_test_fixture_file ("xref-table.pdf");
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);

  /* The revision ends at the %%EOF line, before the junk. */
  g_assert_false (sd_pdf_document_was_repaired (doc));
  g_assert_cmpuint (sd_pdf_document_get_revision_ends (doc)->len, ==, 1);
  g_assert_cmpint (last_revision_end (doc), ==, file_size (clean));
  g_assert_cmpint (last_revision_end (doc), <, file_size (path));
  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 2);
}

static void
test_rotated (void)
{
  g_autoptr (SdPdfDocument) doc = open_fixture ("rotated.pdf", NULL);

  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 4);
  for (int i = 1; i <= 4; i++)
    {
      SdPdfPageInfo page = test_pdf_page (doc, i);
      double width, height;

      g_assert_cmpint (page.rotate, ==, (i - 1) * 90);
      sd_geometry_visible_size (&page, &width, &height);
      if (page.rotate % 180 == 0)
        {
          g_assert_cmpfloat_with_epsilon (width, 595, 0.001);
          g_assert_cmpfloat_with_epsilon (height, 842, 0.001);
        }
      else
        {
          g_assert_cmpfloat_with_epsilon (width, 842, 0.001);
          g_assert_cmpfloat_with_epsilon (height, 595, 0.001);
        }
    }
}

static void
test_inherited (void)
{
  g_autoptr (SdPdfDocument) doc = open_fixture ("inherited.pdf", NULL);

  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 3);
  for (int i = 1; i <= 3; i++)
    {
      SdPdfPageInfo page = test_pdf_page (doc, i);

      test_pdf_assert_box (page.media_box, 0, 0, 595, 842);
      test_pdf_assert_box (page.crop_box, 0, 0, 595, 842);
      g_assert_cmpint (page.rotate, ==, 90);
    }
}

static void
test_cropbox (void)
{
  g_autoptr (SdPdfDocument) doc = open_fixture ("cropbox-offset.pdf", NULL);
  SdPdfPageInfo page = test_pdf_page (doc, 1);
  double width, height;

  test_pdf_assert_box (page.media_box, 0, 0, 612, 792);
  test_pdf_assert_box (page.crop_box, 50, 50, 562, 742);
  sd_geometry_visible_size (&page, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 512, 0.001);
  g_assert_cmpfloat_with_epsilon (height, 692, 0.001);
}

static void
test_many_pages (void)
{
  g_autoptr (SdPdfDocument) doc = open_fixture ("many-pages.pdf", NULL);
  g_autoptr (GError) error = NULL;
  SdPdfPageInfo page;

  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 30);
  page = test_pdf_page (doc, 30);
  g_assert_cmpint (page.number, ==, 30);

  g_assert_false (sd_pdf_document_get_page (doc, 31, &page, &error));
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NO_PAGE);
  g_assert_nonnull (strstr (error->message, "page 31"));
  g_assert_nonnull (strstr (error->message, "30 pages"));
  g_clear_error (&error);
  g_assert_false (sd_pdf_document_get_page (doc, 0, &page, &error));
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NO_PAGE);
}

static void
test_forms_without_signatures (void)
{
  const char *names[] = { "acroform-direct.pdf", "annots-indirect.pdf" };

  /* Their only field is a text field: no signature field to report. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (SdPdfDocument) doc = open_fixture (names[i], NULL);

      g_assert_cmpuint (sd_pdf_document_get_signature_fields (doc)->len, ==, 0);
      g_assert_cmpint (sd_pdf_document_get_n_signatures (doc), ==, 0);
      g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 1);
    }
}

static void
test_encrypted (void)
{
  g_autofree char *path = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_autoptr (GError) error = NULL;
  g_autoptr (SdPdfDocument) doc = NULL;
  g_autoptr (SdPdfDocument) owner = NULL;
  g_autoptr (SdPdfDocument) open = NULL;
  g_autofree char *title = NULL;

  doc = sd_pdf_document_open (path, NULL, &error);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD);
  g_assert_null (doc);
  g_clear_error (&error);

  doc = sd_pdf_document_open (path, "", &error);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);

  doc = sd_pdf_document_open (path, "wrong", &error);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_BAD_PASSWORD);
  g_assert_null (doc);
  g_clear_error (&error);

  doc = test_pdf_open (path, "user");
  g_assert_true (sd_pdf_document_is_encrypted (doc));
  g_assert_cmpstr (sd_pdf_document_get_encryption (doc), ==, "AES-256");
  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 2);
  title = sd_pdf_document_dup_info_string (doc, "Title");
  g_assert_cmpstr (title, ==, "Encrypted, AES-256");

  owner = test_pdf_open (path, "owner");
  g_assert_cmpint (sd_pdf_document_get_n_pages (owner), ==, 2);

  open = open_fixture ("encrypted-no-user-password.pdf", NULL);
  g_assert_true (sd_pdf_document_is_encrypted (open));
  g_assert_cmpstr (sd_pdf_document_get_encryption (open), ==, "AES-256");
  g_assert_cmpint (sd_pdf_document_get_n_pages (open), ==, 2);
}

static void
assert_open_fails (const char  *path,
                   SdPdfError   code,
                   const char  *in_message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, SD_PDF_ERROR, (int) code);
  g_test_message ("%s: %s", path, error->message);
  /* One line a person can act on, naming the file. */
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_errors (void)
{
  g_autofree char *not_pdf = sd_test_fixture_file ("not-a-pdf.pdf");
  g_autofree char *damaged = sd_test_fixture_file ("damaged-truncated.pdf");
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.pdf", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.pdf", NULL);

  assert_open_fails (not_pdf, SD_PDF_ERROR_NOT_PDF, "is not a PDF document");
  assert_open_fails (damaged, SD_PDF_ERROR_DAMAGED, "damaged-truncated.pdf");
  assert_open_fails (missing, SD_PDF_ERROR_IO, g_strerror (ENOENT));
  assert_open_fails (dir, SD_PDF_ERROR_IO, g_strerror (EISDIR));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_open_fails (empty, SD_PDF_ERROR_NOT_PDF, "empty.pdf");
}

static void
test_prefix_errors (void)
{
  g_autofree char *path = sd_test_fixture_file ("incremental.pdf");
  g_autoptr (GError) error = NULL;
  g_autoptr (SdPdfDocument) doc = NULL;

  doc = sd_pdf_document_open_prefix (path, file_size (path) + 1, NULL, &error);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO);
  g_assert_null (doc);
  g_clear_error (&error);

  doc = sd_pdf_document_open_prefix (path, 0, NULL, &error);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NOT_PDF);
  g_clear_error (&error);

  /* The whole file as a prefix is the document itself. */
  doc = sd_pdf_document_open_prefix (path, file_size (path), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd_pdf_document_get_revision_ends (doc)->len, ==, 2);
}

/* What a revision writes: its cross-reference sections (tables, streams,
 * a hybrid file's /XRefStm), every object of a one-revision file; only
 * the updated objects of an incremental update. */
static void
test_written_objects (void)
{
  static const char * const whole[] = { "xref-table.pdf", "xref-stream.pdf", "hybrid.pdf", "linearized.pdf" };
  g_autofree char *path = sd_test_fixture_file ("incremental.pdf");
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autoptr (GHashTable) update = NULL;
  qpdf_data q = sd_pdf_document_get_qpdf (doc);
  qpdf_oh trailer, info, pages;

  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_autofree char *one = sd_test_fixture_file (whole[i]);
      g_autoptr (SdPdfDocument) d = test_pdf_open (one, NULL);
      g_autoptr (GHashTable) all = sd_pdf_document_get_written_objects (d, 0);
      qpdf_data dq = sd_pdf_document_get_qpdf (d);

      g_test_message ("%s", whole[i]);
      g_assert_nonnull (all);
      for (int num = 1; num < sd_pdf_document_get_trailer_size (d); num++)
        {
          qpdf_oh oh = qpdf_get_object_by_id (dq, num, 0);

          if (!qpdf_oh_is_null (dq, oh))
            g_assert_true (g_hash_table_contains (all, GINT_TO_POINTER (num)));
          qpdf_oh_release (dq, oh);
        }
    }

  update = sd_pdf_document_get_written_objects (doc, g_array_index (sd_pdf_document_get_revision_ends (doc), goffset, 0));
  g_assert_nonnull (update);
  trailer = qpdf_get_trailer (q);
  info = qpdf_oh_get_key (q, trailer, "/Info");
  pages = qpdf_oh_get_key (q, qpdf_get_root (q), "/Pages");
  /* The update retitles the document; the page tree is as it was. */
  g_assert_true (g_hash_table_contains (update, GINT_TO_POINTER (qpdf_oh_get_object_id (q, info))));
  g_assert_false (g_hash_table_contains (update, GINT_TO_POINTER (qpdf_oh_get_object_id (q, pages))));
  g_assert_cmpuint (g_hash_table_size (update), <, sd_pdf_document_get_trailer_size (doc) - 1);
}

/* The one /Parent walk: names and inherited entries up the chain, each
 * object once (a loop ends the chain), at most SD_PDF_MAX_DEPTH levels. */
static void
test_parent_walk (void)
{
  qpdf_data q = qpdf_init ();
  qpdf_oh a, b, top, node, ft, missing;
  g_autofree char *loop_name = NULL;
  g_autofree char *deep_name = NULL;

  qpdf_empty_pdf (q);
  a = qpdf_make_indirect_object (q, qpdf_oh_new_dictionary (q));
  b = qpdf_make_indirect_object (q, qpdf_oh_new_dictionary (q));
  qpdf_oh_replace_key (q, a, "/T", qpdf_oh_new_unicode_string (q, "a"));
  qpdf_oh_replace_key (q, b, "/T", qpdf_oh_new_unicode_string (q, "b"));
  qpdf_oh_replace_key (q, a, "/Parent", b);
  qpdf_oh_replace_key (q, b, "/Parent", a);
  loop_name = sd_qpdf_dup_field_name (q, a);
  g_assert_cmpstr (loop_name, ==, "b.a");
  missing = sd_qpdf_get_inherited (q, a, "/FT");
  g_assert_cmpint (missing, ==, 0);

  /* A chain deeper than the limit: the top's /FT is out of reach. */
  top = qpdf_make_indirect_object (q, qpdf_oh_new_dictionary (q));
  qpdf_oh_replace_key (q, top, "/FT", qpdf_oh_new_name (q, "/Sig"));
  node = top;
  for (int i = 0; i < SD_PDF_MAX_DEPTH; i++)
    {
      qpdf_oh kid = qpdf_make_indirect_object (q, qpdf_oh_new_dictionary (q));

      qpdf_oh_replace_key (q, kid, "/Parent", node);
      node = kid;
    }
  ft = sd_qpdf_get_inherited (q, node, "/FT");
  g_assert_cmpint (ft, !=, 0);
  {
    qpdf_oh kid = qpdf_make_indirect_object (q, qpdf_oh_new_dictionary (q));

    qpdf_oh_replace_key (q, kid, "/Parent", node);
    g_assert_cmpint (sd_qpdf_get_inherited (q, kid, "/FT"), ==, 0);
    deep_name = sd_qpdf_dup_field_name (q, kid);
    g_assert_null (deep_name);
  }
  qpdf_cleanup (&q);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf-document/xref-table", test_xref_table);
  g_test_add_func ("/pdf-document/xref-stream", test_xref_stream);
  g_test_add_func ("/pdf-document/linearized", test_linearized);
  g_test_add_func ("/pdf-document/hybrid", test_hybrid);
  g_test_add_func ("/pdf-document/incremental", test_incremental);
  g_test_add_func ("/pdf-document/written-objects", test_written_objects);
  g_test_add_func ("/pdf-document/parent-walk", test_parent_walk);
  g_test_add_func ("/pdf-document/revision-of-open-file", test_revision_of_open_file);
  g_test_add_func ("/pdf-document/trailing-garbage", test_trailing_garbage);
  g_test_add_func ("/pdf-document/rotated", test_rotated);
  g_test_add_func ("/pdf-document/inherited", test_inherited);
  g_test_add_func ("/pdf-document/cropbox", test_cropbox);
  g_test_add_func ("/pdf-document/many-pages", test_many_pages);
  g_test_add_func ("/pdf-document/forms-without-signatures",
                   test_forms_without_signatures);
  g_test_add_func ("/pdf-document/encrypted", test_encrypted);
  g_test_add_func ("/pdf-document/errors", test_errors);
  g_test_add_func ("/pdf-document/prefix-errors", test_prefix_errors);
  test_pdf_add_synthetic_tests ();
  test_pdf_add_size_tests ();
  test_pdf_add_corpus_tests ();

  return g_test_run ();
}
