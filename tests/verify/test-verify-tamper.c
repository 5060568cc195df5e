/* test-verify-tamper.c: signed files changed by the test itself
 *
 * Each case starts from a signed file, either signed here with the test PKI
 * ("own") or taken from the corpus ("corpus", signed/dss-pades-b-b.pdf), and
 * changes it the way an attacker or an accident would: one byte inside the
 * signed range, an incremental update that replaces page content or adds a
 * page, truncation, a /ByteRange pointing outside the file. Each must get
 * the right verdict and none may crash.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sd-pdf-document-private.h"
#include "sd-test-util.h"
#include "test-verify.h"

typedef enum { SOURCE_OWN, SOURCE_CORPUS } Source;

/* A signed file in a fresh directory, or NULL when skipped. */
static char *
signed_copy (Source source)
{
  g_autofree char *dir = sd_test_make_tmpdir ();

  if (source == SOURCE_CORPUS)
    {
      g_autofree char *src = sd_test_corpus_file ("signed/dss-pades-b-b.pdf");

      return src != NULL ? tv_copy (src, dir, "signed.pdf") : NULL;
    }
  else
    {
      g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
      char *out = g_build_filename (dir, "signed.pdf", NULL);

      tv_sign (in, out, NULL);
      return out;
    }
}

static const char *
trust_for (Source source)
{
  static char *ca;

  if (source == SOURCE_CORPUS)
    return NULL;
  if (ca == NULL)
    ca = sd_test_pki_file ("ca.pem");
  return ca;
}

/* Untouched, the source verifies: otherwise the cases prove nothing. */
static void
assert_baseline (const char *path,
                 Source      source)
{
  g_autoptr(SdVerifyReport) report = tv_verify (path, trust_for (source));

  g_assert_cmpuint (report->signatures->len, ==, 1);
  g_assert_cmpint (report->verdict, ==,
                   source == SOURCE_OWN ? SD_VERIFY_VERDICT_VALID : SD_VERIFY_VERDICT_UNTRUSTED);
}

