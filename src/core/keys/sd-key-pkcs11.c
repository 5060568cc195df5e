/* sd-key-pkcs11.c: a key on a PKCS#11 token */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-key-pkcs11.h"
#include "sd-pkcs11-util.h"

struct _SdKeyPkcs11
{
  SdKey parent_instance;

  SdPkcs11Modules *modules;
  SdPkcs11Module  *module; /* borrowed from modules */
  CK_SLOT_ID       slot;
  CK_TOKEN_INFO    token_info;
  char            *token_label;
  GBytes          *ckid;

  GMutex            mutex;   /* one operation at a time on the session */
  CK_SESSION_HANDLE session; /* CK_INVALID_HANDLE while locked */
  CK_OBJECT_HANDLE  key;
  /* Only for keys with CKA_ALWAYS_AUTHENTICATE, which want the PIN again
   * for every signature; wiped on lock. */
  char    *context_pin;
  gboolean always_authenticate;
};

G_DEFINE_FINAL_TYPE (SdKeyPkcs11, sd_key_pkcs11, SD_TYPE_KEY)

/* The slot holding our token now: where it was, or wherever it was
 * re-inserted. */
static gboolean
find_slot (SdKeyPkcs11 *self, CK_TOKEN_INFO *info, GError **error)
{
  CK_FUNCTION_LIST      *f = self->module->funcs;
  g_autofree CK_SLOT_ID *slots = NULL;
  CK_ULONG               n = 0;

  if (f->C_GetTokenInfo (self->slot, info) == CKR_OK &&
      sd_pkcs11_token_info_equal (info, &self->token_info))
    return TRUE;

  if (f->C_GetSlotList (CK_TRUE, NULL, &n) == CKR_OK && n > 0)
    {
      slots = g_new0 (CK_SLOT_ID, n);
      if (f->C_GetSlotList (CK_TRUE, slots, &n) != CKR_OK)
        n = 0;
    }
  for (CK_ULONG i = 0; i < n; i++)
    {
      if (f->C_GetTokenInfo (slots[i], info) == CKR_OK &&
          sd_pkcs11_token_info_equal (info, &self->token_info))
        {
          self->slot = slots[i];
          return TRUE;
        }
    }
  g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_TOKEN,
               _ ("The token “%s” is not inserted: insert it and try again"), self->token_label);
  return FALSE;
}

static void
set_bad_pin_error (SdKeyPkcs11 *self, GError **error)
{
  CK_TOKEN_INFO info;
  CK_FLAGS      flags = 0;

  /* The flags tell how many tries are left after this failure. */
  if (self->module->funcs->C_GetTokenInfo (self->slot, &info) == CKR_OK)
    flags = info.flags;

  if (flags & CKF_USER_PIN_LOCKED)
    g_set_error (
      error, SD_KEY_ERROR, SD_KEY_ERROR_PIN_LOCKED,
      _ (
        "Wrong PIN. The token “%s” is now locked: it must be unlocked with its administrator PIN (PUK) before it can sign again."),
      self->token_label);
  else if (flags & CKF_USER_PIN_FINAL_TRY)
    g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN,
                 _ ("Wrong PIN. Only one try is left before the token locks."));
  else if (flags & CKF_USER_PIN_COUNT_LOW)
    g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN,
                 _ ("Wrong PIN. Only a few tries are left before the token locks."));
  else
    g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN, _ ("Wrong PIN for the token “%s”."),
                 self->token_label);
}

/* Logs in once with the PIN the callback gives. Never asks twice. On
 * success, *pin_out holds the PIN (NULL with a PIN pad). */
