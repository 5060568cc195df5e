/* test-app-review.c: the Requests view's queue and decisions, through the GUI
 *
 * Three profiles (made with the core API, keys of the test PKI): lawyer
 * (requester and seal keeper), partner and counsel (approvers); five
 * requests of lawyer's made with the core API at known ages.
 *
 *   /app/review/queue    as partner: the queue is grouped by state
 *                        (Waiting for Me, Waiting for Others, Closed), each
 *                        row naming the document, its seals, the requester,
 *                        the reason, the matter and the age; the sidebar
 *                        counts the three waiting; approving one in the
 *                        review (PIN dialog answered) takes the count to two
 *                        and the request to Waiting for Others
 *   /app/review/reject   Reject with an empty comment is refused with a
 *                        message shown in the review (nothing asked or
 *                        recorded); with a comment the request is rejected:
 *                        its state, its decision and the ledger's entry say
 *                        so, the row goes to Closed and the count goes down
 *   /app/review/decline  Decline without an opinion is refused the same
 *                        way; with one, the decision (and its opinion) is
 *                        recorded in the request and the ledger, and the
 *                        request waits for the other approver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-test-util.h"
#include "sd-ledger.h"
#include "sd-profile.h"
#include "sd-request.h"
#include "sd-sealing.h"
#include "sd-seal-library.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-profile-chooser.h"
#include "sealdesk-request-review.h"
#include "sealdesk-requests-view.h"
#include "test-app.h"

/* The people as every view names them: the name in their certificate,
 * then their profile's. */
#define LAWYER "Sealdesk Test Signer RSA-2048 (lawyer)"
#define PARTNER "Sealdesk Test Signer EC P-256 (partner)"
#define COUNSEL "Sealdesk Test Signer EC P-384 (counsel)"

/* The requests made, by what they are for. */
static struct {
  char *lease;    /* partner approves, then lawyer stamps */
  char *nda;      /* counsel approves */
  char *loan;     /* partner and counsel both decide */
  char *deed;     /* partner approves */
  char *memo;     /* withdrawn */
} made;

static char *
add_seal (SdWorkspace *workspace, const char *name, const char *text, const char *key)
{
  char *seal_id = add_name_seal (workspace, name, text, key, "lawyer");
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_seal_library_grant (workspace, seal_id, "lawyer", SD_SEAL_MAY_REQUEST | SD_SEAL_MAY_USE,
                                        "lawyer", &error));
  g_assert_true (sd_seal_library_grant (workspace, seal_id, "partner", SD_SEAL_MAY_APPROVE, "lawyer", &error));
  g_assert_true (sd_seal_library_grant (workspace, seal_id, "counsel", SD_SEAL_MAY_APPROVE, "lawyer", &error));
  g_assert_no_error (error);
  return seal_id;
}

/* A time @hours ago, as the workspace writes times. */
static char *
hours_ago (double hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -hours * 3600);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* A request of lawyer's for a copy of the sample named @name, made
 * @hours ago, for the seals @seals, with the steps @steps. */
static char *
make_request (SdWorkspace *workspace, const char *name, const char *const *seals, const char *reason,
              const char *matter, const char *const *steps, double hours)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *path = copy_to_home (sample, name);
  g_autofree char *created = hours_ago (hours);
  g_autoptr(GPtrArray) placements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) step_list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SdRequestSpec spec = { 0 };

  for (guint i = 0; seals[i] != NULL; i++)
    {
      SdRequestPlacement *p = g_new0 (SdRequestPlacement, 1);

      p->seal = (char *) seals[i];
      p->page = 1;
      p->x = 100 + 120 * i;
      p->y = 100;
      p->width = p->height = 60;
      g_ptr_array_add (placements, p);
    }
  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_ptr_array_add (step_list, sd_request_step_parse (steps[i], &error));
      g_assert_no_error (error);
    }
  spec.document = path;
  spec.requester = "lawyer";
  spec.reason = reason;
  spec.matter = matter;
  spec.placements = placements;
  spec.steps = step_list;
  g_setenv ("SEALDESK_TEST_NOW", created, TRUE);
  request = sd_request_create (workspace, &spec, pki_pin, NULL, &error);
  g_unsetenv ("SEALDESK_TEST_NOW");
  g_assert_no_error (error);
  g_assert_cmpstr (request->created, ==, created);
  return g_strdup (request->id);
}

