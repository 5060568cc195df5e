/* keys-test-common.c: helpers shared by the 'keys' tests */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "keys-test-common.h"
#include "sd-test-util.h"

char **
keys_test_environ (const char *first_name, ...)
{
  char      **envp = g_get_environ ();
  const char *name = first_name;
  va_list     args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        envp = g_environ_setenv (envp, name, value, TRUE);
      else
        envp = g_environ_unsetenv (envp, name);
      name = va_arg (args, const char *);
    }
  va_end (args);
  return envp;
}

int
keys_test_cli (char **envp, char **out, char **err, const char *first_arg, ...)
{
  g_autofree char      *cli = sd_test_built_program ("src/cli/sealdesk-cli");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char           *arg = first_arg;
  va_list               args;

  g_ptr_array_add (argv, cli);
  va_start (args, first_arg);
  while (arg != NULL)
    {
      g_ptr_array_add (argv, (char *) arg);
      arg = va_arg (args, const char *);
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return sd_test_run ((const char *const *) argv->pdata, (const char *const *) envp, out, err);
}

gboolean
keys_test_require_sign (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (keys_test_cli (NULL, &out, &err, "sign", "--help", NULL) != 0)
    {
      g_test_skip ("sealdesk-cli has no “sign” command in this build");
      return FALSE;
    }
  return TRUE;
}

JsonNode *
keys_test_parse_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode          *root = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

JsonArray *
keys_test_keys_array (JsonNode *root)
{
  JsonObject *object;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_true (json_object_has_member (object, "keys"));
  g_assert_true (json_object_has_member (object, "warnings"));
  return json_object_get_array_member (object, "keys");
}

/* memmem() without needing _GNU_SOURCE. */
static const void *
find_bytes (const void *haystack, gsize haystack_len, const void *needle, gsize needle_len)
{
  const guint8 *h = haystack;

  if (needle_len == 0)
    return haystack;
  for (gsize i = 0; i + needle_len <= haystack_len; i++)
    {
      const guint8 *p = memchr (h + i, *(const guint8 *) needle, haystack_len - needle_len - i + 1);

      if (p == NULL)
        return NULL;
      i = p - h;
      if (memcmp (p, needle, needle_len) == 0)
        return p;
    }
  return NULL;
}

static gsize
der_length (const guint8 *der, gsize available)
{
  gsize len;
  guint n;

  if (available < 2 || der[0] != 0x30)
    return 0;
  if ((der[1] & 0x80) == 0)
    return 2 + der[1];
  n = der[1] & 0x7f;
  if (n == 0 || n > 4 || available < 2 + n)
    return 0;
  len = 0;
  for (guint i = 0; i < n; i++)
    len = (len << 8) | der[2 + i];
  return 2 + n + len <= available ? 2 + n + len : 0;
}

/* Writes the CMS of the last signature and the bytes it covers. */
static void
extract_last_signature (const char *pdf, const char *sig_path, const char *content_path)
{
  g_autoptr (GError)     error = NULL;
  g_autofree char       *data = NULL;
  g_autoptr (GByteArray) sig = g_byte_array_new ();
  g_autoptr (GByteArray) content = g_byte_array_new ();
  const char            *br = NULL;
  guint64                range[4];
  gsize                  len;
  char                  *p;

  g_assert_true (g_file_get_contents (pdf, &data, &len, &error));
  g_assert_no_error (error);
  for (const char *s = data; (s = find_bytes (s, len - (s - data), "/ByteRange", 10)) != NULL;
       s += 10)
    br = s;
  g_assert_nonnull (br);
  p = strchr (br, '[');
  g_assert_nonnull (p);
  p++;
  for (int i = 0; i < 4; i++)
    range[i] = g_ascii_strtoull (p, &p, 10);
  g_assert_cmpuint (range[0], ==, 0);
  g_assert_cmpuint (range[2] + range[3], ==, len);
  g_assert_cmpint (data[range[1]], ==, '<');
  g_assert_cmpint (data[range[2] - 1], ==, '>');

  for (guint64 i = range[1] + 1; i + 1 < range[2] - 1; i += 2)
    {
      guint8 byte = (g_ascii_xdigit_value (data[i]) << 4) | g_ascii_xdigit_value (data[i + 1]);

      g_byte_array_append (sig, &byte, 1);
    }
  /* /Contents is padded with zeros after the DER. */
  g_byte_array_set_size (sig, der_length (sig->data, sig->len));
  g_assert_cmpuint (sig->len, >, 0);
  g_byte_array_append (content, (guint8 *) data, range[1]);
  g_byte_array_append (content, (guint8 *) data + range[2], range[3]);

  g_assert_true (g_file_set_contents (sig_path, (char *) sig->data, sig->len, &error));
  g_assert_true (g_file_set_contents (content_path, (char *) content->data, content->len, &error));
}

void
keys_test_assert_signed (const char *pdf, guint n_signatures)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *sig_path = g_build_filename (tmp, "sig.der", NULL);
  g_autofree char *content_path = g_build_filename (tmp, "content.bin", NULL);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint            n_valid = 0;
  int              status;

  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* pdfsig exits 0 even for bad signatures: read what it says. */
  {
    const char *argv[] = { "pdfsig", pdf, NULL };

    status = sd_test_run (argv, NULL, &out, &err);
    g_assert_cmpint (status, ==, 0);
    for (const char *s = out; (s = strstr (s, "Signature is Valid")) != NULL; s++)
      n_valid++;
    if (n_valid != n_signatures)
      g_test_message ("pdfsig says:\n%s", out);
    g_assert_cmpuint (n_valid, ==, n_signatures);
  }

  extract_last_signature (pdf, sig_path, content_path);
  {
    const char *argv[] = { "openssl",  "cms",    "-verify",  "-binary",    "-inform", "DER",
                           "-in",      sig_path, "-content", content_path, "-CAfile", ca,
                           "-purpose", "any",    "-out",     "/dev/null",  NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    status = sd_test_run (argv, NULL, &out, &err);
    if (status != 0)
      g_test_message ("openssl cms -verify: %s", err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (err, "Verification successful"));
  }
}

static gboolean
file_contains (const char *path, GBytes *needle)
{
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  gsize                   needle_len;
  const void             *n = g_bytes_get_data (needle, &needle_len);

  if (file == NULL || g_mapped_file_get_length (file) < needle_len)
    return FALSE;
  return find_bytes (g_mapped_file_get_contents (file), g_mapped_file_get_length (file), n,
                     needle_len) != NULL;
}

gboolean
keys_test_tree_contains (const char *dir, GBytes *needle)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char      *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf         st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode) && keys_test_tree_contains (path, needle))
        return TRUE;
      if (S_ISREG (st.st_mode) && file_contains (path, needle))
        {
          g_test_message ("%s holds the private key", path);
          return TRUE;
        }
    }
  return FALSE;
}

