/* test-keys-keyring.c: keys in a real system keyring
 *
 * Started by meson, this program starts itself again inside
 * `dbus-run-session`, after gnome-keyring-daemon (secrets component) was
 * started and unlocked there with a test password; HOME and the XDG folders
 * point into a temporary folder, so the person's own keyring is never
 * touched. The inner run does the tests through libsecret as a desktop
 * would, and through sealdesk-cli.
 */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "keys-test-common.h"
#include "sd-key-keyring.h"
#include "sd-key-store.h"
#include "sd-test-util.h"


static char *
key_id_hex (const char *id)
{
  g_assert_true (g_str_has_prefix (id, "keyring:"));
  return g_strdup (id + strlen ("keyring:"));
}

/* The Secret Service items of our schema for @hex. */
static guint
count_secret_items (const char *hex, char **label_out)
{
  g_autoptr (GError) error = NULL;
  GList *items = secret_password_search_sync (sd_key_keyring_get_schema (), SECRET_SEARCH_ALL, NULL,
                                              &error, "key-id", hex, NULL);
  guint  n = g_list_length (items);

  g_assert_no_error (error);
  if (label_out != NULL && items != NULL)
    *label_out = secret_retrievable_get_label (items->data);
  g_list_free_full (items, g_object_unref);
  return n;
}

static void
assert_no_private_key_on_disk (const char *pki_name, const char *home)
{
  g_autoptr (GBytes) der = keys_test_private_key_der (pki_name);
  g_autoptr (GBytes) scalar = keys_test_private_scalar (pki_name);
  const char        *root = keys_test_keyring_session_root ();

  g_assert_false (keys_test_tree_contains (home, der));
  g_assert_false (keys_test_tree_contains (home, scalar));
  /* Nor anywhere in the session: the keyring's own file is encrypted. */
  g_assert_false (keys_test_tree_contains (root, der));
  g_assert_false (keys_test_tree_contains (root, scalar));
}

static JsonObject *
find_listed_key (JsonArray *keys, const char *id)
{
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *k = json_array_get_object_element (keys, i);

      if (g_strcmp0 (json_object_get_string_member (k, "id"), id) == 0)
        return k;
    }
  return NULL;
}

