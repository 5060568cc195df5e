/* sd-verify.h: verify the signatures of a PDF
 *
 * sd_verify_document() checks every signature and document timestamp of a
 * file: ByteRange sanity and coverage, the message digest, the CMS
 * signature, the ESS certificate binding, the signer's chain (at signing
 * time) against the trust anchors, the PAdES level, what changed in every
 * later revision and whether that was allowed, and names known attacks.
 *
 * It keeps no global state and never prompts: call it from a worker thread
 * (the GUI runs it in a GTask) with a GCancellable.
 */
#pragma once

#include <gio/gio.h>

#include "sd-progress.h"
#include "sd-verify-report.h"

G_BEGIN_DECLS

#define SD_VERIFY_ERROR (sd_verify_error_quark ())

typedef enum {
  SD_VERIFY_ERROR_FAILED,
  SD_VERIFY_ERROR_IO,           /* cannot read the document or write the report */
  SD_VERIFY_ERROR_NOT_PDF,      /* the file is not a PDF */
  SD_VERIFY_ERROR_TRUST,        /* a trust anchor file cannot be used */
} SdVerifyError;

GQuark sd_verify_error_quark (void);

typedef struct {
  /* PEM files of additional trust anchors (`--trust`), NULL-terminated;
   * may be NULL. An unreadable file or one without a certificate is an
   * SD_VERIFY_ERROR_TRUST error. */
  const char * const *trust_files;
  /* Sealdesk's data directory: the *.pem files in <data_dir>/trust join
   * the trust list; NULL: sd_data_dir(). */
  const char         *data_dir;
  /* Ignored, kept for compatibility: the system store is off unless
   * @system_trust is set. */
  gboolean            no_system_trust;
  /* Sealdesk's trust list (sd_workspace_get_trust_anchors()): X509 *;
   * may be NULL. */
  GPtrArray          *trust_list;
  /* Also trust the system's certificate store (off by default: it holds
   * TLS authorities, which vouch for web servers, not for documents). */
  gboolean            system_trust;
} SdVerifyOptions;

/* Verifies @path. @password is the document's user password (NULL: none).
 * Returns a report, or NULL with @error set when the file is not a readable
 * PDF (SD_VERIFY_ERROR_NOT_PDF, _IO, or an SD_PDF_ERROR such as
 * SD_PDF_ERROR_NEEDS_PASSWORD), when a trust file cannot be used, or when
 * @cancellable was cancelled (G_IO_ERROR_CANCELLED). A document that opens
 * but whose signatures are broken is not an error: it gets a report with
 * verdict "invalid". */
SdVerifyReport *sd_verify_document (const char             *path,
                                    const char             *password,
                                    const SdVerifyOptions  *opts,
                                    SdProgressFunc          progress,
                                    gpointer                progress_data,
                                    GCancellable           *cancellable,
                                    GError                **error);

G_END_DECLS
