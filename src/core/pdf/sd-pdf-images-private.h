/* sd-pdf-images-private.h: the walk of a page's images, shared by
 * sd-pdf-images.c (dictionaries) and sd-pdf-images-inline.c (inline images
 * in content streams); internal to src/core/pdf
 */
#pragma once

#include "sd-pdf-document-impl.h"
#include "sd-pdf-stream-reader.h"

G_BEGIN_DECLS

/* Decoded content looked through on one page, at most; more is refused
 * (a content bomb). */
#define MAX_CONTENT_BYTES ((guint64) 512 << 20)
/* Objects visited on one page, at most; more is refused. */
#define MAX_NODES 100000
/* The dictionary of an inline image, BI to ID, at most. */
#define MAX_INLINE_DICT 4096

typedef struct {
  SdPdfDocument     *doc;
  qpdf_data          q;
  GHashTable        *seen;          /* object ids walked */
  SdPdfPageImages   *result;
  guint64            content_bytes;
  guint              n_nodes;
} SdPdfImageWalk;

gboolean sd_pdf_images_over               (SdPdfImageWalk       *walk);
/* The page is not to be drawn, for @reason (the first one given stays). */
void     sd_pdf_images_refuse             (SdPdfImageWalk       *walk,
                                           SdPdfPageOver         reason);
/* The font programs the font dictionary @font embeds (its descendant's,
 * for a Type 0 font), decoded a piece at a time and counted: over
 * SD_PDF_MAX_FONT_BYTES refuses the page. (sd-pdf-images-fonts.c) */
void     sd_pdf_images_claim_font         (SdPdfImageWalk       *walk,
                                           qpdf_oh               font);
/* What an image of @width × @height samples of @components, @bits each,
 * decodes to: a byte a sample (two above 8 bits). */
guint64  sd_pdf_images_size               (gint64      width,
                                           gint64      height,
                                           guint       components,
                                           gint64      bits);
/* Counts one image of @width × @height samples of @components, @bits each. */
void     sd_pdf_images_claim              (SdPdfImageWalk       *walk,
                                           gint64      width,
                                           gint64      height,
                                           guint       components,
                                           gint64      bits);
/* Counts one bitmap of @width × @height pixels, a bit each (JBIG2). */
void     sd_pdf_images_claim_bits         (SdPdfImageWalk *walk,
                                           gint64          width,
                                           gint64          height);
/* The bitmaps the segments of the JBIG2 image @image (its dictionary
 * @dict, of @height rows) claim. (sd-pdf-images-jbig2.c) */
void     sd_pdf_images_claim_jbig2        (SdPdfImageWalk *walk,
                                           qpdf_oh         image,
                                           qpdf_oh         dict,
                                           gint64          height);
/* Is @name the one filter of the stream dictionary @dict? *@among: is it
 * one of its filters. (sd-pdf-images-jbig2.c) */
gboolean sd_pdf_images_only_filter        (qpdf_data   q,
                                           qpdf_oh     dict,
                                           const char *name,
                                           gboolean   *among);
/* A JPEG 2000 image @image (its dictionary @dict) whose codestream states
 * a size that decodes to more than *@width × *@height × *@components of
 * *@bits: the four replaced by the codestream's. (sd-pdf-images-jpx.c) */
void     sd_pdf_images_jpx_size           (SdPdfImageWalk *walk,
                                           qpdf_oh         image,
                                           qpdf_oh         dict,
                                           gint64         *width,
                                           gint64         *height,
                                           guint          *components,
                                           gint64         *bits);
/* The data of @stream, decoded as far as qpdf's generalized filters go
 * (else as stored), a piece at a time to @func. (sd-pdf-images-inline.c) */
SdPdfStreamRead sd_pdf_images_pipe        (SdPdfImageWalk *walk,
                                           qpdf_oh         stream,
                                           SdPdfChunkFunc  func,
                                           gpointer        user_data);
/* Components of a colour space by its name (without the slash), inline
 * abbreviations included; 0 when the name says nothing. */
guint    sd_pdf_images_components_of_name (const char *name,
                                           gsize       length);
/* The inline images of the content stream @stream, decoded a piece at a
 * time. (sd-pdf-images-inline.c) */
void     sd_pdf_images_scan_content       (SdPdfImageWalk       *walk,
                                           qpdf_oh     stream);

G_END_DECLS
