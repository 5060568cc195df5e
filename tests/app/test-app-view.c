/* test-app-view.c: the page view on the sample award
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "test-app.h"

static void
test_sample_renders (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskDocument *document = sealdesk_document_model_get_document (sealdesk_window_get_model (window));
  SealdeskPageCache *cache = sealdesk_document_get_page_cache (document);
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (window->page_view));
  g_autoptr(GdkTexture) shot = NULL;
  GdkTexture *texture;
  graphene_rect_t rect;
  gsize dark, white, pixels;

  /* The window names the document. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "award.pdf");
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "award.pdf");
  g_assert_cmpuint (sealdesk_document_model_get_n_pages (sealdesk_window_get_model (window)), ==, 2);
  g_assert_cmpint (sealdesk_document_model_get_page (sealdesk_window_get_model (window)), ==, 0);

  /* The first page was rendered, at the screen's scale (HiDPI included):
   * dark text on white paper. */
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &rect));
  texture = sealdesk_page_cache_lookup (cache, 0, 0,
                                        (int) rect.size.width * scale_factor);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, (int) rect.size.height * scale_factor);
  pixels = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  app_test_count_pixels (texture, 0, 0, 0, 0, &dark, &white);
  g_test_message ("page 1 texture %dx%d at scale %d: %" G_GSIZE_FORMAT " dark, %" G_GSIZE_FORMAT " white",
                  gdk_texture_get_width (texture), gdk_texture_get_height (texture), scale_factor,
                  dark, white);
  g_assert_cmpuint (dark, >, pixels / 500);
  g_assert_cmpuint (white, >, pixels / 2);

  /* And the view shows it: the same inside the page's rectangle on screen. */
  shot = app_test_snapshot_widget (GTK_WIDGET (window->page_view));
  app_test_count_pixels (shot, (int) rect.origin.x, (int) rect.origin.y,
                         (int) rect.size.width, (int) MIN (rect.size.height, gdk_texture_get_height (shot)),
                         &dark, &white);
  g_test_message ("page 1 on screen: %" G_GSIZE_FORMAT " dark, %" G_GSIZE_FORMAT " white", dark, white);
  g_assert_cmpuint (dark, >, 500);
  g_assert_cmpuint (white, >, dark * 10);

  close_window (window);
}

static void
test_zoom_actions (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskDocumentModel *model = sealdesk_window_get_model (window);
  double width, scale;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  g_assert_cmpint (sealdesk_document_model_get_sizing_mode (model), ==, SEALDESK_SIZING_FREE);
  g_assert_cmpfloat_with_epsilon (sealdesk_document_model_get_scale (model), 1.0, 1e-9);
  width = page_width (window);
  /* A4 at 100 %: 595 points at 96 dpi. */
  g_assert_cmpfloat_with_epsilon (width, 793.0, 2.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  scale = sealdesk_document_model_get_scale (model);
  g_assert_cmpfloat (scale, >, 1.0);
  g_assert_cmpfloat (page_width (window), >, width);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL));
  g_assert_cmpfloat (sealdesk_document_model_get_scale (model), <, 1.0);
  g_assert_cmpfloat (page_width (window), <, width);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.set-zoom", "d", 2.0));
  g_assert_cmpfloat_with_epsilon (sealdesk_document_model_get_scale (model), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (page_width (window), 2 * 793.0, 3.0);

  /* Zoom stays within 50–400 %. */
  for (int i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (sealdesk_document_model_get_scale (model), 4.0, 1e-9);
  for (int i = 0; i < 30; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (sealdesk_document_model_get_scale (model), 0.5, 1e-9);

  /* Ctrl+scroll zooms around the pointer through the same path. */
  sealdesk_page_view_zoom_at (window->page_view, 1.5, 100, 100);
  g_assert_cmpfloat_with_epsilon (sealdesk_document_model_get_scale (model), 1.5, 1e-9);

  /* Fit width: the page fills the view's width less the margins. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-width", NULL));
  g_assert_cmpint (sealdesk_document_model_get_sizing_mode (model), ==, SEALDESK_SIZING_FIT_WIDTH);
  width = page_width (window);
  g_assert_cmpfloat_with_epsilon (width,
                                  gtk_widget_get_width (GTK_WIDGET (window->page_view)) - 2 * SEALDESK_PAGE_MARGIN,
                                  2.0);

  /* Fit page: the whole page is in view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  g_assert_cmpint (sealdesk_document_model_get_sizing_mode (model), ==, SEALDESK_SIZING_FIT_PAGE);
  g_assert_cmpfloat (page_width (window), <, width);
  {
    graphene_rect_t rect;

    g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &rect));
    g_assert_cmpfloat (rect.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window->page_view)));
  }

  close_window (window);
}

static void
test_navigation (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskDocumentModel *model = sealdesk_window_get_model (window);
  GtkAdjustment *vadjustment = window->page_view->vadjustment;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-zoom", "d", 1.0);
  app_test_wait_until (scale_published, window, WAIT_SECONDS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->page_view), "view.last-page", NULL));
  g_assert_cmpint (sealdesk_document_model_get_page (model), ==, 1);
  app_test_iterate (50);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);
  g_assert_cmpint (sealdesk_document_model_get_page (model), ==, 1);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->page_view), "view.first-page", NULL));
  g_assert_cmpint (sealdesk_document_model_get_page (model), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);

  /* Scrolling down a screen at a time reaches the second page. */
  for (int i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (window->page_view), "view.scroll-page-down", NULL);
  app_test_iterate (50);
  g_assert_cmpint (sealdesk_document_model_get_page (model), ==, 1);

  /* The page entry: type a number, press Enter. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->page_entry)), ==, "2");
  g_assert_cmpstr (gtk_label_get_text (window->page_count_label), ==, "of 2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-page", NULL));
  gtk_editable_set_text (GTK_EDITABLE (window->page_entry), "1");
  g_signal_emit_by_name (window->page_entry, "activate");
  g_assert_cmpint (sealdesk_document_model_get_page (model), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);

  /* A page that does not exist is refused, and nothing moves. */
  gtk_editable_set_text (GTK_EDITABLE (window->page_entry), "7");
  g_signal_emit_by_name (window->page_entry, "activate");
  g_assert_cmpint (sealdesk_document_model_get_page (model), ==, 0);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->page_entry), "error"));

  close_window (window);
}

