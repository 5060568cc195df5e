/* sd-pdf-scan.h: the byte-level layout of a PDF file (internal to src/core/pdf)
 *
 * What qpdf hides because it merges it away: where the header is, where each
 * cross-reference section sits, which kind it is, and where each revision
 * ends. Works on the mapped bytes of the file (or of a prefix of it).
 */
#pragma once

#include <glib.h>

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct {
  goffset         header_offset;   /* where "%PDF-" starts (0 normally) */
  char            header_version[8];
  goffset         startxref;       /* value as written, -1 when not found */
  gboolean        chain_ok;        /* every section of the chain was read */
  SdPdfXrefStyle  xref_style;      /* of the newest section */
  gboolean        linearized;      /* first object has /Linearized */
  int             trailer_size;    /* /Size of the newest section, 0 if unknown */
  GArray         *revision_ends;   /* goffset, oldest first */
  GPtrArray      *problems;        /* char *, translated, for the warnings list */
  char           *xref_problem;    /* what is wrong with the object numbers the
                                    * newest section names (or its /XRefStm),
                                    * translated; NULL when nothing */
  const char     *chain_problem;   /* why the chain is broken (in problems),
                                    * NULL when it is not */
} SdPdfScan;

/* Where "%PDF-" starts within the first 1024 bytes, or -1. */
gssize     sd_pdf_scan_find_header (const guint8 *data,
                                    gsize         length);

/* Fills @scan from @data (the whole file or a prefix). Never fails: what
 * cannot be found is reported in @scan->problems and by chain_ok. */
void       sd_pdf_scan_run         (SdPdfScan    *scan,
                                    const guint8 *data,
                                    gsize         length);
/* For a file whose chain is broken or that qpdf had to reconstruct: the
 * revisions are guessed by scanning, every %%EOF ending one. */
void       sd_pdf_scan_distrust_chain (SdPdfScan    *scan,
                                       const guint8 *data,
                                       gsize         length);
void       sd_pdf_scan_clear       (SdPdfScan    *scan);

G_END_DECLS
