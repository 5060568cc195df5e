/* sd-pdf-document-private.h: for the writer and verifier inside src/core */
#pragma once

#include <qpdf/qpdf-c.h>

#include "sd-pdf-crypt.h"
#include "sd-pdf-document.h"

G_BEGIN_DECLS

/* PDF 1.7's limit on indirect objects (ISO 32000-1, Annex C): readers
 * size their tables by the highest object number, and Poppler refuses a
 * few times more. */
#define SD_PDF_MAX_OBJECTS 8388607

/* The qpdf handle behind the document (owned by it). */
qpdf_data sd_pdf_document_get_qpdf (SdPdfDocument *self);

/* The bytes of the file (or of the prefix), mapped: valid as long as the
 * document. */
const guint8 *sd_pdf_document_get_bytes (SdPdfDocument *self,
                                         gsize         *length);

/* Convert the current qpdf error into a GError in SD_PDF_ERROR and clear it.
 * Returns FALSE when there was an error (so callers can `return`). Pending
 * qpdf warnings are moved into the document's warnings. */
gboolean  sd_pdf_document_check_qpdf (SdPdfDocument *self,
                                      GError       **error);

/* What an incremental update to the document must be encrypted with: *@crypt
 * is NULL when the document is not encrypted (transfer none, owned by the
 * document). FALSE (SD_PDF_ERROR_ENCRYPTED…) when its security handler is
 * one that Sealdesk cannot write. */
gboolean  sd_pdf_document_get_crypt  (SdPdfDocument *self,
                                      SdPdfCrypt   **crypt,
                                      GError       **error);

/* The object numbers that the cross-reference sections after byte @from
 * list, in use or freed: what the revisions after @from write (pass the end
 * of the revision before). A set of GINT_TO_POINTER (number); every other
 * object reads as it did at @from. NULL when that cannot be told for sure
 * (the chain is not intact, a section cannot be read, the file is
 * encrypted): then any object may differ. (sd-pdf-written.c) */
GHashTable   *sd_pdf_document_get_written_objects (SdPdfDocument *self,
                                                   goffset        from);

G_END_DECLS