/* The people, seals and requests, once a process. */
static void
make_requests (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  g_autofree char *lawyer_key = pki_key ("rsa2048.p12");
  g_autofree char *firm = NULL, *contract = NULL;
  g_autoptr(SdRequest) withdrawn = NULL;
  g_autoptr(GError) error = NULL;
  SdDecideOptions withdraw = { 0 };

  if (made.lease != NULL)
    return;
  add_pki_profile (workspace, "lawyer", SD_ROLE_REQUESTER | SD_ROLE_SEAL_KEEPER, "rsa2048.p12");
  add_pki_profile (workspace, "partner", SD_ROLE_APPROVER, "ec-p256.p12");
  add_pki_profile (workspace, "counsel", SD_ROLE_APPROVER, "ec-p384.p12");
  firm = add_seal (workspace, "Firm seal", "律所", lawyer_key);
  contract = add_seal (workspace, "Contract seal", "合同", lawyer_key);

  made.lease = make_request (workspace, "lease.pdf", (const char *[]) { firm, NULL }, "Lease of the office",
                             "2026-117", (const char *[]) { "approve:partner", "stamp:lawyer", NULL }, 73);
  made.nda = make_request (workspace, "nda.pdf", (const char *[]) { contract, NULL }, "Confidentiality agreement",
                           NULL, (const char *[]) { "approve:counsel", "stamp:lawyer", NULL }, 2.2);
  made.loan = make_request (workspace, "loan.pdf", (const char *[]) { firm, contract, NULL }, "Loan agreement",
                            "2026-200", (const char *[]) { "approve:partner,counsel:all", "stamp:lawyer", NULL }, 26.1);
  made.deed = make_request (workspace, "deed.pdf", (const char *[]) { firm, NULL }, "Deed of sale", "2026-301",
                            (const char *[]) { "approve:partner", "stamp:lawyer", NULL }, 10.1);
  made.memo = make_request (workspace, "memo.pdf", (const char *[]) { contract, NULL }, "Internal memo", NULL,
                            (const char *[]) { "approve:partner", "stamp:lawyer", NULL }, 5.1);

  withdraw.request_id = made.memo;
  withdraw.actor = "lawyer";
  withdraw.action = SD_DECIDE_WITHDRAW;
  withdraw.pin_cb = pki_pin;
  withdrawn = sd_sealing_decide (workspace, &withdraw, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (withdrawn->state, ==, "withdrawn");
}

/* Finding widgets */

/* The title of the group the request's row is shown in. */
static const char *
group_of (SealdeskRequestsView *view, const char *request_id)
{
  GtkWidget *row = find_request_row (GTK_WIDGET (view), request_id);
  GtkWidget *group = row != NULL ? gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) : NULL;

  g_assert_nonnull (group);
  return adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
}

