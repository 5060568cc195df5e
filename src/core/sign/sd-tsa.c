/* sd-tsa.c: an RFC 3161 time-stamping client */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "sd-http.h"
#include "sd-tsa.h"

#define DEFAULT_TIMEOUT 20
/* No token is this large; a bigger answer is not read. */
#define MAX_RESPONSE (256 * 1024)

G_DEFINE_QUARK (sd-tsa-error-quark, sd_tsa_error)

struct _SdTsaClient
{
  GStrv       urls;
  guint       timeout;
  X509_STORE *store;
  int         n_anchors;
};

SdTsaClient *
sd_tsa_client_new (const char * const *urls)
{
  SdTsaClient *self = g_new0 (SdTsaClient, 1);

  self->urls = g_strdupv ((char **) urls);
  self->timeout = DEFAULT_TIMEOUT;
  self->store = X509_STORE_new ();
  /* An anchor the person chose need not be a self-signed root. */
  X509_STORE_set_flags (self->store, X509_V_FLAG_PARTIAL_CHAIN);
  return self;
}

void
sd_tsa_client_free (SdTsaClient *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->urls);
  X509_STORE_free (self->store);
  g_free (self);
}

void
sd_tsa_client_set_timeout (SdTsaClient *self,
                           guint        seconds)
{
  self->timeout = seconds > 0 ? seconds : DEFAULT_TIMEOUT;
}

void
sd_tsa_client_add_anchor (SdTsaClient *self,
                          X509        *anchor)
{
  if (X509_STORE_add_cert (self->store, anchor) == 1)
    self->n_anchors++;
  ERR_clear_error ();
}

gboolean
sd_tsa_client_add_anchor_file (SdTsaClient  *self,
                               const char   *pem_path,
                               GError      **error)
{
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (pem_path);
  g_autoptr(GError) local = NULL;
  gsize len = 0;
  BIO *bio;
  X509 *cert;
  int n = 0;

  if (!g_file_get_contents (pem_path, &data, &len, &local))
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_FAILED,
                   _("Cannot read the certificate file “%s”: %s"), display, local->message);
      return FALSE;
    }
  bio = BIO_new_mem_buf (data, len);
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    {
      sd_tsa_client_add_anchor (self, cert);
      X509_free (cert);
      n++;
    }
  BIO_free (bio);
  ERR_clear_error ();
  if (n == 0)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_FAILED,
                   _("The certificate file “%s” contains no PEM certificate"), display);
      return FALSE;
    }
  return TRUE;
}

const char * const *
sd_tsa_client_get_urls (SdTsaClient *self)
{
  return (const char * const *) self->urls;
}

X509_STORE *
sd_tsa_client_get_store (SdTsaClient *self)
{
  return self->store;
}

static TS_REQ *
build_request (const EVP_MD  *md,
               const guint8  *digest,
               gsize          digest_len)
{
  TS_REQ *req = TS_REQ_new ();
  TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new ();
  X509_ALGOR *alg = X509_ALGOR_new ();
  guint8 random[8];
  BIGNUM *bn = NULL;
  ASN1_INTEGER *nonce = NULL;
  gboolean ok;

  ok = req != NULL && imprint != NULL && alg != NULL
       && TS_REQ_set_version (req, 1)
       && X509_ALGOR_set0 (alg, OBJ_nid2obj (EVP_MD_get_type (md)), V_ASN1_NULL, NULL)
       && TS_MSG_IMPRINT_set_algo (imprint, alg)
       && TS_MSG_IMPRINT_set_msg (imprint, (unsigned char *) digest, (int) digest_len)
       && TS_REQ_set_msg_imprint (req, imprint)
       && RAND_bytes (random, sizeof random) == 1;
  if (ok)
    {
      random[0] &= 0x7f;           /* positive, as a nonce is an INTEGER */
      random[0] |= 0x01;
      bn = BN_bin2bn (random, sizeof random, NULL);
      nonce = bn != NULL ? BN_to_ASN1_INTEGER (bn, NULL) : NULL;
      ok = nonce != NULL && TS_REQ_set_nonce (req, nonce) && TS_REQ_set_cert_req (req, 1);
    }
  BN_free (bn);
  ASN1_INTEGER_free (nonce);
  TS_MSG_IMPRINT_free (imprint);
  X509_ALGOR_free (alg);
  if (!ok)
    {
      TS_REQ_free (req);
      ERR_clear_error ();
      return NULL;
    }
  return req;
}

