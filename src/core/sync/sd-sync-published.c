/* sd-sync-published.c: what is in our folder against what we published
 *
 * A sync engine, a person or a restored backup can delete, truncate or
 * replace what this workstation wrote below FOLDER/<our ID>/, or empty the
 * folder. Before publishing, every file listed in sync_published is looked
 * at: gone, not a regular file, another size, or possibly changed since it
 * was written (its ctime not older than the second it was written or last
 * checked in, or our manifest is not the one we wrote) and then another
 * SHA-256. Such a file is dropped from
 * sync_published and what it belongs to goes back into the publish queue,
 * so that the same pass writes it again.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>

#include "sd-request-private.h"
#include "sd-sync-private.h"

typedef struct {
  char *kind;
  char *ref;
  char *path;
} Stale;

static void
stale_free (Stale *s)
{
  g_free (s->kind);
  g_free (s->ref);
  g_free (s->path);
  g_free (s);
}

static gboolean
manifest_is_ours (SdDb *db,
                  int   me_fd)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *written = sd_db_get_setting (db, "sync.manifest_sha256", NULL);
  SdSyncFileStatus status;

  if (written == NULL)
    return FALSE;
  bytes = sd_sync_read_at (me_fd, SD_SYNC_MANIFEST_NAME, -1, NULL, SD_SYNC_MANIFEST_MAX, &status, NULL);
  if (bytes == NULL)
    return FALSE;
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  return g_str_equal (sha, written);
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) dt = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

/* Is the file as we wrote it? *checked when it had to be read for that. */
static gboolean
file_is_current (int         me_fd,
                 const char *path,
                 gint64      size,
                 const char *sha256,
                 gint64      written,
                 gboolean    full,
                 gboolean   *checked)
{
  g_autoptr(GBytes) bytes = NULL;
  SdSyncFileStatus status;
  struct stat st;

  *checked = FALSE;
  if (!sd_sync_relpath_is_safe (path) || fstatat (me_fd, path, &st, AT_SYMLINK_NOFOLLOW) != 0
      || !S_ISREG (st.st_mode) || st.st_size != size)
    return FALSE;
  /* @written: a second at which the file was as we wrote it (when it was
   * written, or last read and found so). Any change since moves its ctime
   * to that second or later; then it is read. */
  if (!full && st.st_ctime < written)
    return TRUE;
  *checked = TRUE;
  bytes = sd_sync_read_at (me_fd, path, size, sha256, SD_SYNC_PDF_MAX, &status, NULL);
  return bytes != NULL;
}

/* Decisions are published as decisions/SHA.json (SHA of their content) and
 * the documents they signed as documents/SHA.pdf; the queue names them
 * "REQ/ID". */
static gboolean
queue_decisions (SdDb        *db,
                 GHashTable  *decision_shas,
                 GHashTable  *result_shas,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE, ok;

  if (g_hash_table_size (decision_shas) == 0 && g_hash_table_size (result_shas) == 0)
    return TRUE;
  if ((stmt = sd_db_prepare (db, "SELECT id, request, content FROM decision ORDER BY id", error)) == NULL)
    return FALSE;
  while ((ok = sd_db_step_row (db, stmt, &has_row, error)) && has_row)
    {
      const char *content = sd_db_column_text (stmt, 2);
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
      gboolean hit = g_hash_table_contains (decision_shas, sha);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, result_shas);
      while (!hit && g_hash_table_iter_next (&iter, &key, NULL))
        {
          g_autofree char *member = g_strdup_printf ("\"result_sha256\":\"%s\"", (char *) key);

          hit = strstr (content, member) != NULL;
        }
      if (hit)
        {
          g_autofree char *ref = g_strdup_printf ("%s/%lld", sd_db_column_text (stmt, 1),
                                                  (long long) sqlite3_column_int64 (stmt, 0));

          if (!sd_store_mark_publish (db, "decision", ref, error))
            return FALSE;
        }
    }
  return ok;
}