static void
assert_cli_invalid (const char *path)
{
  const char *args[] = { "verify", path, "--no-system-trust", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (tv_cli (args, &out, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "INVALID"));
}

static const gint64 *
byte_range (SdVerifyReport *report)
{
  SdVerifySignature *sig = g_ptr_array_index (report->signatures, 0);

  g_assert_cmpint (sig->n_byte_range, ==, 4);
  return sig->byte_range;
}

static void
test_byte_changed (gconstpointer data)
{
  Source source = GPOINTER_TO_INT (data);
  g_autofree char *path = signed_copy (source);
  g_autoptr(SdVerifyReport) before = NULL;
  g_autoptr(SdVerifyReport) after = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len;
  gssize at = -1;
  SdVerifySignature *sig;

  if (path == NULL)
    return;
  assert_baseline (path, source);
  before = tv_verify (path, trust_for (source));
  bytes = tv_read (path);
  len = g_bytes_get_size (bytes);
  copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  /* A byte of stream data inside the first signed range: the structure
   * stays readable, only the signed bytes differ. */
  for (gsize i = 0; i + 9 < (gsize) byte_range (before)[1]; i++)
    if (memcmp (copy + i, "endstream", 9) == 0)
      {
        at = i - 4;
        break;
      }
  g_assert_cmpint (at, >, 0);
  copy[at] ^= 0x01;
  tv_write (path, copy, len);

  after = tv_verify (path, trust_for (source));
  sig = g_ptr_array_index (after->signatures, 0);
  g_assert_false (sig->digest_ok);
  g_assert_cmpint (sig->verdict, ==, SD_VERIFY_VERDICT_INVALID);
  g_assert_cmpint (after->verdict, ==, SD_VERIFY_VERDICT_INVALID);
  assert_cli_invalid (path);
}

typedef struct {
  int  pages_num;
  char *pages_with_new_kid;     /* the /Pages dictionary with one more page */
  int  content_num;             /* page 1's (first) content stream */
  int  size;
} Structure;

static void
read_structure (const char *path,
                Structure  *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
  qpdf_data q;
  qpdf_oh root, pages, page, contents, kids;
  GString *dict = g_string_new ("<< /Type /Pages /Kids [ ");
  int n;

  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (doc);
  s->size = sd_pdf_document_get_trailer_size (doc);
  root = qpdf_get_root (q);
  pages = qpdf_oh_get_key (q, root, "/Pages");
  s->pages_num = qpdf_oh_get_object_id (q, pages);
  kids = qpdf_oh_get_key (q, pages, "/Kids");
  n = qpdf_oh_get_array_n_items (q, kids);
  for (int i = 0; i < n; i++)
    g_string_append_printf (dict, "%s ", qpdf_oh_unparse (q, qpdf_oh_get_array_item (q, kids, i)));
  g_string_append_printf (dict, "%d 0 R ] /Count %d", s->size, n + 1);
  if (qpdf_oh_has_key (q, pages, "/MediaBox"))
    g_string_append_printf (dict, " /MediaBox %s",
                            qpdf_oh_unparse (q, qpdf_oh_get_key (q, pages, "/MediaBox")));
  if (qpdf_oh_has_key (q, pages, "/Resources"))
    g_string_append_printf (dict, " /Resources %s",
                            qpdf_oh_unparse (q, qpdf_oh_get_key (q, pages, "/Resources")));
  g_string_append (dict, " >>");
  s->pages_with_new_kid = g_string_free (dict, FALSE);

  page = qpdf_get_page_n (q, 0);
  contents = qpdf_oh_get_key (q, page, "/Contents");
  if (qpdf_oh_is_array (q, contents))
    contents = qpdf_oh_get_array_item (q, contents, 0);
  s->content_num = qpdf_oh_get_object_id (q, contents);
  g_assert_cmpint (s->content_num, >, 0);
}

static void
test_content_replaced (gconstpointer data)
{
  Source source = GPOINTER_TO_INT (data);
  g_autofree char *path = signed_copy (source);
  g_autoptr(SdVerifyReport) report = NULL;
  static const char text[] = "BT /Helvetica 24 Tf 72 700 Td (Changed after signing) Tj ET";
  g_autofree char *body = NULL;
  Structure s = { 0 };
  SdVerifySignature *sig;

  if (path == NULL)
    return;
  assert_baseline (path, source);
  read_structure (path, &s);
  body = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream", strlen (text), text);
  tv_append_update (path, (int[]) { s.content_num, 0 }, (const char *[]) { body, NULL });

  report = tv_verify (path, trust_for (source));
  sig = g_ptr_array_index (report->signatures, 0);
  g_assert_true (sig->digest_ok);                    /* the signed bytes are intact… */
  g_assert_true (sig->signature_ok);
  g_assert_cmpint (sig->coverage, ==, SD_VERIFY_COVERAGE_WHOLE_REVISION);
  g_assert_true (tv_has_change (report, SD_VERIFY_CHANGE_PAGE_CONTENT, FALSE));
  g_assert_cmpint (sig->attack, ==, SD_VERIFY_ATTACK_INCREMENTAL_SAVING);
  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_INVALID);   /* …but not what is shown */
  assert_cli_invalid (path);
  g_free (s.pages_with_new_kid);
}

static void
test_page_added (gconstpointer data)
{
  Source source = GPOINTER_TO_INT (data);
  g_autofree char *path = signed_copy (source);
  g_autoptr(SdVerifyReport) report = NULL;
  g_autofree char *page = NULL;
  Structure s = { 0 };

  int pages_before;

  if (path == NULL)
    return;
  assert_baseline (path, source);
  {
    g_autoptr(SdVerifyReport) before = tv_verify (path, trust_for (source));

    pages_before = before->n_pages;
  }
  read_structure (path, &s);
  page = g_strdup_printf ("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>", s.pages_num);
  tv_append_update (path, (int[]) { s.pages_num, s.size, 0 },
                    (const char *[]) { s.pages_with_new_kid, page, NULL });

  report = tv_verify (path, trust_for (source));
  g_assert_cmpint (report->n_pages, ==, pages_before + 1);
  g_assert_true (tv_has_change (report, SD_VERIFY_CHANGE_PAGES, FALSE));
  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_INVALID);
  assert_cli_invalid (path);
  g_free (s.pages_with_new_kid);
}

