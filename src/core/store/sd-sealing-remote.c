/* sd-sealing-remote.c: decisions made on other workstations
 *
 * A decision published by a paired workstation goes through the same
 * check as a local one (sd_sealing_check_decision) and is recorded by the
 * same code (sd_sealing_record), with the signature its decider made.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-request-private.h"
#include "sd-sealing-private.h"
#include "sd-store-remote.h"

#define CONTENT_MAX_LEN (1024 * 1024)

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

static JsonObject *
parse_decision (const char  *content,
                JsonNode   **root,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *step;

  *root = sd_canonical_json_parse (content, strlen (content), CONTENT_MAX_LEN, &local_error);
  if (*root == NULL || !JSON_NODE_HOLDS_OBJECT (*root))
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                   _("A decision is not valid: %s"), local_error != NULL ? local_error->message : _("not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (*root);
  step = json_object_get_member (object, "step");
  if (get_string (object, "action") == NULL || get_string (object, "profile") == NULL
      || get_string (object, "request") == NULL || get_string (object, "workstation") == NULL
      || get_string (object, "time") == NULL || step == NULL || !JSON_NODE_HOLDS_VALUE (step)
      || json_node_get_value_type (step) != G_TYPE_INT64 || json_node_get_int (step) < 0
      || json_node_get_int (step) > 1000)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("A decision lacks a member or has one that is not valid"));
      return NULL;
    }
  return object;
}

gboolean
sd_decision_peek (const char  *content,
                  char       **request_id,
                  int         *step,
                  char       **result_sha256,
                  GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_decision (content, &root, error);

  if (object == NULL)
    return FALSE;
  *request_id = g_strdup (get_string (object, "request"));
  *step = (int) json_object_get_int_member (object, "step");
  *result_sha256 = g_strdup (get_string (object, "result_sha256"));
  return TRUE;
}

static gboolean
action_from_string (const char     *text,
                    SdDecideAction *action)
{
  for (int i = SD_DECIDE_APPROVE; i <= SD_DECIDE_WITHDRAW; i++)
    if (g_strcmp0 (text, sd_decide_action_to_string (i)) == 0)
      {
        *action = i;
        return TRUE;
      }
  return FALSE;
}

/* Does the file at @path begin with every byte of the file at @prefix? */
static gboolean
extends_file (const char *path,
              const char *prefix)
{
  g_autoptr(GFile) a = g_file_new_for_path (path);
  g_autoptr(GFile) b = g_file_new_for_path (prefix);
  g_autoptr(GFileInputStream) in_a = g_file_read (a, NULL, NULL);
  g_autoptr(GFileInputStream) in_b = g_file_read (b, NULL, NULL);
  g_autofree guint8 *buf_a = g_malloc (65536);
  g_autofree guint8 *buf_b = g_malloc (65536);
  gsize n_a, n_b;

  if (in_a == NULL || in_b == NULL)
    return FALSE;
  for (;;)
    {
      if (!g_input_stream_read_all (G_INPUT_STREAM (in_b), buf_b, 65536, &n_b, NULL, NULL))
        return FALSE;
      if (n_b == 0)
        return TRUE;
      if (!g_input_stream_read_all (G_INPUT_STREAM (in_a), buf_a, n_b, &n_a, NULL, NULL)
          || n_a != n_b || memcmp (buf_a, buf_b, n_b) != 0)
        return FALSE;
    }
}

