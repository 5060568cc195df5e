/* sd-pending.c: documents waiting for trusted time */
#include "config.h"

#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sd-private-temp.h"
#include "sd-db.h"
#include "sd-ledger.h"
#include "sd-pending.h"
#include "sd-sha256.h"

void
sd_pending_document_free (SdPendingDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->path);
  g_free (doc->sha256);
  g_free (doc->signed_at);
  g_free (doc);
}

gboolean
sd_pending_queue (SdWorkspace  *workspace,
                  const char   *path,
                  const char   *sha256,
                  const char   *signed_at,
                  GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (g_path_is_absolute (path), FALSE);
  stmt = sd_db_prepare (db, "INSERT INTO pending_timestamp (path, sha256, signed_at) VALUES (?, ?, ?)"
                            " ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256,"
                            " signed_at = excluded.signed_at", error);
  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, path);
  sd_db_bind_text (stmt, 2, sha256);
  sd_db_bind_text (stmt, 3, signed_at);
  return sd_db_step_done (db, stmt, error);
}

GPtrArray *
sd_pending_list (SdWorkspace  *workspace,
                 GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_pending_document_free);
  sqlite3_stmt *stmt = sd_db_prepare (db, "SELECT id, path, sha256, signed_at FROM pending_timestamp"
                                          " ORDER BY id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return NULL;
  while (sd_db_step_row (db, stmt, &has_row, error) && has_row)
    {
      SdPendingDocument *doc = g_new0 (SdPendingDocument, 1);

      doc->id = sqlite3_column_int64 (stmt, 0);
      doc->path = g_strdup (sd_db_column_text (stmt, 1));
      doc->sha256 = g_strdup (sd_db_column_text (stmt, 2));
      doc->signed_at = g_strdup (sd_db_column_text (stmt, 3));
      g_ptr_array_add (list, doc);
    }
  sqlite3_finalize (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
sd_pending_remove (SdWorkspace *workspace, gint64 id, GError **error)
{
  SdDb         *db = sd_workspace_get_db (workspace);
  sqlite3_stmt *stmt = sd_db_prepare (db, "DELETE FROM pending_timestamp WHERE id = ?", error);
  gboolean      ok;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  ok = sd_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok && sqlite3_changes (sd_db_get_handle (db)) > 0;
}

gboolean
sd_pending_done (SdWorkspace        *workspace,
                 SdPendingDocument  *doc,
                 const SdLtvResult  *result,
                 GError            **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  g_autofree char *sha = sd_file_sha256 (doc->path, NULL, error);
  g_autofree char *stamped = result->doc_timestamp_time != NULL
                             ? g_date_time_format (result->doc_timestamp_time, "%Y-%m-%dT%H:%M:%SZ")
                             : NULL;
  JsonObject *details;
  sqlite3_stmt *stmt;

  if (sha == NULL || !sd_db_begin (db, error))
    return FALSE;
  stmt = sd_db_prepare (db, "DELETE FROM pending_timestamp WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, doc->id);
  if (!sd_db_step_done (db, stmt, error))
    {
      sqlite3_finalize (stmt);
      goto fail;
    }
  sqlite3_finalize (stmt);

  details = json_object_new ();
  json_object_set_string_member (details, "action", "timestamp-added");
  json_object_set_string_member (details, "path", doc->path);
  json_object_set_string_member (details, "signed_at", doc->signed_at);
  json_object_set_string_member (details, "signed_sha256", doc->sha256);
  if (stamped != NULL)
    json_object_set_string_member (details, "timestamped_at", stamped);
  else
    json_object_set_null_member (details, "timestamped_at");
  json_object_set_string_member (details, "level", sd_sign_level_to_string (result->level));
  if (result->tsa_url != NULL)
    json_object_set_string_member (details, "tsa", result->tsa_url);
  if (sd_ledger_append (ledger, SD_LEDGER_LIFECYCLE, NULL, NULL, NULL, sha, details, error) == 0
      || !sd_ledger_sign_head (ledger, error)
      || !sd_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  sd_db_rollback (db);
  return FALSE;
}

gboolean
sd_pending_extend (SdWorkspace        *workspace,
                   SdPendingDocument  *doc,
                   const SdLtvOptions *opts,
                   SdLtvResult        *result,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autofree char *tmp = NULL;
  gboolean         ok;
  int              fd = sd_private_temp_open ("extend", &tmp, error);

  if (fd < 0)
    return FALSE;
  close (fd);
  ok = sd_ltv_extend (doc->path, tmp, opts, result, cancellable, error) &&
       sd_ltv_copy_file (tmp, doc->path, error);
  g_unlink (tmp);
  if (!ok)
    return FALSE;
  sd_workspace_lock (workspace);
  ok = sd_pending_done (workspace, doc, result, error);
  sd_workspace_unlock (workspace);
  return ok;
}