static gboolean
login (SdKeyPkcs11         *self,
       CK_SESSION_HANDLE    session,
       const CK_TOKEN_INFO *info,
       SdPinCallback        pin_cb,
       gpointer             pin_data,
       GCancellable        *cancellable,
       char               **pin_out,
       GError             **error)
{
  CK_FUNCTION_LIST    *f = self->module->funcs;
  g_autoptr (SdSecret) pin = NULL;
  g_autofree char     *prompt = NULL;
  CK_RV                rv;

  *pin_out = NULL;
  if (info->flags & CKF_PROTECTED_AUTHENTICATION_PATH)
    {
      /* The PIN is typed on the reader's own keypad. */
      rv = f->C_Login (session, CKU_USER, NULL, 0);
    }
  else
    {
      int tries_left = (info->flags & CKF_USER_PIN_FINAL_TRY) ? 1 : -1;

      if (pin_cb == NULL)
        {
          g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED,
                       _ ("The token “%s” needs a PIN, and none was given"), self->token_label);
          return FALSE;
        }
      if (info->flags & CKF_USER_PIN_COUNT_LOW)
        prompt = g_strdup_printf (
          _ ("PIN for the token “%s” (wrong PINs were entered before: only a few tries are left)"),
          self->token_label);
      else
        prompt = g_strdup_printf (_ ("PIN for the token “%s”"), self->token_label);
      pin = pin_cb (prompt, tries_left, pin_data);
      if (pin == NULL)
        {
          g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CANCELLED,
                       _ ("No PIN was entered for the token “%s”"), self->token_label);
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      rv = f->C_Login (session, CKU_USER, (CK_UTF8CHAR_PTR) pin, strlen (pin));
    }

  switch (rv)
    {
    case CKR_OK:
    case CKR_USER_ALREADY_LOGGED_IN:
      *pin_out = g_steal_pointer (&pin);
      return TRUE;
    case CKR_PIN_INCORRECT:
    case CKR_PIN_INVALID:
    case CKR_PIN_LEN_RANGE:
      set_bad_pin_error (self, error);
      return FALSE;
    case CKR_PIN_LOCKED:
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_PIN_LOCKED,
        _ (
          "The token “%s” is locked after too many wrong PINs: it must be unlocked with its administrator PIN (PUK)"),
        self->token_label);
      return FALSE;
    case CKR_PIN_EXPIRED:
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN,
        _ ("The PIN of the token “%s” has expired: change it with the token’s own tools"),
        self->token_label);
      return FALSE;
    case CKR_FUNCTION_CANCELED:
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CANCELLED,
                   _ ("The PIN entry on the reader was cancelled"));
      return FALSE;
    default:
      {
        g_autofree char *what =
          g_strdup_printf (_ ("Logging in to the token “%s”"), self->token_label);

        sd_pkcs11_set_error (error, rv, what);
        return FALSE;
      }
    }
}

static CK_OBJECT_HANDLE
find_private_key (SdKeyPkcs11 *self, CK_SESSION_HANDLE session, GError **error)
{
  CK_FUNCTION_LIST *f = self->module->funcs;
  CK_OBJECT_CLASS   klass = CKO_PRIVATE_KEY;
  gsize             id_len;
  const guint8     *id = g_bytes_get_data (self->ckid, &id_len);
  CK_ATTRIBUTE      templ[] = {
         { CKA_CLASS, &klass, sizeof klass },
         { CKA_ID, (void *) id, id_len },
  };
  CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
  CK_ULONG         found = 0;
  CK_RV            rv;

  rv = f->C_FindObjectsInit (session, templ, G_N_ELEMENTS (templ));
  if (rv == CKR_OK)
    {
      rv = f->C_FindObjects (session, &handle, 1, &found);
      f->C_FindObjectsFinal (session);
    }
  if (rv != CKR_OK)
    {
      g_autofree char *what =
        g_strdup_printf (_ ("Looking for the private key on “%s”"), self->token_label);

      sd_pkcs11_set_error (error, rv, what);
      return CK_INVALID_HANDLE;
    }
  if (found == 0)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
                   _ ("The token “%s” holds no private key for the certificate “%s”"),
                   self->token_label, sd_key_get_label (SD_KEY (self)));
      return CK_INVALID_HANDLE;
    }
  return handle;
}

