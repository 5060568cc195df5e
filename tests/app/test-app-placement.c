/* test-app-placement.c: seals placed on pages (overlay, placements, signing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-pdf-emitter.h"
#include "sealdesk-field-outline.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-sign-dialog.h"
#include "sd-seal-generate.h"
#include "sd-seal-library.h"
#include "sealdesk-placement-widget.h"
#include "test-app.h"

/* Where @child is in the page view's coordinates. */
static void
child_bounds (SealdeskPageView *view,
              GtkWidget        *child,
              graphene_rect_t  *bounds)
{
  g_assert_true (gtk_widget_compute_bounds (child, GTK_WIDGET (view), bounds));
}

/* The child covers what page_to_view says, to the pixel. */
static void
assert_child_at (SealdeskPageView *view,
                 GtkWidget        *child,
                 guint             page,
                 const SdRect     *rect)
{
  graphene_rect_t bounds, expected;

  g_assert_true (sealdesk_page_view_page_to_view (view, page, rect, &expected));
  child_bounds (view, child, &bounds);
  g_test_message ("overlay at %.1f,%.1f %.1fx%.1f, page says %.1f,%.1f %.1fx%.1f",
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                  expected.origin.x, expected.origin.y, expected.size.width, expected.size.height);
  g_assert_cmpfloat (fabs (bounds.origin.x - expected.origin.x), <=, 1.0);
  g_assert_cmpfloat (fabs (bounds.origin.y - expected.origin.y), <=, 1.0);
  g_assert_cmpfloat (fabs (bounds.size.width - expected.size.width), <=, 1.0);
  g_assert_cmpfloat (fabs (bounds.size.height - expected.size.height), <=, 1.0);
}

typedef struct
{
  SealdeskPageView *view;
  GtkWidget        *child;
  double            x, y;
} Moved;

static gboolean
child_moved (gpointer data)
{
  Moved *moved = data;
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (moved->child, GTK_WIDGET (moved->view), &bounds) &&
         (fabs (bounds.origin.x - moved->x) > 0.5 || fabs (bounds.origin.y - moved->y) > 0.5);
}

static void
wait_child_moved (SealdeskPageView *view,
                  GtkWidget        *child)
{
  graphene_rect_t bounds;
  Moved moved = { view, child, 0, 0 };

  child_bounds (view, child, &bounds);
  moved.x = bounds.origin.x;
  moved.y = bounds.origin.y;
  g_assert_true (app_test_wait_until (child_moved, &moved, WAIT_SECONDS));
  app_test_iterate (50);
}


/* Real input: xdotool against the Xvfb window. */

static void
xdotool (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static void
xdotool (const char *format,
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

static gulong
window_xid (SealdeskWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return (gulong) gdk_x11_surface_get_xid (surface);
}

/* (@x, @y) of @widget in the X window's coordinates. */
static void
surface_point (SealdeskWindow *window,
               GtkWidget      *widget,
               double          x,
               double          y,
               int            *sx,
               int            *sy)
{
  graphene_point_t point;
  double tx, ty;
  int scale;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &tx, &ty);
  /* X counts device pixels (GDK_SCALE=2: two a logical pixel). */
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (window));
  *sx = (int) ((point.x + tx) * scale + 0.5);
  *sy = (int) ((point.y + ty) * scale + 0.5);
}

/* Drags with button 1 from (@x0, @y0) to (@x1, @y1) of @widget, in steps. */
static void
pointer_drag (SealdeskWindow *window,
              GtkWidget      *widget,
              double          x0,
              double          y0,
              double          x1,
              double          y1,
              gboolean        shift)
{
  gulong xid = window_xid (window);
  int sx, sy, ex, ey;

  surface_point (window, widget, x0, y0, &sx, &sy);
  surface_point (window, widget, x1, y1, &ex, &ey);
  xdotool ("mousemove --window %lu %d %d", xid, sx, sy);
  if (shift)
    xdotool ("keydown shift");
  xdotool ("mousedown 1");
  for (int i = 1; i <= 4; i++)
    xdotool ("mousemove --window %lu %d %d", xid, sx + (ex - sx) * i / 4, sy + (ey - sy) * i / 4);
  xdotool ("mouseup 1");
  if (shift)
    xdotool ("keyup shift");
}

static void
focus_window (SealdeskWindow *window)
{
  xdotool ("windowfocus --sync %lu", window_xid (window));
}

