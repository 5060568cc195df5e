/* sd-db.h: the workspace's SQLite database
 *
 * One database file per data directory, opened in WAL mode with foreign
 * keys on and a busy timeout, its schema brought up to date by the
 * migrations in sd-db-schema.c when it is opened. Every change of more than
 * one row goes through sd_db_begin()/sd_db_commit() (BEGIN IMMEDIATE: one
 * writer at a time, across processes too). Errors are SD_DB_ERROR with
 * SQLite's message.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define SD_DB_ERROR (sd_db_error_quark ())

typedef enum {
  SD_DB_ERROR_FAILED,
  SD_DB_ERROR_BUSY,         /* another program holds the database too long */
  SD_DB_ERROR_CORRUPT,      /* not a database, damaged, or from a newer Sealdesk */
  SD_DB_ERROR_CONSTRAINT,   /* a row that would break a rule (duplicate name…) */
} SdDbError;

GQuark sd_db_error_quark (void);

typedef struct _SdDb SdDb;

SdDb         *sd_db_open            (const char  *path,
                                     GError     **error);
void          sd_db_close           (SdDb        *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdDb, sd_db_close)

sqlite3      *sd_db_get_handle      (SdDb        *self);
int           sd_db_get_version     (SdDb        *self);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. A failed commit rolls back. */
gboolean      sd_db_begin           (SdDb        *self,
                                     GError     **error);
gboolean      sd_db_commit          (SdDb        *self,
                                     GError     **error);
void          sd_db_rollback        (SdDb        *self);
gboolean      sd_db_in_transaction  (SdDb        *self);

/* A batch: one outer BEGIN IMMEDIATE that the begin/commit pairs inside it
 * join as savepoints (a rollback inside undoes only its own part), so
 * that many changes cost one commit. Nothing of it is durable before
 * sd_db_batch_end (@commit TRUE); FALSE rolls all of it back. Ledger
 * changes inside go through sd_ledger_batch_begin/end, which sign one
 * head for all. */
gboolean      sd_db_batch_begin     (SdDb        *self,
                                     GError     **error);
gboolean      sd_db_batch_end       (SdDb        *self,
                                     gboolean     commit,
                                     GError     **error);
gboolean      sd_db_in_batch        (SdDb        *self);

/* Runs SQL without results (several statements allowed). */
gboolean      sd_db_exec            (SdDb        *self,
                                     const char  *sql,
                                     GError     **error);
/* A prepared statement (finalize it with sqlite3_finalize, or use
 * g_autoptr (sqlite3_stmt)). */
sqlite3_stmt *sd_db_prepare         (SdDb        *self,
                                     const char  *sql,
                                     GError     **error);
/* Steps a statement that returns no row (INSERT, UPDATE, DELETE). */
gboolean      sd_db_step_done       (SdDb         *self,
                                     sqlite3_stmt *stmt,
                                     GError      **error);
/* Steps once: TRUE with *has_row set, FALSE on error. */
gboolean      sd_db_step_row        (SdDb         *self,
                                     sqlite3_stmt *stmt,
                                     gboolean     *has_row,
                                     GError      **error);
/* Sets @error from the connection's last error. Returns FALSE. */
gboolean      sd_db_set_error       (SdDb        *self,
                                     GError     **error);

/* Bind helpers: NULL text binds SQL NULL. */
void          sd_db_bind_text       (sqlite3_stmt *stmt,
                                     int           index,
                                     const char   *text);
/* Column text, never NULL for a NULL column when @fallback is given. */
const char   *sd_db_column_text     (sqlite3_stmt *stmt,
                                     int           column);

/* Settings: small key/value pairs of the workspace. */
char         *sd_db_get_setting     (SdDb        *self,
                                     const char  *key,
                                     GError     **error);
gboolean      sd_db_set_setting     (SdDb        *self,
                                     const char  *key,
                                     const char  *value,
                                     GError     **error);

/* For sd-db-schema.c. */
gboolean      sd_db_migrate         (SdDb        *self,
                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
