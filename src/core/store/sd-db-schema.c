/* sd-db-schema.c: the database schema and its migrations
 *
 * PRAGMA user_version is the schema version. Each migration takes the
 * schema from version N to N + 1 inside one transaction; opening a database
 * applies the missing ones in order. Never edit a migration that has been
 * released: add a new one.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-db.h"

static const char *const migrations[] = {
  /* 1: workspace, profiles, seal library, stamp requests, ledger */
  "CREATE TABLE setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"

  "CREATE TABLE profile ("
  "  name TEXT PRIMARY KEY,"
  "  roles TEXT NOT NULL,"
  "  key_id TEXT NOT NULL,"
  "  certificate BLOB NOT NULL,"
  "  cert_sha256 TEXT NOT NULL,"
  "  created TEXT NOT NULL);"

  "CREATE TABLE seal ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('company', 'contract', 'name', 'handwritten')),"
  "  state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked', 'destroyed')),"
  "  width_mm REAL NOT NULL CHECK (width_mm > 0),"
  "  height_mm REAL NOT NULL CHECK (height_mm > 0),"
  "  key_id TEXT NOT NULL,"
  "  image BLOB NOT NULL,"
  "  image_sha256 TEXT NOT NULL,"
  "  created TEXT NOT NULL);"

  "CREATE TABLE seal_grant ("
  "  seal TEXT NOT NULL REFERENCES seal (id),"
  "  profile TEXT NOT NULL REFERENCES profile (name),"
  "  may TEXT NOT NULL CHECK (may IN ('request', 'approve', 'use')),"
  "  PRIMARY KEY (seal, profile, may));"

  "CREATE TABLE request ("
  "  id TEXT PRIMARY KEY,"
  "  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'completed', 'withdrawn')),"
  "  requester TEXT NOT NULL REFERENCES profile (name),"
  "  reason TEXT NOT NULL,"
  "  matter TEXT,"
  "  lock INTEGER NOT NULL DEFAULT 0,"
  "  doc_path TEXT NOT NULL,"
  "  doc_name TEXT NOT NULL,"
  "  doc_sha256 TEXT NOT NULL,"
  "  current_path TEXT NOT NULL,"
  "  current_sha256 TEXT NOT NULL,"
  "  output TEXT,"
  "  created TEXT NOT NULL,"
  "  content TEXT NOT NULL,"
  "  signature BLOB NOT NULL);"

  "CREATE TABLE request_placement ("
  "  request TEXT NOT NULL REFERENCES request (id),"
  "  idx INTEGER NOT NULL,"
  "  seal TEXT NOT NULL REFERENCES seal (id),"
  "  page INTEGER NOT NULL CHECK (page >= 1),"
  "  x REAL NOT NULL, y REAL NOT NULL,"
  "  width REAL NOT NULL CHECK (width > 0),"
  "  height REAL NOT NULL CHECK (height > 0),"
  "  PRIMARY KEY (request, idx));"

  "CREATE TABLE request_step ("
  "  request TEXT NOT NULL REFERENCES request (id),"
  "  idx INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('approve', 'sign', 'stamp')),"
  "  mode TEXT NOT NULL CHECK (mode IN ('one', 'all')),"
  "  profiles TEXT NOT NULL,"
  "  PRIMARY KEY (request, idx));"

  "CREATE TABLE decision ("
  "  id INTEGER PRIMARY KEY,"
  "  request TEXT NOT NULL REFERENCES request (id),"
  "  step INTEGER NOT NULL,"
  "  profile TEXT NOT NULL REFERENCES profile (name),"
  "  action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'decline', 'withdraw')),"
  "  comment TEXT,"
  "  opinion TEXT,"
  "  document_sha256 TEXT,"
  "  time TEXT NOT NULL,"
  "  content TEXT NOT NULL,"
  "  signature BLOB NOT NULL,"
  "  UNIQUE (request, step, profile));"

  "CREATE TABLE ledger_entry ("
  "  seq INTEGER PRIMARY KEY,"
  "  entry TEXT NOT NULL,"
  "  leaf_hash BLOB NOT NULL);"

  "CREATE TABLE ledger_node ("
  "  level INTEGER NOT NULL,"
  "  idx INTEGER NOT NULL,"
  "  hash BLOB NOT NULL,"
  "  PRIMARY KEY (level, idx)) WITHOUT ROWID;"

  "CREATE TABLE ledger_head ("
  "  tree_size INTEGER PRIMARY KEY,"
  "  head TEXT NOT NULL);"

  "CREATE TABLE trust_anchor ("
  "  sha256 TEXT PRIMARY KEY,"
  "  certificate BLOB NOT NULL,"
  "  added TEXT NOT NULL);"

  /* What the shared-folder sync has yet to publish. */
  "CREATE TABLE publish_queue ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  ref TEXT NOT NULL,"
  "  created TEXT NOT NULL,"
  "  UNIQUE (kind, ref));",

  /* 2: shared-folder sync (src/core/sync): paired workstations, the tree
   * heads witnessed of each, what was published and what was imported or
   * refused (by content hash), and where profiles and seals came from. */
  "ALTER TABLE profile ADD COLUMN origin TEXT;"
  "ALTER TABLE seal ADD COLUMN origin TEXT;"

  "CREATE TABLE sync_peer ("
  "  workstation TEXT PRIMARY KEY,"
  "  ledger_key_id TEXT NOT NULL,"
  "  label TEXT,"
  "  added TEXT NOT NULL,"
  "  last_serial INTEGER NOT NULL DEFAULT 0,"
  "  last_manifest TEXT,"
  "  last_seen TEXT,"
  "  witnessed_size INTEGER NOT NULL DEFAULT 0);"

  "CREATE TABLE sync_peer_head ("
  "  workstation TEXT PRIMARY KEY REFERENCES sync_peer (workstation),"
  "  tree_size INTEGER NOT NULL,"
  "  root_hash TEXT NOT NULL,"
  "  head TEXT NOT NULL,"
  "  seen TEXT NOT NULL,"
  "  conflict TEXT);"

  "CREATE TABLE sync_published ("
  "  kind TEXT NOT NULL,"
  "  ref TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  time TEXT NOT NULL,"
  "  PRIMARY KEY (kind, ref));"

  "CREATE TABLE sync_seen ("
  "  sha256 TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  peer TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('imported', 'refused')),"
  "  reason TEXT,"
  "  time TEXT NOT NULL,"
  "  PRIMARY KEY (sha256, kind));",

  /* 3: a seal may go into an existing empty signature field */
  "ALTER TABLE request_placement ADD COLUMN field TEXT;",

  /* 4: documents signed at B-B while no timestamp authority could be
   * reached, waiting for their validation data and document timestamp */
  "CREATE TABLE pending_timestamp ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL UNIQUE,"
  "  sha256 TEXT NOT NULL,"
  "  signed_at TEXT NOT NULL);",

  /* 5: a signed file about to be put in place, with what its ledger
   * entries need, so that a program killed between putting it there and
   * recording it is completed (or undone) by the next one to open the
   * workspace (sd-sealing-intent.c) */
  "CREATE TABLE sealing_intent ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('document', 'step')),"
  "  path TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  temp_path TEXT NOT NULL,"
  "  lock_path TEXT NOT NULL,"
  "  actor TEXT,"
  "  request TEXT,"
  "  step INTEGER,"
  "  payload TEXT NOT NULL,"
  "  created TEXT NOT NULL);",
};

gboolean
sd_db_migrate (SdDb    *self,
               GError **error)
{
  int version = sd_db_get_version (self);

  if (version < 0)
    return sd_db_set_error (self, error);
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, SD_DB_ERROR, SD_DB_ERROR_CORRUPT,
                   _("The Sealdesk database was written by a newer Sealdesk (schema %d; this one knows up to %d): update Sealdesk"),
                   version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  while (version < (int) G_N_ELEMENTS (migrations))
    {
      g_autofree char *bump = NULL;

      if (!sd_db_begin (self, error))
        return FALSE;
      /* Another program may have migrated while we waited for the lock. */
      version = sd_db_get_version (self);
      if (version < (int) G_N_ELEMENTS (migrations))
        {
          bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
          if (!sd_db_exec (self, migrations[version], error) || !sd_db_exec (self, bump, error))
            {
              sd_db_rollback (self);
              return FALSE;
            }
        }
      if (!sd_db_commit (self, error))
        return FALSE;
      version = sd_db_get_version (self);
    }
  return TRUE;
}