/* A round seal of the workspace's library (generated with the core). */
char *
make_round_seal (const char *name,
                 const char *key_id)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  SdSealDesign design = { .org = "北京某某律师事务所", .title = "合同专用章", .shape = SD_SEAL_SHAPE_ROUND, .size_mm = 42 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(SdSeal) seal = NULL;
  double width_mm, height_mm;

  png = sd_seal_generate_official (&design, 300, &width_mm, &height_mm, &error);
  g_assert_no_error (error);
  seal = sd_seal_library_add (workspace, name, "company", width_mm, height_mm, key_id, png, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (seal->id);
}

static void
placement_get (SealdeskPlacement *placement,
               SdRect            *rect)
{
  sealdesk_placement_get_rect (placement, &rect->x, &rect->y, &rect->width, &rect->height);
}

typedef struct
{
  SealdeskPlacement *placement;
  SdRect             rect;
  guint              page;
} Watch;

static gboolean
placement_changed (gpointer data)
{
  Watch *watch = data;
  SdRect now;

  placement_get (watch->placement, &now);
  return sealdesk_placement_get_page (watch->placement) != watch->page ||
         fabs (now.x - watch->rect.x) > 0.01 || fabs (now.y - watch->rect.y) > 0.01 ||
         fabs (now.width - watch->rect.width) > 0.01 || fabs (now.height - watch->rect.height) > 0.01;
}

static void
watch_init (Watch             *watch,
            SealdeskPlacement *placement)
{
  watch->placement = placement;
  watch->page = sealdesk_placement_get_page (placement);
  placement_get (placement, &watch->rect);
}

static void
wait_placement_changed (SealdeskPlacement *placement,
                        Watch             *watch)
{
  g_assert_true (app_test_wait_until (placement_changed, watch, WAIT_SECONDS));
  app_test_iterate (50);
}

static gboolean
menu_shown (gpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (data); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child) && gtk_widget_get_mapped (child))
      return TRUE;
  return FALSE;
}

