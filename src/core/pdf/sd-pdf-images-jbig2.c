/* sd-pdf-images-jbig2.c: the bitmaps a JBIG2 image's own data claims
 *
 * A JBIG2 image states its size twice: in its dictionary, and in its
 * segments (ITU T.88, 7.2): the page information segment and each region
 * segment begin with a width and a height, and the decoder allocates a
 * bitmap of that size (a bit a pixel), whatever the dictionary says. The
 * segment headers of the image's data (and of its /JBIG2Globals) are read
 * here, without decoding any region. JBIG2 behind another filter cannot
 * be read without decoding it: such an image is refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sd-pdf-images-private.h"
#include "sd-pdf-objects.h"

/* JBIG2 data read for its segment headers, at most; more is refused. */
#define MAX_JBIG2_BYTES (64 * 1024 * 1024)

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Segments whose data starts with a bitmap's width and height: page
 * information (48) and the region segments (T.88, 7.3). */
static gboolean
has_bitmap (guint type)
{
  static const guint8 types[] = { 4, 6, 7, 20, 22, 23, 36, 38, 39, 40, 42, 43, 48 };

  return memchr (types, (int) type, sizeof types) != NULL;
}

static void
claim_segments (SdPdfImageWalk *walk,
                const guint8   *data,
                gsize           length,
                gint64          dict_height)
{
  gsize pos = 0;

  while (!sd_pdf_images_over (walk) && length - pos >= 11)
    {
      guint32 number = be32 (data + pos);
      guint8 flags = data[pos + 4];
      guint64 count;
      gsize ref_size, rest;
      guint32 data_length;

      pos += 5;
      count = data[pos] >> 5;
      if (count == 7)
        {
          if (length - pos < 4)
            return;
          count = be32 (data + pos) & 0x1fffffff;
          pos += 4;
          if ((count + 8) / 8 > length - pos)
            return;
          pos += (count + 8) / 8;         /* retention flags */
        }
      else
        pos += 1;
      ref_size = number <= 256 ? 1 : number <= 65536 ? 2 : 4;
      if (count > (length - pos) / ref_size)
        return;
      rest = (gsize) count * ref_size + ((flags & 0x40) ? 4 : 1) + 4;
      if (rest > length - pos)
        return;
      pos += rest;
      data_length = be32 (data + pos - 4);
      if (has_bitmap (flags & 0x3f) && length - pos >= 8)
        {
          guint32 height = be32 (data + pos + 4);

          /* A striped page of unknown height grows to the image's. */
          sd_pdf_images_claim_bits (walk, be32 (data + pos),
                                    height == 0xffffffff ? dict_height : (gint64) height);
        }
      /* An unknown length (an immediate generic region's) ends what can
       * be read: the rest is that region's data. */
      if (data_length == 0xffffffff || data_length > length - pos)
        return;
      pos += data_length;
    }
}

gboolean
sd_pdf_images_only_filter (qpdf_data   q,
                           qpdf_oh     dict,
                           const char *name,
                           gboolean   *among)
{
  qpdf_oh filter = sd_qpdf_get_key (q, dict, "/Filter");
  gboolean only = FALSE;

  *among = FALSE;
  if (filter == 0)
    return FALSE;
  if (qpdf_oh_is_name (q, filter))
    only = *among = g_str_equal (qpdf_oh_get_name (q, filter), name);
  else if (qpdf_oh_is_array (q, filter))
    {
      int n = qpdf_oh_get_array_n_items (q, filter);

      for (int i = 0; i < n && !*among; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, filter, i);

          *among = qpdf_oh_is_name (q, item) && g_str_equal (qpdf_oh_get_name (q, item), name);
          qpdf_oh_release (q, item);
        }
      only = *among && n == 1;
    }
  qpdf_oh_release (q, filter);
  return only;
}

/* The segments of the stream @stream as stored. */
static void
claim_stream (SdPdfImageWalk *walk,
              qpdf_oh         stream,
              gint64          dict_height)
{
  qpdf_data q = walk->q;
  qpdf_oh dict = qpdf_oh_get_dict (q, stream);
  qpdf_oh length = sd_qpdf_get_key (q, dict, "/Length");
  unsigned char *bytes = NULL;
  size_t n = 0;
  QPDF_BOOL filtered = QPDF_FALSE;

  if (length != 0 && qpdf_oh_is_integer (q, length)
      && qpdf_oh_get_int_value (q, length) > MAX_JBIG2_BYTES)
    walk->result->over = TRUE;
  else if ((qpdf_oh_get_stream_data (q, stream, qpdf_dl_none, &filtered, &bytes, &n)
            & QPDF_ERRORS) == 0 && bytes != NULL)
    {
      if (n > MAX_JBIG2_BYTES)
        walk->result->over = TRUE;
      else
        claim_segments (walk, bytes, n, dict_height);
    }
  free (bytes);
  if (length != 0)
    qpdf_oh_release (q, length);
  qpdf_oh_release (q, dict);
}

void
sd_pdf_images_claim_jbig2 (SdPdfImageWalk *walk,
                           qpdf_oh         image,
                           qpdf_oh         dict,
                           gint64          height)
{
  qpdf_data q = walk->q;
  gboolean among = FALSE;
  qpdf_oh parms, globals;

  if (!sd_pdf_images_only_filter (q, dict, "/JBIG2Decode", &among))
    {
      /* JBIG2 behind another filter: its segments cannot be read. */
      if (among)
        walk->result->over = TRUE;
      return;
    }
  claim_stream (walk, image, height);
  parms = sd_qpdf_get_key (q, dict, "/DecodeParms");
  if (parms != 0 && qpdf_oh_is_array (q, parms) && qpdf_oh_get_array_n_items (q, parms) >= 1)
    {
      qpdf_oh first = qpdf_oh_get_array_item (q, parms, 0);

      qpdf_oh_release (q, parms);
      parms = first;
    }
  globals = parms != 0 ? sd_qpdf_get_key (q, parms, "/JBIG2Globals") : 0;
  if (globals != 0 && qpdf_oh_is_stream (q, globals) && !sd_pdf_images_over (walk))
    claim_stream (walk, globals, height);
  if (globals != 0)
    qpdf_oh_release (q, globals);
  if (parms != 0)
    qpdf_oh_release (q, parms);
}
