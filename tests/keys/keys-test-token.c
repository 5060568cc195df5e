/* keys-test-token.c: a SoftHSM2 token made for the 'keys' tests */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "keys-test-token.h"
#include "sd-key-pkcs11.h"
#include "sd-key-store.h"
#include "sd-test-util.h"

static struct
{
  char *root;        /* removed at the end */
  char *module;      /* libsofthsm2.so */
  char *skip_reason; /* set when the token could not be made */
} token;

gboolean
keys_test_require_token (void)
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
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char      *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf         st;

      if (g_lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Runs a setup command; on failure records why and returns FALSE. */
static gboolean
setup_run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *out = NULL;
  g_autofree char   *err = NULL;
  int                status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL,
                     NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      token.skip_reason = g_strdup_printf ("cannot make the SoftHSM2 token: %s failed: %s %s",
                                           argv[0], error->message, err ? err : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_object (const char *pki_file, const char *type, const char *id, const char *label)
{
  g_autofree char *src = sd_test_pki_file (pki_file);
  g_autofree char *base = g_path_get_basename (pki_file);
  g_autofree char *der = g_strdup_printf ("%s/%s.der", token.root, base);
  gboolean         is_key = g_str_equal (type, "privkey");
  const char      *convert[] = {
         "openssl", is_key ? "pkey" : "x509", "-in", src, "-outform", "DER", "-out", der, NULL
  };
  const char *write[] = { "pkcs11-tool",
                          "--module",
                          token.module,
                          "--token-label",
                          KEYS_TEST_TOKEN_LABEL,
                          "--login",
                          "--pin",
                          KEYS_TEST_USER_PIN,
                          "--write-object",
                          der,
                          "--type",
                          type,
                          "--id",
                          id,
                          "--label",
                          label,
                          NULL };
  gboolean    ok = setup_run (convert) && setup_run (write);

  /* The key's DER was only needed to load it onto the token. */
  g_unlink (der);
  return ok;
}

void
keys_test_token_setup (void)
{
  const char *candidates[] = {
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
  };
  const char        *programs[] = { "softhsm2-util", "pkcs11-tool", "openssl", "pdfsig" };
  g_autoptr (GError) error = NULL;
  g_autofree char   *conf = NULL;
  g_autofree char   *conf_text = NULL;
  g_autofree char   *tokens = NULL;

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
                               "log.level = ERROR\n",
                               tokens);
  g_assert_true (g_file_set_contents (conf, conf_text, -1, &error));
  /* Before anything loads SoftHSM: this process and every child use it. */
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);

  {
    const char *init[] = {
      "softhsm2-util", "--init-token",     "--free",   "--label",        KEYS_TEST_TOKEN_LABEL,
      "--pin",         KEYS_TEST_USER_PIN, "--so-pin", KEYS_TEST_SO_PIN, NULL
    };

    if (!setup_run (init))
      return;
  }
  if (!write_object ("rsa2048.key.pem", "privkey", "01", "rsa2048") ||
      !write_object ("rsa2048.cert.pem", "cert", "01", "rsa2048") ||
      !write_object ("ec-p256.key.pem", "privkey", "02", "ec-p256") ||
      !write_object ("ec-p256.cert.pem", "cert", "02", "ec-p256") ||
      !write_object ("intermediate.pem", "cert", "a1", "Signing CA") ||
      !write_object ("ca.pem", "cert", "a2", "Root CA"))
    return;
}

/* The keys on our token, listed through the key store. */
GPtrArray *
keys_test_token_keys (const char *home, GPtrArray **warnings)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) all = sd_key_store_list_full (home, warnings, NULL, &error);
  GPtrArray            *ours = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SdKey *key = g_ptr_array_index (all, i);

      if (SD_IS_KEY_PKCS11 (key) &&
          g_str_equal (sd_key_pkcs11_get_token_label (SD_KEY_PKCS11 (key)), KEYS_TEST_TOKEN_LABEL))
        g_ptr_array_add (ours, g_object_ref (key));
    }
  return ours;
}

/* The URI of the key whose object label is @label ("rsa2048"). */
char *
keys_test_token_key_uri (const char *label)
{
  g_autofree char      *home = sd_test_make_tmpdir ();
  g_autoptr (GPtrArray) keys = keys_test_token_keys (home, NULL);
  g_autofree char      *wanted = g_strdup_printf (";object=%s;", label);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *id = sd_key_get_id (g_ptr_array_index (keys, i));

      if (strstr (id, wanted) != NULL)
        return g_strdup (id);
    }
  g_assert_not_reached ();
}


const char *
keys_test_find_spy_module (void)
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


const char *
keys_test_token_module (void)
{
  return token.module;
}

void
keys_test_token_teardown (void)
{
  if (token.root != NULL)
    remove_tree (token.root);
  g_clear_pointer (&token.root, g_free);
  g_clear_pointer (&token.module, g_free);
  g_clear_pointer (&token.skip_reason, g_free);
}