static void
test_cli_import_sign_remove (void)
{
  g_autofree char     *home = sd_test_make_tmpdir ();
  g_autofree char     *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char     *out = NULL;
  g_autofree char     *err = NULL;
  g_autofree char     *id = NULL;
  g_autofree char     *hex = NULL;
  g_autofree char     *pem_path = NULL;
  g_autofree char     *pem = NULL;
  g_autofree char     *item_label = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError)   error = NULL;
  g_auto (GStrv) envp = keys_test_environ ("SEALDESK_HOME", home, "P", SD_TEST_PKI_PASSWORD, NULL);
  g_autoptr (GRegex) id_form = g_regex_new ("^keyring:[0-9a-f]{32}$", 0, 0, NULL);
  JsonObject        *listed;

  /* Import: the new ID on stdout. */
  g_assert_cmpint (keys_test_cli (envp, &out, &err, "keys", "import", p12, "--pin-env", "P", NULL),
                   ==, 0);
  id = g_strdup (g_strstrip (out));
  g_test_message ("imported as %s", id);
  g_assert_true (g_regex_match (id_form, id, 0, NULL));
  hex = key_id_hex (id);

  /* The private key is in the keyring, labelled with the subject... */
  g_assert_cmpuint (count_secret_items (hex, &item_label), ==, 1);
  g_assert_nonnull (strstr (item_label, "Sealdesk Test Signer RSA-2048"));
  /* ...the certificates (signer, signing CA, root) in the data folder... */
  pem_path = g_strdup_printf ("%s/keys/%s.pem", home, hex);
  g_assert_true (g_file_get_contents (pem_path, &pem, NULL, &error));
  {
    g_auto (GStrv) parts = g_strsplit (pem, "BEGIN CERTIFICATE", -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 4);
  }
  g_assert_null (strstr (pem, "PRIVATE KEY"));
  /* ...and the private key in no file at all. */
  assert_no_private_key_on_disk ("rsa2048", home);

  /* Listed. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  listed = find_listed_key (keys_test_keys_array (root), id);
  g_assert_nonnull (listed);
  g_assert_cmpstr (json_object_get_string_member (listed, "backend"), ==, "keyring");
  g_assert_cmpstr (json_object_get_string_member (listed, "key_type"), ==, "RSA");
  g_assert_cmpint (json_object_get_int_member (listed, "bits"), ==, 2048);
  g_assert_true (json_object_get_boolean_member (listed, "can_sign"));
  g_assert_nonnull (
    strstr (json_object_get_string_member (listed, "subject"), "Sealdesk Test Signer RSA-2048"));

  /* Signing with it gives a PDF that others verify. */
  if (keys_test_cli (envp, NULL, NULL, "sign", "--help", NULL) == 0)
    {
      g_autofree char *input = sd_test_fixture_file ("xref-table.pdf");
      g_autofree char *output = g_build_filename (home, "signed.pdf", NULL);
      g_autofree char *sign_err = NULL;
      int              status;

      status =
        keys_test_cli (envp, NULL, &sign_err, "sign", input, "-o", output, "--keyring", id, NULL);
      if (status != 0)
        g_test_message ("sign: %s", sign_err);
      g_assert_cmpint (status, ==, 0);
      keys_test_assert_signed (output, 1);
      assert_no_private_key_on_disk ("rsa2048", home);
    }
  else
    g_test_message ("sealdesk-cli has no “sign” command in this build: signing not tested");

  /* Remove: both halves go. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "remove", id, NULL), ==, 0);
  g_assert_cmpuint (count_secret_items (hex, NULL), ==, 0);
  g_assert_false (g_file_test (pem_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  g_assert_null (find_listed_key (keys_test_keys_array (root), id));

  /* Removing it again says it is not there. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (keys_test_cli (envp, NULL, &err, "keys", "remove", id, NULL), ==, 2);
  g_assert_nonnull (strstr (err, id));
}

static void
test_core_ec (void)
{
  g_autofree char   *home = sd_test_make_tmpdir ();
  g_autofree char   *p12 = sd_test_pki_file ("ec-p256.p12");
  g_autoptr (GError) error = NULL;
  g_autoptr (SdKey)  imported = NULL;
  g_autoptr (SdKey)  key = NULL;
  g_autoptr (GBytes) sig = NULL;
  g_autoptr (GBytes) refused = NULL;
  guint8             digest[32];

  imported = sd_key_store_import (home, p12, SD_TEST_PKI_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sd_key_is_unlocked (imported));
  g_assert_cmpstr (sd_key_get_backend (imported), ==, "keyring");

  key = sd_key_store_lookup (home, sd_key_get_id (imported), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_key_get_key_type (key), ==, SD_KEY_TYPE_EC);
  g_assert_cmpint (sk_X509_num (sd_key_get_chain (key)), ==, 2);
  g_assert_true (sd_key_unlock (key, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (RAND_bytes (digest, sizeof digest), ==, 1);
  sig = sd_key_sign_digest (key, EVP_sha256 (), digest, sizeof digest, NULL, &error);
  g_assert_no_error (error);
  keys_test_assert_digest_signed (key, EVP_sha256 (), digest, sig);

  sd_key_lock (key);
  g_assert_false (sd_key_is_unlocked (key));
  refused = sd_key_sign_digest (key, EVP_sha256 (), digest, sizeof digest, NULL, &error);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED);
  g_clear_error (&error);

  assert_no_private_key_on_disk ("ec-p256", home);
  g_assert_true (sd_key_store_remove (home, sd_key_get_id (key), NULL, &error));
  g_assert_no_error (error);
}

static void
test_wrong_passphrase (void)
{
  g_autofree char   *home = sd_test_make_tmpdir ();
  g_autofree char   *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char   *err = NULL;
  g_autofree char   *keys_dir = g_build_filename (home, "keys", NULL);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = keys_test_environ ("SEALDESK_HOME", home, "P", "not-the-passphrase", NULL);
  GList         *items;

  g_assert_cmpint (keys_test_cli (envp, NULL, &err, "keys", "import", p12, "--pin-env", "P", NULL),
                   ==, 2);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "passphrase"));
  g_assert_null (strstr (err, "not-the-passphrase"));
  g_assert_false (g_file_test (keys_dir, G_FILE_TEST_EXISTS));
  items = secret_password_search_sync (sd_key_keyring_get_schema (), SECRET_SEARCH_ALL, NULL,
                                       &error, NULL);
  g_assert_no_error (error);
  g_assert_null (items);
}

static void
test_missing_secret (void)
{
  g_autofree char     *home = sd_test_make_tmpdir ();
  g_autofree char     *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char     *out = NULL;
  g_autofree char     *hex = NULL;
  g_autoptr (GError)   error = NULL;
  g_autoptr (SdKey)    key = NULL;
  g_autoptr (SdKey)    found = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_auto (GStrv)       envp = keys_test_environ ("SEALDESK_HOME", home, NULL);
  JsonArray           *warnings;

  key = sd_key_store_import (home, p12, SD_TEST_PKI_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  /* Importing again replaces, never duplicates. */
  g_clear_object (&key);
  key = sd_key_store_import (home, p12, SD_TEST_PKI_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  hex = key_id_hex (sd_key_get_id (key));
  g_assert_cmpuint (count_secret_items (hex, NULL), ==, 1);

  /* Someone deletes the secret with another tool. */
  g_assert_true (
    secret_password_clear_sync (sd_key_keyring_get_schema (), NULL, &error, "key-id", hex, NULL));

  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  g_assert_null (find_listed_key (keys_test_keys_array (root), sd_key_get_id (key)));
  warnings = json_object_get_array_member (json_node_get_object (root), "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (warnings, 0), sd_key_get_id (key)));

  found = sd_key_store_lookup (home, sd_key_get_id (key), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sd_key_unlock (found, NULL, NULL, NULL, &error));
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Remove tidies up the certificate that was left. */
  g_assert_true (sd_key_store_remove (home, sd_key_get_id (key), NULL, &error));
  g_assert_no_error (error);
}

/* A key whose certificate has expired is listed, but cannot sign unless
 * the person insists. */
static void
test_cli_invalid_certificate (void)
{
  g_autofree char     *home = sd_test_make_tmpdir ();
  g_autofree char     *p12 = sd_test_pki_file ("expired.p12");
  g_autofree char     *out = NULL;
  g_autofree char     *id = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_auto (GStrv) envp = keys_test_environ ("SEALDESK_HOME", home, "P", SD_TEST_PKI_PASSWORD, NULL);
  JsonObject    *listed;

  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "import", p12, "--pin-env", "P", NULL),
                   ==, 0);
  id = g_strdup (g_strstrip (out));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  listed = find_listed_key (keys_test_keys_array (root), id);
  g_assert_nonnull (listed);
  g_assert_false (json_object_get_boolean_member (listed, "can_sign"));
  g_assert_nonnull (strstr (json_object_get_string_member (listed, "reason"), "expired"));

  if (keys_test_cli (envp, NULL, NULL, "sign", "--help", NULL) == 0)
    {
      g_autofree char *input = sd_test_fixture_file ("xref-table.pdf");
      g_autofree char *output = g_build_filename (home, "signed.pdf", NULL);
      g_autofree char *err = NULL;
      g_autofree char *pdfsig = NULL;
      const char      *check[] = { "pdfsig", output, NULL };

      g_assert_cmpint (
        keys_test_cli (envp, NULL, &err, "sign", input, "-o", output, "--keyring", id, NULL), ==,
        2);
      g_assert_nonnull (strstr (err, "expired"));
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

      g_assert_cmpint (keys_test_cli (envp, NULL, NULL, "sign", input, "-o", output, "--keyring",
                                      id, "--allow-invalid-certificate", NULL),
                       ==, 0);
      g_assert_cmpint (sd_test_run (check, NULL, &pdfsig, NULL), ==, 0);
      g_assert_nonnull (strstr (pdfsig, "Signature is Valid"));
    }
  g_assert_cmpint (keys_test_cli (envp, NULL, NULL, "keys", "remove", id, NULL), ==, 0);
}

