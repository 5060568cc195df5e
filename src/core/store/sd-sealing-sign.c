/* sd-sealing-sign.c: the signing and recording halves of a decision */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-pdf-document.h"
#include "sd-request-private.h"
#include "sd-sealing-private.h"
#include "sd-seal-library.h"
#include "sd-signer.h"

/* Opinions longer than this are kept in the record but only hashed in the
 * ledger entry. */
#define LEDGER_OPINION_MAX (64 * 1024)

void
sd_sealing_result_clear (SdSealingResult *result)
{
  g_clear_pointer (&result->path, g_free);
  if (result->temp_path != NULL)
    g_unlink (result->temp_path);   /* not put in place */
  g_clear_pointer (&result->temp_path, g_free);
  g_clear_pointer (&result->sha256, g_free);
  g_clear_pointer (&result->seals, g_ptr_array_unref);
  g_clear_pointer (&result->keys, g_ptr_array_unref);
}

typedef struct {
  char      *key_id;
  GPtrArray *placements;   /* SdRequestPlacement, borrowed */
} SealGroup;

static void
seal_group_free (SealGroup *group)
{
  g_free (group->key_id);
  g_ptr_array_unref (group->placements);
  g_free (group);
}

/* The signatures this step makes: one per key, with its placements. */
static GPtrArray *
plan_signatures (SdWorkspace   *workspace,
                 SdRequest     *request,
                 SdRequestStep *step,
                 SdProfile     *actor)
{
  g_autoptr(GHashTable) signers = sd_request_signer_keys (workspace, request->steps);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) seal_group_free);

  if (step->kind == SD_STEP_SIGN)
    {
      SealGroup *group = g_new0 (SealGroup, 1);

      group->key_id = g_strdup (actor->key_id);
      group->placements = g_ptr_array_new ();
      for (guint i = 0; i < request->placements->len; i++)
        {
          SdRequestPlacement *p = g_ptr_array_index (request->placements, i);

          if (sd_request_placement_is_personal (workspace, p, actor->key_id))
            g_ptr_array_add (group->placements, p);
        }
      g_ptr_array_add (groups, group);
      return groups;
    }

  for (guint i = 0; i < request->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (request->placements, i);
      g_autoptr(SdSeal) seal = sd_seal_library_get (workspace, p->seal, NULL);
      SealGroup *group = NULL;

      if (seal == NULL || !sd_request_placement_is_stamped (workspace, p, signers))
        continue;   /* placed by its owner's sign step */
      for (guint j = 0; j < groups->len && group == NULL; j++)
        if (g_str_equal (((SealGroup *) g_ptr_array_index (groups, j))->key_id, seal->key_id))
          group = g_ptr_array_index (groups, j);
      if (group == NULL)
        {
          group = g_new0 (SealGroup, 1);
          group->key_id = g_strdup (seal->key_id);
          group->placements = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->placements, p);
    }
  return groups;
}

static gboolean
document_has_signatures (const char *path)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, NULL);

  return doc == NULL || sd_pdf_document_get_n_signatures (doc) > 0;
}

