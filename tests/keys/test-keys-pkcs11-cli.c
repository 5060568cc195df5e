/* test-keys-pkcs11-cli.c: keys on a real PKCS#11 token through sealdesk-cli
 *
 * `keys list`, signing PDFs with each key (checked by pdfsig and `openssl
 * cms -verify`), a wrong PIN, a batch of twenty documents with exactly one
 * C_Login (counted by OpenSC's pkcs11-spy), modules added by the person, and
 * a failing keyring that hides no token key. The token is made by
 * keys-test-token.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "keys-test-common.h"
#include "keys-test-token.h"
#include "sd-pkcs11-modules.h"
#include "sd-test-util.h"

static void
test_cli_list (void)
{
  g_autofree char     *home = NULL;
  g_auto (GStrv)       envp = NULL;
  g_autofree char     *out = NULL;
  g_autofree char     *err = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray           *keys;
  guint                n_ours = 0;

  if (!keys_test_require_token ())
    return;
  home = sd_test_make_tmpdir ();
  envp = keys_test_environ ("SEALDESK_HOME", home, NULL);
  g_assert_cmpint (keys_test_cli (envp, &out, &err, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  keys = keys_test_keys_array (root);

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject        *k = json_array_get_object_element (keys, i);
      const char        *id = json_object_get_string_member (k, "id");
      g_autoptr (GRegex) iso =
        g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", 0, 0, NULL);

      if (!json_object_has_member (k, "token") ||
          g_strcmp0 (json_object_get_string_member (k, "token"), KEYS_TEST_TOKEN_LABEL) != 0)
        continue;
      n_ours++;
      g_assert_true (g_str_has_prefix (id, "pkcs11:"));
      g_assert_cmpstr (json_object_get_string_member (k, "backend"), ==, "pkcs11");
      g_assert_true (json_object_get_boolean_member (k, "can_sign"));
      g_assert_true (json_object_get_null_member (k, "reason"));
      g_assert_true (g_regex_match (iso, json_object_get_string_member (k, "not_before"), 0, NULL));
      g_assert_true (g_regex_match (iso, json_object_get_string_member (k, "not_after"), 0, NULL));
      g_assert_nonnull (
        strstr (json_object_get_string_member (k, "issuer"), "Sealdesk Test Signing CA"));
      g_assert_cmpstr (json_object_get_string_member (k, "serial"), !=, "");
      if (g_str_equal (json_object_get_string_member (k, "key_type"), "RSA"))
        g_assert_cmpint (json_object_get_int_member (k, "bits"), ==, 2048);
      else
        {
          g_assert_cmpstr (json_object_get_string_member (k, "key_type"), ==, "EC");
          g_assert_cmpint (json_object_get_int_member (k, "bits"), ==, 256);
        }
    }
  g_assert_cmpuint (n_ours, ==, 2);

  /* The text listing names both keys by ID too. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "list", NULL), ==, 0);
  {
    g_autofree char *rsa = keys_test_token_key_uri ("rsa2048");
    g_autofree char *ec = keys_test_token_key_uri ("ec-p256");

    g_assert_nonnull (strstr (out, rsa));
    g_assert_nonnull (strstr (out, ec));
  }
}

/* One backend failing (no D-Bus, so no keyring) hides no token key. */
static void
test_cli_keyring_unavailable (void)
{
  g_autofree char     *home = NULL;
  g_autofree char     *keys_dir = NULL;
  g_autofree char     *cert = NULL;
  g_autofree char     *pem = NULL;
  g_autofree char     *copy = NULL;
  g_autofree char     *out = NULL;
  g_autofree char     *err = NULL;
  g_autofree char     *bus = NULL;
  g_auto (GStrv)       envp = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError)   error = NULL;
  JsonArray           *warnings;

  if (!keys_test_require_token ())
    return;
  home = sd_test_make_tmpdir ();
  /* A keyring key's certificate file, as "keys import" leaves it. */
  keys_dir = g_build_filename (home, "keys", NULL);
  g_mkdir_with_parents (keys_dir, 0700);
  cert = sd_test_pki_file ("rsa2048.cert.pem");
  g_assert_true (g_file_get_contents (cert, &pem, NULL, &error));
  copy = g_build_filename (keys_dir, "00112233445566778899aabbccddeeff.pem", NULL);
  g_assert_true (g_file_set_contents (copy, pem, -1, &error));

  bus = g_strdup_printf ("unix:path=%s/no-bus", home);
  envp = keys_test_environ ("SEALDESK_HOME", home, "DBUS_SESSION_BUS_ADDRESS", bus, NULL);
  g_assert_cmpint (keys_test_cli (envp, &out, &err, "keys", "list", "--json", NULL), ==, 0);
  g_test_message ("stderr: %s", err);
  root = keys_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (keys_test_keys_array (root)), >=, 2);
  warnings = json_object_get_array_member (json_node_get_object (root), "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), >=, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (warnings, 0), "keyring"));
  g_assert_nonnull (strstr (err, "warning"));
}

