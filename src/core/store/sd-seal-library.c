/* sd-seal-library.c: the seals of this workspace and their lifecycle */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-atomic-file.h"
#include "sd-ledger.h"
#include "sd-profile.h"
#include "sd-seal-library.h"
#include "sd-store-remote.h"

static gboolean check_local (SdWorkspace *workspace,
                             SdSeal      *seal,
                             GError     **error);

static const char *const kinds[] = { "company", "contract", "name", "handwritten" };
static const struct { SdSealMay may; const char *name; } may_names[] = {
  { SD_SEAL_MAY_REQUEST, "request" },
  { SD_SEAL_MAY_APPROVE, "approve" },
  { SD_SEAL_MAY_USE, "use" },
};

void
sd_seal_free (SdSeal *seal)
{
  if (seal == NULL)
    return;
  g_free (seal->id);
  g_free (seal->name);
  g_free (seal->kind);
  g_free (seal->state);
  g_free (seal->key_id);
  g_free (seal->image_sha256);
  g_free (seal->created);
  g_clear_pointer (&seal->image, g_bytes_unref);
  g_free (seal);
}

gboolean
sd_seal_kind_is_valid (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i]) == 0)
      return TRUE;
  return FALSE;
}

SdSealMay
sd_seal_may_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (may_names); i++)
    if (g_strcmp0 (name, may_names[i].name) == 0)
      return may_names[i].may;
  return 0;
}

#define SEAL_COLUMNS "id, name, kind, state, width_mm, height_mm, key_id, image_sha256, created, image"

static SdSeal *
seal_from_row (sqlite3_stmt *stmt)
{
  SdSeal *seal = g_new0 (SdSeal, 1);

  seal->id = g_strdup (sd_db_column_text (stmt, 0));
  seal->name = g_strdup (sd_db_column_text (stmt, 1));
  seal->kind = g_strdup (sd_db_column_text (stmt, 2));
  seal->state = g_strdup (sd_db_column_text (stmt, 3));
  seal->width_mm = sqlite3_column_double (stmt, 4);
  seal->height_mm = sqlite3_column_double (stmt, 5);
  seal->key_id = g_strdup (sd_db_column_text (stmt, 6));
  seal->image_sha256 = g_strdup (sd_db_column_text (stmt, 7));
  seal->created = g_strdup (sd_db_column_text (stmt, 8));
  seal->image = g_bytes_new (sqlite3_column_blob (stmt, 9), sqlite3_column_bytes (stmt, 9));
  return seal;
}

static char *
bytes_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

SdSeal *
sd_seal_library_get (SdWorkspace  *workspace,
                     const char   *id,
                     GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  SdSeal *seal = NULL;
  gboolean has_row = FALSE;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT " SEAL_COLUMNS " FROM seal WHERE id = ?", error);
  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, id);
      if (sd_db_step_row (db, stmt, &has_row, error))
        {
          if (has_row)
            seal = seal_from_row (stmt);
          else
            g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                         _("There is no seal “%s” in the seal library (see “sealdesk-cli seal list”)"), id);
        }
    }
  sd_workspace_unlock (workspace);
  return seal;
}

