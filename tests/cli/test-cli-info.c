/* test-cli-info.c: the built `sealdesk-cli` program, its global options and
 * the `info` command, run as a script would run it
 *
 * Over the generated fixtures and every file of the public corpus'
 * structure/ folder (skipped when the corpus is absent): page counts match
 * pdfinfo's, JSON has its documented keys, bad input gives exit 2 and one
 * line on stderr with nothing on stdout, and nothing ever crashes.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sd-test-util.h"

#define PASSWORD_VAR "SD_TEST_DOCUMENT_PASSWORD"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs sealdesk-cli with @args (NULL-terminated); @password, when not NULL,
 * goes into the environment variable PASSWORD_VAR. */
static void
run_cli (Run                *run,
         const char         *password,
         const char * const *args)
{
  g_autofree char *program = sd_test_built_program ("src/cli/sealdesk-cli");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_unsetenv (envp, PASSWORD_VAR);
  if (password != NULL)
    envp = g_environ_setenv (envp, PASSWORD_VAR, password, TRUE);

  run->status = sd_test_run ((const char * const *) argv->pdata,
                             (const char * const *) envp,
                             &run->out, &run->err);
  g_assert_nonnull (run->out);
  g_assert_nonnull (run->err);
}

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* Exit 2, nothing on stdout, one line "sealdesk-cli: …" on stderr. */
static void
assert_usage_failure (const Run  *run,
                      const char *in_message)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "sealdesk-cli: "));
  /* Exactly one line. */
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (in_message != NULL)
    g_assert_nonnull (strstr (run->err, in_message));
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* `info --json` for @path, which must succeed. */
static JsonObject *
info_json (const char *path,
           const char *password)
{
  g_auto (Run) run = { 0 };

  if (password != NULL)
    run_cli (&run, password, ARGS ("info", "--json", "--password-env",
                                   PASSWORD_VAR, path));
  else
    run_cli (&run, NULL, ARGS ("info", "--json", path));
  g_test_message ("%s: exit %d, stderr: %s", path, run.status, run.err);
  g_assert_cmpint (run.status, ==, 0);
  /* qpdf's own warnings never reach the terminal. */
  g_assert_cmpstr (run.err, ==, "");
  return parse_json (run.out);
}

static void
assert_member_type (JsonObject *object,
                    const char *name,
                    GType       type,
                    gboolean    nullable)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return;
  if (type == JSON_TYPE_ARRAY)
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  else
    g_assert_cmpuint (json_node_get_value_type (node), ==, type);
}