SdRequest *
sd_sealing_accept_remote (SdWorkspace  *workspace,
                          const char   *origin,
                          const char   *content,
                          GBytes       *signature,
                          const char   *opinion,
                          const char   *result_path,
                          gboolean     *deferred,
                          gboolean     *changed,
                          GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(SdRequest) fresh = NULL;
  g_autoptr(SdProfile) actor = NULL;
  g_autofree char *actor_origin = NULL;
  g_autofree char *output = NULL;
  SdSealingResult result = { 0 };
  SdDecideOptions opts = { 0 };
  SdRequestStep *step = NULL, *current;
  SdDecision *earlier;
  JsonObject *object;
  const char *doc_sha, *result_sha, *opinion_sha;
  int step_index;
  gboolean complete = FALSE, ok = FALSE;

  *deferred = FALSE;
  *changed = FALSE;
  if ((object = parse_decision (content, &root, error)) == NULL)
    return NULL;
  opts.request_id = get_string (object, "request");
  opts.actor = get_string (object, "profile");
  opts.comment = get_string (object, "comment");
  step_index = (int) json_object_get_int_member (object, "step");
  doc_sha = get_string (object, "document_sha256");
  result_sha = get_string (object, "result_sha256");
  opinion_sha = get_string (object, "opinion_sha256");
  if (!action_from_string (get_string (object, "action"), &opts.action))
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID, _("A decision names an unknown action"));
      return NULL;
    }
  if (g_strcmp0 (get_string (object, "workstation"), origin) != 0)
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED, _("A decision on %s was made on workstation %s, not on %s which publishes it"),
                       opts.request_id, get_string (object, "workstation"), origin);
      return NULL;
    }
  if ((request = sd_request_get (workspace, opts.request_id, NULL)) == NULL)
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_FOUND, _("A decision is about the stamp request %s, which is not known here"), opts.request_id);
      return NULL;
    }
  if ((actor = sd_profile_get (workspace, opts.actor, error)) == NULL)
    return NULL;
  actor_origin = sd_profile_get_origin (workspace, opts.actor);
  if (g_strcmp0 (actor_origin, origin) != 0)
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED, _("“%s”, who made a decision on %s, is not a profile of workstation %s"),
                       opts.actor, request->id, origin);
      return NULL;
    }
  if (!sd_store_verify_content (actor->certificate, content, g_bytes_get_data (signature, NULL), g_bytes_get_size (signature)))
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED, _("A decision on %s is not signed by the key of “%s”"), request->id, opts.actor);
      return NULL;
    }

  /* The same decision again: already taken. */
  earlier = sd_request_find_decision (request, step_index, opts.actor);
  if (earlier != NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gboolean has_row = FALSE, same = FALSE;

      sd_workspace_lock (workspace);
      if ((stmt = sd_db_prepare (db, "SELECT content FROM decision WHERE request = ? AND step = ? AND profile = ?", NULL)) != NULL)
        {
          sd_db_bind_text (stmt, 1, request->id);
          sqlite3_bind_int (stmt, 2, step_index);
          sd_db_bind_text (stmt, 3, opts.actor);
          same = sd_db_step_row (db, stmt, &has_row, NULL) && has_row && g_strcmp0 (sd_db_column_text (stmt, 0), content) == 0;
        }
      sd_workspace_unlock (workspace);
      if (same)
        return g_steal_pointer (&request);
    }
  /* A later step than the current one waits for the earlier decisions. */
  current = sd_request_current_step (request);
  if (earlier == NULL && current != NULL && step_index > current->index
      && (g_str_equal (request->state, "pending") || g_str_equal (request->state, "approved")))
    {
      *deferred = TRUE;
      return g_steal_pointer (&request);
    }

  if (opinion_sha != NULL)
    {
      g_autofree char *sha = opinion != NULL ? g_compute_checksum_for_string (G_CHECKSUM_SHA256, opinion, -1) : NULL;

      if (g_strcmp0 (sha, opinion_sha) != 0)
        {
          sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID, _("The opinion published with a decision on %s is not the one it was signed with"), request->id);
          return NULL;
        }
      opts.opinion = opinion;
    }
  if (!sd_sealing_check_decision (workspace, request, actor, &opts, &step, TRUE, error))
    return NULL;
  if ((step != NULL ? step->index : 0) != step_index)
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED, _("A decision by “%s” is for step %d of %s, but step %d is to be decided"),
                       opts.actor, step_index, request->id, step != NULL ? step->index : 0);
      return NULL;
    }
  if (opts.action != SD_DECIDE_WITHDRAW && g_strcmp0 (doc_sha, request->current_sha256) != 0)
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_CHANGED, _("A decision on %s was made on another version of its document"), request->id);
      return NULL;
    }

  /* A sign or stamp step made a signed document: it must be the one the
   * decision names, and extend the document decided on. */
  if (opts.action == SD_DECIDE_APPROVE && step->kind != SD_STEP_APPROVE)
    {
      g_autofree char *dir = NULL;
      g_autofree char *name = NULL;
      g_autofree char *sha = NULL;

      if (result_sha == NULL)
        {
          sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID, _("A decision that signs %s names no signed document"), request->id);
          goto out;
        }
      if (result_path == NULL)
        {
          *deferred = TRUE;
          ok = TRUE;
          goto out;
        }
      if ((sha = sd_file_sha256 (result_path, NULL, error)) == NULL)
        goto out;
      if (!g_str_equal (sha, result_sha) || !extends_file (result_path, request->current_path))
        {
          sd_store_refuse (error, SD_WORKSPACE_ERROR_CHANGED, _("The signed document published for %s is not the one its decision names, or does not extend the document decided on"),
                           request->id);
          goto out;
        }
      if ((dir = sd_workspace_get_subdir (workspace, "documents", error)) == NULL)
        goto out;
      name = g_strconcat (sha, ".pdf", NULL);
      result.path = g_build_filename (dir, name, NULL);
      result.sha256 = g_steal_pointer (&sha);
      if (!g_file_test (result.path, G_FILE_TEST_EXISTS) && !sd_sealing_copy_file (result_path, result.path, error))
        goto out;
    }
  else if (result_sha != NULL)
    {
      sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID, _("A decision on %s names a signed document but signs nothing"), request->id);
      goto out;
    }
  complete = step != NULL && opts.action != SD_DECIDE_REJECT
             && sd_sealing_completes (request, step, actor->name, opts.action);

  sd_workspace_lock (workspace);
  if (!sd_db_begin (db, error))
    goto unlock;
  if ((fresh = sd_request_get (workspace, request->id, error)) == NULL)
    goto unlock;
  {
    SdRequestStep *again = NULL;

    if (!sd_sealing_check_decision (workspace, fresh, actor, &opts, &again, FALSE, error))
      goto unlock;
    if (g_strcmp0 (fresh->current_sha256, request->current_sha256) != 0 || (again != NULL ? again->index : 0) != step_index)
      {
        sd_store_refuse (error, SD_WORKSPACE_ERROR_CHANGED, _("The stamp request %s changed while a decision was being taken"), request->id);
        goto unlock;
      }
  }
  if (complete)
    {
      const char *final = result.path != NULL ? result.path
                          : g_strcmp0 (fresh->current_path, fresh->doc_path) != 0 ? fresh->current_path : NULL;

      if (final != NULL)
        {
          output = sd_sealing_default_output (fresh);
          if (!sd_sealing_copy_file (final, output, error))
            goto unlock;
        }
    }
  ok = sd_sealing_record (workspace, fresh, step_index, actor, &opts, content, signature,
                          &result, complete, output, error)
       && sd_ledger_sign_head (ledger, error)
       && sd_db_commit (db, error);
  *changed = ok;

unlock:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
out:
  sd_sealing_result_clear (&result);
  if (!ok)
    return NULL;
  if (*deferred)
    return g_steal_pointer (&request);
  return sd_request_get (workspace, opts.request_id, error);
}
