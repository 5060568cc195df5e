/* sd-verify-cms.c: checking a signature value against the signed bytes
 *
 * Handles the SubFilters found in the wild:
 *  - adbe.pkcs7.detached, ETSI.CAdES.detached: detached CMS SignedData, the
 *    messageDigest signed attribute is the digest of the byte ranges;
 *  - adbe.pkcs7.sha1: the CMS encapsulates the SHA-1 of the byte ranges;
 *  - adbe.x509.rsa_sha1: /Contents is a PKCS#1 value, the certificate in /Cert;
 *  - ETSI.RFC3161: a document timestamp token.
 * Trust is not decided here (see sd-verify-trust.c).
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>

#include "sd-verify-cms-private.h"

typedef enum {
  KIND_DETACHED,
  KIND_SHA1,
  KIND_X509_RSA_SHA1,
  KIND_DOC_TIMESTAMP,
} SigKind;

struct _SdVfyCmsCheck
{
  SigKind          kind;
  CMS_ContentInfo *cms;
  CMS_SignerInfo  *si;             /* borrowed from cms */
  STACK_OF(X509)  *certs;
  X509            *signer;
  const EVP_MD    *md;             /* for the byte ranges */
  const EVP_MD    *si_md;          /* the SignerInfo's digest algorithm */
  GBytes          *raw_value;      /* adbe.x509.rsa_sha1 signature value */
  SdVfyTst        *tst;            /* ETSI.RFC3161 */
};

void
sd_vfy_cms_check_free (SdVfyCmsCheck *check)
{
  if (check == NULL)
    return;
  CMS_ContentInfo_free (check->cms);
  if (check->certs != NULL)
    sk_X509_pop_free (check->certs, X509_free);
  X509_free (check->signer);
  g_clear_pointer (&check->raw_value, g_bytes_unref);
  sd_vfy_tst_free (check->tst);
  g_free (check);
}

void
sd_vfy_cms_result_clear (SdVfyCmsResult *result)
{
  X509_free (result->signer);
  if (result->certs != NULL)
    sk_X509_pop_free (result->certs, X509_free);
  g_clear_pointer (&result->signing_time, g_date_time_unref);
  g_clear_pointer (&result->timestamp_time, g_date_time_unref);
  X509_free (result->tsa);
  if (result->tsa_certs != NULL)
    sk_X509_pop_free (result->tsa_certs, X509_free);
  g_clear_pointer (&result->reasons, g_ptr_array_unref);
  memset (result, 0, sizeof *result);
}

/* Certificates are only read here: shared, not copied (a copy decodes
 * the certificate again, and OpenSSL 3 decoding a public key costs a
 * fraction of a millisecond). */
static X509 *
ref_cert (X509 *cert)
{
  X509_up_ref (cert);
  return cert;
}

static STACK_OF(X509) *
dup_certs (STACK_OF(X509) *certs)
{
  STACK_OF(X509) *copy = sk_X509_new_null ();

  for (int i = 0; certs != NULL && i < sk_X509_num (certs); i++)
    {
      X509_up_ref (sk_X509_value (certs, i));
      sk_X509_push (copy, sk_X509_value (certs, i));
    }
  return copy;
}

