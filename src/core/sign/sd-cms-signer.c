/* sd-cms-signer.c: the CMS SignedData of a PAdES signature */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/asn1t.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "sd-cms-signer.h"
#include "sd-signer.h"

/* The signed attributes as they are hashed: a DER SET OF. SET_ORDER sorts
 * the encoding and the stack alike. */
typedef STACK_OF(X509_ATTRIBUTE) SD_SIGNED_ATTRS;
DECLARE_ASN1_ITEM (SD_SIGNED_ATTRS)
ASN1_ITEM_TEMPLATE (SD_SIGNED_ATTRS) =
  ASN1_EX_TEMPLATE_TYPE (ASN1_TFLG_SET_ORDER, 0, SignedAttributes, X509_ATTRIBUTE)
ASN1_ITEM_TEMPLATE_END (SD_SIGNED_ATTRS)

const EVP_MD *
sd_cms_digest_for_key (SdKey *key)
{
  return EVP_sha256 ();
}

static gboolean
openssl_failed (GError     **error,
                const char  *what)
{
  unsigned long code = ERR_get_error ();
  char buf[256] = "";

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();
  g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_FAILED,
               "%s (%s)", what, buf);
  return FALSE;
}

/* DER of the signed attributes, the bytes the signature covers. The
 * SignerInfo's attributes are put in DER order first, so that every later
 * encoding of them (OpenSSL's own checks, the written CMS, a verifier)
 * yields these same bytes. */
static guint8 *
encode_signed_attributes (CMS_SignerInfo *si,
                          int            *len)
{
  SD_SIGNED_ATTRS *attrs = sk_X509_ATTRIBUTE_new_null ();
  guint8 *der = NULL;
  int n = CMS_signed_get_attr_count (si);

  for (int i = 0; i < n; i++)
    sk_X509_ATTRIBUTE_push (attrs, X509_ATTRIBUTE_dup (CMS_signed_get_attr (si, i)));
  *len = ASN1_item_i2d ((ASN1_VALUE *) attrs, &der, ASN1_ITEM_rptr (SD_SIGNED_ATTRS));

  while (CMS_signed_get_attr_count (si) > 0)
    X509_ATTRIBUTE_free (CMS_signed_delete_attr (si, 0));
  for (int i = 0; i < sk_X509_ATTRIBUTE_num (attrs); i++)
    CMS_signed_add1_attr (si, sk_X509_ATTRIBUTE_value (attrs, i));
  sk_X509_ATTRIBUTE_pop_free (attrs, X509_ATTRIBUTE_free);

  if (*len <= 0 || CMS_signed_get_attr_count (si) != n)
    {
      OPENSSL_free (der);
      return NULL;
    }
  return der;
}

static GBytes *
placeholder_signature (SdKey *key)
{
  EVP_PKEY *pub = X509_get0_pubkey (sd_key_get_certificate (key));
  int size = pub != NULL ? EVP_PKEY_get_size (pub) : 512;
  guint8 *filler = g_malloc (MAX (size, 16));

  memset (filler, 0x5a, MAX (size, 16));
  return g_bytes_new_take (filler, MAX (size, 16));
}

