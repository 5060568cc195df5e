/* test-keys-pkcs11.c: keys on a real PKCS#11 token (SoftHSM2)
 *
 * main() makes a SoftHSM2 token in a temporary folder (SOFTHSM2_CONF points
 * at it, so no other token is touched), writes the test PKI's RSA-2048 and
 * EC P-256 keys and certificates onto it with pkcs11-tool (plus the two CA
 * certificates), then the tests use it through the core API and
 * sealdesk-cli. Everything skips when softhsm2 or opensc is missing.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "keys-test-common.h"
#include "sd-key-pkcs11.h"
#include "sd-key-store.h"
#include "sd-pkcs11-modules.h"
#include "sd-test-util.h"
#include "sd-token-monitor.h"

#define TOKEN_LABEL "sealdesk-test"
#define USER_PIN "1234"
#define SO_PIN "5678"

static struct
{
  char *root;           /* removed at the end */
  char *module;         /* libsofthsm2.so */
  char *skip_reason;    /* set when the token could not be made */
} token;

static gboolean
require_token (void)
{
  if (token.skip_reason != NULL)
    {
      g_test_skip (token.skip_reason);
      return FALSE;
    }
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Runs a setup command; on failure records why and returns FALSE. */
static gboolean
setup_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL,
                     NULL, NULL, &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      token.skip_reason = g_strdup_printf ("cannot make the SoftHSM2 token: %s failed: %s %s",
                                           argv[0], error->message, err ? err : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_object (const char *pki_file,
              const char *type,
              const char *id,
              const char *label)
{
  g_autofree char *src = sd_test_pki_file (pki_file);
  g_autofree char *base = g_path_get_basename (pki_file);
  g_autofree char *der = g_strdup_printf ("%s/%s.der", token.root, base);
  gboolean is_key = g_str_equal (type, "privkey");
  const char *convert[] = {
    "openssl", is_key ? "pkey" : "x509", "-in", src, "-outform", "DER", "-out", der, NULL
  };
  const char *write[] = {
    "pkcs11-tool", "--module", token.module, "--token-label", TOKEN_LABEL,
    "--login", "--pin", USER_PIN, "--write-object", der, "--type", type,
    "--id", id, "--label", label, NULL
  };
  gboolean ok = setup_run (convert) && setup_run (write);

  /* The key's DER was only needed to load it onto the token. */
  g_unlink (der);
  return ok;
}

static void
setup_token (void)
{
  const char *candidates[] = {
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
  };
  const char *programs[] = { "softhsm2-util", "pkcs11-tool", "openssl", "pdfsig" };
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_text = NULL;
  g_autofree char *tokens = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = g_find_program_in_path (programs[i]);

      if (path == NULL)
        {
          token.skip_reason = g_strdup_printf ("%s is not installed", programs[i]);
          return;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates) && token.module == NULL; i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      token.module = g_strdup (candidates[i]);
  if (token.module == NULL)
    {
      token.skip_reason = g_strdup ("libsofthsm2.so is not installed");
      return;
    }

  token.root = g_dir_make_tmp ("sealdesk-softhsm-XXXXXX", &error);
  g_assert_no_error (error);
  tokens = g_build_filename (token.root, "tokens", NULL);
  g_mkdir (tokens, 0700);
  conf = g_build_filename (token.root, "softhsm2.conf", NULL);
  conf_text = g_strdup_printf ("directories.tokendir = %s\n"
                               "objectstore.backend = file\n"
                               "log.level = ERROR\n", tokens);
  g_assert_true (g_file_set_contents (conf, conf_text, -1, &error));
  /* Before anything loads SoftHSM: this process and every child use it. */
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);

  {
    const char *init[] = {
      "softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
      "--pin", USER_PIN, "--so-pin", SO_PIN, NULL
    };

    if (!setup_run (init))
      return;
  }
  if (!write_object ("rsa2048.key.pem", "privkey", "01", "rsa2048")
      || !write_object ("rsa2048.cert.pem", "cert", "01", "rsa2048")
      || !write_object ("ec-p256.key.pem", "privkey", "02", "ec-p256")
      || !write_object ("ec-p256.cert.pem", "cert", "02", "ec-p256")
      || !write_object ("intermediate.pem", "cert", "a1", "Signing CA")
      || !write_object ("ca.pem", "cert", "a2", "Root CA"))
    return;
}

/* The keys on our token, listed through the key store. */
static GPtrArray *
list_token_keys (const char  *home,
                 GPtrArray  **warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = sd_key_store_list_full (home, warnings, NULL, &error);
  GPtrArray *ours = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SdKey *key = g_ptr_array_index (all, i);

      if (SD_IS_KEY_PKCS11 (key)
          && g_str_equal (sd_key_pkcs11_get_token_label (SD_KEY_PKCS11 (key)), TOKEN_LABEL))
        g_ptr_array_add (ours, g_object_ref (key));
    }
  return ours;
}