static gboolean
sign_group (SdWorkspace           *workspace,
            SdRequest             *request,
            SealGroup             *group,
            SdProfile             *actor,
            SdKey                 *key,
            const char            *in_path,
            SdSealingIntent       *intent,
            guint                  n,
            char                 **out_path,
            gboolean               lock,
            const SdDecideOptions *opts,
            SdSealingResult       *result,
            const char            *in_sha,
            char                 **out_sha,
            GError               **error)
{
  SdSignOptions sign_opts;
  g_auto(SdSignResult) made = { 0 };
  g_autofree char *seal_name = NULL;
  gboolean ok = FALSE;

  sd_sign_options_init (&sign_opts);
  /* A seal into an existing field is the signature's own widget: first. */
  for (guint i = 1; i < group->placements->len; i++)
    if (((SdRequestPlacement *) g_ptr_array_index (group->placements, i))->field != NULL)
      {
        gpointer field = g_ptr_array_steal_index (group->placements, i);

        g_ptr_array_insert (group->placements, 0, field);
      }
  for (guint i = 0; i < group->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (group->placements, i);
      g_autoptr(SdSeal) seal = NULL;
      g_autofree char *image = NULL;

      if (p->field != NULL && i > 0)
        {
          g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                               _("One signature fills one signature field: give these seals different keys or place them by rectangle"));
          goto out;
        }
      if (p->field != NULL)
        sign_opts.field_name = g_strdup (p->field);
      seal = sd_seal_library_get (workspace, p->seal, error);

      if (seal == NULL || !sd_seal_check_usable (seal, error)
          || (image = sd_seal_library_image_path (workspace, seal, error)) == NULL)
        goto out;
      sd_sign_options_add_seal (&sign_opts, p->page, p->x, p->y, p->width, p->height, image);
      if (seal_name == NULL)
        seal_name = g_strdup (seal->name);
      g_ptr_array_add (result->seals, g_strdup (seal->id));
    }
  sign_opts.reason = g_strdup (request->reason);
  sign_opts.name = g_strdup (seal_name != NULL && group->placements->len > 0
                             && g_strcmp0 (group->key_id, actor->key_id) != 0
                             ? seal_name : actor->name);
  if (lock)
    {
      if (document_has_signatures (in_path))
        sign_opts.lock_document = TRUE;
      else
        sign_opts.certify = SD_CERTIFY_NO_CHANGES;
    }
  if (!sd_sealing_intent_sign (intent, n, in_path, key, &sign_opts, &made, opts->progress,
                               opts->progress_data, opts->cancellable, out_path, NULL, out_sha, error))
    goto out;
  /* What was signed is what was checked, even if the file was replaced
   * since (the check read it before the key was opened). */
  if (in_sha != NULL && made.input_sha256 != NULL && g_strcmp0 (made.input_sha256, in_sha) != 0)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_CHANGED,
                   _("The document %s changed after the stamp request %s was made: it can no longer be approved; make a new request"),
                   in_path, request->id);
      g_unlink (*out_path);
      g_clear_pointer (out_path, g_free);
      goto out;
    }
  ok = TRUE;
  g_ptr_array_add (result->keys, g_strdup (group->key_id));

out:
  sd_sign_options_clear (&sign_opts);
  return ok;
}

gboolean
sd_sealing_sign_step (SdWorkspace           *workspace,
                      SdRequest             *request,
                      SdRequestStep         *step,
                      SdProfile             *actor,
                      SdKey                 *key,
                      const SdDecideOptions *opts,
                      gboolean               lock,
                      SdSealingIntent       *intent,
                      SdSealingResult       *result,
                      GError               **error)
{
  g_autoptr(GPtrArray) groups = plan_signatures (workspace, request, step, actor);
  g_autofree char *dir = sd_workspace_get_subdir (workspace, "documents", error);
  g_autofree char *in_path = g_strdup (request->current_path);
  g_autofree char *final_name = NULL;

  result->seals = g_ptr_array_new_with_free_func (g_free);
  result->keys = g_ptr_array_new_with_free_func (g_free);
  if (dir == NULL)
    return FALSE;
  if (groups->len == 0)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                   _("Step %d of request %s has no seal to stamp"), step->index, request->id);
      return FALSE;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      SealGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(SdKey) seal_key = NULL;
      g_autofree char *out_path = NULL;
      SdKey *signing_key = key;
      gboolean ok;

      if (g_strcmp0 (group->key_id, actor->key_id) != 0)
        {
          seal_key = sd_workspace_open_key (workspace, group->key_id, opts->seal_pin_cb, opts->seal_pin_data,
                                            opts->cancellable, error);
          if (seal_key == NULL)
            {
              g_prefix_error (error, _("The seal's key %s: "), group->key_id);
              goto fail;
            }
          signing_key = seal_key;
        }
      g_clear_pointer (&result->sha256, g_free);
      ok = sign_group (workspace, request, group, actor, signing_key, in_path, intent, i, &out_path,
                       lock && i == groups->len - 1, opts, result,
                       i == 0 ? request->current_sha256 : NULL, &result->sha256, error);
      if (seal_key != NULL)
        sd_key_lock (seal_key);
      if (!ok)
        goto fail;
      if (i > 0)
        g_unlink (in_path);
      g_free (in_path);
      in_path = g_steal_pointer (&out_path);
    }

  /* Content-addressed: documents/<sha256>.pdf, never overwritten; the
   * intent puts it there. */
  final_name = g_strconcat (result->sha256, ".pdf", NULL);
  result->path = g_build_filename (dir, final_name, NULL);
  result->temp_path = g_steal_pointer (&in_path);
  return TRUE;

