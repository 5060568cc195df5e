/* test-app-session.c: each open document is a session; placements are never lost silently
 *
 * /app/session/per-document  two windows, two sessions: each holds its
 *                            file, document, verification and placements
 *                            (undo and "modified" apart); opening the same
 *                            file again keeps its session; a password
 *                            stays with its session.
 * /app/session/unsaved       closing a window with seals placed asks
 *                            (Cancel keeps all, Sign… opens the Sign
 *                            dialog, Discard closes); app.quit asks too and
 *                            closes the windows with nothing to lose.
 * /app/session/view-state    page, zoom and rotation are the session's
 *                            (the window shows its model); another file
 *                            opened in the window starts at its first
 *                            page, unturned, at the window's zoom.
 * /app/session/sign-then-close Sign… in that question (the close button,
 *                            then app.quit): once the signed copy is
 *                            written the window closes, as asked; a Sign
 *                            dialog closed unsigned keeps the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sealdesk-sign-dialog.h"
#include "test-app.h"

/* A seal of the library (seals need a key; nothing is signed here). */
static char *
make_seal (const char *name)
{
  g_autofree char *key_uri = keys_test_token_key_uri ("rsa2048");

  g_assert_nonnull (key_uri);
  return make_round_seal (name, key_uri);
}

static SealdeskWindow *
open_document (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  return window;
}

static gboolean
verified (gpointer data)
{
  SealdeskSession *session = data;
  SealdeskVerifyTask *task = sealdesk_session_get_verification (session);

  return task != NULL && sealdesk_verify_task_get_status (task) != SEALDESK_VERIFY_STATUS_RUNNING;
}

static void
place_seal (SealdeskWindow *window,
            const char     *seal_id)
{
  GListModel *placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));
  guint before = g_list_model_get_n_items (placements);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.place-seal", "s", seal_id));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, before + 1);
}

static gboolean
password_asked (gpointer data)
{
  SealdeskWindow *window = data;

  return window->password_dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (window->password_dialog));
}

