/* test-app-sign.c: "Sign…" and Preferences reached from a window
 *
 * The signing itself (a key in a keyring, pdfsig checking the result) is
 * tested in tests/keys/test-keys-widgets.c, which has a keyring of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "sealdesk-preferences-window.h"
#include "sealdesk-key-chooser.h"
#include "sealdesk-sign-dialog.h"
#include "test-app.h"

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The header bar's "Sign" button follows the action's state. */
static gboolean
can_sign (SealdeskWindow *window)
{
  GtkWidget *button = find_actionable (GTK_WIDGET (window), "win.sign");

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  return gtk_widget_get_sensitive (button);
}

/* Key listings run in worker threads (keyring over D-Bus, token modules):
 * a test waits for them before closing, so that none is still running
 * when the program exits. */
static gboolean
key_choosers_idle (gpointer data)
{
  GtkWidget *widget = data;

  if (SEALDESK_IS_KEY_CHOOSER (widget)
      && sealdesk_key_chooser_is_listing (SEALDESK_KEY_CHOOSER (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!key_choosers_idle (child))
      return FALSE;
  return TRUE;
}

static void
test_sign_action (void)
{
  SealdeskWindow *window = open_window (NULL);
  GtkWidget *dialog;

  /* Nothing to sign on the start page. */
  g_assert_false (can_sign (window));
  /* Activated anyway (GTK returns TRUE for a disabled action too): no dialog. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL);
  g_assert_null (window->sign_dialog);
  close_window (window);

  window = open_sample ();
  g_assert_true (can_sign (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL));
  dialog = window->sign_dialog;
  g_assert_true (SEALDESK_IS_SIGN_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* Asked again: the same dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL));
  g_assert_true (window->sign_dialog == dialog);
  /* Nothing signed yet: Cancel closes it. */
  g_assert_false (sealdesk_sign_dialog_get_busy (SEALDESK_SIGN_DIALOG (dialog)));
  g_assert_true (app_test_wait_until (key_choosers_idle, dialog, WAIT_SECONDS));
  gtk_widget_activate_action (dialog, "sign.cancel", NULL);
  app_test_iterate (50);
  g_assert_null (window->sign_dialog);
  close_window (window);
}

static gboolean
password_asked (gpointer data)
{
  return ((SealdeskWindow *) data)->password_dialog != NULL;
}

/* A document opened with its password cannot be signed (yet). */
static void
test_sign_encrypted (void)
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
  g_assert_true (app_test_wait_until (password_asked, window, WAIT_SECONDS));
  g_assert_false (can_sign (window));
  sealdesk_password_dialog_set_password (window->password_dialog, "u");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->password_dialog), "unlock");
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_false (can_sign (window));
  close_window (window);
}

static gboolean
has_page (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_PAGE (root) &&
      g_strcmp0 (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (root)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_page (child, title))
      return TRUE;
  return FALSE;
}

static void
test_preferences (void)
{
  SealdeskWindow *window = open_window (NULL);
  GtkWidget *preferences = NULL;
  GList *windows;
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                               "app.preferences");

  g_assert_cmpstr (accels[0], ==, "<Control>comma");
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  app_test_iterate (100);

  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    if (SEALDESK_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      preferences = l->data;
  g_list_free (windows);

  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  g_assert_true (has_page (preferences, "Keys"));
  g_assert_true (has_page (preferences, "Tokens"));
  g_assert_true (app_test_wait_until (key_choosers_idle, preferences, WAIT_SECONDS));
  gtk_window_destroy (GTK_WINDOW (preferences));
  close_window (window);
}

void
add_sign_tests (void)
{
  g_test_add_func ("/app/sign/action", test_sign_action);
  g_test_add_func ("/app/sign/encrypted", test_sign_encrypted);
  g_test_add_func ("/app/preferences", test_preferences);
}