/* The request's row, "title | subtitle". */
static char *
row_text (SealdeskRequestsView *view, const char *request_id)
{
  GtkWidget *row = find_request_row (GTK_WIDGET (view), request_id);

  g_assert_nonnull (row);
  return g_strdup_printf ("%s | %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

/* The window's Requests view, as partner, with the queue read. */
static SealdeskRequestsView *
show_queue (SealdeskWindow **window_out)
{
  SealdeskWindow *window;
  SealdeskRequestsView *view;

  make_requests ();
  window = open_sample ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-requests", NULL));
  g_assert_nonnull (window->requests_view);
  view = SEALDESK_REQUESTS_VIEW (window->requests_view);
  choose_profile (view, "partner");
  sealdesk_requests_view_reload (view);
  g_assert_true (app_test_wait_until (requests_loaded, view, WAIT_SECONDS));
  app_test_iterate (50);
  *window_out = window;
  return view;
}

/* Opens the review of @request_id, as a click on its row does. */
static SealdeskRequestReview *
open_review (SealdeskRequestsView *view, const char *request_id)
{
  GtkWidget *row = find_request_row (GTK_WIDGET (view), request_id);
  SealdeskRequestReview *review;

  g_assert_nonnull (row);
  gtk_widget_activate (row);
  review = SEALDESK_REQUEST_REVIEW (find_type (GTK_WIDGET (view), SEALDESK_TYPE_REQUEST_REVIEW));
  app_test_iterate (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (review)));
  g_assert_cmpstr (sealdesk_request_review_get_request_id (review), ==, request_id);
  return review;
}

static GtkWidget *
review_child (SealdeskRequestReview *review, const char *id)
{
  GtkWidget *widget = app_test_find_by_id (GTK_WIDGET (review), id);

  g_assert_nonnull (widget);
  return widget;
}

/* Presses the review's button @id and checks that it is refused, with
 * @words in the message shown, nothing asked and nothing recorded. */
static void
assert_refused (SealdeskRequestReview *review, const char *id, const char *words)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  gint64 size = sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL);
  GtkWidget *error_label = review_child (review, "error_label");

  g_assert_false (gtk_widget_get_visible (error_label));
  gtk_widget_activate (review_child (review, id));
  g_assert_true (app_test_wait_until (review_says_why, review, WAIT_SECONDS));
  g_assert_false (sealdesk_request_review_get_busy (review));
  g_test_message ("%s: %s", id, sealdesk_request_review_get_error (review));
  g_assert_nonnull (strstr (sealdesk_request_review_get_error (review), words));
  /* Shown, not only kept. */
  g_assert_true (gtk_widget_get_mapped (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, sealdesk_request_review_get_error (review));
  g_assert_null (app_test_find_toplevel (SEALDESK_TYPE_PIN_DIALOG));
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "pending");
  g_assert_cmpint (sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL), ==, size);
}

/* The entries the ledger got after its first @before: @n of them, the
 * first being partner's decision @action on @request_id; returns its
 * details (in *@entries_out). */
static JsonObject *
new_decision (gint64 before, guint n, const char *request_id, const char *action, JsonNode **entries_out)
{
  SdLedger *ledger = sd_workspace_get_ledger (sealdesk_application_get_workspace (app));
  g_autoptr(GError) error = NULL;
  JsonNode *entries = sd_ledger_list (ledger, before + 1, &error);
  JsonArray *array;
  JsonObject *entry, *details;

  g_assert_no_error (error);
  array = json_node_get_array (entries);
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "decision");
  g_assert_cmpstr (json_object_get_string_member (entry, "request"), ==, request_id);
  g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, "partner");
  details = json_object_get_object_member (entry, "details");
  g_assert_cmpstr (json_object_get_string_member (details, "action"), ==, action);
  *entries_out = entries;
  return details;
}

