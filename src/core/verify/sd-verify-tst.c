/* sd-verify-tst.c: RFC 3161 timestamp tokens
 *
 * A token is a CMS SignedData whose content is a TSTInfo: the time, and a
 * digest (the "message imprint") of what was timestamped. It appears as the
 * signature-time-stamp attribute of a signature (imprint over the signature
 * value) and as the /Contents of a document timestamp (imprint over the
 * signed byte ranges).
 */
#include "config.h"

#include <time.h>

#include <glib/gi18n-lib.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ts.h>

#include "sd-verify-private.h"

struct _SdVfyTst
{
  CMS_ContentInfo *cms;
  TS_TST_INFO     *info;
  const EVP_MD    *md;
  X509            *signer;
  STACK_OF(X509)  *certs;
};

void
sd_vfy_tst_free (SdVfyTst *tst)
{
  if (tst == NULL)
    return;
  CMS_ContentInfo_free (tst->cms);
  TS_TST_INFO_free (tst->info);
  X509_free (tst->signer);
  sk_X509_pop_free (tst->certs, X509_free);
  g_free (tst);
}

SdVfyTst *
sd_vfy_tst_parse (const guint8  *der,
                  gsize          len,
                  char         **reason)
{
  g_autoptr(SdVfyTst) tst = g_new0 (SdVfyTst, 1);
  const unsigned char *p = der;
  ASN1_OCTET_STRING **content;
  STACK_OF(CMS_SignerInfo) *infos;
  const ASN1_OBJECT *alg_obj = NULL;
  X509_ALGOR *alg;

  tst->cms = d2i_CMS_ContentInfo (NULL, &p, len);
  if (tst->cms == NULL
      || OBJ_obj2nid (CMS_get0_type (tst->cms)) != NID_pkcs7_signed
      || OBJ_obj2nid (CMS_get0_eContentType (tst->cms)) != NID_id_smime_ct_TSTInfo)
    {
      *reason = g_strdup (_("the timestamp token cannot be read"));
      ERR_clear_error ();
      return NULL;
    }
  content = CMS_get0_content (tst->cms);
  if (content == NULL || *content == NULL)
    {
      *reason = g_strdup (_("the timestamp token has no content"));
      return NULL;
    }
  p = ASN1_STRING_get0_data (*content);
  tst->info = d2i_TS_TST_INFO (NULL, &p, ASN1_STRING_length (*content));
  if (tst->info == NULL)
    {
      *reason = g_strdup (_("the timestamp token's time and imprint cannot be read"));
      ERR_clear_error ();
      return NULL;
    }
  alg = TS_MSG_IMPRINT_get_algo (TS_TST_INFO_get_msg_imprint (tst->info));
  X509_ALGOR_get0 (&alg_obj, NULL, NULL, alg);
  tst->md = EVP_get_digestbyobj (alg_obj);
  if (tst->md == NULL)
    {
      *reason = g_strdup (_("the timestamp token uses an unknown digest algorithm"));
      return NULL;
    }

  tst->certs = CMS_get1_certs (tst->cms);
  if (tst->certs == NULL)
    tst->certs = sk_X509_new_null ();
  infos = CMS_get0_SignerInfos (tst->cms);
  if (infos != NULL && sk_CMS_SignerInfo_num (infos) > 0)
    {
      CMS_SignerInfo *si = sk_CMS_SignerInfo_value (infos, 0);

      for (int i = 0; i < sk_X509_num (tst->certs); i++)
        if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (tst->certs, i)) == 0)
          {
            /* Shared, not copied: a copy decodes it again. */
            X509_up_ref (sk_X509_value (tst->certs, i));
            tst->signer = sk_X509_value (tst->certs, i);
            break;
          }
    }
  ERR_clear_error ();
  return g_steal_pointer (&tst);
}

const EVP_MD *
sd_vfy_tst_get_md (SdVfyTst *tst)
{
  return tst->md;
}

const EVP_MD *
sd_vfy_tst_get_signer_md (SdVfyTst *tst)
{
  STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos (tst->cms);
  X509_ALGOR *alg = NULL;
  const ASN1_OBJECT *obj = NULL;

  if (infos == NULL || sk_CMS_SignerInfo_num (infos) < 1)
    return NULL;
  CMS_SignerInfo_get0_algs (sk_CMS_SignerInfo_value (infos, 0), NULL, NULL, &alg, NULL);
  if (alg == NULL)
    return NULL;
  X509_ALGOR_get0 (&obj, NULL, NULL, alg);
  return EVP_get_digestbyobj (obj);
}

gboolean
sd_vfy_tst_imprint_matches (SdVfyTst     *tst,
                            const guint8 *digest,
                            gsize         len)
{
  ASN1_OCTET_STRING *imprint = TS_MSG_IMPRINT_get_msg (TS_TST_INFO_get_msg_imprint (tst->info));

  return imprint != NULL && (gsize) ASN1_STRING_length (imprint) == len
         && CRYPTO_memcmp (ASN1_STRING_get0_data (imprint), digest, len) == 0;
}

gboolean
sd_vfy_tst_verify (SdVfyTst  *tst,
                   char     **reason)
{
  BIO *out = BIO_new (BIO_s_null ());
  int ok;

  if (tst->signer == NULL)
    {
      *reason = g_strdup (_("the timestamp authority's certificate is not in the token"));
      BIO_free (out);
      return FALSE;
    }
  ok = CMS_verify (tst->cms, tst->certs, NULL, NULL, out,
                   CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY);
  BIO_free (out);
  if (ok != 1)
    {
      unsigned long e = ERR_peek_last_error ();

      *reason = g_strdup_printf (_("the timestamp token's signature does not verify (%s)"),
                                 e ? ERR_reason_error_string (e) : "?");
      ERR_clear_error ();
      return FALSE;
    }
  return TRUE;
}

GDateTime *
sd_vfy_tst_get_time (SdVfyTst *tst)
{
  const ASN1_GENERALIZEDTIME *t = TS_TST_INFO_get_time (tst->info);
  struct tm tm = { 0 };

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

X509 *
sd_vfy_tst_get_signer (SdVfyTst *tst)
{
  return tst->signer;
}

STACK_OF(X509) *
sd_vfy_tst_get_certs (SdVfyTst *tst)
{
  return tst->certs;
}