static gboolean
model_empty (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

static gboolean
widget_focused (gpointer data)
{
  return gtk_widget_has_focus (data);
}

static void
test_overlay_follows_pages (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskPageView *view = window->page_view;
  GtkWidget *child = gtk_drawing_area_new ();
  SdRect rect = { 100, 200, 72, 36 };
  SdRect moved_rect = { 300, 400, 50, 50 };
  SdViewTransform transform;
  graphene_rect_t page_rect, bounds;
  double u, v;
  guint page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  page_width (window);

  /* The transform is the page's rectangle and its visible size. */
  g_assert_true (sealdesk_page_view_get_page_transform (view, 1, &transform));
  g_assert_true (sealdesk_page_view_get_page_rect (view, 1, &page_rect));
  g_assert_cmpfloat_with_epsilon (transform.width, 595.0, 1.0);
  g_assert_cmpfloat_with_epsilon (transform.height, 842.0, 1.0);
  g_assert_cmpint (transform.rotation, ==, 0);
  g_assert_cmpfloat (transform.view.y, ==, page_rect.origin.y);
  g_assert_false (sealdesk_page_view_get_page_transform (view, 2, &transform));

  /* A point of page 1 comes back from the widget as itself. */
  {
    SdRect point = { 120, 700, 0, 0 };
    graphene_rect_t at;

    g_assert_true (sealdesk_page_view_page_to_view (view, 0, &point, &at));
    g_assert_true (sealdesk_page_view_view_to_page (view, at.origin.x, at.origin.y, &page, &u, &v));
    g_assert_cmpuint (page, ==, 0);
    g_assert_cmpfloat_with_epsilon (u, 120, 0.01);
    g_assert_cmpfloat_with_epsilon (v, 700, 0.01);
  }

  sealdesk_page_view_add_overlay (view, child, 0, &rect);
  g_assert_true (gtk_widget_get_parent (child) == GTK_WIDGET (view));
  app_test_iterate (100);
  assert_child_at (view, child, 0, &rect);
  /* 72 points at 100 % are 96 pixels. */
  child_bounds (view, child, &bounds);
  g_assert_cmpfloat_with_epsilon (bounds.size.width, 96, 1.0);

  /* Scrolling moves it with the page. */
  gtk_adjustment_set_value (view->vadjustment, 150);
  wait_child_moved (view, child);
  assert_child_at (view, child, 0, &rect);

  /* Zooming scales it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  page_width (window);
  app_test_iterate (100);
  assert_child_at (view, child, 0, &rect);
  child_bounds (view, child, &bounds);
  g_assert_cmpfloat (bounds.size.width, >, 97);

  /* Turning the view turns its rectangle: a wide one becomes tall. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-right", NULL));
  page_width (window);
  app_test_iterate (100);
  g_assert_true (sealdesk_page_view_get_page_transform (view, 0, &transform));
  g_assert_cmpint (transform.rotation, ==, 90);
  assert_child_at (view, child, 0, &rect);
  child_bounds (view, child, &bounds);
  g_assert_cmpfloat (bounds.size.height, >, bounds.size.width);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-left", NULL));
  page_width (window);

  /* Moved to page 2, it is there. */
  sealdesk_page_view_move_overlay (view, child, 1, &moved_rect);
  sealdesk_document_model_set_page (sealdesk_window_get_model (window), 1);
  app_test_iterate (200);
  g_assert_true (sealdesk_page_view_get_overlay (view, child, &page, NULL));
  g_assert_cmpuint (page, ==, 1);
  assert_child_at (view, child, 1, &moved_rect);

  g_object_add_weak_pointer (G_OBJECT (child), (gpointer *) &child);
  sealdesk_page_view_remove_overlay (view, child);
  g_assert_null (child);
  g_assert_false (sealdesk_page_view_get_overlay (view, child, NULL, NULL));

  close_window (window);
}


static void
test_placement_edit (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskSession *session = sealdesk_window_get_session (window);
  SealdeskPageView *view = window->page_view;
  g_autofree char *seal_id = make_round_seal ("Edit seal", "p12:/nonexistent/edit.p12");
  g_autoptr(SealdeskPlacement) placement = NULL;
  GListModel *placements;
  GtkWidget *widget;
  SdRect rect, before;
  Watch watch;
  double true_size = 42 * 72 / 25.4;

  /* All of the page in the window, whatever zoom a test before left. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_width (window);

  g_assert_nonnull (session);
  g_assert_true (sealdesk_session_get_document (session) == sealdesk_document_model_get_document (sealdesk_window_get_model (window)));
  placements = sealdesk_session_get_placements (session);
  g_assert_false (sealdesk_session_can_undo (session));

  /* The keyboard way: the seal at the centre of the current page, at its
   * true size, selected and focused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.place-seal", "s", seal_id));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 1);
  placement = g_list_model_get_item (placements, 0);
  placement_get (placement, &rect);
  g_assert_cmpuint (sealdesk_placement_get_page (placement), ==, 0);
  g_assert_cmpfloat_with_epsilon (rect.width, true_size, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.height, true_size, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.x + rect.width / 2, 595.0 / 2, 1.0);
  widget = sealdesk_placement_layer_get_widget (window->placement_layer, placement);
  g_assert_nonnull (widget);
  g_assert_true (sealdesk_placement_layer_get_selected (window->placement_layer) == placement);
  app_test_iterate (100);
  assert_child_at (view, widget, 0, &rect);

  /* The widget draws the seal: red pixels on the page. */
  {
    g_autoptr(GdkTexture) shot = app_test_snapshot_widget (widget);

    g_assert_cmpint (gdk_texture_get_width (shot), >, 50);
  }

  /* Keys, sent to the X server. */
  focus_window (window);
  gtk_widget_grab_focus (widget);
  g_assert_true (app_test_wait_until (widget_focused, widget, WAIT_SECONDS));
  before = rect;
  watch_init (&watch, placement);
  xdotool ("key Right");
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, before.x + 1, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.y, before.y, 0.01);
  watch_init (&watch, placement);
  xdotool ("key ctrl+Up");
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.y, before.y + 10, 0.01);
  watch_init (&watch, placement);
  xdotool ("key shift+Right");
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.width, before.width + 1, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.height, before.height + 1, 0.01);
  app_test_iterate (50);
  assert_child_at (view, widget, 0, &rect);

  /* Undo, by key and by action; redo. */
  watch_init (&watch, placement);
  xdotool ("key ctrl+z");
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.width, before.width, 0.01);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.y, before.y, 0.01);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.y, before.y + 10, 0.01);

  /* The pointer moves it: 40 pixels right and 30 down at this zoom. */
  {
    double scale_x, scale_y;
    graphene_rect_t bounds;
    double w = gtk_widget_get_width (widget);
    double h = gtk_widget_get_height (widget);

    child_bounds (view, widget, &bounds);
    scale_x = bounds.size.width / rect.width;
    scale_y = bounds.size.height / rect.height;
    before = rect;
    watch_init (&watch, placement);
    pointer_drag (window, widget, w / 2, h / 2, w / 2 + 40, h / 2 + 30, FALSE);
    wait_placement_changed (placement, &watch);
    placement_get (placement, &rect);
    g_test_message ("moved to %.1f,%.1f from %.1f,%.1f", rect.x, rect.y, before.x, before.y);
    g_assert_cmpfloat (fabs (rect.x - (before.x + 40 / scale_x)), <, 1.0);
    g_assert_cmpfloat (fabs (rect.y - (before.y - 30 / scale_y)), <, 1.0);
    g_assert_cmpfloat_with_epsilon (rect.width, before.width, 0.01);
    assert_child_at (view, widget, 0, &rect);

    /* The bottom-right handle resizes it, keeping it round. */
    before = rect;
    watch_init (&watch, placement);
    w = gtk_widget_get_width (widget);
    h = gtk_widget_get_height (widget);
    pointer_drag (window, widget, w - 3, h - 3, w - 3 + 40, h - 3 + 10, FALSE);
    wait_placement_changed (placement, &watch);
    placement_get (placement, &rect);
    g_test_message ("resized to %.1fx%.1f from %.1fx%.1f", rect.width, rect.height, before.width, before.height);
    g_assert_cmpfloat (fabs (rect.width - (before.width + 40 / scale_x)), <, 1.0);
    g_assert_cmpfloat_with_epsilon (rect.width, rect.height, 0.01);
    /* The top-left corner stayed. */
    g_assert_cmpfloat_with_epsilon (rect.x, before.x, 0.5);
    g_assert_cmpfloat_with_epsilon (rect.y + rect.height, before.y + before.height, 0.5);
    app_test_iterate (50);
    assert_child_at (view, widget, 0, &rect);

    /* With Shift held, its shape follows the pointer. */
    before = rect;
    watch_init (&watch, placement);
    w = gtk_widget_get_width (widget);
    h = gtk_widget_get_height (widget);
    pointer_drag (window, widget, w - 3, h - 3, w - 3 + 30, h - 3 - 40, TRUE);
    wait_placement_changed (placement, &watch);
    placement_get (placement, &rect);
    g_test_message ("reshaped to %.1fx%.1f from %.1fx%.1f", rect.width, rect.height, before.width, before.height);
    g_assert_cmpfloat (fabs (rect.width - (before.width + 30 / scale_x)), <, 1.0);
    g_assert_cmpfloat (fabs (rect.height - (before.height - 40 / scale_y)), <, 1.0);
    app_test_iterate (50);
    assert_child_at (view, widget, 0, &rect);
  }

  /* The secondary button opens its menu (True Size, Remove). */
  {
    int sx, sy;

    surface_point (window, widget, gtk_widget_get_width (widget) / 2.0,
                   gtk_widget_get_height (widget) / 2.0, &sx, &sy);
    xdotool ("mousemove --window %lu %d %d click 3", window_xid (window), sx, sy);
    g_assert_true (app_test_wait_until (menu_shown, widget, WAIT_SECONDS));
    xdotool ("key Escape");
  }

  /* True size again, from its menu's action. */
  g_assert_true (gtk_widget_activate_action (widget, "placement.true-size", NULL));
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.width, true_size, 0.01);

  /* Delete removes it; undo brings the same one back. */
  gtk_widget_grab_focus (widget);
  g_assert_true (app_test_wait_until (widget_focused, widget, WAIT_SECONDS));
  xdotool ("key Delete");
  g_assert_true (app_test_wait_until (model_empty, placements, WAIT_SECONDS));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 0);
  g_assert_null (sealdesk_placement_layer_get_widget (window->placement_layer, placement));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 1);
  g_assert_nonnull (sealdesk_placement_layer_get_widget (window->placement_layer, placement));

  close_window (window);
}


