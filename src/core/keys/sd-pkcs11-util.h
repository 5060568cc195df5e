/* sd-pkcs11-util.h: pure helpers of the PKCS#11 backend
 *
 * Building what a token signs (DigestInfo for CKM_RSA_PKCS), turning what
 * it returns into what CMS wants (DER ECDSA-Sig-Value), and RFC 7512
 * "pkcs11:" URIs (through p11-kit's URI API). No token is touched here.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>
#include <p11-kit/p11-kit.h>
#include <p11-kit/uri.h>

G_BEGIN_DECLS

/* DER DigestInfo (RFC 8017, 9.2) of @digest for @md: SHA-256, SHA-384 or
 * SHA-512. Other digests: SD_KEY_ERROR_UNSUPPORTED. */
GBytes *
sd_pkcs11_digest_info (const EVP_MD *md, const guint8 *digest, gsize digest_len, GError **error);

/* A CKM_ECDSA signature (r || s, each half the length) as a DER
 * ECDSA-Sig-Value (SEQUENCE of two INTEGERs). */
GBytes *sd_pkcs11_ecdsa_raw_to_der (const guint8 *raw, gsize raw_len, GError **error);

/* The URI of a private key: token (label, manufacturer, model, serial),
 * id (CKA_ID), object (label) and type=private. @label may be NULL. */
char *
sd_pkcs11_key_uri (const CK_TOKEN_INFO *token, const guint8 *id, gsize id_len, const char *label);

/* Parses a "pkcs11:" URI. Errors: SD_KEY_ERROR_NOT_FOUND with p11-kit's
 * reason, or when the URI has parts p11-kit does not know (ignoring them
 * could pick a key the person did not mean). Free with p11_kit_uri_free(). */
P11KitUri *sd_pkcs11_uri_parse (const char *string, GError **error);

/* What the key store knows about a key on a token, for matching. */
typedef struct
{
  const CK_INFO       *module_info;
  const char          *module_path;
  const char          *module_name;
  const CK_SLOT_INFO  *slot_info; /* may be NULL */
  CK_SLOT_ID           slot_id;
  gboolean             has_slot_id;
  const CK_TOKEN_INFO *token_info;
  const guint8        *id;
  gsize                id_len;
  const char          *cert_label;
  const char          *key_label; /* NULL when the key is not visible */
} SdPkcs11KeyMatch;

/* Does @uri name this key? Every attribute the URI sets must match: the
 * library (and module-name / module-path queries), the slot, the token, id,
 * object (certificate or private key label) and type (private or cert). */
gboolean sd_pkcs11_uri_matches (P11KitUri *uri, const SdPkcs11KeyMatch *key);

/* A fixed-size, space-padded CK_UTF8CHAR field as a string. */
char *sd_pkcs11_string (const CK_UTF8CHAR *field, gsize size);

/* Sets @error from a PKCS#11 return value. @what says what failed
 * ("Opening a session on “X”"). Maps token removal to
 * SD_KEY_ERROR_NO_TOKEN, the rest to SD_KEY_ERROR_FAILED. */
void sd_pkcs11_set_error (GError **error, CK_RV rv, const char *what);

G_END_DECLS
