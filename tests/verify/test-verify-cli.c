/* test-verify-cli.c: `sealdesk-cli verify` and the core API on our own files
 *
 * Files are signed here with `sealdesk-cli sign` and the test PKI: they
 * verify with --trust ca.pem (exit 0), are "untrusted" without it (exit 1,
 * reason stated), stay valid when a second signature is appended. Exit
 * codes and the JSON contract of DESIGN.md, the PDF report, the trust list
 * in the data directory, cancellation and use from several threads.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sd-test-util.h"
#include "test-verify.h"

static char *
own_signed (const char *dir)
{
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  char *out = g_build_filename (dir, "signed.pdf", NULL);

  tv_sign (in, out, NULL);
  return out;
}

static JsonObject *
parse_json (const char  *text,
            JsonParser **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = json_parser_new ();
  json_parser_load_from_data (*keep, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (*keep)));
  return json_node_get_object (json_parser_get_root (*keep));
}

static void
assert_member (JsonObject *o,
               const char *name,
               GType       type)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    g_error ("JSON member “%s” is missing", name);
  if (type == G_TYPE_NONE)
    return;                                        /* may be null */
  if (type == JSON_TYPE_ARRAY)
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  else if (type == JSON_TYPE_OBJECT)
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  else
    g_assert_cmpuint (json_node_get_value_type (node), ==, type);
}

static void
test_json_contract (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = own_signed (dir);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  const char *args[] = { "verify", path, "--trust", ca, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root, *sig, *signer;
  JsonArray *sigs;

  g_assert_cmpint (tv_cli (args, &out, NULL), ==, 0);
  root = parse_json (out, &parser);
  assert_member (root, "file", G_TYPE_STRING);
  assert_member (root, "sha256", G_TYPE_STRING);
  assert_member (root, "verdict", G_TYPE_STRING);
  assert_member (root, "signatures", JSON_TYPE_ARRAY);
  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, "valid");
  g_assert_cmpuint (strlen (json_object_get_string_member (root, "sha256")), ==, 64);
  {
    g_autofree char *sha = sd_test_sha256_file (path);

    g_assert_cmpstr (json_object_get_string_member (root, "sha256"), ==, sha);
  }

  sigs = json_object_get_array_member (root, "signatures");
  g_assert_cmpuint (json_array_get_length (sigs), ==, 1);
  sig = json_array_get_object_element (sigs, 0);
  assert_member (sig, "field", G_TYPE_STRING);
  assert_member (sig, "revision", G_TYPE_INT64);
  assert_member (sig, "subfilter", G_TYPE_STRING);
  assert_member (sig, "signer", JSON_TYPE_OBJECT);
  assert_member (sig, "claimed_time", G_TYPE_NONE);
  assert_member (sig, "timestamp_time", G_TYPE_NONE);
  assert_member (sig, "level", G_TYPE_STRING);
  assert_member (sig, "coverage", G_TYPE_STRING);
  assert_member (sig, "digest_ok", G_TYPE_BOOLEAN);
  assert_member (sig, "signature_ok", G_TYPE_BOOLEAN);
  assert_member (sig, "trust", G_TYPE_STRING);
  assert_member (sig, "changes_after", JSON_TYPE_ARRAY);
  assert_member (sig, "attack", G_TYPE_NONE);
  assert_member (sig, "verdict", G_TYPE_STRING);
  assert_member (sig, "reasons", JSON_TYPE_ARRAY);
  g_assert_true (json_object_get_null_member (sig, "attack"));
  g_assert_cmpint (json_object_get_int_member (sig, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (sig, "level"), ==, "B-B");
  g_assert_cmpstr (json_object_get_string_member (sig, "coverage"), ==, "whole-file");
  g_assert_cmpstr (json_object_get_string_member (sig, "trust"), ==, "trusted");
  g_assert_cmpstr (json_object_get_string_member (sig, "verdict"), ==, "valid");
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$",
                                       json_object_get_string_member (sig, "claimed_time"), 0, 0));
  signer = json_object_get_object_member (sig, "signer");
  assert_member (signer, "subject", G_TYPE_STRING);
  assert_member (signer, "issuer", G_TYPE_STRING);
  assert_member (signer, "serial", G_TYPE_STRING);
  g_assert_nonnull (strstr (json_object_get_string_member (signer, "subject"), "CN="));
}