static void
test_truncated (gconstpointer data)
{
  Source source = GPOINTER_TO_INT (data);
  g_autofree char *path = signed_copy (source);
  g_autoptr(SdVerifyReport) before = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const gint64 *br;

  if (path == NULL)
    return;
  before = tv_verify (path, trust_for (source));
  br = byte_range (before);
  bytes = tv_read (path);
  /* Cut inside the second signed range, and at half the file. */
  for (int cut = 0; cut < 2; cut++)
    {
      gsize len = cut == 0 ? (gsize) (br[2] + br[3] / 2) : g_bytes_get_size (bytes) / 2;
      g_autoptr(GError) error = NULL;
      g_autoptr(SdVerifyReport) report = NULL;
      const char *args[] = { "verify", path, "--no-system-trust", NULL };
      int status;

      tv_write (path, g_bytes_get_data (bytes, NULL), len);
      report = tv_verify_full (path, trust_for (source), &error);
      status = tv_cli (args, NULL, NULL);
      if (report != NULL)
        {
          g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_INVALID);
          g_assert_cmpint (status, ==, 1);
        }
      else
        {
          /* Too broken to read at all: an error, exit status 2. */
          g_assert_nonnull (error);
          g_assert_cmpint (status, ==, 2);
        }
    }
}

static void
test_byte_range_outside (gconstpointer data)
{
  Source source = GPOINTER_TO_INT (data);
  g_autofree char *path = signed_copy (source);
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *wanted = NULL;
  SdVerifySignature *sig;
  gsize len;
  char *at, *open_b, *close_b, *end;
  gint64 br[4];

  if (path == NULL)
    return;
  bytes = tv_read (path);
  len = g_bytes_get_size (bytes);
  copy = g_malloc0 (len + 1);                   /* binary: not g_strndup */
  memcpy (copy, g_bytes_get_data (bytes, NULL), len);
  /* The last /ByteRange, rewritten in place to end 1 MB past the file. */
  at = NULL;
  for (gsize i = 0; i + 10 <= len; i++)
    if (memcmp (copy + i, "/ByteRange", 10) == 0)
      at = copy + i;
  g_assert_nonnull (at);
  open_b = strchr (at, '[');
  close_b = strchr (at, ']');
  g_assert_nonnull (open_b);
  g_assert_nonnull (close_b);
  g_assert_cmpint (sscanf (open_b + 1, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                           " %" G_GINT64_FORMAT, &br[0], &br[1], &br[2], &br[3]), ==, 4);
  for (end = close_b + 1; *end == ' '; end++)
    ;
  wanted = g_strdup_printf ("[%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                            " %" G_GINT64_FORMAT "]", br[0], br[1], br[2], br[3] + 1000000);
  /* Signers pad the /ByteRange with spaces; the larger number fits there. */
  g_assert_cmpuint (strlen (wanted), <=, end - open_b);
  memset (open_b, ' ', end - open_b);
  memcpy (open_b, wanted, strlen (wanted));
  tv_write (path, copy, len);

  report = tv_verify (path, trust_for (source));
  sig = g_ptr_array_index (report->signatures, 0);
  g_assert_cmpint (sig->verdict, ==, SD_VERIFY_VERDICT_INVALID);
  g_assert_false (sig->digest_ok);
  g_assert_cmpint (sig->coverage, ==, SD_VERIFY_COVERAGE_PARTIAL);
  g_assert_cmpuint (sig->reasons->len, >, 0);
  g_assert_nonnull (strstr (g_ptr_array_index (sig->reasons, 0), "past the end"));
  assert_cli_invalid (path);
}

/* The signature dictionary rewritten by a later update with another
 * /Reason: same ByteRange, same signature value (dictionary spoofing). */
static void
test_sigdict_changed (gconstpointer data)
{
  Source source = GPOINTER_TO_INT (data);
  g_autofree char *path = signed_copy (source);
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  int num = 0;
  SdVerifySignature *sig;

  if (path == NULL)
    return;
  {
    g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
    GPtrArray *fields;
    const SdPdfSignatureField *field;
    qpdf_data q;
    const char *text;

    g_assert_no_error (error);
    fields = sd_pdf_document_get_signature_fields (doc);
    g_assert_cmpuint (fields->len, >, 0);
    field = g_ptr_array_index (fields, 0);
    num = field->value_obj_num;
    g_assert_cmpint (num, >, 0);
    q = sd_pdf_document_get_qpdf (doc);
    text = qpdf_oh_unparse_resolved (q, qpdf_get_object_by_id (q, num, 0));
    g_assert_true (g_str_has_suffix (text, ">>"));
    /* Last, so that it wins over a /Reason already there. */
    body = g_strdup_printf ("%.*s /Reason (Forged after signing) >>", (int) strlen (text) - 2, text);
  }
  tv_append_update (path, (int[]) { num, 0 }, (const char *[]) { body, NULL });

  report = tv_verify (path, trust_for (source));
  sig = g_ptr_array_index (report->signatures, 0);
  g_assert_cmpint (sig->attack, ==, SD_VERIFY_ATTACK_SIGDICT_SPOOFING);
  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_INVALID);
  assert_cli_invalid (path);
}

