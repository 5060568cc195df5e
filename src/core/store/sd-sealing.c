/* sd-sealing.c: the one sealing operation */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-atomic-file.h"
#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-pdf-document.h"
#include "sd-profile.h"
#include "sd-request-private.h"
#include "sd-sealing-private.h"
#include "sd-seal-library.h"
#include "sd-signer.h"

static const char *const action_names[] = { "approve", "reject", "decline", "withdraw" };

const char *
sd_decide_action_to_string (SdDecideAction action)
{
  return action_names[action];
}

gboolean
sd_store_refuse (GError    **error,
                 int         code,
                 const char *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (SD_WORKSPACE_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
state_is_open (SdRequest *request)
{
  return g_str_equal (request->state, "pending") || g_str_equal (request->state, "approved");
}

/* The checks of a decision that need no key: state, step, membership,
 * roles, grants, seals, document. Run again inside the transaction, and
 * by the import of decisions made on other workstations. */
gboolean
sd_sealing_check_decision (SdWorkspace            *workspace,
                           SdRequest              *request,
                           SdProfile              *actor,
                           const SdDecideOptions  *opts,
                           SdRequestStep         **step_out,
                           gboolean                hash_file,
                           GError                **error)
{
  SdRequestStep *step;

  *step_out = NULL;
  if (!state_is_open (request))
    return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                            /* TRANSLATORS: the last %s is the state: completed, rejected, withdrawn */
                            _("The stamp request %s is %s: it takes no more decisions"), request->id, request->state);

  if (opts->action == SD_DECIDE_WITHDRAW)
    {
      if (g_strcmp0 (actor->name, request->requester) != 0)
        return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                                _("Only the requester (%s) can withdraw the stamp request %s"),
                                request->requester, request->id);
      return TRUE;
    }

  step = sd_request_current_step (request);
  if (step == NULL)
    return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                            _("The stamp request %s has no step left to decide"), request->id);
  if (!sd_request_step_has_profile (step, actor->name))
    {
      g_autofree char *names = g_strjoinv (", ", step->profiles);

      return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                              _("It is not the turn of “%s”: step %d (%s) of request %s is for %s"),
                              actor->name, step->index, sd_step_kind_to_string (step->kind), request->id, names);
    }
  if (sd_request_find_decision (request, step->index, actor->name) != NULL)
    return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                            _("“%s” has already decided step %d of request %s"), actor->name, step->index, request->id);
  if (!sd_request_check_role (actor, step->kind, error))
    return FALSE;
  if (opts->action == SD_DECIDE_REJECT && (opts->comment == NULL || *opts->comment == '\0'))
    return sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID,
                            _("Say why the request is rejected with --comment TEXT"));
  if (opts->action == SD_DECIDE_DECLINE)
    {
      if (opts->opinion == NULL || *opts->opinion == '\0')
        return sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID,
                                _("Declining records a written opinion: give it with --opinion FILE"));
      if (!step->all)
        return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                                _("Step %d needs one of its profiles, not all: it cannot go on without this decision; approve or reject instead"),
                                step->index);
    }

  /* Approving needs the seals to be usable, and the grant for them. */
  if (opts->action == SD_DECIDE_APPROVE)
    {
      g_autoptr(GHashTable) signers = sd_request_signer_keys (workspace, request->steps);

      for (guint i = 0; i < request->placements->len; i++)
        {
          SdRequestPlacement *p = g_ptr_array_index (request->placements, i);
          g_autoptr(SdSeal) seal = sd_seal_library_get (workspace, p->seal, error);
          SdSealMay may;

          if (seal == NULL || !sd_seal_check_usable (seal, error))
            return FALSE;
          /* Personal seals are their signer's own: no grant is asked. */
          if (step->kind == SD_STEP_SIGN || !sd_request_placement_is_stamped (workspace, p, signers))
            continue;
          may = sd_seal_library_grants_of (workspace, seal->id, actor->name, NULL);
          if (step->kind == SD_STEP_APPROVE && !(may & SD_SEAL_MAY_APPROVE))
            return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                                    _("Profile “%s” may not approve the use of the seal “%s”: it has no grant to approve it"),
                                    actor->name, seal->name);
          if (step->kind == SD_STEP_STAMP && !(may & SD_SEAL_MAY_USE))
            return sd_store_refuse (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                                    _("Profile “%s” may not use the seal “%s”: it has no grant to use it"),
                                    actor->name, seal->name);
        }
    }

  if (hash_file && opts->action != SD_DECIDE_WITHDRAW)
    {
      g_autoptr(GError) io_error = NULL;
      g_autofree char *sha = sd_file_sha256 (request->current_path, opts->cancellable, &io_error);

      if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&io_error));
          return FALSE;
        }
      if (sha == NULL)
        return sd_store_refuse (error, SD_WORKSPACE_ERROR_CHANGED,
                                _("The document of request %s cannot be read (%s): it can no longer be decided"),
                                request->id, io_error->message);
      if (g_strcmp0 (sha, request->current_sha256) != 0)
        return sd_store_refuse (error, SD_WORKSPACE_ERROR_CHANGED,
                                _("The document %s changed after the stamp request %s was made: it can no longer be approved; make a new request"),
                                request->current_path, request->id);
    }
  *step_out = step;
  return TRUE;
}

