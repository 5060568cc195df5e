/* test-app-startup.c: a document opened while the workspace still opens
 *
 * As when Sealdesk starts with a file: the window opens before the
 * workspace (opened at startup in a worker thread) is there. test-app.c
 * runs these groups without first waiting for the workspace, and in
 * "startup-broken" with a data folder that cannot be opened.
 *
 *   /app/startup/verify-once         the signatures are verified once, with
 *                                    the workspace's trust list, not once
 *                                    without it and again once it is open
 *   /app/startup-broken/verify-once  the workspace cannot be opened: the
 *                                    signatures are verified all the same,
 *                                    once, without a trust list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "test-app.h"

static gboolean
workspace_settled_and_verified (gpointer data)
{
  SealdeskWindow *window = data;
  SealdeskVerifyTask *task = _sealdesk_window_verify_task (window);

  return !sealdesk_application_get_workspace_opening (app) && task != NULL &&
         sealdesk_verify_task_get_status (task) != SEALDESK_VERIFY_STATUS_RUNNING;
}

/* Opens a signed copy of the sample before the workspace is open, waits
 * for the workspace and the verification, and checks it ran once. */
static SealdeskVerifyTask *
open_while_workspace_opens (gboolean         broken,
                            SealdeskWindow **window_out)
{
  g_autofree char *path = sign_sample (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window;
  SealdeskVerifyTask *task;
  guint before;

  /* Nothing has run the main loop yet: the workspace's end of opening
   * waits there. */
  if (!sealdesk_application_get_workspace_opening (app))
    {
      g_test_skip ("the workspace is open already: run this group on its own");
      return NULL;
    }
  if (broken)
    g_test_expect_message ("Sealdesk", G_LOG_LEVEL_WARNING, "The workspace cannot be opened: *");
  before = sealdesk_verify_task_count_started ();
  window = open_window (file);
  task = _sealdesk_window_verify_task (window);
  g_assert_nonnull (task);
  g_assert_cmpstr (sealdesk_signatures_panel_get_visible_page (window->signatures_panel), ==,
                   "verifying");
  g_assert_true (app_test_wait_until (workspace_settled_and_verified, window, WAIT_SECONDS));
  g_test_assert_expected_messages ();
  /* Time for a second verification to start, if one would. */
  app_test_iterate (300);

  g_assert_cmpuint (sealdesk_verify_task_count_started () - before, ==, 1);
  task = _sealdesk_window_verify_task (window);
  g_assert_true (sealdesk_verify_task_get_started (task));
  g_assert_cmpint (sealdesk_verify_task_get_status (task), ==, SEALDESK_VERIFY_STATUS_DONE);
  g_assert_cmpint (sealdesk_verify_task_get_n_signatures (task), ==, 1);
  *window_out = window;
  return task;
}

static void
test_verify_once (void)
{
  SealdeskWindow *window = NULL;
  SealdeskVerifyTask *task = open_while_workspace_opens (FALSE, &window);

  if (task == NULL)
    return;
  g_assert_nonnull (sealdesk_application_get_workspace (app));
  g_assert_true (sealdesk_verify_task_get_workspace (task) == sealdesk_application_get_workspace (app));
  close_window (window);
}

static void
test_broken_verify_once (void)
{
  SealdeskWindow *window = NULL;
  SealdeskVerifyTask *task = open_while_workspace_opens (TRUE, &window);
  GList *windows;

  if (task == NULL)
    return;
  g_assert_null (sealdesk_application_get_workspace (app));
  g_assert_nonnull (sealdesk_application_get_workspace_error (app));
  g_assert_null (sealdesk_verify_task_get_workspace (task));
  /* The reason is said over the window ("Signing Is Not Available"). */
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        gtk_window_destroy (l->data);
        break;
      }
  close_window (window);
}

void
add_startup_tests (void)
{
  g_test_add_func ("/app/startup/verify-once", test_verify_once);
  g_test_add_func ("/app/startup-broken/verify-once", test_broken_verify_once);
}
