/* sd-sealing-intent.c: a signed file and its ledger entries, all or none
 *
 * A sealing operation signs into a temporary file of <data>/intents, then
 * commits an intent row (sealing_intent: where the file goes, its SHA-256
 * and everything its ledger entries need), then renames the file into
 * place, then records the entries and deletes the intent in one
 * transaction. The operation holds an flock() on <data>/intents/ID.lock
 * from start to end: an intent whose lock can be taken belongs to a
 * program that died, and the next one to open the workspace settles it
 * (sd_sealing_reconcile, sd-sealing-reconcile.c): the file in place with the expected SHA-256 gets
 * its entries (marked "recovered"), otherwise the intent and its
 * temporary file go.
 *
 * A document signed while no timestamp authority answered joins the queue
 * of `extend --pending` (sd-pending.h) in the transaction of its entries,
 * so that it is queued exactly when it is recorded, recovered or not.
 *
 * Built with -Dtest_hooks=true (the default for developers), the
 * environment variable SEALDESK_TEST_STOP_AT=before-rename, before-ledger
 * or after-ledger makes the program stop itself (SIGSTOP) at that point,
 * for the tests that kill it there (HACKING.md).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-paths.h"
#include "sd-pending.h"
#include "sd-sealing-private.h"
#include "sd-test-hooks.h"

struct _SdSealingIntent
{
  SdWorkspace *workspace;
  char        *id;
  char        *dir;
  char        *lock_path;
  int          lock_fd;
  char        *temp_path;
  char        *path;
  gboolean     committed;
};

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot write %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Creates and locks ID.lock; FALSE when someone removed it meanwhile (a
 * reconcile that took it for a dead program's). */
static gboolean
take_lock (SdSealingIntent  *self,
           GError          **error)
{
  struct stat fd_st, path_st;

  self->lock_fd = open (self->lock_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    return set_io_error (error, errno, self->lock_path);
  if (flock (self->lock_fd, LOCK_EX) != 0)
    {
      int saved_errno = errno;

      g_unlink (self->lock_path);
      close (self->lock_fd);
      self->lock_fd = -1;
      return set_io_error (error, saved_errno, self->lock_path);
    }
  if (fstat (self->lock_fd, &fd_st) != 0 || stat (self->lock_path, &path_st) != 0
      || fd_st.st_dev != path_st.st_dev || fd_st.st_ino != path_st.st_ino)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
      return FALSE;
    }
  return TRUE;
}

SdSealingIntent *
sd_sealing_intent_new (SdWorkspace  *workspace,
                       GError      **error)
{
  g_autoptr(SdSealingIntent) self = g_new0 (SdSealingIntent, 1);

  self->workspace = g_object_ref (workspace);
  self->lock_fd = -1;
  if ((self->dir = sd_workspace_get_subdir (workspace, "intents", error)) == NULL)
    return NULL;
  /* A new name when a reconcile took the lock before we did. */
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GError) local_error = NULL;

      g_clear_pointer (&self->id, g_free);
      g_clear_pointer (&self->lock_path, g_free);
      self->id = sd_workspace_new_id ("intent");
      name = g_strconcat (self->id, ".lock", NULL);
      self->lock_path = g_build_filename (self->dir, name, NULL);
      if (take_lock (self, &local_error))
        return g_steal_pointer (&self);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  set_io_error (error, EAGAIN, self->lock_path);
  return NULL;
}

/* Temporary file @n of the operation, in <data>/intents. */
static char *
sd_sealing_intent_temp_path (SdSealingIntent *self,
                             guint            n)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.pdf", self->id, n);

  return g_build_filename (self->dir, name, NULL);
}

/* Commits, in a transaction of its own, that @temp_path (SHA-256
 * @sha256) is about to become @path, with @payload (taken). */