static EVP_PKEY *
read_private_key (const char *pki_name)
{
  g_autofree char *name = g_strconcat (pki_name, ".key.pem", NULL);
  g_autofree char *path = sd_test_pki_file (name);
  EVP_PKEY        *pkey;
  FILE            *f = fopen (path, "r");

  g_assert_nonnull (f);
  pkey = PEM_read_PrivateKey (f, NULL, NULL, NULL);
  fclose (f);
  g_assert_nonnull (pkey);
  return pkey;
}

GBytes *
keys_test_private_key_der (const char *pki_name)
{
  EVP_PKEY            *pkey = read_private_key (pki_name);
  PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8 (pkey);
  unsigned char       *der = NULL;
  int                  len = i2d_PKCS8_PRIV_KEY_INFO (p8, &der);
  GBytes              *result;

  g_assert_cmpint (len, >, 0);
  result = g_bytes_new (der, len);
  OPENSSL_free (der);
  PKCS8_PRIV_KEY_INFO_free (p8);
  EVP_PKEY_free (pkey);
  return result;
}

GBytes *
keys_test_private_scalar (const char *pki_name)
{
  EVP_PKEY *pkey = read_private_key (pki_name);
  BIGNUM   *bn = NULL;
  guint8    buf[1024];
  int       len;

  if (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_RSA)
    g_assert_true (EVP_PKEY_get_bn_param (pkey, OSSL_PKEY_PARAM_RSA_D, &bn));
  else
    g_assert_true (EVP_PKEY_get_bn_param (pkey, OSSL_PKEY_PARAM_PRIV_KEY, &bn));
  len = BN_bn2bin (bn, buf);
  g_assert_cmpint (len, >=, 16);
  BN_free (bn);
  EVP_PKEY_free (pkey);
  return g_bytes_new (buf, MIN (len, 64));
}

