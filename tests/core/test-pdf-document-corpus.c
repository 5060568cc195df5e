/* test-pdf-document-corpus.c: SdPdfDocument over public files from other
 * producers (../shared/corpus; these tests skip when it is absent)
 *
 * Revisions of linearized and updated files, the hybrid style, signature
 * fields made by other signers, repairs, PDF 2.0 text strings, and for every
 * structure file: each revision opened on its own is a consistent document.
 */
#include "config.h"

#include <string.h>

#include "sd-test-util.h"
#include "test-pdf-document.h"

static SdPdfDocument *
open_corpus (const char *relpath,
             const char *password)
{
  g_autofree char *path = sd_test_corpus_file (relpath);

  if (path == NULL)
    return NULL;
  return test_pdf_open (path, password);
}

static void
assert_revisions (const char *relpath,
                  guint       expected)
{
  g_autoptr (SdPdfDocument) doc = open_corpus (relpath, NULL);
  GArray *ends;

  if (doc == NULL)
    return;
  ends = sd_pdf_document_get_revision_ends (doc);
  g_test_message ("%s: %u revisions", relpath, ends->len);
  g_assert_cmpuint (ends->len, ==, expected);
  g_assert_true (sd_pdf_document_has_intact_xref_chain (doc));
  for (guint i = 1; i < ends->len; i++)
    g_assert_cmpint (g_array_index (ends, goffset, i - 1), <,
                     g_array_index (ends, goffset, i));
}

static void
test_revisions (void)
{
  /* A linearized file has two xref sections for one revision: its
   * first-page section's /Prev points forward to the main one. */
  assert_revisions ("structure/linearized-minimal.pdf", 1);
  assert_revisions ("structure/linearized-xref-streams.pdf", 1);
  /* qpdf's lin-delete-and-reuse.pdf: the linearized file (its /L is 12284,
   * where the first revision ends) and two updates ("1. Delete page
   * labels", "2. Delete outlines"): four xref tables, three revisions. */
  assert_revisions ("structure/linearized-then-3-incremental-updates.pdf", 3);
  assert_revisions ("structure/incremental-updates-3-revisions.pdf", 3);
  assert_revisions ("structure/incremental-updates-append-page-content.pdf", 3);
  assert_revisions ("structure/pdf20-via-incremental-save.pdf", 2);
  assert_revisions ("structure/classic-xref-table-libreoffice.pdf", 1);
  /* qpdf's hybrid-xref.pdf appends its /XRefStm section as an update. */
  assert_revisions ("structure/hybrid-reference-xref.pdf", 2);
  assert_revisions ("signed/adobe-doc-timestamps-only.pdf", 6);
}

static void
test_linearized_first_revision (void)
{
  g_autofree char *path = sd_test_corpus_file (
      "structure/linearized-then-3-incremental-updates.pdf");
  g_autoptr (SdPdfDocument) doc = NULL;
  g_autoptr (SdPdfDocument) base = NULL;
  g_autoptr (GError) error = NULL;
  goffset end;

  if (path == NULL)
    return;
  doc = test_pdf_open (path, NULL);
  g_assert_true (sd_pdf_document_is_linearized (doc));
  end = g_array_index (sd_pdf_document_get_revision_ends (doc), goffset, 0);
  g_assert_cmpint (end, ==, 12284);    /* the linearization /L */

  base = sd_pdf_document_open_prefix (path, end, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sd_pdf_document_is_linearized (base));
  g_assert_cmpuint (sd_pdf_document_get_revision_ends (base)->len, ==, 1);
  g_assert_cmpint (sd_pdf_document_get_n_pages (base), ==, 30);
  g_assert_false (sd_pdf_document_was_repaired (base));
}