/* Every documented key with its type, and values consistent with @path. */
static void
assert_info_shape (JsonObject *info,
                   const char *path)
{
  g_autofree char *sha256 = sd_test_sha256_file (path);
  GStatBuf st;
  JsonArray *sizes, *fields;
  gint64 n_signed = 0;

  assert_member_type (info, "file", G_TYPE_STRING, FALSE);
  assert_member_type (info, "sha256", G_TYPE_STRING, FALSE);
  assert_member_type (info, "size", G_TYPE_INT64, FALSE);
  assert_member_type (info, "version", G_TYPE_STRING, FALSE);
  assert_member_type (info, "pages", G_TYPE_INT64, FALSE);
  assert_member_type (info, "page_sizes", JSON_TYPE_ARRAY, FALSE);
  assert_member_type (info, "producer", G_TYPE_STRING, TRUE);
  assert_member_type (info, "creator", G_TYPE_STRING, TRUE);
  assert_member_type (info, "title", G_TYPE_STRING, TRUE);
  assert_member_type (info, "encrypted", G_TYPE_BOOLEAN, FALSE);
  assert_member_type (info, "encryption", G_TYPE_STRING, TRUE);
  assert_member_type (info, "xref", G_TYPE_STRING, FALSE);
  assert_member_type (info, "linearized", G_TYPE_BOOLEAN, FALSE);
  assert_member_type (info, "revisions", G_TYPE_INT64, FALSE);
  assert_member_type (info, "signature_fields", JSON_TYPE_ARRAY, FALSE);
  assert_member_type (info, "signatures", G_TYPE_INT64, FALSE);
  assert_member_type (info, "repaired", G_TYPE_BOOLEAN, FALSE);
  assert_member_type (info, "warnings", JSON_TYPE_ARRAY, FALSE);

  g_assert_cmpstr (json_object_get_string_member (info, "file"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (info, "sha256"), ==, sha256);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (json_object_get_int_member (info, "size"), ==, st.st_size);
  g_assert_true (g_strv_contains ((const char *[]) { "table", "stream",
                                                     "hybrid", NULL },
                                  json_object_get_string_member (info, "xref")));
  g_assert_cmpint (json_object_get_int_member (info, "revisions"), >=, 1);
  g_assert_cmpint (json_object_get_boolean_member (info, "encrypted"), ==,
                   !json_object_get_null_member (info, "encryption"));

  sizes = json_object_get_array_member (info, "page_sizes");
  g_assert_cmpint (json_array_get_length (sizes), ==,
                   json_object_get_int_member (info, "pages"));
  for (guint i = 0; i < json_array_get_length (sizes); i++)
    {
      JsonObject *page = json_array_get_object_element (sizes, i);

      g_assert_cmpint (json_object_get_int_member (page, "page"), ==, i + 1);
      g_assert_cmpfloat (json_object_get_double_member (page, "width"), >, 0);
      g_assert_cmpfloat (json_object_get_double_member (page, "height"), >, 0);
      g_assert_cmpint (json_object_get_int_member (page, "rotate") % 90, ==, 0);
    }

  fields = json_object_get_array_member (info, "signature_fields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      assert_member_type (field, "name", G_TYPE_STRING, FALSE);
      assert_member_type (field, "page", G_TYPE_INT64, FALSE);
      assert_member_type (field, "signed", G_TYPE_BOOLEAN, FALSE);
      assert_member_type (field, "subfilter", G_TYPE_STRING, TRUE);
      n_signed += json_object_get_boolean_member (field, "signed");
    }
  g_assert_cmpint (json_object_get_int_member (info, "signatures"), ==,
                   n_signed);
}

static void
test_global_options (void)
{
  g_auto (Run) help = { 0 };
  g_auto (Run) version = { 0 };
  g_auto (Run) nothing = { 0 };
  g_auto (Run) info_help = { 0 };
  g_auto (Run) unknown = { 0 };
  g_auto (Run) bad_option = { 0 };

  run_cli (&help, NULL, ARGS ("--help"));
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Usage:"));
  g_assert_nonnull (strstr (help.out, "Commands:"));
  g_assert_nonnull (strstr (help.out, "  info  "));
  g_assert_nonnull (strstr (help.out, "Show the structure of a PDF document"));
  g_assert_nonnull (strstr (help.out, "--version"));

  run_cli (&version, NULL, ARGS ("--version"));
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "sealdesk-cli 0.1.0\n");

  /* No command: the help, on stderr, and a usage error. */
  run_cli (&nothing, NULL, ARGS (NULL));
  g_assert_cmpint (nothing.status, ==, 2);
  g_assert_cmpstr (nothing.out, ==, "");
  g_assert_nonnull (strstr (nothing.err, "Commands:"));

  run_cli (&info_help, NULL, ARGS ("info", "--help"));
  g_assert_cmpint (info_help.status, ==, 0);
  g_assert_nonnull (strstr (info_help.out, "sealdesk-cli info"));
  g_assert_nonnull (strstr (info_help.out, "--json"));
  g_assert_nonnull (strstr (info_help.out, "--password-env=VAR"));

  run_cli (&unknown, NULL, ARGS ("frobnicate"));
  assert_usage_failure (&unknown, "frobnicate");
  run_cli (&bad_option, NULL, ARGS ("info", "--frobnicate", "x.pdf"));
  assert_usage_failure (&bad_option, "--frobnicate");
}