/* The URI of the key whose object label is @label ("rsa2048"). */
static char *
token_key_uri (const char *label)
{
  g_autofree char *home = sd_test_make_tmpdir ();
  g_autoptr(GPtrArray) keys = list_token_keys (home, NULL);
  g_autofree char *wanted = g_strdup_printf (";object=%s;", label);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *id = sd_key_get_id (g_ptr_array_index (keys, i));

      if (strstr (id, wanted) != NULL)
        return g_strdup (id);
    }
  g_assert_not_reached ();
}

static void
test_list_core (void)
{
  g_autofree char *home = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  gboolean seen_rsa = FALSE, seen_ec = FALSE;

  if (!require_token ())
    return;
  home = sd_test_make_tmpdir ();
  keys = list_token_keys (home, &warnings);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", ((GError *) g_ptr_array_index (warnings, i))->message);

  /* Two keys: the CA certificates on the token are not keys. */
  g_assert_cmpuint (keys->len, ==, 2);
  for (guint i = 0; i < keys->len; i++)
    {
      SdKey *key = g_ptr_array_index (keys, i);
      const char *id = sd_key_get_id (key);
      STACK_OF(X509) *chain = sd_key_get_chain (key);
      g_autofree char *issuer = NULL;

      g_test_message ("key: %s", id);
      g_assert_true (g_str_has_prefix (id, "pkcs11:"));
      g_assert_nonnull (strstr (id, "token=" TOKEN_LABEL));
      g_assert_nonnull (strstr (id, "type=private"));
      g_assert_cmpstr (sd_key_get_backend (key), ==, "pkcs11");
      g_assert_false (sd_key_is_unlocked (key));
      /* The chain is built from the CA certificates on the token. */
      g_assert_cmpint (sk_X509_num (chain), ==, 2);
      issuer = sd_x509_common_name (X509_get_subject_name (sk_X509_value (chain, 0)));
      g_assert_cmpstr (issuer, ==, "Sealdesk Test Signing CA");

      if (sd_key_get_key_type (key) == SD_KEY_TYPE_RSA)
        {
          seen_rsa = TRUE;
          g_assert_nonnull (strstr (id, ";id=%01;"));
          g_assert_cmpint (sd_key_get_bits (key), ==, 2048);
          g_assert_cmpstr (sd_key_get_label (key), ==, "Sealdesk Test Signer RSA-2048");
        }
      else
        {
          seen_ec = TRUE;
          g_assert_cmpint (sd_key_get_key_type (key), ==, SD_KEY_TYPE_EC);
          g_assert_nonnull (strstr (id, ";id=%02;"));
          g_assert_cmpint (sd_key_get_bits (key), ==, 256);
        }
    }
  g_assert_true (seen_rsa && seen_ec);
}

typedef struct
{
  const char *pin;      /* what the person types; NULL: cancels */
  guint       calls;
  int         tries_left;
  char       *prompt;
} PinAnswer;

static char *
answer_pin (const char *prompt,
            int         tries_left,
            gpointer    user_data)
{
  PinAnswer *answer = user_data;

  answer->calls++;
  answer->tries_left = tries_left;
  g_free (answer->prompt);
  answer->prompt = g_strdup (prompt);
  return g_strdup (answer->pin);
}

