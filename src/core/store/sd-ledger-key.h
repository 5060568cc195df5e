/* sd-ledger-key.h: the workstation's ledger key
 *
 * Signed tree heads are signed by one EC P-256 key per workstation,
 * generated on first use. Its private half lives in the system keyring
 * (Secret Service, schema "io.github.sealdesk.LedgerKey") when one is
 * reachable at that moment, else in <data_dir>/ledger-key.pem (mode 0600);
 * the choice is recorded in the database and never changes silently. The
 * public half (SubjectPublicKeyInfo) is in the database, so verifying needs
 * no secret. Signatures are over SHA-256: ECDSA (DER) or, for a configured
 * RSA key, PKCS#1 v1.5.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>

#include "sd-db.h"

G_BEGIN_DECLS

/* The private key, loaded or created. @data_dir holds the key file. */
EVP_PKEY *sd_ledger_key_load          (SdDb          *db,
                                       const char    *data_dir,
                                       const char    *workstation_id,
                                       GError       **error);
/* The public key recorded in @db, or NULL with an error when none yet. */
EVP_PKEY *sd_ledger_key_load_public   (SdDb          *db,
                                       GError       **error);

/* Base64 SubjectPublicKeyInfo DER, and its SHA-256 in hex. */
char     *sd_pkey_public_base64       (EVP_PKEY      *pkey);
char     *sd_pkey_public_id           (EVP_PKEY      *pkey);
EVP_PKEY *sd_pkey_from_public_base64  (const char    *base64);
/* "ecdsa-p256-sha256" or "rsa-pkcs1-sha256"; NULL for other keys. */
const char *sd_pkey_algorithm         (EVP_PKEY      *pkey);

/* SHA-256 of @data signed with @pkey; and the check of such a signature. */
GBytes   *sd_pkey_sign_sha256         (EVP_PKEY      *pkey,
                                       const void    *data,
                                       gsize          len,
                                       GError       **error);
gboolean  sd_pkey_verify_sha256       (EVP_PKEY      *pkey,
                                       const void    *data,
                                       gsize          len,
                                       const guint8  *signature,
                                       gsize          signature_len);

G_END_DECLS