static gboolean
sd_key_pkcs11_unlock (SdKey        *key,
                      SdPinCallback pin_cb,
                      gpointer      pin_data,
                      GCancellable *cancellable,
                      GError      **error)
{
  SdKeyPkcs11             *self = SD_KEY_PKCS11 (key);
  CK_FUNCTION_LIST        *f = self->module->funcs;
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (SdSecret)     pin = NULL;
  CK_SESSION_HANDLE        session = CK_INVALID_HANDLE;
  CK_OBJECT_HANDLE         handle;
  CK_BBOOL                 always = CK_FALSE;
  CK_ATTRIBUTE             attr = { CKA_ALWAYS_AUTHENTICATE, &always, sizeof always };
  CK_TOKEN_INFO            info;
  CK_RV                    rv;

  if (self->session != CK_INVALID_HANDLE)
    return TRUE;
  if (!find_slot (self, &info, error))
    return FALSE;
  if (info.flags & CKF_USER_PIN_LOCKED)
    {
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_PIN_LOCKED,
        _ (
          "The token “%s” is locked after too many wrong PINs: it must be unlocked with its administrator PIN (PUK)"),
        self->token_label);
      return FALSE;
    }

  rv = f->C_OpenSession (self->slot, CKF_SERIAL_SESSION, NULL, NULL, &session);
  if (rv != CKR_OK)
    {
      g_autofree char *what =
        g_strdup_printf (_ ("Opening a session on the token “%s”"), self->token_label);

      sd_pkcs11_set_error (error, rv, what);
      return FALSE;
    }
  if ((info.flags & CKF_LOGIN_REQUIRED) &&
      !login (self, session, &info, pin_cb, pin_data, cancellable, &pin, error))
    {
      f->C_CloseSession (session);
      return FALSE;
    }
  handle = find_private_key (self, session, error);
  if (handle == CK_INVALID_HANDLE)
    {
      f->C_CloseSession (session);
      return FALSE;
    }

  if (f->C_GetAttributeValue (session, handle, &attr, 1) != CKR_OK)
    always = CK_FALSE;
  self->always_authenticate = always == CK_TRUE;
  if (self->always_authenticate)
    self->context_pin = g_steal_pointer (&pin);
  self->session = session;
  self->key = handle;
  return TRUE;
}

static void
forget_session (SdKeyPkcs11 *self)
{
  self->session = CK_INVALID_HANDLE;
  self->key = CK_INVALID_HANDLE;
  g_clear_pointer (&self->context_pin, sd_secret_free);
}

static GBytes *
sd_key_pkcs11_sign_digest (SdKey        *key,
                           const EVP_MD *md,
                           const guint8 *digest,
                           gsize         digest_len,
                           GCancellable *cancellable,
                           GError      **error)
{
  SdKeyPkcs11             *self = SD_KEY_PKCS11 (key);
  CK_FUNCTION_LIST        *f = self->module->funcs;
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (GBytes)       info = NULL;
  g_autofree guint8       *sig = NULL;
  CK_MECHANISM             mech = { 0, NULL, 0 };
  const guint8            *data;
  gsize                    data_len;
  CK_ULONG                 sig_len = 0;
  CK_RV                    rv;

  if (self->session == CK_INVALID_HANDLE)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED,
                   _ ("The key “%s” is locked: unlock it before signing"), sd_key_get_label (key));
      return NULL;
    }

  switch (sd_key_get_key_type (key))
    {
    case SD_KEY_TYPE_RSA:
      info = sd_pkcs11_digest_info (md, digest, digest_len, error);
      if (info == NULL)
        return NULL;
      data = g_bytes_get_data (info, &data_len);
      mech.mechanism = CKM_RSA_PKCS;
      break;
    case SD_KEY_TYPE_EC:
      data = digest;
      data_len = digest_len;
      mech.mechanism = CKM_ECDSA;
      break;
    case SD_KEY_TYPE_UNKNOWN:
    default:
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_UNSUPPORTED,
                   _ ("The key “%s” is neither RSA nor EC: Sealdesk cannot sign with it"),
                   sd_key_get_label (key));
      return NULL;
    }

  rv = f->C_SignInit (self->session, &mech, self->key);
  if (rv == CKR_OK && self->always_authenticate)
    rv = f->C_Login (self->session, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR_PTR) self->context_pin,
                     self->context_pin != NULL ? strlen (self->context_pin) : 0);
  if (rv == CKR_OK)
    rv = f->C_Sign (self->session, (CK_BYTE_PTR) data, data_len, NULL, &sig_len);
  if (rv == CKR_OK)
    {
      sig = g_malloc0 (MAX (sig_len, 1));
      rv = f->C_Sign (self->session, (CK_BYTE_PTR) data, data_len, sig, &sig_len);
    }
  if (rv != CKR_OK)
    {
      g_autofree char *what =
        g_strdup_printf (_ ("Signing with the token “%s”"), self->token_label);

      sd_pkcs11_set_error (error, rv, what);
      /* A removed token invalidates the session: the key is locked now. */
      if (g_error_matches (*error, SD_KEY_ERROR, SD_KEY_ERROR_NO_TOKEN))
        forget_session (self);
      return NULL;
    }

  if (mech.mechanism == CKM_ECDSA)
    return sd_pkcs11_ecdsa_raw_to_der (sig, sig_len, error);
  return g_bytes_new_take (g_steal_pointer (&sig), sig_len);
}

