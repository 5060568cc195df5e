/* sd-tsa.h: an RFC 3161 time-stamping client
 *
 * Asks a time-stamping authority (TSA) over HTTP for a token over a digest:
 * the request carries a random nonce and asks for the TSA's certificate;
 * the response must be granted, carry our imprint and nonce, be signed by
 * a certificate with the critical extended key usage timeStamping that
 * chains to the given trust anchors. Several URLs form a fallback list:
 * the first one that answers with a valid token wins.
 *
 * Blocking (libsoup's synchronous API): call it from a worker thread.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define SD_TSA_ERROR (sd_tsa_error_quark ())

typedef enum {
  SD_TSA_ERROR_FAILED,
  SD_TSA_ERROR_UNREACHABLE,   /* no TSA answered (network, timeout, HTTP error) */
  SD_TSA_ERROR_REFUSED,       /* a TSA answered with a status other than granted */
  SD_TSA_ERROR_INVALID,       /* a TSA answered with a token we must not use */
} SdTsaError;

GQuark sd_tsa_error_quark (void);

typedef struct _SdTsaClient SdTsaClient;

/* @urls: NULL-terminated, at least one. */
SdTsaClient *sd_tsa_client_new          (const char * const *urls);
void         sd_tsa_client_free         (SdTsaClient        *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTsaClient, sd_tsa_client_free)

/* Seconds to wait for each TSA (default 20). */
void         sd_tsa_client_set_timeout  (SdTsaClient        *self,
                                         guint               seconds);
/* A trust anchor for the TSA's certificate (the workspace's trust list,
 * or a CA given on the command line). Without any, every token is refused. */
void         sd_tsa_client_add_anchor   (SdTsaClient        *self,
                                         X509               *anchor);
gboolean     sd_tsa_client_add_anchor_file (SdTsaClient     *self,
                                            const char      *pem_path,
                                            GError         **error);
const char * const *sd_tsa_client_get_urls (SdTsaClient     *self);
/* The trust anchors given so far (owned by @self). */
X509_STORE  *sd_tsa_client_get_store    (SdTsaClient        *self);

/* The DER TimeStampToken (a CMS ContentInfo) over @digest, computed with
 * @md. @used_url (may be NULL) receives the URL that answered. When every
 * TSA failed, the error is the first one's unless a later one got further
 * (an answer beats no answer); SD_TSA_ERROR_UNREACHABLE only when none
 * answered at all. */
GBytes      *sd_tsa_client_timestamp    (SdTsaClient        *self,
                                         const EVP_MD       *md,
                                         const guint8       *digest,
                                         gsize               digest_len,
                                         char              **used_url,
                                         GCancellable       *cancellable,
                                         GError            **error);

G_END_DECLS
