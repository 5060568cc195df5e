/* sd-pdf-images-jpx.c: the size a JPEG 2000 image's own codestream states
 *
 * A JPXDecode image states its size twice: in its dictionary, and in the
 * SIZ marker segment of its codestream (ITU T.800, A.5.1), which is what
 * OpenJPEG decodes to, whatever the dictionary says: a dictionary of
 * 10 × 10 can hold a codestream of 60,000 × 60,000. The first bytes of
 * the stream as stored are read here, a piece at a time: the boxes of a
 * JP2 file (T.800, I.4) are passed over by their lengths, without keeping
 * them, up to the contiguous codestream box (jp2c); a raw codestream
 * starts with SOC and SIZ itself. The image counts Xsiz − XOsiz by
 * Ysiz − YOsiz samples of Csiz components at their largest precision
 * (each component as if it were not subsampled), when that is more than
 * its dictionary says.
 *
 * A header that cannot be read (neither a JP2 signature nor a codestream,
 * cut short, or a SIZ whose size is not positive) leaves the dictionary's
 * size: OpenJPEG fails on such a header before it allocates anything for
 * the image. A codestream box not found within the first MAX_JPX_SCAN
 * bytes is refused, since a decoder could still find it further on, and
 * so is JPEG 2000 behind another filter, whose header cannot be read
 * without decoding it (as JBIG2 is, sd-pdf-images-jbig2.c).
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-images-private.h"

/* Stored bytes read for the codestream header, at most. */
#define MAX_JPX_SCAN ((guint64) 64 << 20)
/* Components whose precision is read; beyond them 16 bits are assumed. */
#define MAX_JPX_COMPONENTS 16

typedef enum {
  JPX_START,            /* the first 12 bytes: a JP2 signature box or SOC SIZ */
  JPX_BOX,              /* a box header: LBox, TBox */
  JPX_XLBOX,            /* the 8-byte length of a box whose LBox is 1 */
  JPX_SIZ,              /* SOC, SIZ up to Csiz */
  JPX_SSIZ,             /* Ssiz, XRsiz, YRsiz of each component */
} JpxState;

typedef struct {
  JpxState state;
  guint8   head[3 * MAX_JPX_COMPONENTS];
  gsize    n_head;      /* bytes gathered in head */
  gsize    want;        /* bytes needed in head for the state */
  guint64  skip;        /* bytes of a box body still to pass over */
  guint64  seen;        /* stored bytes read */
  guint32  box_type;    /* of the box whose XLBox is read */
  gboolean far;         /* no codestream within MAX_JPX_SCAN */
  gboolean found;
  gint64   width, height, bits;
  guint    components, all_components;
} JpxScan;

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

#define BOX_TYPE(a, b, c, d) (((guint32) (a) << 24) | ((guint32) (b) << 16) | ((guint32) (c) << 8) | (guint32) (d))

static void
expect (JpxScan  *scan,
        JpxState  state,
        gsize     want)
{
  scan->state = state;
  scan->want = want;
  scan->n_head = 0;
}

/* A box of @length bytes in all (0: to the end), its header of
 * @header_length read: the codestream is next, the JP2 header box is
 * looked into, any other box is passed over. FALSE to stop. */
static gboolean
box (JpxScan *scan,
     guint32  type,
     guint64  length,
     guint    header_length)
{
  if (type == BOX_TYPE ('j', 'p', '2', 'c'))
    {
      expect (scan, JPX_SIZ, 42);
      return TRUE;
    }
  if (length == 0 || length < header_length)
    return FALSE;       /* the last box, or a broken one: no codestream */
  /* jp2h is a superbox: the boxes in it come next. */
  if (type != BOX_TYPE ('j', 'p', '2', 'h'))
    scan->skip = length - header_length;
  expect (scan, JPX_BOX, 8);
  return TRUE;
}