fail:
  if (g_strcmp0 (in_path, request->current_path) != 0)
    g_unlink (in_path);
  return FALSE;
}

static gboolean
insert_decision (SdDb                  *db,
                 SdRequest             *request,
                 int                    step_index,
                 const SdDecideOptions *opts,
                 const char            *content,
                 GBytes                *signature,
                 const char            *now,
                 gint64                *decision_id,
                 GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "INSERT INTO decision (request, step, profile, action, comment, opinion, "
                                                    "document_sha256, time, content, signature) "
                                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, request->id);
  sqlite3_bind_int (stmt, 2, step_index);
  sd_db_bind_text (stmt, 3, opts->actor);
  sd_db_bind_text (stmt, 4, sd_decide_action_to_string (opts->action));
  sd_db_bind_text (stmt, 5, opts->comment);
  sd_db_bind_text (stmt, 6, opts->opinion);
  sd_db_bind_text (stmt, 7, request->current_sha256);
  {
    /* The time the decider signed, as the signed content says. */
    g_autoptr(JsonNode) parsed = sd_canonical_json_parse (content, strlen (content), 1024 * 1024, NULL);
    const char *signed_time = parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed)
      ? sd_json_get_string (json_node_get_object (parsed), "time", NULL) : NULL;

    sd_db_bind_text (stmt, 8, signed_time != NULL ? signed_time : now);
  }
  sd_db_bind_text (stmt, 9, content);
  sqlite3_bind_blob (stmt, 10, g_bytes_get_data (signature, NULL), (int) g_bytes_get_size (signature), SQLITE_TRANSIENT);
  if (!sd_db_step_done (db, stmt, error))
    {
      if (error != NULL && *error != NULL && (*error)->code == SD_DB_ERROR_CONSTRAINT)
        {
          g_clear_error (error);
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                       _("“%s” has already decided step %d of request %s"), opts->actor, step_index, request->id);
        }
      return FALSE;
    }
  *decision_id = sqlite3_last_insert_rowid (sd_db_get_handle (db));
  return TRUE;
}

static const char *
next_state (SdRequest             *request,
            int                    step_index,
            const SdDecideOptions *opts,
            gboolean               complete)
{
  SdDecision fake = { step_index, (char *) opts->actor, (char *) sd_decide_action_to_string (opts->action),
                      NULL, NULL, NULL, NULL };
  SdRequestStep *next;

  if (opts->action == SD_DECIDE_REJECT)
    return "rejected";
  if (opts->action == SD_DECIDE_WITHDRAW)
    return "withdrawn";
  if (complete)
    return "completed";
  g_ptr_array_add (request->decisions, &fake);
  next = sd_request_current_step (request);
  g_ptr_array_steal_index (request->decisions, request->decisions->len - 1);
  return next != NULL && next->kind == SD_STEP_APPROVE ? "pending" : "approved";
}

static gboolean
update_request (SdDb            *db,
                SdRequest       *request,
                const char      *state,
                SdSealingResult *result,
                const char      *output,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "UPDATE request SET state = ?, current_path = COALESCE (?, current_path), "
                                                    "current_sha256 = COALESCE (?, current_sha256), "
                                                    "output = COALESCE (?, output) WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, state);
  sd_db_bind_text (stmt, 2, result->path);
  sd_db_bind_text (stmt, 3, result->sha256);
  sd_db_bind_text (stmt, 4, output);
  sd_db_bind_text (stmt, 5, request->id);
  return sd_db_step_done (db, stmt, error);
}

/* Was the decision @content made on this workstation? Only those go in
 * the publish queue: one taken from a peer is published by that peer. */
static gboolean
made_here (SdWorkspace *workspace,
           const char  *content)
{
  g_autoptr(JsonNode) root = sd_canonical_json_parse (content, strlen (content), 1024 * 1024, NULL);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  return object != NULL
         && g_strcmp0 (sd_json_get_string (object, "workstation", NULL),
                       sd_workspace_get_workstation_id (workspace)) == 0;
}

/* The details of an entry of the decision: recovered or not. */
static JsonObject *
recorded_details (SdSealingResult *result)
{
  JsonObject *details = json_object_new ();

  if (result->recovered)
    sd_sealing_mark_recovered (details);
  return details;
}