static gboolean
model_has_n (gpointer data)
{
  GListModel *model = data;
  guint wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (model), "test-wanted"));

  return g_list_model_get_n_items (model) >= wanted;
}

static void
wait_n_placements (GListModel *placements,
                   guint       n)
{
  g_object_set_data (G_OBJECT (placements), "test-wanted", GUINT_TO_POINTER (n));
  g_assert_true (app_test_wait_until (model_has_n, placements, WAIT_SECONDS));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, n);
}

/* The palette shows the library's seals. */
static GtkWidget *
show_palette_row (SealdeskWindow *window,
                  const char     *seal_id)
{
  GtkWidget *row;

  g_object_set (window, "show-sidebar", TRUE, NULL);
  gtk_stack_set_visible_child_name (window->sidebar_stack, "seals");
  sealdesk_seal_palette_reload (window->seal_palette);
  app_test_iterate (100);
  row = sealdesk_seal_palette_get_row (window->seal_palette, seal_id);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  /* Other tests may have filled the library: scrolled to, the row is on
   * screen (a focused row is scrolled into view). */
  gtk_widget_grab_focus (row);
  app_test_iterate (200);
  return row;
}

/* Where page @page's point (@u, @v) is in the page view. */
static void
page_point (SealdeskPageView *view,
            guint             page,
            double            u,
            double            v,
            double           *x,
            double           *y)
{
  SdRect point = { u, v, 0, 0 };
  graphene_rect_t at;

  g_assert_true (sealdesk_page_view_page_to_view (view, page, &point, &at));
  *x = at.origin.x;
  *y = at.origin.y;
}

static void
assert_centred_at (SealdeskPlacement *placement,
                   guint              page,
                   double             u,
                   double             v,
                   double             tolerance)
{
  SdRect rect;

  placement_get (placement, &rect);
  g_test_message ("placed on page %u at %.1f,%.1f %.1fx%.1f (centre wanted at %.1f,%.1f)",
                  sealdesk_placement_get_page (placement) + 1, rect.x, rect.y, rect.width, rect.height, u, v);
  g_assert_cmpuint (sealdesk_placement_get_page (placement), ==, page);
  g_assert_cmpfloat (fabs (rect.x + rect.width / 2 - u), <=, tolerance);
  g_assert_cmpfloat (fabs (rect.y + rect.height / 2 - v), <=, tolerance);
}