static gboolean
parse_x509_rsa_sha1 (SdVfyCmsCheck    *check,
                     const SdSigDict  *dict,
                     GBytes           *contents,
                     char            **reason)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (contents, &len);
  const unsigned char *p = data;
  ASN1_OCTET_STRING *value;

  check->certs = sk_X509_new_null ();
  for (guint i = 0; dict->certs != NULL && i < dict->certs->len; i++)
    {
      gsize clen;
      const unsigned char *c = g_bytes_get_data (g_ptr_array_index (dict->certs, i), &clen);
      X509 *cert = d2i_X509 (NULL, &c, clen);

      if (cert != NULL)
        sk_X509_push (check->certs, cert);
    }
  if (sk_X509_num (check->certs) == 0)
    {
      *reason = g_strdup (_("the signer's certificate (/Cert) is missing or cannot be read"));
      return FALSE;
    }
  check->signer = ref_cert (sk_X509_value (check->certs, 0));
  value = d2i_ASN1_OCTET_STRING (NULL, &p, len);
  if (value == NULL)
    {
      *reason = g_strdup (_("the signature value cannot be read"));
      return FALSE;
    }
  check->raw_value = g_bytes_new (ASN1_STRING_get0_data (value), ASN1_STRING_length (value));
  ASN1_OCTET_STRING_free (value);
  {
    gsize slen;
    const guint8 *sig = g_bytes_get_data (check->raw_value, &slen);
    const EVP_MD *md = NULL;
    /* Only the digest algorithm named inside the signature is wanted here. */
    GBytes *digest = sd_vfy_cms_rsa_recover (X509_get0_pubkey (check->signer), sig, slen, &md);

    g_clear_pointer (&digest, g_bytes_unref);
    check->md = md != NULL ? md : EVP_sha1 ();
  }
  return TRUE;
}

static gboolean
parse_cms (SdVfyCmsCheck  *check,
           GBytes         *contents,
           char          **reason)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (contents, &len);
  STACK_OF(CMS_SignerInfo) *infos;
  X509_ALGOR *dig = NULL;
  const ASN1_OBJECT *obj = NULL;

  check->cms = d2i_CMS_ContentInfo (NULL, &p, len);
  if (check->cms == NULL || OBJ_obj2nid (CMS_get0_type (check->cms)) != NID_pkcs7_signed)
    {
      *reason = g_strdup (_("the signature value is not a CMS signature and cannot be read"));
      return FALSE;
    }
  infos = CMS_get0_SignerInfos (check->cms);
  if (infos == NULL || sk_CMS_SignerInfo_num (infos) == 0)
    {
      *reason = g_strdup (_("the signature contains no signer"));
      return FALSE;
    }
  check->si = sk_CMS_SignerInfo_value (infos, 0);
  check->certs = CMS_get1_certs (check->cms);
  if (check->certs == NULL)
    check->certs = sk_X509_new_null ();
  for (int i = 0; i < sk_X509_num (check->certs); i++)
    if (CMS_SignerInfo_cert_cmp (check->si, sk_X509_value (check->certs, i)) == 0)
      {
        check->signer = ref_cert (sk_X509_value (check->certs, i));
        break;
      }
  CMS_SignerInfo_get0_algs (check->si, NULL, NULL, &dig, NULL);
  if (dig != NULL)
    X509_ALGOR_get0 (&obj, NULL, NULL, dig);
  check->si_md = obj != NULL ? EVP_get_digestbyobj (obj) : NULL;
  if (check->si_md == NULL)
    {
      *reason = g_strdup (_("the signature uses an unknown digest algorithm"));
      return FALSE;
    }
  check->md = check->kind == KIND_SHA1 ? EVP_sha1 () : check->si_md;
  return TRUE;
}

SdVfyCmsCheck *
sd_vfy_cms_check_new (const SdSigDict  *dict,
                      GBytes           *contents,
                      char            **reason)
{
  g_autoptr(SdVfyCmsCheck) check = g_new0 (SdVfyCmsCheck, 1);
  const char *sf = dict->sub_filter != NULL ? dict->sub_filter : "";
  gboolean ok;

  if (dict->is_doc_timestamp)
    check->kind = KIND_DOC_TIMESTAMP;
  else if (strcmp (sf, "adbe.x509.rsa_sha1") == 0)
    check->kind = KIND_X509_RSA_SHA1;
  else if (strcmp (sf, "adbe.pkcs7.sha1") == 0)
    check->kind = KIND_SHA1;
  else
    check->kind = KIND_DETACHED;

  if (check->kind == KIND_DOC_TIMESTAMP)
    {
      gsize len;
      const guint8 *der = g_bytes_get_data (contents, &len);

      check->tst = sd_vfy_tst_parse (der, len, reason);
      ok = check->tst != NULL;
      if (ok)
        check->md = sd_vfy_tst_get_md (check->tst);
    }
  else if (check->kind == KIND_X509_RSA_SHA1)
    ok = parse_x509_rsa_sha1 (check, dict, contents, reason);
  else
    ok = parse_cms (check, contents, reason);
  ERR_clear_error ();
  return ok ? g_steal_pointer (&check) : NULL;
}