static gboolean
sd_sealing_intent_commit (SdSealingIntent  *self,
                          const char       *kind,
                          const char       *temp_path,
                          const char       *path,
                          const char       *sha256,
                          const char       *actor,
                          const char       *request,
                          int               step,
                          JsonObject       *payload,
                          GError          **error)
{
  SdDb *db = sd_workspace_get_db (self->workspace);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), payload);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  gboolean ok = FALSE;

  json_object_unref (payload);
  g_return_val_if_fail (!self->committed && !sd_db_in_batch (db), FALSE);
  if ((text = sd_canonical_json_write (node, NULL, error)) == NULL)
    return FALSE;
  g_free (self->temp_path);
  self->temp_path = g_strdup (temp_path);
  g_free (self->path);
  /* Settled by a program that may run elsewhere. */
  self->path = g_canonicalize_filename (path, NULL);

  sd_workspace_lock (self->workspace);
  if (!sd_db_begin (db, error))
    goto out;
  stmt = sd_db_prepare (db, "INSERT INTO sealing_intent (id, kind, path, sha256, temp_path, lock_path, "
                            "actor, request, step, payload, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error);
  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, self->id);
      sd_db_bind_text (stmt, 2, kind);
      sd_db_bind_text (stmt, 3, self->path);
      sd_db_bind_text (stmt, 4, sha256);
      sd_db_bind_text (stmt, 5, temp_path);
      sd_db_bind_text (stmt, 6, self->lock_path);
      sd_db_bind_text (stmt, 7, actor);
      sd_db_bind_text (stmt, 8, request);
      if (step > 0)
        sqlite3_bind_int (stmt, 9, step);
      sd_db_bind_text (stmt, 10, text);
      sd_db_bind_text (stmt, 11, now);
      ok = sd_db_step_done (db, stmt, error) && sd_db_commit (db, error);
    }
  if (!ok)
    sd_db_rollback (db);
out:
  sd_workspace_unlock (self->workspace);
  self->committed = ok;
  return ok;
}

static void
fsync_dir_of (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Renames the file into place (an atomic copy across filesystems). */
static gboolean
sd_sealing_intent_place (SdSealingIntent  *self,
                         GError          **error)
{
  g_return_val_if_fail (self->committed, FALSE);

  sd_test_stop_at ("before-rename");
  if (g_rename (self->temp_path, self->path) == 0)
    fsync_dir_of (self->path);
  else if (errno == EXDEV)
    {
      /* Another filesystem: an atomic copy (O_TMPFILE + link). */
      if (!sd_sealing_copy_file (self->temp_path, self->path, error))
        return FALSE;
      g_unlink (self->temp_path);
    }
  else
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot save %s: %s"), self->path, g_strerror (saved_errno));
      return FALSE;
    }
  sd_test_stop_at ("before-ledger");
  return TRUE;
}

gboolean
sd_sealing_intent_delete_row (SdDb        *db,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "DELETE FROM sealing_intent WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, id);
  return sd_db_step_done (db, stmt, error);
}

/* Inside the transaction that records the result: the intent is done. */
static gboolean
sd_sealing_intent_delete (SdSealingIntent  *self,
                          GError          **error)
{
  return sd_sealing_intent_delete_row (sd_workspace_get_db (self->workspace), self->id, error);
}

void
sd_sealing_intent_abandon (SdSealingIntent *self)
{
  SdDb *db = sd_workspace_get_db (self->workspace);

  if (self->committed)
    {
      sd_workspace_lock (self->workspace);
      if (sd_db_begin (db, NULL))
        {
          if (!sd_sealing_intent_delete_row (db, self->id, NULL) || !sd_db_commit (db, NULL))
            sd_db_rollback (db);
        }
      sd_workspace_unlock (self->workspace);
      self->committed = FALSE;
    }
  if (self->temp_path != NULL)
    g_unlink (self->temp_path);
}

void
sd_sealing_intent_free (SdSealingIntent *self)
{
  if (self == NULL)
    return;
  /* The name first: whoever finds the lock free finds it gone too. */
  if (self->lock_fd >= 0)
    {
      g_unlink (self->lock_path);
      close (self->lock_fd);
    }
  g_clear_object (&self->workspace);
  g_free (self->id);
  g_free (self->dir);
  g_free (self->lock_path);
  g_free (self->temp_path);
  g_free (self->path);
  g_free (self);
}

