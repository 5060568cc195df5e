/* app-test-util.c: helpers for the display tests and the screenshot tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "app-test-util.h"

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
app_test_wait_until (gboolean (*condition) (gpointer data),
                     gpointer   data,
                     guint      timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (timeout_seconds, set_flag, &timed_out);
  gboolean done;

  while (!(done = condition (data)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (source);

  return done;
}

void
app_test_iterate (guint milliseconds)
{
  gboolean done = FALSE;
  guint source = g_timeout_add (milliseconds, set_flag, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);

  (void) source;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
frame_painted (GdkFrameClock *clock,
               gpointer       data)
{
  *(gboolean *) data = TRUE;
}

/* The widget's last drawing, or NULL when it was invalidated since. */
static GskRenderNode *
snapshot_now (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  return gtk_snapshot_to_node (snapshot);
}

GdkTexture *
app_test_snapshot_widget (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_assert_nonnull (clock);

  /* Wait for a frame to be painted, then take what it drew. */
  for (guint attempt = 0; attempt < 100 && node == NULL; attempt++)
    {
      gboolean painted = FALSE;
      gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted), &painted);

      gtk_widget_queue_draw (widget);
      app_test_wait_until (flag_is_set, &painted, 10);
      g_signal_handler_disconnect (clock, handler);
      node = snapshot_now (widget);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);

  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
app_test_count_pixels (GdkTexture *texture,
                       int         x,
                       int         y,
                       int         width,
                       int         height,
                       gsize      *dark,
                       gsize      *white)
{
  int texture_width = gdk_texture_get_width (texture);
  int texture_height = gdk_texture_get_height (texture);
  gsize stride = (gsize) texture_width * 4;
  g_autofree guchar *data = g_malloc (stride * texture_height);

  gdk_texture_download (texture, data, stride);

  if (width == 0)
    {
      x = y = 0;
      width = texture_width;
      height = texture_height;
    }

  *dark = *white = 0;
  for (int row = MAX (0, y); row < MIN (texture_height, y + height); row++)
    for (int col = MAX (0, x); col < MIN (texture_width, x + width); col++)
      {
        /* Premultiplied BGRA; opaque pixels only. */
        const guchar *p = data + row * stride + col * 4;

        if (p[3] < 250)
          continue;
        if (p[0] < 100 && p[1] < 100 && p[2] < 100)
          (*dark)++;
        else if (p[0] > 240 && p[1] > 240 && p[2] > 240)
          (*white)++;
      }
}

void
app_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  const char *dir = g_getenv ("SEALDESK_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  texture = app_test_snapshot_widget (widget);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

gboolean
app_test_can_send_input (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X server");
      return FALSE;
    }
  return TRUE;
}

void
app_test_xdotool (const char *format,
                  ...)
{
  g_autofree char *args = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  command = g_strconcat ("xdotool ", args, NULL);
  g_test_message ("%s", command);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Let GTK read what the X server now has for it. */
  app_test_iterate (30);
}

gulong
app_test_window_xid (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return (gulong) gdk_x11_surface_get_xid (surface);
}

void
app_test_surface_point (GtkWidget *widget,
                        double     x,
                        double     y,
                        int       *sx,
                        int       *sy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double tx, ty;
  int scale;

  g_assert_nonnull (native);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &tx, &ty);
  /* X counts device pixels (GDK_SCALE=2: two a logical pixel). */
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (native));
  *sx = (int) ((point.x + tx) * scale + 0.5);
  *sy = (int) ((point.y + ty) * scale + 0.5);
}

void
app_test_pointer_drag (GtkWidget *widget,
                       double     x0,
                       double     y0,
                       double     x1,
                       double     y1,
                       gboolean   shift)
{
  gulong xid = app_test_window_xid (widget);
  int sx, sy, ex, ey;

  app_test_surface_point (widget, x0, y0, &sx, &sy);
  app_test_surface_point (widget, x1, y1, &ex, &ey);
  app_test_xdotool ("mousemove --window %lu %d %d", xid, sx, sy);
  if (shift)
    app_test_xdotool ("keydown shift");
  app_test_xdotool ("mousedown 1");
  for (int i = 1; i <= 4; i++)
    app_test_xdotool ("mousemove --window %lu %d %d", xid, sx + (ex - sx) * i / 4, sy + (ey - sy) * i / 4);
  app_test_xdotool ("mouseup 1");
  if (shift)
    app_test_xdotool ("keyup shift");
}

void
app_test_focus_window (GtkWidget *widget)
{
  app_test_xdotool ("windowfocus --sync %lu", app_test_window_xid (widget));
}

GtkWidget *
app_test_find_by_id (GtkWidget  *root,
                     const char *id)
{
  if (GTK_IS_BUILDABLE (root) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_test_find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
app_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

void
app_test_click (GtkWidget *widget)
{
  app_test_click_at (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

void
app_test_click_at (GtkWidget *widget,
                   double     x,
                   double     y)
{
  int sx, sy;

  app_test_surface_point (widget, x, y, &sx, &sy);
  app_test_xdotool ("mousemove --window %lu %d %d click 1",
                    app_test_window_xid (widget), sx, sy);
}