static void
test_bad_input (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.pdf", NULL);
  g_autofree char *not_pdf = sd_test_fixture_file ("not-a-pdf.pdf");
  g_autofree char *damaged = sd_test_fixture_file ("damaged-truncated.pdf");
  g_autofree char *encrypted = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_auto (Run) run = { 0 };

  run_cli (&run, NULL, ARGS ("info", missing));
  assert_usage_failure (&run, "missing.pdf");
  run_clear (&run);

  run_cli (&run, NULL, ARGS ("info", "--json", not_pdf));
  assert_usage_failure (&run, "is not a PDF document");
  run_clear (&run);

  run_cli (&run, NULL, ARGS ("info", dir));
  assert_usage_failure (&run, NULL);
  run_clear (&run);

  run_cli (&run, NULL, ARGS ("info", "--json", damaged));
  assert_usage_failure (&run, "damaged");
  run_clear (&run);

  run_cli (&run, NULL, ARGS ("info", "--json", encrypted));
  assert_usage_failure (&run, "password");
  run_clear (&run);

  run_cli (&run, "wrong", ARGS ("info", "--json", "--password-env",
                                PASSWORD_VAR, encrypted));
  assert_usage_failure (&run, "password");
  run_clear (&run);

  /* The variable named is not set. */
  run_cli (&run, NULL, ARGS ("info", "--password-env", PASSWORD_VAR,
                             encrypted));
  assert_usage_failure (&run, PASSWORD_VAR);
  run_clear (&run);

  run_cli (&run, NULL, ARGS ("info"));
  assert_usage_failure (&run, NULL);
  run_clear (&run);

  run_cli (&run, NULL, ARGS ("info", not_pdf, damaged));
  assert_usage_failure (&run, NULL);
}

/* Every generated fixture: the page count of FIXTURES.tsv, or exit 2. */
static void
test_fixtures (void)
{
  g_autofree char *manifest = sd_test_fixture_file ("FIXTURES.tsv");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (manifest, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *path = sd_test_fixture_file (cols[0]);
      const char *password = cols[3][0] != '\0' ? cols[3] : NULL;
      g_autoptr (JsonObject) info = NULL;
      g_auto (Run) run = { 0 };

      if (g_str_equal (cols[1], "0"))
        {
          run_cli (&run, NULL, ARGS ("info", "--json", path));
          assert_usage_failure (&run, cols[0]);
          continue;
        }
      info = info_json (path, password);
      assert_info_shape (info, path);
      g_assert_cmpint (json_object_get_int_member (info, "pages"), ==,
                       g_ascii_strtoll (cols[1], NULL, 10));
      g_assert_false (json_object_get_boolean_member (info, "repaired"));
    }
}

static void
test_fixture_details (void)
{
  g_autofree char *rotated = sd_test_fixture_file ("rotated.pdf");
  g_autofree char *linearized = sd_test_fixture_file ("linearized.pdf");
  g_autofree char *hybrid = sd_test_fixture_file ("hybrid.pdf");
  g_autofree char *incremental = sd_test_fixture_file ("incremental.pdf");
  g_autofree char *encrypted = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_autoptr (JsonObject) info = NULL;
  JsonArray *sizes;

  info = info_json (rotated, NULL);
  sizes = json_object_get_array_member (info, "page_sizes");
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *page = json_array_get_object_element (sizes, i);
      gboolean turned = i % 2 == 1;

      g_assert_cmpint (json_object_get_int_member (page, "rotate"), ==, i * 90);
      g_assert_cmpfloat (json_object_get_double_member (page, "width"), ==,
                         turned ? 842 : 595);
      g_assert_cmpfloat (json_object_get_double_member (page, "height"), ==,
                         turned ? 595 : 842);
    }
  g_clear_pointer (&info, json_object_unref);

  info = info_json (linearized, NULL);
  g_assert_true (json_object_get_boolean_member (info, "linearized"));
  g_assert_cmpint (json_object_get_int_member (info, "revisions"), ==, 1);
  g_clear_pointer (&info, json_object_unref);

  info = info_json (hybrid, NULL);
  g_assert_cmpstr (json_object_get_string_member (info, "xref"), ==, "hybrid");
  g_assert_cmpstr (json_object_get_string_member (info, "title"), ==,
                   "Hybrid-reference file");
  g_clear_pointer (&info, json_object_unref);

  info = info_json (incremental, NULL);
  g_assert_cmpint (json_object_get_int_member (info, "revisions"), ==, 2);
  g_clear_pointer (&info, json_object_unref);

  info = info_json (encrypted, "user");
  g_assert_true (json_object_get_boolean_member (info, "encrypted"));
  g_assert_cmpstr (json_object_get_string_member (info, "encryption"), ==,
                   "AES-256");
}

/* The value printed after @label in text output ("Pages:   4" → "4"). */
static char *
row_value (const char *text,
           const char *label)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], label))
      return g_strstrip (g_strdup (lines[i] + strlen (label)));
  return NULL;
}

static void
assert_row (const char *text,
            const char *label,
            const char *value)
{
  g_autofree char *found = row_value (text, label);

  g_test_message ("%s %s", label, found);
  g_assert_cmpstr (found, ==, value);
}

