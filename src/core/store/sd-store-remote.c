/* sd-store-remote.c: profiles, seals and requests of other workstations */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-request-private.h"
#include "sd-seal-image.h"
#include "sd-seal-library.h"
#include "sd-store-remote.h"

#define CONTENT_MAX_LEN (1024 * 1024)

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError    **error,
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

static char *
get_origin (SdWorkspace *workspace,
            const char  *sql,
            const char  *key)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;
  char *origin = NULL;

  sd_workspace_lock (workspace);
  if ((stmt = sd_db_prepare (db, sql, NULL)) != NULL)
    {
      sd_db_bind_text (stmt, 1, key);
      if (sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
        origin = g_strdup (sd_db_column_text (stmt, 0));
    }
  sd_workspace_unlock (workspace);
  return origin;
}

char *
sd_profile_get_origin (SdWorkspace *workspace,
                       const char  *name)
{
  return get_origin (workspace, "SELECT origin FROM profile WHERE name = ?", name);
}

char *
sd_seal_get_origin (SdWorkspace *workspace,
                    const char  *seal_id)
{
  return get_origin (workspace, "SELECT origin FROM seal WHERE id = ?", seal_id);
}

static char *
roles_text (SdRoles roles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (SdRoles r = SD_ROLE_REQUESTER; r <= SD_ROLE_SIGNER; r <<= 1)
    if (roles & r)
      g_strv_builder_add (builder, sd_role_to_string (r));
  list = g_strv_builder_end (builder);
  return g_strjoinv (",", list);
}

static gboolean
record (SdWorkspace *workspace,
        const char  *seal,
        const char  *request,
        const char  *document,
        JsonObject  *details,
        GError     **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  SdLedger *ledger = sd_workspace_get_ledger (workspace);

  return sd_ledger_append (ledger, SD_LEDGER_LIFECYCLE, NULL, seal, request, document, details, error) != 0
         && sd_ledger_sign_head (ledger, error)
         && sd_db_commit (db, error);
}

