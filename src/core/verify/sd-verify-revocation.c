/* sd-verify-revocation.c: revocation of a certificate from the DSS
 *
 * Offline: only the OCSP responses and CRLs embedded in the document are
 * read. Each must be signed by the certificate's issuer (a CRL) or by the
 * issuer or a responder it delegated to (OCSP, checked by OpenSSL against
 * the trust anchors); anything else is ignored.
 * The responder's certificate is checked at the time the response was
 * produced (its producedAt), as the signer's is at the time a timestamp
 * proves: a responder certificate that has expired since still vouches
 * for what it said while it was valid.
 */
#include "config.h"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include "sd-verify-private.h"

static GDateTime *
asn1_to_date_time (const ASN1_TIME *t)
{
  struct tm tm = { 0 };

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static X509 *
find_issuer (X509           *cert,
             STACK_OF(X509) *pool,
             X509_STORE     *store)
{
  STACK_OF(X509_OBJECT) *objects = X509_STORE_get0_objects (store);

  for (int i = 0; i < sk_X509_num (pool); i++)
    if (X509_check_issued (sk_X509_value (pool, i), cert) == X509_V_OK)
      return sk_X509_value (pool, i);
  for (int i = 0; i < sk_X509_OBJECT_num (objects); i++)
    {
      X509 *c = X509_OBJECT_get0_X509 (sk_X509_OBJECT_value (objects, i));

      if (c != NULL && X509_check_issued (c, cert) == X509_V_OK)
        return c;
    }
  return NULL;
}

/* Notes a revocation at @when, keeping the earliest. */
static void
note_revoked (SdVfyRevocationStatus  *status,
              GDateTime             **revoked_at,
              GDateTime              *when,
              const char            **source,
              const char             *from)
{
  if (*status != SD_VFY_REVOCATION_REVOKED
      || (when != NULL && (*revoked_at == NULL || g_date_time_compare (when, *revoked_at) < 0)))
    {
      g_clear_pointer (revoked_at, g_date_time_unref);
      *revoked_at = when != NULL ? g_date_time_ref (when) : NULL;
      *source = from;
    }
  *status = SD_VFY_REVOCATION_REVOKED;
}

/* OCSP_basic_verify() builds the responder's chain with the store's
 * parameters: they carry producedAt for the time of this call. (The
 * store belongs to one verification, on one thread.) */
static gboolean
verify_at_produced (OCSP_BASICRESP *basic,
                    STACK_OF(X509) *pool,
                    X509_STORE     *store)
{
  X509_VERIFY_PARAM *param = X509_STORE_get0_param (store);
  const ASN1_GENERALIZEDTIME *produced = OCSP_resp_get0_produced_at (basic);
  g_autoptr(GDateTime) when = asn1_to_date_time (produced);
  int ok;

  if (when == NULL)
    return FALSE;
  X509_VERIFY_PARAM_set_time (param, (time_t) g_date_time_to_unix (when));
  ok = OCSP_basic_verify (basic, pool, store, 0);
  X509_VERIFY_PARAM_clear_flags (param, X509_V_FLAG_USE_CHECK_TIME);
  return ok == 1;
}

static void
check_ocsp (GBytes                 *der,
            X509                   *cert,
            X509                   *issuer,
            STACK_OF(X509)         *pool,
            X509_STORE             *store,
            SdVfyRevocationStatus  *status,
            GDateTime             **revoked_at,
            const char            **source)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (der, &len);
  OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE (NULL, &p, (long) len);
  OCSP_BASICRESP *basic = NULL;
  const EVP_MD *mds[] = { EVP_sha1 (), EVP_sha256 () };

  if (resp == NULL || OCSP_response_status (resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL
      || (basic = OCSP_response_get1_basic (resp)) == NULL
      || !verify_at_produced (basic, pool, store))
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (mds); i++)
    {
      OCSP_CERTID *id = OCSP_cert_to_id (mds[i], cert, issuer);
      ASN1_GENERALIZEDTIME *revtime = NULL, *thisupd = NULL, *nextupd = NULL;
      int st = -1, reason = -1;

      if (id != NULL && OCSP_resp_find_status (basic, id, &st, &reason, &revtime, &thisupd, &nextupd) == 1)
        {
          if (st == V_OCSP_CERTSTATUS_REVOKED)
            {
              g_autoptr(GDateTime) when = asn1_to_date_time (revtime);

              note_revoked (status, revoked_at, when, source, "ocsp");
            }
          else if (st == V_OCSP_CERTSTATUS_GOOD && *status == SD_VFY_REVOCATION_UNKNOWN)
            {
              *status = SD_VFY_REVOCATION_GOOD;
              *source = "ocsp";
            }
        }
      OCSP_CERTID_free (id);
    }

out:
  OCSP_BASICRESP_free (basic);
  OCSP_RESPONSE_free (resp);
  ERR_clear_error ();
}

static void
check_crl (GBytes                 *der,
           X509                   *cert,
           X509                   *issuer,
           SdVfyRevocationStatus  *status,
           GDateTime             **revoked_at,
           const char            **source)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (der, &len);
  X509_CRL *crl = d2i_X509_CRL (NULL, &p, (long) len);
  X509_REVOKED *entry = NULL;

  if (crl == NULL
      || X509_NAME_cmp (X509_CRL_get_issuer (crl), X509_get_subject_name (issuer)) != 0
      || X509_CRL_verify (crl, X509_get0_pubkey (issuer)) != 1)
    goto out;
  if (X509_CRL_get0_by_cert (crl, &entry, cert) == 1 && entry != NULL)
    {
      g_autoptr(GDateTime) when = asn1_to_date_time (X509_REVOKED_get0_revocationDate (entry));

      note_revoked (status, revoked_at, when, source, "crl");
    }
  else if (*status == SD_VFY_REVOCATION_UNKNOWN)
    {
      *status = SD_VFY_REVOCATION_GOOD;
      *source = "crl";
    }

out:
  X509_CRL_free (crl);
  ERR_clear_error ();
}

SdVfyRevocationStatus
sd_vfy_check_revocation (SdVfyDss        *dss,
                         SdVfyTrust      *trust,
                         X509            *cert,
                         STACK_OF(X509)  *pool,
                         GDateTime      **revoked_at,
                         const char     **source)
{
  SdVfyRevocationStatus status = SD_VFY_REVOCATION_UNKNOWN;
  X509_STORE *store = sd_vfy_trust_get_store (trust);
  X509 *issuer;

  *revoked_at = NULL;
  *source = NULL;
  if (dss == NULL || !dss->present)
    return status;
  issuer = find_issuer (cert, pool, store);
  if (issuer == NULL)
    return status;
  for (guint i = 0; i < dss->ocsps->len; i++)
    check_ocsp (g_ptr_array_index (dss->ocsps, i), cert, issuer, pool, store,
                &status, revoked_at, source);
  for (guint i = 0; i < dss->crls->len; i++)
    check_crl (g_ptr_array_index (dss->crls, i), cert, issuer, &status, revoked_at, source);
  return status;
}