static void
test_cli_sign (void)
{
  const char *labels[] = { "rsa2048", "ec-p256" };
  const char *inputs[] = { "xref-table.pdf", "xref-stream.pdf" };

  if (!keys_test_require_token () || !keys_test_require_sign ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *home = sd_test_make_tmpdir ();
      g_autofree char *uri = keys_test_token_key_uri (labels[i]);
      g_autofree char *input = sd_test_fixture_file (inputs[i]);
      g_autofree char *output = g_build_filename (home, "signed.pdf", NULL);
      g_autofree char *err = NULL;
      g_auto (GStrv)   envp =
        keys_test_environ ("SEALDESK_HOME", home, "PIN", KEYS_TEST_USER_PIN, NULL);
      int status;

      status = keys_test_cli (envp, NULL, &err, "sign", input, "-o", output, "--pkcs11", uri,
                              "--pin-env", "PIN", NULL);
      if (status != 0)
        g_test_message ("sign: %s", err);
      g_assert_cmpint (status, ==, 0);
      keys_test_assert_signed (output, 1);
      /* The original bytes are kept: the signature is an incremental update. */
      g_assert_true (sd_test_file_is_prefix (input, output));
    }
}

static void
test_cli_wrong_pin (void)
{
  g_autofree char *home = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *input = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv)   envp = NULL;
  g_autoptr (GDir) dir = NULL;

  if (!keys_test_require_token () || !keys_test_require_sign ())
    return;
  home = sd_test_make_tmpdir ();
  uri = keys_test_token_key_uri ("rsa2048");
  input = sd_test_fixture_file ("xref-table.pdf");
  out_dir = g_build_filename (home, "out", NULL);
  g_mkdir (out_dir, 0700);
  output = g_build_filename (out_dir, "signed.pdf", NULL);
  envp = keys_test_environ ("SEALDESK_HOME", home, "PIN", "0000", NULL);

  g_assert_cmpint (keys_test_cli (envp, NULL, &err, "sign", input, "-o", output, "--pkcs11", uri,
                                  "--pin-env", "PIN", NULL),
                   ==, 2);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "PIN"));
  /* One line, and the PIN itself is not in it. */
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_assert_null (strstr (err, "0000"));
  /* No output, not even a temporary file. */
  dir = g_dir_open (out_dir, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

/* ASAN_OPTIONS for a run through OpenSC's pkcs11-spy: its blocks become
 * leaks when p11-kit unloads it, with no module left to name its frames;
 * build-aux/lsan.supp recognises them by p11_kit_module_load further up,
 * which only full unwinding reaches (Debian's p11-kit has no frame
 * pointers). */
static char *
spy_asan_options (void)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");

  return g_strconcat (asan ? asan : "", asan ? ":" : "", "fast_unwind_on_malloc=0", NULL);
}

static void
test_user_module_file (void)
{
  const char          *spy;
  const char          *paths[2] = { NULL, NULL };
  g_autofree char     *home = NULL;
  g_autofree char     *log = NULL;
  g_autofree char     *out = NULL;
  g_autofree char     *asan = NULL;
  g_autoptr (GError)   error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_auto (GStrv)       envp = NULL;
  JsonArray           *keys;
  guint                n_ours = 0;

  if (!keys_test_require_token () || (spy = keys_test_find_spy_module ()) == NULL)
    return;
  home = sd_test_make_tmpdir ();
  log = g_build_filename (home, "spy.log", NULL);
  paths[0] = spy;
  g_assert_true (sd_pkcs11_user_modules_write (home, paths, &error));
  g_assert_no_error (error);

  asan = spy_asan_options ();
  envp = keys_test_environ ("SEALDESK_HOME", home, "PKCS11SPY", keys_test_token_module (),
                            "PKCS11SPY_OUTPUT", log, "ASAN_OPTIONS", asan, NULL);
  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  keys = keys_test_keys_array (root);
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *k = json_array_get_object_element (keys, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (k, "token", ""),
                     KEYS_TEST_TOKEN_LABEL) != 0)
        continue;
      n_ours++;
      g_assert_cmpstr (json_object_get_string_member (k, "module"), ==, "pkcs11-spy.so");
    }
  /* Listed once each, though two modules reach the token. */
  g_assert_cmpuint (n_ours, ==, 2);
  g_assert_true (g_file_test (log, G_FILE_TEST_EXISTS));
}


static guint
count_lines_ending (const char *text, const char *suffix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint          n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (g_strchomp (lines[i]), suffix))
      n++;
  return n;
}

