/* sd-pdf-images-inline.c: the inline images of a content stream
 *
 * A content stream is decoded a piece at a time (sd-pdf-stream-reader.h),
 * never whole, and looked through for "BI" wherever it appears, also
 * inside strings and image data: an image found there is measured too, so
 * nothing a renderer could read is missed. Its dictionary, up to "ID", is
 * read with the object layer's lexer; a dictionary cut between two pieces
 * waits for the next one.
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-images-private.h"
#include "sd-pdf-lexer.h"

/* The inline images of a content stream, as it is decoded. */
typedef struct {
  SdPdfImageWalk       *walk;
  GByteArray *buf;
  gsize       pos;        /* next byte to look at */
  gboolean    at_start;   /* nothing before buf->data[0] */
} InlineScan;

static gboolean
is_delimiter (guint8 c)
{
  return strchr (" \t\r\n\f()<>[]{}/%", c) != NULL || c == '\0';
}

typedef enum { DICT_FOUND, DICT_NEED_MORE, DICT_NONE } DictRead;

static gboolean
token_is (const SdPdfLexer *lexer,
          const SdPdfToken *token,
          const char       *a,
          const char       *b)
{
  return sd_pdf_token_is_name (lexer, token, a) || sd_pdf_token_is_name (lexer, token, b);
}

/* The dictionary of an inline image from @from (just after "BI") to "ID";
 * *@end is just after "ID". */
static DictRead
read_inline_dict (InlineScan *scan,
                  gsize       from,
                  gboolean    final,
                  gsize      *end)
{
  const guint8 *data = scan->buf->data;
  gsize limit = MIN (scan->buf->len, from + MAX_INLINE_DICT);
  gint64 width = 0, height = 0, bits = 8;
  guint components = 0;
  gboolean mask = FALSE;
  SdPdfLexer lexer;
  SdPdfToken key, value;

  /* A token that ends where the data does may go on in the next piece. */
  gboolean more = !final && limit == scan->buf->len && limit < from + MAX_INLINE_DICT;

#define CUT(token) ((token).type == SD_PDF_TOKEN_EOF || (token).type == SD_PDF_TOKEN_ERROR \
                    || (token).start + (token).length >= limit)

  sd_pdf_lexer_init (&lexer, data, limit, from);
  for (;;)
    {
      sd_pdf_lexer_next (&lexer, &key);
      if (more && CUT (key))
        return DICT_NEED_MORE;
      if (sd_pdf_token_is_keyword (&lexer, &key, "ID"))
        break;
      if (key.type != SD_PDF_TOKEN_NAME)
        return DICT_NONE;
      sd_pdf_lexer_next (&lexer, &value);
      if (more && CUT (value))
        return DICT_NEED_MORE;
      if (value.type == SD_PDF_TOKEN_EOF || value.type == SD_PDF_TOKEN_ERROR)
        return DICT_NONE;
      if (value.type == SD_PDF_TOKEN_INTEGER)
        {
          if (token_is (&lexer, &key, "W", "Width"))
            width = value.integer;
          else if (token_is (&lexer, &key, "H", "Height"))
            height = value.integer;
          else if (token_is (&lexer, &key, "BPC", "BitsPerComponent"))
            bits = value.integer;
        }
      else if (value.type == SD_PDF_TOKEN_NAME && token_is (&lexer, &key, "CS", "ColorSpace"))
        components = sd_pdf_images_components_of_name ((const char *) data + value.start, value.length);
      else if (value.type == SD_PDF_TOKEN_KEYWORD && token_is (&lexer, &key, "IM", "ImageMask"))
        mask = sd_pdf_token_is_keyword (&lexer, &value, "true");
      else if (value.type == SD_PDF_TOKEN_ARRAY_START || value.type == SD_PDF_TOKEN_DICT_START)
        {
          /* [/Indexed …], /DecodeParms << … >>: counted as unknown. */
          int nesting = 1;

          while (nesting > 0)
            {
              sd_pdf_lexer_next (&lexer, &value);
              if (more && CUT (value))
                return DICT_NEED_MORE;
              if (value.type == SD_PDF_TOKEN_EOF || value.type == SD_PDF_TOKEN_ERROR)
                return DICT_NONE;
              if (value.type == SD_PDF_TOKEN_ARRAY_START || value.type == SD_PDF_TOKEN_DICT_START)
                nesting++;
              else if (value.type == SD_PDF_TOKEN_ARRAY_END || value.type == SD_PDF_TOKEN_DICT_END)
                nesting--;
            }
        }
    }