void
keys_test_assert_digest_signed (SdKey *key, const EVP_MD *md, const guint8 *digest, GBytes *sig)
{
  EVP_PKEY     *pub = X509_get0_pubkey (sd_key_get_certificate (key));
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new (pub, NULL);

  g_assert_nonnull (sig);
  g_assert_cmpint (EVP_PKEY_verify_init (ctx), ==, 1);
  if (sd_key_get_key_type (key) == SD_KEY_TYPE_RSA)
    g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING), ==, 1);
  g_assert_cmpint (EVP_PKEY_CTX_set_signature_md (ctx, md), ==, 1);
  g_assert_cmpint (EVP_PKEY_verify (ctx, g_bytes_get_data (sig, NULL), g_bytes_get_size (sig),
                                    digest, EVP_MD_get_size (md)),
                   ==, 1);
  EVP_PKEY_CTX_free (ctx);
}

#define SESSION_VAR "SD_TEST_KEYRING_SESSION"
#define ROOT_VAR    "SD_TEST_KEYRING_ROOT"

gboolean
keys_test_in_keyring_session (void)
{
  return g_getenv (SESSION_VAR) != NULL;
}

const char *
keys_test_keyring_session_root (void)
{
  return g_getenv (ROOT_VAR);
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

int
keys_test_run_in_keyring_session (int argc, char **argv, gboolean display)
{
  const char           *programs[] = { "dbus-run-session", "gnome-keyring-daemon", "sh" };
  const char           *dirs[] = { "home", "data", "config", "cache", "runtime" };
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char      *root = NULL;
  g_autofree char      *self = NULL;
  g_auto (GStrv)        envp = g_get_environ ();
  int                   wait_status = 0;
  int                   status;

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = g_find_program_in_path (programs[i]);

      if (path == NULL)
        {
          g_print ("1..0 # SKIP %s is not installed\n", programs[i]);
          return 0;
        }
    }

  root = g_dir_make_tmp ("sealdesk-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (root, dirs[i], NULL);

      g_mkdir (dir, 0700);
    }
  {
    g_autofree char *home = g_build_filename (root, "home", NULL);
    g_autofree char *data = g_build_filename (root, "data", NULL);
    g_autofree char *config = g_build_filename (root, "config", NULL);
    g_autofree char *cache = g_build_filename (root, "cache", NULL);
    g_autofree char *runtime = g_build_filename (root, "runtime", NULL);

    envp = g_environ_setenv (envp, "HOME", home, TRUE);
    envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
    envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
    envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
    envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime, TRUE);
  }
  envp = g_environ_setenv (envp, SESSION_VAR, "1", TRUE);
  envp = g_environ_setenv (envp, ROOT_VAR, root, TRUE);
  envp = g_environ_setenv (envp, "SD_TEST_KEYRING_PASSWORD", KEYS_TEST_KEYRING_PASSWORD, TRUE);
  /* The suppression of libsecret's leak (build-aux/lsan.supp) matches a
   * name deep in the stack: unwind it fully. With a display, GTK draws
   * without GL (tests/keys/meson.build): Mesa's JIT would deadlock full
   * unwinding. */
  (void) display;
  {
    g_autofree char *asan = g_strdup_printf (
      "%s%sfast_unwind_on_malloc=0", g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
      g_getenv ("ASAN_OPTIONS") ? ":" : "");

    envp = g_environ_setenv (envp, "ASAN_OPTIONS", asan, TRUE);
  }
  envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");
  envp = g_environ_unsetenv (envp, "GNOME_KEYRING_CONTROL");

  self = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  g_ptr_array_add (args, g_strdup ("dbus-run-session"));
  g_ptr_array_add (args, g_strdup ("--"));
  g_ptr_array_add (args, g_strdup ("sh"));
  g_ptr_array_add (args, g_strdup ("-c"));
  /* The daemon reads the password that unlocks (creates) the login keyring
   * on stdin; its other output would mix with our TAP. */
  g_ptr_array_add (args,
                   g_strdup ("printf %s \"$SD_TEST_KEYRING_PASSWORD\" "
                             "| gnome-keyring-daemon --unlock --components=secrets "
                             ">/dev/null 2>&1 "
                             "|| { echo 'Bail out! gnome-keyring-daemon did not start'; exit 1; }; "
                             "unset SD_TEST_KEYRING_PASSWORD; exec \"$@\""));
  g_ptr_array_add (args, g_strdup ("sh"));
  g_ptr_array_add (args, g_steal_pointer (&self));
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);

  /* Our stdout (TAP) is the inner run's stdout. */
  if (!g_spawn_sync (NULL, (char **) args->pdata, envp,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, NULL, NULL,
                     &wait_status, &error))
    {
      g_print ("Bail out! cannot run dbus-run-session: %s\n", error->message);
      status = 1;
    }
  else if (WIFEXITED (wait_status))
    status = WEXITSTATUS (wait_status);
  else
    status = 1;
  remove_tree (root);
  return status;
}