static void
test_sign_core (void)
{
  const char *labels[] = { "rsa2048", "ec-p256" };
  const EVP_MD *mds[] = { EVP_sha256 (), EVP_sha384 (), EVP_sha512 () };

  if (!require_token ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *home = sd_test_make_tmpdir ();
      g_autofree char *uri = token_key_uri (labels[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SdKey) key = NULL;
      g_autoptr(GBytes) refused = NULL;
      PinAnswer answer = { USER_PIN, 0, 0, NULL };
      guint8 digest[64];

      key = sd_key_store_lookup (home, uri, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sd_key_get_id (key), ==, uri);
      g_assert_false (sd_key_is_unlocked (key));

      g_assert_true (sd_key_unlock (key, answer_pin, &answer, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (answer.calls, ==, 1);
      g_assert_cmpint (answer.tries_left, ==, -1);
      g_assert_nonnull (strstr (answer.prompt, TOKEN_LABEL));
      g_assert_true (sd_key_is_unlocked (key));
      /* Unlocking again asks nothing. */
      g_assert_true (sd_key_unlock (key, answer_pin, &answer, NULL, &error));
      g_assert_cmpuint (answer.calls, ==, 1);

      for (guint m = 0; m < G_N_ELEMENTS (mds); m++)
        {
          g_autoptr(GBytes) sig = NULL;

          g_assert_cmpint (RAND_bytes (digest, sizeof digest), ==, 1);
          sig = sd_key_sign_digest (key, mds[m], digest, EVP_MD_get_size (mds[m]), NULL, &error);
          g_assert_no_error (error);
          keys_test_assert_digest_signed (key, mds[m], digest, sig);
        }

      sd_key_lock (key);
      g_assert_false (sd_key_is_unlocked (key));
      refused = sd_key_sign_digest (key, EVP_sha256 (), digest, 32, NULL, &error);
      g_assert_null (refused);
      g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED);
      g_free (answer.prompt);
    }
}

static void
test_wrong_pin_core (void)
{
  g_autofree char *home = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdKey) key = NULL;
  PinAnswer wrong = { "0000", 0, 0, NULL };
  PinAnswer right = { USER_PIN, 0, 0, NULL };

  if (!require_token ())
    return;
  home = sd_test_make_tmpdir ();
  uri = token_key_uri ("rsa2048");
  key = sd_key_store_lookup (home, uri, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (sd_key_unlock (key, answer_pin, &wrong, NULL, &error));
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN);
  g_test_message ("wrong PIN: %s", error->message);
  g_assert_nonnull (strstr (error->message, "PIN"));
  /* Never retried on its own. */
  g_assert_cmpuint (wrong.calls, ==, 1);
  g_assert_false (sd_key_is_unlocked (key));
  g_clear_error (&error);

  /* The right PIN after that works (and resets the token's counter). */
  g_assert_true (sd_key_unlock (key, answer_pin, &right, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (right.calls, ==, 1);
  g_free (wrong.prompt);
  g_free (right.prompt);
}

static void
test_cancel_core (void)
{
  g_autofree char *home = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdKey) key = NULL;
  PinAnswer cancel = { NULL, 0, 0, NULL };

  if (!require_token ())
    return;
  home = sd_test_make_tmpdir ();
  uri = token_key_uri ("ec-p256");
  key = sd_key_store_lookup (home, uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sd_key_unlock (key, answer_pin, &cancel, NULL, &error));
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CANCELLED);
  g_assert_cmpuint (cancel.calls, ==, 1);
  g_assert_false (sd_key_is_unlocked (key));
  g_free (cancel.prompt);
}

static void
test_lookup_uris (void)
{
  struct {
    const char *uri;
    int         code;          /* -1: found */
    const char *label;
  } cases[] = {
    { "pkcs11:token=" TOKEN_LABEL ";object=rsa2048", -1, "Sealdesk Test Signer RSA-2048" },
    { "pkcs11:token=" TOKEN_LABEL ";id=%02", -1, "Sealdesk Test Signer EC P-256" },
    { "pkcs11:object=ec-p256;type=cert", -1, "Sealdesk Test Signer EC P-256" },
    { "pkcs11:token=" TOKEN_LABEL, SD_KEY_ERROR_FAILED, NULL },
    { "pkcs11:token=no-such-token;id=%01", SD_KEY_ERROR_NO_TOKEN, NULL },
    { "pkcs11:token=" TOKEN_LABEL ";id=%99", SD_KEY_ERROR_NOT_FOUND, NULL },
    { "pkcs11:token=" TOKEN_LABEL ";id=%a1", SD_KEY_ERROR_NOT_FOUND, NULL },
    { "pkcs11:id=%zz", SD_KEY_ERROR_NOT_FOUND, NULL },
  };
  g_autofree char *home = NULL;

  if (!require_token ())
    return;
  home = sd_test_make_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdKey) key = sd_key_store_lookup (home, cases[i].uri, NULL, &error);

      g_test_message ("%s: %s", cases[i].uri, error ? error->message : sd_key_get_id (key));
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (sd_key_get_label (key), ==, cases[i].label);
        }
      else
        {
          g_assert_null (key);
          g_assert_error (error, SD_KEY_ERROR, cases[i].code);
        }
    }
}

