/* sd-key-store.c: every signing key Sealdesk can use, by ID */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-key-keyring.h"
#include "sd-key-p12.h"
#include "sd-key-pkcs11.h"
#include "sd-key-store.h"
#include "sd-paths.h"

typedef enum {
  BACKEND_NONE,
  BACKEND_KEYRING,
  BACKEND_PKCS11,
  BACKEND_P12,
} Backend;

static Backend
backend_of (const char *id, GError **error)
{
  if (g_str_has_prefix (id, "keyring:"))
    return BACKEND_KEYRING;
  if (g_ascii_strncasecmp (id, "pkcs11:", 7) == 0)
    return BACKEND_PKCS11;
  if (g_str_has_prefix (id, "p12:"))
    return BACKEND_P12;
  g_set_error (
    error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
    _ ("“%s” is not a key ID: IDs start with keyring:, pkcs11: or p12: (see “keys list”)"), id);
  return BACKEND_NONE;
}

static void
log_warnings (GPtrArray *warnings)
{
  for (guint i = 0; i < warnings->len; i++)
    g_debug ("key store: %s", ((GError *) g_ptr_array_index (warnings, i))->message);
}

GPtrArray *
sd_key_store_list_full (const char   *data_dir,
                        GPtrArray   **warnings_out,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autofree char      *owned_dir = data_dir == NULL ? sd_data_dir () : NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) keyring = NULL;
  g_autoptr (GPtrArray) tokens = NULL;
  g_autoptr (GError)    local_error = NULL;

  if (data_dir == NULL)
    data_dir = owned_dir;
  if (warnings_out != NULL)
    *warnings_out = NULL;

  keyring = sd_key_keyring_list (data_dir, warnings, cancellable, error);
  if (keyring == NULL)
    return NULL;
  tokens = sd_key_pkcs11_list (data_dir, warnings, cancellable, &local_error);
  if (tokens == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_add (warnings, g_steal_pointer (&local_error));
    }

  g_ptr_array_extend_and_steal (keys, g_steal_pointer (&keyring));
  if (tokens != NULL)
    g_ptr_array_extend_and_steal (keys, g_steal_pointer (&tokens));

  if (warnings_out != NULL)
    *warnings_out = g_steal_pointer (&warnings);
  else
    log_warnings (warnings);
  return g_steal_pointer (&keys);
}

GPtrArray *
sd_key_store_list (const char *data_dir, GCancellable *cancellable, GError **error)
{
  return sd_key_store_list_full (data_dir, NULL, cancellable, error);
}

static char *
p12_path (const char *id)
{
  return g_strdup (id + strlen ("p12:"));
}

SdKey *
sd_key_store_lookup (const char   *data_dir,
                     const char   *id,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autofree char   *owned_dir = data_dir == NULL ? sd_data_dir () : NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char   *path = NULL;
  SdKey             *key;

  if (data_dir == NULL)
    data_dir = owned_dir;
  switch (backend_of (id, error))
    {
    case BACKEND_KEYRING:
      return sd_key_keyring_lookup (data_dir, id, cancellable, error);
    case BACKEND_PKCS11:
      return sd_key_pkcs11_lookup (data_dir, id, cancellable, error);
    case BACKEND_P12:
      path = p12_path (id);
      key = sd_key_p12_open (path, NULL, &local_error);
      if (key == NULL && g_error_matches (local_error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN))
        {
          g_set_error (
            error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED,
            _ ("The key file %s is protected by a passphrase: give the passphrase to open it"),
            path);
          return NULL;
        }
      if (key == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return key;
    case BACKEND_NONE:
    default:
      return NULL;
    }
}

SdKey *
sd_key_store_open (const char   *data_dir,
                   const char   *id,
                   SdPinCallback pin_cb,
                   gpointer      pin_data,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr (SdKey) key = NULL;
  Backend           backend = backend_of (id, error);

  if (backend == BACKEND_NONE)
    return NULL;
  if (backend == BACKEND_P12)
    {
      g_autofree char *path = p12_path (id);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *prompt = g_strdup_printf (_ ("Passphrase for the key file “%s”"), base);
      g_autoptr (SdSecret) passphrase = NULL;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return sd_key_p12_open (path, NULL, error);
      passphrase = pin_cb != NULL ? pin_cb (prompt, -1, pin_data) : NULL;
      if (passphrase == NULL)
        {
          g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CANCELLED,
                       _ ("No passphrase was given for the key file %s"), path);
          return NULL;
        }
      return sd_key_p12_open (path, passphrase, error);
    }

  key = sd_key_store_lookup (data_dir, id, cancellable, error);
  if (key == NULL)
    return NULL;
  if (!sd_key_unlock (key, pin_cb, pin_data, cancellable, error))
    return NULL;
  return g_steal_pointer (&key);
}

SdKey *
sd_key_store_import (const char   *data_dir,
                     const char   *p12_path,
                     const char   *passphrase,
                     GCancellable *cancellable,
                     GError      **error)
{
  return sd_key_keyring_import (data_dir, p12_path, passphrase, cancellable, error);
}

gboolean
sd_key_store_remove (const char   *data_dir,
                     const char   *id,
                     GCancellable *cancellable,
                     GError      **error)
{
  switch (backend_of (id, error))
    {
    case BACKEND_KEYRING:
      return sd_key_keyring_remove (data_dir, id, cancellable, error);
    case BACKEND_PKCS11:
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_UNSUPPORTED,
                   _ ("Keys on a token are not removed by Sealdesk: use the token’s own tools"));
      return FALSE;
    case BACKEND_P12:
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_UNSUPPORTED,
        _ (
          "A key file is not removed by Sealdesk: delete the file itself if you no longer need it"));
      return FALSE;
    case BACKEND_NONE:
    default:
      return FALSE;
    }
}
