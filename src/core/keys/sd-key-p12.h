/* sd-key-p12.h: a key in a PKCS#12 file */
#pragma once

#include "sd-key.h"

G_BEGIN_DECLS

#define SD_TYPE_KEY_P12 (sd_key_p12_get_type ())
G_DECLARE_FINAL_TYPE (SdKeyP12, sd_key_p12, SD, KEY_P12, SdKey)

/* Reads @path with @passphrase (may be NULL or empty). Errors:
 * SD_KEY_ERROR_BAD_PIN for a wrong passphrase, SD_KEY_ERROR_NOT_FOUND when
 * the file is missing, SD_KEY_ERROR_FAILED when it is not PKCS#12 or holds
 * no key with its certificate. The key is usable at once. */
SdKey *sd_key_p12_open        (const char  *path,
                               const char  *passphrase,
                               GError     **error);
/* The same from bytes already in memory (@label names them in errors). */
SdKey *sd_key_p12_new_from_data (GBytes    *data,
                                 const char *passphrase,
                                 const char *id,
                                 const char *backend,
                                 const char *label,
                                 GError    **error);

/* The private key, for backends that store it elsewhere (keyring import).
 * Borrowed. */
EVP_PKEY *sd_key_p12_get_private_key (SdKeyP12 *self);

/* Sign @digest with an in-memory private key: PKCS#1 v1.5 for RSA,
 * DER ECDSA-Sig-Value for EC. Shared with other software-key backends. */
GBytes *sd_evp_sign_digest (EVP_PKEY      *pkey,
                            const EVP_MD  *md,
                            const guint8  *digest,
                            gsize          digest_len,
                            GError       **error);

G_END_DECLS