static void
test_cli_list (void)
{
  g_autofree char *home = NULL;
  g_auto(GStrv) envp = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *keys;
  guint n_ours = 0;

  if (!require_token ())
    return;
  home = sd_test_make_tmpdir ();
  envp = keys_test_environ ("SEALDESK_HOME", home, NULL);
  g_assert_cmpint (keys_test_cli (envp, &out, &err, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  keys = keys_test_keys_array (root);

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *k = json_array_get_object_element (keys, i);
      const char *id = json_object_get_string_member (k, "id");
      g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", 0, 0, NULL);

      if (!json_object_has_member (k, "token")
          || g_strcmp0 (json_object_get_string_member (k, "token"), TOKEN_LABEL) != 0)
        continue;
      n_ours++;
      g_assert_true (g_str_has_prefix (id, "pkcs11:"));
      g_assert_cmpstr (json_object_get_string_member (k, "backend"), ==, "pkcs11");
      g_assert_true (json_object_get_boolean_member (k, "can_sign"));
      g_assert_true (json_object_get_null_member (k, "reason"));
      g_assert_true (g_regex_match (iso, json_object_get_string_member (k, "not_before"), 0, NULL));
      g_assert_true (g_regex_match (iso, json_object_get_string_member (k, "not_after"), 0, NULL));
      g_assert_nonnull (strstr (json_object_get_string_member (k, "issuer"), "Sealdesk Test Signing CA"));
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
    g_autofree char *rsa = token_key_uri ("rsa2048");
    g_autofree char *ec = token_key_uri ("ec-p256");

    g_assert_nonnull (strstr (out, rsa));
    g_assert_nonnull (strstr (out, ec));
  }
}

/* One backend failing (no D-Bus, so no keyring) hides no token key. */
static void
test_cli_keyring_unavailable (void)
{
  g_autofree char *home = NULL;
  g_autofree char *keys_dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bus = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *warnings;

  if (!require_token ())
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

  if (!require_token () || !keys_test_require_sign ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *home = sd_test_make_tmpdir ();
      g_autofree char *uri = token_key_uri (labels[i]);
      g_autofree char *input = sd_test_fixture_file (inputs[i]);
      g_autofree char *output = g_build_filename (home, "signed.pdf", NULL);
      g_autofree char *err = NULL;
      g_auto(GStrv) envp = keys_test_environ ("SEALDESK_HOME", home, "PIN", USER_PIN, NULL);
      int status;

      status = keys_test_cli (envp, NULL, &err, "sign", input, "-o", output,
                              "--pkcs11", uri, "--pin-env", "PIN", NULL);
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
  g_auto(GStrv) envp = NULL;
  g_autoptr(GDir) dir = NULL;

  if (!require_token () || !keys_test_require_sign ())
    return;
  home = sd_test_make_tmpdir ();
  uri = token_key_uri ("rsa2048");
  input = sd_test_fixture_file ("xref-table.pdf");
  out_dir = g_build_filename (home, "out", NULL);
  g_mkdir (out_dir, 0700);
  output = g_build_filename (out_dir, "signed.pdf", NULL);
  envp = keys_test_environ ("SEALDESK_HOME", home, "PIN", "0000", NULL);

  g_assert_cmpint (keys_test_cli (envp, NULL, &err, "sign", input, "-o", output,
                                  "--pkcs11", uri, "--pin-env", "PIN", NULL), ==, 2);
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

static const char *
find_spy_module (void)
{
  const char *candidates[] = {
    "/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so",
    "/usr/lib/pkcs11/pkcs11-spy.so",
    "/usr/lib64/pkcs11/pkcs11-spy.so",
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      return candidates[i];
  g_test_skip ("OpenSC’s pkcs11-spy.so is not installed");
  return NULL;
}

static void
test_module_describe (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *not_module = NULL;

  if (!require_token ())
    return;
  description = sd_pkcs11_module_describe (token.module, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s", token.module, description);
  g_assert_nonnull (strstr (description, "SoftHSM"));

  not_module = sd_test_pki_file ("ca.pem");
  g_clear_pointer (&description, g_free);
  description = sd_pkcs11_module_describe (not_module, &error);
  g_assert_null (description);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  description = sd_pkcs11_module_describe ("relative.so", &error);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED);
}

/* Modules the person lists in <data_dir>/pkcs11-modules are loaded, and
 * come before the system's: the token is reached through the spy. */
static void
test_user_module_file (void)
{
  const char *spy;
  const char *paths[2] = { NULL, NULL };
  g_autofree char *home = NULL;
  g_autofree char *log = NULL;
  g_autofree char *out = NULL;
  g_autofree char *asan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) envp = NULL;
  JsonArray *keys;
  guint n_ours = 0;

  if (!require_token () || (spy = find_spy_module ()) == NULL)
    return;
  home = sd_test_make_tmpdir ();
  log = g_build_filename (home, "spy.log", NULL);
  paths[0] = spy;
  g_assert_true (sd_pkcs11_user_modules_write (home, paths, &error));
  g_assert_no_error (error);

  asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                      ":detect_leaks=0", NULL);
  envp = keys_test_environ ("SEALDESK_HOME", home, "PKCS11SPY", token.module,
                            "PKCS11SPY_OUTPUT", log, "ASAN_OPTIONS", asan, NULL);
  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "list", "--json", NULL), ==, 0);
  root = keys_test_parse_json (out);
  keys = keys_test_keys_array (root);
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *k = json_array_get_object_element (keys, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (k, "token", ""), TOKEN_LABEL) != 0)
        continue;
      n_ours++;
      g_assert_cmpstr (json_object_get_string_member (k, "module"), ==, "pkcs11-spy.so");
    }
  /* Listed once each, though two modules reach the token. */
  g_assert_cmpuint (n_ours, ==, 2);
  g_assert_true (g_file_test (log, G_FILE_TEST_EXISTS));
}