GPtrArray *
sd_seal_library_list (SdWorkspace  *workspace,
                      GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_seal_free);
  gboolean has_row = TRUE, ok;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT " SEAL_COLUMNS " FROM seal ORDER BY name, id", error);
  ok = stmt != NULL;
  while (ok && (ok = sd_db_step_row (db, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (list, seal_from_row (stmt));
  sd_workspace_unlock (workspace);
  return ok ? g_steal_pointer (&list) : NULL;
}

GHashTable *
sd_seal_library_names (SdWorkspace  *workspace,
                       GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean has_row = TRUE, ok;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT id, name FROM seal", error);
  ok = stmt != NULL;
  while (ok && (ok = sd_db_step_row (db, stmt, &has_row, error)) && has_row)
    g_hash_table_insert (names, g_strdup (sd_db_column_text (stmt, 0)),
                         g_strdup (sd_db_column_text (stmt, 1)));
  sd_workspace_unlock (workspace);
  return ok ? g_steal_pointer (&names) : NULL;
}

/* Commits the ledger entry of one seal change made in the open transaction. */
static gboolean
finish_change (SdWorkspace *workspace,
               const char  *seal_id,
               const char  *actor,
               JsonObject  *details,
               GError     **error)
{
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  SdDb *db = sd_workspace_get_db (workspace);

  return sd_ledger_append (ledger, SD_LEDGER_LIFECYCLE, actor, seal_id, NULL, NULL, details, error) != 0
         && sd_ledger_sign_head (ledger, error)
         && sd_db_commit (db, error);
}

SdSeal *
sd_seal_library_add (SdWorkspace  *workspace,
                     const char   *name,
                     const char   *kind,
                     double        width_mm,
                     double        height_mm,
                     const char   *key_id,
                     GBytes       *png,
                     const char   *actor,
                     GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = sd_workspace_new_id ("seal");
  g_autofree char *key = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  JsonObject *details;
  gboolean ok = FALSE;

  if (!sd_store_check_name (name, _("seal name"), error))
    return NULL;
  if (!sd_seal_kind_is_valid (kind))
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                   _("A seal is of kind company, contract, name or handwritten, not “%s”"), kind);
      return NULL;
    }
  if (!(width_mm >= 5 && width_mm <= 200 && height_mm >= 5 && height_mm <= 200))
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                   _("A seal measures 5 to 200 mm a side, not %.1f × %.1f mm"), width_mm, height_mm);
      return NULL;
    }
  if ((key = sd_workspace_normalize_key_id (key_id, error)) == NULL)
    return NULL;
  sha = bytes_sha256 (png);

  sd_workspace_lock (workspace);
  if (!sd_db_begin (db, error))
    goto out;
  stmt = sd_db_prepare (db, "INSERT INTO seal (" SEAL_COLUMNS ") VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto out;
  sd_db_bind_text (stmt, 1, id);
  sd_db_bind_text (stmt, 2, name);
  sd_db_bind_text (stmt, 3, kind);
  sqlite3_bind_double (stmt, 4, width_mm);
  sqlite3_bind_double (stmt, 5, height_mm);
  sd_db_bind_text (stmt, 6, key);
  sd_db_bind_text (stmt, 7, sha);
  sd_db_bind_text (stmt, 8, now);
  sqlite3_bind_blob (stmt, 9, g_bytes_get_data (png, NULL), (int) g_bytes_get_size (png), SQLITE_TRANSIENT);
  if (!sd_db_step_done (db, stmt, error))
    goto out;

  details = json_object_new ();
  json_object_set_string_member (details, "action", "create");
  json_object_set_string_member (details, "name", name);
  json_object_set_string_member (details, "kind", kind);
  /* Sizes in hundredths of a millimetre: canonical JSON has integers only. */
  json_object_set_int_member (details, "width_hmm", (gint64) (width_mm * 100 + 0.5));
  json_object_set_int_member (details, "height_hmm", (gint64) (height_mm * 100 + 0.5));
  json_object_set_string_member (details, "key", key);
  json_object_set_string_member (details, "image_sha256", sha);
  ok = finish_change (workspace, id, actor, details, error);

out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  return ok ? sd_seal_library_get (workspace, id, error) : NULL;
}

SdSealMay
sd_seal_library_grants_of (SdWorkspace  *workspace,
                           const char   *seal_id,
                           const char   *profile,
                           GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  SdSealMay may = 0;
  gboolean has_row = TRUE;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT may FROM seal_grant WHERE seal = ? AND profile = ?", error);
  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, seal_id);
      sd_db_bind_text (stmt, 2, profile);
      while (sd_db_step_row (db, stmt, &has_row, error) && has_row)
        may |= sd_seal_may_from_string (sd_db_column_text (stmt, 0));
    }
  sd_workspace_unlock (workspace);
  return may;
}