#undef CUT
  sd_pdf_images_claim (scan->walk, width, height, mask ? 1 : components != 0 ? components : 4, mask ? 1 : bits);
  *end = lexer.pos;
  return DICT_FOUND;
}

/* Looks through what has come; keeps what may begin an image that has
 * not come whole. */
static void
scan_inline (InlineScan *scan,
             gboolean    final)
{
  GByteArray *buf = scan->buf;

  while (!sd_pdf_images_over (scan->walk) && scan->pos + 2 <= buf->len)
    {
      const guint8 *p = memchr (buf->data + scan->pos, 'B', buf->len - scan->pos);
      gsize at, end;

      if (p == NULL)
        {
          scan->pos = buf->len;
          break;
        }
      at = p - buf->data;
      if (at + 2 > buf->len)
        {
          scan->pos = at;
          break;
        }
      if (buf->data[at + 1] != 'I'
          || (at == 0 ? !scan->at_start : !is_delimiter (buf->data[at - 1])))
        {
          scan->pos = at + 1;
          continue;
        }
      if (at + 2 == buf->len && !final)
        {
          scan->pos = at;
          break;
        }
      if (at + 2 < buf->len && !is_delimiter (buf->data[at + 2]))
        {
          scan->pos = at + 1;
          continue;
        }
      switch (read_inline_dict (scan, at + 2, final, &end))
        {
        case DICT_FOUND:
          scan->pos = end;
          continue;
        case DICT_NEED_MORE:
          scan->pos = at;
          goto keep;
        case DICT_NONE:
        default:
          scan->pos = at + 2;
          continue;
        }
    }
keep:
  /* Drop what was looked through, but the byte before the next one. */
  if (scan->pos > 1)
    {
      gsize drop = scan->pos - 1;

      g_byte_array_remove_range (buf, 0, (guint) drop);
      scan->pos -= drop;
      scan->at_start = FALSE;
    }
}

static gboolean
inline_chunk (const guint8 *data,
              gsize         length,
              gpointer      user_data)
{
  InlineScan *scan = user_data;
  SdPdfImageWalk *walk = scan->walk;

  walk->content_bytes += length;
  if (walk->content_bytes > MAX_CONTENT_BYTES)
    {
      sd_pdf_images_refuse (walk, SD_PDF_PAGE_OVER_CONTENT);
      return FALSE;
    }
  g_byte_array_append (scan->buf, data, (guint) length);
  scan_inline (scan, FALSE);
  return !sd_pdf_images_over (walk);
}

SdPdfStreamRead
sd_pdf_images_pipe (SdPdfImageWalk *walk,
                    qpdf_oh         stream,
                    SdPdfChunkFunc  func,
                    gpointer        user_data)
{
  qpdf_data q = walk->q;
  gsize length = 0;

  if (walk->doc->stream_reader == NULL)
    {
      const guint8 *data = sd_pdf_document_get_bytes (walk->doc, &length);

      walk->doc->stream_reader = sd_pdf_stream_reader_new (data, length, walk->doc->display_name,
                                                           walk->doc->password);
    }
  return sd_pdf_stream_reader_pipe (walk->doc->stream_reader, qpdf_oh_get_object_id (q, stream),
                                    qpdf_oh_get_generation (q, stream), func, user_data);
}

/* The inline images of the content stream @stream. */
void
sd_pdf_images_scan_content (SdPdfImageWalk *walk,
                            qpdf_oh         stream)
{
  qpdf_data q = walk->q;
  InlineScan scan = { walk, NULL, 0, TRUE };
  SdPdfStreamRead read;

  if (sd_pdf_images_over (walk) || !qpdf_oh_is_stream (q, stream))
    return;
  scan.buf = g_byte_array_new ();
  read = sd_pdf_images_pipe (walk, stream, inline_chunk, &scan);
  /* What cannot be decoded cannot be drawn either; what was read counts. */
  if (read != SD_PDF_STREAM_READ_STOPPED)
    scan_inline (&scan, TRUE);
  g_byte_array_unref (scan.buf);
}