static void
test_palette (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskPageView *view = window->page_view;
  GListModel *placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));
  g_autofree char *seal_id = make_round_seal ("Palette seal", "p12:/nonexistent/palette.p12");
  g_autoptr(SealdeskPlacement) dropped = NULL;
  g_autoptr(SealdeskPlacement) clicked = NULL;
  g_autoptr(SealdeskPlacement) activated = NULL;
  double px, py, x, y, true_size = 42 * 72 / 25.4;
  GtkWidget *row;
  SdRect rect;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_width (window);
  sealdesk_document_model_set_page (sealdesk_window_get_model (window), 1);
  app_test_iterate (200);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  row = show_palette_row (window, seal_id);
  focus_window (window);

  /* Dragged from the palette onto page 2, with the pointer. */
  page_point (view, 1, 300, 250, &px, &py);
  {
    graphene_point_t target;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), row, &GRAPHENE_POINT_INIT (px, py), &target));
    pointer_drag (window, row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0,
                  target.x, target.y, FALSE);
  }
  wait_n_placements (placements, 1);
  dropped = g_list_model_get_item (placements, 0);
  /* Within a pixel of where the pointer let go (fit-page: < 1 pt a pixel). */
  assert_centred_at (dropped, 1, 300, 250, 2.0);
  placement_get (dropped, &rect);
  g_assert_cmpfloat_with_epsilon (rect.width, true_size, 0.01);

  /* Chosen with a click, then put with a click on the page. */
  xdotool ("mousemove --window %lu 1 1", window_xid (window));
  {
    int sx, sy;

    surface_point (window, row, 10, 10, &sx, &sy);
    xdotool ("mousemove --window %lu %d %d click 1", window_xid (window), sx, sy);
    g_assert_cmpstr (sealdesk_seal_palette_get_selected (window->seal_palette), ==, seal_id);
    page_point (view, 1, 150, 600, &x, &y);
    surface_point (window, GTK_WIDGET (view), x, y, &sx, &sy);
    xdotool ("mousemove --window %lu %d %d click 1", window_xid (window), sx, sy);
  }
  wait_n_placements (placements, 2);
  clicked = g_list_model_get_item (placements, 1);
  assert_centred_at (clicked, 1, 150, 600, 2.0);
  g_assert_null (sealdesk_seal_palette_get_selected (window->seal_palette));

  /* Activated from the keyboard: on the centre of the current page. */
  gtk_widget_grab_focus (row);
  xdotool ("key Return");
  wait_n_placements (placements, 3);
  activated = g_list_model_get_item (placements, 2);
  assert_centred_at (activated, 1, 595.0 / 2, 842.0 / 2, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 2);

  close_window (window);
}



/* A seal dragged from the bottom of page 1 to the top of page 2. */
static void
test_drag_across_pages (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskPageView *view = window->page_view;
  g_autofree char *seal_id = make_round_seal ("Wandering seal", "p12:/nonexistent/wander.p12");
  g_autoptr(SealdeskPlacement) placement = NULL;
  graphene_rect_t page1;
  GtkWidget *widget;
  Watch watch;
  double from_x, from_y, to_x, to_y;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_width (window);
  placement = _sealdesk_window_place_seal (window, seal_id, 0, 297, 100, NULL);
  g_assert_nonnull (placement);
  /* The gap between the pages in the middle of the view. */
  g_assert_true (sealdesk_page_view_get_page_rect (view, 0, &page1));
  gtk_adjustment_set_value (view->vadjustment,
                            gtk_adjustment_get_value (view->vadjustment) + page1.origin.y +
                            page1.size.height - gtk_widget_get_height (GTK_WIDGET (view)) / 2.0);
  app_test_iterate (200);

  widget = sealdesk_placement_layer_get_widget (window->placement_layer, placement);
  page_point (view, 0, 297, 100, &from_x, &from_y);
  page_point (view, 1, 297, 742, &to_x, &to_y);
  g_assert_cmpfloat (to_y, <, gtk_widget_get_height (GTK_WIDGET (view)) - 10);
  {
    graphene_point_t a, b;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), widget, &GRAPHENE_POINT_INIT (from_x, from_y), &a));
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), widget, &GRAPHENE_POINT_INIT (to_x, to_y), &b));
    focus_window (window);
    watch_init (&watch, placement);
    pointer_drag (window, widget, a.x, a.y, b.x, b.y, FALSE);
  }
  wait_placement_changed (placement, &watch);
  assert_centred_at (placement, 1, 297, 742, 2.0);
  /* One undo puts it back on page 1. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_centred_at (placement, 0, 297, 100, 0.01);

  close_window (window);
}

/* Signing from the placements */

GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
shown_pin_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SEALDESK_IS_PIN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

