/* make-scanned-pdf.c: write a large "scanned" PDF for benchmarks
 *
 *   make-scanned-pdf OUT.pdf SIZE_MB
 *
 * Writes A4 pages, each a 200 dpi greyscale "scan" (text drawn with cairo,
 * plus paper noise, stored uncompressed so that the size is predictable and
 * nothing compresses it away) with a line of real text on top, as many pages
 * as it takes to reach about SIZE_MB mebibytes (one page is 3.7 MiB, and
 * there is at least one). The file is streamed to disk
 * page by page: memory use is one page image whatever the size. Output is
 * written to a temporary file beside OUT.pdf, synced, then renamed. The
 * noise comes from a fixed seed, so the same arguments give the same file.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glib/gstdio.h>

#define DPI         200
#define PAGE_W_PT   595.28
#define PAGE_H_PT   841.89
#define IMG_W       1654    /* 210 mm at 200 dpi */
#define IMG_H       2339    /* 297 mm at 200 dpi */
#define MAX_SIZE_MB 100000

typedef struct {
  FILE    *fp;
  guint64  pos;       /* bytes written so far */
  guint64 *offsets;   /* by object number */
  guint    n_objects;
  guint64  rng;       /* xorshift64 state */
} Writer;

static gboolean
put (Writer     *w,
     const void *data,
     gsize       len)
{
  if (fwrite (data, 1, len, w->fp) != len)
    return FALSE;
  w->pos += len;
  return TRUE;
}

static gboolean G_GNUC_PRINTF (2, 3)
putf (Writer     *w,
      const char *format,
      ...)
{
  g_autofree char *s = NULL;
  va_list args;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);
  return put (w, s, strlen (s));
}

static gboolean
begin_object (Writer *w,
              guint   num)
{
  w->offsets[num] = w->pos;
  return putf (w, "%u 0 obj\n", num);
}

static guint64
next_random (Writer *w)
{
  w->rng ^= w->rng << 13;
  w->rng ^= w->rng >> 7;
  w->rng ^= w->rng << 17;
  return w->rng;
}

