/* test-app-sign.c: "Sign…" and Preferences reached from a window
 *
 * The signing itself (a key in a keyring, pdfsig checking the result) is
 * tested in tests/keys/test-keys-widgets.c, which has a keyring of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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
  /* Keys come from the application's workspace. */
  {
    g_autoptr(SdWorkspace) workspace = NULL;

    g_object_get (dialog, "workspace", &workspace, NULL);
    g_assert_true (workspace == sealdesk_application_get_workspace (app));
  }
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

/* A document opened with its password can be signed once it is open
 * (the signing itself: /app/fixes/sign-encrypted). */
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
  g_assert_true (_sealdesk_window_can_sign (window));
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
  {
    g_autoptr(SdWorkspace) workspace = NULL;

    g_object_get (preferences, "workspace", &workspace, NULL);
    g_assert_true (workspace == sealdesk_application_get_workspace (app));
  }
  g_assert_true (has_page (preferences, "Keys"));
  g_assert_true (has_page (preferences, "Tokens"));
  g_assert_true (app_test_wait_until (key_choosers_idle, preferences, WAIT_SECONDS));
  gtk_window_destroy (GTK_WINDOW (preferences));
  close_window (window);
}

static gboolean
workspace_failed (gpointer data)
{
  return sealdesk_application_get_workspace_error (data) != NULL;
}

static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  AdwMessageDialog *found = NULL;
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == parent)
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog (data) != NULL;
}

static gboolean
message_dialog_gone (gpointer data)
{
  return find_message_dialog (data) == NULL;
}

/* A data folder that cannot be used: documents still open, signing and
 * the preferences are off, and a dialog says why. */
static void
test_no_workspace (void)
{
  g_autofree char *blocker = write_file ("not-a-folder", "a file, not a folder\n");
  g_autofree char *unusable = g_build_filename (blocker, "sealdesk", NULL);
  g_autofree char *saved_home = g_strdup (g_getenv ("SEALDESK_HOME"));
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autoptr(SealdeskApplication) broken = sealdesk_application_new ();
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  SealdeskWindow *window;

  g_setenv ("SEALDESK_HOME", unusable, TRUE);
  /* Another ID: the tests' application holds the bus paths of Sealdesk's. */
  g_application_set_application_id (G_APPLICATION (broken), "io.github.sealdesk.SealdeskTest");
  g_application_set_flags (G_APPLICATION (broken),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_test_expect_message ("Sealdesk", G_LOG_LEVEL_WARNING, "The workspace cannot be opened: *");
  g_application_register (G_APPLICATION (broken), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (app_test_wait_until (workspace_failed, broken, WAIT_SECONDS));
  g_test_assert_expected_messages ();
  g_setenv ("SEALDESK_HOME", saved_home, TRUE);
  g_assert_null (sealdesk_application_get_workspace (broken));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (broken), "preferences"));

  window = SEALDESK_WINDOW (sealdesk_application_open_file (broken, sample, NULL));
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_false (can_sign (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL);
  g_assert_null (window->sign_dialog);

  g_assert_true (app_test_wait_until (message_dialog_shown, window, WAIT_SECONDS));
  dialog = find_message_dialog (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Signing Is Not Available");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "data folder"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), unusable));
  /* Said once: closing it is the "close" response. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (app_test_wait_until (message_dialog_gone, window, WAIT_SECONDS));
  window = SEALDESK_WINDOW (sealdesk_application_open_file (broken, sample, NULL));
  app_test_iterate (100);
  g_assert_null (find_message_dialog (GTK_WINDOW (window)));

  close_window (window);
}

void
add_sign_tests (void)
{
  g_test_add_func ("/app/sign/action", test_sign_action);
  g_test_add_func ("/app/sign/encrypted", test_sign_encrypted);
  g_test_add_func ("/app/preferences", test_preferences);
  g_test_add_func ("/app/sign/no-workspace", test_no_workspace);
}