/* POSTs @query to @url; the body of a 200 answer, or NULL with
 * SD_TSA_ERROR_UNREACHABLE. */
static GBytes *
post_query (SdHttpSession *session,
            const char    *url,
            GBytes        *query,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;
  gboolean bad_url = FALSE;
  guint status;

  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_FAILED,
                   _("The timestamp authority “%s” is not an http:// or https:// address"), url);
      return NULL;
    }
  body = sd_http_session_send (session, url, "application/timestamp-query", query, &status, &reason,
                               &bad_url, cancellable, &local);
  if (body == NULL && bad_url)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_FAILED,
                   _("The timestamp authority “%s” is not a valid address"), url);
      return NULL;
    }
  if (body == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_UNREACHABLE,
                     _("The timestamp authority %s cannot be reached: %s"), url, local->message);
      return NULL;
    }
  if (status != 200)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_UNREACHABLE,
                   _("The timestamp authority %s answered HTTP %u (%s)"), url, status,
                   reason ? reason : "");
      return NULL;
    }
  if (g_bytes_get_size (body) == 0 || g_bytes_get_size (body) > MAX_RESPONSE)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_INVALID,
                   _("The timestamp authority %s sent an answer of %lu bytes, which is not a timestamp"),
                   url, (unsigned long) g_bytes_get_size (body));
      return NULL;
    }
  return g_steal_pointer (&body);
}

static char *
status_text (TS_STATUS_INFO *info)
{
  const STACK_OF(ASN1_UTF8STRING) *text = TS_STATUS_INFO_get0_text (info);
  GString *s = g_string_new (NULL);

  for (int i = 0; text != NULL && i < sk_ASN1_UTF8STRING_num (text); i++)
    {
      ASN1_UTF8STRING *t = sk_ASN1_UTF8STRING_value (text, i);

      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append_len (s, (const char *) ASN1_STRING_get0_data (t), ASN1_STRING_length (t));
    }
  return g_string_free (s, FALSE);
}

/* The token's signer must be a time-stamping certificate: checked here
 * for a clear message (OpenSSL checks it again while verifying). */
static gboolean
signer_is_tsa (PKCS7 *token)
{
  STACK_OF(X509) *signers = PKCS7_get0_signers (token, NULL, 0);
  X509 *signer = signers != NULL && sk_X509_num (signers) == 1 ? sk_X509_value (signers, 0) : NULL;
  gboolean ok = signer != NULL && X509_check_purpose (signer, X509_PURPOSE_TIMESTAMP_SIGN, 0) == 1;

  sk_X509_free (signers);
  ERR_clear_error ();
  return ok;
}