/* Twenty documents with --out-dir: one C_Login, counted by OpenSC's
 * pkcs11-spy, a real tracing module put between Sealdesk and SoftHSM. */
static void
test_cli_batch_one_login (void)
{
  const char           *spy = NULL;
  g_autofree char      *home = NULL;
  g_autofree char      *in_dir = NULL;
  g_autofree char      *out_dir = NULL;
  g_autofree char      *log = NULL;
  g_autofree char      *trace = NULL;
  g_autofree char      *fixture = NULL;
  g_autofree char      *fixture_data = NULL;
  g_autofree char      *uri = NULL;
  g_autofree char      *err = NULL;
  g_autofree char      *asan = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError)    error = NULL;
  g_auto (GStrv)        envp = NULL;
  gsize                 fixture_len;
  int                   status;

  if (!keys_test_require_token () || !keys_test_require_sign () ||
      (spy = keys_test_find_spy_module ()) == NULL)
    return;

  home = sd_test_make_tmpdir ();
  in_dir = g_build_filename (home, "in", NULL);
  out_dir = g_build_filename (home, "out", NULL);
  log = g_build_filename (home, "pkcs11-spy.log", NULL);
  g_mkdir (in_dir, 0700);
  g_mkdir (out_dir, 0700);
  fixture = sd_test_fixture_file ("xref-table.pdf");
  g_assert_true (g_file_get_contents (fixture, &fixture_data, &fixture_len, &error));
  uri = keys_test_token_key_uri ("rsa2048");

  g_ptr_array_add (argv, sd_test_built_program ("src/cli/sealdesk-cli"));
  g_ptr_array_add (argv, g_strdup ("sign"));
  for (int i = 1; i <= 20; i++)
    {
      char *path = g_strdup_printf ("%s/document-%02d.pdf", in_dir, i);

      g_assert_true (g_file_set_contents (path, fixture_data, fixture_len, &error));
      g_ptr_array_add (argv, path);
    }
  g_ptr_array_add (argv, g_strdup ("--out-dir"));
  g_ptr_array_add (argv, g_strdup (out_dir));
  g_ptr_array_add (argv, g_strdup ("--pkcs11"));
  g_ptr_array_add (argv, g_strdup (uri));
  g_ptr_array_add (argv, g_strdup ("--pin-env"));
  g_ptr_array_add (argv, g_strdup ("PIN"));
  g_ptr_array_add (argv, NULL);

  /* The spy is added as the person's own module: Sealdesk puts those first
   * and lists a token seen through two modules once, so every call to the
   * token goes through the spy. (The spy's own leak at exit is suppressed
   * through its loader, see spy_asan_options(); every other leak is
   * reported.) */
  asan = spy_asan_options ();
  envp = keys_test_environ ("SEALDESK_HOME", home, "PIN", KEYS_TEST_USER_PIN,
                            "SEALDESK_PKCS11_MODULES", spy, "PKCS11SPY", keys_test_token_module (),
                            "PKCS11SPY_OUTPUT", log, "ASAN_OPTIONS", asan, NULL);
  status = sd_test_run ((const char *const *) argv->pdata, (const char *const *) envp, NULL, &err);
  if (status != 0)
    g_test_message ("sign: %s", err);
  g_assert_cmpint (status, ==, 0);

  g_assert_true (g_file_get_contents (log, &trace, NULL, &error));
  g_test_message (
    "C_Login: %u, C_SignInit: %u, C_OpenSession: %u", count_lines_ending (trace, ": C_Login"),
    count_lines_ending (trace, ": C_SignInit"), count_lines_ending (trace, ": C_OpenSession"));
  /* The trace saw the signing (at least one signature per document)... */
  g_assert_cmpuint (count_lines_ending (trace, ": C_SignInit"), >=, 20);
  /* ...and exactly one login for all of it. */
  g_assert_cmpuint (count_lines_ending (trace, ": C_Login"), ==, 1);

  for (int i = 1; i <= 20; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/document-%02d.pdf", out_dir, i);

      keys_test_assert_signed (path, 1);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keys_test_token_setup ();

  g_test_add_func ("/keys/pkcs11-cli/list", test_cli_list);
  g_test_add_func ("/keys/pkcs11-cli/keyring-unavailable", test_cli_keyring_unavailable);
  g_test_add_func ("/keys/pkcs11-cli/sign", test_cli_sign);
  g_test_add_func ("/keys/pkcs11-cli/wrong-pin", test_cli_wrong_pin);
  g_test_add_func ("/keys/pkcs11-cli/batch-one-login", test_cli_batch_one_login);
  g_test_add_func ("/keys/pkcs11-cli/user-module-file", test_user_module_file);

  status = g_test_run ();
  keys_test_token_teardown ();
  return status;
}
