/* test-app.c: display tests of the Sealdesk application (run under Xvfb)
 *
 * The application runs in-process on a real X server (Xvfb, started by
 * meson through xvfb-run) with real Poppler rendering. Waits use the main
 * loop with a generous timeout that only stops a hung test; nothing here
 * asserts how fast anything is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "sealdesk-application.h"
#include "sealdesk-page-view-private.h"
#include "sealdesk-window-private.h"

#define WAIT_SECONDS 20

static SealdeskApplication *app;
static char *home_dir;

static SealdeskWindow *
open_window (GFile *file)
{
  SealdeskWindow *window = sealdesk_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  if (file != NULL)
    sealdesk_window_open (window, file);

  return window;
}

static void
close_window (SealdeskWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  app_test_iterate (50);
}

static gboolean
window_not_loading (gpointer data)
{
  SealdeskWindowState state = sealdesk_window_get_state (data);

  return state != SEALDESK_WINDOW_STATE_LOADING;
}

/* TRUE once every visible page has its texture, at the exact size the
 * view wants, in the page cache. */
static gboolean
visible_pages_rendered (gpointer data)
{
  SealdeskWindow *window = data;
  SealdeskPageView *view = window->page_view;
  SealdeskDocument *document = sealdesk_document_model_get_document (window->model);
  guint first, last;

  if (document == NULL || !sealdesk_page_view_get_visible_pages (view, &first, &last))
    return FALSE;

  for (guint page = first; page <= last; page++)
    {
      graphene_rect_t bounds;
      GdkRectangle rect;
      int width, height;

      sealdesk_page_view_get_page_rect (view, page, &bounds);
      rect.width = (int) bounds.size.width;
      rect.height = (int) bounds.size.height;
      _sealdesk_page_view_texture_size (view, &rect, &width, &height);
      if (!sealdesk_page_cache_lookup (sealdesk_document_get_page_cache (document), page,
                                       sealdesk_document_model_get_rotation (window->model), width))
        return FALSE;
    }

  return TRUE;
}

static SealdeskWindow *
open_sample (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  SealdeskWindow *window;

  g_assert_true (g_file_query_exists (sample, NULL));

  window = open_window (sample);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  return window;
}

static void
test_sample_renders (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskDocument *document = sealdesk_document_model_get_document (window->model);
  SealdeskPageCache *cache = sealdesk_document_get_page_cache (document);
  g_autoptr(GdkTexture) shot = NULL;
  GdkTexture *texture;
  graphene_rect_t rect;
  gsize dark, white, pixels;

  /* The window names the document. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "award.pdf");
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "award.pdf");
  g_assert_cmpuint (sealdesk_document_model_get_n_pages (window->model), ==, 2);
  g_assert_cmpint (sealdesk_document_model_get_page (window->model), ==, 0);

  /* The first page was rendered: dark text on white paper. */
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &rect));
  texture = sealdesk_page_cache_lookup_best (cache, 0, 0, (int) rect.size.width);
  g_assert_nonnull (texture);
  pixels = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  app_test_count_pixels (texture, 0, 0, 0, 0, &dark, &white);
  g_test_message ("page 1 texture %dx%d: %" G_GSIZE_FORMAT " dark, %" G_GSIZE_FORMAT " white",
                  gdk_texture_get_width (texture), gdk_texture_get_height (texture), dark, white);
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

static gboolean
scale_published (gpointer data)
{
  SealdeskWindow *window = data;
  graphene_rect_t rect;

  return window->page_view->layout_valid &&
         sealdesk_page_view_get_page_rect (window->page_view, 0, &rect) &&
         G_APPROX_VALUE (window->page_view->layout_scale,
                         sealdesk_document_model_get_scale (window->model), 1e-6);
}

static double
page_width (SealdeskWindow *window)
{
  graphene_rect_t rect;

  g_assert_true (app_test_wait_until (scale_published, window, WAIT_SECONDS));
  app_test_iterate (50);
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &rect));

  return rect.size.width;
}

static void
test_zoom_actions (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskDocumentModel *model = window->model;
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
  SealdeskDocumentModel *model = window->model;
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

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (home_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
assert_error_page (const char *path,
                   const char *expected)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  SealdeskWindow *window = open_window (file);
  const char *title, *description;

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_ERROR);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "error");

  title = adw_status_page_get_title (window->error_page);
  description = adw_status_page_get_description (window->error_page);
  g_test_message ("%s: %s", title, description);
  g_assert_nonnull (strstr (title, name));
  g_assert_nonnull (strstr (description, expected));
  g_assert_null (sealdesk_document_model_get_document (window->model));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, name);

  /* The window still works: the sample opens in it. */
  {
    g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();

    sealdesk_window_open (window, sample);
    g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
    g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  }

  close_window (window);
}