gboolean
sd_profile_import_remote (SdWorkspace  *workspace,
                          const char   *origin,
                          const char   *name,
                          SdRoles       roles,
                          X509         *certificate,
                          gboolean     *changed,
                          GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(SdProfile) existing = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sha = sd_x509_sha256_hex (certificate);
  g_autofree char *have_origin = NULL;
  g_autofree char *roles_str = roles_text (roles);
  g_autofree char *key_id = g_strconcat ("remote:", origin, NULL);
  g_autofree char *now = sd_workspace_now_string ();
  guint8 *der = NULL;
  int der_len;
  JsonObject *details;
  gboolean ok = FALSE;

  *changed = FALSE;
  if (!sd_store_check_name (name, "profile", error))
    return FALSE;
  sd_workspace_lock (workspace);
  existing = sd_profile_get (workspace, name, NULL);
  have_origin = existing != NULL ? sd_profile_get_origin (workspace, name) : NULL;
  if (existing != NULL)
    {
      if (g_strcmp0 (existing->cert_sha256, sha) != 0 || g_strcmp0 (have_origin, origin) != 0)
        {
          sd_workspace_unlock (workspace);
          return fail (error, SD_WORKSPACE_ERROR_EXISTS,
                       _("Workstation %s publishes a profile “%s” that is not the one known here (another certificate or another workstation): not taken"),
                       origin, name);
        }
      if (existing->roles == roles)
        {
          sd_workspace_unlock (workspace);
          return TRUE;
        }
    }
  if (!sd_db_begin (db, error))
    goto out;
  stmt = existing != NULL
    ? sd_db_prepare (db, "UPDATE profile SET roles = ? WHERE name = ?", error)
    : sd_db_prepare (db, "INSERT INTO profile (roles, name, key_id, certificate, cert_sha256, created, origin) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto out;
  sd_db_bind_text (stmt, 1, roles_str);
  sd_db_bind_text (stmt, 2, name);
  if (existing == NULL)
    {
      der_len = i2d_X509 (certificate, &der);
      if (der_len <= 0)
        {
          fail (error, SD_WORKSPACE_ERROR_INVALID, _("The certificate of profile “%s” cannot be read"), name);
          goto out;
        }
      sd_db_bind_text (stmt, 3, key_id);
      sqlite3_bind_blob (stmt, 4, der, der_len, SQLITE_TRANSIENT);
      sd_db_bind_text (stmt, 5, sha);
      sd_db_bind_text (stmt, 6, now);
      sd_db_bind_text (stmt, 7, origin);
      OPENSSL_free (der);
    }
  if (!sd_db_step_done (db, stmt, error))
    goto out;
  details = json_object_new ();
  json_object_set_string_member (details, "action", existing != NULL ? "profile-update" : "profile-import");
  json_object_set_string_member (details, "profile", name);
  json_object_set_string_member (details, "roles", roles_str);
  json_object_set_string_member (details, "certificate_sha256", sha);
  json_object_set_string_member (details, "workstation", origin);
  ok = record (workspace, NULL, NULL, NULL, details, error);
  *changed = ok;

out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  return ok;
}

static char *
grants_text (SdWorkspace *workspace,
             const char  *seal_id)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "SELECT profile, may FROM seal_grant WHERE seal = ? ORDER BY profile, may", NULL);
  GString *text = g_string_new (NULL);
  gboolean has_row = FALSE;

  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, seal_id);
      while (sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
        g_string_append_printf (text, "%s:%s\n", sd_db_column_text (stmt, 0), sd_db_column_text (stmt, 1));
    }
  return g_string_free (text, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

gboolean
sd_seal_import_remote (SdWorkspace        *workspace,
                       const char         *origin,
                       const SdRemoteSeal *seal,
                       gboolean           *changed,
                       GError            **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(SdSeal) existing = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) wanted_text = g_string_new (NULL);
  g_autofree char *have_origin = NULL;
  g_autofree char *have_grants = NULL;
  g_autofree char *key_id = g_strconcat ("remote:", origin, NULL);
  g_autofree char *now = sd_workspace_now_string ();
  g_autofree char *image_sha = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *details;
  gint64 claimed_width = 0, claimed_height = 0;
  gboolean ok = FALSE;

  *changed = FALSE;
  if (!sd_store_check_name (seal->name, "seal", error))
    return FALSE;
  if (!sd_seal_kind_is_valid (seal->kind)
      || !(g_strcmp0 (seal->state, "active") == 0 || g_strcmp0 (seal->state, "suspended") == 0
           || g_strcmp0 (seal->state, "revoked") == 0 || g_strcmp0 (seal->state, "destroyed") == 0)
      || !(seal->width_mm > 0 && seal->width_mm < 1000 && seal->height_mm > 0 && seal->height_mm < 1000)
      || seal->image == NULL)
    return fail (error, SD_WORKSPACE_ERROR_INVALID, _("Workstation %s publishes the seal %s with a kind, state or size that is not valid"),
                 origin, seal->id);
  /* Refused here, once, with the sync's other refusals, and not only
   * each time the picture is shown: its size is read from its header,
   * before anything decodes it. */
  if (!sd_seal_png_fits (g_bytes_get_data (seal->image, NULL), g_bytes_get_size (seal->image),
                         &claimed_width, &claimed_height))
    return fail (error, SD_WORKSPACE_ERROR_INVALID,
                 /* TRANSLATORS: a workstation, a seal's ID, then the picture's width and height in pixels */
                 _("Workstation %s publishes the seal %s with a picture of %lld × %lld pixels: a seal must be at most 4096 × 4096"),
                 origin, seal->id, (long long) claimed_width, (long long) claimed_height);
  image_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, seal->image);

  sd_workspace_lock (workspace);
  for (guint i = 0; seal->grants != NULL && i < seal->grants->len; i++)
    {
      const char *grant = g_ptr_array_index (seal->grants, i);
      const char *colon = strrchr (grant, ':');
      g_autofree char *profile = colon != NULL ? g_strndup (grant, colon - grant) : NULL;
      g_autoptr(SdProfile) who = profile != NULL ? sd_profile_get (workspace, profile, NULL) : NULL;

      if (who != NULL && sd_seal_may_from_string (colon + 1) != 0)
        g_ptr_array_add (wanted, g_strdup (grant));
    }
  g_ptr_array_sort (wanted, compare_strings);
  for (guint i = 0; i < wanted->len; i++)
    if (i == 0 || strcmp (g_ptr_array_index (wanted, i), g_ptr_array_index (wanted, i - 1)) != 0)
      g_string_append_printf (wanted_text, "%s\n", (char *) g_ptr_array_index (wanted, i));

  existing = sd_seal_library_get (workspace, seal->id, NULL);
  if (existing != NULL)
    {
      have_origin = sd_seal_get_origin (workspace, seal->id);
      if (g_strcmp0 (have_origin, origin) != 0)
        {
          sd_workspace_unlock (workspace);
          return fail (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                       _("Workstation %s publishes the seal %s, which it does not own: not taken"), origin, seal->id);
        }
      have_grants = grants_text (workspace, seal->id);
      /* A destroyed or revoked seal stays so, whatever is published later. */
      if ((g_str_equal (existing->state, "destroyed") || g_str_equal (existing->state, "revoked"))
          && !g_str_equal (existing->state, seal->state))
        {
          sd_workspace_unlock (workspace);
          return fail (error, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                       _("Workstation %s publishes the seal %s as %s, but it was %s: not taken"),
                       origin, seal->id, seal->state, existing->state);
        }
      if (g_str_equal (existing->state, seal->state) && g_str_equal (have_grants, wanted_text->str)
          && g_str_equal (existing->image_sha256, image_sha) && g_str_equal (existing->name, seal->name))
        {
          sd_workspace_unlock (workspace);
          return TRUE;
        }
    }

  if (!sd_db_begin (db, error))
    goto out;
  if (existing == NULL)
    stmt = sd_db_prepare (db, "INSERT INTO seal (state, name, image, image_sha256, id, kind, width_mm, height_mm, key_id, created, origin) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  else
    stmt = sd_db_prepare (db, "UPDATE seal SET state = ?, name = ?, image = ?, image_sha256 = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto out;
  sd_db_bind_text (stmt, 1, seal->state);
  sd_db_bind_text (stmt, 2, seal->name);
  sqlite3_bind_blob (stmt, 3, g_bytes_get_data (seal->image, NULL), (int) g_bytes_get_size (seal->image), SQLITE_TRANSIENT);
  sd_db_bind_text (stmt, 4, image_sha);
  sd_db_bind_text (stmt, 5, seal->id);
  if (existing == NULL)
    {
      sd_db_bind_text (stmt, 6, seal->kind);
      sqlite3_bind_double (stmt, 7, seal->width_mm);
      sqlite3_bind_double (stmt, 8, seal->height_mm);
      sd_db_bind_text (stmt, 9, key_id);
      sd_db_bind_text (stmt, 10, now);
      sd_db_bind_text (stmt, 11, origin);
    }
  if (!sd_db_step_done (db, stmt, error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if ((stmt = sd_db_prepare (db, "DELETE FROM seal_grant WHERE seal = ?", error)) == NULL)
    goto out;
  sd_db_bind_text (stmt, 1, seal->id);
  if (!sd_db_step_done (db, stmt, error))
    goto out;
  for (guint i = 0; i < wanted->len; i++)
    {
      const char *grant = g_ptr_array_index (wanted, i);
      const char *colon = strrchr (grant, ':');
      g_autofree char *profile = g_strndup (grant, colon - grant);
      g_autoptr(sqlite3_stmt) row = sd_db_prepare (db, "INSERT OR IGNORE INTO seal_grant (seal, profile, may) VALUES (?, ?, ?)", error);

      if (row == NULL)
        goto out;
      sd_db_bind_text (row, 1, seal->id);
      sd_db_bind_text (row, 2, profile);
      sd_db_bind_text (row, 3, colon + 1);
      if (!sd_db_step_done (db, row, error))
        goto out;
    }
  details = json_object_new ();
  json_object_set_string_member (details, "action", existing != NULL ? "seal-update" : "seal-import");
  json_object_set_string_member (details, "state", seal->state);
  json_object_set_string_member (details, "grants", wanted_text->str);
  json_object_set_string_member (details, "image_sha256", image_sha);
  json_object_set_string_member (details, "workstation", origin);
  ok = record (workspace, seal->id, NULL, NULL, details, error);
  *changed = ok;

out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  return ok;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

static gboolean
is_hex64 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* The request's content as a spec (placements and steps owned by the
 * arrays returned). */
static gboolean
spec_from_content (JsonObject    *object,
                   SdRequestSpec *spec,
                   GPtrArray    **placements,
                   GPtrArray    **steps,
                   GError       **error)
{
  JsonNode *node;
  JsonArray *array;

  *placements = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_placement_free);
  *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  memset (spec, 0, sizeof *spec);
  spec->requester = get_string (object, "requester");
  spec->reason = get_string (object, "reason");
  spec->matter = get_string (object, "matter");
  node = json_object_get_member (object, "lock");
  spec->lock = node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
               && json_node_get_boolean (node);
  spec->placements = *placements;
  spec->steps = *steps;
  if (spec->requester == NULL || spec->reason == NULL)
    return FALSE;

  node = json_object_get_member (object, "placements");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > 64)
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *p = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *rect = p != NULL ? get_string (p, "rect") : NULL;
      const char *seal = p != NULL ? get_string (p, "seal") : NULL;
      JsonNode *page = p != NULL ? json_object_get_member (p, "page") : NULL;
      g_auto(GStrv) parts = rect != NULL ? g_strsplit (rect, ",", -1) : NULL;
      SdRequestPlacement *placement;
      double v[4];

      if (seal == NULL || parts == NULL || g_strv_length (parts) != 4 || page == NULL
          || !JSON_NODE_HOLDS_VALUE (page) || json_node_get_value_type (page) != G_TYPE_INT64
          || json_node_get_int (page) < 1 || json_node_get_int (page) > G_MAXINT)
        return FALSE;
      for (guint k = 0; k < 4; k++)
        {
          char *end = NULL;

          v[k] = g_ascii_strtod (parts[k], &end);
          if (end == parts[k] || *end != '\0' || !isfinite (v[k]))
            return FALSE;
        }
      placement = g_new0 (SdRequestPlacement, 1);
      placement->seal = g_strdup (seal);
      placement->page = (int) json_node_get_int (page);
      placement->x = v[0];
      placement->y = v[1];
      placement->width = v[2];
      placement->height = v[3];
      placement->field = g_strdup (get_string (p, "field"));
      g_ptr_array_add (*placements, placement);
    }

  node = json_object_get_member (object, "steps");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > 64)
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *s = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *kind = s != NULL ? get_string (s, "kind") : NULL;
      const char *mode = s != NULL ? get_string (s, "mode") : NULL;
      JsonNode *names = s != NULL ? json_object_get_member (s, "profiles") : NULL;
      g_autoptr(GString) text = NULL;
      SdRequestStep *step;
      JsonArray *list;

      if (kind == NULL || mode == NULL || names == NULL || !JSON_NODE_HOLDS_ARRAY (names))
        return FALSE;
      list = json_node_get_array (names);
      text = g_string_new (kind);
      g_string_append_c (text, ':');
      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          JsonNode *name = json_array_get_element (list, j);

          if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING
              || strpbrk (json_node_get_string (name), ",:") != NULL)
            return FALSE;
          g_string_append_printf (text, "%s%s", j > 0 ? "," : "", json_node_get_string (name));
        }
      g_string_append_printf (text, ":%s", mode);
      if ((step = sd_request_step_parse (text->str, error)) == NULL)
        return FALSE;
      step->index = (int) i + 1;
      g_ptr_array_add (*steps, step);
    }
  return TRUE;
}