gboolean
pin_asked (gpointer data)
{
  return shown_pin_dialog () != NULL;
}

gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

typedef struct
{
  SealdeskWindow *window;
  const char     *basename;
} Opened;

static gboolean
signed_copy_shown (gpointer data)
{
  Opened *opened = data;
  GFile *file = sealdesk_window_get_file (opened->window);
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  return g_strcmp0 (name, opened->basename) == 0 &&
         sealdesk_window_get_state (opened->window) == SEALDESK_WINDOW_STATE_DOCUMENT;
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The box around the seal's red pixels on @page (1-based) of @pdf drawn by
 * pdftoppm at 72 dpi (one pixel a point), in visible space (bottom-left). */
static gboolean
red_box (const char *pdf,
         int         page,
         SdRect     *box)
{
  g_autofree char *prefix = g_build_filename (home_dir, "render", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftoppm", "-r", "72", "-f", number, "-l", number, "-png", "-singlefile",
                         pdf, prefix, NULL };
  g_autofree char *out = run_tool (argv);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  g_autofree guchar *pixels = NULL;
  int width, height, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  gsize stride;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        /* GDK_MEMORY_DEFAULT: B G R A */
        guchar *p = pixels + y * stride + x * 4;

        if (p[2] > 150 && p[1] < 110 && p[0] < 110)
          {
            x0 = MIN (x0, x);
            y0 = MIN (y0, y);
            x1 = MAX (x1, x);
            y1 = MAX (y1, y);
          }
      }
  g_unlink (png);
  if (x1 < 0)
    return FALSE;
  box->x = x0;
  box->width = x1 + 1 - x0;
  box->y = height - (y1 + 1);
  box->height = y1 + 1 - y0;
  return TRUE;
}

void
assert_pdfsig_valid (const char *pdf,
                     guint       n)
{
  const char *argv[] = { "pdfsig", pdf, NULL };
  g_autofree char *out = run_tool (argv);
  guint valid = 0;

  for (const char *p = out; (p = strstr (p, "Signature Validation: Signature is Valid.")) != NULL; p++)
    valid++;
  g_test_message ("pdfsig: %s", out);
  g_assert_cmpuint (valid, ==, n);
}

/* Signs the window's placements with the token's key through the Sign
 * button's dialog, answering the PIN; returns the signed copy's path. */
static char *
sign_placements (SealdeskWindow *window,
                 const char     *key_uri)
{
  g_autoptr(GFile) output = NULL;
  g_autofree char *basename = NULL;
  GtkWidget *dialog, *button, *pin;
  Opened opened = { window, NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL));
  dialog = window->sign_dialog;
  g_assert_nonnull (dialog);
  /* The seal's own key is offered. */
  {
    g_autofree char *offered = NULL;

    g_object_get (dialog, "key-id", &offered, NULL);
    g_assert_cmpstr (offered, ==, key_uri);
  }
  button = find_button (dialog, "_Sign…");
  g_assert_nonnull (button);
  g_assert_true (app_test_wait_until (widget_sensitive, button, WAIT_SECONDS));

  /* What "Sign…" does once the place to save is chosen (a native file
   * chooser cannot be driven): NAME-signed.pdf beside the original. */
  output = sealdesk_sign_dialog_default_output (sealdesk_window_get_file (window));
  basename = g_file_get_basename (output);
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), output);

  /* One PIN for the batch. */
  g_assert_true (app_test_wait_until (pin_asked, NULL, WAIT_SECONDS));
  pin = shown_pin_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (find_type (pin, GTK_TYPE_PASSWORD_ENTRY)), KEYS_TEST_USER_PIN);
  g_signal_emit_by_name (find_button (pin, "_Unlock"), "clicked");

  /* The signed copy opens, with its signatures. */
  opened.basename = basename;
  g_assert_true (app_test_wait_until (signed_copy_shown, &opened, WAIT_SECONDS * 3));
  {
    gboolean show = FALSE;

    g_object_get (window, "show-signatures", &show, NULL);
    g_assert_true (show);
  }
  return g_file_get_path (output);
}

static void
assert_seal_where_shown (const char   *pdf,
                         guint         page,
                         const SdRect *shown)
{
  SdRect box = { 0, 0, 0, 0 };

  g_assert_true (red_box (pdf, (int) page + 1, &box));
  g_test_message ("red pixels at %.0f,%.0f %.0fx%.0f; overlay showed %.1f,%.1f %.1fx%.1f",
                  box.x, box.y, box.width, box.height, shown->x, shown->y, shown->width, shown->height);
  /* The round seal fills its square: within 2 pt of where it was shown. */
  g_assert_cmpfloat (fabs (box.x - shown->x), <=, 2.0);
  g_assert_cmpfloat (fabs (box.y - shown->y), <=, 2.0);
  g_assert_cmpfloat (fabs (box.x + box.width - (shown->x + shown->width)), <=, 2.0);
  g_assert_cmpfloat (fabs (box.y + box.height - (shown->y + shown->height)), <=, 2.0);
}