static void
record_cache_size (SealdeskPageView *view,
                   guint             page,
                   gsize            *max_size)
{
  SealdeskDocument *document = sealdesk_document_model_get_document (sealdesk_page_view_get_model (view));
  gsize size = sealdesk_page_cache_get_size (sealdesk_document_get_page_cache (document));

  *max_size = MAX (*max_size, size);
}

static void
test_view_cache_budget (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskDocument *document = sealdesk_document_model_get_document (sealdesk_window_get_model (window));
  SealdeskPageCache *cache = sealdesk_document_get_page_cache (document);
  const gsize budget = 3 * 1024 * 1024;
  gsize max_size = 0;
  guint n_rendered = sealdesk_render_queue_get_n_rendered (sealdesk_document_get_render_queue (document));

  g_signal_connect (window->page_view, "page-rendered", G_CALLBACK (record_cache_size), &max_size);
  sealdesk_page_cache_set_budget (cache, budget);
  g_assert_cmpuint (sealdesk_page_cache_get_size (cache), <=, budget);

  /* At 400 % each page would need far more than the budget. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-zoom", "d", 4.0);
  g_assert_true (app_test_wait_until (scale_published, window, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  gtk_widget_activate_action (GTK_WIDGET (window->page_view), "view.last-page", NULL);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  gtk_widget_activate_action (GTK_WIDGET (window->page_view), "view.first-page", NULL);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  g_assert_cmpuint (sealdesk_render_queue_get_n_rendered (sealdesk_document_get_render_queue (document)),
                    >, n_rendered);
  g_assert_cmpuint (max_size, >, 0);
  g_assert_cmpuint (max_size, <=, budget);
  g_assert_cmpuint (sealdesk_page_cache_get_size (cache), <=, budget);

  close_window (window);
}

/* Rotating turns the pages on their side. */
static void
test_rotation (void)
{
  SealdeskWindow *window = open_sample ();
  graphene_rect_t before, after;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-zoom", "d", 1.0);
  page_width (window);
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &before));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-right", NULL);
  g_assert_cmpuint (sealdesk_document_model_get_rotation (sealdesk_window_get_model (window)), ==, 90);
  page_width (window);
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &after));
  g_assert_cmpfloat_with_epsilon (after.size.width, before.size.height, 1.0);
  g_assert_cmpfloat_with_epsilon (after.size.height, before.size.width, 1.0);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-left", NULL);
  g_assert_cmpuint (sealdesk_document_model_get_rotation (sealdesk_window_get_model (window)), ==, 0);

  close_window (window);
}

/* A long, narrow page (14,400 by 20 points: a banner, a receipt) zoomed in:
 * wider than cairo or a GPU can hold as one picture, it is drawn at less
 * resolution along its length, not left blank. */
static void
test_long_page (void)
{
  static const char content[] = "BT /F1 18 Tf 10 4 Td (Long page, drawn end to end) Tj ET";
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.7\n");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  gsize offsets[4];
  gsize xref;
  SealdeskWindow *window;
  SealdeskDocumentModel *model;
  SealdeskDocument *document;
  GdkTexture *texture;
  gsize dark, white;
  const char *objects[4];
  g_autofree char *stream = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream",
                                             strlen (content), content);

  objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
  objects[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 20] /Contents 4 0 R "
               "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>";
  objects[3] = stream;
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
  path = write_file ("long-page.pdf", pdf->str);
  file = g_file_new_for_path (path);

  window = open_window (file);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  model = sealdesk_window_get_model (window);
  /* 300 %: 57,600 pixels wide at 96 dpi. */
  sealdesk_document_model_set_sizing_mode (model, SEALDESK_SIZING_FREE);
  sealdesk_document_model_set_scale (model, 3.0);
  g_assert_true (app_test_wait_until (scale_published, window, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  document = sealdesk_document_model_get_document (model);
  texture = sealdesk_page_cache_lookup_best (sealdesk_document_get_page_cache (document), 0, 0, 1 << 20);
  g_assert_nonnull (texture);
  g_test_message ("long page at 300 %%: texture %dx%d", gdk_texture_get_width (texture),
                  gdk_texture_get_height (texture));
  g_assert_cmpint (gdk_texture_get_width (texture), <=, 16384);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 16000);
  g_assert_false (g_hash_table_contains (window->page_view->failures, GUINT_TO_POINTER (0)));
  app_test_count_pixels (texture, 0, 0, 0, 0, &dark, &white);
  g_assert_cmpuint (dark, >, 0);
  g_assert_cmpuint (white, >, dark);

  close_window (window);
}

void
add_view_tests (void)
{
  g_test_add_func ("/app/sample/renders", test_sample_renders);
  g_test_add_func ("/app/sample/zoom", test_zoom_actions);
  g_test_add_func ("/app/sample/navigation", test_navigation);
  g_test_add_func ("/app/sample/cache-budget", test_view_cache_budget);
  g_test_add_func ("/app/sample/rotation", test_rotation);
  g_test_add_func ("/app/sample/long-page", test_long_page);
}