static void
test_not_pdf (void)
{
  g_autofree char *path = write_file ("notes.txt", "Minutes of the hearing, not a PDF.\n");

  assert_error_page (path, "not a PDF document");
}

static void
test_damaged_pdf (void)
{
  g_autofree char *path = write_file ("broken.pdf", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog\n");

  assert_error_page (path, "damaged");
}

static void
test_missing_file (void)
{
  g_autofree char *path = g_build_filename (home_dir, "missing.pdf", NULL);

  assert_error_page (path, "could not be read");
}

static gboolean
password_asked (gpointer data)
{
  SealdeskWindow *window = data;

  return window->password_dialog != NULL &&
         gtk_widget_get_visible (GTK_WIDGET (window->password_dialog)) &&
         sealdesk_window_get_state (window) == SEALDESK_WINDOW_STATE_LOCKED;
}

static void
test_encrypted (void)
{
  const char *corpus = g_getenv ("SEALDESK_CORPUS");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  SealdeskWindow *window;

  if (corpus == NULL ||
      !g_file_test ((path = g_build_filename (corpus, "structure",
                                              "encrypted-aes-128-user-password.pdf", NULL)),
                    G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the corpus (SEALDESK_CORPUS) is not available");
      return;
    }

  file = g_file_new_for_path (path);
  window = open_window (file);

  /* Asked for the password; a wrong one is refused and asked again. */
  g_assert_true (app_test_wait_until (password_asked, window, WAIT_SECONDS));
  g_assert_false (sealdesk_password_dialog_get_retry (window->password_dialog));
  g_assert_null (sealdesk_document_model_get_document (window->model));
  sealdesk_password_dialog_set_password (window->password_dialog, "not-the-password");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->password_dialog), "unlock");
  g_assert_true (app_test_wait_until (password_asked, window, WAIT_SECONDS));
  g_assert_true (sealdesk_password_dialog_get_retry (window->password_dialog));

  /* Cancelling leaves the window saying that the document is locked. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->password_dialog), "cancel");
  app_test_iterate (50);
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_LOCKED);
  g_assert_nonnull (strstr (adw_status_page_get_title (window->error_page), "Locked"));
  g_assert_true (gtk_widget_get_visible (window->unlock_button));

  /* Unlock again, with the right password this time. */
  g_signal_emit_by_name (window->unlock_button, "clicked");
  g_assert_true (app_test_wait_until (password_asked, window, WAIT_SECONDS));
  sealdesk_password_dialog_set_password (window->password_dialog, "u");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->password_dialog), "unlock");
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_cmpuint (sealdesk_document_model_get_n_pages (window->model), ==, 16);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  close_window (window);
}

static GdkTexture *
make_texture (int     width,
              int     height,
              guchar  grey)
{
  gsize size = (gsize) width * height * 4;
  g_autofree guchar *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;

  memset (data, grey, size);
  bytes = g_bytes_new_take (g_steal_pointer (&data), size);

  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, width * 4);
}