static void
test_per_document (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *seal_id = NULL;
  g_autofree char *a_path = copy_to_home (sample, "session-a.pdf");
  g_autofree char *b_path = copy_to_home (sample, "session-b.pdf");
  g_autofree char *locked_path = g_build_filename (g_getenv ("SD_TEST_FIXTURES"), "encrypted-aes256.pdf", NULL);
  g_autoptr(GFile) a_file = g_file_new_for_path (a_path);
  SealdeskWindow *a, *b, *locked;
  SealdeskSession *sa, *sb;
  gpointer weak_b;

  if (!keys_test_require_token ())
    return;
  seal_id = make_seal ("Session seal");
  a = open_document (a_path);
  b = open_document (b_path);
  sa = sealdesk_window_get_session (a);
  sb = sealdesk_window_get_session (b);
  weak_b = sb;

  /* Each window shows a session of its own, which holds the document. */
  g_assert_nonnull (sa);
  g_assert_nonnull (sb);
  g_assert_true (sa != sb);
  g_assert_true (g_file_equal (sealdesk_session_get_file (sa), a_file));
  g_assert_true (sealdesk_window_get_file (a) == sealdesk_session_get_file (sa));
  g_assert_true (sealdesk_session_get_document (sa) ==
                 sealdesk_document_model_get_document (sealdesk_window_get_model (a)));
  g_assert_true (sealdesk_session_get_document (sa) != sealdesk_session_get_document (sb));
  g_assert_false (sealdesk_session_get_protected (sa));
  /* The verification is the session's; the window's panel shows it. */
  g_assert_true (app_test_wait_until (verified, sa, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (verified, sb, WAIT_SECONDS));
  g_assert_true (_sealdesk_window_verify_task (a) == sealdesk_session_get_verification (sa));
  g_assert_true (sealdesk_session_get_verification (sa) != sealdesk_session_get_verification (sb));
  g_assert_true (g_file_equal (sealdesk_verify_task_get_file (sealdesk_session_get_verification (sa)), a_file));

  /* Placements, undo and "modified" are per document. */
  g_assert_false (sealdesk_session_get_modified (sa));
  place_seal (a, seal_id);
  place_seal (a, seal_id);
  g_assert_true (sealdesk_session_get_modified (sa));
  g_assert_true (sealdesk_session_can_undo (sa));
  g_assert_false (sealdesk_session_get_modified (sb));
  g_assert_false (sealdesk_session_can_undo (sb));
  g_assert_cmpuint (g_list_model_get_n_items (sealdesk_session_get_placements (sb)), ==, 0);
  place_seal (b, seal_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (b), "win.undo", NULL));
  g_assert_false (sealdesk_session_get_modified (sb));
  g_assert_cmpuint (g_list_model_get_n_items (sealdesk_session_get_placements (sa)), ==, 2);

  /* Opening the same file again keeps its session and placements. */
  sealdesk_window_open (a, a_file);
  g_assert_true (app_test_wait_until (window_not_loading, a, WAIT_SECONDS));
  g_assert_true (sealdesk_window_get_session (a) == sa);
  g_assert_cmpuint (g_list_model_get_n_items (sealdesk_session_get_placements (sa)), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a), "win.undo", NULL));
  g_assert_false (sealdesk_session_get_modified (sa));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a), "win.redo", NULL));
  g_assert_true (sealdesk_session_get_modified (sa));

  /* A document opened with a password: the session knows it (and keeps
   * the password for signing, which nothing blocks). */
  {
    g_autoptr(GFile) file = g_file_new_for_path (locked_path);

    locked = open_window (file);
    g_assert_true (app_test_wait_until (password_asked, locked, WAIT_SECONDS));
    sealdesk_password_dialog_set_password (locked->password_dialog, "user");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (locked->password_dialog), "unlock");
    g_assert_true (app_test_wait_until (window_not_loading, locked, WAIT_SECONDS));
    g_assert_cmpint (sealdesk_window_get_state (locked), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
    g_assert_true (sealdesk_session_get_protected (sealdesk_window_get_session (locked)));
    g_assert_cmpstr (sealdesk_session_get_password (sealdesk_window_get_session (locked)), ==, "user");
    g_assert_null (_sealdesk_window_sign_blocker (locked));
    g_assert_null (_sealdesk_window_sign_blocker (a));
  }

  /* A window that goes takes its session with it. */
  g_object_add_weak_pointer (G_OBJECT (sb), &weak_b);
  close_window (b);
  app_test_iterate (100);
  g_assert_null (weak_b);

  close_window (locked);
  /* Destroyed directly: no question (that is /app/session/unsaved). */
  close_window (a);
}

/* The view state (page, zoom, rotation) is the session's: the window
 * shows it, and another document opened in the window starts at its own
 * first page, unturned, at the zoom the window had. */
