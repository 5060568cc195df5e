/* test-app-requests.c: stamp requests and the ledger, through the GUI
 *
 *   /app/requests/approve   two profiles in the application's workspace
 *                           (made with the core API: a requester and seal
 *                           keeper, an approver; keys of the test PKI): the
 *                           requester makes a request with the Requests
 *                           view's New Stamp Request… button (PIN dialog
 *                           answered), the
 *                           profile chooser switches to the approver, whose
 *                           queue counts it, the review draws the placement
 *                           on the page, refuses Reject without a comment
 *                           and Decline without an opinion (nothing asked or
 *                           recorded), then Approve (PIN dialog);
 *                           the ledger view lists the request's creation and
 *                           the decision by the seal's and the people's
 *                           names (also found by them), the requester
 *                           named the same in the queue's row, the review
 *                           and the ledger (and the approver in the review
 *                           and the ledger), "Verify Ledger"
 *                           says intact, and the export is written with
 *                           its signature.
 *   /app/requests/from-placements  a seal placed on page 2 goes into the
 *                           request made with the button, where it is.
 *
 * With $SEALDESK_SCREENSHOT_DIR set, the review and the ledger view are
 * saved there as requests-review.png and ledger.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "app-test-util.h"
#include "sd-profile.h"
#include "sd-request.h"
#include "sd-seal-library.h"
#include "sd-test-util.h"
#include "sealdesk-ledger-view.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-profile-chooser.h"
#include "sealdesk-request-dialog.h"
#include "sealdesk-request-preview.h"
#include "sealdesk-request-review.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-window-private.h"
#include "test-app.h"

/* Finding widgets */

GtkWidget *
find_request_row (GtkWidget *root, const char *request_id)
{
  const char *id = GTK_IS_LIST_BOX_ROW (root) ? g_object_get_data (G_OBJECT (root), "request-id") : NULL;

  /* Rows shown only. */
  if (id != NULL && (request_id == NULL || g_str_equal (id, request_id)) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_request_row (child, request_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The view that win.show-requests or win.show-ledger brought to the front. */
static GtkWidget *
find_view (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      GtkWidget *view = find_type (l->data, type);

      if (view != NULL)
        return view;
    }
  return NULL;
}

static gboolean
pin_dialog_shown (gpointer data)
{
  return app_test_find_toplevel (SEALDESK_TYPE_PIN_DIALOG) != NULL;
}

static gboolean
pin_dialog_gone (gpointer data)
{
  return app_test_find_toplevel (SEALDESK_TYPE_PIN_DIALOG) == NULL;
}

void
answer_pin_dialog (void)
{
  GtkWidget *dialog, *entry;

  g_assert_true (app_test_wait_until (pin_dialog_shown, NULL, WAIT_SECONDS));
  dialog = app_test_find_toplevel (SEALDESK_TYPE_PIN_DIALOG);
  entry = find_type (dialog, GTK_TYPE_PASSWORD_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), SD_TEST_PKI_PASSWORD);
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (app_test_wait_until (pin_dialog_gone, NULL, WAIT_SECONDS));
}

/* The close buttons of the toasts under @root. */
static void
find_toast_closers (GtkWidget *root, GPtrArray *closers)
{
  GType toast_type = g_type_from_name ("AdwToastWidget");

  if (GTK_IS_BUTTON (root) && toast_type != 0 && gtk_widget_get_ancestor (root, toast_type) != NULL &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "window-close-symbolic") == 0)
    g_ptr_array_add (closers, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_toast_closers (child, closers);
}

static gboolean
no_toast (gpointer data)
{
  g_autoptr(GPtrArray) closers = g_ptr_array_new ();

  find_toast_closers (data, closers);
  return closers->len == 0;
}

/* With $SEALDESK_SCREENSHOT_DIR set, a picture of @window as @name, for
 * the AppStream screenshots: without the toasts of what the test did
 * before (they would hide the view), dismissed as their close button
 * does. */
static void
save_screenshot (GtkWidget *window, const char *name)
{
  g_autoptr(GPtrArray) closers = g_ptr_array_new ();

  if (g_getenv ("SEALDESK_SCREENSHOT_DIR") == NULL)
    return;
  find_toast_closers (window, closers);
  for (guint i = 0; i < closers->len; i++)
    g_signal_emit_by_name (g_ptr_array_index (closers, i), "clicked");
  g_assert_true (app_test_wait_until (no_toast, window, WAIT_SECONDS));
  app_test_iterate (100);
  app_test_save_screenshot (window, name);
}

/* The workspace's people */

static void
make_people (SdWorkspace *workspace)
{
  g_autofree char *lawyer_key = pki_key ("rsa2048.p12");
  g_autofree char *seal_id = NULL;
  g_autoptr(GError) error = NULL;

  add_pki_profile (workspace, "lawyer", SD_ROLE_REQUESTER | SD_ROLE_SEAL_KEEPER, "rsa2048.p12");
  add_pki_profile (workspace, "partner", SD_ROLE_APPROVER, "ec-p256.p12");
  seal_id = add_name_seal (workspace, "Lawyer's name seal", "张三", lawyer_key, "lawyer");
  g_assert_true (sd_seal_library_grant (workspace, seal_id, "lawyer", SD_SEAL_MAY_REQUEST | SD_SEAL_MAY_USE,
                                        "lawyer", &error));
  g_assert_true (sd_seal_library_grant (workspace, seal_id, "partner", SD_SEAL_MAY_APPROVE, "lawyer", &error));
  g_assert_no_error (error);
}

/* The person a row's subtitle names first: "Li Lei (lawyer) · …". */
static char *
row_person (GtkWidget *row)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  const char *dot = strstr (subtitle, " · ");

  g_assert_nonnull (dot);
  return g_strndup (subtitle, dot - subtitle);
}

