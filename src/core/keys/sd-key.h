/* sd-key.h: a signing key, wherever it lives
 *
 * SdKey is the abstract "sign this digest" object that the PAdES signer uses.
 * Backends (PKCS#12 file, system keyring, PKCS#11 token) subclass it; the
 * private key never has to leave its backend: the signer hands over a digest
 * and receives the signature value.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/x509.h>

#include "sd-secret.h"

G_BEGIN_DECLS

#define SD_KEY_ERROR (sd_key_error_quark ())

typedef enum {
  SD_KEY_ERROR_FAILED,          /* anything else, with a message */
  SD_KEY_ERROR_NOT_FOUND,       /* no key with that ID */
  SD_KEY_ERROR_BAD_PIN,         /* wrong PIN or passphrase */
  SD_KEY_ERROR_PIN_LOCKED,      /* too many wrong PINs: token locked */
  SD_KEY_ERROR_NO_TOKEN,        /* token or keyring not present */
  SD_KEY_ERROR_LOCKED,          /* key must be unlocked first */
  SD_KEY_ERROR_CANCELLED,       /* person cancelled the PIN prompt */
  SD_KEY_ERROR_UNSUPPORTED,     /* key type or mechanism not supported */
  SD_KEY_ERROR_CERTIFICATE,     /* certificate unusable for signing */
  SD_KEY_ERROR_NO_KEYRING,      /* the keyring has no default collection to store into */
} SdKeyError;

GQuark sd_key_error_quark (void);

typedef enum {
  SD_KEY_TYPE_UNKNOWN,
  SD_KEY_TYPE_RSA,
  SD_KEY_TYPE_EC,
} SdKeyType;

#define SD_TYPE_KEY (sd_key_get_type ())
G_DECLARE_DERIVABLE_TYPE (SdKey, sd_key, SD, KEY, GObject)

struct _SdKeyClass
{
  GObjectClass parent_class;

  /* Make the private key usable, asking for a PIN through @pin_cb when the
   * backend needs one. Never retries a wrong PIN by itself. */
  gboolean (*unlock)      (SdKey          *self,
                           SdPinCallback   pin_cb,
                           gpointer        pin_data,
                           GCancellable   *cancellable,
                           GError        **error);
  /* Sign @digest (already computed with @md, e.g. EVP_sha256()).
   * RSA keys return a PKCS#1 v1.5 signature (DigestInfo wrapped by the
   * backend); EC keys return a DER-encoded ECDSA-Sig-Value. */
  GBytes  *(*sign_digest) (SdKey          *self,
                           const EVP_MD   *md,
                           const guint8   *digest,
                           gsize           digest_len,
                           GCancellable   *cancellable,
                           GError        **error);
  /* Forget the unlocked key or close the token session. */
  void     (*lock)        (SdKey          *self);
  gboolean (*is_unlocked) (SdKey          *self);

  gpointer padding[8];
};

/* Stable, printable ID: a PKCS#11 URI, "keyring:…" or "p12:/path". */
const char     *sd_key_get_id               (SdKey          *self);
/* "pkcs12", "keyring" or "pkcs11". */
const char     *sd_key_get_backend          (SdKey          *self);
/* Human label, e.g. the certificate subject's common name. */
const char     *sd_key_get_label            (SdKey          *self);
/* Borrowed; valid as long as @self. */
X509           *sd_key_get_certificate      (SdKey          *self);
/* Borrowed chain without the signer certificate (may be empty, never NULL). */
STACK_OF(X509) *sd_key_get_chain            (SdKey          *self);
SdKeyType       sd_key_get_key_type         (SdKey          *self);
/* Size of the key in bits (RSA modulus, EC order). */
int             sd_key_get_bits             (SdKey          *self);

gboolean        sd_key_unlock               (SdKey          *self,
                                             SdPinCallback   pin_cb,
                                             gpointer        pin_data,
                                             GCancellable   *cancellable,
                                             GError        **error);
GBytes         *sd_key_sign_digest          (SdKey          *self,
                                             const EVP_MD   *md,
                                             const guint8   *digest,
                                             gsize           digest_len,
                                             GCancellable   *cancellable,
                                             GError        **error);
void            sd_key_lock                 (SdKey          *self);
gboolean        sd_key_is_unlocked          (SdKey          *self);

/* Can this certificate sign documents now? Checks validity period, key
 * usage and extended key usage (sd_x509_document_signing_purpose()). On failure, @error names the
 * problem in words a person can act on. @now: seconds since epoch, or 0. */
gboolean        sd_key_check_certificate    (SdKey          *self,
                                             gint64          now,
                                             GError        **error);

/* For subclasses: call once while constructing. @cert is up-ref'ed, @chain
 * deep-copied (references). */
void            sd_key_set_identity         (SdKey          *self,
                                             const char     *id,
                                             const char     *backend,
                                             X509           *cert,
                                             STACK_OF(X509) *chain);

/* Small helpers shared by backends and reports. */
char           *sd_x509_name_to_string      (const X509_NAME *name);
char           *sd_x509_common_name         (const X509_NAME *name);
char           *sd_x509_serial_to_string    (const X509     *cert);
gint64          sd_x509_not_before          (const X509     *cert);
gint64          sd_x509_not_after           (const X509     *cert);

/* The document-signing purpose of a certificate (the one policy of signer
 * and verifier): keyUsage, when present, must allow digitalSignature or
 * nonRepudiation; an extendedKeyUsage, when present, must name a document
 * purpose: emailProtection, Adobe Authentic Documents
 * (1.2.840.113583.1.1.5), Microsoft document signing
 * (1.3.6.1.4.1.311.10.3.12) or anyExtendedKeyUsage. A certificate for TLS
 * servers only, or a CA certificate with keyCertSign only, is not one. */
typedef enum {
  SD_X509_PURPOSE_OK,
  SD_X509_PURPOSE_KEY_USAGE,       /* keyUsage allows no signatures */
  SD_X509_PURPOSE_EXTENDED,        /* extendedKeyUsage names no document purpose */
} SdX509Purpose;

SdX509Purpose   sd_x509_document_signing_purpose (X509      *cert);

/* The key-size policy of signer and verifier: RSA and DSA keys under 2048
 * bits and elliptic curves under 256 bits are weak. @bits gets the key's
 * size (may be NULL). */
typedef enum {
  SD_X509_KEY_OK,
  SD_X509_KEY_WEAK_RSA,            /* RSA or DSA under 2048 bits */
  SD_X509_KEY_WEAK_EC,             /* curve under 256 bits */
} SdX509KeyStrength;

SdX509KeyStrength sd_x509_key_strength         (X509      *cert,
                                                int       *bits);

G_END_DECLS