static void
test_cache_budget (void)
{
  g_autoptr(SealdeskPageCache) cache = sealdesk_page_cache_new (1024 * 1024);

  /* 20 textures of 64 KiB into 1 MiB: the 16 most recent stay. */
  for (guint page = 0; page < 20; page++)
    {
      g_autoptr(GdkTexture) texture = make_texture (128, 128, 0xff);

      g_assert_true (sealdesk_page_cache_insert (cache, page, 0, texture));
      g_assert_cmpuint (sealdesk_page_cache_get_size (cache), <=, 1024 * 1024);

      /* Page 0 is looked at all the time, so it is never the oldest. */
      g_assert_nonnull (sealdesk_page_cache_lookup (cache, 0, 0, 128));
    }
  g_assert_cmpuint (sealdesk_page_cache_get_n_items (cache), ==, 16);
  g_assert_cmpuint (sealdesk_page_cache_get_size (cache), ==, 1024 * 1024);
  g_assert_nonnull (sealdesk_page_cache_lookup (cache, 0, 0, 128));
  g_assert_null (sealdesk_page_cache_lookup (cache, 1, 0, 128));
  g_assert_nonnull (sealdesk_page_cache_lookup (cache, 19, 0, 128));
  g_assert_null (sealdesk_page_cache_lookup (cache, 19, 90, 128));
  g_assert_null (sealdesk_page_cache_lookup (cache, 19, 0, 64));

  /* Another size of a page is kept beside it; the closest one is found. */
  {
    g_autoptr(GdkTexture) small = make_texture (64, 64, 0x80);

    g_assert_true (sealdesk_page_cache_insert (cache, 19, 0, small));
    g_assert_true (sealdesk_page_cache_lookup_best (cache, 19, 0, 100) ==
                   sealdesk_page_cache_lookup (cache, 19, 0, 128));
    g_assert_true (sealdesk_page_cache_lookup_best (cache, 19, 0, 32) == small);
  }

  /* A texture larger than the whole budget is not kept. */
  {
    g_autoptr(GdkTexture) huge = make_texture (1024, 1024, 0xff);

    g_assert_false (sealdesk_page_cache_insert (cache, 30, 0, huge));
    g_assert_null (sealdesk_page_cache_lookup (cache, 30, 0, 1024));
  }

  /* A smaller budget evicts at once. */
  sealdesk_page_cache_set_budget (cache, 256 * 1024);
  g_assert_cmpuint (sealdesk_page_cache_get_size (cache), <=, 256 * 1024);
  g_assert_nonnull (sealdesk_page_cache_lookup (cache, 0, 0, 128));

  sealdesk_page_cache_clear (cache);
  g_assert_cmpuint (sealdesk_page_cache_get_size (cache), ==, 0);
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
  SealdeskDocument *document = sealdesk_document_model_get_document (window->model);
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

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
test_render_queue (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autoptr(SealdeskDocument) document = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  SealdeskRenderQueue *queue;

  sealdesk_document_load_async (sample, NULL, NULL, store_result, &result);
  g_assert_true (app_test_wait_until (have_result, &result, WAIT_SECONDS));
  document = sealdesk_document_load_finish (result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  queue = sealdesk_document_get_render_queue (document);

  /* A job cancelled before it starts is never rendered. */
  g_cancellable_cancel (cancelled);
  sealdesk_render_queue_render_async (queue, 0, 0, 300, 424, SEALDESK_RENDER_PRIORITY_VISIBLE,
                                      cancelled, store_result, &result);
  g_assert_true (app_test_wait_until (have_result, &result, WAIT_SECONDS));
  texture = sealdesk_render_queue_render_finish (queue, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (texture);
  g_assert_cmpuint (sealdesk_render_queue_get_n_rendered (queue), ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A page that does not exist says so. */
  sealdesk_render_queue_render_async (queue, 5, 0, 300, 424, SEALDESK_RENDER_PRIORITY_VISIBLE,
                                      NULL, store_result, &result);
  g_assert_true (app_test_wait_until (have_result, &result, WAIT_SECONDS));
  texture = sealdesk_render_queue_render_finish (queue, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A real page, rotated: the texture has exactly the size asked for. */
  sealdesk_render_queue_render_async (queue, 1, 90, 424, 300, SEALDESK_RENDER_PRIORITY_VISIBLE,
                                      NULL, store_result, &result);
  g_assert_true (app_test_wait_until (have_result, &result, WAIT_SECONDS));
  texture = sealdesk_render_queue_render_finish (queue, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 424);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 300);
  g_assert_cmpuint (sealdesk_render_queue_get_n_rendered (queue), ==, 1);
  {
    gsize dark, white;

    app_test_count_pixels (texture, 0, 0, 0, 0, &dark, &white);
    g_assert_cmpuint (dark, >, 100);
    g_assert_cmpuint (white, >, 424 * 300 / 2);
  }
}

static void
test_model (void)
{
  g_autoptr(SealdeskDocumentModel) model = sealdesk_document_model_new ();

  /* Without a document there is only page 0. */
  sealdesk_document_model_set_page (model, 5);
  g_assert_cmpint (sealdesk_document_model_get_page (model), ==, 0);
  sealdesk_document_model_set_rotation (model, 450);
  g_assert_cmpuint (sealdesk_document_model_get_rotation (model), ==, 90);
  sealdesk_document_model_set_scale (model, 9.0);
  g_assert_cmpfloat (sealdesk_document_model_get_scale (model), ==, SEALDESK_MAX_SCALE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      (dir = g_dir_open (path, 0, NULL)))
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }

  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* A home of its own, for the recent files list and the like. */
  home_dir = g_dir_make_tmp ("sealdesk-test-app-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", home_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", home_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  app = sealdesk_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/app/model", test_model);
  g_test_add_func ("/app/cache/budget", test_cache_budget);
  g_test_add_func ("/app/render-queue", test_render_queue);
  g_test_add_func ("/app/sample/renders", test_sample_renders);
  g_test_add_func ("/app/sample/zoom", test_zoom_actions);
  g_test_add_func ("/app/sample/navigation", test_navigation);
  g_test_add_func ("/app/sample/cache-budget", test_view_cache_budget);
  g_test_add_func ("/app/error/not-pdf", test_not_pdf);
  g_test_add_func ("/app/error/damaged", test_damaged_pdf);
  g_test_add_func ("/app/error/missing", test_missing_file);
  g_test_add_func ("/app/encrypted", test_encrypted);

  ret = g_test_run ();

  g_clear_object (&app);
  app_test_iterate (50);
  remove_tree (home_dir);
  g_free (home_dir);

  return ret;
}
