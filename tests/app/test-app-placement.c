/* test-app-placement.c: seals placed on pages (overlay, placements, signing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
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
  sealdesk_document_model_set_page (window->model, 1);
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

void
add_placement_tests (void)
{
  g_test_add_func ("/app/placement/overlay", test_overlay_follows_pages);
}
