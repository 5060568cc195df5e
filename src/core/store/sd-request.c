/* sd-request.c: stamp requests and their signing order */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-merkle.h"
#include "sd-profile.h"
#include "sd-request-private.h"
#include "sd-seal-library.h"

static const char *const step_kinds[] = { "approve", "sign", "stamp" };

const char *
sd_step_kind_to_string (SdStepKind kind)
{
  return step_kinds[kind];
}

void
sd_request_step_free (SdRequestStep *step)
{
  if (step == NULL)
    return;
  g_strfreev (step->profiles);
  g_free (step);
}

void
sd_request_placement_free (SdRequestPlacement *placement)
{
  if (placement == NULL)
    return;
  g_free (placement->seal);
  g_free (placement->field);
  g_free (placement);
}

static void
decision_free (SdDecision *decision)
{
  g_free (decision->profile);
  g_free (decision->action);
  g_free (decision->comment);
  g_free (decision->opinion);
  g_free (decision->document_sha256);
  g_free (decision->time);
  g_free (decision);
}

void
sd_request_free (SdRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->id);
  g_free (request->state);
  g_free (request->requester);
  g_free (request->reason);
  g_free (request->matter);
  g_free (request->doc_path);
  g_free (request->doc_name);
  g_free (request->doc_sha256);
  g_free (request->current_path);
  g_free (request->current_sha256);
  g_free (request->output);
  g_free (request->created);
  g_clear_pointer (&request->placements, g_ptr_array_unref);
  g_clear_pointer (&request->steps, g_ptr_array_unref);
  g_clear_pointer (&request->decisions, g_ptr_array_unref);
  g_free (request);
}

SdRequestStep *
sd_request_step_parse (const char  *text,
                       GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  g_auto(GStrv) names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  SdRequestStep *step;
  guint n = g_strv_length (parts);
  int kind = -1;

  if (n == 2 || n == 3)
    for (guint i = 0; i < G_N_ELEMENTS (step_kinds); i++)
      if (g_str_equal (parts[0], step_kinds[i]))
        kind = (int) i;
  if (kind < 0 || (n == 3 && !g_str_equal (parts[2], "all") && !g_str_equal (parts[2], "one"))
      || parts[1][0] == '\0')
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                   _("A step is KIND:PROFILE[,PROFILE…][:all] with KIND approve, sign or stamp, not “%s”"), text);
      return NULL;
    }
  names = g_strsplit (parts[1], ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (names[i], names[j]))
          {
            g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                         _("The step “%s” names “%s” twice"), text, names[i]);
            return NULL;
          }
      g_strv_builder_add (builder, names[i]);
    }
  step = g_new0 (SdRequestStep, 1);
  step->kind = (SdStepKind) kind;
  step->all = n == 3 && g_str_equal (parts[2], "all");
  step->profiles = g_strv_builder_end (builder);
  return step;
}

gboolean
sd_request_step_has_profile (SdRequestStep *step,
                             const char    *profile)
{
  return g_strv_contains ((const char * const *) step->profiles, profile);
}

SdDecision *
sd_request_find_decision (SdRequest  *request,
                          int         step,
                          const char *profile)
{
  for (guint i = 0; i < request->decisions->len; i++)
    {
      SdDecision *decision = g_ptr_array_index (request->decisions, i);

      if (decision->step == step && g_strcmp0 (decision->profile, profile) == 0)
        return decision;
    }
  return NULL;
}

static gboolean
step_is_done (SdRequest     *request,
              SdRequestStep *step)
{
  guint decided = 0;

  for (guint i = 0; step->profiles[i] != NULL; i++)
    {
      SdDecision *decision = sd_request_find_decision (request, step->index, step->profiles[i]);

      if (decision == NULL)
        continue;
      if (g_str_equal (decision->action, "reject"))
        return FALSE;
      if (!step->all && g_str_equal (decision->action, "approve"))
        return TRUE;
      decided++;
    }
  /* All of them decided (approved, or declined with an opinion). */
  return decided == g_strv_length (step->profiles);
}

SdRequestStep *
sd_request_current_step (SdRequest *request)
{
  for (guint i = 0; i < request->steps->len; i++)
    {
      SdRequestStep *step = g_ptr_array_index (request->steps, i);

      if (!step_is_done (request, step))
        return step;
    }
  return NULL;
}