static void
test_styles (void)
{
  const struct {
    const char     *path;
    SdPdfXrefStyle  style;
    gboolean        linearized;
  } cases[] = {
    { "structure/classic-xref-table-libreoffice.pdf", SD_PDF_XREF_TABLE, FALSE },
    { "structure/xref-stream-objstm-pdftex.pdf", SD_PDF_XREF_STREAM, FALSE },
    { "structure/xref-stream-no-objstm-ashampoo.pdf", SD_PDF_XREF_STREAM, FALSE },
    { "structure/object-streams-30-pages.pdf", SD_PDF_XREF_STREAM, FALSE },
    { "structure/hybrid-reference-xref.pdf", SD_PDF_XREF_HYBRID, FALSE },
    { "structure/linearized-xref-streams.pdf", SD_PDF_XREF_STREAM, TRUE },
    { "structure/linearized-minimal.pdf", SD_PDF_XREF_TABLE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SdPdfDocument) doc = open_corpus (cases[i].path, NULL);

      if (doc == NULL)
        return;
      g_assert_cmpint (sd_pdf_document_get_xref_style (doc), ==,
                       cases[i].style);
      g_assert_cmpint (sd_pdf_document_is_linearized (doc), ==,
                       cases[i].linearized);
    }
}

static void
test_signature_fields (void)
{
  g_autoptr (SdPdfDocument) empty = open_corpus (
      "structure/acroform-two-empty-signature-fields.pdf", NULL);
  g_autoptr (SdPdfDocument) signed_doc = NULL;
  GPtrArray *fields;
  SdPdfSignatureField *field;

  if (empty == NULL)
    return;
  fields = sd_pdf_document_get_signature_fields (empty);
  g_assert_cmpuint (fields->len, ==, 2);
  g_assert_cmpint (sd_pdf_document_get_n_signatures (empty), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("Sig%u", i + 1);

      field = g_ptr_array_index (fields, i);
      g_assert_cmpstr (field->name, ==, name);
      g_assert_cmpint (field->page, ==, 1);
      g_assert_false (field->is_signed);
    }

  signed_doc = open_corpus ("signed/dss-certified-docmdp-changes-permitted.pdf",
                            NULL);
  if (signed_doc == NULL)
    return;
  fields = sd_pdf_document_get_signature_fields (signed_doc);
  g_assert_cmpuint (fields->len, ==, 2);
  g_assert_cmpint (sd_pdf_document_get_n_signatures (signed_doc), ==, 1);
  field = g_ptr_array_index (fields, 0);
  g_assert_true (field->is_signed);
  g_assert_cmpstr (field->sub_filter, ==, "ETSI.CAdES.detached");
  g_assert_cmpint (field->value_obj_num, >, 0);
  field = g_ptr_array_index (fields, 1);
  g_assert_false (field->is_signed);
}

static void
test_repaired (void)
{
  g_autoptr (SdPdfDocument) doc = open_corpus (
      "structure/damaged-missing-startxref-repairable.pdf", NULL);
  g_autofree char *damaged = sd_test_corpus_file (
      "structure/damaged-xref-stream-trailing-junk-after-eof.pdf");
  g_autoptr (GError) error = NULL;
  g_autoptr (SdPdfDocument) unreadable = NULL;

  if (doc == NULL || damaged == NULL)
    return;
  g_assert_true (sd_pdf_document_was_repaired (doc));
  g_assert_false (sd_pdf_document_has_intact_xref_chain (doc));
  g_assert_nonnull (sd_pdf_document_get_repair_reason (doc));
  g_assert_cmpuint (sd_pdf_document_get_warnings (doc)->len, >, 0);
  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 30);
  /* Its three %%EOF-terminated revisions, found by scanning. */
  g_assert_cmpuint (sd_pdf_document_get_revision_ends (doc)->len, ==, 3);

  unreadable = sd_pdf_document_open (damaged, NULL, &error);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED);
  g_assert_null (unreadable);
}

static void
test_pdf20 (void)
{
  g_autoptr (SdPdfDocument) upgraded = open_corpus (
      "structure/pdf20-via-incremental-save.pdf", NULL);
  g_autoptr (SdPdfDocument) offset = NULL;
  g_autoptr (SdPdfDocument) utf8 = NULL;
  g_autofree char *title = NULL;

  if (upgraded == NULL)
    return;
  /* The header says 1.7; the update's catalog says 2.0. */
  g_assert_cmpstr (sd_pdf_document_get_version (upgraded), ==, "2.0");

  offset = open_corpus ("structure/pdf20-offset-start-leading-junk.pdf", NULL);
  g_assert_cmpint (sd_pdf_document_get_header_offset (offset), >, 0);
  g_assert_true (sd_pdf_document_has_intact_xref_chain (offset));
  g_assert_false (sd_pdf_document_was_repaired (offset));

  utf8 = open_corpus ("structure/pdf20-utf8-strings.pdf", NULL);
  title = sd_pdf_document_dup_info_string (utf8, "Title");
  g_assert_nonnull (title);
  g_assert_true (g_utf8_validate (title, -1, NULL));
  g_assert_true (g_str_has_prefix (title, "表ポあA鷗"));
}