gboolean
sd_sealing_record (SdWorkspace           *workspace,
                   SdRequest             *request,
                   int                    step_index,
                   SdProfile             *actor,
                   const SdDecideOptions *opts,
                   const char            *content,
                   GBytes                *signature,
                   SdSealingResult       *result,
                   gboolean               complete,
                   const char            *output,
                   GError               **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  g_autofree char *now = sd_workspace_now_string ();
  g_autofree char *decision_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  g_autofree char *ref = NULL;
  const char *state = next_state (request, step_index, opts, complete);
  SdRequestStep *step = step_index > 0 && step_index <= (int) request->steps->len
    ? g_ptr_array_index (request->steps, step_index - 1) : NULL;
  JsonObject *details;
  gint64 decision_id = 0;
  gboolean here = made_here (workspace, content);

  if (!insert_decision (db, request, step_index, opts, content, signature, now, &decision_id, error)
      || !update_request (db, request, state, result, output, error))
    return FALSE;

  details = recorded_details (result);
  json_object_set_string_member (details, "action", sd_decide_action_to_string (opts->action));
  json_object_set_int_member (details, "step", step_index);
  if (step != NULL)
    json_object_set_string_member (details, "step_kind", sd_step_kind_to_string (step->kind));
  json_object_set_string_member (details, "decision_sha256", decision_sha);
  json_object_set_string_member (details, "key", actor->key_id);
  json_object_set_string_member (details, "state", state);
  if (opts->comment != NULL)
    json_object_set_string_member (details, "comment", opts->comment);
  if (opts->opinion != NULL)
    {
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, opts->opinion, -1);

      json_object_set_string_member (details, "opinion_sha256", sha);
      if (strlen (opts->opinion) <= LEDGER_OPINION_MAX)
        json_object_set_string_member (details, "opinion", opts->opinion);
    }
  if (result->sha256 != NULL)
    json_object_set_string_member (details, "result_sha256", result->sha256);
  if (sd_ledger_append (ledger, SD_LEDGER_DECISION, actor->name, NULL, request->id,
                        request->current_sha256, details, error) == 0)
    return FALSE;

  for (guint i = 0; result->keys != NULL && i < result->keys->len; i++)
    {
      details = recorded_details (result);
      json_object_set_string_member (details, "action", "sign");
      json_object_set_string_member (details, "key", g_ptr_array_index (result->keys, i));
      json_object_set_string_member (details, "result_sha256", result->sha256);
      if (sd_ledger_append (ledger, SD_LEDGER_KEY_USE, actor->name, NULL, request->id,
                            request->current_sha256, details, error) == 0)
        return FALSE;
    }
  for (guint i = 0; result->seals != NULL && i < result->seals->len; i++)
    {
      details = recorded_details (result);
      json_object_set_string_member (details, "action", "stamp");
      json_object_set_int_member (details, "step", step_index);
      json_object_set_string_member (details, "result_sha256", result->sha256);
      if (sd_ledger_append (ledger, SD_LEDGER_SEAL_USE, actor->name, g_ptr_array_index (result->seals, i),
                            request->id, request->current_sha256, details, error) == 0)
        return FALSE;
    }
  ref = g_strdup_printf ("%s/%lld", request->id, (long long) decision_id);
  if (here && !sd_store_mark_publish (db, "decision", ref, error))
    return FALSE;

  if (complete || opts->action == SD_DECIDE_REJECT || opts->action == SD_DECIDE_WITHDRAW)
    {
      details = recorded_details (result);
      json_object_set_string_member (details, "action", complete ? "request-complete" : "request-end");
      json_object_set_string_member (details, "state", state);
      if (output != NULL)
        {
          g_autofree char *base = g_path_get_basename (output);

          json_object_set_string_member (details, "output", base);
        }
      /* Locked only by a signature made now: a dissent signs nothing. */
      json_object_set_boolean_member (details, "locked", complete && request->lock && result->path != NULL);
      if (sd_ledger_append (ledger, SD_LEDGER_LIFECYCLE, actor->name, NULL, request->id,
                            result->sha256 != NULL ? result->sha256 : request->current_sha256,
                            details, error) == 0)
        return FALSE;
      if (complete && here && !sd_store_mark_publish (db, "completed", request->id, error))
        return FALSE;
    }
  return TRUE;
}