const char *
sd_request_step_state (SdRequest     *request,
                       SdRequestStep *step)
{
  SdRequestStep *current;

  for (guint i = 0; step->profiles[i] != NULL; i++)
    {
      SdDecision *decision = sd_request_find_decision (request, step->index, step->profiles[i]);

      if (decision != NULL && g_str_equal (decision->action, "reject"))
        return "rejected";
    }
  if (step_is_done (request, step))
    return "done";
  current = sd_request_current_step (request);
  if (current == step && (g_str_equal (request->state, "pending") || g_str_equal (request->state, "approved")))
    return "active";
  return "waiting";
}

/* Loading. */

#define REQUEST_COLUMNS "id, state, requester, reason, matter, lock, doc_path, doc_name, doc_sha256, " \
                        "current_path, current_sha256, output, created"

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup (sd_db_column_text (stmt, column));
}

static gboolean
load_children (SdDb       *db,
               SdRequest  *request,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) places = sd_db_prepare (db, "SELECT seal, page, x, y, width, height, field FROM request_placement WHERE request = ? ORDER BY idx", error);
  g_autoptr(sqlite3_stmt) steps = NULL;
  g_autoptr(sqlite3_stmt) decisions = NULL;
  gboolean has_row = TRUE;

  if (places == NULL)
    return FALSE;
  sd_db_bind_text (places, 1, request->id);
  while (sd_db_step_row (db, places, &has_row, error) && has_row)
    {
      SdRequestPlacement *p = g_new0 (SdRequestPlacement, 1);

      p->seal = column_dup (places, 0);
      p->page = sqlite3_column_int (places, 1);
      p->x = sqlite3_column_double (places, 2);
      p->y = sqlite3_column_double (places, 3);
      p->width = sqlite3_column_double (places, 4);
      p->height = sqlite3_column_double (places, 5);
      p->field = column_dup (places, 6);
      g_ptr_array_add (request->placements, p);
    }
  if (has_row)
    return FALSE;

  if ((steps = sd_db_prepare (db, "SELECT idx, kind, mode, profiles FROM request_step WHERE request = ? ORDER BY idx", error)) == NULL)
    return FALSE;
  sd_db_bind_text (steps, 1, request->id);
  while (sd_db_step_row (db, steps, &has_row, error) && has_row)
    {
      SdRequestStep *s = g_new0 (SdRequestStep, 1);
      const char *kind = sd_db_column_text (steps, 1);

      s->index = sqlite3_column_int (steps, 0);
      for (guint i = 0; i < G_N_ELEMENTS (step_kinds); i++)
        if (g_strcmp0 (kind, step_kinds[i]) == 0)
          s->kind = (SdStepKind) i;
      s->all = g_strcmp0 (sd_db_column_text (steps, 2), "all") == 0;
      s->profiles = g_strsplit (sd_db_column_text (steps, 3), "\n", -1);
      g_ptr_array_add (request->steps, s);
    }
  if (has_row)
    return FALSE;

  if ((decisions = sd_db_prepare (db, "SELECT step, profile, action, comment, opinion, document_sha256, time "
                                      "FROM decision WHERE request = ? ORDER BY id", error)) == NULL)
    return FALSE;
  sd_db_bind_text (decisions, 1, request->id);
  while (sd_db_step_row (db, decisions, &has_row, error) && has_row)
    {
      SdDecision *d = g_new0 (SdDecision, 1);

      d->step = sqlite3_column_int (decisions, 0);
      d->profile = column_dup (decisions, 1);
      d->action = column_dup (decisions, 2);
      d->comment = column_dup (decisions, 3);
      d->opinion = column_dup (decisions, 4);
      d->document_sha256 = column_dup (decisions, 5);
      d->time = column_dup (decisions, 6);
      g_ptr_array_add (request->decisions, d);
    }
  return !has_row;
}

static SdRequest *
request_from_row (sqlite3_stmt *stmt)
{
  SdRequest *request = g_new0 (SdRequest, 1);

  request->id = column_dup (stmt, 0);
  request->state = column_dup (stmt, 1);
  request->requester = column_dup (stmt, 2);
  request->reason = column_dup (stmt, 3);
  request->matter = column_dup (stmt, 4);
  request->lock = sqlite3_column_int (stmt, 5) != 0;
  request->doc_path = column_dup (stmt, 6);
  request->doc_name = column_dup (stmt, 7);
  request->doc_sha256 = column_dup (stmt, 8);
  request->current_path = column_dup (stmt, 9);
  request->current_sha256 = column_dup (stmt, 10);
  request->output = column_dup (stmt, 11);
  request->created = column_dup (stmt, 12);
  request->placements = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_placement_free);
  request->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  request->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_free);
  return request;
}