static void
test_view_state (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *a_path = copy_to_home (sample, "view-a.pdf");
  g_autofree char *b_path = copy_to_home (sample, "view-b.pdf");
  g_autoptr(GFile) b_file = g_file_new_for_path (b_path);
  g_autoptr(SealdeskSession) sa = NULL;
  SealdeskDocumentModel *ma, *mb;
  SealdeskWindow *window;

  window = open_document (a_path);
  sa = g_object_ref (sealdesk_window_get_session (window));
  ma = sealdesk_session_get_model (sa);
  g_assert_true (sealdesk_window_get_model (window) == ma);
  g_assert_true (sealdesk_page_view_get_model (window->page_view) == ma);
  g_assert_true (sealdesk_document_model_get_document (ma) == sealdesk_session_get_document (sa));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.set-zoom", "d", 1.5));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-right", NULL));
  sealdesk_document_model_set_page (ma, 1);
  g_assert_cmpint (sealdesk_document_model_get_page (ma), ==, 1);
  g_assert_cmpuint (sealdesk_document_model_get_rotation (ma), ==, 90);

  sealdesk_window_open (window, b_file);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_true (sealdesk_window_get_session (window) != sa);
  mb = sealdesk_window_get_model (window);
  g_assert_true (mb == sealdesk_session_get_model (sealdesk_window_get_session (window)));
  g_assert_true (mb != ma);
  g_assert_true (sealdesk_page_view_get_model (window->page_view) == mb);
  g_assert_cmpint (sealdesk_document_model_get_page (mb), ==, 0);
  g_assert_cmpuint (sealdesk_document_model_get_rotation (mb), ==, 0);
  g_assert_cmpint (sealdesk_document_model_get_sizing_mode (mb), ==, SEALDESK_SIZING_FREE);
  g_assert_cmpfloat_with_epsilon (sealdesk_document_model_get_scale (mb), 1.5, 1e-6);
  g_assert_cmpstr (gtk_menu_button_get_label (window->zoom_button), ==, "150%");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->page_entry)), ==, "1");
  /* The session left keeps what it showed, and no longer drives the window. */
  g_assert_cmpint (sealdesk_document_model_get_page (ma), ==, 1);
  g_assert_cmpuint (sealdesk_document_model_get_rotation (ma), ==, 90);
  sealdesk_document_model_set_page (ma, 0);
  sealdesk_document_model_set_scale (ma, 2.0);
  g_assert_cmpfloat_with_epsilon (sealdesk_document_model_get_scale (mb), 1.5, 1e-6);
  g_assert_cmpstr (gtk_menu_button_get_label (window->zoom_button), ==, "150%");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-width", NULL);
  close_window (window);
}

static GtkWidget *
close_dialog_of (SealdeskWindow *window)
{
  return window->close_dialog;
}

static gboolean
close_asked (gpointer data)
{
  GtkWidget *dialog = close_dialog_of (data);

  return dialog != NULL && gtk_widget_get_visible (dialog);
}

static gboolean
is_open (SealdeskWindow *window)
{
  return g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window) != NULL;
}

static gboolean
window_gone (gpointer data)
{
  return !is_open (data);
}

static void
test_unsaved (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *seal_id = NULL;
  g_autofree char *path = copy_to_home (sample, "unsaved.pdf");
  g_autofree char *other_path = copy_to_home (sample, "nothing-placed.pdf");
  SealdeskWindow *window, *other;
  GListModel *placements;

  if (!keys_test_require_token ())
    return;
  seal_id = make_seal ("Unsaved seal");
  window = open_document (path);
  placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));

  /* Nothing placed: closing just closes. */
  other = open_document (other_path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "win.close", NULL));
  g_assert_true (app_test_wait_until (window_gone, other, WAIT_SECONDS));

  place_seal (window, seal_id);

  /* Close asks; Cancel keeps the window and its placement. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close", NULL));
  g_assert_true (app_test_wait_until (close_asked, window, WAIT_SECONDS));
  g_assert_true (is_open (window));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (close_dialog_of (window)), "cancel");
  app_test_iterate (100);
  g_assert_true (is_open (window));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 1);
  g_assert_null (close_dialog_of (window));

  /* The window's close button (close-request) asks the same; Sign…
   * opens the Sign dialog, with the window still there. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (app_test_wait_until (close_asked, window, WAIT_SECONDS));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (close_dialog_of (window)), "sign");
  app_test_iterate (100);
  g_assert_true (is_open (window));
  g_assert_nonnull (window->sign_dialog);
  gtk_window_destroy (GTK_WINDOW (window->sign_dialog));
  app_test_iterate (50);
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 1);

  /* Quitting asks for this window, and closes the one with nothing to
   * lose; Discard then closes this one too. */
  other = open_document (other_path);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (app_test_wait_until (window_gone, other, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (close_asked, window, WAIT_SECONDS));
  g_assert_true (is_open (window));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (close_dialog_of (window)), "discard");
  g_assert_true (app_test_wait_until (window_gone, window, WAIT_SECONDS));
  app_test_iterate (50);
}

