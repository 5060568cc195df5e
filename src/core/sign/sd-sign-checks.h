/* sd-sign-checks.h: checks before signing (internal to src/core/sign) */
#pragma once

#include "sd-pdf-document.h"
#include "sd-signer.h"

G_BEGIN_DECLS

/* An encrypted document is signed (and extended) with its key, when its
 * security handler is one Sealdesk can write and its permissions allow
 * signing (SD_SIGN_ERROR_UNSUPPORTED, SD_PDF_ERROR_ENCRYPTED). */
gboolean sd_sign_check_encryption (SdPdfDocument  *doc,
                                   GError        **error);

/* Can @doc be signed with @opts: its encryption, structure and
 * certification (SD_SIGN_ERROR, SD_PDF_ERROR). */
gboolean sd_sign_check_document (SdPdfDocument        *doc,
                                 const SdSignOptions  *opts,
                                 GError              **error);

/* opts->repair_damaged: a damaged @in_path rewritten into a private
 * temporary file, returned in @repaired (NULL when the document is sound,
 * or cannot even be opened: signing it says why); result->repaired says
 * what was wrong. */
gboolean sd_sign_repair_input   (const char    *in_path,
                                 char         **repaired,
                                 SdSignResult  *result,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
