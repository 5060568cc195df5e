/* sd-sync-manifest-body.c: the parts of our manifest read from the database
 *
 * Profiles, published objects, consistency proofs and witnessed heads, each
 * added to the manifest body as one JSON array in a stable order (the body's
 * SHA-256 decides whether the manifest is rewritten). sd-sync-publish.c
 * writes the files these name and signs the whole.
 */
#include "config.h"

#include "sd-ledger.h"
#include "sd-sync-private.h"

void
sd_sync_add_profiles (SdDb        *db,
                      JsonBuilder *b)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "SELECT name, roles, certificate FROM profile WHERE origin IS NULL ORDER BY name", NULL);
  gboolean has_row = FALSE;

  json_builder_begin_array (b);
  while (stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      g_autofree char *cert = g_base64_encode (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
      g_auto(GStrv) roles = g_strsplit (sd_db_column_text (stmt, 1), ",", -1);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "certificate");
      json_builder_add_string_value (b, cert);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 0));
      json_builder_set_member_name (b, "roles");
      json_builder_begin_array (b);
      for (guint i = 0; roles[i] != NULL; i++)
        if (roles[i][0] != '\0')
          json_builder_add_string_value (b, roles[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
sd_sync_add_objects (SdDb        *db,
                     JsonBuilder *b)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "SELECT kind, ref, path, size, sha256 FROM sync_published ORDER BY kind, ref", NULL);
  gboolean has_row = FALSE;

  json_builder_begin_array (b);
  while (stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 0));
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 2));
      json_builder_set_member_name (b, "ref");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 1));
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 4));
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 3));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
sd_sync_add_proofs (SdWorkspace *workspace,
                    JsonBuilder *b,
                    gint64       size)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (sd_workspace_get_db (workspace), "SELECT DISTINCT witnessed_size FROM sync_peer WHERE witnessed_size > 0 "
                                                       "UNION SELECT CAST (value AS INTEGER) FROM setting WHERE key = 'sync.published_size' "
                                                       "ORDER BY 1", NULL);
  gboolean has_row = FALSE;

  json_builder_begin_array (b);
  while (stmt != NULL && sd_db_step_row (sd_workspace_get_db (workspace), stmt, &has_row, NULL) && has_row)
    {
      gint64 old = sqlite3_column_int64 (stmt, 0);
      g_autoptr(JsonNode) proof = NULL;

      if (old < 1 || old >= size)
        continue;
      if ((proof = sd_ledger_prove_consistency (sd_workspace_get_ledger (workspace), old, NULL)) == NULL)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "old_size");
      json_builder_add_int_value (b, old);
      json_builder_set_member_name (b, "proof");
      json_builder_add_value (b, json_node_copy (json_object_get_member (json_node_get_object (proof), "proof")));
      json_builder_set_member_name (b, "tree_size");
      json_builder_add_int_value (b, size);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
sd_sync_add_witnessed (SdDb        *db,
                       JsonBuilder *b)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "SELECT workstation, tree_size, root_hash FROM sync_peer_head ORDER BY workstation", NULL);
  gboolean has_row = FALSE;

  json_builder_begin_array (b);
  while (stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "root_hash");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 2));
      json_builder_set_member_name (b, "tree_size");
      json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 1));
      json_builder_set_member_name (b, "workstation");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 0));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}
