/* sd-key-keyring.c: a key kept in the system keyring (Secret Service) */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sd-atomic-file.h"
#include "sd-key-keyring.h"
#include "sd-key-keyring-private.h"
#include "sd-key-p12.h"
#include "sd-paths.h"

/* The GCancellable of these calls is checked before each call to the Secret
 * Service, not handed to libsecret: libsecret 0.20.5 returns a task twice
 * when an operation is cancelled midway (a GLib critical). A person cancels
 * a keyring prompt in the prompt itself.
 *
 * libsecret keeps one connection to the Secret Service per process (its
 * default SecretService, with a transport session and the collections it
 * has seen). When the keyring daemon restarts, that session is gone and
 * every call fails ("The session wrapping the secret does not exist", or
 * a D-Bus error such as "name has no owner"): each call here then drops
 * the connection (secret_service_disconnect()) and tries once more, which
 * connects to the new daemon. */

#define ID_PREFIX  "keyring:"
#define KEY_ID_LEN 32 /* hex digits: 16 bytes of SHA-256 */

struct _SdKeyKeyring
{
  SdKey     parent_instance;
  char     *key_id; /* the hex part of the ID */
  GMutex    mutex;
  EVP_PKEY *pkey; /* only while unlocked */
};

G_DEFINE_FINAL_TYPE (SdKeyKeyring, sd_key_keyring, SD_TYPE_KEY)

const SecretSchema *
sd_key_keyring_get_schema (void)
{
  static const SecretSchema schema = {
    .name = "io.github.sealdesk.Key",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { "key-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "subject", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* An error after which a fresh connection may succeed. */
static gboolean
is_connection_error (const GError *error)
{
  return error != NULL &&
         (error->domain == G_DBUS_ERROR ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_DBUS_ERROR) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT));
}

/* TRUE when the call that failed with *@error should be tried again (once:
 * @attempt is 0): the connection to the Secret Service is dropped, and
 * *@error cleared. */
gboolean
sd_key_keyring_reconnect_after (GError **error, guint attempt)
{
  if (attempt > 0 || !is_connection_error (*error))
    return FALSE;
  g_debug ("Connecting to the Secret Service again after: %s", (*error)->message);
  g_clear_error (error);
  secret_service_disconnect ();
  return TRUE;
}

void
sd_key_keyring_set_error (GError **error, GError *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, cause->message);
  else
    g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_TOKEN,
                 _ ("The system keyring is not available: %s"), cause->message);
}

/* The stored private key of @key_id, or NULL (and @error unset) when there
 * is none or its keyring stayed locked. Unlocks the keyring if needed. This
 * is what secret_password_lookup_binary_sync() does, but that one never
 * frees the Secret Service reply holding the (transport-encrypted) key in
 * libsecret 0.20.5 (fixed in 0.21.2); loading the secret from the item
 * frees it. */
static SecretValue *
lookup_private_key_once (const char *key_id, GError **error)
{
  GList       *items;
  SecretValue *value = NULL;

  items = secret_password_search_sync (sd_key_keyring_get_schema (), SECRET_SEARCH_UNLOCK, NULL,
                                       error, "key-id", key_id, NULL);
  if (items != NULL && !(SECRET_IS_ITEM (items->data) && secret_item_get_locked (items->data)))
    value = secret_retrievable_retrieve_secret_sync (items->data, NULL, error);
  g_list_free_full (items, g_object_unref);
  return value;
}

static SecretValue *
lookup_private_key (const char *key_id, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  SecretValue       *value;

  for (guint attempt = 0;; attempt++)
    {
      value = lookup_private_key_once (key_id, &local_error);
      if (local_error == NULL || !sd_key_keyring_reconnect_after (&local_error, attempt))
        break;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return value;
}

static gboolean
sd_key_keyring_unlock (SdKey        *key,
                       SdPinCallback pin_cb,
                       gpointer      pin_data,
                       GCancellable *cancellable,
                       GError      **error)
{
  SdKeyKeyring            *self = SD_KEY_KEYRING (key);
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (GError)       local_error = NULL;
  SecretValue             *value;
  PKCS8_PRIV_KEY_INFO     *p8;
  EVP_PKEY                *pkey = NULL;
  const unsigned char     *p;
  gsize                    len;

  if (self->pkey != NULL)
    return TRUE;

  /* The Secret Service asks to unlock the keyring itself when needed. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  value = lookup_private_key (self->key_id, &local_error);
  if (local_error != NULL)
    {
      sd_key_keyring_set_error (error, local_error);
      return FALSE;
    }
  if (value == NULL)
    {
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
        _ (
          "The private key of “%s” is not in the system keyring (or the keyring stayed locked): import it again"),
        sd_key_get_label (key));
      return FALSE;
    }

  p = (const unsigned char *) secret_value_get (value, &len);
  p8 = d2i_PKCS8_PRIV_KEY_INFO (NULL, &p, len);
  if (p8 != NULL)
    pkey = EVP_PKCS82PKEY (p8);
  /* Both wipe the key bytes when freed. */
  PKCS8_PRIV_KEY_INFO_free (p8);
  secret_value_unref (value);
  ERR_clear_error ();

  if (pkey == NULL || X509_check_private_key (sd_key_get_certificate (key), pkey) != 1)
    {
      EVP_PKEY_free (pkey);
      ERR_clear_error ();
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
        _ (
          "The system keyring holds a damaged private key for “%s”: remove it and import it again"),
        sd_key_get_label (key));
      return FALSE;
    }
  self->pkey = pkey;
  return TRUE;
}

