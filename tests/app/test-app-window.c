/* test-app-window.c: windows: opening, errors, passwords, recent files, settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "sealdesk-recent.h"
#include "test-app.h"

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
  g_assert_null (sealdesk_document_model_get_document (sealdesk_window_get_model (window)));
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
  g_assert_null (sealdesk_document_model_get_document (sealdesk_window_get_model (window)));
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
  g_assert_cmpuint (sealdesk_document_model_get_n_pages (sealdesk_window_get_model (window)), ==, 16);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  close_window (window);
}

/* The first start opens the bundled sample; later ones do not. */
static void
test_first_run (void)
{
  GSettings *settings = sealdesk_application_get_settings (app);
  SealdeskWindow *window;

  close_all_windows ();
  g_settings_set_boolean (settings, "first-run", TRUE);
  g_application_activate (G_APPLICATION (app));

  window = find_window_for ("award.pdf");
  g_assert_nonnull (window);
  g_assert_false (g_settings_get_boolean (settings, "first-run"));
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  close_all_windows ();

  g_application_activate (G_APPLICATION (app));
  window = SEALDESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_null (sealdesk_window_get_file (window));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_START);
  close_all_windows ();
}

/* Files given to the running instance: an empty window is reused, a
 * document already open is brought forward instead of opened twice. */
static void
test_open_files (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *text_path = write_file ("memo.txt", "not a PDF\n");
  g_autoptr(GFile) text = g_file_new_for_path (text_path);
  GFile *files[] = { sample, text };
  SealdeskWindow *empty, *window;

  close_all_windows ();
  empty = open_window (NULL);
  gtk_window_present (GTK_WINDOW (empty));

  g_application_open (G_APPLICATION (app), files, G_N_ELEMENTS (files), "");
  window = find_window_for ("award.pdf");
  g_assert_true (window == empty);
  g_assert_nonnull (find_window_for ("memo.txt"));
  g_assert_true (find_window_for ("memo.txt") != empty);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  g_application_open (G_APPLICATION (app), files, 1, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (window_not_loading, find_window_for ("memo.txt"), WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (find_window_for ("memo.txt")), ==, SEALDESK_WINDOW_STATE_ERROR);
  close_all_windows ();
}

static gboolean
recent_has_sample (gpointer data)
{
  return gtk_recent_manager_has_item (gtk_recent_manager_get_default (), data);
}

/* Opened documents go to the recent list, the menu and the start page. */
static void
test_recent (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *uri = g_file_get_uri (sample);
  SealdeskWindow *window = open_sample ();
  SealdeskWindow *start;
  GMenuModel *menu = sealdesk_application_get_recent_menu (app);
  g_autoptr(GVariant) target = NULL;

  g_assert_true (app_test_wait_until (recent_has_sample, uri, WAIT_SECONDS));
  app_test_iterate (100);

  g_assert_cmpint (g_menu_model_get_n_items (menu), >=, 1);
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);
  /* The window's main menu holds them, as a section of its own. */
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (window->recent_menu)), ==, 1);
  {
    g_autoptr(GMenuModel) section =
      g_menu_model_get_item_link (G_MENU_MODEL (window->recent_menu), 0, G_MENU_LINK_SECTION);

    g_assert_true (section == menu);
  }

  /* A new window lists it and opens it from there. */
  start = open_window (NULL);
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (start->start_page)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (start), "win.open-recent", "s", uri));
  g_assert_true (app_test_wait_until (window_not_loading, start, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (start), ==, SEALDESK_WINDOW_STATE_DOCUMENT);

  close_window (start);
  close_window (window);
}

/* Whether a row titled @title is under @widget (a start page's list). */
static gboolean
has_row_titled (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_row_titled (child, title))
      return TRUE;
  return FALSE;
}

static void
count_change (guint *n_changes)
{
  (*n_changes)++;
}