/* Would the request be complete once @actor has decided @step so? */
gboolean
sd_sealing_completes (SdRequest      *request,
                      SdRequestStep  *step,
                      const char     *actor,
                      SdDecideAction  action)
{
  SdDecision fake = { step->index, (char *) actor, (char *) action_names[action], NULL, NULL, NULL, NULL };
  gboolean complete;

  g_ptr_array_add (request->decisions, &fake);
  complete = sd_request_current_step (request) == NULL;
  g_ptr_array_steal_index (request->decisions, request->decisions->len - 1);
  return complete;
}

char *
sd_sealing_default_output (SdRequest *request)
{
  g_autofree char *dir = g_path_get_dirname (request->doc_path);
  g_autofree char *base = g_strdup (request->doc_name);
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, ".pdf") || g_str_has_suffix (base, ".PDF"))
    base[strlen (base) - 4] = '\0';
  name = g_strconcat (base, "-signed.pdf", NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
sd_sealing_copy_file (const char  *from,
                      const char  *to,
                      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (from);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(SdAtomicFile) out = NULL;
  g_autofree guint8 *buffer = NULL;
  GStatBuf st;
  int mode = 0644;
  gssize n;

  /* The copy is as private as the original. */
  if (g_stat (from, &st) == 0)
    mode = (st.st_mode & 0777) | 0600;
  if (in == NULL || (out = sd_atomic_file_new_with_mode (to, mode, error)) == NULL)
    return FALSE;
  buffer = g_malloc (1 << 20);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 1 << 20, NULL, error)) > 0)
    if (!sd_atomic_file_write (out, buffer, n, error))
      return FALSE;
  return n == 0 && sd_atomic_file_commit (out, error);
}

static JsonNode *
decision_content (SdWorkspace            *workspace,
                  SdRequest              *request,
                  int                     step,
                  const SdDecideOptions  *opts,
                  const char             *result_sha,
                  const char             *now)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *opinion_sha = opts->opinion != NULL
    ? g_compute_checksum_for_string (G_CHECKSUM_SHA256, opts->opinion, -1) : NULL;
  struct { const char *name, *value; } members[] = {
    { "action", action_names[opts->action] },
    { "comment", opts->comment },
    { "document_sha256", request->current_sha256 },
    { "opinion_sha256", opinion_sha },
    { "profile", opts->actor },
    { "request", request->id },
    { "result_sha256", result_sha },
  };

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (b, members[i].name);
      if (members[i].value != NULL)
        json_builder_add_string_value (b, members[i].value);
      else
        json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "step");
  json_builder_add_int_value (b, step);
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "workstation");
  json_builder_add_string_value (b, sd_workspace_get_workstation_id (workspace));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* What the end of a decision needs (sd_sealing_finish_step), as the
 * intent keeps it. */
