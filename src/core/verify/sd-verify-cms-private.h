/* sd-verify-cms-private.h: raw signature helpers of sd-verify-cms.c */
#pragma once

#include <openssl/cms.h>

#include "sd-verify-private.h"

G_BEGIN_DECLS

/* DER of the signed attributes as a SET OF: what the signature covers. */
GBytes       *sd_vfy_cms_encode_signed_attrs (CMS_SignerInfo    *si);
/* The digest of a BSI plain-ECDSA signature algorithm OID, or NULL. */
const EVP_MD *sd_vfy_cms_plain_ecdsa_md      (const ASN1_OBJECT *oid);
/* Verifies @sig over @data with @md (ignored for EdDSA; taken from
 * @sig_alg for plain-ECDSA, whose r||s value is converted to DER). */
gboolean      sd_vfy_cms_verify_data         (EVP_PKEY          *pkey,
                                              const EVP_MD      *md,
                                              const ASN1_OBJECT *sig_alg,
                                              const guint8      *sig,
                                              gsize              sig_len,
                                              const guint8      *data,
                                              gsize              data_len);
/* Verifies @sig over a precomputed @digest (no signed attributes). */
gboolean      sd_vfy_cms_verify_digest       (EVP_PKEY          *pkey,
                                              const EVP_MD      *md,
                                              const guint8      *sig,
                                              gsize              sig_len,
                                              const guint8      *digest,
                                              gsize              digest_len);
/* PKCS#1 v1.5 signature value → the digest in its DigestInfo, and @md. */
GBytes       *sd_vfy_cms_rsa_recover         (EVP_PKEY          *pkey,
                                              const guint8      *sig,
                                              gsize              sig_len,
                                              const EVP_MD     **md);

G_END_DECLS