/* The person of the ledger row (of those shown) of the entry of @kind. */
static char *
ledger_person (SealdeskLedgerView *ledger, const char *kind)
{
  GtkWidget *list = app_test_find_by_id (GTK_WIDGET (ledger), "list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      JsonObject *entry = g_object_get_data (G_OBJECT (row), "entry");

      if (ADW_IS_ACTION_ROW (row) && gtk_widget_get_child_visible (row) && entry != NULL &&
          g_strcmp0 (json_object_get_string_member (entry, "kind"), kind) == 0)
        return row_person (row);
    }
  g_error ("The ledger shows no %s entry", kind);
}

/* The title and subtitle of each ledger row, a line each. */
static char *
ledger_rows_text (SealdeskLedgerView *ledger)
{
  GtkWidget *list = app_test_find_by_id (GTK_WIDGET (ledger), "list");
  GString *text = g_string_new (NULL);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_string_append_printf (text, "%s | %s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  return g_string_free (text, FALSE);
}

/* Conditions */

gboolean
requests_loaded (gpointer data)
{
  return !sealdesk_requests_view_is_loading (data);
}

static gboolean
dialog_gone (gpointer data)
{
  return app_test_find_toplevel (SEALDESK_TYPE_REQUEST_DIALOG) == NULL;
}

static gboolean
request_dialog_shown (gpointer data)
{
  return app_test_find_toplevel (SEALDESK_TYPE_REQUEST_DIALOG) != NULL;
}

gboolean
review_idle (gpointer data)
{
  return !sealdesk_request_review_get_busy (data);
}

gboolean
review_says_why (gpointer data)
{
  return sealdesk_request_review_get_error (data) != NULL;
}

static gboolean
review_asks_opinion (gpointer data)
{
  const char *error = sealdesk_request_review_get_error (data);

  return error != NULL && strstr (error, "opinion") != NULL;
}

static gboolean
preview_ready (gpointer data)
{
  return sealdesk_request_preview_is_ready (data);
}

void
choose_profile (SealdeskRequestsView *view, const char *name)
{
  GtkWidget *chooser = find_type (GTK_WIDGET (view), SEALDESK_TYPE_PROFILE_CHOOSER);
  GtkDropDown *drop = GTK_DROP_DOWN (app_test_find_by_id (chooser, "drop_down"));
  GListModel *names = gtk_drop_down_get_model (drop);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
      gtk_drop_down_set_selected (drop, i);
  g_assert_cmpstr (sealdesk_requests_view_get_profile (view), ==, name);
}

/* The test */

static void
test_approve (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  g_autofree char *sample_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *doc_path = g_build_filename (home_dir, "lease.pdf", NULL);
  g_autofree char *export_path = g_build_filename (home_dir, "ledger-export.json", NULL);
  g_autofree char *sig_path = g_strconcat (export_path, ".sig.json", NULL);
  g_autofree char *request_id = NULL;
  g_autofree char *requester = NULL;
  g_autofree char *ledger_requester = NULL;
  g_autofree char *ledger_approver = NULL;
  g_autofree char *requested_by = NULL;
  g_autofree char *approved = NULL;
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autoptr(GFile) doc = NULL;
  g_autoptr(GFile) export_file = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) kinds = NULL;
  SealdeskRequestsView *requests;
  SealdeskRequestReview *review;
  SealdeskRequestPreview *preview;
  SealdeskLedgerView *ledger;
  SealdeskWindow *window;
  GtkWidget *dialog, *row, *steps, *button;
  LedgerCount count;
  gsize length;

  g_assert_nonnull (workspace);
  make_people (workspace);
  sample_path = g_file_get_path (sample);
  g_file_get_contents (sample_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (doc_path, contents, (gssize) length, &error);
  g_assert_no_error (error);
  doc = g_file_new_for_path (doc_path);
  window = open_window (doc);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);

  /* The requester: the Requests view, acting as lawyer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-requests", NULL));
  requests = SEALDESK_REQUESTS_VIEW (find_view (SEALDESK_TYPE_REQUESTS_VIEW));
  g_assert_nonnull (requests);
  choose_profile (requests, "lawyer");
  g_assert_true (app_test_wait_until (requests_loaded, requests, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (requests), ==, 0);

  /* A new request for the document, from the Requests view's button. */
  button = app_test_find_by_id (GTK_WIDGET (requests), "new_request_button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button) && gtk_widget_get_mapped (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.new-request");
  gtk_widget_activate (button);
  g_assert_true (app_test_wait_until (request_dialog_shown, NULL, WAIT_SECONDS));
  dialog = app_test_find_toplevel (SEALDESK_TYPE_REQUEST_DIALOG);
  g_assert_nonnull (dialog);
  /* Steps offered: partner approves, lawyer stamps. */
  steps = app_test_find_by_id (dialog, "steps_list");
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (steps), 1));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (steps), 2));
  gtk_editable_set_text (GTK_EDITABLE (app_test_find_by_id (dialog, "reason_row")), "Lease of the office");
  gtk_editable_set_text (GTK_EDITABLE (app_test_find_by_id (dialog, "matter_row")), "2026-117");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (app_test_find_by_id (dialog, "x_spin")), 300);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (app_test_find_by_id (dialog, "y_spin")), 100);
  gtk_widget_activate (app_test_find_by_id (dialog, "create_button"));
  answer_pin_dialog ();
  g_assert_true (app_test_wait_until (dialog_gone, NULL, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (requests_loaded, requests, WAIT_SECONDS));

  /* The lawyer waits for the partner; the partner's queue counts it. */
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (requests), ==, 0);
  choose_profile (requests, "partner");
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (requests), ==, 1);
  /* The window's sidebar shows the count on Requests. */
  g_assert_cmpstr (sealdesk_view_sidebar_get_badge (window->view_sidebar, "requests"), ==, "1");
  /* The first group is "Waiting for Me". */
  row = find_request_row (GTK_WIDGET (requests), NULL);
  g_assert_nonnull (row);
  request_id = g_strdup (g_object_get_data (G_OBJECT (row), "request-id"));
  /* The requester by the name of the certificate and the profile, as
   * the review and the ledger name them (below). */
  requester = row_person (row);
  g_assert_cmpstr (requester, ==, "Sealdesk Test Signer RSA-2048 (lawyer)");

  /* The review: the page with the placement drawn on it. */
  gtk_widget_activate (row);
  review = SEALDESK_REQUEST_REVIEW (find_type (GTK_WIDGET (requests), SEALDESK_TYPE_REQUEST_REVIEW));
  g_assert_cmpstr (sealdesk_request_review_get_request_id (review), ==, request_id);
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "pending");
  /* The seal by its name, not its ID. */
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (app_test_find_by_id (GTK_WIDGET (review), "details_label"))),
                            "Lawyer's name seal on page 1"));
  requested_by = g_strdup_printf ("Requested by %s\n", requester);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (app_test_find_by_id (GTK_WIDGET (review),
                                                                                        "details_label"))),
                                   requested_by));
  preview = SEALDESK_REQUEST_PREVIEW (find_type (GTK_WIDGET (review), SEALDESK_TYPE_REQUEST_PREVIEW));
  g_assert_true (app_test_wait_until (preview_ready, preview, WAIT_SECONDS));
  g_assert_null (sealdesk_request_preview_get_error (preview));
  g_assert_cmpuint (sealdesk_request_preview_get_n_drawn (preview), ==, 1);
  app_test_iterate (100);
  save_screenshot (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (requests))), "requests-review.png");

  /* Reject without a comment: refused in the review, nothing asked or recorded. */
  /* (A button answers its activation at the end of its animation.) */
  gtk_widget_activate (app_test_find_by_id (GTK_WIDGET (review), "reject_button"));
  g_assert_true (app_test_wait_until (review_says_why, review, WAIT_SECONDS));
  g_assert_false (sealdesk_request_review_get_busy (review));
  g_assert_nonnull (sealdesk_request_review_get_error (review));
  g_assert_nonnull (strstr (sealdesk_request_review_get_error (review), "comment"));
  g_assert_null (app_test_find_toplevel (SEALDESK_TYPE_PIN_DIALOG));
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "pending");
  /* Decline without an opinion: refused too. */
  gtk_widget_activate (app_test_find_by_id (GTK_WIDGET (review), "decline_button"));
  g_assert_true (app_test_wait_until (review_asks_opinion, review, WAIT_SECONDS));
  g_assert_null (app_test_find_toplevel (SEALDESK_TYPE_PIN_DIALOG));
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "pending");

  /* Approve, as partner. */
  gtk_widget_activate (app_test_find_by_id (GTK_WIDGET (review), "approve_button"));
  answer_pin_dialog ();
  g_assert_true (app_test_wait_until (review_idle, review, WAIT_SECONDS));
  g_assert_null (sealdesk_request_review_get_error (review));
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "approved");
  approved = g_strdup_printf ("%s approved step 1", "Sealdesk Test Signer EC P-256 (partner)");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (app_test_find_by_id (GTK_WIDGET (review), "steps_label"))),
                            approved));
  g_assert_true (app_test_wait_until (requests_loaded, requests, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (requests), ==, 0);
  g_assert_cmpstr (sealdesk_view_sidebar_get_badge (window->view_sidebar, "requests"), ==, "");
  /* Now the lawyer's turn, to stamp. */
  choose_profile (requests, "lawyer");
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (requests), ==, 1);

  /* The ledger: the request's creation and the decision, intact. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-ledger", NULL));
  ledger = SEALDESK_LEDGER_VIEW (find_view (SEALDESK_TYPE_LEDGER_VIEW));
  g_assert_nonnull (ledger);
  g_assert_true (app_test_wait_until (ledger_idle, ledger, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_ledger_view_get_n_entries (ledger), >=, 2);
  gtk_editable_set_text (GTK_EDITABLE (app_test_find_by_id (GTK_WIDGET (ledger), "search_entry")), request_id);
  count.view = ledger;
  count.n = 2;
  g_assert_true (app_test_wait_until (ledger_shows, &count, WAIT_SECONDS));
  kinds = sealdesk_ledger_view_get_shown_kinds (ledger);
  /* Newest first. */
  g_assert_cmpstr (kinds[0], ==, "decision");
  g_assert_cmpstr (kinds[1], ==, "lifecycle");
  /* The same people as in the queue and the review. */
  ledger_requester = ledger_person (ledger, "lifecycle");
  ledger_approver = ledger_person (ledger, "decision");
  g_assert_cmpstr (ledger_requester, ==, requester);
  g_assert_true (g_str_has_prefix (approved, ledger_approver));
  g_assert_cmpstr (ledger_approver, ==, "Sealdesk Test Signer EC P-256 (partner)");
  /* The rows name the seal and the people, not their IDs. */
  {
    g_autofree char *text = ledger_rows_text (ledger);
    g_autoptr(GPtrArray) seals = sd_seal_library_list (workspace, &error);

    g_assert_no_error (error);
    g_test_message ("ledger rows:\n%s", text);
    g_assert_nonnull (strstr (text, "— Lawyer's name seal |"));
    for (guint i = 0; i < seals->len; i++)
      g_assert_null (strstr (text, ((SdSeal *) g_ptr_array_index (seals, i))->id));
    g_assert_nonnull (strstr (text, "| Sealdesk Test Signer EC P-256 (partner) · "));
    g_assert_nonnull (strstr (text, "| Sealdesk Test Signer RSA-2048 (lawyer) · "));
  }
  /* And the search finds them by those names. */
  gtk_editable_set_text (GTK_EDITABLE (app_test_find_by_id (GTK_WIDGET (ledger), "search_entry")), "EC P-256 (partner");
  g_assert_cmpuint (sealdesk_ledger_view_get_n_shown (ledger), >=, 1);
  g_strfreev (kinds);
  kinds = sealdesk_ledger_view_get_shown_kinds (ledger);
  g_assert_true (g_strv_contains ((const char * const *) kinds, "decision"));

  gtk_widget_activate (app_test_find_by_id (GTK_WIDGET (ledger), "verify_button"));
  g_assert_true (app_test_wait_until (ledger_checked, ledger, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_ledger_view_get_verdict (ledger), ==, SEALDESK_LEDGER_VALID);
  g_assert_nonnull (strstr (sealdesk_ledger_view_get_message (ledger), "intact"));
  gtk_editable_set_text (GTK_EDITABLE (app_test_find_by_id (GTK_WIDGET (ledger), "search_entry")), "");
  app_test_iterate (300);
  save_screenshot (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (ledger))), "ledger.png");

  /* Export: the entries and a signature beside them. */
  export_file = g_file_new_for_path (export_path);
  sealdesk_ledger_view_export_to (ledger, export_file);
  g_assert_true (sealdesk_ledger_view_is_exporting (ledger));
  g_assert_true (app_test_wait_until (ledger_idle, ledger, WAIT_SECONDS));
  g_assert_nonnull (strstr (sealdesk_ledger_view_get_message (ledger), "Exported"));
  g_assert_true (json_parser_load_from_file (parser, export_path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (parser)), "entries")), >=, 2);
  g_assert_true (g_file_test (sig_path, G_FILE_TEST_IS_REGULAR));

  close_all_windows ();
}