/* SOC, then SIZ up to Csiz (T.800, A.4.1, A.5.1). */
static gboolean
siz (JpxScan *scan)
{
  const guint8 *p = scan->head;
  guint32 xsiz, ysiz, xosiz, yosiz;
  guint lsiz, csiz;

  if (be16 (p) != 0xff4f || be16 (p + 2) != 0xff51)
    return FALSE;
  lsiz = be16 (p + 4);
  xsiz = be32 (p + 8);
  ysiz = be32 (p + 12);
  xosiz = be32 (p + 16);
  yosiz = be32 (p + 20);
  csiz = be16 (p + 40);
  if (xsiz <= xosiz || ysiz <= yosiz || csiz == 0 || lsiz < 38 + 3 * csiz)
    return FALSE;
  scan->width = (gint64) xsiz - xosiz;
  scan->height = (gint64) ysiz - yosiz;
  scan->all_components = csiz;
  scan->components = MIN (csiz, MAX_JPX_COMPONENTS);
  expect (scan, JPX_SSIZ, 3 * scan->components);
  return TRUE;
}

/* The precision of each component (Ssiz: bits − 1, the top bit the sign). */
static void
ssiz (JpxScan *scan)
{
  scan->bits = scan->all_components > scan->components ? 16 : 0;
  for (guint i = 0; i < scan->components; i++)
    scan->bits = MAX (scan->bits, (scan->head[3 * i] & 0x7f) + 1);
  scan->found = TRUE;
}

/* The header gathered for the state is complete: FALSE to stop. */
static gboolean
step (JpxScan *scan)
{
  const guint8 *p = scan->head;
  static const guint8 jp2_signature[] = { 0, 0, 0, 12, 'j', 'P', ' ', ' ', 0x0d, 0x0a, 0x87, 0x0a };

  switch (scan->state)
    {
    case JPX_START:
      if (be16 (p) == 0xff4f && be16 (p + 2) == 0xff51)
        {
          /* A raw codestream: the twelve bytes are the start of SIZ. */
          scan->state = JPX_SIZ;
          scan->want = 42;
          return TRUE;
        }
      if (memcmp (p, jp2_signature, sizeof jp2_signature) != 0)
        return FALSE;
      expect (scan, JPX_BOX, 8);
      return TRUE;
    case JPX_BOX:
      if (be32 (p) == 1)
        {
          scan->box_type = be32 (p + 4);
          expect (scan, JPX_XLBOX, 8);
          return TRUE;
        }
      return box (scan, be32 (p + 4), be32 (p), 8);
    case JPX_XLBOX:
      return box (scan, scan->box_type, ((guint64) be32 (p) << 32) | be32 (p + 4), 16);
    case JPX_SIZ:
      return siz (scan);
    case JPX_SSIZ:
      ssiz (scan);
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
jpx_chunk (const guint8 *data,
           gsize         length,
           gpointer      user_data)
{
  JpxScan *scan = user_data;

  scan->seen += length;
  while (length > 0)
    {
      gsize n;

      if (scan->skip > 0)
        {
          n = (gsize) MIN (scan->skip, (guint64) length);
          scan->skip -= n;
        }
      else
        {
          n = MIN (scan->want - scan->n_head, length);
          memcpy (scan->head + scan->n_head, data, n);
          scan->n_head += n;
          if (scan->n_head == scan->want && !step (scan))
            return FALSE;
        }
      data += n;
      length -= n;
    }
  if (scan->seen > MAX_JPX_SCAN)
    {
      scan->far = TRUE;
      return FALSE;
    }
  return TRUE;
}

void
sd_pdf_images_jpx_size (SdPdfImageWalk *walk,
                        qpdf_oh         image,
                        qpdf_oh         dict,
                        gint64         *width,
                        gint64         *height,
                        guint          *components,
                        gint64         *bits)
{
  JpxScan scan = { 0 };
  gboolean among = FALSE;

  if (!sd_pdf_images_only_filter (walk->q, dict, "/JPXDecode", &among))
    {
      if (among)
        walk->result->over = TRUE;
      return;
    }
  expect (&scan, JPX_START, 12);
  sd_pdf_images_pipe (walk, image, jpx_chunk, &scan);
  if (scan.far)
    walk->result->over = TRUE;
  else if (scan.found
           && sd_pdf_images_size (scan.width, scan.height, scan.all_components, scan.bits)
                > sd_pdf_images_size (*width, *height, *components, *bits))
    {
      *width = scan.width;
      *height = scan.height;
      *components = scan.all_components;
      *bits = scan.bits;
    }
}