static guint
count_lines_ending (const char *text,
                    const char *suffix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

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
  const char *spy = NULL;
  g_autofree char *home = NULL;
  g_autofree char *in_dir = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *log = NULL;
  g_autofree char *trace = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *fixture_data = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *asan = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  gsize fixture_len;
  int status;

  if (!require_token () || !keys_test_require_sign () || (spy = find_spy_module ()) == NULL)
    return;

  home = sd_test_make_tmpdir ();
  in_dir = g_build_filename (home, "in", NULL);
  out_dir = g_build_filename (home, "out", NULL);
  log = g_build_filename (home, "pkcs11-spy.log", NULL);
  g_mkdir (in_dir, 0700);
  g_mkdir (out_dir, 0700);
  fixture = sd_test_fixture_file ("xref-table.pdf");
  g_assert_true (g_file_get_contents (fixture, &fixture_data, &fixture_len, &error));
  uri = token_key_uri ("rsa2048");

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
   * token goes through the spy. (The spy leaks at exit: not our leak.) */
  asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                      ":detect_leaks=0", NULL);
  envp = keys_test_environ ("SEALDESK_HOME", home, "PIN", USER_PIN,
                            "SEALDESK_PKCS11_MODULES", spy,
                            "PKCS11SPY", token.module,
                            "PKCS11SPY_OUTPUT", log,
                            "ASAN_OPTIONS", asan, NULL);
  status = sd_test_run ((const char * const *) argv->pdata, (const char * const *) envp, NULL, &err);
  if (status != 0)
    g_test_message ("sign: %s", err);
  g_assert_cmpint (status, ==, 0);

  g_assert_true (g_file_get_contents (log, &trace, NULL, &error));
  g_test_message ("C_Login: %u, C_SignInit: %u, C_OpenSession: %u",
                  count_lines_ending (trace, ": C_Login"),
                  count_lines_ending (trace, ": C_SignInit"),
                  count_lines_ending (trace, ": C_OpenSession"));
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