/* A signed form (corpus structure/acroform-libreoffice-form.pdf, signed
 * here), then filled in: a value with its new appearance is allowed; a new
 * appearance without a new value is a shadow "replace"; a checkbox checked
 * is form filling. */
typedef enum { FORM_FILL_TEXT, FORM_REPLACE_APPEARANCE, FORM_CHECK_BOX } FormEdit;

static char *
object_text (const char *path,
             int         num)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
  qpdf_data q;
  const char *text;

  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (doc);
  text = qpdf_oh_unparse_resolved (q, qpdf_get_object_by_id (q, num, 0));
  g_assert_true (g_str_has_suffix (text, ">>"));
  return g_strndup (text, strlen (text) - 2);          /* without the final ">>" */
}

static void
test_form (gconstpointer data)
{
  FormEdit edit = GPOINTER_TO_INT (data);
  g_autofree char *src = sd_test_corpus_file ("structure/acroform-libreoffice-form.pdf");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autoptr(SdVerifyReport) report = NULL;
  static const char ap[] = "/Tx BMC BT /F3 11 Tf 2 2 Td (Someone else) Tj ET EMC";
  g_autofree char *stream = g_strdup_printf ("<< /Type /XObject /Subtype /Form /BBox [0 0 84 8] "
                                             "/Length %zu >>\nstream\n%s\nendstream",
                                             strlen (ap), ap);
  g_autofree char *field = NULL;
  Structure s = { 0 };

  if (src == NULL)
    return;
  dir = sd_test_make_tmpdir ();
  path = g_build_filename (dir, "form.pdf", NULL);
  tv_sign (src, path, NULL);
  read_structure (path, &s);
  switch (edit)
    {
    case FORM_FILL_TEXT:
    case FORM_REPLACE_APPEARANCE:
      {
        /* Object 4: the merged field and widget "First Name". */
        g_autofree char *old = object_text (path, 4);

        field = g_strdup_printf ("%s%s /AP << /N %d 0 R >> >>", old,
                                 edit == FORM_FILL_TEXT ? " /V (Someone else)" : "", s.size);
        tv_append_update (path, (int[]) { 4, s.size, 0 }, (const char *[]) { field, stream, NULL });
      }
      break;
    case FORM_CHECK_BOX:
    default:
      {
        /* Object 11: a check box with /Off and /Yes appearances. */
        g_autofree char *old = object_text (path, 11);

        field = g_strdup_printf ("%s /V /Yes /AS /Yes >>", old);
        tv_append_update (path, (int[]) { 11, 0 }, (const char *[]) { field, NULL });
      }
      break;
    }

  report = tv_verify (path, ca);
  if (edit == FORM_REPLACE_APPEARANCE)
    {
      g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_INVALID);
      g_assert_true (tv_has_attack (report, SD_VERIFY_ATTACK_SHADOW_REPLACE));
      assert_cli_invalid (path);
    }
  else
    {
      g_assert_true (tv_has_change (report, SD_VERIFY_CHANGE_FORM_FILL, TRUE));
      g_assert_false (tv_has_change (report, SD_VERIFY_CHANGE_FORM_FILL, FALSE));
      g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_VALID);
    }
  g_free (s.pages_with_new_kid);
}

void
tv_register_tamper_tests (void)
{
  static const struct {
    const char *name;
    GTestDataFunc func;
  } cases[] = {
    { "byte-changed", test_byte_changed },
    { "content-replaced", test_content_replaced },
    { "page-added", test_page_added },
    { "truncated", test_truncated },
    { "byte-range-outside", test_byte_range_outside },
    { "sigdict-changed", test_sigdict_changed },
  };

  g_test_add_data_func ("/verify/tamper/form/fill-text", GINT_TO_POINTER (FORM_FILL_TEXT), test_form);
  g_test_add_data_func ("/verify/tamper/form/replace-appearance",
                        GINT_TO_POINTER (FORM_REPLACE_APPEARANCE), test_form);
  g_test_add_data_func ("/verify/tamper/form/check-box", GINT_TO_POINTER (FORM_CHECK_BOX), test_form);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int source = SOURCE_OWN; source <= SOURCE_CORPUS; source++)
      {
        g_autofree char *path = g_strdup_printf ("/verify/tamper/%s/%s",
                                                 source == SOURCE_OWN ? "own" : "corpus",
                                                 cases[i].name);

        g_test_add_data_func (path, GINT_TO_POINTER (source), cases[i].func);
      }
}