static JsonArray *
may_to_array (SdSealMay may)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (may_names); i++)
    if (may & may_names[i].may)
      json_array_add_string_element (array, may_names[i].name);
  return array;
}

static gboolean
change_grants (SdWorkspace  *workspace,
               const char   *seal_id,
               const char   *profile,
               SdSealMay     may,
               gboolean      grant,
               const char   *actor,
               GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(SdProfile) who = NULL;
  JsonObject *details;
  gboolean ok = FALSE;

  if ((seal = sd_seal_library_get (workspace, seal_id, error)) == NULL
      || !check_local (workspace, seal, error)
      || (who = sd_profile_get (workspace, profile, error)) == NULL)
    return FALSE;
  if (grant && g_strcmp0 (seal->state, "revoked") == 0)
    return sd_seal_check_usable (seal, error);
  if (grant && g_strcmp0 (seal->state, "destroyed") == 0)
    return sd_seal_check_usable (seal, error);
  if (may == 0)
    may = SD_SEAL_MAY_REQUEST | SD_SEAL_MAY_APPROVE | SD_SEAL_MAY_USE;

  sd_workspace_lock (workspace);
  if (!sd_db_begin (db, error))
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (may_names); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (!(may & may_names[i].may))
        continue;
      stmt = sd_db_prepare (db, grant
                                  ? "INSERT OR IGNORE INTO seal_grant (seal, profile, may) VALUES (?, ?, ?)"
                                  : "DELETE FROM seal_grant WHERE seal = ? AND profile = ? AND may = ?",
                            error);
      if (stmt == NULL)
        goto out;
      sd_db_bind_text (stmt, 1, seal_id);
      sd_db_bind_text (stmt, 2, profile);
      sd_db_bind_text (stmt, 3, may_names[i].name);
      if (!sd_db_step_done (db, stmt, error))
        goto out;
    }
  details = json_object_new ();
  json_object_set_string_member (details, "action", grant ? "grant" : "withdraw");
  json_object_set_string_member (details, "profile", profile);
  json_object_set_array_member (details, "may", may_to_array (may));
  ok = finish_change (workspace, seal_id, actor, details, error);

out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  return ok;
}

gboolean
sd_seal_library_grant (SdWorkspace  *workspace,
                       const char   *seal_id,
                       const char   *profile,
                       SdSealMay     may,
                       const char   *actor,
                       GError      **error)
{
  return change_grants (workspace, seal_id, profile, may, TRUE, actor, error);
}

gboolean
sd_seal_library_withdraw (SdWorkspace  *workspace,
                          const char   *seal_id,
                          const char   *profile,
                          SdSealMay     may,
                          const char   *actor,
                          GError      **error)
{
  return change_grants (workspace, seal_id, profile, may, FALSE, actor, error);
}

/* Seals of other workstations change only where they were made. */
static gboolean
check_local (SdWorkspace  *workspace,
             SdSeal       *seal,
             GError      **error)
{
  g_autofree char *origin = sd_seal_get_origin (workspace, seal->id);

  if (origin == NULL)
    return TRUE;
  g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
               _("The seal “%s” belongs to workstation %.8s: grants and its state change there"),
               seal->name, origin);
  return FALSE;
}

gboolean
sd_seal_check_usable (SdSeal  *seal,
                      GError **error)
{
  if (g_strcmp0 (seal->state, "active") == 0)
    return TRUE;
  if (g_strcmp0 (seal->state, "suspended") == 0)
    g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                 _("The seal “%s” is suspended (reported lost): it cannot be used until it is restored"), seal->name);
  else if (g_strcmp0 (seal->state, "revoked") == 0)
    g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                 _("The seal “%s” is revoked: it can no longer be used"), seal->name);
  else
    g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                 _("The seal “%s” is destroyed: it can no longer be used"), seal->name);
  return FALSE;
}

