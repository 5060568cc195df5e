/* sd-sealing-reconcile.c: the intents of sealing programs that died
 *
 * An intent (sd-sealing-intent.c) whose lock nobody holds belongs to a
 * program that was killed between committing it and recording its file.
 * Opening the workspace settles it in one transaction: the file in place
 * with the SHA-256 it was signed with gets its ledger entries (marked
 * "recovered") and its place in the queue of pending timestamps through
 * the same code a live sealing uses (sd_sealing_apply); otherwise the
 * intent and its temporary file go. Files of <data>/intents that no
 * intent names and nobody holds go too.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-request.h"
#include "sd-sealing-private.h"

/* The payload of an intent, at most. */
#define PAYLOAD_MAX (64 * 1024 * 1024)

/* TRUE when nobody holds @lock_path any more: then *@fd holds it (or is
 * -1 when it is gone). */
static gboolean
owner_gone (const char *lock_path,
            int        *fd)
{
  *fd = open (lock_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  if (*fd < 0)
    return errno == ENOENT;
  if (flock (*fd, LOCK_EX | LOCK_NB) == 0)
    return TRUE;
  close (*fd);
  *fd = -1;
  return FALSE;
}

/* The intent @id, inside one transaction: its file is in place as it
 * was signed → its entries and a new head; else it goes. FALSE (and the
 * intent kept for the next time) on a passing failure. */
static gboolean
settle (SdWorkspace  *workspace,
        const char   *id,
        GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *kind = NULL, *path = NULL, *sha256 = NULL, *temp_path = NULL, *text = NULL;
  g_autofree char *found = NULL;
  gboolean has_row = FALSE, recorded = FALSE, ok = FALSE;

  sd_workspace_lock (workspace);
  if (!sd_db_begin (db, error))
    goto out;
  stmt = sd_db_prepare (db, "SELECT kind, path, sha256, temp_path, payload FROM sealing_intent WHERE id = ?",
                        error);
  if (stmt == NULL)
    goto out;
  sd_db_bind_text (stmt, 1, id);
  if (!sd_db_step_row (db, stmt, &has_row, error))
    goto out;
  if (!has_row)
    {
      ok = TRUE;      /* settled meanwhile */
      goto out;
    }
  kind = g_strdup (sd_db_column_text (stmt, 0));
  path = g_strdup (sd_db_column_text (stmt, 1));
  sha256 = g_strdup (sd_db_column_text (stmt, 2));
  temp_path = g_strdup (sd_db_column_text (stmt, 3));
  text = g_strdup (sd_db_column_text (stmt, 4));
  g_clear_pointer (&stmt, sqlite3_finalize);

  found = sd_file_sha256 (path, NULL, NULL);
  if (found != NULL && g_strcmp0 (found, sha256) == 0)
    {
      payload = sd_json_parse_bounded (text, strlen (text), PAYLOAD_MAX, NULL);
      recorded = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload)
                 && sd_sealing_apply (workspace, kind, path, sha256, json_node_get_object (payload), TRUE,
                                      &local_error, &local_error);
      if (!recorded)
        {
          /* A rule that now refuses it, or a payload that cannot be read,
           * stays so: the intent goes. Anything else is tried again. */
          if (local_error != NULL && local_error->domain != SD_WORKSPACE_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto out;
            }
          sd_db_rollback (db);
          if (!sd_db_begin (db, error))
            goto out;
        }
    }
  ok = sd_sealing_intent_delete_row (db, id, error)
       && (!recorded || sd_ledger_sign_head (sd_workspace_get_ledger (workspace), error))
       && sd_db_commit (db, error);

out:
  if (!ok)
    sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  if (ok && temp_path != NULL)
    g_unlink (temp_path);
  if (ok && kind != NULL)
    g_debug ("intent %s: %s", id, recorded ? "recorded" : "dropped");
  return ok;
}

static gboolean
has_intent (SdDb       *db,
            const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "SELECT 1 FROM sealing_intent WHERE id = ?", NULL);
  gboolean has_row = TRUE;

  if (stmt == NULL)
    return TRUE;
  sd_db_bind_text (stmt, 1, id);
  if (!sd_db_step_row (db, stmt, &has_row, NULL))
    return TRUE;
  return has_row;
}

/* Files of <data>/intents whose operation left no intent (killed before
 * it committed one, or after it deleted it) and that nobody holds. */
static void
remove_orphans (SdWorkspace *workspace,
                const char  *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gsize id_len = strlen ("intent-") + 16;
  const char *name;
  GHashTableIter iter;
  gpointer id;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "intent-") && strlen (name) > id_len)
      {
        g_ptr_array_add (names, g_strdup (name));
        g_hash_table_add (ids, g_strndup (name, id_len));
      }
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_autofree char *lock_name = g_strconcat (id, ".lock", NULL);
      g_autofree char *lock_path = g_build_filename (dir, lock_name, NULL);
      int fd;

      sd_workspace_lock (workspace);
      if (!has_intent (sd_workspace_get_db (workspace), id) && owner_gone (lock_path, &fd))
        {
          for (guint i = 0; i < names->len; i++)
            if (g_str_has_prefix (g_ptr_array_index (names, i), id)
                && !g_str_equal (g_ptr_array_index (names, i), lock_name))
              {
                g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

                g_unlink (path);
              }
          if (fd >= 0)
            {
              g_unlink (lock_path);
              close (fd);
            }
        }
      sd_workspace_unlock (workspace);
    }
}

void
sd_sealing_reconcile (SdWorkspace *workspace)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autofree char *dir = g_build_filename (sd_workspace_get_data_dir (workspace), "intents", NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row = FALSE;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT id, lock_path FROM sealing_intent ORDER BY created", NULL);
  while (stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      g_ptr_array_add (rows, g_strdup (sd_db_column_text (stmt, 0)));
      g_ptr_array_add (rows, g_strdup (sd_db_column_text (stmt, 1)));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sd_workspace_unlock (workspace);

  for (guint i = 0; i + 1 < rows->len; i += 2)
    {
      const char *lock_path = g_ptr_array_index (rows, i + 1);
      g_autoptr(GError) error = NULL;
      int fd;

      if (!owner_gone (lock_path, &fd))
        continue;
      if (settle (workspace, g_ptr_array_index (rows, i), &error))
        {
          if (fd >= 0)
            g_unlink (lock_path);
        }
      else
        g_warning ("Cannot finish an interrupted sealing: %s", error->message);
      if (fd >= 0)
        close (fd);
    }
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    remove_orphans (workspace, dir);
}