SdRequest *
sd_request_import_remote (SdWorkspace  *workspace,
                          const char   *origin,
                          const char   *content,
                          GBytes       *signature,
                          const char   *doc_path,
                          gboolean     *changed,
                          GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SdRequest) existing = NULL;
  g_autoptr(SdProfile) requester = NULL;
  g_autoptr(SdProfile) checked = NULL;
  g_autoptr(GPtrArray) placements = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *requester_origin = NULL;
  g_autofree char *sha = NULL;
  SdRequestSpec spec;
  JsonObject *object, *details;
  const char *id, *doc_name, *doc_sha, *time, *workstation;
  int n_pages = 0;
  gboolean ok = FALSE;

  *changed = FALSE;
  if ((root = sd_canonical_json_parse (content, strlen (content), CONTENT_MAX_LEN, &local_error)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, SD_WORKSPACE_ERROR_INVALID, _("A stamp request from workstation %s is not valid: %s"),
            origin, local_error != NULL ? local_error->message : _("not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);
  id = get_string (object, "id");
  doc_name = get_string (object, "document_name");
  doc_sha = get_string (object, "document_sha256");
  time = get_string (object, "time");
  workstation = get_string (object, "workstation");
  if (id == NULL || !g_str_has_prefix (id, "req-") || strlen (id) > 64 || strspn (id + 4, "0123456789abcdef") != strlen (id + 4)
      || doc_name == NULL || *doc_name == '\0' || strlen (doc_name) > 255 || strchr (doc_name, '/') != NULL
      || g_str_equal (doc_name, ".") || g_str_equal (doc_name, "..") || !is_hex64 (doc_sha) || time == NULL
      || !spec_from_content (object, &spec, &placements, &steps, NULL))
    {
      fail (error, SD_WORKSPACE_ERROR_INVALID, _("A stamp request from workstation %s lacks a member or has one that is not valid"), origin);
      return NULL;
    }
  for (const char *p = doc_name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        fail (error, SD_WORKSPACE_ERROR_INVALID, _("A stamp request from workstation %s names its document with control characters"), origin);
        return NULL;
      }
  if (g_strcmp0 (workstation, origin) != 0)
    {
      fail (error, SD_WORKSPACE_ERROR_NOT_ALLOWED, _("The stamp request %s was made on workstation %s, not on %s which publishes it"),
            id, workstation != NULL ? workstation : "?", origin);
      return NULL;
    }
  if ((existing = sd_request_get (workspace, id, NULL)) != NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gboolean has_row = FALSE, same = FALSE;

      sd_workspace_lock (workspace);
      if ((stmt = sd_db_prepare (db, "SELECT content FROM request WHERE id = ?", NULL)) != NULL)
        {
          sd_db_bind_text (stmt, 1, id);
          same = sd_db_step_row (db, stmt, &has_row, NULL) && has_row
                 && g_strcmp0 (sd_db_column_text (stmt, 0), content) == 0;
        }
      sd_workspace_unlock (workspace);
      if (same)
        return g_steal_pointer (&existing);
      fail (error, SD_WORKSPACE_ERROR_EXISTS, _("Workstation %s publishes a stamp request %s that differs from the one known here"), origin, id);
      return NULL;
    }
  if ((requester = sd_profile_get (workspace, spec.requester, error)) == NULL)
    return NULL;
  requester_origin = sd_profile_get_origin (workspace, spec.requester);
  if (g_strcmp0 (requester_origin, origin) != 0)
    {
      fail (error, SD_WORKSPACE_ERROR_NOT_ALLOWED, _("The requester “%s” of %s is not a profile of workstation %s"), spec.requester, id, origin);
      return NULL;
    }
  if (!sd_store_verify_content (requester->certificate, content, g_bytes_get_data (signature, NULL), g_bytes_get_size (signature)))
    {
      fail (error, SD_WORKSPACE_ERROR_NOT_ALLOWED, _("The stamp request %s is not signed by the key of its requester “%s”"), id, spec.requester);
      return NULL;
    }
  if ((sha = sd_file_sha256 (doc_path, NULL, error)) == NULL)
    return NULL;
  if (!g_str_equal (sha, doc_sha))
    {
      fail (error, SD_WORKSPACE_ERROR_CHANGED, _("The document of stamp request %s is not the one it was made for (SHA-256 differs)"), id);
      return NULL;
    }
  spec.document = doc_path;
  if (!sd_request_check_spec (workspace, &spec, &checked, &n_pages, error))
    return NULL;

  sd_workspace_lock (workspace);
  if (!sd_db_begin (db, error)
      || !sd_request_insert_rows (db, id, &spec, doc_path, doc_name, sha, time, content, signature, error))
    goto out;
  details = json_object_new ();
  json_object_set_string_member (details, "action", "request-import");
  json_object_set_string_member (details, "document_name", doc_name);
  json_object_set_string_member (details, "reason", spec.reason);
  json_object_set_string_member (details, "workstation", origin);
  ok = sd_ledger_append (ledger, SD_LEDGER_LIFECYCLE, spec.requester, NULL, id, sha, details, error) != 0
       && sd_ledger_sign_head (ledger, error)
       && sd_db_commit (db, error);
  *changed = ok;
out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  return ok ? sd_request_get (workspace, id, error) : NULL;
}
