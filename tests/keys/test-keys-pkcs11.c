/* test-keys-pkcs11.c: keys on a real PKCS#11 token (SoftHSM2), core API
 *
 * Listing, URIs, unlocking with a PIN (right, wrong, cancelled), signing
 * with RSA and EC keys that never leave the token, module checks and the
 * token monitor. The token is made by keys-test-token.c; the same tests
 * through sealdesk-cli are in test-keys-pkcs11-cli.c.
 */
#include "config.h"

#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "keys-test-common.h"
#include "keys-test-token.h"
#include "sd-key-pkcs11.h"
#include "sd-key-store.h"
#include "sd-pkcs11-modules.h"
#include "sd-test-util.h"
#include "sd-token-monitor.h"

static void
test_list_core (void)
{
  g_autofree char      *home = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  gboolean              seen_rsa = FALSE, seen_ec = FALSE;

  if (!keys_test_require_token ())
    return;
  home = sd_test_make_tmpdir ();
  keys = keys_test_token_keys (home, &warnings);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", ((GError *) g_ptr_array_index (warnings, i))->message);

  /* Two keys: the CA certificates on the token are not keys. */
  g_assert_cmpuint (keys->len, ==, 2);
  for (guint i = 0; i < keys->len; i++)
    {
      SdKey           *key = g_ptr_array_index (keys, i);
      const char      *id = sd_key_get_id (key);
      STACK_OF (X509) *chain = sd_key_get_chain (key);
      g_autofree char *issuer = NULL;

      g_test_message ("key: %s", id);
      g_assert_true (g_str_has_prefix (id, "pkcs11:"));
      g_assert_nonnull (strstr (id, "token=" KEYS_TEST_TOKEN_LABEL));
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
  const char *pin; /* what the person types; NULL: cancels */
  guint       calls;
  int         tries_left;
  char       *prompt;
} PinAnswer;

static char *
answer_pin (const char *prompt, int tries_left, gpointer user_data)
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
  const char   *labels[] = { "rsa2048", "ec-p256" };
  const EVP_MD *mds[] = { EVP_sha256 (), EVP_sha384 (), EVP_sha512 () };

  if (!keys_test_require_token ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char   *home = sd_test_make_tmpdir ();
      g_autofree char   *uri = keys_test_token_key_uri (labels[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (SdKey)  key = NULL;
      g_autoptr (GBytes) refused = NULL;
      PinAnswer          answer = { KEYS_TEST_USER_PIN, 0, 0, NULL };
      guint8             digest[64];

      key = sd_key_store_lookup (home, uri, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sd_key_get_id (key), ==, uri);
      g_assert_false (sd_key_is_unlocked (key));

      g_assert_true (sd_key_unlock (key, answer_pin, &answer, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (answer.calls, ==, 1);
      g_assert_cmpint (answer.tries_left, ==, -1);
      g_assert_nonnull (strstr (answer.prompt, KEYS_TEST_TOKEN_LABEL));
      g_assert_true (sd_key_is_unlocked (key));
      /* Unlocking again asks nothing. */
      g_assert_true (sd_key_unlock (key, answer_pin, &answer, NULL, &error));
      g_assert_cmpuint (answer.calls, ==, 1);

      for (guint m = 0; m < G_N_ELEMENTS (mds); m++)
        {
          g_autoptr (GBytes) sig = NULL;

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
  g_autofree char   *home = NULL;
  g_autofree char   *uri = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SdKey)  key = NULL;
  PinAnswer          wrong = { "0000", 0, 0, NULL };
  PinAnswer          right = { KEYS_TEST_USER_PIN, 0, 0, NULL };

  if (!keys_test_require_token ())
    return;
  home = sd_test_make_tmpdir ();
  uri = keys_test_token_key_uri ("rsa2048");
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
  g_autofree char   *home = NULL;
  g_autofree char   *uri = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SdKey)  key = NULL;
  PinAnswer          cancel = { NULL, 0, 0, NULL };

  if (!keys_test_require_token ())
    return;
  home = sd_test_make_tmpdir ();
  uri = keys_test_token_key_uri ("ec-p256");
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
  struct
  {
    const char *uri;
    int         code; /* -1: found */
    const char *label;
  } cases[] = {
    { "pkcs11:token=" KEYS_TEST_TOKEN_LABEL ";object=rsa2048", -1,
      "Sealdesk Test Signer RSA-2048" },
    { "pkcs11:token=" KEYS_TEST_TOKEN_LABEL ";id=%02", -1, "Sealdesk Test Signer EC P-256" },
    { "pkcs11:object=ec-p256;type=cert", -1, "Sealdesk Test Signer EC P-256" },
    { "pkcs11:token=" KEYS_TEST_TOKEN_LABEL, SD_KEY_ERROR_FAILED, NULL },
    { "pkcs11:token=no-such-token;id=%01", SD_KEY_ERROR_NO_TOKEN, NULL },
    { "pkcs11:token=" KEYS_TEST_TOKEN_LABEL ";id=%99", SD_KEY_ERROR_NOT_FOUND, NULL },
    { "pkcs11:token=" KEYS_TEST_TOKEN_LABEL ";id=%a1", SD_KEY_ERROR_NOT_FOUND, NULL },
    { "pkcs11:id=%zz", SD_KEY_ERROR_NOT_FOUND, NULL },
  };
  g_autofree char *home = NULL;

  if (!keys_test_require_token ())
    return;
  home = sd_test_make_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SdKey)  key = sd_key_store_lookup (home, cases[i].uri, NULL, &error);

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
test_module_describe (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *description = NULL;
  g_autofree char   *not_module = NULL;

  if (!keys_test_require_token ())
    return;
  description = sd_pkcs11_module_describe (keys_test_token_module (), &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s", keys_test_token_module (), description);
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
count_changed (SdTokenMonitor *monitor, guint *changes)
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
tokens_include (SdTokenMonitor *monitor, const char *label)
{
  g_auto (GStrv) tokens = sd_token_monitor_dup_tokens (monitor);

  return g_strv_contains ((const char *const *) tokens, label);
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
  guint    timeout = g_timeout_add_seconds (60, set_flag, &timed_out);
  /* The monitor's thread only wakes the main context to emit "changed";
   * poll what it saw meanwhile. */
  guint ticker = g_timeout_add (20, wake_up, NULL);

  while (!timed_out && ((before != G_MAXUINT && *changes <= before) ||
                        tokens_include (monitor, label) != present))
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
    "softhsm2-util", "--init-token",     "--free",   "--label",        "sealdesk-monitor",
    "--pin",         KEYS_TEST_USER_PIN, "--so-pin", KEYS_TEST_SO_PIN, NULL
  };
  const char *remove[] = { "softhsm2-util", "--delete-token", "--token", "sealdesk-monitor", NULL };
  g_autofree char           *home = NULL;
  g_autoptr (SdTokenMonitor) monitor = NULL;
  guint                      changes = 0;

  if (!keys_test_require_token ())
    return;
  home = sd_test_make_tmpdir ();
  g_assert_cmpint (sd_test_run (init, NULL, NULL, NULL), ==, 0);

  monitor = sd_token_monitor_new (home, 50);
  g_signal_connect (monitor, "changed", G_CALLBACK (count_changed), &changes);

  /* The first poll finds both tokens, and is no change. */
  wait_for_monitor (monitor, &changes, G_MAXUINT, "sealdesk-monitor", TRUE);
  g_assert_true (tokens_include (monitor, KEYS_TEST_TOKEN_LABEL));
  g_assert_cmpuint (changes, ==, 0);

  /* The token goes away. */
  g_assert_cmpint (sd_test_run (remove, NULL, NULL, NULL), ==, 0);
  wait_for_monitor (monitor, &changes, 0, "sealdesk-monitor", FALSE);
  g_assert_true (tokens_include (monitor, KEYS_TEST_TOKEN_LABEL));

  /* Stopping joins the thread: nothing is left running. */
  g_assert_finalize_object (g_steal_pointer (&monitor));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keys_test_token_setup ();

  g_test_add_func ("/keys/pkcs11/list-core", test_list_core);
  g_test_add_func ("/keys/pkcs11/sign-core", test_sign_core);
  g_test_add_func ("/keys/pkcs11/wrong-pin-core", test_wrong_pin_core);
  g_test_add_func ("/keys/pkcs11/cancel-core", test_cancel_core);
  g_test_add_func ("/keys/pkcs11/lookup-uris", test_lookup_uris);
  g_test_add_func ("/keys/pkcs11/module-describe", test_module_describe);
  g_test_add_func ("/keys/pkcs11/token-monitor", test_token_monitor);

  status = g_test_run ();
  keys_test_token_teardown ();
  return status;
}
