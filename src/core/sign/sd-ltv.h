/* sd-ltv.h: long-term validation (PAdES B-LT and B-LTA)
 *
 * B-LT: a new incremental revision with a /DSS (/Certs, /OCSPs, /CRLs and
 * a /VRI entry per signature, keyed by the SHA-1 of its /Contents) holding
 * every certificate, OCSP response and CRL needed to validate each
 * signature of the document and its timestamps. Revocation data is asked
 * for over HTTP (OCSP at the certificate's AIA address first, the CRL at
 * its distribution point when that fails) and kept in a cache folder, from
 * which it is taken when the network is not there.
 * B-LTA: then a document timestamp (/Type /DocTimeStamp, /SubFilter
 * /ETSI.RFC3161) over everything, in a last revision.
 *
 * The input stays as it is; the output is written atomically. Blocking:
 * call it from a worker thread.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/x509.h>

#include "sd-signer.h"
#include "sd-tsa.h"

G_BEGIN_DECLS

#define SD_LTV_ERROR (sd_ltv_error_quark ())

typedef enum {
  SD_LTV_ERROR_FAILED,
  SD_LTV_ERROR_NO_SIGNATURE,        /* nothing to extend */
  SD_LTV_ERROR_CHAIN,               /* a certificate does not chain to a trust anchor */
  SD_LTV_ERROR_NO_REVOCATION_DATA,  /* neither OCSP, CRL nor the cache answered */
  SD_LTV_ERROR_REVOKED,             /* a certificate that must vouch is revoked */
} SdLtvError;

GQuark sd_ltv_error_quark (void);

typedef struct {
  SdSignLevel   level;              /* SD_SIGN_LEVEL_B_LT or SD_SIGN_LEVEL_B_LTA */
  SdTsaClient  *tsa;                /* for the document timestamp (borrowed) */
  X509_STORE   *store;              /* trust anchors (borrowed) */
  const char   *cache_dir;          /* revocation data cache, or NULL */
  guint         timeout;            /* seconds per HTTP request, 0: 20 */
  gboolean      offline;            /* revocation data from the cache only */
  /* Write the DSS even when it says that a certificate is revoked (the
   * signature will not validate). */
  gboolean      allow_revoked;
  /* The document's own password (user or owner) when it is encrypted
   * (borrowed, or NULL): the new revisions are encrypted with its key. */
  const char   *password;
} SdLtvOptions;

typedef struct {
  SdSignLevel  level;               /* the level the output reached */
  guint        n_certs;             /* added to the DSS */
  guint        n_ocsps;
  guint        n_crls;
  guint        n_from_cache;        /* revocation data taken from the cache */
  gboolean     dss_added;
  gboolean     doc_timestamp_added;
  char        *tsa_url;             /* the TSA of the document timestamp */
  GDateTime   *doc_timestamp_time;
} SdLtvResult;

void     sd_ltv_result_clear (SdLtvResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SdLtvResult, sd_ltv_result_clear)

/* Extends every signature of @in_path into @out_path (another file). */
gboolean sd_ltv_extend       (const char          *in_path,
                              const char          *out_path,
                              const SdLtvOptions  *opts,
                              SdLtvResult         *result,
                              GCancellable        *cancellable,
                              GError             **error);

/* Writes a copy of @from to @to, atomically, keeping the permissions of an
 * existing @to (for extending a file in place through a temporary copy). */
gboolean sd_ltv_copy_file    (const char          *from,
                              const char          *to,
                              GError             **error);

G_END_DECLS