/* ---- the ledger entries of a document signed without a request ---- */

JsonObject *
sd_sealing_entry_new (SdLedgerKind  kind,
                      const char   *actor,
                      const char   *seal,
                      const char   *request,
                      const char   *document_sha256,
                      JsonObject   *details)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "kind", sd_ledger_kind_to_string (kind));
  json_object_set_string_member (entry, "actor", actor);
  json_object_set_string_member (entry, "seal", seal);
  json_object_set_string_member (entry, "request", request);
  json_object_set_string_member (entry, "document", document_sha256);
  json_object_set_object_member (entry, "details", details);
  return entry;
}

static gboolean
kind_from_string (const char   *name,
                  SdLedgerKind *kind)
{
  for (SdLedgerKind k = SD_LEDGER_SEAL_USE; k <= SD_LEDGER_REFUSAL; k++)
    if (g_strcmp0 (name, sd_ledger_kind_to_string (k)) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* Appends @entries (sd_sealing_entry_new), inside the transaction. */
static gboolean
sd_sealing_append_entries (SdLedger    *ledger,
                           JsonArray   *entries,
                           gboolean     recovered,
                           GError     **error)
{
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *details_node = entry != NULL ? json_object_get_member (entry, "details") : NULL;
      g_autoptr(JsonNode) copy = NULL;
      JsonObject *details;
      SdLedgerKind kind;

      if (entry == NULL || !kind_from_string (member_string (entry, "kind"), &kind)
          || details_node == NULL || !JSON_NODE_HOLDS_OBJECT (details_node))
        return sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID,
                                _("An unfinished sealing of this workspace cannot be read"));
      copy = json_node_copy (details_node);
      details = json_object_ref (json_node_get_object (copy));
      if (recovered)
        sd_sealing_mark_recovered (details);
      if (sd_ledger_append (ledger, kind, member_string (entry, "actor"), member_string (entry, "seal"),
                            member_string (entry, "request"), member_string (entry, "document"),
                            details, error) == 0)
        return FALSE;
    }
  return TRUE;
}

void
sd_sealing_mark_recovered (JsonObject *details)
{
  /* Written when the workspace was next opened: the program that made
   * the signature was stopped before it could record it. */
  json_object_set_boolean_member (details, "recovered", TRUE);
}

gboolean
sd_sealing_check_output (const char  *in_path,
                         const char  *out_path,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (out_path);

  if (sd_path_same_file (in_path, out_path))
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                   _("The signed document must be saved under another name than %s: the original stays as it is"),
                   in_path);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create a file in %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* The SHA-256 of @in_path (when @in_sha) and of @out_path just signed
 * with @result: the signer's, made in its one pass over the input, or read
 * from the file where that pass did not see it (page marks, a repair,
 * B-LT, B-LTA). */
static gboolean
signed_hashes (const char    *in_path,
               const char    *out_path,
               SdSignResult  *result,
               char         **in_sha,
               char         **out_sha,
               GError       **error)
{
  if (in_sha != NULL)
    *in_sha = result->input_sha256 != NULL ? g_strdup (result->input_sha256)
                                           : sd_file_sha256 (in_path, NULL, error);
  if (in_sha != NULL && *in_sha == NULL)
    return FALSE;
  *out_sha = result->output_sha256 != NULL ? g_strdup (result->output_sha256)
                                           : sd_file_sha256 (out_path, NULL, error);
  if (*out_sha == NULL && in_sha != NULL)
    g_clear_pointer (in_sha, g_free);
  return *out_sha != NULL;
}