char *
copy_to_home (GFile      *from,
              const char *name)
{
  g_autofree char *path = g_build_filename (home_dir, name, NULL);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static SealdeskWindow *
open_and_wait (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_width (window);
  sealdesk_document_model_set_page (sealdesk_window_get_model (window), 1);
  app_test_iterate (200);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  return window;
}

static void
test_sign_placements (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *doc = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *signed_path = NULL;
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  SealdeskWindow *window;
  GListModel *placements;
  GtkWidget *row, *widget;
  SdRect shown;
  Watch watch;
  double px, py;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  g_assert_nonnull (key_uri);
  seal_id = make_round_seal ("Signing seal", key_uri);
  doc = copy_to_home (sample, "award.pdf");
  {
    gsize length;
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (doc, &contents, &length, NULL));
    before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
  }

  window = open_and_wait (doc);
  placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));
  row = show_palette_row (window, seal_id);
  focus_window (window);

  /* Dragged onto page 2 with the pointer. */
  page_point (window->page_view, 1, 380, 180, &px, &py);
  {
    graphene_point_t target;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (window->page_view), row,
                                             &GRAPHENE_POINT_INIT (px, py), &target));
    pointer_drag (window, row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0,
                  target.x, target.y, FALSE);
  }
  wait_n_placements (placements, 1);
  placement = g_list_model_get_item (placements, 0);
  assert_centred_at (placement, 1, 380, 180, 2.0);

  /* Moved by keyboard, then by the pointer; one move undone and redone. */
  widget = sealdesk_placement_layer_get_widget (window->placement_layer, placement);
  gtk_widget_grab_focus (widget);
  g_assert_true (app_test_wait_until (widget_focused, widget, WAIT_SECONDS));
  watch_init (&watch, placement);
  xdotool ("key ctrl+Left");
  wait_placement_changed (placement, &watch);
  watch_init (&watch, placement);
  pointer_drag (window, widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0,
                gtk_widget_get_width (widget) / 2.0 - 20, gtk_widget_get_height (widget) / 2.0 + 25, FALSE);
  wait_placement_changed (placement, &watch);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  app_test_iterate (100);
  placement_get (placement, &shown);
  assert_child_at (window->page_view, widget, 1, &shown);
  app_test_save_screenshot (GTK_WIDGET (window), "document-seals.png");

  signed_path = sign_placements (window, key_uri);
  g_assert_true (g_str_has_suffix (signed_path, "award-signed.pdf"));
  assert_pdfsig_valid (signed_path, 1);
  assert_seal_where_shown (signed_path, 1, &shown);
  /* The original is as it was. */
  {
    gsize length;
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (doc, &contents, &length, NULL));
    after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
    g_assert_cmpstr (before, ==, after);
  }
  close_window (window);
}