static void
test_untrusted_without_anchor (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = own_signed (dir);
  const char *args[] = { "verify", path, "--no-system-trust", "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root, *sig;

  g_assert_cmpint (tv_cli (args, &out, NULL), ==, 1);
  root = parse_json (out, &parser);
  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, "untrusted");
  sig = json_array_get_object_element (json_object_get_array_member (root, "signatures"), 0);
  g_assert_cmpstr (json_object_get_string_member (sig, "trust"), ==, "untrusted");
  g_assert_true (json_object_get_boolean_member (sig, "digest_ok"));
  g_assert_true (json_object_get_boolean_member (sig, "signature_ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sig, "reasons")), >, 0);
}

static void
test_wrong_anchor (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = own_signed (dir);
  g_autofree char *other = sd_test_pki_file ("other-ca.pem");
  g_autoptr(SdVerifyReport) report = tv_verify (path, other);

  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_UNTRUSTED);
}

static void
test_second_signature_allowed (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *first = own_signed (dir);
  g_autofree char *second = g_build_filename (dir, "twice.pdf", NULL);
  g_autofree char *p12 = sd_test_pki_file ("ec-p256.p12");
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  const char *args[] = { "verify", second, "--trust", ca, NULL };
  g_autoptr(SdVerifyReport) report = NULL;
  SdVerifySignature *sig;

  tv_sign (first, second, p12);
  report = tv_verify (second, ca);
  g_assert_cmpuint (report->signatures->len, ==, 2);
  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_VALID);
  sig = g_ptr_array_index (report->signatures, 0);
  g_assert_cmpint (sig->coverage, ==, SD_VERIFY_COVERAGE_WHOLE_REVISION);
  g_assert_true (tv_has_change (report, SD_VERIFY_CHANGE_SIGNATURE, TRUE));
  g_assert_false (tv_has_change (report, SD_VERIFY_CHANGE_SIGNATURE, FALSE));
  g_assert_cmpint (tv_cli (args, NULL, NULL), ==, 0);
}

/* Another producer's signature after ours (poppler's pdfsig, with the
 * key in an NSS database of the test's own): the one way to get what our
 * signer refuses to write. FALSE (test skipped) without the tools. */
