/* sd-ltv-fetch.c: OCSP responses and CRLs for the DSS, over HTTP or from
 * the cache */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "sd-atomic-file.h"
#include "sd-key.h"
#include "sd-ltv-private.h"

#define DEFAULT_TIMEOUT 20
/* No OCSP response or CRL of ours is this large. */
#define MAX_ANSWER (8 * 1024 * 1024)
/* Clock difference accepted between us and a responder, in seconds. */
#define CLOCK_SKEW 300

void
sd_ltv_fetcher_init (SdLtvFetcher *f,
                     X509_STORE   *store,
                     const char   *cache_dir,
                     guint         timeout)
{
  if (timeout == 0)
    timeout = DEFAULT_TIMEOUT;
  memset (f, 0, sizeof *f);
  f->store = store;
  f->cache_dir = cache_dir;
  f->timeout = timeout;
}

void
sd_ltv_fetcher_clear (SdLtvFetcher *f)
{
  g_clear_pointer (&f->session, sd_http_session_free);
}

void
sd_ltv_revocation_clear (SdLtvRevocation *r)
{
  g_clear_pointer (&r->ocsp, g_bytes_unref);
  g_clear_pointer (&r->crl, g_bytes_unref);
  g_clear_pointer (&r->certs, g_ptr_array_unref);
  g_clear_pointer (&r->revoked_at, g_date_time_unref);
  r->revoked = FALSE;
}

gboolean
sd_ltv_needs_no_revocation (X509 *cert)
{
  gboolean nocheck = X509_get_ext_by_NID (cert, NID_id_pkix_OCSP_noCheck, -1) >= 0;

  return nocheck || X509_check_issued (cert, cert) == X509_V_OK;
}