gboolean
sd_sealing_intent_sign (SdSealingIntent      *self,
                        guint                 n,
                        const char           *in_path,
                        SdKey                *key,
                        const SdSignOptions  *opts,
                        SdSignResult         *result,
                        SdProgressFunc        progress,
                        gpointer              progress_data,
                        GCancellable         *cancellable,
                        char                **temp_path,
                        char                **in_sha,
                        char                **out_sha,
                        GError              **error)
{
  g_autofree char *path = sd_sealing_intent_temp_path (self, n);

  if (!sd_sign_document_full (in_path, path, key, opts, result, progress, progress_data,
                              cancellable, error))
    return FALSE;
  /* A cancel up to here leaves nothing: from here on it is recorded. */
  if (!signed_hashes (in_path, path, result, in_sha, out_sha, error))
    {
      g_unlink (path);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (path);
      if (in_sha != NULL)
        g_clear_pointer (in_sha, g_free);
      g_clear_pointer (out_sha, g_free);
      return FALSE;
    }
  *temp_path = g_steal_pointer (&path);
  return TRUE;
}

JsonObject *
sd_sealing_document_payload (JsonArray          *entries,
                             const SdSignResult *result)
{
  JsonObject *payload = json_object_new ();

  json_object_set_array_member (payload, "entries", json_array_ref (entries));
  if (result->timestamp_deferred)
    {
      /* No timestamp authority answered: the queue of `extend --pending`
       * takes it with the entries, in their transaction. */
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *signed_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

      json_object_set_string_member (payload, "timestamp_pending", signed_at);
    }
  return payload;
}

gboolean
sd_sealing_apply (SdWorkspace  *workspace,
                  const char   *kind,
                  const char   *path,
                  const char   *sha256,
                  JsonObject   *payload,
                  gboolean      recovered,
                  GError      **refusal,
                  GError      **error)
{
  JsonNode *entries = json_object_get_member (payload, "entries");
  const char *pending = member_string (payload, "timestamp_pending");

  if (g_strcmp0 (kind, "step") == 0)
    return sd_sealing_finish_step (workspace, payload, recovered, refusal, error);
  if (g_strcmp0 (kind, "document") != 0 || entries == NULL || !JSON_NODE_HOLDS_ARRAY (entries))
    return sd_store_refuse (error, SD_WORKSPACE_ERROR_INVALID,
                            _("An unfinished sealing of this workspace cannot be read"));
  return sd_sealing_append_entries (sd_workspace_get_ledger (workspace), json_node_get_array (entries),
                                    recovered, error)
         && (pending == NULL || sd_pending_queue (workspace, path, sha256, pending, error));
}

gboolean
sd_sealing_finish (SdWorkspace      *workspace,
                   SdSealingIntent  *self,
                   const char       *kind,
                   const char       *temp_path,
                   const char       *path,
                   const char       *sha256,
                   const char       *actor,
                   const char       *request,
                   int               step,
                   JsonObject       *payload,
                   GError          **refusal,
                   GError          **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  gboolean placed = FALSE, ok = FALSE;

  /* The intent that keeps what is to be recorded, then the file in
   * place, then the record: a program killed on the way is completed (or
   * undone) by the next one that opens the workspace. */
  if (self != NULL
      && (!sd_sealing_intent_commit (self, kind, temp_path, path, sha256, actor, request, step,
                                     json_object_ref (payload), error)
          || !(placed = sd_sealing_intent_place (self, error))))
    goto out;

  sd_workspace_lock (workspace);
  ok = sd_db_begin (db, error)
       && sd_sealing_apply (workspace, kind, self != NULL ? self->path : path, sha256, payload, FALSE,
                            refusal != NULL ? refusal : error, error)
       && (self == NULL || sd_sealing_intent_delete (self, error))
       && sd_ledger_sign_head (ledger, error)
       && sd_db_commit (db, error);
  if (!ok)
    sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  if (ok)
    sd_test_stop_at ("after-ledger");

out:
  if (!ok && self != NULL)
    {
      /* Not recorded: not made. A step's document, named by its hash,
       * is left to the next sealing of the same bytes. */
      if (placed && g_strcmp0 (kind, "document") == 0)
        g_unlink (self->path);
      sd_sealing_intent_abandon (self);
    }
  return ok;
}
