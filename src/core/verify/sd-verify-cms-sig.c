/* sd-verify-cms-sig.c: verifying raw signature values
 *
 * OpenSSL's CMS_SignerInfo_verify() covers RSA, RSASSA-PSS and ECDSA. PDF
 * signers also use algorithms it does not take there: BSI plain-ECDSA
 * (r||s instead of DER), Ed25519 (no separate digest), and the legacy
 * adbe.x509.rsa_sha1 PKCS#1 value. These helpers verify those with EVP.
 */
#include "config.h"

#include <string.h>

#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "sd-verify-cms-private.h"

static int
compare_der (gconstpointer a,
             gconstpointer b)
{
  GBytes *x = *(GBytes **) a;
  GBytes *y = *(GBytes **) b;
  gsize lx, ly;
  const guint8 *dx = g_bytes_get_data (x, &lx);
  const guint8 *dy = g_bytes_get_data (y, &ly);
  int c = memcmp (dx, dy, MIN (lx, ly));

  if (c != 0)
    return c;
  return lx < ly ? -1 : lx > ly;
}

/* DER of the signed attributes as a SET OF (what the signature covers). */
GBytes *
sd_vfy_cms_encode_signed_attrs (CMS_SignerInfo *si)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GByteArray *out = g_byte_array_new ();
  gsize total = 0;
  int n = CMS_signed_get_attr_count (si);
  guint8 header[6];
  gsize hlen;

  for (int i = 0; i < n; i++)
    {
      unsigned char *der = NULL;
      int len = i2d_X509_ATTRIBUTE (CMS_signed_get_attr (si, i), &der);

      if (len <= 0)
        continue;
      g_ptr_array_add (parts, g_bytes_new (der, len));
      OPENSSL_free (der);
      total += len;
    }
  g_ptr_array_sort (parts, compare_der);

  header[0] = 0x31;
  if (total < 0x80)
    {
      header[1] = total;
      hlen = 2;
    }
  else if (total < 0x100)
    {
      header[1] = 0x81, header[2] = total;
      hlen = 3;
    }
  else if (total < 0x10000)
    {
      header[1] = 0x82, header[2] = total >> 8, header[3] = total & 0xff;
      hlen = 4;
    }
  else
    {
      header[1] = 0x83, header[2] = total >> 16, header[3] = (total >> 8) & 0xff,
      header[4] = total & 0xff;
      hlen = 5;
    }
  g_byte_array_append (out, header, hlen);
  for (guint i = 0; i < parts->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (parts, i), &len);

      g_byte_array_append (out, data, len);
    }
  return g_byte_array_free_to_bytes (out);
}

/* BSI TR-03111 plain-ECDSA: 0.4.0.127.0.7.1.1.4.1.{1..5} */
const EVP_MD *
sd_vfy_cms_plain_ecdsa_md (const ASN1_OBJECT *oid)
{
  char text[64];
  static const char prefix[] = "0.4.0.127.0.7.1.1.4.1.";

  if (oid == NULL || OBJ_obj2txt (text, sizeof text, oid, 1) <= 0
      || !g_str_has_prefix (text, prefix))
    return NULL;
  switch (text[strlen (prefix)])
    {
    case '1': return EVP_sha1 ();
    case '2': return EVP_sha224 ();
    case '3': return EVP_sha256 ();
    case '4': return EVP_sha384 ();
    case '5': return EVP_sha512 ();
    default: return NULL;
    }
}

/* r||s → DER ECDSA-Sig-Value. */
static guint8 *
plain_to_der (const guint8 *sig,
              gsize         len,
              int          *der_len)
{
  ECDSA_SIG *s;
  BIGNUM *r, *ss;
  unsigned char *der = NULL;

  if (len == 0 || len % 2 != 0)
    return NULL;
  s = ECDSA_SIG_new ();
  r = BN_bin2bn (sig, len / 2, NULL);
  ss = BN_bin2bn (sig + len / 2, len / 2, NULL);
  if (s == NULL || r == NULL || ss == NULL || !ECDSA_SIG_set0 (s, r, ss))
    {
      BN_free (r);
      BN_free (ss);
      ECDSA_SIG_free (s);
      return NULL;
    }
  *der_len = i2d_ECDSA_SIG (s, &der);
  ECDSA_SIG_free (s);
  return der;
}