/* An HTTP GET (@body NULL) or POST; NULL with a debug message on failure. */
static GBytes *
http (SdLtvFetcher  *f,
      const char    *url,
      const char    *content_type,
      GBytes        *body,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local = NULL;
  gboolean bad_url = FALSE;
  guint status;

  if (f->offline || (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://")))
    return NULL;
  if (f->session == NULL)
    f->session = sd_http_session_new (f->timeout, error);
  if (f->session == NULL)
    return NULL;
  answer = sd_http_session_send (f->session, url, content_type, body, &status, NULL, &bad_url,
                                 cancellable, &local);
  if (answer == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_debug ("%s: %s", url, local->message);
      return NULL;
    }
  if (status != 200 || g_bytes_get_size (answer) == 0 || g_bytes_get_size (answer) > MAX_ANSWER)
    {
      g_debug ("%s: HTTP %u, %lu bytes", url, status, (unsigned long) g_bytes_get_size (answer));
      return NULL;
    }
  return g_steal_pointer (&answer);
}

/* ---- the cache ---------------------------------------------------------- */

static char *
cache_path (SdLtvFetcher *f,
            const char   *kind,
            const void   *key,
            gsize         key_len)
{
  guint8 md[SHA256_DIGEST_LENGTH];
  char hex[2 * SHA256_DIGEST_LENGTH + 1];
  g_autofree char *name = NULL;

  if (f->cache_dir == NULL)
    return NULL;
  SHA256 (key, key_len, md);
  for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", md[i]);
  name = g_strdup_printf ("%s-%s.der", kind, hex);
  return g_build_filename (f->cache_dir, name, NULL);
}

static void
cache_store (SdLtvFetcher *f,
             const char   *path,
             GBytes       *data)
{
  g_autoptr(GError) local = NULL;

  if (path == NULL)
    return;
  if (g_mkdir_with_parents (f->cache_dir, 0700) != 0
      || !sd_file_set_contents_atomic (path, g_bytes_get_data (data, NULL),
                                       g_bytes_get_size (data), &local))
    g_debug ("cannot keep revocation data in %s: %s", path,
             local != NULL ? local->message : g_strerror (errno));
}

static GBytes *
cache_load (const char *path)
{
  char *data = NULL;
  gsize len = 0;

  if (path == NULL || !g_file_get_contents (path, &data, &len, NULL) || len == 0)
    {
      g_free (data);
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

/* ---- OCSP --------------------------------------------------------------- */

static GDateTime *
asn1_to_date_time (const ASN1_TIME *t)
{
  struct tm tm = { 0 };

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Checks @answer (DER OCSPResponse) for @id; with @req, its nonce too. */
static gboolean
check_ocsp (SdLtvFetcher     *f,
            GBytes           *answer,
            OCSP_REQUEST     *req,
            OCSP_CERTID      *id,
            STACK_OF(X509)   *pool,
            SdLtvRevocation  *out)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (answer, &len);
  OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE (NULL, &p, (long) len);
  OCSP_BASICRESP *basic = NULL;
  ASN1_GENERALIZEDTIME *revtime = NULL, *thisupd = NULL, *nextupd = NULL;
  int status = -1, reason = -1;
  gboolean ok = FALSE;

  if (resp == NULL || OCSP_response_status (resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
    goto out;
  basic = OCSP_response_get1_basic (resp);
  if (basic == NULL)
    goto out;
  if (req != NULL && OCSP_check_nonce (req, basic) <= 0)
    {
      g_debug ("OCSP: the nonce does not match");
      goto out;
    }
  if (OCSP_basic_verify (basic, pool, f->store, 0) != 1)
    {
      g_debug ("OCSP: the response does not verify: %s",
               ERR_reason_error_string (ERR_peek_last_error ()));
      goto out;
    }
  if (OCSP_resp_find_status (basic, id, &status, &reason, &revtime, &thisupd, &nextupd) != 1
      || status == V_OCSP_CERTSTATUS_UNKNOWN)
    goto out;
  /* A cached answer may be old: it still says what was known then. */
  if (req != NULL && OCSP_check_validity (thisupd, nextupd, CLOCK_SKEW, -1) != 1)
    goto out;
  out->revoked = status == V_OCSP_CERTSTATUS_REVOKED;
  if (out->revoked)
    out->revoked_at = asn1_to_date_time (revtime);
  out->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  for (int i = 0; i < sk_X509_num (OCSP_resp_get0_certs (basic)); i++)
    {
      X509 *c = sk_X509_value (OCSP_resp_get0_certs (basic), i);

      X509_up_ref (c);
      g_ptr_array_add (out->certs, c);
    }
  out->ocsp = g_bytes_ref (answer);
  ok = TRUE;

out:
  OCSP_BASICRESP_free (basic);
  OCSP_RESPONSE_free (resp);
  ERR_clear_error ();
  return ok;
}

static gboolean
try_ocsp (SdLtvFetcher     *f,
          X509             *cert,
          X509             *issuer,
          STACK_OF(X509)   *pool,
          SdLtvRevocation  *out,
          GCancellable     *cancellable,
          GError          **error)
{
  STACK_OF(OPENSSL_STRING) *urls = X509_get1_ocsp (cert);
  OCSP_CERTID *id = OCSP_cert_to_id (EVP_sha1 (), cert, issuer);
  unsigned char *id_der = NULL;
  int id_len = id != NULL ? i2d_OCSP_CERTID (id, &id_der) : 0;
  g_autofree char *path = id_len > 0 ? cache_path (f, "ocsp", id_der, id_len) : NULL;
  gboolean ok = FALSE;

  for (int i = 0; id != NULL && !ok && i < sk_OPENSSL_STRING_num (urls); i++)
    {
      OCSP_REQUEST *req = OCSP_REQUEST_new ();
      OCSP_CERTID *req_id = OCSP_CERTID_dup (id);
      unsigned char *der = NULL;
      int der_len;
      g_autoptr(GBytes) query = NULL;
      g_autoptr(GBytes) answer = NULL;

      if (req == NULL || req_id == NULL || OCSP_request_add0_id (req, req_id) == NULL)
        {
          OCSP_CERTID_free (req_id);
          OCSP_REQUEST_free (req);
          break;
        }
      OCSP_request_add1_nonce (req, NULL, -1);
      der_len = i2d_OCSP_REQUEST (req, &der);
      if (der_len > 0)
        {
          query = g_bytes_new (der, der_len);
          answer = http (f, sk_OPENSSL_STRING_value (urls, i), "application/ocsp-request", query,
                         cancellable, error);
        }
      OPENSSL_free (der);
      if (answer != NULL)
        {
          ok = check_ocsp (f, answer, req, id, pool, out);
          if (ok)
            cache_store (f, path, answer);
        }
      OCSP_REQUEST_free (req);
      if (error != NULL && *error != NULL)
        break;
    }
  if (!ok && id != NULL && (error == NULL || *error == NULL))
    {
      g_autoptr(GBytes) cached = cache_load (path);

      if (cached != NULL && check_ocsp (f, cached, NULL, id, pool, out))
        {
          f->n_from_cache++;
          ok = TRUE;
        }
    }
  OPENSSL_free (id_der);
  OCSP_CERTID_free (id);
  X509_email_free (urls);
  ERR_clear_error ();
  return ok;
}

/* ---- CRLs --------------------------------------------------------------- */

static GPtrArray *
crl_urls (X509 *cert)
{
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);
  STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i (cert, NID_crl_distribution_points, NULL, NULL);

  for (int i = 0; i < sk_DIST_POINT_num (dps); i++)
    {
      DIST_POINT *dp = sk_DIST_POINT_value (dps, i);
      GENERAL_NAMES *names;

      if (dp->distpoint == NULL || dp->distpoint->type != 0)
        continue;
      names = dp->distpoint->name.fullname;
      for (int j = 0; j < sk_GENERAL_NAME_num (names); j++)
        {
          GENERAL_NAME *gn = sk_GENERAL_NAME_value (names, j);

          if (gn->type == GEN_URI)
            g_ptr_array_add (urls, g_strndup ((const char *) ASN1_STRING_get0_data (gn->d.uniformResourceIdentifier),
                                              ASN1_STRING_length (gn->d.uniformResourceIdentifier)));
        }
    }
  sk_DIST_POINT_pop_free (dps, DIST_POINT_free);
  ERR_clear_error ();
  return urls;
}

static gboolean
check_crl (GBytes          *answer,
           X509            *cert,
           X509            *issuer,
           SdLtvRevocation *out)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (answer, &len);
  X509_CRL *crl = d2i_X509_CRL (NULL, &p, (long) len);
  X509_REVOKED *entry = NULL;
  gboolean ok = FALSE;

  if (crl == NULL)
    {
      /* Some servers send PEM. */
      BIO *bio = BIO_new_mem_buf (g_bytes_get_data (answer, NULL), (int) len);

      crl = PEM_read_bio_X509_CRL (bio, NULL, NULL, NULL);
      BIO_free (bio);
      if (crl == NULL)
        goto out;
      g_bytes_unref (answer);
      {
        unsigned char *der = NULL;
        int der_len = i2d_X509_CRL (crl, &der);

        answer = g_bytes_new (der, MAX (der_len, 0));
        OPENSSL_free (der);
      }
    }
  else
    g_bytes_ref (answer);
  if (X509_NAME_cmp (X509_CRL_get_issuer (crl), X509_get_subject_name (issuer)) != 0
      || X509_CRL_verify (crl, X509_get0_pubkey (issuer)) != 1)
    {
      g_debug ("CRL: not signed by the issuer");
      g_bytes_unref (answer);
      goto out;
    }
  if (X509_CRL_get0_by_cert (crl, &entry, cert) == 1 && entry != NULL)
    {
      out->revoked = TRUE;
      out->revoked_at = asn1_to_date_time (X509_REVOKED_get0_revocationDate (entry));
    }
  out->crl = answer;
  ok = TRUE;

out:
  X509_CRL_free (crl);
  ERR_clear_error ();
  return ok;
}

static gboolean
try_crl (SdLtvFetcher     *f,
         X509             *cert,
         X509             *issuer,
         SdLtvRevocation  *out,
         GCancellable     *cancellable,
         GError          **error)
{
  g_autoptr(GPtrArray) urls = crl_urls (cert);

  for (guint i = 0; i < urls->len; i++)
    {
      const char *url = g_ptr_array_index (urls, i);
      g_autofree char *path = cache_path (f, "crl", url, strlen (url));
      g_autoptr(GBytes) answer = http (f, url, NULL, NULL, cancellable, error);

      if (error != NULL && *error != NULL)
        return FALSE;
      if (answer != NULL && check_crl (answer, cert, issuer, out))
        {
          cache_store (f, path, out->crl);
          return TRUE;
        }
      g_clear_pointer (&answer, g_bytes_unref);
      answer = cache_load (path);
      if (answer != NULL && check_crl (answer, cert, issuer, out))
        {
          f->n_from_cache++;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sd_ltv_fetch_revocation (SdLtvFetcher     *f,
                         X509             *cert,
                         X509             *issuer,
                         STACK_OF(X509)   *pool,
                         SdLtvRevocation  *out,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autofree char *subject = NULL;
  GError *local = NULL;

  memset (out, 0, sizeof *out);
  if (try_ocsp (f, cert, issuer, pool, out, cancellable, &local))
    return TRUE;
  if (local == NULL)
    {
      sd_ltv_revocation_clear (out);
      if (try_crl (f, cert, issuer, out, cancellable, &local))
        return TRUE;
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  subject = sd_x509_name_to_string (X509_get_subject_name (cert));
  if (f->offline)
    g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_NO_REVOCATION_DATA,
                 _("No revocation data for the certificate “%s” in the cache: extend once with the network to fill it"),
                 subject);
  else
    g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_NO_REVOCATION_DATA,
                 _("No revocation data for the certificate “%s”: its OCSP responder and CRL cannot be reached and the cache has none"),
                 subject);
  return FALSE;
}