static gboolean
changed_once (gpointer data)
{
  return *(guint *) data > 0;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static gboolean
menu_has_two (gpointer data)
{
  return g_menu_model_get_n_items (data) >= 2;
}

static void
count_menu_change (GMenuModel *model,
                   int         position,
                   int         removed,
                   int         added,
                   guint      *n_changes)
{
  (*n_changes)++;
}

/* A start page off screen does not read the recent files at each change
 * (a window showing another view, or a document), only once it is shown
 * again, and then lists what was added meanwhile. The recent documents'
 * menu changes only where it differs: one item more at the top and maybe
 * one less at the end, not every item removed and added again (each
 * change rebuilds the item in every window's menu). */
static void
test_recent_off_screen (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *path = g_build_filename (home_dir, "recent-off-screen.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GError) error = NULL;
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  SealdeskWindow *window = open_window (NULL);
  GtkWidget *start = GTK_WIDGET (window->start_page);
  GMenuModel *menu = sealdesk_application_get_recent_menu (app);
  g_autoptr(GVariant) target = NULL;
  guint n_changes = 0, n_menu_changes = 0;
  gulong handler, menu_handler;

  g_assert_true (g_file_copy (sample, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Two documents in the list before it. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("recent-before-%u.pdf", i);
      g_autofree char *other_path = g_build_filename (home_dir, name, NULL);
      g_autoptr(GFile) other = g_file_new_for_path (other_path);

      g_assert_true (g_file_copy (sample, other, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      sealdesk_recent_add_document (other);
    }
  g_assert_true (app_test_wait_until (menu_has_two, menu, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (widget_mapped, start, WAIT_SECONDS));
  g_assert_false (has_row_titled (start, "recent-off-screen.pdf"));

  /* Another view shown: the start page is off screen. */
  g_assert_true (adw_view_stack_page_get_visible (
    adw_view_stack_get_page (window->view_stack, adw_view_stack_get_child_by_name (window->view_stack, "ledger"))));
  adw_view_stack_set_visible_child_name (window->view_stack, "ledger");
  g_assert_true (app_test_wait_until (widget_unmapped, start, WAIT_SECONDS));

  handler = g_signal_connect_swapped (manager, "changed", G_CALLBACK (count_change), &n_changes);
  menu_handler = g_signal_connect (menu, "items-changed", G_CALLBACK (count_menu_change), &n_menu_changes);
  sealdesk_recent_add_document (file);
  g_assert_true (app_test_wait_until (changed_once, &n_changes, WAIT_SECONDS));
  g_signal_handler_disconnect (manager, handler);
  app_test_iterate (50);
  g_signal_handler_disconnect (menu, menu_handler);
  g_assert_false (has_row_titled (start, "recent-off-screen.pdf"));
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);
  g_assert_cmpuint (n_menu_changes, >=, 1);
  g_assert_cmpuint (n_menu_changes, <=, 2);

  /* Shown again: it lists the document. */
  adw_view_stack_set_visible_child_name (window->view_stack, "documents");
  g_assert_true (app_test_wait_until (widget_mapped, start, WAIT_SECONDS));
  g_assert_true (has_row_titled (start, "recent-off-screen.pdf"));

  close_window (window);
  gtk_recent_manager_remove_item (manager, uri, NULL);
  g_unlink (path);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("recent-before-%u.pdf", i);
      g_autofree char *other_path = g_build_filename (home_dir, name, NULL);
      g_autoptr(GFile) other = g_file_new_for_path (other_path);
      g_autofree char *other_uri = g_file_get_uri (other);

      gtk_recent_manager_remove_item (manager, other_uri, NULL);
      g_unlink (other_path);
    }
}

/* A widget that counts how often it is measured. */
typedef struct
{
  GtkWidget parent_instance;
  guint     n_measures;
} MeasureProbe;

typedef GtkWidgetClass MeasureProbeClass;

static GType measure_probe_get_type (void);
G_DEFINE_TYPE (MeasureProbe, measure_probe, GTK_TYPE_WIDGET)

static void
measure_probe_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  ((MeasureProbe *) widget)->n_measures++;
  *minimum = *natural = 10;
}

static void
measure_probe_class_init (MeasureProbeClass *klass)
{
  klass->measure = measure_probe_measure;
}

static void
measure_probe_init (MeasureProbe *self)
{
}

/* The window's views and the pages of its document area that are not
 * shown are not measured when the window is laid out again (a hidden
 * ledger view of hundreds of rows made each relayout while signing take
 * seconds). */
static void
test_hidden_views_not_measured (void)
{
  SealdeskWindow *window = open_sample ();
  MeasureProbe *view = g_object_new (measure_probe_get_type (), NULL);
  MeasureProbe *page = g_object_new (measure_probe_get_type (), NULL);

  adw_view_stack_add_named (window->view_stack, GTK_WIDGET (view), "probe");
  gtk_stack_add_named (window->stack, GTK_WIDGET (page), "probe");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "documents");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "document");
  for (guint i = 0; i < 3; i++)
    {
      gtk_widget_queue_resize (GTK_WIDGET (view));
      gtk_widget_queue_resize (GTK_WIDGET (page));
      app_test_iterate (50);
    }
  g_assert_cmpuint (view->n_measures, ==, 0);
  g_assert_cmpuint (page->n_measures, ==, 0);

  /* Shown, it is measured. */
  adw_view_stack_set_visible_child_name (window->view_stack, "probe");
  app_test_iterate (100);
  g_assert_cmpuint (view->n_measures, >, 0);

  adw_view_stack_set_visible_child_name (window->view_stack, "documents");
  adw_view_stack_remove (window->view_stack, GTK_WIDGET (view));
  gtk_stack_remove (window->stack, GTK_WIDGET (page));
  close_window (window);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

/* Dropping a file on a window opens it there. */
static void
test_drop (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  SealdeskWindow *window = open_window (NULL);
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  GValue value = G_VALUE_INIT;
  GSList *list = g_slist_prepend (NULL, sample);
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);

  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);

  g_assert_true (accepted);
  g_assert_true (sealdesk_window_get_file (window) != NULL);
  g_assert_true (g_file_equal (sealdesk_window_get_file (window), sample));
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);

  close_window (window);
}