gboolean
sd_vfy_cms_verify_data (EVP_PKEY          *pkey,
                        const EVP_MD      *md,
                        const ASN1_OBJECT *sig_alg,
                        const guint8      *sig,
                        gsize              sig_len,
                        const guint8      *data,
                        gsize              data_len)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  const EVP_MD *plain_md = sd_vfy_cms_plain_ecdsa_md (sig_alg);
  g_autofree guint8 *der_copy = NULL;
  unsigned char *der = NULL;
  int der_len = 0;
  int ok = 0;
  int id = EVP_PKEY_get_base_id (pkey);

  if (plain_md != NULL)
    {
      der = plain_to_der (sig, sig_len, &der_len);
      if (der == NULL)
        goto out;
      der_copy = g_memdup2 (der, der_len);
      OPENSSL_free (der);
      sig = der_copy;
      sig_len = der_len;
      md = plain_md;
    }
  if (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448)
    md = NULL;                             /* EdDSA hashes by itself */
  if (EVP_DigestVerifyInit (ctx, NULL, md, NULL, pkey) != 1)
    goto out;
  ok = EVP_DigestVerify (ctx, sig, sig_len, data, data_len);

out:
  EVP_MD_CTX_free (ctx);
  ERR_clear_error ();
  return ok == 1;
}

gboolean
sd_vfy_cms_verify_digest (EVP_PKEY     *pkey,
                          const EVP_MD *md,
                          const guint8 *sig,
                          gsize         sig_len,
                          const guint8 *digest,
                          gsize         digest_len)
{
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new (pkey, NULL);
  int ok = 0;

  if (ctx != NULL && EVP_PKEY_verify_init (ctx) == 1
      && EVP_PKEY_CTX_set_signature_md (ctx, md) == 1)
    ok = EVP_PKEY_verify (ctx, sig, sig_len, digest, digest_len);
  EVP_PKEY_CTX_free (ctx);
  ERR_clear_error ();
  return ok == 1;
}

/* PKCS#1 v1.5: recovers the DigestInfo; returns its digest and algorithm. */
GBytes *
sd_vfy_cms_rsa_recover (EVP_PKEY      *pkey,
                        const guint8  *sig,
                        gsize          sig_len,
                        const EVP_MD **md)
{
  EVP_PKEY_CTX *ctx = NULL;
  g_autofree guint8 *out = NULL;
  size_t out_len = 0;
  const unsigned char *p;
  X509_SIG *info = NULL;
  const X509_ALGOR *alg = NULL;
  const ASN1_OCTET_STRING *digest = NULL;
  const ASN1_OBJECT *obj = NULL;
  int param_type = V_ASN1_UNDEF;
  unsigned char *der = NULL;
  int der_len = 0;
  GBytes *result = NULL;

  if (EVP_PKEY_get_base_id (pkey) != EVP_PKEY_RSA)
    return NULL;
  ctx = EVP_PKEY_CTX_new (pkey, NULL);
  if (ctx == NULL || EVP_PKEY_verify_recover_init (ctx) != 1
      || EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) != 1
      || EVP_PKEY_verify_recover (ctx, NULL, &out_len, sig, sig_len) != 1)
    goto out;
  out = g_malloc (out_len);
  if (EVP_PKEY_verify_recover (ctx, out, &out_len, sig, sig_len) != 1)
    goto out;
  p = out;
  info = d2i_X509_SIG (NULL, &p, out_len);
  if (info == NULL)
    goto out;
  /* The whole block must be exactly one DigestInfo, in DER, with NULL
   * parameters and a digest of the algorithm's size: anything else left
   * room for a forged value (Bleichenbacher's e = 3 attack puts garbage
   * after the digest or into the parameters). */
  if (p != out + out_len)
    goto out;
  X509_SIG_get0 (info, &alg, &digest);
  X509_ALGOR_get0 (&obj, &param_type, NULL, alg);
  if (param_type != V_ASN1_NULL)
    goto out;
  *md = EVP_get_digestbyobj (obj);
  if (*md == NULL || ASN1_STRING_length (digest) != EVP_MD_get_size (*md))
    goto out;
  der_len = i2d_X509_SIG (info, &der);
  if (der_len <= 0 || (size_t) der_len != out_len || memcmp (der, out, out_len) != 0)
    goto out;
  result = g_bytes_new (ASN1_STRING_get0_data (digest), ASN1_STRING_length (digest));

out:
  OPENSSL_free (der);
  X509_SIG_free (info);
  EVP_PKEY_CTX_free (ctx);
  ERR_clear_error ();
  return result;
}
