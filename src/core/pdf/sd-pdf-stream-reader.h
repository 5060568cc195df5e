/* sd-pdf-stream-reader.h: a stream's decoded data in pieces (internal to
 * src/core/pdf)
 *
 * qpdf's C API gives a stream's data as one buffer, all of it decoded in
 * memory: a content stream of a few kilobytes of Flate can claim a
 * gigabyte. Its C++ API pipes the data through the filters a piece at a
 * time instead; this reader uses it (sd-pdf-stream-reader.cc) on the same
 * bytes as the document, opened once more lazily (so only what is read is
 * parsed), and hands each piece to a function that may stop it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SdPdfStreamReader SdPdfStreamReader;

/* TRUE to go on, FALSE to stop reading the stream. */
typedef gboolean (*SdPdfChunkFunc) (const guint8 *data,
                                    gsize         length,
                                    gpointer      user_data);

typedef enum {
  SD_PDF_STREAM_READ_DONE,        /* every byte was given */
  SD_PDF_STREAM_READ_STOPPED,     /* the function stopped it */
  SD_PDF_STREAM_READ_FAILED,      /* not a stream, or it cannot be decoded */
} SdPdfStreamRead;

/* @data stays valid as long as the reader; @password may be NULL. */
SdPdfStreamReader *sd_pdf_stream_reader_new  (const guint8      *data,
                                              gsize              length,
                                              const char        *display_name,
                                              const char        *password);
/* Decodes object @id @generation, the pieces to @func. */
SdPdfStreamRead    sd_pdf_stream_reader_pipe (SdPdfStreamReader *self,
                                              int                id,
                                              int                generation,
                                              SdPdfChunkFunc     func,
                                              gpointer           user_data);
/* Does an object stream of the cross-reference table decode to more than
 * @max_each bytes, or all of them to more than @max_all? Each is decoded a
 * piece at a time and counted, never kept; one that cannot be decoded
 * counts what it gave. */
gboolean           sd_pdf_stream_reader_object_streams_over (SdPdfStreamReader *self,
                                                             guint64            max_each,
                                                             guint64            max_all);
void               sd_pdf_stream_reader_free (SdPdfStreamReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfStreamReader, sd_pdf_stream_reader_free)

G_END_DECLS