static GVariant *
bus_call (const char *method, GVariant *args)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GError)          error = NULL;
  GVariant                   *reply;

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", method, args, NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

static gboolean
secrets_owned (void)
{
  g_autoptr (GVariant) reply =
    bus_call ("NameHasOwner", g_variant_new ("(s)", "org.freedesktop.secrets"));
  gboolean owned = FALSE;

  g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Waits (polling, at most 20 s) until the Secret Service name is owned or
 * not; FALSE when it never was. */
static gboolean
wait_secrets_owned (gboolean owned)
{
  for (guint i = 0; i < 400; i++)
    {
      if (secrets_owned () == owned)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

void
keys_test_keyring_stop (void)
{
  g_autoptr (GVariant) reply = NULL;
  guint32              pid = 0;

  if (!secrets_owned ())
    return;
  reply = bus_call ("GetConnectionUnixProcessID",
                    g_variant_new ("(s)", "org.freedesktop.secrets"));
  g_variant_get (reply, "(u)", &pid);
  g_assert_cmpuint (pid, >, 1);
  g_test_message ("stopping gnome-keyring-daemon (process %u)", pid);
  g_assert_cmpint (kill ((pid_t) pid, SIGTERM), ==, 0);
  g_assert_true (wait_secrets_owned (FALSE));
}

/* The object path the default alias names, "/" when none. */
static char *
default_alias (void)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant)        reply = NULL;
  char                       *path = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(o)", &path);
  return path;
}

void
keys_test_keyring_start (const char *data_home, gboolean unlock)
{
  g_auto (GStrv)     envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  const char        *argv[] = {
    "sh", "-c",
    unlock ? "printf %s \"$SD_TEST_KEYRING_PASSWORD\" "
             "| exec gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1"
           : "exec gnome-keyring-daemon --start --components=secrets </dev/null >/dev/null 2>&1",
    NULL
  };
  int status = 0;

  if (data_home != NULL)
    envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  envp = g_environ_setenv (envp, "SD_TEST_KEYRING_PASSWORD", KEYS_TEST_KEYRING_PASSWORD, TRUE);
  /* The daemon forks and its first process exits. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (wait_secrets_owned (TRUE));
  /* The daemon takes its name before it has opened the login keyring. */
  for (guint i = 0; unlock && i < 400; i++)
    {
      g_autofree char *path = default_alias ();

      if (path != NULL && strcmp (path, "/") != 0)
        return;
      g_usleep (50 * 1000);
    }
  g_assert_false (unlock);
}