static JsonObject *
step_payload (SdRequest             *request,
              int                    step_index,
              const SdDecideOptions *opts,
              const char            *content,
              GBytes                *signature,
              SdSealingResult       *result,
              gboolean               complete)
{
  JsonObject *payload = json_object_new ();
  g_autofree char *sig = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  g_autofree char *output = opts->output_path != NULL ? g_canonicalize_filename (opts->output_path, NULL) : NULL;

  json_object_set_string_member (payload, "request", request->id);
  json_object_set_int_member (payload, "step", step_index);
  json_object_set_string_member (payload, "actor", opts->actor);
  json_object_set_string_member (payload, "action", action_names[opts->action]);
  json_object_set_string_member (payload, "comment", opts->comment);
  json_object_set_string_member (payload, "opinion", opts->opinion);
  json_object_set_string_member (payload, "output", output);
  json_object_set_string_member (payload, "content", content);
  json_object_set_string_member (payload, "signature", sig);
  json_object_set_string_member (payload, "document_sha256", request->current_sha256);
  json_object_set_boolean_member (payload, "complete", complete);
  if (result->sha256 != NULL)
    {
      JsonObject *signed_doc = json_object_new ();
      JsonArray *seals = json_array_new ();
      JsonArray *keys = json_array_new ();

      for (guint i = 0; i < result->seals->len; i++)
        json_array_add_string_element (seals, g_ptr_array_index (result->seals, i));
      for (guint i = 0; i < result->keys->len; i++)
        json_array_add_string_element (keys, g_ptr_array_index (result->keys, i));
      json_object_set_string_member (signed_doc, "path", result->path);
      json_object_set_string_member (signed_doc, "sha256", result->sha256);
      json_object_set_array_member (signed_doc, "seals", seals);
      json_object_set_array_member (signed_doc, "keys", keys);
      json_object_set_object_member (payload, "result", signed_doc);
    }
  return payload;
}

static GPtrArray *
string_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (strings, g_strdup (json_node_get_string (element)));
    }
  return strings;
}

gboolean
sd_sealing_finish_step (SdWorkspace  *workspace,
                        JsonObject   *payload,
                        gboolean      recovered,
                        GError      **refusal,
                        GError      **error)
{
  SdDecideOptions opts = { 0 };
  SdSealingResult result = { 0 };
  g_autoptr(SdRequest) fresh = NULL;
  g_autoptr(SdProfile) actor = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *output = NULL;
  JsonNode *signed_doc = json_object_get_member (payload, "result");
  const char *action = sd_json_get_string (payload, "action", NULL);
  const char *content = sd_json_get_string (payload, "content", NULL);
  const char *sig = sd_json_get_string (payload, "signature", NULL);
  const char *document_sha = sd_json_get_string (payload, "document_sha256", NULL);
  const char *output_path = sd_json_get_string (payload, "output", NULL);
  int step_index = (int) sd_json_get_int (payload, "step", 0);
  gboolean complete = json_object_get_boolean_member_with_default (payload, "complete", FALSE);
  SdRequestStep *again = NULL;
  gboolean ok = FALSE;

  opts.request_id = sd_json_get_string (payload, "request", NULL);
  opts.actor = sd_json_get_string (payload, "actor", NULL);
  opts.comment = sd_json_get_string (payload, "comment", NULL);
  opts.opinion = sd_json_get_string (payload, "opinion", NULL);
  opts.action = G_N_ELEMENTS (action_names);
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (action_names); i++)
    if (g_str_equal (action, action_names[i]))
      opts.action = i;
  if (opts.request_id == NULL || opts.actor == NULL || opts.action == G_N_ELEMENTS (action_names)
      || content == NULL || sig == NULL || document_sha == NULL)
    return sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID,
                            _("An unfinished sealing of this workspace cannot be read"));
  {
    gsize len = 0;
    guchar *raw = g_base64_decode (sig, &len);

    signature = g_bytes_new_take (raw, len);
  }
  if (signed_doc != NULL && JSON_NODE_HOLDS_OBJECT (signed_doc))
    {
      JsonObject *object = json_node_get_object (signed_doc);

      result.path = g_strdup (sd_json_get_string (object, "path", NULL));
      result.sha256 = g_strdup (sd_json_get_string (object, "sha256", NULL));
      result.seals = string_array (object, "seals");
      result.keys = string_array (object, "keys");
    }
  result.recovered = recovered;

  if ((fresh = sd_request_get (workspace, opts.request_id, error)) == NULL
      || (actor = sd_profile_get (workspace, opts.actor, error)) == NULL)
    goto out;
  /* What was checked may have changed while it was signed: check again. */
  if (!sd_sealing_check_decision (workspace, fresh, actor, &opts, &again, FALSE, refusal))
    goto out;
  if (g_strcmp0 (fresh->current_sha256, document_sha) != 0 || (again != NULL ? again->index : 0) != step_index)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_CHANGED,
                   _("The stamp request %s changed while it was being decided: look at it again"),
                   fresh->id);
      goto out;
    }

  if (complete)
    {
      /* The last signed revision: made now, or by an earlier step when
       * this last decision signs nothing (a dissent). */
      const char *final = result.path != NULL ? result.path
                          : g_strcmp0 (fresh->current_path, fresh->doc_path) != 0 ? fresh->current_path : NULL;

      if (final != NULL)
        {
          output = output_path != NULL ? g_strdup (output_path) : sd_sealing_default_output (fresh);
          if (!sd_sealing_copy_file (final, output, error))
            goto out;
        }
    }
  ok = sd_sealing_record (workspace, fresh, step_index, actor, &opts, content, signature,
                          &result, complete, output, error);