static void
sd_key_pkcs11_lock (SdKey *key)
{
  SdKeyPkcs11             *self = SD_KEY_PKCS11 (key);
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  if (self->session != CK_INVALID_HANDLE)
    self->module->funcs->C_CloseSession (self->session);
  forget_session (self);
}

static gboolean
sd_key_pkcs11_is_unlocked (SdKey *key)
{
  SdKeyPkcs11             *self = SD_KEY_PKCS11 (key);
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->session != CK_INVALID_HANDLE;
}

static void
sd_key_pkcs11_finalize (GObject *object)
{
  SdKeyPkcs11 *self = SD_KEY_PKCS11 (object);

  /* SdKey's dispose has locked the key (closed the session) already. */
  g_clear_pointer (&self->ckid, g_bytes_unref);
  g_clear_pointer (&self->token_label, g_free);
  g_clear_pointer (&self->modules, sd_pkcs11_modules_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sd_key_pkcs11_parent_class)->finalize (object);
}

static void
sd_key_pkcs11_class_init (SdKeyPkcs11Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SdKeyClass   *key_class = SD_KEY_CLASS (klass);

  object_class->finalize = sd_key_pkcs11_finalize;
  key_class->unlock = sd_key_pkcs11_unlock;
  key_class->sign_digest = sd_key_pkcs11_sign_digest;
  key_class->lock = sd_key_pkcs11_lock;
  key_class->is_unlocked = sd_key_pkcs11_is_unlocked;
}

static void
sd_key_pkcs11_init (SdKeyPkcs11 *self)
{
  g_mutex_init (&self->mutex);
}

SdKey *
sd_key_pkcs11_new (SdPkcs11Modules     *modules,
                   const SdPkcs11Token *token,
                   GBytes              *ckid,
                   const char          *label,
                   X509                *cert,
                   STACK_OF (X509)     *chain)
{
  SdKeyPkcs11     *self = g_object_new (SD_TYPE_KEY_PKCS11, NULL);
  gsize            id_len;
  const guint8    *id = g_bytes_get_data (ckid, &id_len);
  g_autofree char *uri = sd_pkcs11_key_uri (&token->info, id, id_len, label);

  self->modules = sd_pkcs11_modules_ref (modules);
  self->module = token->module;
  self->slot = token->slot;
  self->token_info = token->info;
  self->token_label = g_strdup (token->label);
  self->ckid = g_bytes_ref (ckid);
  sd_key_set_identity (SD_KEY (self), uri, "pkcs11", cert, chain);
  return SD_KEY (self);
}

const char *
sd_key_pkcs11_get_token_label (SdKeyPkcs11 *self)
{
  g_return_val_if_fail (SD_IS_KEY_PKCS11 (self), NULL);
  return self->token_label;
}

const char *
sd_key_pkcs11_get_module_name (SdKeyPkcs11 *self)
{
  g_return_val_if_fail (SD_IS_KEY_PKCS11 (self), NULL);
  return self->module->name;
}