const EVP_MD *
sd_vfy_cms_check_get_md (SdVfyCmsCheck *check)
{
  return check->md;
}

const EVP_MD *
sd_vfy_cms_check_get_signer_md (SdVfyCmsCheck *check)
{
  return check->si_md;
}

static void
add_reason (SdVfyCmsResult *result,
            char           *reason)
{
  g_ptr_array_add (result->reasons, reason);
}

static GDateTime *
asn1_time_to_datetime (const ASN1_TIME *t)
{
  struct tm tm = { 0 };

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
check_ess (SdVfyCmsCheck  *check,
           SdVfyCmsResult *result)
{
  ASN1_STRING *v1 = CMS_signed_get0_data_by_OBJ (check->si,
                                                 OBJ_nid2obj (NID_id_smime_aa_signingCertificate),
                                                 -3, V_ASN1_SEQUENCE);
  ASN1_STRING *v2 = CMS_signed_get0_data_by_OBJ (check->si,
                                                 OBJ_nid2obj (NID_id_smime_aa_signingCertificateV2),
                                                 -3, V_ASN1_SEQUENCE);
  ESS_SIGNING_CERT *ss1 = NULL;
  ESS_SIGNING_CERT_V2 *ss2 = NULL;
  STACK_OF(X509) *chain;
  const unsigned char *p;

  if (v1 == NULL && v2 == NULL)
    return;
  result->ess_present = TRUE;
  if (v1 != NULL)
    {
      p = ASN1_STRING_get0_data (v1);
      ss1 = d2i_ESS_SIGNING_CERT (NULL, &p, ASN1_STRING_length (v1));
    }
  if (v2 != NULL)
    {
      p = ASN1_STRING_get0_data (v2);
      ss2 = d2i_ESS_SIGNING_CERT_V2 (NULL, &p, ASN1_STRING_length (v2));
    }
  chain = sk_X509_new_null ();
  sk_X509_push (chain, check->signer);
  for (int i = 0; i < sk_X509_num (check->certs); i++)
    if (X509_cmp (sk_X509_value (check->certs, i), check->signer) != 0)
      sk_X509_push (chain, sk_X509_value (check->certs, i));
  result->ess_ok = (v1 == NULL || ss1 != NULL) && (v2 == NULL || ss2 != NULL)
                   && OSSL_ESS_check_signing_certs (ss1, ss2, chain, 0) > 0;
  if (!result->ess_ok)
    add_reason (result, g_strdup (_("the signing-certificate attribute does not match the signer's certificate")));
  sk_X509_free (chain);
  ESS_SIGNING_CERT_free (ss1);
  ESS_SIGNING_CERT_V2_free (ss2);
  ERR_clear_error ();
}

static void
check_signature_timestamp (SdVfyCmsCheck  *check,
                           SdVfyCmsResult *result)
{
  ASN1_STRING *token = CMS_unsigned_get0_data_by_OBJ (check->si,
                                                      OBJ_nid2obj (NID_id_smime_aa_timeStampToken),
                                                      -3, V_ASN1_SEQUENCE);
  ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature (check->si);
  g_autoptr(SdVfyTst) tst = NULL;
  g_autofree char *reason = NULL;
  guint8 md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;

  if (token == NULL)
    return;
  result->has_timestamp = TRUE;
  tst = sd_vfy_tst_parse (ASN1_STRING_get0_data (token), ASN1_STRING_length (token), &reason);
  if (tst == NULL)
    {
      add_reason (result, g_strdup_printf (_("signature timestamp: %s"), reason));
      return;
    }
  EVP_Digest (ASN1_STRING_get0_data (value), ASN1_STRING_length (value),
              md, &md_len, sd_vfy_tst_get_md (tst), NULL);
  if (!sd_vfy_tst_imprint_matches (tst, md, md_len))
    {
      add_reason (result, g_strdup (_("signature timestamp: it was made for another signature value")));
      return;
    }
  if (!sd_vfy_tst_verify (tst, &reason))
    {
      add_reason (result, g_strdup_printf (_("signature timestamp: %s"), reason));
      return;
    }
  result->timestamp_ok = TRUE;
  result->timestamp_time = sd_vfy_tst_get_time (tst);
  result->timestamp_md = sd_vfy_tst_get_md (tst);
  result->timestamp_signer_md = sd_vfy_tst_get_signer_md (tst);
  if (sd_vfy_tst_get_signer (tst) != NULL)
    result->tsa = ref_cert (sd_vfy_tst_get_signer (tst));
  result->tsa_certs = dup_certs (sd_vfy_tst_get_certs (tst));
}

/* The SignerInfo's signature over its signed attributes (or, without
 * signed attributes, directly over @content_digest). */
static gboolean
verify_signer_info (SdVfyCmsCheck *check,
                    const guint8  *content_digest,
                    gsize          digest_len)
{
  ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature (check->si);
  X509_ALGOR *sig_alg = NULL;
  const ASN1_OBJECT *sig_obj = NULL;
  EVP_PKEY *pkey = X509_get0_pubkey (check->signer);
  g_autoptr(GBytes) attrs = NULL;
  gsize attrs_len;
  const guint8 *attrs_data;

  if (pkey == NULL)
    return FALSE;
  CMS_SignerInfo_get0_algs (check->si, NULL, NULL, NULL, &sig_alg);
  if (sig_alg != NULL)
    X509_ALGOR_get0 (&sig_obj, NULL, NULL, sig_alg);

  if (CMS_signed_get_attr_count (check->si) <= 0)
    return sd_vfy_cms_verify_digest (pkey, check->si_md, ASN1_STRING_get0_data (sig),
                                     ASN1_STRING_length (sig), content_digest, digest_len);

  CMS_SignerInfo_set1_signer_cert (check->si, check->signer);
  if (sd_vfy_cms_plain_ecdsa_md (sig_obj) == NULL && CMS_SignerInfo_verify (check->si) == 1)
    return TRUE;
  ERR_clear_error ();
  /* Algorithms CMS_SignerInfo_verify() does not take (plain-ECDSA, EdDSA). */
  attrs = sd_vfy_cms_encode_signed_attrs (check->si);
  attrs_data = g_bytes_get_data (attrs, &attrs_len);
  return sd_vfy_cms_verify_data (pkey, check->si_md, sig_obj, ASN1_STRING_get0_data (sig),
                                 ASN1_STRING_length (sig), attrs_data, attrs_len);
}

static void
verify_cms (SdVfyCmsCheck  *check,
            const guint8   *digest,
            gsize           digest_len,
            SdVfyCmsResult *result)
{
  guint8 content_md[EVP_MAX_MD_SIZE];
  unsigned int content_md_len = digest_len;
  const guint8 *content_digest = digest;
  ASN1_OCTET_STRING *attr_md;

  if (check->kind == KIND_SHA1)
    {
      ASN1_OCTET_STRING **content = CMS_get0_content (check->cms);

      /* The encapsulated content is the SHA-1 of the byte ranges; what is
       * signed is that content. */
      result->digest_ok = content != NULL && *content != NULL
                          && (gsize) ASN1_STRING_length (*content) == digest_len
                          && CRYPTO_memcmp (ASN1_STRING_get0_data (*content), digest, digest_len) == 0;
      if (content == NULL || *content == NULL)
        return;
      EVP_Digest (ASN1_STRING_get0_data (*content), ASN1_STRING_length (*content),
                  content_md, &content_md_len, check->si_md, NULL);
      content_digest = content_md;
    }

  if (CMS_signed_get_attr_count (check->si) > 0)
    {
      attr_md = CMS_signed_get0_data_by_OBJ (check->si, OBJ_nid2obj (NID_pkcs9_messageDigest),
                                             -3, V_ASN1_OCTET_STRING);
      if (attr_md == NULL)
        add_reason (result, g_strdup (_("the signature has no message-digest attribute")));
      else
        {
          gboolean match = (gsize) ASN1_STRING_length (attr_md) == content_md_len
                           && CRYPTO_memcmp (ASN1_STRING_get0_data (attr_md), content_digest,
                                             content_md_len) == 0;

          if (check->kind == KIND_DETACHED)
            result->digest_ok = match;
          else if (!match)
            result->digest_ok = FALSE;
        }
    }

  if (check->signer == NULL)
    {
      add_reason (result, g_strdup (_("the signer's certificate is not included in the signature")));
      return;
    }
  result->signature_ok = verify_signer_info (check, content_digest, content_md_len);
  if (CMS_signed_get_attr_count (check->si) <= 0 && check->kind == KIND_DETACHED)
    result->digest_ok = result->signature_ok;

  check_ess (check, result);
  {
    ASN1_TIME *t = CMS_signed_get0_data_by_OBJ (check->si, OBJ_nid2obj (NID_pkcs9_signingTime),
                                                -3, V_ASN1_UTCTIME);
    if (t == NULL)
      t = CMS_signed_get0_data_by_OBJ (check->si, OBJ_nid2obj (NID_pkcs9_signingTime),
                                       -3, V_ASN1_GENERALIZEDTIME);
    result->signing_time = asn1_time_to_datetime (t);
  }
  check_signature_timestamp (check, result);
}

void
sd_vfy_cms_check_verify (SdVfyCmsCheck  *check,
                         const guint8   *digest,
                         gsize           digest_len,
                         SdVfyCmsResult *result)
{
  memset (result, 0, sizeof *result);
  result->reasons = g_ptr_array_new_with_free_func (g_free);

  switch (check->kind)
    {
    case KIND_DOC_TIMESTAMP:
      {
        g_autofree char *reason = NULL;

        result->digest_ok = sd_vfy_tst_imprint_matches (check->tst, digest, digest_len);
        result->signature_ok = sd_vfy_tst_verify (check->tst, &reason);
        if (reason != NULL)
          add_reason (result, g_steal_pointer (&reason));
        if (sd_vfy_tst_get_signer (check->tst) != NULL)
          result->signer = ref_cert (sd_vfy_tst_get_signer (check->tst));
        result->certs = dup_certs (sd_vfy_tst_get_certs (check->tst));
        result->timestamp_time = sd_vfy_tst_get_time (check->tst);
        result->timestamp_md = sd_vfy_tst_get_md (check->tst);
        result->timestamp_signer_md = sd_vfy_tst_get_signer_md (check->tst);
        result->timestamp_ok = result->digest_ok && result->signature_ok;
      }
      break;

    case KIND_X509_RSA_SHA1:
      {
        gsize slen;
        const guint8 *sig = g_bytes_get_data (check->raw_value, &slen);
        const EVP_MD *md = NULL;
        g_autoptr(GBytes) recovered = sd_vfy_cms_rsa_recover (X509_get0_pubkey (check->signer),
                                                              sig, slen, &md);

        result->signature_ok = recovered != NULL;
        result->digest_ok = recovered != NULL && g_bytes_get_size (recovered) == digest_len
                            && CRYPTO_memcmp (g_bytes_get_data (recovered, NULL), digest,
                                              digest_len) == 0;
        if (recovered == NULL)
          add_reason (result, g_strdup (_("the PKCS#1 signature value does not verify with the signer's key")));
        result->signer = ref_cert (check->signer);
        result->certs = dup_certs (check->certs);
      }
      break;

    case KIND_DETACHED:
    case KIND_SHA1:
    default:
      verify_cms (check, digest, digest_len, result);
      if (check->signer != NULL)
        result->signer = ref_cert (check->signer);
      result->certs = dup_certs (check->certs);
      break;
    }
  ERR_clear_error ();
}
