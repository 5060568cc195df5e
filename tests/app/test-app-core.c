/* test-app-core.c: the document model, the page cache and the render queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "test-app.h"

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


typedef struct
{
  GdkTexture *textures[16];
  guint       n_done;
} ParallelRenders;

static void
store_texture (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ParallelRenders *r = user_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = sealdesk_render_queue_render_finish (SEALDESK_RENDER_QUEUE (source), result, &error);

  g_assert_no_error (error);
  r->textures[r->n_done++] = texture;
}

static gboolean
all_rendered (gpointer data)
{
  return ((ParallelRenders *) data)->n_done == G_N_ELEMENTS (((ParallelRenders *) data)->textures);
}

static GBytes *
texture_pixels (GdkTexture *texture)
{
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  gsize size = stride * gdk_texture_get_height (texture);
  guint8 *data = g_malloc (size);

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

/* With four workers, every worker renders the same pixels, and they all
 * render the file that was opened, even when its name is taken by
 * another file meanwhile. */
static void
test_render_queue_parallel (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *dir = g_dir_make_tmp ("sealdesk-render-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "award.pdf", NULL);
  g_autofree char *other = g_build_filename (dir, "other.pdf", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (path);
  g_autoptr(SealdeskDocument) document = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  ParallelRenders r = { 0 };
  SealdeskRenderQueue *queue;
  const char *text = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                     "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

  g_assert_true (g_file_copy (sample, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_setenv ("SEALDESK_RENDER_THREADS", "4", TRUE);
  sealdesk_document_load_async (copy, NULL, NULL, store_result, &result);
  g_assert_true (app_test_wait_until (have_result, &result, WAIT_SECONDS));
  document = sealdesk_document_load_finish (result, &error);
  g_unsetenv ("SEALDESK_RENDER_THREADS");
  g_assert_no_error (error);
  queue = sealdesk_document_get_render_queue (document);

  /* The name now belongs to a document without pages. */
  g_assert_true (g_file_set_contents (other, text, -1, &error));
  g_assert_cmpint (g_rename (other, path), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (r.textures); i++)
    sealdesk_render_queue_render_async (queue, 0, 0, 300, 424, SEALDESK_RENDER_PRIORITY_VISIBLE,
                                        NULL, store_texture, &r);
  g_assert_true (app_test_wait_until (all_rendered, &r, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_render_queue_get_n_rendered (queue), ==, G_N_ELEMENTS (r.textures));

  first = texture_pixels (r.textures[0]);
  for (guint i = 0; i < G_N_ELEMENTS (r.textures); i++)
    {
      g_autoptr(GBytes) pixels = texture_pixels (r.textures[i]);

      g_assert_true (g_bytes_equal (first, pixels));
      g_object_unref (r.textures[i]);
    }
  {
    gsize dark, white;
    g_autoptr(GdkTexture) t = gdk_memory_texture_new (300, 424, GDK_MEMORY_R8G8B8A8, first, 300 * 4);

    app_test_count_pixels (t, 0, 0, 0, 0, &dark, &white);
    g_assert_cmpuint (dark, >, 100);
  }

  g_clear_object (&document);
  g_unlink (path);
  g_rmdir (dir);
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

void
add_core_tests (void)
{
  g_test_add_func ("/app/model", test_model);
  g_test_add_func ("/app/cache/budget", test_cache_budget);
  g_test_add_func ("/app/render-queue", test_render_queue);
  g_test_add_func ("/app/render-queue/parallel", test_render_queue_parallel);
}
