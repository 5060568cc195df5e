/* sd-key-keyring-import.c: putting a key into the system keyring, and
 * taking it out
 *
 * The certificate (and chain) goes to DATA_DIR/keys/ID.pem, the private key
 * to the login collection under sd_key_keyring_get_schema(); a missing
 * login collection can be created (sd_key_keyring_create_default_collection). */
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

static gboolean
write_cert_file (const char *path, SdKey *key, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  STACK_OF (X509) *chain = sd_key_get_chain (key);
  BIO             *bio = BIO_new (BIO_s_mem ());
  char            *data = NULL;
  long             len;
  gboolean         ok;

  PEM_write_bio_X509 (bio, sd_key_get_certificate (key));
  for (int i = 0; i < sk_X509_num (chain); i++)
    PEM_write_bio_X509 (bio, sk_X509_value (chain, i));
  len = BIO_get_mem_data (bio, &data);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      BIO_free (bio);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  ok = sd_file_set_contents_atomic (path, data, len, error);
  BIO_free (bio);
  return ok;
}

/* The private key as PKCS#8 DER, in a SecretValue (libsecret keeps it in
 * non-swappable memory and wipes it when freed). */
static SecretValue *
private_key_value (EVP_PKEY *pkey, GError **error)
{
  PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8 (pkey);
  unsigned char       *der = NULL;
  SecretValue         *value;
  int                  len;

  len = p8 != NULL ? i2d_PKCS8_PRIV_KEY_INFO (p8, &der) : -1;
  PKCS8_PRIV_KEY_INFO_free (p8);
  if (len <= 0)
    {
      ERR_clear_error ();
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_UNSUPPORTED,
                   _ ("This kind of private key cannot be stored in the system keyring"));
      return NULL;
    }
  value = secret_value_new ((const char *) der, len, "application/pkcs8");
  OPENSSL_clear_free (der, len);
  return value;
}

static void
set_no_keyring_error (GError **error)
{
  g_set_error_literal (
    error, SD_KEY_ERROR, SD_KEY_ERROR_NO_KEYRING,
    _ ("The system keyring has no default keyring (on GNOME, the “Login” keyring) to keep the key "
       "in: create one, for example with the Passwords and Keys application, then import again"));
}

/* The default collection, or NULL: with @error unset when there is none. */
static SecretCollection *
default_collection (GError **error)
{
  g_autoptr (GError) local_error = NULL;
  SecretCollection  *collection = NULL;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL,
                                                                   &local_error);

      if (service != NULL)
        collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                       SECRET_COLLECTION_NONE, NULL, &local_error);
      if (local_error == NULL || !sd_key_keyring_reconnect_after (&local_error, attempt))
        break;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return collection;
}

/* Storing into a keyring without a default collection fails with a raw
 * D-Bus message ("Object does not exist at path …/collection/login"): say
 * what is missing instead. */
