/* test-request-query.c: which stamp requests wait for whom
 *
 *   /store/request-query/groups     the group of each state and turn, on
 *                                   requests built by hand ("one of" and
 *                                   "all of" steps, a decline, a reject)
 *   /store/request-query/workspace  requests made through the core API in
 *                                   a fresh workspace with two profiles
 *                                   (keys of the test PKI): waiting for the
 *                                   approver, then for the seal keeper
 */
#include "config.h"

#include "sd-profile.h"
#include "sd-request-query.h"
#include "sd-seal-generate.h"
#include "sd-seal-library.h"
#include "sd-sealing.h"
#include "sd-secret.h"
#include "sd-test-util.h"

static SdRequestStep *
make_step (int index, gboolean all, const char *profiles)
{
  SdRequestStep *step = g_new0 (SdRequestStep, 1);

  step->index = index;
  step->kind = SD_STEP_APPROVE;
  step->all = all;
  step->profiles = g_strsplit (profiles, ",", -1);
  return step;
}

static void
decision_free (SdDecision *decision)
{
  g_free (decision->profile);
  g_free (decision->action);
  g_free (decision);
}

static void
add_decision (SdRequest *request, int step, const char *profile, const char *action)
{
  SdDecision *decision = g_new0 (SdDecision, 1);

  decision->step = step;
  decision->profile = g_strdup (profile);
  decision->action = g_strdup (action);
  g_ptr_array_add (request->decisions, decision);
}

static SdRequest *
make_request (const char *state)
{
  SdRequest *request = g_new0 (SdRequest, 1);

  request->id = g_strdup ("req-test");
  request->state = g_strdup (state);
  request->placements = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_placement_free);
  request->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  request->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_free);
  g_ptr_array_add (request->steps, make_step (1, FALSE, "partner,counsel"));
  g_ptr_array_add (request->steps, make_step (2, TRUE, "a1,a2"));
  return request;
}

static void
test_groups (void)
{
  g_autoptr(SdRequest) request = make_request ("pending");

  /* Step 1: either partner or counsel. */
  g_assert_true (sd_request_is_waiting_for (request, "partner"));
  g_assert_true (sd_request_is_waiting_for (request, "counsel"));
  g_assert_false (sd_request_is_waiting_for (request, "a1"));
  g_assert_false (sd_request_is_waiting_for (request, NULL));
  g_assert_cmpint (sd_request_group_for (request, "counsel"), ==, SD_REQUEST_GROUP_WAITING_FOR_ME);
  g_assert_cmpint (sd_request_group_for (request, "a1"), ==, SD_REQUEST_GROUP_WAITING_FOR_OTHERS);
  g_assert_cmpint (sd_request_group_for (request, NULL), ==, SD_REQUEST_GROUP_WAITING_FOR_OTHERS);

  /* Partner approved: step 2, both arbitrators; a1 declines (dissent),
   * which is a decision: a2 still has to sign, a1 no longer waits. */
  add_decision (request, 1, "partner", "approve");
  g_free (request->state);
  request->state = g_strdup ("approved");
  g_assert_false (sd_request_is_waiting_for (request, "partner"));
  g_assert_false (sd_request_is_waiting_for (request, "counsel"));
  g_assert_true (sd_request_is_waiting_for (request, "a1"));
  add_decision (request, 2, "a1", "decline");
  g_assert_false (sd_request_is_waiting_for (request, "a1"));
  g_assert_true (sd_request_is_waiting_for (request, "a2"));
  g_assert_cmpint (sd_request_group_for (request, "a1"), ==, SD_REQUEST_GROUP_WAITING_FOR_OTHERS);

  /* Closed states wait for nobody, even with a step left. */
  g_free (request->state);
  request->state = g_strdup ("rejected");
  g_assert_false (sd_request_is_open (request));
  g_assert_false (sd_request_is_waiting_for (request, "a2"));
  g_assert_cmpint (sd_request_group_for (request, "a2"), ==, SD_REQUEST_GROUP_CLOSED);
  g_free (request->state);
  request->state = g_strdup ("withdrawn");
  g_assert_cmpint (sd_request_group_for (request, "a2"), ==, SD_REQUEST_GROUP_CLOSED);
  g_free (request->state);
  request->state = g_strdup ("completed");
  g_assert_cmpint (sd_request_group_for (request, "a2"), ==, SD_REQUEST_GROUP_COMPLETED);
}

static char *
test_pin (const char *prompt, int tries_left, gpointer user_data)
{
  return sd_secret_dup (SD_TEST_PKI_PASSWORD);
}