static void
test_text (void)
{
  g_autofree char *rotated = sd_test_fixture_file ("rotated.pdf");
  g_autofree char *fields = NULL;
  g_auto (Run) run = { 0 };
  const char *expected[] = {
    "595 × 842 pt (209.9 × 297 mm, A4): pages 1, 3",
    "842 × 595 pt (297 × 209.9 mm, A4): pages 2, 4",
    "180°: page 3", "270°: page 4",
  };

  run_cli (&run, NULL, ARGS ("info", rotated));
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  assert_row (run.out, "File:", rotated);
  assert_row (run.out, "Pages:", "4");
  assert_row (run.out, "PDF version:", "1.5");
  assert_row (run.out, "Page size:", expected[0]);
  assert_row (run.out, "Rotation:", "90°: page 2");
  assert_row (run.out, "Encryption:", "none");
  assert_row (run.out, "Cross-reference:", "table");
  assert_row (run.out, "Linearized:", "no");
  assert_row (run.out, "Revisions:", "1");
  assert_row (run.out, "Signature fields:", "none");
  assert_row (run.out, "Repaired:", "no");
  assert_row (run.out, "Title:", "Rotated pages");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("looking for “%s”", expected[i]);
      g_assert_nonnull (strstr (run.out, expected[i]));
    }
  run_clear (&run);

  fields = sd_test_corpus_file ("structure/acroform-two-empty-signature-fields.pdf");
  if (fields == NULL)
    return;
  run_cli (&run, NULL, ARGS ("info", fields));
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  assert_row (run.out, "Signature fields:", "2 (0 signed)");
  assert_row (run.out, "Revisions:", "2");
  g_assert_nonnull (strstr (run.out, "Sig1: page 1, not signed"));
  g_assert_nonnull (strstr (run.out, "Sig2: page 1, not signed"));
}

/* Every file of the corpus' structure/ folder, as MANIFEST.tsv describes. */
static void
test_corpus_structure (void)
{
  g_autoptr (GPtrArray) rows = sd_test_corpus_manifest ();
  guint n_files = 0;

  if (rows == NULL)
    return;
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      const char *password = row[2][0] != '\0' ? row[2] : NULL;
      g_autofree char *path = NULL;
      g_autoptr (JsonObject) info = NULL;
      g_auto (Run) run = { 0 };

      if (!g_str_has_prefix (row[0], "structure/"))
        continue;
      path = sd_test_corpus_file (row[0]);
      if (path == NULL)
        return;
      n_files++;

      if (password != NULL)
        {
          /* Without its password: a clear refusal. */
          run_cli (&run, NULL, ARGS ("info", "--json", path));
          assert_usage_failure (&run, "password");
          run_clear (&run);
          run_cli (&run, password, ARGS ("info", "--json", "--password-env",
                                         PASSWORD_VAR, path));
        }
      else
        {
          run_cli (&run, NULL, ARGS ("info", "--json", path));
        }
      g_test_message ("%s (qpdf --check: %s): exit %d %s", row[0], row[4],
                      run.status, run.err);

      if (g_str_equal (row[4], "error") && run.status != 0)
        {
          /* qpdf cannot read it at all: a clear refusal, never a crash. */
          assert_usage_failure (&run, "damaged");
          continue;
        }
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.err, ==, "");
      info = parse_json (run.out);
      assert_info_shape (info, path);
      g_assert_cmpint (json_object_get_int_member (info, "pages"), ==,
                       g_ascii_strtoll (row[3], NULL, 10));
      g_assert_cmpint (json_object_get_boolean_member (info, "encrypted"), ==,
                       g_str_has_prefix (row[0], "structure/encrypted-"));
      if (g_str_equal (row[4], "error"))
        g_assert_true (json_object_get_boolean_member (info, "repaired"));
    }
  g_assert_cmpuint (n_files, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/global-options", test_global_options);
  g_test_add_func ("/cli/info/bad-input", test_bad_input);
  g_test_add_func ("/cli/info/fixtures", test_fixtures);
  g_test_add_func ("/cli/info/fixture-details", test_fixture_details);
  g_test_add_func ("/cli/info/text", test_text);
  g_test_add_func ("/cli/info/corpus-structure", test_corpus_structure);

  return g_test_run ();
}