static void
test_encrypted (void)
{
  const struct {
    const char *path;
    const char *password;
    const char *method;
  } cases[] = {
    { "structure/encrypted-rc4-128-user-password.pdf", "view", "RC4-128" },
    { "structure/encrypted-rc4-128-no-user-password.pdf", NULL, "RC4-128" },
    { "structure/encrypted-aes-128-user-password.pdf", "u", "AES-128" },
    { "structure/encrypted-aes-128-no-user-password.pdf", NULL, "AES-128" },
    { "structure/encrypted-aes-256-user-password.pdf", "view", "AES-256" },
    { "structure/encrypted-aes-256-no-user-password.pdf", NULL, "AES-256" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SdPdfDocument) doc = open_corpus (cases[i].path,
                                                   cases[i].password);

      if (doc == NULL)
        return;
      g_assert_true (sd_pdf_document_is_encrypted (doc));
      g_assert_cmpstr (sd_pdf_document_get_encryption (doc), ==,
                       cases[i].method);
    }
}

/* For every structure file: each revision, opened on its own, reads as a
 * document whose revisions are the first ones of the whole file. */
static void
test_every_revision_opens (void)
{
  g_autoptr (GPtrArray) rows = sd_test_corpus_manifest ();
  g_autofree char *dir = NULL;

  if (rows == NULL)
    return;
  dir = g_strdup (sd_test_corpus_dir ());
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      g_autofree char *path = NULL;
      g_autoptr (SdPdfDocument) doc = NULL;
      g_autoptr (GError) error = NULL;
      const char *password = row[2][0] != '\0' ? row[2] : NULL;
      GArray *ends;

      if (!g_str_has_prefix (row[0], "structure/"))
        continue;
      path = g_build_filename (dir, row[0], NULL);
      doc = sd_pdf_document_open (path, password, &error);
      if (doc == NULL)
        {
          /* Only the file qpdf cannot read at all may fail. */
          g_assert_cmpstr (row[4], ==, "error");
          g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED);
          continue;
        }
      g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, (int) g_ascii_strtoll (row[3], NULL, 10));
      if (!sd_pdf_document_has_intact_xref_chain (doc))
        continue;

      ends = sd_pdf_document_get_revision_ends (doc);
      for (guint i = 0; i + 1 < ends->len; i++)
        {
          goffset end = g_array_index (ends, goffset, i);
          g_autoptr (SdPdfDocument) prefix = NULL;
          GArray *prefix_ends;

          prefix = sd_pdf_document_open_prefix (path, end, password, &error);
          g_assert_no_error (error);
          g_test_message ("%s: revision %u ends at %" G_GINT64_FORMAT,
                          row[0], i + 1, (gint64) end);
          g_assert_false (sd_pdf_document_was_repaired (prefix));
          prefix_ends = sd_pdf_document_get_revision_ends (prefix);
          g_assert_cmpuint (prefix_ends->len, ==, i + 1);
          for (guint j = 0; j <= i; j++)
            g_assert_cmpint (g_array_index (prefix_ends, goffset, j), ==,
                             g_array_index (ends, goffset, j));
        }
    }
}

void
test_pdf_add_corpus_tests (void)
{
  g_test_add_func ("/pdf-document/corpus/revisions", test_revisions);
  g_test_add_func ("/pdf-document/corpus/linearized-first-revision",
                   test_linearized_first_revision);
  g_test_add_func ("/pdf-document/corpus/styles", test_styles);
  g_test_add_func ("/pdf-document/corpus/signature-fields",
                   test_signature_fields);
  g_test_add_func ("/pdf-document/corpus/repaired", test_repaired);
  g_test_add_func ("/pdf-document/corpus/pdf20", test_pdf20);
  g_test_add_func ("/pdf-document/corpus/encrypted", test_encrypted);
  g_test_add_func ("/pdf-document/corpus/every-revision-opens",
                   test_every_revision_opens);
}
