/* test-app-views.c: the views of a window and the sidebar that lists them
 *
 *   /app/views/navigate  the sidebar lists Documents, Requests, Seals and
 *                        Ledger once the workspace is open; Alt+1 … Alt+4
 *                        typed on the X server and a click on a row bring
 *                        each view to the front (the document's header
 *                        and Sign button go with the document); the
 *                        Requests view of the window is the one
 *                        win.show-requests shows; no other window opens
 *   /app/views/keyboard  a view shown by Alt+2 … Alt+4 takes the keyboard:
 *                        Tab, typed on the X server, then moves from one
 *                        of its controls to the next, within the view
 *   /app/views/narrow    at 800×600 the sidebar, the Sign button and a
 *                        readable page fit, and so does every view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-seals-view.h"
#include "test-app.h"

static const char *const views[] = { "documents", "requests", "seals", "ledger" };

static gboolean
views_listed (gpointer data)
{
  SealdeskWindow *window = data;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkListBoxRow *row = sealdesk_view_sidebar_get_row (window->view_sidebar, views[i]);

      if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  SealdeskWindow *window;
  const char     *name;
} Shown;

static gboolean
view_shown (gpointer data)
{
  Shown *shown = data;

  return g_strcmp0 (adw_view_stack_get_visible_child_name (shown->window->view_stack),
                    shown->name) == 0;
}

static void
assert_shown (SealdeskWindow *window, const char *name)
{
  Shown          shown = { window, name };
  GtkListBoxRow *row = sealdesk_view_sidebar_get_row (window->view_sidebar, name);

  g_assert_true (app_test_wait_until (view_shown, &shown, WAIT_SECONDS));
  /* The sidebar says where one is. */
  g_assert_true (gtk_list_box_row_is_selected (row));
  /* The document's controls are the document's only. */
  app_test_iterate (50);
  g_assert_true (gtk_widget_get_mapped (window->sign_button) == g_str_equal (name, "documents"));
}

static void
test_navigate (void)
{
  SealdeskWindow  *window;
  guint            n_windows;

  if (!app_test_can_send_input ())
    return;
  window = open_sample ();
  g_assert_true (app_test_wait_until (views_listed, window, WAIT_SECONDS));
  assert_shown (window, "documents");
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Each view's accelerator, as the shortcuts window lists it. */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *action = g_strdup_printf ("win.show-view::%s", views[i]);
      g_autofree char *expected = g_strdup_printf ("<Alt>%u", i + 1);
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

      g_assert_nonnull (accels[0]);
      g_assert_cmpstr (accels[0], ==, expected);
    }

  /* The keyboard, through the X server. */
  app_test_focus_window (GTK_WIDGET (window));
  app_test_xdotool ("key alt+2");
  assert_shown (window, "requests");
  app_test_xdotool ("key alt+3");
  assert_shown (window, "seals");
  app_test_xdotool ("key alt+4");
  assert_shown (window, "ledger");
  app_test_xdotool ("key alt+1");
  assert_shown (window, "documents");
  /* Back on the document, the keyboard is on the pages again. */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->page_view)));

  /* The pointer, on the sidebar's rows. */
  app_test_click (GTK_WIDGET (sealdesk_view_sidebar_get_row (window->view_sidebar, "seals")));
  assert_shown (window, "seals");
  app_test_click (GTK_WIDGET (sealdesk_view_sidebar_get_row (window->view_sidebar, "documents")));
  assert_shown (window, "documents");

  /* The menu's actions show the window's own views: no window more. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-requests", NULL));
  assert_shown (window, "requests");
  g_assert_true (gtk_widget_get_ancestor (window->requests_view, SEALDESK_TYPE_WINDOW) ==
                 GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-ledger", NULL));
  assert_shown (window, "ledger");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==,
                    n_windows);

  close_all_windows ();
}

static gboolean
focus_within (SealdeskWindow *window, GtkWidget *view)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == view || gtk_widget_is_ancestor (focus, view));
}

static void
test_keyboard (void)
{
  SealdeskWindow  *window;
  const struct {
    const char *key;
    const char *name;
  } shown[] = { { "key alt+2", "requests" }, { "key alt+3", "seals" }, { "key alt+4", "ledger" } };

  if (!app_test_can_send_input ())
    return;
  window = open_sample ();
  g_assert_true (app_test_wait_until (views_listed, window, WAIT_SECONDS));
  app_test_focus_window (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      GtkWidget *view = g_str_equal (shown[i].name, "requests") ? window->requests_view
                        : g_str_equal (shown[i].name, "seals")  ? window->seals_view
                                                                : window->ledger_view;
      GtkWidget *first;
      g_autofree char *focused = NULL;

      app_test_xdotool ("key alt+1");
      assert_shown (window, "documents");
      g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->page_view)));

      app_test_xdotool ("%s", shown[i].key);
      assert_shown (window, shown[i].name);
      g_assert_nonnull (view);
      focused = g_strdup (G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (window))));
      g_test_message ("%s: the focus is on a %s", shown[i].name, focused);
      g_assert_true (focus_within (window, view));
      first = gtk_root_get_focus (GTK_ROOT (window));
      app_test_xdotool ("key Tab");
      g_assert_true (focus_within (window, view));
      g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) != first);
    }
  close_all_windows ();
}

static void
test_narrow (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  SealdeskWindow   *window = sealdesk_window_new (app);
  int               min_width = 0, min_height = 0;
  graphene_rect_t   pages;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  sealdesk_window_open (window, sample);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (views_listed, window, WAIT_SECONDS));
  app_test_iterate (300);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 800, &min_height, NULL, NULL,
                      NULL);
  g_test_message ("smallest window: %d×%d", min_width, min_height);

  g_assert_cmpint (min_width, <=, 800);
  g_assert_cmpint (min_height, <=, 600);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 800);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 600);

  /* The sidebar (its icons alone), the Sign button and pages wide
   * enough to read. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->view_sidebar)));
  g_assert_true (sealdesk_view_sidebar_get_compact (window->view_sidebar));
  g_assert_true (gtk_widget_get_mapped (window->sign_button));
  g_assert_true (
    gtk_widget_compute_bounds (GTK_WIDGET (window->scrolled_window), GTK_WIDGET (window), &pages));
  g_test_message ("pages: %.0f px wide", pages.size.width);
  g_assert_cmpfloat (pages.size.width, >=, 500);
  g_assert_cmpfloat (pages.origin.x + pages.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (window)) + 0.5);
  /* Each view fits too. */
  for (guint i = 1; i < G_N_ELEMENTS (views); i++)
    {
      g_assert_true (_sealdesk_window_show_view (window, views[i]));
      app_test_iterate (100);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                          NULL, NULL);
      g_test_message ("%s: at least %d px wide", views[i], min_width);
      g_assert_cmpint (min_width, <=, 800);
    }
  close_all_windows ();
}

void
add_views_tests (void)
{
  g_test_add_func ("/app/views/navigate", test_navigate);
  g_test_add_func ("/app/views/keyboard", test_keyboard);
  g_test_add_func ("/app/views/narrow", test_narrow);
}