static GBytes *
sd_key_keyring_sign_digest (SdKey        *key,
                            const EVP_MD *md,
                            const guint8 *digest,
                            gsize         digest_len,
                            GCancellable *cancellable,
                            GError      **error)
{
  SdKeyKeyring            *self = SD_KEY_KEYRING (key);
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  if (self->pkey == NULL)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED,
                   _ ("The key “%s” is locked: unlock it before signing"), sd_key_get_label (key));
      return NULL;
    }
  return sd_evp_sign_digest (self->pkey, md, digest, digest_len, error);
}

static void
sd_key_keyring_lock (SdKey *key)
{
  SdKeyKeyring            *self = SD_KEY_KEYRING (key);
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  /* EVP_PKEY_free clears the private numbers. */
  g_clear_pointer (&self->pkey, EVP_PKEY_free);
}

static gboolean
sd_key_keyring_is_unlocked (SdKey *key)
{
  SdKeyKeyring            *self = SD_KEY_KEYRING (key);
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->pkey != NULL;
}

static void
sd_key_keyring_finalize (GObject *object)
{
  SdKeyKeyring *self = SD_KEY_KEYRING (object);

  g_clear_pointer (&self->key_id, g_free);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (sd_key_keyring_parent_class)->finalize (object);
}

static void
sd_key_keyring_class_init (SdKeyKeyringClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SdKeyClass   *key_class = SD_KEY_CLASS (klass);

  object_class->finalize = sd_key_keyring_finalize;
  key_class->unlock = sd_key_keyring_unlock;
  key_class->sign_digest = sd_key_keyring_sign_digest;
  key_class->lock = sd_key_keyring_lock;
  key_class->is_unlocked = sd_key_keyring_is_unlocked;
}

static void
sd_key_keyring_init (SdKeyKeyring *self)
{
  g_mutex_init (&self->mutex);
}

SdKey *
sd_key_keyring_new_key (const char *key_id, X509 *cert, STACK_OF (X509) *chain)
{
  SdKeyKeyring    *self = g_object_new (SD_TYPE_KEY_KEYRING, NULL);
  g_autofree char *id = g_strconcat (ID_PREFIX, key_id, NULL);

  self->key_id = g_strdup (key_id);
  sd_key_set_identity (SD_KEY (self), id, "keyring", cert, chain);
  return SD_KEY (self);
}

char *
sd_key_keyring_id_for_cert (X509 *cert)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int  md_len = 0;
  GString      *hex = g_string_new (NULL);

  X509_digest (cert, EVP_sha256 (), md, &md_len);
  for (guint i = 0; i < KEY_ID_LEN / 2 && i < md_len; i++)
    g_string_append_printf (hex, "%02x", md[i]);
  return g_string_free (hex, FALSE);
}

/* The hex part of "keyring:<hex>", checked so that it can name a file. */
const char *
sd_key_keyring_parse_id (const char *id, GError **error)
{
  const char *hex;

  if (!g_str_has_prefix (id, ID_PREFIX))
    goto bad;
  hex = id + strlen (ID_PREFIX);
  if (strlen (hex) != KEY_ID_LEN)
    goto bad;
  for (const char *c = hex; *c != '\0'; c++)
    if (!g_ascii_isxdigit (*c) || g_ascii_isupper (*c))
      goto bad;
  return hex;

bad:
  g_set_error (
    error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
    _ (
      "“%s” is not a keyring key ID: they look like keyring: followed by 32 hexadecimal digits (see “keys list”)"),
    id);
  return NULL;
}

char *
sd_key_keyring_cert_path (const char *data_dir, const char *key_id)
{
  g_autofree char *owned_dir = data_dir == NULL ? sd_data_dir () : NULL;
  g_autofree char *name = g_strconcat (key_id, ".pem", NULL);

  return g_build_filename (data_dir != NULL ? data_dir : owned_dir, "keys", name, NULL);
}

