/* sd-pdf-update.h: an incremental update appended to a PDF
 *
 * Collects new and changed objects and serialises them as one incremental
 * update section (objects, cross-reference table or stream in the style of
 * the original, trailer with /Prev, startxref, %%EOF). The original bytes are
 * never changed: the section is written after them.
 */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct _SdPdfUpdate SdPdfUpdate;

SdPdfUpdate *sd_pdf_update_new             (SdPdfDocument *doc,
                                            GError       **error);
void         sd_pdf_update_free            (SdPdfUpdate   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfUpdate, sd_pdf_update_free)

/* A fresh object number for a new object. */
int          sd_pdf_update_add_object      (SdPdfUpdate   *self);
/* Set the body of object @num (new or existing, generation @gen): the text
 * between "N G obj" and "endobj". */
void         sd_pdf_update_set_object      (SdPdfUpdate   *self,
                                            int            num,
                                            int            gen,
                                            const char    *body);
/* A stream object: @dict is the dictionary's inner entries without << >>
 * and without /Length, which is added. @data is copied. */
void         sd_pdf_update_set_stream      (SdPdfUpdate   *self,
                                            int            num,
                                            const char    *dict,
                                            const guint8  *data,
                                            gsize          len);
/* The current body of an existing object, as text (qpdf's unparsing of its
 * value; references to other objects stay references). */
char        *sd_pdf_update_dup_object_body (SdPdfUpdate   *self,
                                            int            num,
                                            int            gen);

/* Serialise the section. @base is the file offset (from byte 0, not from
 * the header) at which its first byte
 * will be written (the original size). The section starts with an
 * end-of-line when the original does not end with one. */
GBytes      *sd_pdf_update_serialize       (SdPdfUpdate   *self,
                                            goffset        base,
                                            gboolean       needs_leading_eol,
                                            GError       **error);
/* After serialising: offset of object @num's "N G obj" within the section. */
gssize       sd_pdf_update_get_object_offset (SdPdfUpdate *self,
                                              int          num);

G_END_DECLS
