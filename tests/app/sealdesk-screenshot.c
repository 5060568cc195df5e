/* sealdesk-screenshot.c: saves a picture of a Sealdesk window showing a document
 *
 * Used to make data/screenshots/main-window.png (under Xvfb):
 *
 *   xvfb-run -a -s '-screen 0 1280x1024x24' env GSETTINGS_BACKEND=memory \
 *     GSETTINGS_SCHEMA_DIR=_build/data GDK_BACKEND=x11 GTK_A11Y=none \
 *     _build/tests/app/sealdesk-screenshot data/screenshots/main-window.png \
 *     data/samples/award.pdf 1200 800
 *
 * It runs the real application in-process, waits until the visible pages
 * and the thumbnails have rendered, and renders the window with GTK's own
 * renderer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "app-test-util.h"
#include "sealdesk-application.h"
#include "sealdesk-window-private.h"

static gboolean
document_shown (gpointer data)
{
  SealdeskWindow *window = data;
  SealdeskDocument *document = sealdesk_document_model_get_document (sealdesk_window_get_model (window));
  guint first, last;

  if (sealdesk_window_get_state (window) == SEALDESK_WINDOW_STATE_ERROR)
    return TRUE;
  if (document == NULL || !sealdesk_page_view_get_visible_pages (window->page_view, &first, &last))
    return FALSE;

  /* The view asked for every visible page and they all came back. */
  for (guint page = first; page <= last; page++)
    {
      graphene_rect_t rect;

      sealdesk_page_view_get_page_rect (window->page_view, page, &rect);
      if (!sealdesk_page_cache_lookup_best (sealdesk_document_get_page_cache (document), page, 0,
                                            (int) rect.size.width))
        return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SealdeskApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  SealdeskWindow *window;
  int width = argc > 3 ? atoi (argv[3]) : 1200;
  int height = argc > 4 ? atoi (argv[4]) : 800;

  if (argc < 3)
    {
      g_printerr ("usage: %s OUTPUT.png DOCUMENT.pdf [WIDTH HEIGHT]\n", argv[0]);
      return 2;
    }

  app = sealdesk_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  window = sealdesk_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));

  file = g_file_new_for_commandline_arg (argv[2]);
  sealdesk_window_open (window, file);

  if (!app_test_wait_until (document_shown, window, 120))
    {
      g_printerr ("%s: the document was not shown in time\n", argv[2]);
      return 1;
    }

  /* Let the thumbnails and the exact page sizes arrive. */
  app_test_iterate (argc > 5 ? atoi (argv[5]) : 2000);

  texture = app_test_snapshot_widget (GTK_WIDGET (window));
  if (!gdk_texture_save_to_png (texture, argv[1]))
    {
      g_printerr ("%s: could not be written\n", argv[1]);
      return 1;
    }

  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}