gboolean
sd_seal_library_change_state (SdWorkspace  *workspace,
                              const char   *seal_id,
                              const char   *action,
                              const char   *reason,
                              const char   *actor,
                              GError      **error)
{
  static const struct { const char *action, *from, *to; } moves[] = {
    { "suspend", "active", "suspended" },
    { "restore", "suspended", "active" },
    { "revoke", "active", "revoked" },
    { "revoke", "suspended", "revoked" },
    { "destroy", "active", "destroyed" },
    { "destroy", "suspended", "destroyed" },
    { "destroy", "revoked", "destroyed" },
  };
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *to = NULL;
  JsonObject *details;
  gboolean ok = FALSE;

  if (reason == NULL || *reason == '\0')
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("Give the reason for this change of the seal with --reason"));
      return FALSE;
    }
  sd_workspace_lock (workspace);
  /* Read the state inside the write transaction: no other change between. */
  if (!sd_db_begin (db, error))
    goto out;
  if ((seal = sd_seal_library_get (workspace, seal_id, error)) == NULL
      || !check_local (workspace, seal, error))
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_str_equal (moves[i].action, action) && g_str_equal (moves[i].from, seal->state))
      to = moves[i].to;
  if (to == NULL)
    {
      /* TRANSLATORS: "Cannot restore the seal “Firm seal”: it is active" */
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                   _("Cannot %s the seal “%s”: it is %s"), action, seal->name, seal->state);
      goto out;
    }
  stmt = sd_db_prepare (db, "UPDATE seal SET state = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto out;
  sd_db_bind_text (stmt, 1, to);
  sd_db_bind_text (stmt, 2, seal_id);
  if (!sd_db_step_done (db, stmt, error))
    goto out;
  details = json_object_new ();
  json_object_set_string_member (details, "action", action);
  json_object_set_string_member (details, "from", seal->state);
  json_object_set_string_member (details, "to", to);
  json_object_set_string_member (details, "reason", reason);
  ok = finish_change (workspace, seal_id, actor, details, error);

out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  return ok;
}

char *
sd_seal_library_image_path (SdWorkspace  *workspace,
                            SdSeal       *seal,
                            GError      **error)
{
  g_autofree char *dir = sd_workspace_get_subdir (workspace, "seals", error);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return NULL;
  name = g_strconcat (seal->image_sha256, ".png", NULL);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)
      && !sd_file_set_contents_atomic (path, g_bytes_get_data (seal->image, NULL),
                                       g_bytes_get_size (seal->image), error))
    return NULL;
  return g_steal_pointer (&path);
}

JsonNode *
sd_seal_to_json (SdWorkspace *workspace,
                 SdSeal      *seal)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  SdDb *db = sd_workspace_get_db (workspace);
  gboolean has_row = TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, seal->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, seal->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, seal->kind);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, seal->state);
  json_builder_set_member_name (builder, "width_mm");
  json_builder_add_double_value (builder, seal->width_mm);
  json_builder_set_member_name (builder, "height_mm");
  json_builder_add_double_value (builder, seal->height_mm);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, seal->key_id);
  json_builder_set_member_name (builder, "image_sha256");
  json_builder_add_string_value (builder, seal->image_sha256);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, seal->created);

  json_builder_set_member_name (builder, "grants");
  json_builder_begin_array (builder);
  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT profile, group_concat (may) FROM seal_grant WHERE seal = ? GROUP BY profile ORDER BY profile", NULL);
  if (stmt != NULL)
    sd_db_bind_text (stmt, 1, seal->id);
  while (stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      g_auto(GStrv) mays = g_strsplit (sd_db_column_text (stmt, 1), ",", -1);
      SdSealMay may = 0;

      for (guint i = 0; mays[i] != NULL; i++)
        may |= sd_seal_may_from_string (mays[i]);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "profile");
      json_builder_add_string_value (builder, sd_db_column_text (stmt, 0));
      json_builder_set_member_name (builder, "may");
      json_builder_begin_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (may_names); i++)
        if (may & may_names[i].may)
          json_builder_add_string_value (builder, may_names[i].name);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  sd_workspace_unlock (workspace);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