/* The same on a page turned by /Rotate 90. */
static void
test_sign_placements_rotated (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *plain = NULL;
  g_autofree char *doc = g_build_filename (home_dir, "turned.pdf", NULL);
  g_autofree char *signed_path = NULL;
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  SealdeskWindow *window;
  GtkWidget *widget;
  SdViewTransform transform;
  SdRect shown;
  Watch watch;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  seal_id = make_round_seal ("Turned seal", key_uri);
  plain = copy_to_home (sample, "plain.pdf");
  {
    const char *argv[] = { "qpdf", "--rotate=+90:2", plain, doc, NULL };
    g_autofree char *out = run_tool (argv);
  }

  window = open_and_wait (doc);
  /* Page 2 is shown landscape. */
  g_assert_true (sealdesk_page_view_get_page_transform (window->page_view, 1, &transform));
  g_assert_cmpfloat_with_epsilon (transform.width, 842, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.place-seal", "s", seal_id));
  placement = g_list_model_get_item (sealdesk_session_get_placements (sealdesk_window_get_session (window)), 0);
  g_assert_cmpuint (sealdesk_placement_get_page (placement), ==, 1);

  /* Moved by keyboard and made larger. */
  widget = sealdesk_placement_layer_get_widget (window->placement_layer, placement);
  focus_window (window);
  gtk_widget_grab_focus (widget);
  g_assert_true (app_test_wait_until (widget_focused, widget, WAIT_SECONDS));
  for (guint i = 0; i < 3; i++)
    {
      watch_init (&watch, placement);
      xdotool ("key %s", i < 2 ? "ctrl+Right" : "ctrl+Down");
      wait_placement_changed (placement, &watch);
    }
  watch_init (&watch, placement);
  xdotool ("key shift+ctrl+Up");
  wait_placement_changed (placement, &watch);
  app_test_iterate (100);
  placement_get (placement, &shown);
  assert_child_at (window->page_view, widget, 1, &shown);

  signed_path = sign_placements (window, key_uri);
  assert_pdfsig_valid (signed_path, 1);
  assert_seal_where_shown (signed_path, 1, &shown);
  close_window (window);
}


/* Two A4 pages; page 2 has an empty signature field "Arbitrator" at
 * 350,120 150×100 (user space = visible space: no /Rotate). */
static char *
make_field_document (void)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autofree char *path = g_build_filename (home_dir, "fields.pdf", NULL);
  const char *text = "BT /F1 24 Tf 72 720 Td (Award) Tj ET";
  g_autoptr(GError) error = NULL;

  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>");
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>");
  sd_pdf_object (pdf, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
                         "/Resources << /Font << /F1 7 0 R >> >> >>");
  sd_pdf_object (pdf, 4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
                         "/Resources << /Font << /F1 7 0 R >> >> /Annots [6 0 R] >>");
  sd_pdf_stream (pdf, 5, NULL, text, strlen (text));
  sd_pdf_object (pdf, 6, "<< /FT /Sig /T (Arbitrator) /Type /Annot /Subtype /Widget "
                         "/Rect [350 120 500 220] /P 4 0 R /F 4 >>");
  sd_pdf_object (pdf, 7, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  sd_pdf_xref_table (pdf, "/Root 1 0 R");
  g_assert_true (sd_pdf_save (pdf, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static gboolean
outline_shown (gpointer data)
{
  SealdeskWindow *window = data;

  return window->field_outlines != NULL && window->field_outlines->len > 0 &&
         gtk_widget_get_mapped (g_ptr_array_index (window->field_outlines, 0));
}

static void
test_fill_field (void)
{
  g_autofree char *doc = make_field_document ();
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autofree char *signed_path = NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  SealdeskWindow *window;
  GListModel *placements;
  GtkWidget *outline, *row;
  SdRect rect, field = { 350, 120, 150, 100 };
  guint page;
  int sx, sy;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  seal_id = make_round_seal ("Field seal", key_uri);
  window = open_and_wait (doc);
  placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));

  /* The empty field is outlined where it is. */
  g_assert_true (app_test_wait_until (outline_shown, window, WAIT_SECONDS));
  outline = g_ptr_array_index (window->field_outlines, 0);
  g_assert_cmpstr (sealdesk_field_outline_get_field (SEALDESK_FIELD_OUTLINE (outline)), ==, "Arbitrator");
  g_assert_true (sealdesk_page_view_get_overlay (window->page_view, outline, &page, &rect));
  g_assert_cmpuint (page, ==, 1);
  g_assert_cmpfloat_with_epsilon (rect.x, field.x, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.height, field.height, 0.01);
  app_test_iterate (50);
  assert_child_at (window->page_view, outline, 1, &field);

  /* Choose the seal, click the field. */
  row = show_palette_row (window, seal_id);
  focus_window (window);
  surface_point (window, row, 10, 10, &sx, &sy);
  xdotool ("mousemove --window %lu %d %d click 1", window_xid (window), sx, sy);
  g_assert_cmpstr (sealdesk_seal_palette_get_selected (window->seal_palette), ==, seal_id);
  surface_point (window, outline, gtk_widget_get_width (outline) / 2.0,
                 gtk_widget_get_height (outline) / 2.0, &sx, &sy);
  xdotool ("mousemove --window %lu %d %d click 1", window_xid (window), sx, sy);
  wait_n_placements (placements, 1);
  placement = g_list_model_get_item (placements, 0);
  g_assert_cmpstr (sealdesk_placement_get_field (placement), ==, "Arbitrator");
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, field.x, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.width, field.width, 0.01);
  /* Filled: no longer outlined. */
  g_assert_false (gtk_widget_get_visible (outline));

  signed_path = sign_placements (window, key_uri);
  assert_pdfsig_valid (signed_path, 1);
  {
    const char *argv[] = { "pdfsig", signed_path, NULL };
    g_autofree char *out = run_tool (argv);

    g_assert_nonnull (strstr (out, "Signature Field Name: Arbitrator"));
  }
  /* The round seal, as large as fits, centred in the field. */
  {
    SdRect centred = { field.x + (field.width - field.height) / 2, field.y, field.height, field.height };

    assert_seal_where_shown (signed_path, 1, &centred);
  }
  close_window (window);
}

void
add_placement_tests (void)
{
  g_test_add_func ("/app/placement/overlay", test_overlay_follows_pages);
  g_test_add_func ("/app/placement/edit", test_placement_edit);
  g_test_add_func ("/app/placement/palette", test_palette);
  g_test_add_func ("/app/placement/across-pages", test_drag_across_pages);
  g_test_add_func ("/app/placement/sign", test_sign_placements);
  g_test_add_func ("/app/placement/sign-rotated", test_sign_placements_rotated);
  g_test_add_func ("/app/placement/fill-field", test_fill_field);
}
