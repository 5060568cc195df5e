/* sd-key-pkcs11.h: a key on a PKCS#11 token (smart card, USB key, HSM)
 *
 * The private key never leaves the token: unlocking logs in once (C_Login
 * with the PIN from the SdPinCallback) and keeps the session open until
 * sd_key_lock(); signing sends the DigestInfo (CKM_RSA_PKCS) or the digest
 * (CKM_ECDSA) to the token. IDs are RFC 7512 URIs:
 * "pkcs11:model=…;manufacturer=…;serial=…;token=…;id=%01;object=…;type=private".
 */
#pragma once

#include "sd-key.h"
#include "sd-pkcs11-modules.h"

G_BEGIN_DECLS

#define SD_TYPE_KEY_PKCS11 (sd_key_pkcs11_get_type ())
G_DECLARE_FINAL_TYPE (SdKeyPkcs11, sd_key_pkcs11, SD, KEY_PKCS11, SdKey)

/* Every key (a certificate with a private key of the same CKA_ID) on every
 * token present. Tokens and modules that fail add a GError to @warnings
 * (may be NULL) and do not hide the others. Array of SdKey. */
GPtrArray *sd_key_pkcs11_list (const char   *data_dir,
                               GPtrArray    *warnings,
                               GCancellable *cancellable,
                               GError      **error);
/* The key that the "pkcs11:" URI @uri names. Errors: SD_KEY_ERROR_NOT_FOUND
 * (bad URI, or no such key), SD_KEY_ERROR_NO_TOKEN (no matching token
 * inserted), SD_KEY_ERROR_FAILED (the URI names several keys). */
SdKey *sd_key_pkcs11_lookup (const char   *data_dir,
                             const char   *uri,
                             GCancellable *cancellable,
                             GError      **error);

const char *sd_key_pkcs11_get_token_label (SdKeyPkcs11 *self);
const char *sd_key_pkcs11_get_module_name (SdKeyPkcs11 *self);

/* For the token scanner: a key whose certificate is @cert, private key
 * found by @ckid on @token. */
SdKey *sd_key_pkcs11_new (SdPkcs11Modules     *modules,
                          const SdPkcs11Token *token,
                          GBytes              *ckid,
                          const char          *label,
                          X509                *cert,
                          STACK_OF (X509)     *chain);

G_END_DECLS