static gboolean
pdfsig_sign (const char *dir,
             const char *in,
             const char *out)
{
  g_autofree char *db = g_build_filename (dir, "nssdb", NULL);
  g_autofree char *sql = g_strconcat ("sql:", db, NULL);
  g_autofree char *p12 = g_build_filename (dir, "nss.p12", NULL);
  g_autofree char *key = sd_test_pki_file ("rsa2048.key.pem");
  g_autofree char *cert = sd_test_pki_file ("rsa2048.cert.pem");

  if (!sd_test_require_program ("pdfsig") || !sd_test_require_program ("certutil")
      || !sd_test_require_program ("pk12util"))
    return FALSE;
  g_assert_cmpint (g_mkdir_with_parents (db, 0700), ==, 0);
  g_assert_cmpint (sd_test_run ((const char *[]) { "openssl", "pkcs12", "-export", "-name", "tv", "-inkey", key,
                                                   "-in", cert, "-out", p12, "-passout", "pass:tv", NULL },
                                NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (sd_test_run ((const char *[]) { "certutil", "-N", "-d", sql, "--empty-password", NULL },
                                NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (sd_test_run ((const char *[]) { "pk12util", "-i", p12, "-d", sql, "-W", "tv", NULL },
                                NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (sd_test_run ((const char *[]) { "pdfsig", "-add-signature", "-nssdir", sql, "-nick", "tv",
                                                   "-new-signature-field-name", "Later", in, out, NULL },
                                NULL, NULL, NULL), ==, 0);
  return TRUE;
}

/* Certification: level 1 forbids a later signature (our signer refuses
 * it; written by another producer, the verifier says invalid), levels 2
 * and 3 allow it. */
static void
test_certification (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *p12 = sd_test_pki_file ("ec-p256.p12");
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  static const struct {
    const char *level;
    int docmdp;
    SdVerifyVerdict verdict;
  } cases[] = {
    { "no-changes", 1, SD_VERIFY_VERDICT_INVALID },
    { "form-fill", 2, SD_VERIFY_VERDICT_VALID },
    { "annotate", 3, SD_VERIFY_VERDICT_VALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *certified = g_build_filename (dir, "certified.pdf", NULL);
      g_autofree char *twice = g_build_filename (dir, "twice.pdf", NULL);
      const char *extra[] = { "--certify", cases[i].level, NULL };
      g_autoptr(SdVerifyReport) once = NULL;
      g_autoptr(SdVerifyReport) report = NULL;
      SdVerifySignature *first;

      tv_sign_full (in, certified, NULL, extra);
      once = tv_verify (certified, ca);
      g_assert_cmpint (once->verdict, ==, SD_VERIFY_VERDICT_VALID);
      if (cases[i].docmdp == 1)
        {
          g_autofree char *cli = sd_test_built_program ("src/cli/sealdesk-cli");
          g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "TV_PIN", SD_TEST_PKI_PASSWORD, TRUE);
          g_autofree char *err = NULL;

          g_assert_cmpint (sd_test_run ((const char *[]) { cli, "sign", certified, "-o", twice, "--p12", p12,
                                                           "--pin-env", "TV_PIN", NULL },
                                        (const char * const *) envp, NULL, &err), ==, 2);
          g_assert_nonnull (strstr (err, "certified with no changes allowed"));
          g_assert_false (g_file_test (twice, G_FILE_TEST_EXISTS));
          if (!pdfsig_sign (dir, certified, twice))
            return;
        }
      else
        tv_sign (certified, twice, p12);
      report = tv_verify (twice, ca);
      first = g_ptr_array_index (report->signatures, 0);
      g_assert_cmpint (first->docmdp, ==, cases[i].docmdp);
      g_assert_cmpint (report->verdict, ==, cases[i].verdict);
      g_assert_true (tv_has_change (report, SD_VERIFY_CHANGE_SIGNATURE,
                                    cases[i].verdict == SD_VERIFY_VERDICT_VALID));
    }
}

/* Keys that should not have signed: the signature is intact, but it does
 * not vouch for the document, and the report says why. */
static void
test_unsuitable_certificates (void)
{
  static const char * const keys[] = { "expired", "not-yet-valid", "no-digital-signature" };
  static const char * const words[] = { "expired", "not yet valid", "key usage" };
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  const char *extra[] = { "--allow-invalid-certificate", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.p12", keys[i]);
      g_autofree char *p12 = sd_test_pki_file (name);
      g_autofree char *out = g_build_filename (dir, name, NULL);
      g_autoptr(SdVerifyReport) report = NULL;
      SdVerifySignature *sig;
      gboolean said = FALSE;

      tv_sign_full (in, out, p12, extra);
      report = tv_verify (out, ca);
      sig = g_ptr_array_index (report->signatures, 0);
      g_assert_true (sig->digest_ok && sig->signature_ok);
      g_assert_false (sig->trusted);
      g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_UNTRUSTED);
      for (guint j = 0; j < sig->reasons->len; j++)
        said |= strstr (g_ptr_array_index (sig->reasons, j), words[i]) != NULL;
      g_assert_true (said);
    }
}

static void
test_trust_list_in_data_dir (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = own_signed (dir);
  g_autofree char *home = sd_test_make_tmpdir ();
  g_autofree char *trust_dir = g_build_filename (home, "trust", NULL);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autofree char *cli = sd_test_built_program ("src/cli/sealdesk-cli");
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SEALDESK_HOME", home, TRUE);
  const char *argv[] = { cli, "verify", path, "--no-system-trust", NULL };

  g_assert_cmpint (sd_test_run (argv, (const char * const *) envp, NULL, NULL), ==, 1);
  g_assert_cmpint (g_mkdir_with_parents (trust_dir, 0700), ==, 0);
  g_free (tv_copy (ca, trust_dir, "test-ca.pem"));
  g_assert_cmpint (sd_test_run (argv, (const char * const *) envp, NULL, NULL), ==, 0);
}

static void
assert_exit_2 (const char * const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (tv_cli (args, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "sealdesk-cli: "));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);   /* one line */
}

static void
test_exit_2 (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pdf", NULL);
  g_autofree char *broken = sd_test_fixture_file ("damaged-truncated.pdf");
  g_autofree char *good = sd_test_fixture_file ("xref-table.pdf");

  tv_write (text, "just some text\n", 15);
  assert_exit_2 ((const char *[]) { "verify", text, NULL });
  assert_exit_2 ((const char *[]) { "verify", missing, NULL });
  assert_exit_2 ((const char *[]) { "verify", broken, NULL });
  assert_exit_2 ((const char *[]) { "verify", NULL });
  assert_exit_2 ((const char *[]) { "verify", good, good, NULL });
  assert_exit_2 ((const char *[]) { "verify", good, "--no-such-option", NULL });
  assert_exit_2 ((const char *[]) { "verify", good, "--trust", missing, NULL });
  assert_exit_2 ((const char *[]) { "verify", good, "--trust", text, NULL });
}

static void
test_unsigned (void)
{
  g_autofree char *path = sd_test_fixture_file ("xref-table.pdf");
  const char *args[] = { "verify", path, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;

  g_assert_cmpint (tv_cli (args, &out, NULL), ==, 1);
  root = parse_json (out, &parser);
  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, "unsigned");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "signatures")), ==, 0);
}

static void
test_password (void)
{
  g_autofree char *path = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_autofree char *cli = sd_test_built_program ("src/cli/sealdesk-cli");
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "TV_DOC_PW", "user", TRUE);
  const char *without[] = { cli, "verify", path, NULL };
  const char *with[] = { cli, "verify", path, "--password-env", "TV_DOC_PW", "--json", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (sd_test_run (without, NULL, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--password-env"));
  g_assert_cmpint (sd_test_run (with, (const char * const *) envp, &out, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "\"unsigned\""));
}

static void
test_text_and_report (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = own_signed (dir);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autofree char *report = g_build_filename (dir, "report.pdf", NULL);
  const char *args[] = { "verify", path, "--trust", ca, "--report", report, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_cmpint (tv_cli (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Signature 1 of 1"));
  g_assert_nonnull (strstr (out, "Document verdict: VALID"));
  g_assert_true (g_file_test (report, G_FILE_TEST_IS_REGULAR));
  /* Written atomically: no temporary file left beside it. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_null (strstr (name, ".tmp"));

  if (sd_test_require_program ("pdftotext"))
    {
      const char *argv[] = { "pdftotext", report, "-", NULL };
      g_autofree char *text = NULL;
      g_autofree char *sha = sd_test_sha256_file (path);

      g_assert_cmpint (sd_test_run (argv, NULL, &text, NULL), ==, 0);
      g_assert_nonnull (strstr (text, "Verification report"));
      g_assert_nonnull (strstr (text, "signed.pdf"));
      g_assert_nonnull (strstr (text, sha));
    }
}

static void
test_cancelled (void)
{
  g_autofree char *path = sd_test_fixture_file ("many-pages.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  SdVerifyOptions opts = { .no_system_trust = TRUE };

  g_cancellable_cancel (cancellable);
  report = sd_verify_document (path, NULL, &opts, NULL, NULL, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

typedef struct {
  const char      *path;
  SdVerifyOptions *opts;
} ThreadJob;

static gpointer
verify_in_thread (gpointer data)
{
  ThreadJob *job = data;

  return sd_verify_document (job->path, NULL, job->opts, NULL, NULL, NULL, NULL);
}

static void
test_threads_and_progress (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = own_signed (dir);
  GThread *threads[4];
  SdVerifyOptions opts = { .no_system_trust = TRUE, .data_dir = dir };
  g_autoptr(SdVerifyReport) report = NULL;
  double last = 0;

  report = sd_verify_document (path, NULL, &opts, on_progress, &last, NULL, NULL);
  g_assert_nonnull (report);
  g_assert_cmpfloat (last, ==, 1.0);

  ThreadJob job = { path, &opts };

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("verify", verify_in_thread, &job);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(SdVerifyReport) other = g_thread_join (threads[i]);

      g_assert_nonnull (other);
      g_assert_cmpstr (other->sha256, ==, report->sha256);
      g_assert_cmpint (other->verdict, ==, report->verdict);
    }
}

void
tv_register_cli_tests (void)
{
  g_test_add_func ("/verify/own/json-contract", test_json_contract);
  g_test_add_func ("/verify/own/untrusted-without-anchor", test_untrusted_without_anchor);
  g_test_add_func ("/verify/own/wrong-anchor", test_wrong_anchor);
  g_test_add_func ("/verify/own/second-signature-allowed", test_second_signature_allowed);
  g_test_add_func ("/verify/own/certification", test_certification);
  g_test_add_func ("/verify/own/unsuitable-certificates", test_unsuitable_certificates);
  g_test_add_func ("/verify/own/trust-list-in-data-dir", test_trust_list_in_data_dir);
  g_test_add_func ("/verify/own/text-and-pdf-report", test_text_and_report);
  g_test_add_func ("/verify/cli/exit-2", test_exit_2);
  g_test_add_func ("/verify/cli/unsigned", test_unsigned);
  g_test_add_func ("/verify/cli/password", test_password);
  g_test_add_func ("/verify/api/cancelled", test_cancelled);
  g_test_add_func ("/verify/api/threads-and-progress", test_threads_and_progress);
}
