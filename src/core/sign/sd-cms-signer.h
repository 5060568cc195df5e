/* sd-cms-signer.h: the CMS SignedData of a PAdES signature
 *
 * Builds a detached CMS SignedData for ETSI.CAdES.detached: one SignerInfo,
 * signer certificate and chain included, signed attributes content-type,
 * message-digest and ESS signing-certificate-v2, and no signing-time (PAdES
 * keeps the claimed time in the signature dictionary's /M). The signature
 * value comes from an SdKey, so the private key may stay on a token.
 */
#pragma once

#include <openssl/evp.h>

#include "sd-key.h"

G_BEGIN_DECLS

/* The digest algorithm used for @key's signatures. */
const EVP_MD *sd_cms_digest_for_key   (SdKey         *key);

/* Returns the DER-encoded ContentInfo. With @placeholder, no key operation
 * happens and the signature value is filler of the largest size the key can
 * produce: its length is an upper bound for the real one. */
GBytes       *sd_cms_sign_detached    (SdKey         *key,
                                       const EVP_MD  *md,
                                       const guint8  *content_digest,
                                       gsize          digest_len,
                                       gboolean       placeholder,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* The digest with @md of the signature value of the CMS @cms (its only
 * SignerInfo): what a signature timestamp's imprint covers. */
gboolean      sd_cms_digest_signature_value (GBytes        *cms,
                                             const EVP_MD  *md,
                                             guint8        *digest,
                                             unsigned int  *digest_len,
                                             GError       **error);

/* @cms with the RFC 3161 @token (DER TimeStampToken) added as the unsigned
 * attribute id-aa-signatureTimeStampToken of its SignerInfo. */
GBytes       *sd_cms_add_signature_timestamp (GBytes       *cms,
                                              GBytes       *token,
                                              GError      **error);

G_END_DECLS
