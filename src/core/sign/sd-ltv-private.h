/* sd-ltv-private.h: revocation data for the DSS (internal to src/core/sign) */
#pragma once

#include <openssl/sha.h>
#include <openssl/x509.h>

#include "sd-http.h"
#include "sd-ltv.h"
#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct {
  SdHttpSession *session;           /* opened with the first request */
  guint        timeout;
  X509_STORE  *store;               /* trust anchors (borrowed) */
  const char  *cache_dir;           /* or NULL */
  gboolean     offline;             /* never ask the network */
  guint        n_from_cache;
} SdLtvFetcher;

void     sd_ltv_fetcher_init  (SdLtvFetcher *f,
                               X509_STORE   *store,
                               const char   *cache_dir,
                               guint         timeout);
void     sd_ltv_fetcher_clear (SdLtvFetcher *f);

/* What the revocation data says about one certificate. */
typedef struct {
  GBytes    *ocsp;                  /* DER OCSPResponse, or NULL */
  GBytes    *crl;                   /* DER CRL, or NULL */
  GPtrArray *certs;                 /* of X509*: the OCSP responder's, to add to the DSS */
  gboolean   revoked;
  GDateTime *revoked_at;            /* when revoked */
} SdLtvRevocation;

void     sd_ltv_revocation_clear (SdLtvRevocation *r);

/* OCSP from the certificate's AIA address first, then the CRL of its
 * distribution points, then the cache. The answer must be signed by
 * @issuer (or a responder it authorised) and be about @cert. */
gboolean sd_ltv_fetch_revocation (SdLtvFetcher     *f,
                                  X509             *cert,
                                  X509             *issuer,
                                  STACK_OF(X509)   *pool,
                                  SdLtvRevocation  *out,
                                  GCancellable     *cancellable,
                                  GError          **error);

/* Does @cert need no revocation data (a trust anchor, self-signed, or an
 * OCSP responder's certificate with id-pkix-ocsp-nocheck)? */
gboolean sd_ltv_needs_no_revocation (X509 *cert);

/* What the DSS of a document gets: every certificate, OCSP response and
 * CRL its signatures need, and a /VRI entry per signature.
 * (sd-ltv-collect.c) */
/* One signature (or document timestamp) and what its /VRI entry lists. */
typedef struct {
  char    key[2 * SHA_DIGEST_LENGTH + 1];
  GArray *certs;                    /* indexes into SdLtvCollection.certs */
  GArray *ocsps;
  GArray *crls;
} SdLtvVriEntry;

typedef struct {
  GPtrArray  *certs;                /* of X509*, each once */
  GPtrArray  *ocsps;                /* of GBytes, each once */
  GPtrArray  *crls;
  GArray     *vri;                  /* of SdLtvVriEntry */
  GHashTable *checked;              /* hex SHA-256 of a certificate → SdLtvRevocation */
  SdLtvFetcher fetcher;
  const SdLtvOptions *opts;
} SdLtvCollection;


void     sd_ltv_collection_init  (SdLtvCollection     *c,
                                  const SdLtvOptions  *opts);
void     sd_ltv_collection_clear (SdLtvCollection     *c);
/* The validation data of every signature of @doc into @c. */
gboolean sd_ltv_collect          (SdLtvCollection     *c,
                                  SdPdfDocument       *doc,
                                  GCancellable        *cancellable,
                                  GError             **error);

/* The incremental update with the /DSS of @c merged into that of @doc
 * (existing streams kept, not added twice), to be written at @size.
 * (sd-ltv-dss.c) */
GBytes  *sd_ltv_build_dss_section (SdLtvCollection  *c,
                                   SdPdfDocument    *doc,
                                   goffset           size,
                                   gboolean          needs_eol,
                                   SdLtvResult      *result,
                                   GError          **error);

/* Writes @in_path and then @section (NULL: nothing) to @out_path, atomically, with the
 * input's permissions. (sd-ltv.c) */
gboolean sd_ltv_append_section   (const char    *in_path,
                                  const char    *out_path,
                                  GBytes        *section,
                                  GCancellable  *cancellable,
                                  GError       **error);
gboolean sd_ltv_last_byte_is_eol (const char    *path,
                                  goffset        size);

/* A document timestamp (/SubFilter /ETSI.RFC3161) over all of @in_path,
 * in a new revision written to @out_path. (sd-ltv-timestamp.c) */
gboolean sd_ltv_add_doc_timestamp (const char          *in_path,
                                   const char          *out_path,
                                   const SdLtvOptions  *opts,
                                   SdLtvResult         *result,
                                   GCancellable        *cancellable,
                                   GError             **error);

G_END_DECLS
