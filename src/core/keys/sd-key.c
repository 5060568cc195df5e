/* sd-key.c: a signing key, wherever it lives */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "sd-key.h"

typedef struct
{
  char           *id;
  char           *backend;
  char           *label;
  X509           *cert;
  STACK_OF(X509) *chain;
} SdKeyPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SdKey, sd_key, G_TYPE_OBJECT)

G_DEFINE_QUARK (sd-key-error-quark, sd_key_error)

static void
sd_key_finalize (GObject *object)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (SD_KEY (object));

  g_clear_pointer (&priv->id, g_free);
  g_clear_pointer (&priv->backend, g_free);
  g_clear_pointer (&priv->label, g_free);
  g_clear_pointer (&priv->cert, X509_free);
  if (priv->chain != NULL)
    sk_X509_pop_free (priv->chain, X509_free);

  G_OBJECT_CLASS (sd_key_parent_class)->finalize (object);
}

static void
sd_key_dispose (GObject *object)
{
  sd_key_lock (SD_KEY (object));
  G_OBJECT_CLASS (sd_key_parent_class)->dispose (object);
}

static gboolean
sd_key_real_unlock (SdKey          *self,
                    SdPinCallback   pin_cb,
                    gpointer        pin_data,
                    GCancellable   *cancellable,
                    GError        **error)
{
  return TRUE;
}

static void
sd_key_real_lock (SdKey *self)
{
}

static gboolean
sd_key_real_is_unlocked (SdKey *self)
{
  return TRUE;
}

static void
sd_key_class_init (SdKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_key_dispose;
  object_class->finalize = sd_key_finalize;
  klass->unlock = sd_key_real_unlock;
  klass->lock = sd_key_real_lock;
  klass->is_unlocked = sd_key_real_is_unlocked;
}

static void
sd_key_init (SdKey *self)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (self);

  priv->chain = sk_X509_new_null ();
}

void
sd_key_set_identity (SdKey          *self,
                     const char     *id,
                     const char     *backend,
                     X509           *cert,
                     STACK_OF(X509) *chain)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (self);

  g_return_if_fail (SD_IS_KEY (self));
  g_return_if_fail (cert != NULL);

  g_free (priv->id);
  priv->id = g_strdup (id);
  g_free (priv->backend);
  priv->backend = g_strdup (backend);

  X509_up_ref (cert);
  g_clear_pointer (&priv->cert, X509_free);
  priv->cert = cert;

  sk_X509_pop_free (priv->chain, X509_free);
  priv->chain = sk_X509_new_null ();
  for (int i = 0; chain != NULL && i < sk_X509_num (chain); i++)
    {
      X509 *c = sk_X509_value (chain, i);

      /* The chain never repeats the signer certificate. */
      if (X509_cmp (c, cert) == 0)
        continue;
      X509_up_ref (c);
      sk_X509_push (priv->chain, c);
    }

  g_free (priv->label);
  priv->label = sd_x509_common_name (X509_get_subject_name (cert));
  if (priv->label == NULL)
    priv->label = sd_x509_name_to_string (X509_get_subject_name (cert));
}

const char *
sd_key_get_id (SdKey *self)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (self);

  g_return_val_if_fail (SD_IS_KEY (self), NULL);
  return priv->id;
}

const char *
sd_key_get_backend (SdKey *self)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (self);

  g_return_val_if_fail (SD_IS_KEY (self), NULL);
  return priv->backend;
}

const char *
sd_key_get_label (SdKey *self)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (self);

  g_return_val_if_fail (SD_IS_KEY (self), NULL);
  return priv->label;
}

X509 *
sd_key_get_certificate (SdKey *self)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (self);

  g_return_val_if_fail (SD_IS_KEY (self), NULL);
  return priv->cert;
}

STACK_OF(X509) *
sd_key_get_chain (SdKey *self)
{
  SdKeyPrivate *priv = sd_key_get_instance_private (self);

  g_return_val_if_fail (SD_IS_KEY (self), NULL);
  return priv->chain;
}

SdKeyType
sd_key_get_key_type (SdKey *self)
{
  X509 *cert = sd_key_get_certificate (self);
  EVP_PKEY *pub;

  if (cert == NULL || (pub = X509_get0_pubkey (cert)) == NULL)
    return SD_KEY_TYPE_UNKNOWN;
  switch (EVP_PKEY_get_base_id (pub))
    {
    case EVP_PKEY_RSA:
      return SD_KEY_TYPE_RSA;
    case EVP_PKEY_EC:
      return SD_KEY_TYPE_EC;
    default:
      return SD_KEY_TYPE_UNKNOWN;
    }
}

int
sd_key_get_bits (SdKey *self)
{
  X509 *cert = sd_key_get_certificate (self);
  EVP_PKEY *pub;

  if (cert == NULL || (pub = X509_get0_pubkey (cert)) == NULL)
    return 0;
  return EVP_PKEY_get_bits (pub);
}

gboolean
sd_key_unlock (SdKey          *self,
               SdPinCallback   pin_cb,
               gpointer        pin_data,
               GCancellable   *cancellable,
               GError        **error)
{
  g_return_val_if_fail (SD_IS_KEY (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return SD_KEY_GET_CLASS (self)->unlock (self, pin_cb, pin_data, cancellable, error);
}

GBytes *
sd_key_sign_digest (SdKey         *self,
                    const EVP_MD  *md,
                    const guint8  *digest,
                    gsize          digest_len,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (SD_IS_KEY (self), NULL);
  g_return_val_if_fail (md != NULL, NULL);
  g_return_val_if_fail (digest != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if ((gsize) EVP_MD_get_size (md) != digest_len)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   "digest length %" G_GSIZE_FORMAT " does not match %s",
                   digest_len, EVP_MD_get0_name (md));
      return NULL;
    }
  if (!sd_key_is_unlocked (self))
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED,
                   _("The key “%s” is locked: unlock it before signing"),
                   sd_key_get_label (self));
      return NULL;
    }
  return SD_KEY_GET_CLASS (self)->sign_digest (self, md, digest, digest_len,
                                               cancellable, error);
}

void
sd_key_lock (SdKey *self)
{
  g_return_if_fail (SD_IS_KEY (self));
  SD_KEY_GET_CLASS (self)->lock (self);
}

gboolean
sd_key_is_unlocked (SdKey *self)
{
  g_return_val_if_fail (SD_IS_KEY (self), FALSE);
  return SD_KEY_GET_CLASS (self)->is_unlocked (self);
}