static GBytes *
check_response (SdTsaClient  *self,
                const char   *url,
                TS_REQ       *req,
                GBytes       *answer,
                GError      **error)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (answer, &len);
  TS_RESP *resp = d2i_TS_RESP (NULL, &p, (long) len);
  TS_VERIFY_CTX *ctx = NULL;
  PKCS7 *token;
  long status;
  unsigned char *der = NULL;
  int der_len;
  GBytes *result = NULL;

  if (resp == NULL)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_INVALID,
                   _("The timestamp authority %s did not send a timestamp response"), url);
      goto out;
    }
  status = ASN1_INTEGER_get (TS_STATUS_INFO_get0_status (TS_RESP_get_status_info (resp)));
  if (status != TS_STATUS_GRANTED && status != TS_STATUS_GRANTED_WITH_MODS)
    {
      g_autofree char *text = status_text (TS_RESP_get_status_info (resp));

      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_REFUSED,
                   _("The timestamp authority %s refused the request (status %ld%s%s)"),
                   url, status, *text ? ": " : "", text);
      goto out;
    }
  token = TS_RESP_get_token (resp);
  if (token == NULL)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_INVALID,
                   _("The timestamp authority %s granted the request but sent no token"), url);
      goto out;
    }
  if (!signer_is_tsa (token))
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_INVALID,
                   _("The timestamp of %s is not signed by a time-stamping certificate (it needs the critical extended key usage timeStamping, and the token must carry it)"),
                   url);
      goto out;
    }
  if (self->n_anchors == 0)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_INVALID,
                   _("No trust anchor is known for timestamp authorities: add the authority's CA to the trust list (“sealdesk-cli trust add”) or give it with --tsa-trust"));
      goto out;
    }

  ctx = TS_REQ_to_TS_VERIFY_CTX (req, NULL);
  TS_VERIFY_CTX_add_flags (ctx, TS_VFY_SIGNATURE);
  X509_STORE_up_ref (self->store);
  TS_VERIFY_CTX_set_store (ctx, self->store);
  if (TS_RESP_verify_response (ctx, resp) != 1)
    {
      unsigned long e = ERR_peek_last_error ();
      int r = ERR_GET_REASON (e);
      const char *what;

      if (r == TS_R_NONCE_MISMATCH || r == TS_R_NONCE_NOT_RETURNED)
        what = _("it does not answer our request (the nonce differs)");
      else if (r == TS_R_MESSAGE_IMPRINT_MISMATCH)
        what = _("it timestamps something else (the imprint differs)");
      else if (r == TS_R_CERTIFICATE_VERIFY_ERROR)
        what = _("its certificate does not chain to a trusted authority");
      else
        what = e != 0 && ERR_reason_error_string (e) ? ERR_reason_error_string (e) : "?";
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_INVALID,
                   _("The timestamp of %s cannot be used: %s"), url, what);
      goto out;
    }
  der_len = i2d_PKCS7 (token, &der);
  if (der_len <= 0)
    {
      g_set_error (error, SD_TSA_ERROR, SD_TSA_ERROR_FAILED,
                   _("The timestamp of %s cannot be encoded"), url);
      goto out;
    }
  result = g_bytes_new (der, der_len);

out:
  OPENSSL_free (der);
  TS_VERIFY_CTX_free (ctx);
  TS_RESP_free (resp);
  ERR_clear_error ();
  return result;
}

GBytes *
sd_tsa_client_timestamp (SdTsaClient   *self,
                         const EVP_MD  *md,
                         const guint8  *digest,
                         gsize          digest_len,
                         char         **used_url,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(SdHttpSession) session = NULL;
  g_autoptr(GError) first = NULL;
  gboolean answered = FALSE;

  g_return_val_if_fail (self != NULL && self->urls != NULL, NULL);

  if (self->urls[0] == NULL)
    {
      g_set_error_literal (error, SD_TSA_ERROR, SD_TSA_ERROR_FAILED,
                           _("No timestamp authority is configured"));
      return NULL;
    }
  session = sd_http_session_new (self->timeout, error);
  if (session == NULL)
    return NULL;
  for (int i = 0; self->urls[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GBytes) query = NULL;
      g_autoptr(GBytes) answer = NULL;
      unsigned char *der = NULL;
      int der_len;
      TS_REQ *req = build_request (md, digest, digest_len);
      GBytes *token = NULL;

      if (req == NULL || (der_len = i2d_TS_REQ (req, &der)) <= 0)
        {
          TS_REQ_free (req);
          g_set_error_literal (error, SD_TSA_ERROR, SD_TSA_ERROR_FAILED,
                               _("The timestamp request cannot be made"));
          return NULL;
        }
      query = g_bytes_new (der, der_len);
      OPENSSL_free (der);
      answer = post_query (session, self->urls[i], query, cancellable, &local);
      if (answer != NULL)
        token = check_response (self, self->urls[i], req, answer, &local);
      TS_REQ_free (req);
      if (token != NULL)
        {
          if (used_url != NULL)
            *used_url = g_strdup (self->urls[i]);
          return token;
        }
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_debug ("TSA %s: %s", self->urls[i], local->message);
      /* An answer says more than silence: keep the first one that got further. */
      if (first == NULL || (!answered && !g_error_matches (local, SD_TSA_ERROR, SD_TSA_ERROR_UNREACHABLE)))
        {
          g_clear_error (&first);
          first = g_steal_pointer (&local);
          answered = !g_error_matches (first, SD_TSA_ERROR, SD_TSA_ERROR_UNREACHABLE);
        }
    }
  g_propagate_error (error, g_steal_pointer (&first));
  return NULL;
}