static void
test_queue (void)
{
  SealdeskWindow *window;
  SealdeskRequestsView *view = show_queue (&window);
  SealdeskRequestReview *review;
  const struct {
    const char *id;
    const char *group;
    const char *text;
  } expected[] = {
    { made.lease, "Waiting for Me",
      "lease.pdf — Firm seal | " LAWYER " · Lease of the office · matter 2026-117 · 3 days ago" },
    { made.loan, "Waiting for Me",
      "loan.pdf — Firm seal, Contract seal | " LAWYER " · Loan agreement · matter 2026-200 · 26 hours ago" },
    { made.deed, "Waiting for Me",
      "deed.pdf — Firm seal | " LAWYER " · Deed of sale · matter 2026-301 · 10 hours ago" },
    { made.nda, "Waiting for Others",
      "nda.pdf — Contract seal | " LAWYER " · Confidentiality agreement · 2 hours ago" },
    { made.memo, "Closed", "memo.pdf — Contract seal | " LAWYER " · Internal memo · 5 hours ago" },
  };
  GtkWidget *first;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = row_text (view, expected[i].id);

      g_test_message ("%s: %s", group_of (view, expected[i].id), text);
      g_assert_cmpstr (group_of (view, expected[i].id), ==, expected[i].group);
      g_assert_cmpstr (text, ==, expected[i].text);
    }
  /* Newest first within a group. */
  first = find_request_row (GTK_WIDGET (view), made.deed);
  g_assert_true (gtk_widget_get_next_sibling (first) == find_request_row (GTK_WIDGET (view), made.loan));
  g_assert_true (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (first)) ==
                 find_request_row (GTK_WIDGET (view), made.lease));

  /* The sidebar counts what waits for partner. */
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (view), ==, 3);
  g_assert_cmpstr (sealdesk_view_sidebar_get_badge (window->view_sidebar, "requests"), ==, "3");

  /* Approved, the lease waits for the lawyer's stamp: one fewer. */
  review = open_review (view, made.lease);
  gtk_widget_activate (review_child (review, "approve_button"));
  answer_pin_dialog ();
  g_assert_true (app_test_wait_until (review_idle, review, WAIT_SECONDS));
  g_assert_null (sealdesk_request_review_get_error (review));
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "approved");
  g_assert_true (app_test_wait_until (requests_loaded, view, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (view), ==, 2);
  g_assert_cmpstr (sealdesk_view_sidebar_get_badge (window->view_sidebar, "requests"), ==, "2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "requests.back", NULL));
  app_test_iterate (50);
  g_assert_cmpstr (group_of (view, made.lease), ==, "Waiting for Others");
  close_all_windows ();
}

static void
test_reject (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  SealdeskWindow *window;
  SealdeskRequestsView *view = show_queue (&window);
  guint waiting = sealdesk_requests_view_get_n_waiting (view);
  g_autofree char *badge = g_strdup_printf ("%u", waiting - 1);
  SealdeskRequestReview *review = open_review (view, made.deed);
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(JsonNode) entries = NULL;
  g_autoptr(GError) error = NULL;
  SdDecision *decision;
  JsonObject *details;
  gint64 before;

  /* No comment: refused, and the review says why. */
  assert_refused (review, "reject_button", "Say why in the comment");
  gtk_editable_set_text (GTK_EDITABLE (review_child (review, "comment_entry")), "   ");
  gtk_widget_activate (review_child (review, "reject_button"));
  app_test_iterate (50);
  g_assert_nonnull (strstr (sealdesk_request_review_get_error (review), "comment"));
  g_assert_null (app_test_find_toplevel (SEALDESK_TYPE_PIN_DIALOG));
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "pending");

  /* With one: rejected, signed with partner's key. */
  before = sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL);
  gtk_editable_set_text (GTK_EDITABLE (review_child (review, "comment_entry")), "The deed names the wrong buyer");
  gtk_widget_activate (review_child (review, "reject_button"));
  answer_pin_dialog ();
  g_assert_true (app_test_wait_until (review_idle, review, WAIT_SECONDS));
  g_assert_null (sealdesk_request_review_get_error (review));
  g_assert_false (gtk_widget_get_visible (review_child (review, "error_label")));
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "rejected");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (review_child (review, "state_label"))), ==, "Rejected");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (review_child (review, "steps_label"))),
                            PARTNER " rejected step 1: “The deed names the wrong buyer”"));
  /* No more decisions on it. */
  g_assert_false (gtk_widget_get_visible (review_child (review, "decide_box")));

  /* The request, as the workspace has it. */
  request = sd_request_get (workspace, made.deed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request->state, ==, "rejected");
  g_assert_cmpuint (request->decisions->len, ==, 1);
  decision = g_ptr_array_index (request->decisions, 0);
  g_assert_cmpstr (decision->profile, ==, "partner");
  g_assert_cmpstr (decision->action, ==, "reject");
  g_assert_cmpstr (decision->comment, ==, "The deed names the wrong buyer");
  /* And the ledger. */
  /* And the ledger: the decision, then the end of the request. */
  details = new_decision (before, 2, made.deed, "reject", &entries);
  g_assert_cmpstr (json_object_get_string_member (details, "comment"), ==, "The deed names the wrong buyer");
  g_assert_cmpstr (json_object_get_string_member (details, "state"), ==, "rejected");
  {
    JsonObject *end = json_array_get_object_element (json_node_get_array (entries), 1);

    g_assert_cmpstr (json_object_get_string_member (end, "kind"), ==, "lifecycle");
    g_assert_cmpstr (json_object_get_string_member (end, "request"), ==, made.deed);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (end, "details"), "action"), ==,
                     "request-end");
  }

  /* The queue: closed, one fewer waiting. */
  g_assert_true (app_test_wait_until (requests_loaded, view, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (view), ==, waiting - 1);
  g_assert_cmpstr (sealdesk_view_sidebar_get_badge (window->view_sidebar, "requests"), ==,
                   waiting > 1 ? badge : "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "requests.back", NULL));
  app_test_iterate (50);
  g_assert_cmpstr (group_of (view, made.deed), ==, "Closed");
  close_all_windows ();
}

static void
test_decline (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  SealdeskWindow *window;
  SealdeskRequestsView *view = show_queue (&window);
  guint waiting = sealdesk_requests_view_get_n_waiting (view);
  SealdeskRequestReview *review = open_review (view, made.loan);
  GtkTextBuffer *opinion =
    gtk_text_view_get_buffer (GTK_TEXT_VIEW (review_child (review, "opinion_view")));
  const char *text = "The interest rate is above what the firm accepts; I leave it to counsel.";
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(JsonNode) entries = NULL;
  g_autoptr(GError) error = NULL;
  SdDecision *decision;
  JsonObject *details;
  gint64 before;

  /* A comment is no opinion: refused, and the review says why. */
  gtk_editable_set_text (GTK_EDITABLE (review_child (review, "comment_entry")), "See my opinion");
  assert_refused (review, "decline_button", "Write your opinion");

  before = sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL);
  gtk_text_buffer_set_text (opinion, text, -1);
  gtk_widget_activate (review_child (review, "decline_button"));
  answer_pin_dialog ();
  g_assert_true (app_test_wait_until (review_idle, review, WAIT_SECONDS));
  g_assert_null (sealdesk_request_review_get_error (review));
  /* Still open: counsel has to decide (partner has). */
  g_assert_cmpstr (sealdesk_request_review_get_state (review), ==, "pending");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (review_child (review, "state_label"))), ==,
                   "Waiting for " COUNSEL);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (review_child (review, "steps_label"))),
                            PARTNER " declined step 1: “See my opinion”"));

  request = sd_request_get (workspace, made.loan, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request->state, ==, "pending");
  g_assert_cmpuint (request->decisions->len, ==, 1);
  decision = g_ptr_array_index (request->decisions, 0);
  g_assert_cmpstr (decision->profile, ==, "partner");
  g_assert_cmpstr (decision->action, ==, "decline");
  g_assert_cmpstr (decision->opinion, ==, text);
  g_assert_cmpstr (decision->comment, ==, "See my opinion");
  /* The ledger: the decision alone (the request goes on), with the
   * opinion. */
  details = new_decision (before, 1, made.loan, "decline", &entries);
  g_assert_cmpstr (json_object_get_string_member (details, "opinion"), ==, text);
  g_assert_true (json_object_has_member (details, "opinion_sha256"));

  /* It waits for counsel now, not for partner. */
  g_assert_true (app_test_wait_until (requests_loaded, view, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_requests_view_get_n_waiting (view), ==, waiting - 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "requests.back", NULL));
  app_test_iterate (50);
  g_assert_cmpstr (group_of (view, made.loan), ==, "Waiting for Others");
  close_all_windows ();
}

void
add_review_tests (void)
{
  g_test_add_func ("/app/review/queue", test_queue);
  g_test_add_func ("/app/review/reject", test_reject);
  g_test_add_func ("/app/review/decline", test_decline);
}