/* The seals placed on the document shown go into the request made with
 * the Requests view's button, where they are. */
static void
test_from_placements (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *path = copy_to_home (sample, "placed-lease.pdf");
  g_autoptr(GFile) doc = g_file_new_for_path (path);
  g_autoptr(GPtrArray) seals = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(SdProfile) lawyer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SealdeskPlacement) placed = NULL;
  const char *seal_id = NULL;
  SealdeskRequestsView *requests;
  SdRequest *request = NULL;
  SdRequestPlacement *p;
  SealdeskWindow *window;
  GtkWidget *dialog;
  double x, y, w, h;

  g_assert_nonnull (workspace);
  if ((lawyer = sd_profile_get (workspace, "lawyer", NULL)) == NULL)
    make_people (workspace);
  seals = sd_seal_library_list (workspace, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < seals->len; i++)
    if (g_str_equal (((SdSeal *) g_ptr_array_index (seals, i))->name, "Lawyer's name seal"))
      seal_id = ((SdSeal *) g_ptr_array_index (seals, i))->id;
  g_assert_nonnull (seal_id);
  before = sd_request_list (workspace, NULL, &error);
  g_assert_no_error (error);

  window = open_window (doc);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  /* A seal on page 2, as the palette puts it there. */
  sealdesk_document_model_set_page (sealdesk_window_get_model (window), 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.place-seal", "s", seal_id));
  g_assert_cmpuint (g_list_model_get_n_items (sealdesk_session_get_placements (sealdesk_window_get_session (window))), ==, 1);
  placed = g_list_model_get_item (sealdesk_session_get_placements (sealdesk_window_get_session (window)), 0);
  g_assert_cmpuint (sealdesk_placement_get_page (placed), ==, 1);
  sealdesk_placement_get_rect (placed, &x, &y, &w, &h);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-requests", NULL));
  requests = SEALDESK_REQUESTS_VIEW (find_type (GTK_WIDGET (window), SEALDESK_TYPE_REQUESTS_VIEW));
  g_assert_nonnull (requests);
  choose_profile (requests, "lawyer");
  g_assert_true (app_test_wait_until (requests_loaded, requests, WAIT_SECONDS));
  gtk_widget_activate (app_test_find_by_id (GTK_WIDGET (requests), "new_request_button"));
  g_assert_true (app_test_wait_until (request_dialog_shown, NULL, WAIT_SECONDS));
  dialog = app_test_find_toplevel (SEALDESK_TYPE_REQUEST_DIALOG);
  /* It says what it takes, and asks for no place. */
  g_assert_true (gtk_widget_get_visible (app_test_find_by_id (dialog, "placements_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (app_test_find_by_id (dialog, "placements_row"))), ==,
                   "1 seal placed on the document");
  gtk_editable_set_text (GTK_EDITABLE (app_test_find_by_id (dialog, "reason_row")), "Lease, second page");
  gtk_widget_activate (app_test_find_by_id (dialog, "create_button"));
  answer_pin_dialog ();
  g_assert_true (app_test_wait_until (dialog_gone, NULL, WAIT_SECONDS));

  after = sd_request_list (workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len && request == NULL; i++)
    if (g_strcmp0 (((SdRequest *) g_ptr_array_index (after, i))->reason, "Lease, second page") == 0)
      request = g_ptr_array_index (after, i);
  g_assert_nonnull (request);
  g_assert_cmpstr (request->requester, ==, "lawyer");
  g_assert_cmpuint (request->placements->len, ==, 1);
  p = g_ptr_array_index (request->placements, 0);
  g_assert_cmpstr (p->seal, ==, seal_id);
  g_assert_cmpint (p->page, ==, 2);
  g_assert_cmpfloat_with_epsilon (p->x, x, 0.01);
  g_assert_cmpfloat_with_epsilon (p->y, y, 0.01);
  g_assert_cmpfloat_with_epsilon (p->width, w, 0.01);
  g_assert_cmpfloat_with_epsilon (p->height, h, 0.01);

  /* The placements stay the person's (nothing is signed yet). */
  g_assert_true (sealdesk_session_get_modified (sealdesk_window_get_session (window)));
  close_all_windows ();
}

void
add_requests_tests (void)
{
  g_test_add_func ("/app/requests/approve", test_approve);
  g_test_add_func ("/app/requests/from-placements", test_from_placements);
}
