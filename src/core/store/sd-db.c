/* sd-db.c: the workspace's SQLite database */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-db.h"

G_DEFINE_QUARK (sd-db-error-quark, sd_db_error)

struct _SdDb
{
  sqlite3  *handle;
  char     *path;
  gboolean  in_transaction;
  gboolean  batch;           /* an outer transaction is open (sd_db_batch_begin) */
  gboolean  batch_broken;    /* SQLite ended it on an error: its end fails */
};

static int
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SD_DB_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return SD_DB_ERROR_CORRUPT;
    case SQLITE_CONSTRAINT:
      return SD_DB_ERROR_CONSTRAINT;
    default:
      return SD_DB_ERROR_FAILED;
    }
}

gboolean
sd_db_set_error (SdDb    *self,
                 GError **error)
{
  int rc = sqlite3_extended_errcode (self->handle);

  if ((rc & 0xff) == SQLITE_BUSY)
    g_set_error (error, SD_DB_ERROR, SD_DB_ERROR_BUSY,
                 _("The Sealdesk database %s is busy: another Sealdesk program is changing it; try again"),
                 self->path);
  else
    g_set_error (error, SD_DB_ERROR, error_code_for (rc),
                 _("Database %s: %s"), self->path, sqlite3_errmsg (self->handle));
  return FALSE;
}

SdDb *
sd_db_open (const char  *path,
            GError     **error)
{
  g_autoptr(SdDb) self = g_new0 (SdDb, 1);
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                        | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SD_DB_ERROR, error_code_for (rc),
                   _("Cannot open the Sealdesk database %s: %s"), path,
                   self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->handle, 15000);
  sqlite3_extended_result_codes (self->handle, 1);

  /* WAL: readers never block the writer; FULL sync: a committed decision
   * survives a power cut. */
  if (!sd_db_exec (self, "PRAGMA journal_mode=WAL;"
                         "PRAGMA synchronous=FULL;"
                         "PRAGMA foreign_keys=ON;"
                         "PRAGMA trusted_schema=OFF;", error))
    return NULL;
  if (!sd_db_migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
sd_db_close (SdDb *self)
{
  if (self == NULL)
    return;
  if (self->in_transaction)
    sd_db_rollback (self);
  if (self->batch)
    sd_db_batch_end (self, FALSE, NULL);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self);
}

sqlite3 *
sd_db_get_handle (SdDb *self)
{
  return self->handle;
}

int
sd_db_get_version (SdDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

gboolean
sd_db_exec (SdDb        *self,
            const char  *sql,
            GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      sqlite3_free (message);
      return sd_db_set_error (self, error);
    }
  return TRUE;
}

gboolean
sd_db_begin (SdDb    *self,
             GError **error)
{
  g_return_val_if_fail (!self->in_transaction, FALSE);
  if (!sd_db_exec (self, self->batch ? "SAVEPOINT sd_db_batch_item" : "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

/* Inside a batch an error may have made SQLite roll back the whole outer
 * transaction (disk full, I/O error): then the batch cannot commit. */
static void
check_batch (SdDb *self)
{
  if (self->batch && sqlite3_get_autocommit (self->handle))
    self->batch_broken = TRUE;
}

gboolean
sd_db_commit (SdDb    *self,
              GError **error)
{
  g_return_val_if_fail (self->in_transaction, FALSE);
  if (!sd_db_exec (self, self->batch ? "RELEASE sd_db_batch_item" : "COMMIT", error))
    {
      sd_db_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  check_batch (self);
  return TRUE;
}

void
sd_db_rollback (SdDb *self)
{
  if (!self->in_transaction)
    return;
  if (self->batch)
    {
      check_batch (self);
      if (!self->batch_broken)
        sqlite3_exec (self->handle, "ROLLBACK TO sd_db_batch_item; RELEASE sd_db_batch_item", NULL, NULL, NULL);
    }
  else
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

gboolean
sd_db_in_transaction (SdDb *self)
{
  return self->in_transaction;
}

gboolean
sd_db_batch_begin (SdDb    *self,
                   GError **error)
{
  g_return_val_if_fail (!self->in_transaction && !self->batch, FALSE);
  if (!sd_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->batch = TRUE;
  self->batch_broken = FALSE;
  return TRUE;
}

gboolean
sd_db_in_batch (SdDb *self)
{
  return self->batch;
}

gboolean
sd_db_batch_end (SdDb     *self,
                 gboolean  commit,
                 GError  **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (self->batch && !self->in_transaction, FALSE);
  check_batch (self);
  self->batch = FALSE;
  if (self->batch_broken)
    {
      if (commit)
        {
          g_set_error_literal (error, SD_DB_ERROR, SD_DB_ERROR_FAILED,
                               _("The database ended the transaction on an error: nothing of it was saved"));
          ok = FALSE;
        }
    }
  else if (!commit)
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  else if (!sd_db_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      ok = FALSE;
    }
  self->batch_broken = FALSE;
  return ok;
}

sqlite3_stmt *
sd_db_prepare (SdDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sd_db_set_error (self, error);
      return NULL;
    }
  return stmt;
}

gboolean
sd_db_step_done (SdDb         *self,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return sd_db_set_error (self, error);
  return TRUE;
}

gboolean
sd_db_step_row (SdDb         *self,
                sqlite3_stmt *stmt,
                gboolean     *has_row,
                GError      **error)
{
  int rc = sqlite3_step (stmt);

  *has_row = rc == SQLITE_ROW;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return sd_db_set_error (self, error);
  return TRUE;
}

void
sd_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
sd_db_column_text (sqlite3_stmt *stmt,
                   int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

char *
sd_db_get_setting (SdDb        *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  stmt = sd_db_prepare (self, "SELECT value FROM setting WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;
  sd_db_bind_text (stmt, 1, key);
  if (!sd_db_step_row (self, stmt, &has_row, error) || !has_row)
    return NULL;
  return g_strdup (sd_db_column_text (stmt, 0));
}

gboolean
sd_db_set_setting (SdDb        *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sd_db_prepare (self, "INSERT INTO setting (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, key);
  sd_db_bind_text (stmt, 2, value);
  return sd_db_step_done (self, stmt, error);
}