static gboolean
check_default_collection (GError **error)
{
  g_autoptr (GError)           local_error = NULL;
  g_autoptr (SecretCollection) collection = default_collection (&local_error);

  if (local_error != NULL)
    {
      sd_key_keyring_set_error (error, local_error);
      return FALSE;
    }
  if (collection == NULL)
    {
      set_no_keyring_error (error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_key_keyring_has_default_collection (GCancellable *cancellable,
                                       GError      **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return check_default_collection (error);
}

gboolean
sd_key_keyring_create_default_collection (const char   *label,
                                          GCancellable *cancellable,
                                          GError      **error)
{
  g_autoptr (GError)           local_error = NULL;
  g_autoptr (SecretCollection) collection = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* Created meanwhile (by another program): nothing to do. */
  collection = default_collection (&local_error);
  if (collection != NULL)
    return TRUE;
  g_clear_error (&local_error);
  {
    /* Connected anew above when needed. Not tried twice: the keyring
     * asks the person for the new keyring's password, once. */
    g_autoptr (SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL,
                                                                 &local_error);

    if (service != NULL)
      collection = secret_collection_create_sync (service, label, SECRET_COLLECTION_DEFAULT,
                                                  SECRET_COLLECTION_CREATE_NONE, NULL,
                                                  &local_error);
  }
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_KEYRING,
                     _ ("The system keyring could not create a keyring: %s"), local_error->message);
      return FALSE;
    }
  if (collection == NULL)
    {
      /* The person dismissed the keyring's password prompt. */
      g_set_error_literal (error, SD_KEY_ERROR, SD_KEY_ERROR_CANCELLED,
                           _ ("No keyring was created: its password was not chosen"));
      return FALSE;
    }
  return TRUE;
}

SdKey *
sd_key_keyring_import (const char   *data_dir,
                       const char   *p12_path,
                       const char   *passphrase,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr (SdKey)  p12 = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *key_id = NULL;
  g_autofree char   *subject = NULL;
  g_autofree char   *path = NULL;
  SecretValue       *value;
  X509              *cert;
  gboolean           stored;

  p12 = sd_key_p12_open (p12_path, passphrase, error);
  if (p12 == NULL)
    return NULL;
  cert = sd_key_get_certificate (p12);
  key_id = sd_key_keyring_id_for_cert (cert);
  subject = sd_x509_name_to_string (X509_get_subject_name (cert));
  path = sd_key_keyring_cert_path (data_dir, key_id);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!check_default_collection (error))
    return NULL;
  value = private_key_value (sd_key_p12_get_private_key (SD_KEY_P12 (p12)), error);
  if (value == NULL)
    return NULL;
  for (guint attempt = 0;; attempt++)
    {
      stored = secret_password_store_binary_sync (
        sd_key_keyring_get_schema (), SECRET_COLLECTION_DEFAULT, subject, value, NULL,
        &local_error, "key-id", key_id, "subject", subject, NULL);
      if (stored || !sd_key_keyring_reconnect_after (&local_error, attempt))
        break;
    }
  secret_value_unref (value);
  /* The file's copy of the key goes as soon as it is in the keyring. */
  sd_key_lock (p12);
  if (!stored)
    {
      if (local_error != NULL)
        sd_key_keyring_set_error (error, local_error);
      else
        g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_TOKEN,
                     _ ("The system keyring did not store the key"));
      return NULL;
    }

  if (!write_cert_file (path, p12, error))
    {
      /* No half-imported key: take the secret out again. */
      secret_password_clear_sync (sd_key_keyring_get_schema (), NULL, NULL, "key-id", key_id, NULL);
      return NULL;
    }
  return sd_key_keyring_new_key (key_id, cert, sd_key_get_chain (p12));
}

gboolean
sd_key_keyring_remove (const char   *data_dir,
                       const char   *id,
                       GCancellable *cancellable,
                       GError      **error)
{
  const char        *key_id = sd_key_keyring_parse_id (id, error);
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *path = NULL;
  gboolean           had_secret;
  gboolean           had_file;

  if (key_id == NULL)
    return FALSE;
  path = sd_key_keyring_cert_path (data_dir, key_id);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  for (guint attempt = 0;; attempt++)
    {
      had_secret = secret_password_clear_sync (sd_key_keyring_get_schema (), NULL, &local_error,
                                               "key-id", key_id, NULL);
      if (local_error == NULL || !sd_key_keyring_reconnect_after (&local_error, attempt))
        break;
    }
  if (local_error != NULL)
    {
      sd_key_keyring_set_error (error, local_error);
      return FALSE;
    }
  had_file = g_file_test (path, G_FILE_TEST_EXISTS);
  if (had_file && g_unlink (path) != 0)
    {
      int saved = errno;

      g_set_error (
        error, G_IO_ERROR, g_io_error_from_errno (saved),
        _ (
          "The key was removed from the keyring, but its certificate file %s could not be deleted: %s"),
        path, g_strerror (saved));
      return FALSE;
    }
  if (!had_secret && !had_file)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
                   _ ("There is no key %s (see “keys list”)"), id);
      return FALSE;
    }
  return TRUE;
}