static void
count_changed (SdTokenMonitor *monitor,
               guint          *changes)
{
  (*changes)++;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
tokens_include (SdTokenMonitor *monitor,
                const char     *label)
{
  g_auto(GStrv) tokens = sd_token_monitor_dup_tokens (monitor);

  return g_strv_contains ((const char * const *) tokens, label);
}

/* Runs the main loop until @monitor has emitted "changed" more than
 * @before times (before == G_MAXUINT: no change needed) and @label is
 * present (or absent). Fails after a minute instead of hanging. */
static void
wait_for_monitor (SdTokenMonitor *monitor,
                  guint          *changes,
                  guint           before,
                  const char     *label,
                  gboolean        present)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (60, set_flag, &timed_out);
  /* The monitor's thread only wakes the main context to emit "changed";
   * poll what it saw meanwhile. */
  guint ticker = g_timeout_add (20, wake_up, NULL);

  while (!timed_out
         && ((before != G_MAXUINT && *changes <= before)
             || tokens_include (monitor, label) != present))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
}

/* SoftHSM2 shows a token made by another process only to a process that
 * initializes it afterwards, but notices at once when a token goes away:
 * the monitor is made after a second token was created, and sees it go. */
static void
test_token_monitor (void)
{
  const char *init[] = {
    "softhsm2-util", "--init-token", "--free", "--label", "sealdesk-monitor",
    "--pin", USER_PIN, "--so-pin", SO_PIN, NULL
  };
  const char *remove[] = { "softhsm2-util", "--delete-token", "--token", "sealdesk-monitor", NULL };
  g_autofree char *home = NULL;
  g_autoptr(SdTokenMonitor) monitor = NULL;
  guint changes = 0;

  if (!require_token ())
    return;
  home = sd_test_make_tmpdir ();
  g_assert_cmpint (sd_test_run (init, NULL, NULL, NULL), ==, 0);

  monitor = sd_token_monitor_new (home, 50);
  g_signal_connect (monitor, "changed", G_CALLBACK (count_changed), &changes);

  /* The first poll finds both tokens, and is no change. */
  wait_for_monitor (monitor, &changes, G_MAXUINT, "sealdesk-monitor", TRUE);
  g_assert_true (tokens_include (monitor, TOKEN_LABEL));
  g_assert_cmpuint (changes, ==, 0);

  /* The token goes away. */
  g_assert_cmpint (sd_test_run (remove, NULL, NULL, NULL), ==, 0);
  wait_for_monitor (monitor, &changes, 0, "sealdesk-monitor", FALSE);
  g_assert_true (tokens_include (monitor, TOKEN_LABEL));

  /* Stopping joins the thread: nothing is left running. */
  g_assert_finalize_object (g_steal_pointer (&monitor));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setup_token ();

  g_test_add_func ("/keys/pkcs11/list-core", test_list_core);
  g_test_add_func ("/keys/pkcs11/sign-core", test_sign_core);
  g_test_add_func ("/keys/pkcs11/wrong-pin-core", test_wrong_pin_core);
  g_test_add_func ("/keys/pkcs11/cancel-core", test_cancel_core);
  g_test_add_func ("/keys/pkcs11/lookup-uris", test_lookup_uris);
  g_test_add_func ("/keys/pkcs11/cli-list", test_cli_list);
  g_test_add_func ("/keys/pkcs11/cli-keyring-unavailable", test_cli_keyring_unavailable);
  g_test_add_func ("/keys/pkcs11/cli-sign", test_cli_sign);
  g_test_add_func ("/keys/pkcs11/cli-wrong-pin", test_cli_wrong_pin);
  g_test_add_func ("/keys/pkcs11/cli-batch-one-login", test_cli_batch_one_login);
  g_test_add_func ("/keys/pkcs11/module-describe", test_module_describe);
  g_test_add_func ("/keys/pkcs11/user-module-file", test_user_module_file);
  g_test_add_func ("/keys/pkcs11/token-monitor", test_token_monitor);

  status = g_test_run ();
  if (token.root != NULL)
    remove_tree (token.root);
  g_free (token.root);
  g_free (token.module);
  g_free (token.skip_reason);
  return status;
}
