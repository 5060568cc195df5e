/* test-app-placement.c: seals placed on pages (the overlay, editing
 * placements, dragging across pages)
 *
 * The seal palette is tested in test-app-placement-palette.c, signing from
 * placements in test-app-placement-sign.c, signature fields in
 * test-app-placement-fields.c, with the helpers of test-app-placement.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "app-test-util.h"
#include "sd-seal-generate.h"
#include "sd-seal-library.h"
#include "sealdesk-placement-widget.h"
#include "test-app-placement.h"
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
void
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

void
placement_get (SealdeskPlacement *placement,
               SdRect            *rect)
{
  sealdesk_placement_get_rect (placement, &rect->x, &rect->y, &rect->width, &rect->height);
}

gboolean
placement_changed (gpointer data)
{
  Watch *watch = data;
  SdRect now;

  placement_get (watch->placement, &now);
  return sealdesk_placement_get_page (watch->placement) != watch->page ||
         fabs (now.x - watch->rect.x) > 0.01 || fabs (now.y - watch->rect.y) > 0.01 ||
         fabs (now.width - watch->rect.width) > 0.01 || fabs (now.height - watch->rect.height) > 0.01;
}

void
watch_init (Watch             *watch,
            SealdeskPlacement *placement)
{
  watch->placement = placement;
  watch->page = sealdesk_placement_get_page (placement);
  placement_get (placement, &watch->rect);
}

void
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

gboolean
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
  app_test_focus_window (GTK_WIDGET (window));
  gtk_widget_grab_focus (widget);
  g_assert_true (app_test_wait_until (widget_focused, widget, WAIT_SECONDS));
  before = rect;
  watch_init (&watch, placement);
  app_test_xdotool ("key Right");
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, before.x + 1, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.y, before.y, 0.01);
  watch_init (&watch, placement);
  app_test_xdotool ("key ctrl+Up");
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.y, before.y + 10, 0.01);
  watch_init (&watch, placement);
  app_test_xdotool ("key shift+Right");
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.width, before.width + 1, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.height, before.height + 1, 0.01);
  app_test_iterate (50);
  assert_child_at (view, widget, 0, &rect);

  /* Undo, by key and by action; redo. */
  watch_init (&watch, placement);
  app_test_xdotool ("key ctrl+z");
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
    app_test_pointer_drag (widget, w / 2, h / 2, w / 2 + 40, h / 2 + 30, FALSE);
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
    app_test_pointer_drag (widget, w - 3, h - 3, w - 3 + 40, h - 3 + 10, FALSE);
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
    app_test_pointer_drag (widget, w - 3, h - 3, w - 3 + 30, h - 3 - 40, TRUE);
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

    app_test_surface_point (widget, gtk_widget_get_width (widget) / 2.0,
                   gtk_widget_get_height (widget) / 2.0, &sx, &sy);
    app_test_xdotool ("mousemove --window %lu %d %d click 3", app_test_window_xid (GTK_WIDGET (window)), sx, sy);
    g_assert_true (app_test_wait_until (menu_shown, widget, WAIT_SECONDS));
    app_test_xdotool ("key Escape");
  }

  /* True size again, from its menu's action. */
  g_assert_true (gtk_widget_activate_action (widget, "placement.true-size", NULL));
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.width, true_size, 0.01);

  /* Delete removes it; undo brings the same one back. */
  gtk_widget_grab_focus (widget);
  g_assert_true (app_test_wait_until (widget_focused, widget, WAIT_SECONDS));
  app_test_xdotool ("key Delete");
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

void
wait_n_placements (GListModel *placements,
                   guint       n)
{
  g_object_set_data (G_OBJECT (placements), "test-wanted", GUINT_TO_POINTER (n));
  g_assert_true (app_test_wait_until (model_has_n, placements, WAIT_SECONDS));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, n);
}

/* The palette shows the library's seals. */
GtkWidget *
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
void
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

void
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
    app_test_focus_window (GTK_WIDGET (window));
    watch_init (&watch, placement);
    app_test_pointer_drag (widget, a.x, a.y, b.x, b.y, FALSE);
  }
  wait_placement_changed (placement, &watch);
  assert_centred_at (placement, 1, 297, 742, 2.0);
  /* One undo puts it back on page 1. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_centred_at (placement, 0, 297, 100, 0.01);

  close_window (window);
}

void
add_placement_tests (void)
{
  g_test_add_func ("/app/placement/overlay", test_overlay_follows_pages);
  g_test_add_func ("/app/placement/edit", test_placement_edit);
  g_test_add_func ("/app/placement/across-pages", test_drag_across_pages);
}