/* The keyring daemon restarts (an update, a crash, logging out and in):
 * the next import and listing work without restarting Sealdesk. */
static void
test_daemon_restart (void)
{
  g_autofree char   *home = sd_test_make_tmpdir ();
  g_autofree char   *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char   *p12_ec = sd_test_pki_file ("ec-p256.p12");
  g_autoptr (GError) error = NULL;
  g_autoptr (SdKey)  first = NULL;
  g_autoptr (SdKey)  second = NULL;
  g_autoptr (SdKey)  found = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  /* Connected, with a transport session open. */
  first = sd_key_store_import (home, p12, SD_TEST_PKI_PASSWORD, NULL, &error);
  g_assert_no_error (error);

  keys_test_keyring_stop ();
  keys_test_keyring_start (NULL, TRUE);

  second = sd_key_store_import (home, p12_ec, SD_TEST_PKI_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  keys = sd_key_keyring_list (home, warnings, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", ((GError *) g_ptr_array_index (warnings, i))->message);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (keys->len, ==, 2);

  /* Again, and the private key is fetched from the new daemon. */
  keys_test_keyring_stop ();
  keys_test_keyring_start (NULL, TRUE);
  found = sd_key_store_lookup (home, sd_key_get_id (first), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sd_key_unlock (found, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (sd_key_store_remove (home, sd_key_get_id (first), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_key_store_remove (home, sd_key_get_id (second), NULL, &error));
  g_assert_no_error (error);
}

/* A keyring without a login (default) collection: a clear error, not a
 * D-Bus message, and the CLI says what to do. */
static void
test_no_login_collection (void)
{
  g_autofree char   *home = sd_test_make_tmpdir ();
  g_autofree char   *empty = sd_test_make_tmpdir ();
  g_autofree char   *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char   *keys_dir = g_build_filename (home, "keys", NULL);
  g_autofree char   *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SdKey)  key = NULL;
  g_auto (GStrv) envp = keys_test_environ ("SEALDESK_HOME", home, "P", SD_TEST_PKI_PASSWORD, NULL);

  keys_test_keyring_stop ();
  keys_test_keyring_start (empty, FALSE);

  g_assert_false (sd_key_keyring_has_default_collection (NULL, &error));
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_KEYRING);
  g_clear_error (&error);

  key = sd_key_store_import (home, p12, SD_TEST_PKI_PASSWORD, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_KEYRING);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, "create one"));
  g_assert_null (strstr (error->message, "/org/freedesktop"));
  g_clear_error (&error);
  /* Nothing half-imported. */
  g_assert_false (g_file_test (keys_dir, G_FILE_TEST_EXISTS));

  g_assert_cmpint (keys_test_cli (envp, NULL, &err, "keys", "import", p12, "--pin-env", "P", NULL),
                   !=, 0);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "no default keyring"));
  g_assert_null (strstr (err, "/org/freedesktop"));

  /* The session's own keyring, for the tests after this one. */
  keys_test_keyring_stop ();
  keys_test_keyring_start (NULL, TRUE);
  g_assert_true (sd_key_keyring_has_default_collection (NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  if (!keys_test_in_keyring_session ())
    return keys_test_run_in_keyring_session (argc, argv, FALSE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keys/keyring/cli-import-sign-remove", test_cli_import_sign_remove);
  g_test_add_func ("/keys/keyring/core-ec", test_core_ec);
  g_test_add_func ("/keys/keyring/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/keys/keyring/missing-secret", test_missing_secret);
  g_test_add_func ("/keys/keyring/cli-invalid-certificate", test_cli_invalid_certificate);
  g_test_add_func ("/keys/keyring/daemon-restart", test_daemon_restart);
  g_test_add_func ("/keys/keyring/no-login-collection", test_no_login_collection);
  return g_test_run ();
}
