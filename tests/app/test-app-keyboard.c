/* test-app-keyboard.c: placing seals with the keyboard alone
 *
 *   /app/keyboard/placing  real keys sent to the X server: Tab goes from
 *                          the page to each seal placed on it and to the
 *                          empty signature field, in reading order, and
 *                          Shift+Tab back; arrows move the focused seal,
 *                          Shift+arrows resize it, Delete removes it and
 *                          Ctrl+Z brings it back; Return on the empty
 *                          field fills it with the seal chosen in the
 *                          palette, and Ctrl+Z empties it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "sealdesk-field-outline.h"
#include "sealdesk-placement-widget.h"
#include "test-app-placement.h"
#include "test-app.h"

static GtkWidget *
focused (SealdeskWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

typedef struct
{
  SealdeskWindow *window;
  GtkWidget      *widget;
} Focus;

static gboolean
has_focus (gpointer data)
{
  Focus *focus = data;

  return focused (focus->window) == focus->widget;
}

/* Sends @key and waits until @widget has the focus. */
static void
key_to (SealdeskWindow *window,
        const char     *key,
        GtkWidget      *widget)
{
  Focus focus = { window, widget };

  app_test_xdotool ("key %s", key);
  if (!app_test_wait_until (has_focus, &focus, 5))
    g_error ("after %s the focus is on %s, not on %s", key,
             focused (window) ? G_OBJECT_TYPE_NAME (focused (window)) : "nothing",
             G_OBJECT_TYPE_NAME (widget));
}

static void
test_keyboard_placing (void)
{
  g_autofree char *doc = make_field_document ("witness.pdf", 1, "Witness", "Statement");
  g_autoptr(GFile) file = g_file_new_for_path (doc);
  g_autofree char *seal_id = make_round_seal ("Keyboard seal", "p12:/nonexistent/keyboard.p12");
  g_autoptr(SealdeskPlacement) top = NULL;
  g_autoptr(SealdeskPlacement) middle = NULL;
  g_autoptr(SealdeskPlacement) filled = NULL;
  SealdeskWindow *window = open_window (file);
  GtkWidget *top_widget, *middle_widget, *outline, *view, *row;
  GListModel *placements;
  double x, y, width, height;
  Watch watch;

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (field_outline_shown, window, WAIT_SECONDS));
  outline = g_ptr_array_index (window->field_outlines, 0);
  view = GTK_WIDGET (window->page_view);
  placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));

  /* Two seals, near the top and in the middle of the page (the field is
   * below both). */
  middle = _sealdesk_window_place_seal (window, seal_id, 0, 300, 450, NULL);
  top = _sealdesk_window_place_seal (window, seal_id, 0, 150, 700, NULL);
  g_assert_nonnull (middle);
  g_assert_nonnull (top);
  app_test_iterate (100);
  top_widget = sealdesk_placement_layer_get_widget (window->placement_layer, top);
  middle_widget = sealdesk_placement_layer_get_widget (window->placement_layer, middle);

  /* From the page, Tab visits them in reading order, then the field. */
  app_test_focus_window (GTK_WIDGET (window));
  gtk_widget_grab_focus (view);
  g_assert_true (focused (window) == view);
  key_to (window, "Tab", top_widget);
  g_assert_true (sealdesk_placement_layer_get_selected (window->placement_layer) == top);
  key_to (window, "Tab", middle_widget);
  g_assert_true (sealdesk_placement_layer_get_selected (window->placement_layer) == middle);
  key_to (window, "Tab", outline);
  key_to (window, "shift+Tab", middle_widget);

  /* The focused seal moves, grows and shrinks by the keys. */
  watch_init (&watch, middle);
  app_test_xdotool ("key Left");
  g_assert_true (app_test_wait_until (placement_changed, &watch, WAIT_SECONDS));
  sealdesk_placement_get_rect (middle, &x, &y, &width, &height);
  g_assert_cmpfloat_with_epsilon (x, watch.rect.x - 1, 0.01);
  g_assert_cmpfloat_with_epsilon (y, watch.rect.y, 0.01);
  watch_init (&watch, middle);
  app_test_xdotool ("key ctrl+Down");
  g_assert_true (app_test_wait_until (placement_changed, &watch, WAIT_SECONDS));
  sealdesk_placement_get_rect (middle, &x, &y, &width, &height);
  g_assert_cmpfloat_with_epsilon (y, watch.rect.y - 10, 0.01);
  watch_init (&watch, middle);
  app_test_xdotool ("key shift+Up");
  g_assert_true (app_test_wait_until (placement_changed, &watch, WAIT_SECONDS));
  sealdesk_placement_get_rect (middle, &x, &y, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, watch.rect.width + 1, 0.01);
  g_assert_cmpfloat_with_epsilon (height, watch.rect.height + 1, 0.01);
  watch_init (&watch, middle);
  app_test_xdotool ("key shift+Left shift+Left");
  g_assert_true (app_test_wait_until (placement_changed, &watch, WAIT_SECONDS));
  app_test_iterate (50);
  sealdesk_placement_get_rect (middle, &x, &y, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, watch.rect.width - 2, 0.01);
  /* Still focused after each change, so the keys go on working. */
  g_assert_true (focused (window) == middle_widget);

  /* Delete removes it, the focus stays on the page; Ctrl+Z restores it
   * where it was. */
  watch_init (&watch, middle);
  app_test_xdotool ("key Delete");
  wait_n_placements (placements, 1);
  g_assert_true (focused (window) == view);
  app_test_xdotool ("key ctrl+z");
  wait_n_placements (placements, 2);
  g_assert_false (placement_changed (&watch));
  middle_widget = sealdesk_placement_layer_get_widget (window->placement_layer, middle);
  g_assert_nonnull (middle_widget);

  /* Choose the seal in the palette, then Tab to the field from there
   * and fill it with Return. */
  g_object_set (window, "show-sidebar", TRUE, NULL);
  gtk_stack_set_visible_child_name (window->sidebar_stack, "seals");
  sealdesk_seal_palette_reload (window->seal_palette);
  app_test_iterate (100);
  row = sealdesk_seal_palette_get_row (window->seal_palette, seal_id);
  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  app_test_iterate (100);
  app_test_click (row);
  g_assert_cmpstr (sealdesk_seal_palette_get_selected (window->seal_palette), ==, seal_id);
  for (guint i = 0; i < 40 && focused (window) != outline; i++)
    app_test_xdotool ("key Tab");
  g_assert_true (focused (window) == outline);
  app_test_xdotool ("key Return");
  wait_n_placements (placements, 3);
  filled = g_list_model_get_item (placements, 2);
  g_assert_cmpstr (sealdesk_placement_get_field (filled), ==, "Witness");
  sealdesk_placement_get_rect (filled, &x, &y, &width, &height);
  g_assert_cmpfloat_with_epsilon (x, 350, 0.01);
  g_assert_cmpfloat_with_epsilon (width, 150, 0.01);
  g_assert_false (gtk_widget_get_visible (outline));
  g_assert_true (focused (window) == sealdesk_placement_layer_get_widget (window->placement_layer, filled));
  app_test_xdotool ("key ctrl+z");
  wait_n_placements (placements, 2);
  g_assert_true (gtk_widget_get_visible (outline));

  close_window (window);
}

void
add_keyboard_tests (void)
{
  g_test_add_func ("/app/keyboard/placing", test_keyboard_placing);
}