static SdRequest *
create_request (SdWorkspace *workspace, const char *doc, const char *seal_id, const char *reason)
{
  g_autoptr(GPtrArray) placements = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_placement_free);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  g_autoptr(GError) error = NULL;
  SdRequestPlacement *p = g_new0 (SdRequestPlacement, 1);
  SdRequestSpec spec = { 0 };
  SdRequest *request;

  p->seal = g_strdup (seal_id);
  p->page = 1;
  p->x = 300;
  p->y = 80;
  p->width = p->height = 100;
  g_ptr_array_add (placements, p);
  g_ptr_array_add (steps, make_step (1, FALSE, "partner"));
  g_ptr_array_add (steps, make_step (2, FALSE, "lawyer"));
  ((SdRequestStep *) g_ptr_array_index (steps, 1))->kind = SD_STEP_STAMP;
  spec.document = doc;
  spec.requester = "lawyer";
  spec.reason = reason;
  spec.matter = "2026-117";
  spec.placements = placements;
  spec.steps = steps;
  request = sd_request_create (workspace, &spec, test_pin, NULL, &error);
  g_assert_no_error (error);
  return request;
}

static void
test_workspace (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *fixture = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *doc = g_build_filename (dir, "lease.pdf", NULL);
  g_autofree char *rsa = sd_test_pki_file ("rsa2048.p12");
  g_autofree char *ec = sd_test_pki_file ("ec-p256.p12");
  g_autofree char *rsa_id = g_strconcat ("p12:", rsa, NULL);
  g_autofree char *ec_id = g_strconcat ("p12:", ec, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdProfile) lawyer = NULL, partner = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(SdRequest) first = NULL, second = NULL, decided = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  SdDecideOptions opts = { 0 };
  gsize length;
  double w, h;

  g_file_get_contents (fixture, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (doc, contents, (gssize) length, &error);
  g_assert_no_error (error);

  workspace = sd_workspace_open (dir, &error);
  g_assert_no_error (error);
  lawyer = sd_profile_add (workspace, "lawyer", SD_ROLE_REQUESTER | SD_ROLE_SEAL_KEEPER, rsa_id, test_pin, NULL, &error);
  g_assert_no_error (error);
  partner = sd_profile_add (workspace, "partner", SD_ROLE_APPROVER, ec_id, test_pin, NULL, &error);
  g_assert_no_error (error);
  png = sd_seal_generate_name ("张三", 20, 150, &w, &h, &error);
  g_assert_no_error (error);
  seal = sd_seal_library_add (workspace, "Name seal", "name", w, h, rsa_id, png, "lawyer", &error);
  g_assert_no_error (error);
  g_assert_true (sd_seal_library_grant (workspace, seal->id, "lawyer", SD_SEAL_MAY_REQUEST | SD_SEAL_MAY_USE, "lawyer", &error));
  g_assert_true (sd_seal_library_grant (workspace, seal->id, "partner", SD_SEAL_MAY_APPROVE, "lawyer", &error));
  /* The names the views show seals by. */
  names = sd_seal_library_names (workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (names, seal->id), ==, "Name seal");

  waiting = sd_request_list_waiting_for (workspace, "partner", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 0);
  g_clear_pointer (&waiting, g_ptr_array_unref);

  first = create_request (workspace, doc, seal->id, "First lease");
  second = create_request (workspace, doc, seal->id, "Second lease");

  waiting = sd_request_list_waiting_for (workspace, "partner", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 2);
  g_clear_pointer (&waiting, g_ptr_array_unref);
  waiting = sd_request_list_waiting_for (workspace, "lawyer", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 0);
  g_assert_cmpint (sd_request_group_for (first, "lawyer"), ==, SD_REQUEST_GROUP_WAITING_FOR_OTHERS);
  g_clear_pointer (&waiting, g_ptr_array_unref);

  opts.request_id = first->id;
  opts.actor = "partner";
  opts.action = SD_DECIDE_APPROVE;
  opts.pin_cb = test_pin;
  decided = sd_sealing_decide (workspace, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decided->state, ==, "approved");
  g_assert_cmpint (sd_request_group_for (decided, "partner"), ==, SD_REQUEST_GROUP_WAITING_FOR_OTHERS);
  g_assert_cmpint (sd_request_group_for (decided, "lawyer"), ==, SD_REQUEST_GROUP_WAITING_FOR_ME);

  waiting = sd_request_list_waiting_for (workspace, "partner", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpstr (((SdRequest *) g_ptr_array_index (waiting, 0))->id, ==, second->id);
  g_clear_pointer (&waiting, g_ptr_array_unref);
  waiting = sd_request_list_waiting_for (workspace, "lawyer", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpstr (((SdRequest *) g_ptr_array_index (waiting, 0))->id, ==, first->id);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/request-query/groups", test_groups);
  g_test_add_func ("/store/request-query/workspace", test_workspace);
  return g_test_run ();
}
