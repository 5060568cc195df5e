/* sd-pdf-document-impl.h: the SdPdfDocument structure, shared by
 * sd-pdf-document.c (opening), sd-pdf-document-info.c (what it tells) and
 * sd-pdf-images-private.h (the walk of page images); nothing else
 * includes it. */
#pragma once

#include "sd-pdf-crypt.h"
#include "sd-pdf-document-private.h"
#include "sd-pdf-scan.h"
#include "sd-pdf-stream-reader.h"

G_BEGIN_DECLS

/* Beyond this many, warnings are counted rather than kept. */
#define SD_PDF_DOCUMENT_MAX_WARNINGS 50

struct _SdPdfDocument
{
  GObject      parent_instance;

  char        *path;
  char        *display_name;
  GBytes      *map;               /* sd-mapped-file.h */
  const guint8 *data;
  gsize        length;            /* of the file, or of the prefix */

  qpdf_data    qpdf;
  SdPdfScan    scan;

  char        *version;
  int          n_pages;
  char        *encryption;        /* NULL when not encrypted */
  char        *password;          /* as given to open it (a secret), or NULL */
  SdPdfCrypt  *crypt;             /* lazily, for the writer */
  gboolean     repaired;
  gboolean     reconstructed;     /* qpdf rebuilt the cross-reference table */
  char        *repair_reason;
  char        *last_damage;       /* the latest qpdf damage warning */
  GPtrArray   *warnings;          /* char *, translated framing */
  guint        n_dropped_warnings;
  GPtrArray   *signature_fields;  /* lazily */
  SdPdfStreamReader *stream_reader; /* lazily, for sd-pdf-images-inline.c */
  GHashTable  *font_bytes;        /* lazily: font program id → decoded bytes (sd-pdf-images-fonts.c) */
};

G_END_DECLS
