/* bench-render.c: time the app's page renderer without a display
 *
 *   bench-render FILE.pdf DPI [PAGES]
 *
 * Loads FILE.pdf the way the app does (SealdeskDocument, on a worker
 * thread), asks the render queue for every page at DPI as visible pages,
 * (or the first PAGES) all at once, the way a scrolled view asks for what it shows, and prints
 *
 *   first_page_ms N     main() to the first page's texture
 *   pages N
 *   seconds S           first request to the last texture
 *   pages_per_second P
 *
 * The app's cold start to the first page on screen is measured by
 * bench/run with the real application under Xvfb; this one measures the
 * renderer itself, against `pdftoppm -r DPI` on the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "sealdesk-document.h"
#include "sealdesk-render-queue.h"

typedef struct
{
  GMainLoop        *loop;
  SealdeskDocument *document;
  double            dpi;
  guint             n_pages;
  guint             max_pages;
  guint             n_done;
  gint64            started;
  gint64            first_texture;
  gboolean          failed;
} Bench;

static gint64 process_started;

/* Microseconds since main() started. */
static gint64
since_process_start_us (void)
{
  return g_get_monotonic_time () - process_started;
}

static void
rendered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sealdesk_render_queue_render_finish (SEALDESK_RENDER_QUEUE (source),
                                                                       result, &error);

  if (texture == NULL)
    {
      g_printerr ("bench-render: %s\n", error->message);
      b->failed = TRUE;
    }
  if (b->n_done++ == 0)
    b->first_texture = since_process_start_us ();
  if (b->n_done == b->n_pages)
    g_main_loop_quit (b->loop);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GError) error = NULL;
  SealdeskRenderQueue *queue;

  b->document = sealdesk_document_load_finish (result, &error);
  if (b->document == NULL)
    {
      g_printerr ("bench-render: %s\n", error->message);
      b->failed = TRUE;
      g_main_loop_quit (b->loop);
      return;
    }
  queue = sealdesk_document_get_render_queue (b->document);
  b->n_pages = MIN (b->max_pages, sealdesk_document_get_n_pages (b->document));
  b->started = g_get_monotonic_time ();
  for (guint i = 0; i < b->n_pages; i++)
    {
      double w, h;

      sealdesk_document_get_page_size (b->document, i, &w, &h);
      sealdesk_render_queue_render_async (queue, i, 0,
                                          MAX (1, (int) (w * b->dpi / 72.0 + 0.5)),
                                          MAX (1, (int) (h * b->dpi / 72.0 + 0.5)),
                                          SEALDESK_RENDER_PRIORITY_VISIBLE, NULL,
                                          rendered, b);
    }
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0 };
  g_autoptr(GFile) file = NULL;
  double seconds;

  process_started = g_get_monotonic_time ();
  if (argc < 3 || argc > 4 || (b.dpi = g_ascii_strtod (argv[2], NULL)) <= 0)
    {
      g_printerr ("usage: bench-render FILE.pdf DPI [PAGES]\n");
      return 2;
    }
  b.max_pages = argc == 4 ? (guint) MAX (1, atoi (argv[3])) : G_MAXUINT;
  b.loop = g_main_loop_new (NULL, FALSE);
  file = g_file_new_for_commandline_arg (argv[1]);
  sealdesk_document_load_async (file, NULL, NULL, loaded, &b);
  g_main_loop_run (b.loop);
  if (b.failed)
    return 1;
  seconds = (g_get_monotonic_time () - b.started) / (double) G_USEC_PER_SEC;
  printf ("first_page_ms %.1f\n", b.first_texture / 1000.0);
  printf ("pages %u\n", b.n_pages);
  printf ("seconds %.3f\n", seconds);
  printf ("pages_per_second %.1f\n", b.n_pages / MAX (seconds, 1e-6));
  g_clear_object (&b.document);
  g_main_loop_unref (b.loop);
  return 0;
}