static gboolean
sign_dialog_open (gpointer data)
{
  SealdeskWindow *window = data;

  return window->sign_dialog != NULL && gtk_widget_get_visible (window->sign_dialog);
}

/* Answers the close question with a click on Sign…, then signs in the
 * Sign dialog with the token's key: NAME-signed.pdf beside the original. */
static char *
sign_from_close_question (SealdeskWindow *window,
                          const char     *key_uri)
{
  g_autoptr(GFile) output = NULL;
  GtkWidget *button;

  g_assert_true (app_test_wait_until (close_asked, window, WAIT_SECONDS));
  button = find_button (close_dialog_of (window), "_Sign…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (app_test_wait_until (sign_dialog_open, window, WAIT_SECONDS));
  g_assert_true (is_open (window));

  g_object_set (window->sign_dialog, "key-id", key_uri, NULL);
  button = find_button (window->sign_dialog, "_Sign…");
  g_assert_nonnull (button);
  g_assert_true (app_test_wait_until (widget_sensitive, button, WAIT_SECONDS));
  /* What "Sign…" does once the place to save is chosen (a native file
   * chooser cannot be driven). */
  output = sealdesk_sign_dialog_default_output (sealdesk_window_get_file (window));
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (window->sign_dialog), output);
  answer_token_pin ();
  return g_file_get_path (output);
}

static void
test_sign_then_close (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autofree char *path = copy_to_home (sample, "close-sign.pdf");
  g_autofree char *quit_path = copy_to_home (sample, "quit-sign.pdf");
  g_autofree char *out = NULL;
  g_autofree char *quit_out = NULL;
  SealdeskWindow *window;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  seal_id = make_seal ("Close-and-sign seal");
  window = open_document (path);
  place_seal (window, seal_id);

  /* Sign… and then the Sign dialog closed unsigned: the window stays. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (app_test_wait_until (close_asked, window, WAIT_SECONDS));
  g_signal_emit_by_name (find_button (close_dialog_of (window), "_Sign…"), "clicked");
  g_assert_true (app_test_wait_until (sign_dialog_open, window, WAIT_SECONDS));
  /* Once its keys are listed (the seal's own key is offered): a listing
   * cut short by closing is not what this tests. */
  g_assert_true (app_test_wait_until (widget_sensitive, find_button (window->sign_dialog, "_Sign…"),
                                      WAIT_SECONDS));
  g_signal_emit_by_name (find_button (window->sign_dialog, "_Cancel"), "clicked");
  app_test_iterate (200);
  g_assert_null (window->sign_dialog);
  g_assert_true (is_open (window));

  /* The close button asked to close: signed, the window goes. */
  gtk_window_close (GTK_WINDOW (window));
  out = sign_from_close_question (window, key_uri);
  g_assert_true (app_test_wait_until (window_gone, window, WAIT_SECONDS * 3));
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_pdfsig_valid (out, 1);

  /* Quitting asked: signed, its window goes too. */
  window = open_document (quit_path);
  place_seal (window, seal_id);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  quit_out = sign_from_close_question (window, key_uri);
  g_assert_true (app_test_wait_until (window_gone, window, WAIT_SECONDS * 3));
  g_assert_true (g_file_test (quit_out, G_FILE_TEST_EXISTS));
  assert_pdfsig_valid (quit_out, 1);
  app_test_iterate (50);
}

void
add_session_tests (void)
{
  g_test_add_func ("/app/session/per-document", test_per_document);
  g_test_add_func ("/app/session/unsaved", test_unsaved);
  g_test_add_func ("/app/session/view-state", test_view_state);
  g_test_add_func ("/app/session/sign-then-close", test_sign_then_close);
}