/* Draws the text of page @page into @surface (A8: alpha is ink). */
static void
draw_scan (cairo_surface_t *surface,
           guint            page,
           guint            n_pages)
{
  cairo_t *cr = cairo_create (surface);
  double scale = DPI / 72.0;

  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_scale (cr, scale, scale);
  /* A scanner never gets it straight. */
  cairo_rotate (cr, 0.004 * ((page % 5) - 2.0));
  cairo_set_source_rgba (cr, 0, 0, 0, 0.9);
  cairo_select_font_face (cr, "Serif", CAIRO_FONT_SLANT_NORMAL,
                          CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 18);
  cairo_move_to (cr, 72, 90);
  cairo_show_text (cr, "Scanned document for the Sealdesk benchmark");
  cairo_select_font_face (cr, "Serif", CAIRO_FONT_SLANT_NORMAL,
                          CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  for (guint line = 0; line < 44; line++)
    {
      g_autofree char *text =
        g_strdup_printf ("%2u. Page %u of %u: the parties agree that this "
                         "line was typed, printed and scanned.",
                         line + 1, page, n_pages);

      cairo_move_to (cr, 72, 130 + line * 15.5);
      cairo_show_text (cr, text);
    }
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, 360, 800);
  cairo_line_to (cr, 520, 800);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

/* Writes the image stream: grey = paper (noisy) darkened by ink. */
static gboolean
write_image (Writer          *w,
             cairo_surface_t *surface,
             guint            num)
{
  const guint8 *ink = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autofree guint8 *row = g_malloc (IMG_W);

  if (!begin_object (w, num)
      || !putf (w, "<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                "/ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\n"
                "stream\n", IMG_W, IMG_H, IMG_W * IMG_H))
    return FALSE;
  for (int y = 0; y < IMG_H; y++)
    {
      for (int x = 0; x < IMG_W; x += 8)
        {
          guint64 r = next_random (w);

          for (int k = 0; k < 8 && x + k < IMG_W; k++)
            {
              int paper = 200 + (int) ((r >> (8 * k)) & 0x37);
              int a = ink[y * stride + x + k];

              row[x + k] = (guint8) (paper - (paper - 20) * a / 255);
            }
        }
      if (!put (w, row, IMG_W))
        return FALSE;
    }
  return putf (w, "\nendstream\nendobj\n");
}

static gboolean
write_page (Writer          *w,
            cairo_surface_t *surface,
            guint            page,
            guint            n_pages)
{
  guint page_num = 4 + 3 * (page - 1);
  g_autofree char *content = NULL;

  draw_scan (surface, page, n_pages);
  content = g_strdup_printf ("q %.2f 0 0 %.2f 0 0 cm /Scan Do Q\n"
                             "BT /F1 9 Tf 0 g 40 20 Td (make-scanned-pdf: "
                             "page %u of %u) Tj ET\n",
                             PAGE_W_PT, PAGE_H_PT, page, n_pages);
  return begin_object (w, page_num)
         && putf (w, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                  "/Resources << /XObject << /Scan %u 0 R >> "
                  "/Font << /F1 3 0 R >> >> /Contents %u 0 R >>\nendobj\n",
                  PAGE_W_PT, PAGE_H_PT, page_num + 2, page_num + 1)
         && begin_object (w, page_num + 1)
         && putf (w, "<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
                  strlen (content), content)
         && write_image (w, surface, page_num + 2);
}

static gboolean
write_document (Writer *w,
                guint   n_pages)
{
  cairo_surface_t *surface;
  gboolean ok = TRUE;
  guint64 xref;

  ok = putf (w, "%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n")
       && begin_object (w, 1)
       && putf (w, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
       && begin_object (w, 3)
       && putf (w, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\n"
                "endobj\n");

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, IMG_W, IMG_H);
  for (guint page = 1; ok && page <= n_pages; page++)
    ok = write_page (w, surface, page, n_pages);
  cairo_surface_destroy (surface);
  /* Let go of cairo's and fontconfig's font caches, so that leak checkers
   * (the sanitizer build) see no leak. */
  cairo_debug_reset_static_data ();
  FcFini ();
  if (!ok)
    return FALSE;

  /* The page tree goes last: only the kids' numbers are needed. */
  if (!begin_object (w, 2) || !putf (w, "<< /Type /Pages /Count %u /Kids [",
                                     n_pages))
    return FALSE;
  for (guint page = 1; page <= n_pages; page++)
    if (!putf (w, "%s%u 0 R", page > 1 ? " " : "", 4 + 3 * (page - 1)))
      return FALSE;
  if (!putf (w, "] >>\nendobj\n"))
    return FALSE;

  xref = w->pos;
  if (!putf (w, "xref\n0 %u\n0000000000 65535 f\r\n", w->n_objects))
    return FALSE;
  for (guint i = 1; i < w->n_objects; i++)
    if (!putf (w, "%010" G_GUINT64_FORMAT " 00000 n\r\n", w->offsets[i]))
      return FALSE;
  return putf (w, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%"
               G_GUINT64_FORMAT "\n%%%%EOF\n", w->n_objects, xref);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  guint64 size_mb = 0;
  guint64 page_bytes = (guint64) IMG_W * IMG_H + 1024;
  Writer w = { 0 };
  guint n_pages;
  gboolean ok;
  int fd;

  if (argc != 3
      || !g_ascii_string_to_unsigned (argv[2], 10, 1, MAX_SIZE_MB, &size_mb,
                                      NULL))
    {
      g_printerr ("usage: %s OUT.pdf SIZE_MB (1 to %d)\n", argv[0],
                  MAX_SIZE_MB);
      return 2;
    }
  n_pages = (guint) MAX (1, (size_mb * 1024 * 1024 + page_bytes / 2)
                            / page_bytes);

  dir = g_path_get_dirname (argv[1]);
  tmp = g_build_filename (dir, ".make-scanned-pdf.tmp-XXXXXX", NULL);
  fd = g_mkstemp (tmp);
  if (fd < 0 || (w.fp = fdopen (fd, "wb")) == NULL)
    {
      g_printerr ("cannot write in %s: %s\n", dir, g_strerror (errno));
      return 1;
    }
  {
    /* mkstemp makes the file private; give it the usual mode. */
    mode_t mask = umask (0);

    umask (mask);
    if (fchmod (fd, 0666 & ~mask) != 0)
      g_printerr ("cannot set the mode of %s: %s\n", tmp, g_strerror (errno));
  }
  w.n_objects = 4 + 3 * n_pages;
  w.offsets = g_new0 (guint64, w.n_objects);
  w.rng = 0x5ea1de5c0ffee123ULL;

  ok = write_document (&w, n_pages)
       && fflush (w.fp) == 0
       && fsync (fileno (w.fp)) == 0;
  ok = (fclose (w.fp) == 0) && ok;
  g_free (w.offsets);
  if (!ok || g_rename (tmp, argv[1]) != 0)
    {
      g_printerr ("cannot write %s: %s\n", argv[1], g_strerror (errno));
      g_unlink (tmp);
      return 1;
    }
  g_print ("%s: %u pages\n", argv[1], n_pages);
  return 0;
}
