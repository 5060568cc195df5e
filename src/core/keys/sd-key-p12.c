/* sd-key-p12.c: a key in a PKCS#12 file */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>

#include "sd-key-p12.h"

struct _SdKeyP12
{
  SdKey     parent_instance;
  EVP_PKEY *pkey;
};

G_DEFINE_FINAL_TYPE (SdKeyP12, sd_key_p12, SD_TYPE_KEY)

GBytes *
sd_evp_sign_digest (EVP_PKEY      *pkey,
                    const EVP_MD  *md,
                    const guint8  *digest,
                    gsize          digest_len,
                    GError       **error)
{
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new (pkey, NULL);
  size_t sig_len = 0;
  guint8 *sig = NULL;
  gboolean ok = FALSE;

  if (ctx == NULL || EVP_PKEY_sign_init (ctx) <= 0)
    goto out;
  if (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_RSA
      && EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) <= 0)
    goto out;
  if (EVP_PKEY_CTX_set_signature_md (ctx, md) <= 0)
    goto out;
  if (EVP_PKEY_sign (ctx, NULL, &sig_len, digest, digest_len) <= 0)
    goto out;
  sig = g_malloc (sig_len);
  if (EVP_PKEY_sign (ctx, sig, &sig_len, digest, digest_len) <= 0)
    goto out;
  ok = TRUE;

out:
  EVP_PKEY_CTX_free (ctx);
  if (!ok)
    {
      unsigned long code = ERR_get_error ();
      char buf[256] = "";

      if (code != 0)
        ERR_error_string_n (code, buf, sizeof buf);
      ERR_clear_error ();
      g_free (sig);
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   _("The key could not sign: %s"), buf);
      return NULL;
    }
  return g_bytes_new_take (sig, sig_len);
}

static GBytes *
sd_key_p12_sign_digest (SdKey         *key,
                        const EVP_MD  *md,
                        const guint8  *digest,
                        gsize          digest_len,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SdKeyP12 *self = SD_KEY_P12 (key);

  return sd_evp_sign_digest (self->pkey, md, digest, digest_len, error);
}

static gboolean
sd_key_p12_is_unlocked (SdKey *key)
{
  return SD_KEY_P12 (key)->pkey != NULL;
}

static void
sd_key_p12_lock (SdKey *key)
{
  /* EVP_PKEY_free wipes the key material. */
  g_clear_pointer (&SD_KEY_P12 (key)->pkey, EVP_PKEY_free);
}

static void
sd_key_p12_class_init (SdKeyP12Class *klass)
{
  SdKeyClass *key_class = SD_KEY_CLASS (klass);

  key_class->sign_digest = sd_key_p12_sign_digest;
  key_class->is_unlocked = sd_key_p12_is_unlocked;
  key_class->lock = sd_key_p12_lock;
}

static void
sd_key_p12_init (SdKeyP12 *self)
{
}

EVP_PKEY *
sd_key_p12_get_private_key (SdKeyP12 *self)
{
  g_return_val_if_fail (SD_IS_KEY_P12 (self), NULL);
  return self->pkey;
}

SdKey *
sd_key_p12_new_from_data (GBytes     *data,
                          const char *passphrase,
                          const char *id,
                          const char *backend,
                          const char *label,
                          GError    **error)
{
  const unsigned char *p = g_bytes_get_data (data, NULL);
  PKCS12 *p12 = d2i_PKCS12 (NULL, &p, g_bytes_get_size (data));
  EVP_PKEY *pkey = NULL;
  X509 *cert = NULL;
  STACK_OF(X509) *ca = NULL;
  SdKeyP12 *self;

  if (p12 == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   _("%s is not a PKCS#12 (.p12 / .pfx) file"), label);
      return NULL;
    }
  if (passphrase == NULL)
    passphrase = "";
  if (!PKCS12_verify_mac (p12, passphrase, -1)
      && !(passphrase[0] == '\0' && PKCS12_verify_mac (p12, NULL, 0)))
    {
      PKCS12_free (p12);
      ERR_clear_error ();
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN,
                   _("Wrong passphrase for %s"), label);
      return NULL;
    }
  if (!PKCS12_parse (p12, passphrase, &pkey, &cert, &ca))
    {
      PKCS12_free (p12);
      ERR_clear_error ();
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   _("%s could not be read: it may use an unsupported encryption"), label);
      return NULL;
    }
  PKCS12_free (p12);

  if (pkey == NULL || cert == NULL || X509_check_private_key (cert, pkey) != 1)
    {
      ERR_clear_error ();
      EVP_PKEY_free (pkey);
      X509_free (cert);
      sk_X509_pop_free (ca, X509_free);
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   _("%s holds no private key with its certificate"), label);
      return NULL;
    }

  self = g_object_new (SD_TYPE_KEY_P12, NULL);
  self->pkey = pkey;
  sd_key_set_identity (SD_KEY (self), id, backend, cert, ca);
  X509_free (cert);
  sk_X509_pop_free (ca, X509_free);
  return SD_KEY (self);
}

SdKey *
sd_key_p12_open (const char  *path,
                 const char  *passphrase,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) data = NULL;
  g_autofree char *abs = g_file_get_path (file);
  g_autofree char *id = g_strconcat ("p12:", abs, NULL);
  g_autofree char *base = g_path_get_basename (path);

  data = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (data == NULL)
    {
      g_set_error (error, SD_KEY_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? SD_KEY_ERROR_NOT_FOUND : SD_KEY_ERROR_FAILED,
                   _("Cannot read the key file %s: %s"), path, local_error->message);
      return NULL;
    }
  return sd_key_p12_new_from_data (data, passphrase, id, "pkcs12", base, error);
}