/* The key described by the certificate file of @key_id. */
static SdKey *
load_cert_file (const char *data_dir, const char *key_id, GError **error)
{
  g_autofree char   *path = sd_key_keyring_cert_path (data_dir, key_id);
  g_autofree char   *contents = NULL;
  g_autofree char   *actual_id = NULL;
  g_autoptr (GError) local_error = NULL;
  STACK_OF (X509)   *chain;
  X509              *cert;
  BIO               *bio;
  gsize              len;
  SdKey             *key;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, SD_KEY_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? SD_KEY_ERROR_NOT_FOUND
                     : SD_KEY_ERROR_FAILED,
                   _ ("There is no key keyring:%s (%s)"), key_id, local_error->message);
      return NULL;
    }
  bio = BIO_new_mem_buf (contents, len);
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  chain = sk_X509_new_null ();
  for (X509 *c; cert != NULL && (c = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL;)
    sk_X509_push (chain, c);
  BIO_free (bio);
  ERR_clear_error ();

  /* Never trust a file name: the certificate must be the one it names. */
  if (cert != NULL)
    actual_id = sd_key_keyring_id_for_cert (cert);
  if (cert == NULL || g_strcmp0 (actual_id, key_id) != 0)
    {
      X509_free (cert);
      sk_X509_pop_free (chain, X509_free);
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
        _ (
          "The certificate file %s is damaged or does not belong to its key: remove the key and import it again"),
        path);
      return NULL;
    }
  key = sd_key_keyring_new_key (key_id, cert, chain);
  X509_free (cert);
  sk_X509_pop_free (chain, X509_free);
  return key;
}

SdKey *
sd_key_keyring_lookup (const char   *data_dir,
                       const char   *id,
                       GCancellable *cancellable,
                       GError      **error)
{
  const char *key_id = sd_key_keyring_parse_id (id, error);

  if (key_id == NULL)
    return NULL;
  return load_cert_file (data_dir, key_id, error);
}

GPtrArray *
sd_key_keyring_list (const char   *data_dir,
                     GPtrArray    *warnings,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autofree char *owned_dir = data_dir == NULL ? sd_data_dir () : NULL;
  g_autofree char *keys_dir =
    g_build_filename (data_dir != NULL ? data_dir : owned_dir, "keys", NULL);
  g_autoptr (GPtrArray)  keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) in_keyring = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray)  names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError)     local_error = NULL;
  g_autoptr (GDir)       dir = NULL;
  GList                 *items;
  const char            *name;

  dir = g_dir_open (keys_dir, 0, NULL);
  if (dir == NULL)
    return g_steal_pointer (&keys); /* nothing imported yet */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* Skip temporary files of a write in progress, and anything else. */
      if (g_str_has_suffix (name, ".pem") && strlen (name) == KEY_ID_LEN + 4)
        g_ptr_array_add (names, g_strndup (name, KEY_ID_LEN));
    }
  if (names->len == 0)
    return g_steal_pointer (&keys);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  /* Which private keys are there? Searching does not unlock anything. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  for (guint attempt = 0;; attempt++)
    {
      items = secret_password_search_sync (sd_key_keyring_get_schema (), SECRET_SEARCH_ALL, NULL,
                                           &local_error, NULL);
      if (local_error == NULL || !sd_key_keyring_reconnect_after (&local_error, attempt))
        break;
    }
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (warnings != NULL)
        g_ptr_array_add (
          warnings,
          g_error_new (SD_KEY_ERROR, SD_KEY_ERROR_NO_TOKEN,
                       _ ("The system keyring is not available, so its keys are not listed: %s"),
                       local_error->message));
      return g_steal_pointer (&keys);
    }
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr (GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char            *key_id = g_hash_table_lookup (attributes, "key-id");

      if (key_id != NULL)
        g_hash_table_add (in_keyring, g_strdup (key_id));
    }
  g_list_free_full (items, g_object_unref);

  for (guint i = 0; i < names->len; i++)
    {
      const char        *key_id = g_ptr_array_index (names, i);
      g_autofree char   *id = g_strconcat (ID_PREFIX, key_id, NULL);
      g_autoptr (GError) key_error = NULL;
      SdKey             *key;

      if (sd_key_keyring_parse_id (id, NULL) == NULL)
        continue;
      key = load_cert_file (data_dir, key_id, &key_error);
      if (key == NULL)
        {
          if (warnings != NULL)
            g_ptr_array_add (warnings, g_steal_pointer (&key_error));
          continue;
        }
      if (!g_hash_table_contains (in_keyring, key_id))
        {
          if (warnings != NULL)
            g_ptr_array_add (
              warnings,
              g_error_new (
                SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
                _ (
                  "The private key of “%s” (%s) is missing from the system keyring: import it again, or remove the key"),
                sd_key_get_label (key), sd_key_get_id (key)));
          g_object_unref (key);
          continue;
        }
      g_ptr_array_add (keys, key);
    }
  return g_steal_pointer (&keys);
}