gboolean
sd_sync_check_published (SdWorkspace   *workspace,
                         int            me_fd,
                         SdSyncReport  *report,
                         gboolean      *manifest_intact,
                         GError       **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func ((GDestroyNotify) stale_free);
  g_autoptr(GPtrArray) checked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) decision_shas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) result_shas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *now = sd_workspace_now_string ();
  gboolean has_row = FALSE, stepped, full;

  full = !(*manifest_intact = manifest_is_ours (db, me_fd));
  if ((stmt = sd_db_prepare (db, "SELECT kind, ref, path, size, sha256, time FROM sync_published ORDER BY kind, ref", error)) == NULL)
    return FALSE;
  while ((stepped = sd_db_step_row (db, stmt, &has_row, error)) && has_row)
    {
      gboolean read = FALSE;

      if (!file_is_current (me_fd, sd_db_column_text (stmt, 2), sqlite3_column_int64 (stmt, 3),
                            sd_db_column_text (stmt, 4), parse_time (sd_db_column_text (stmt, 5)), full, &read))
        {
          Stale *s = g_new0 (Stale, 1);

          s->kind = g_strdup (sd_db_column_text (stmt, 0));
          s->ref = g_strdup (sd_db_column_text (stmt, 1));
          s->path = g_strdup (sd_db_column_text (stmt, 2));
          g_ptr_array_add (stale, s);
        }
      else if (read)
        g_ptr_array_add (checked, g_strdup_printf ("%s\n%s", sd_db_column_text (stmt, 0), sd_db_column_text (stmt, 1)));
    }
  if (!stepped)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Read and found unchanged: not read again until it changes again. */
  for (guint i = 0; i < checked->len; i++)
    {
      g_auto(GStrv) kr = g_strsplit (g_ptr_array_index (checked, i), "\n", 2);
      g_autoptr(sqlite3_stmt) up = sd_db_prepare (db, "UPDATE sync_published SET time = ? WHERE kind = ? AND ref = ?", error);

      if (up == NULL)
        return FALSE;
      sd_db_bind_text (up, 1, now);
      sd_db_bind_text (up, 2, kr[0]);
      sd_db_bind_text (up, 3, kr[1]);
      if (!sd_db_step_done (db, up, error))
        return FALSE;
    }

  for (guint i = 0; i < stale->len; i++)
    {
      Stale *s = g_ptr_array_index (stale, i);
      g_autoptr(sqlite3_stmt) del = sd_db_prepare (db, "DELETE FROM sync_published WHERE kind = ? AND ref = ?", error);
      gboolean ok = TRUE;

      if (del == NULL)
        return FALSE;
      sd_db_bind_text (del, 1, s->kind);
      sd_db_bind_text (del, 2, s->ref);
      if (!sd_db_step_done (db, del, error))
        return FALSE;
      /* TRANSLATORS: %s is a path below the workstation's own folder, such as requests/req-0123.pdf */
      sd_sync_report_add (report, _("%s is missing or was changed in the shared folder: it is published again"), s->path);
      if (g_str_equal (s->kind, "request") || g_str_equal (s->kind, "request-document"))
        ok = sd_store_mark_publish (db, "request", s->ref, error);
      else if (g_str_equal (s->kind, "completed") || g_str_equal (s->kind, "report-json")
               || g_str_equal (s->kind, "report-pdf"))
        ok = sd_store_mark_publish (db, "completed", s->ref, error);
      else if (g_str_equal (s->kind, "decision"))
        g_hash_table_add (decision_shas, g_strdup (s->ref));
      else if (g_str_equal (s->kind, "document"))
        g_hash_table_add (result_shas, g_strdup (s->ref));
      /* seal-image: written again with the manifest's seals */
      if (!ok)
        return FALSE;
    }
  return queue_decisions (db, decision_shas, result_shas, error);
}