out:
  sd_sealing_result_clear (&result);
  return ok;
}

SdRequest *
sd_sealing_decide (SdWorkspace           *workspace,
                   const SdDecideOptions *opts,
                   GError               **error)
{
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(SdProfile) actor = NULL;
  g_autoptr(SdKey) key = NULL;
  g_autoptr(SdSealingIntent) intent = NULL;
  g_autoptr(JsonNode) content_node = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *content = NULL;
  g_autofree char *now = NULL;
  SdSealingResult result = { 0 };
  SdRequestStep *step = NULL;
  int step_index = 0;
  gboolean complete = FALSE, ok = FALSE;

  if ((request = sd_request_get (workspace, opts->request_id, error)) == NULL
      || (actor = sd_profile_get (workspace, opts->actor, error)) == NULL)
    return NULL;

  /* A completed request whose output went missing (the program was
   * stopped before it was written) is finished again, once. */
  if (opts->action == SD_DECIDE_APPROVE && g_str_equal (request->state, "completed")
      && request->output != NULL && !g_file_test (request->output, G_FILE_TEST_EXISTS)
      && g_file_test (request->current_path, G_FILE_TEST_IS_REGULAR))
    {
      if (!sd_sealing_copy_file (request->current_path, request->output, error))
        return NULL;
      return g_steal_pointer (&request);
    }

  if (!sd_sealing_check_decision (workspace, request, actor, opts, &step, TRUE, &local_error))
    goto refused;
  step_index = step != NULL ? step->index : 0;
  complete = step != NULL && opts->action != SD_DECIDE_REJECT
             && sd_sealing_completes (request, step, actor->name, opts->action);

  if ((key = sd_profile_open_key (workspace, actor, opts->pin_cb, opts->pin_data, opts->cancellable, error)) == NULL)
    return NULL;

  /* Sign and stamp steps change the document: sign first, record after. */
  if (opts->action == SD_DECIDE_APPROVE && step->kind != SD_STEP_APPROVE)
    {
      if ((intent = sd_sealing_intent_new (workspace, error)) == NULL
          || !sd_sealing_sign_step (workspace, request, step, actor, key, opts,
                                    complete && request->lock, intent, &result, error))
        goto out;
    }

  now = sd_workspace_now_string ();
  content_node = decision_content (workspace, request, step_index, opts, result.sha256, now);
  if (!sd_store_sign_content (key, content_node, &content, &signature, error))
    goto out;
  payload = step_payload (request, step_index, opts, content, signature, &result, complete);

  /* The signed document in place only with its intent committed: the
   * next program to open the workspace records it if this one is
   * killed before it does. */
  ok = sd_sealing_finish (workspace, intent, "step", result.temp_path, result.path, result.sha256,
                          opts->actor, request->id, step_index, payload, &local_error, error);
  if (local_error != NULL)
    goto refused;

out:
  if (!ok && intent != NULL)
    sd_sealing_intent_abandon (intent);
  if (key != NULL)
    sd_key_lock (key);
  sd_sealing_result_clear (&result);
  return ok ? sd_request_get (workspace, opts->request_id, error) : NULL;

refused:
  if (local_error->code == SD_WORKSPACE_ERROR_NOT_ALLOWED || local_error->code == SD_WORKSPACE_ERROR_CHANGED)
    sd_store_record_refusal (workspace, opts->actor, NULL, request->id,
                             action_names[opts->action], local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  if (key != NULL)
    sd_key_lock (key);
  sd_sealing_result_clear (&result);
  return NULL;
}