SdRequest *
sd_request_get (SdWorkspace  *workspace,
                const char   *id,
                GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SdRequest) request = NULL;
  gboolean has_row = FALSE, ok = FALSE;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT " REQUEST_COLUMNS " FROM request WHERE id = ?", error);
  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, id);
      if (sd_db_step_row (db, stmt, &has_row, error))
        {
          if (!has_row)
            g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                         _("There is no stamp request “%s” (see “sealdesk-cli request list”)"), id);
          else
            {
              request = request_from_row (stmt);
              ok = load_children (db, request, error);
            }
        }
    }
  sd_workspace_unlock (workspace);
  return ok ? g_steal_pointer (&request) : NULL;
}

GPtrArray *
sd_request_list (SdWorkspace  *workspace,
                 const char   *state,
                 GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_free);
  gboolean has_row = TRUE, ok;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT " REQUEST_COLUMNS " FROM request WHERE ?1 IS NULL OR state = ?1 "
                            "ORDER BY created DESC, rowid DESC", error);
  ok = stmt != NULL;
  if (ok)
    sd_db_bind_text (stmt, 1, state);
  while (ok && (ok = sd_db_step_row (db, stmt, &has_row, error)) && has_row)
    {
      SdRequest *request = request_from_row (stmt);

      g_ptr_array_add (list, request);
      ok = load_children (db, request, error);
    }
  sd_workspace_unlock (workspace);
  return ok ? g_steal_pointer (&list) : NULL;
}

static void
add_nullable (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
sd_request_to_json (SdRequest *request)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_nullable (b, "id", request->id);
  add_nullable (b, "state", request->state);
  add_nullable (b, "reason", request->reason);
  add_nullable (b, "matter", request->matter);
  add_nullable (b, "requester", request->requester);
  json_builder_set_member_name (b, "lock");
  json_builder_add_boolean_value (b, request->lock);
  json_builder_set_member_name (b, "document");
  json_builder_begin_object (b);
  add_nullable (b, "path", request->doc_path);
  add_nullable (b, "name", request->doc_name);
  add_nullable (b, "sha256", request->doc_sha256);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "current");
  json_builder_begin_object (b);
  add_nullable (b, "path", request->current_path);
  add_nullable (b, "sha256", request->current_sha256);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "placements");
  json_builder_begin_array (b);
  for (guint i = 0; i < request->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (request->placements, i);

      json_builder_begin_object (b);
      add_nullable (b, "seal", p->seal);
      json_builder_set_member_name (b, "page");
      json_builder_add_int_value (b, p->page);
      json_builder_set_member_name (b, "rect");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, p->x);
      json_builder_add_double_value (b, p->y);
      json_builder_add_double_value (b, p->width);
      json_builder_add_double_value (b, p->height);
      json_builder_end_array (b);
      add_nullable (b, "field", p->field);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < request->steps->len; i++)
    {
      SdRequestStep *s = g_ptr_array_index (request->steps, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, s->index);
      add_nullable (b, "kind", step_kinds[s->kind]);
      add_nullable (b, "mode", s->all ? "all" : "one");
      json_builder_set_member_name (b, "profiles");
      json_builder_begin_array (b);
      for (guint j = 0; s->profiles[j] != NULL; j++)
        json_builder_add_string_value (b, s->profiles[j]);
      json_builder_end_array (b);
      add_nullable (b, "state", sd_request_step_state (request, s));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "decisions");
  json_builder_begin_array (b);
  for (guint i = 0; i < request->decisions->len; i++)
    {
      SdDecision *d = g_ptr_array_index (request->decisions, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "step");
      json_builder_add_int_value (b, d->step);
      add_nullable (b, "profile", d->profile);
      add_nullable (b, "action", d->action);
      add_nullable (b, "comment", d->comment);
      add_nullable (b, "opinion", d->opinion);
      add_nullable (b, "document_sha256", d->document_sha256);
      add_nullable (b, "time", d->time);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_nullable (b, "output", request->output);
  add_nullable (b, "created", request->created);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
