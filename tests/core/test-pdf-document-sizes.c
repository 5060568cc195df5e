/* test-pdf-document-sizes.c: what a declared /Size may cost
 *
 * A trailer's /Size is a claim: a small file may declare billions of
 * objects. Checking the objects costs what the cross-reference table
 * lists, not what /Size says, still finds damage in an object nothing
 * refers to, and an update refuses a /Size it could not number after,
 * or one that its new objects would take past 8,388,607 (the signer
 * then writes nothing).
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sd-key-p12.h"
#include "sd-test-util.h"
#include "sd-pdf-update.h"
#include "sd-signer.h"
#include "test-pdf-document.h"

/* Catalog, pages, one page, and object 4 that nothing refers to. */
static const char * const objects[] = {
  "<< /Type /Catalog /Pages 2 0 R >>",
  "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  "<< /Unreferenced true >>",
};

/* A file of the objects above with an intact table and trailer /Size
 * @size; when @misplaced, object 4's entry points at object 3. */
static char *
build (gint64   size,
       gboolean misplaced)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sizes.pdf", NULL);
  g_autoptr (GString) pdf = g_string_new ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  gsize offsets[G_N_ELEMENTS (objects)], xref;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  if (misplaced)
    offsets[3] = offsets[2];
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n",
                          (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %" G_GINT64_FORMAT " /Root 1 0 R >>\n"
                          "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", size, xref);
  g_file_set_contents (path, pdf->str, (gssize) pdf->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The resident memory of this process, in bytes. */
static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto (GStrv) fields = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents ("/proc/self/statm", &statm, NULL, &error);
  g_assert_no_error (error);
  fields = g_strsplit (statm, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);
  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

static void
test_check_costs_what_is_listed (void)
{
  /* Sweeping every number below /Size cost qpdf a cached null each:
   * hundreds of megabytes here, gigabytes at the billions a fuzzer
   * declared. What the table lists is four objects. */
  g_autofree char *path = build (1000000, FALSE);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autoptr (GError) error = NULL;
  gsize before;

  g_assert_cmpint (sd_pdf_document_get_trailer_size (doc), ==, 1000000);
  before = resident_bytes ();
  g_assert_true (sd_pdf_document_check_objects (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (resident_bytes (), <, before + 64 * 1024 * 1024);
  g_assert_false (sd_pdf_document_needs_repair (doc));
}

static void
test_check_finds_damage_nothing_refers_to (void)
{
  /* Opening does not read object 4; the check must, and see that its
   * entry points at another object. */
  g_autofree char *path = build (5, TRUE);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (sd_pdf_document_needs_repair (doc));
  g_assert_true (sd_pdf_document_check_objects (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_pdf_document_was_repaired (doc));
  g_assert_true (sd_pdf_document_needs_repair (doc));
}

static void
test_check_cancelled (void)
{
  g_autofree char *path = build (5, FALSE);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (sd_pdf_document_check_objects (doc, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_update_refuses_unnumberable_size (void)
{
  /* New objects are numbered from /Size: from G_MAXINT they overflowed
   * into negative numbers, and far below it readers refuse them. */
  const gint64 sizes[] = { G_MAXINT, 2000000000, 8388608 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = build (sizes[i], FALSE);
      g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
      g_autoptr (GError) error = NULL;
      SdPdfUpdate *update = sd_pdf_update_new (doc, &error);

      g_assert_null (update);
      g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED);
      g_assert_nonnull (strstr (error->message, "/Size"));
    }
}

static void
test_update_numbers_after_a_large_size (void)
{
  g_autofree char *path = build (8388607, FALSE);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SdPdfUpdate) update = sd_pdf_update_new (doc, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sd_pdf_update_add_object (update), ==, 8388607);
  g_assert_cmpint (sd_pdf_update_add_object (update), ==, 8388608);
}

/* An update of a file declaring @size objects, with @n new ones. */
static GBytes *
serialize_with (gint64   size,
                guint    n,
                GError **error)
{
  g_autofree char *path = build (size, FALSE);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autoptr (SdPdfUpdate) update = sd_pdf_update_new (doc, error);

  g_assert_nonnull (update);
  for (guint i = 0; i < n; i++)
    sd_pdf_update_set_object (update, sd_pdf_update_add_object (update), 0, "<< /New true >>");
  return sd_pdf_update_serialize (update, sd_pdf_document_get_file_size (doc), FALSE, error);
}

static void
test_update_refuses_objects_past_limit (void)
{
  g_autoptr (GBytes) last = NULL;
  g_autoptr (GBytes) past = NULL;
  g_autoptr (GError) error = NULL;

  /* Up to 8388607 objects: the last new one is object 8388606. */
  last = serialize_with (8388605, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (last);
  past = serialize_with (8388606, 2, &error);
  g_assert_null (past);
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "/Size"));
  g_assert_nonnull (strstr (error->message, "8388607"));
}

/* Signs @size's file into a new folder: TRUE, or FALSE with @error and
 * no output. */
static gboolean
sign_with_size (gint64   size,
                GError **error)
{
  g_autofree char *in = build (size, FALSE);
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "signed.pdf", NULL);
  g_autofree char *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autoptr (SdKey) key = sd_key_p12_open (p12, SD_TEST_PKI_PASSWORD, NULL);
  g_autoptr (GDir) d = NULL;
  SdSignOptions opts;
  gboolean ok;

  g_assert_nonnull (key);
  sd_sign_options_init (&opts);
  ok = sd_sign_document (in, out, key, &opts, NULL, NULL, NULL, error);
  sd_sign_options_clear (&opts);
  d = g_dir_open (dir, 0, NULL);
  if (!ok)
    g_assert_null (g_dir_read_name (d));   /* nothing written, no temporary name */
  g_unlink (out);
  g_rmdir (dir);
  return ok;
}

static void
test_sign_refuses_objects_past_limit (void)
{
  g_autoptr (GError) error = NULL;

  /* The same file far below the limit signs; at it, the signature's
   * objects would pass it. */
  g_assert_true (sign_with_size (8388000, &error));
  g_assert_no_error (error);
  g_assert_false (sign_with_size (8388607, &error));
  g_assert_error (error, SD_PDF_ERROR, SD_PDF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "8388607"));
}

void
test_pdf_add_size_tests (void)
{
  g_test_add_func ("/pdf-document/sizes/check-costs-what-is-listed",
                   test_check_costs_what_is_listed);
  g_test_add_func ("/pdf-document/sizes/check-finds-unreferenced-damage",
                   test_check_finds_damage_nothing_refers_to);
  g_test_add_func ("/pdf-document/sizes/check-cancelled", test_check_cancelled);
  g_test_add_func ("/pdf-document/sizes/update-refuses-unnumberable-size",
                   test_update_refuses_unnumberable_size);
  g_test_add_func ("/pdf-document/sizes/update-numbers-after-large-size",
                   test_update_numbers_after_a_large_size);
  g_test_add_func ("/pdf-document/sizes/update-refuses-objects-past-limit",
                   test_update_refuses_objects_past_limit);
  g_test_add_func ("/pdf-document/sizes/sign-refuses-objects-past-limit",
                   test_sign_refuses_objects_past_limit);
}