/* Zoom and sidebar choices are remembered for the next window. */
static void
test_settings (void)
{
  GSettings *settings = sealdesk_application_get_settings (app);
  SealdeskWindow *window = open_sample ();
  SealdeskWindow *next;
  g_autofree char *mode = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL);
  mode = g_settings_get_string (settings, "zoom-mode");
  g_assert_cmpstr (mode, ==, "fit-page");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
  g_assert_false (g_settings_get_boolean (settings, "show-sidebar"));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  /* A new window shows its document as the settings say. */
  next = open_sample ();
  g_assert_cmpint (sealdesk_document_model_get_sizing_mode (sealdesk_window_get_model (next)), ==,
                   SEALDESK_SIZING_FIT_PAGE);
  g_assert_false (adw_flap_get_reveal_flap (next->flap));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-zoom", "d", 1.5);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.5, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-width", NULL);

  close_window (next);
  close_window (window);
}

/* About and Keyboard Shortcuts open windows (their UI files load). */
static void
test_about_and_shortcuts (void)
{
  SealdeskWindow *window = open_window (NULL);
  gboolean have_about = FALSE, have_shortcuts = FALSE;
  GList *windows;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  app_test_iterate (100);

  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (ADW_IS_ABOUT_WINDOW (l->data))
        {
          have_about = TRUE;
          g_assert_cmpstr (adw_about_window_get_version (l->data), ==, PACKAGE_VERSION);
          gtk_window_destroy (l->data);
        }
      else if (GTK_IS_SHORTCUTS_WINDOW (l->data))
        {
          have_shortcuts = TRUE;
          gtk_window_destroy (l->data);
        }
    }
  g_list_free (windows);

  g_assert_true (have_about);
  g_assert_true (have_shortcuts);

  close_window (window);
}

void
add_window_tests (void)
{
  g_test_add_func ("/app/error/not-pdf", test_not_pdf);
  g_test_add_func ("/app/error/damaged", test_damaged_pdf);
  g_test_add_func ("/app/error/missing", test_missing_file);
  g_test_add_func ("/app/encrypted", test_encrypted);
  g_test_add_func ("/app/window/first-run", test_first_run);
  g_test_add_func ("/app/window/open-files", test_open_files);
  g_test_add_func ("/app/window/recent", test_recent);
  g_test_add_func ("/app/window/recent-off-screen", test_recent_off_screen);
  g_test_add_func ("/app/window/hidden-views-not-measured", test_hidden_views_not_measured);
  g_test_add_func ("/app/window/drop", test_drop);
  g_test_add_func ("/app/window/settings", test_settings);
  g_test_add_func ("/app/window/about-and-shortcuts", test_about_and_shortcuts);
}