GBytes *
sd_cms_sign_detached (SdKey         *key,
                      const EVP_MD  *md,
                      const guint8  *content_digest,
                      gsize          digest_len,
                      gboolean       placeholder,
                      GCancellable  *cancellable,
                      GError       **error)
{
  X509 *cert = sd_key_get_certificate (key);
  STACK_OF(X509) *chain = sd_key_get_chain (key);
  CMS_ContentInfo *cms = NULL;
  CMS_SignerInfo *si;
  guint8 *attrs_der = NULL;
  int attrs_len = 0;
  guint8 attrs_digest[EVP_MAX_MD_SIZE];
  unsigned int attrs_digest_len = 0;
  g_autoptr(GBytes) signature = NULL;
  guint8 *out = NULL;
  int out_len;
  GBytes *result = NULL;

  cms = CMS_sign (NULL, NULL, NULL, NULL,
                  CMS_DETACHED | CMS_PARTIAL | CMS_BINARY);
  if (cms == NULL)
    {
      openssl_failed (error, _("The signature could not be prepared"));
      goto out;
    }

  /* The public key stands in for the private one: CMS_PARTIAL means
   * OpenSSL only sets up the SignerInfo; the key signs below. CMS_CADES adds
   * the ESS signing-certificate-v2 attribute. */
  si = CMS_add1_signer (cms, cert, X509_get0_pubkey (cert), md,
                        CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
  if (si == NULL)
    {
      openssl_failed (error, _("The signer certificate cannot be used"));
      goto out;
    }
  for (int i = 0; i < sk_X509_num (chain); i++)
    CMS_add1_cert (cms, sk_X509_value (chain, i));

  if (!CMS_signed_add1_attr_by_NID (si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                    OBJ_nid2obj (NID_pkcs7_data), -1)
      || !CMS_signed_add1_attr_by_NID (si, NID_pkcs9_messageDigest,
                                       V_ASN1_OCTET_STRING, content_digest,
                                       (int) digest_len))
    {
      openssl_failed (error, _("The signature could not be prepared"));
      goto out;
    }

  attrs_der = encode_signed_attributes (si, &attrs_len);
  if (attrs_der == NULL
      || !EVP_Digest (attrs_der, attrs_len, attrs_digest, &attrs_digest_len, md, NULL))
    {
      openssl_failed (error, _("The signature could not be prepared"));
      goto out;
    }

  if (placeholder)
    signature = placeholder_signature (key);
  else
    signature = sd_key_sign_digest (key, md, attrs_digest, attrs_digest_len,
                                    cancellable, error);
  if (signature == NULL)
    goto out;

  if (!ASN1_STRING_set (CMS_SignerInfo_get0_signature (si),
                        g_bytes_get_data (signature, NULL),
                        (int) g_bytes_get_size (signature)))
    {
      openssl_failed (error, _("The signature could not be prepared"));
      goto out;
    }

  /* Never write a signature the certificate does not vouch for, whatever a
   * token returned. */
  if (!placeholder && CMS_SignerInfo_verify (si) != 1)
    {
      ERR_clear_error ();
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_FAILED,
                   _("The key “%s” produced a signature that its own certificate does not verify: the key and certificate do not belong together"),
                   sd_key_get_label (key));
      goto out;
    }

  out_len = i2d_CMS_ContentInfo (cms, &out);
  if (out_len <= 0)
    {
      openssl_failed (error, _("The signature could not be encoded"));
      goto out;
    }
  result = g_bytes_new (out, out_len);

out:
  OPENSSL_free (out);
  OPENSSL_free (attrs_der);
  CMS_ContentInfo_free (cms);
  return result;
}

static CMS_SignerInfo *
only_signer_info (CMS_ContentInfo *cms)
{
  STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos (cms);

  if (infos == NULL || sk_CMS_SignerInfo_num (infos) != 1)
    return NULL;
  return sk_CMS_SignerInfo_value (infos, 0);
}

static CMS_ContentInfo *
parse_cms (GBytes *cms)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (cms, &len);

  return d2i_CMS_ContentInfo (NULL, &p, (long) len);
}

gboolean
sd_cms_digest_signature_value (GBytes        *cms,
                               const EVP_MD  *md,
                               guint8        *digest,
                               unsigned int  *digest_len,
                               GError       **error)
{
  CMS_ContentInfo *ci = parse_cms (cms);
  CMS_SignerInfo *si = ci != NULL ? only_signer_info (ci) : NULL;
  ASN1_OCTET_STRING *value = si != NULL ? CMS_SignerInfo_get0_signature (si) : NULL;
  gboolean ok;

  ok = value != NULL
       && EVP_Digest (ASN1_STRING_get0_data (value), ASN1_STRING_length (value),
                      digest, digest_len, md, NULL);
  CMS_ContentInfo_free (ci);
  if (!ok)
    return openssl_failed (error, _("The signature value cannot be read for its timestamp"));
  return TRUE;
}

GBytes *
sd_cms_add_signature_timestamp (GBytes  *cms,
                                GBytes  *token,
                                GError **error)
{
  CMS_ContentInfo *ci = parse_cms (cms);
  CMS_SignerInfo *si = ci != NULL ? only_signer_info (ci) : NULL;
  gsize token_len;
  const guint8 *token_der = g_bytes_get_data (token, &token_len);
  guint8 *out = NULL;
  int out_len = 0;
  GBytes *result = NULL;

  /* V_ASN1_SEQUENCE: the token's DER goes in as it is. */
  if (si == NULL
      || !CMS_unsigned_add1_attr_by_NID (si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                         token_der, (int) token_len)
      || (out_len = i2d_CMS_ContentInfo (ci, &out)) <= 0)
    openssl_failed (error, _("The timestamp cannot be added to the signature"));
  else
    result = g_bytes_new (out, out_len);
  OPENSSL_free (out);
  CMS_ContentInfo_free (ci);
  return result;
}
