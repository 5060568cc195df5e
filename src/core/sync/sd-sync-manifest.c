/* sd-sync-manifest.c: a peer's manifest, and what was seen of its objects
 *
 * The manifest must be signed by the ledger key paired with the peer, name
 * the peer, carry a serial not older than the last one taken, and have the
 * form of docs/sync-manifest.md. sync_seen keeps, by content hash, what was
 * imported or refused, so that nothing is taken or refused twice.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-ledger-key.h"
#include "sd-sync-private.h"

#define OBJECTS_MAX 1000000

/* The published schema, checked member by member. */
static gboolean
validate_manifest (JsonObject  *m,
                   GError     **error)
{
  static const char *const arrays[] = { "consistency", "objects", "profiles", "seals", "witnessed" };
  JsonArray *objects;
  JsonNode *head;

  if (g_strcmp0 (sd_sync_get_string (m, "format"), "sealdesk-sync-manifest") != 0
      || !sd_sync_has_int (m, "version") || json_object_get_int_member (m, "version") != 1)
    goto bad;
  if (!sd_sync_has_int (m, "serial") || json_object_get_int_member (m, "serial") < 1
      || sd_sync_get_string (m, "time") == NULL || !sd_sync_is_hex (sd_sync_get_string (m, "key_id"), 64)
      || sd_sync_get_string (m, "public_key") == NULL || sd_sync_get_string (m, "signature") == NULL
      || !sd_sync_is_hex (sd_sync_get_string (m, "workstation"), 32))
    goto bad;
  head = json_object_get_member (m, "tree_head");
  if (head == NULL || !(JSON_NODE_HOLDS_NULL (head) || JSON_NODE_HOLDS_OBJECT (head)))
    goto bad;
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (sd_sync_get_array (m, arrays[i]) == NULL)
      goto bad;
  objects = sd_sync_get_array (m, "objects");
  if (json_array_get_length (objects) > OBJECTS_MAX)
    goto bad;
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonNode *n = json_array_get_element (objects, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;

      if (o == NULL || sd_sync_get_string (o, "kind") == NULL || sd_sync_get_string (o, "ref") == NULL
          || !sd_sync_is_hex (sd_sync_get_string (o, "sha256"), 64) || !sd_sync_has_int (o, "size")
          || json_object_get_int_member (o, "size") < 0 || sd_sync_get_string (o, "path") == NULL)
        goto bad;
    }
  return TRUE;

bad:
  g_set_error_literal (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                       _("The manifest does not have the form of a Sealdesk sync manifest, version 1"));
  return FALSE;
}

JsonNode *
sd_sync_read_manifest (int               peer_fd,
                       const char       *peer,
                       const char       *ledger_key_id,
                       SdSyncFileStatus *status,
                       char            **sha256,
                       GError          **error)
{
  g_autoptr(GBytes) bytes = sd_sync_read_at (peer_fd, SD_SYNC_MANIFEST_NAME, -1, NULL, SD_SYNC_MANIFEST_MAX, status, error);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *unsigned_text = NULL;
  g_autofree guchar *sig = NULL;
  EVP_PKEY *pkey = NULL;
  g_autofree char *key_id = NULL;
  JsonObject *m;
  gsize sig_len = 0, len = 0;
  gboolean ok;

  *sha256 = NULL;
  if (bytes == NULL)
    return NULL;
  *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  root = sd_canonical_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SD_SYNC_MANIFEST_MAX, error);
  if (root == NULL)
    {
      g_prefix_error (error, _("The manifest is not valid canonical JSON: "));
      return NULL;
    }
  /* validate_manifest (NULL) says what it must be */
  m = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (!validate_manifest (m, error))
    return NULL;
  if (g_strcmp0 (sd_sync_get_string (m, "workstation"), peer) != 0)
    {
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("The manifest in the folder of %s names another workstation"), peer);
      return NULL;
    }
  pkey = sd_pkey_from_public_base64 (sd_sync_get_string (m, "public_key"));
  key_id = pkey != NULL ? sd_pkey_public_id (pkey) : NULL;
  if (pkey == NULL || g_strcmp0 (key_id, sd_sync_get_string (m, "key_id")) != 0 || g_strcmp0 (key_id, ledger_key_id) != 0)
    {
      if (pkey != NULL)
        EVP_PKEY_free (pkey);
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                   _("The manifest of %s is not signed with the ledger key it was paired with"), peer);
      return NULL;
    }
  /* json_node_copy() shares the object: decode first, then drop it. */
  sig = g_base64_decode (sd_sync_get_string (m, "signature"), &sig_len);
  json_object_remove_member (m, "signature");
  unsigned_text = sd_canonical_json_write (root, &len, NULL);
  ok = unsigned_text != NULL && sd_pkey_verify_sha256 (pkey, unsigned_text, len, sig, sig_len);
  EVP_PKEY_free (pkey);
  if (!ok)
    {
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("The signature of the manifest of %s does not verify"), peer);
      return NULL;
    }
  return g_steal_pointer (&root);
}

gboolean
sd_sync_seen (SdDb       *db,
              const char *sha,
              const char *kind)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "SELECT 1 FROM sync_seen WHERE sha256 = ? AND kind = ?", NULL);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, sha);
  sd_db_bind_text (stmt, 2, kind);
  return sd_db_step_row (db, stmt, &has_row, NULL) && has_row;
}

void
sd_sync_mark_seen (SdWorkspace *workspace,
                   const char  *peer,
                   const char  *sha,
                   const char  *kind,
                   const char  *state,
                   const char  *reason)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = sd_workspace_now_string ();

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "INSERT OR IGNORE INTO sync_seen (sha256, kind, peer, state, reason, time) VALUES (?, ?, ?, ?, ?, ?)", NULL);
  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, sha);
      sd_db_bind_text (stmt, 2, kind);
      sd_db_bind_text (stmt, 3, peer);
      sd_db_bind_text (stmt, 4, state);
      sd_db_bind_text (stmt, 5, reason);
      sd_db_bind_text (stmt, 6, now);
      sd_db_step_done (db, stmt, NULL);
    }
  sd_workspace_unlock (workspace);
}

/* Names and reasons come from the folder: one printable line each. */
static char *
printable (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;

  if (text == NULL)
    return g_strdup ("-");
  for (p = text; *p != '\0' && out->len < 400; )
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\x%02x", (guint) c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
sd_sync_refuse (SdWorkspace  *workspace,
                SdSyncReport *report,
                const char   *peer,
                const char   *kind,
                const char   *path,
                const char   *sha256,
                const char   *request,
                const char   *reason)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autofree char *key = sha256 != NULL ? g_strdup (sha256) : g_compute_checksum_for_string (G_CHECKSUM_SHA256, reason, -1);
  g_autofree char *shown_path = printable (path);
  g_autofree char *shown_reason = printable (reason);
  g_autoptr(GError) error = NULL;
  gboolean fresh;
  JsonObject *details;

  sd_workspace_lock (workspace);
  fresh = !sd_sync_seen (db, key, kind);
  if (fresh)
    {
      details = json_object_new ();
      json_object_set_string_member (details, "action", "sync-import");
      json_object_set_string_member (details, "kind", kind);
      json_object_set_string_member (details, "peer", peer);
      if (path != NULL)
        json_object_set_string_member (details, "path", shown_path);
      json_object_set_string_member (details, "sha256", key);
      json_object_set_string_member (details, "reason", shown_reason);
      if (sd_ledger_record (sd_workspace_get_ledger (workspace), SD_LEDGER_REFUSAL, NULL, NULL,
                            request != NULL && g_str_has_prefix (request, "req-") && strlen (request) <= 64
                              && g_utf8_validate (request, -1, NULL) ? request : NULL,
                            NULL, details, &error) == 0)
        g_debug ("Could not record a refusal: %s", error->message);
      sd_sync_mark_seen (workspace, peer, key, kind, "refused", shown_reason);
      report->refused++;
      /* TRANSLATORS: "Refused from 0123…: decision decisions/ab.json: reason" */
      sd_sync_report_add (report, _("Refused from %s: %s %s: %s"), peer, kind, shown_path, shown_reason);
    }
  sd_workspace_unlock (workspace);
  return fresh;
}

JsonObject *
sd_sync_find_object (SdSyncPeerImport *im,
                     const char       *kind,
                     const char       *ref)
{
  g_autofree char *key = NULL;

  if (im->by_ref == NULL)
    {
      JsonArray *objects = sd_sync_get_array (im->manifest, "objects");

      /* Built once per manifest: each lookup by hash, not by a scan. */
      im->by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < json_array_get_length (objects); i++)
        {
          JsonObject *o = json_array_get_object_element (objects, i);
          char *k = g_strconcat (sd_sync_get_string (o, "kind"), "\n", sd_sync_get_string (o, "ref"), NULL);

          if (g_hash_table_contains (im->by_ref, k))
            g_free (k);
          else
            g_hash_table_insert (im->by_ref, k, o);
        }
    }
  key = g_strconcat (kind, "\n", ref, NULL);
  return g_hash_table_lookup (im->by_ref, key);
}

void
sd_sync_peer_import_free (SdSyncPeerImport *im)
{
  if (im == NULL)
    return;
  if (im->peer_fd >= 0)
    close (im->peer_fd);
  g_free (im->peer);
  g_free (im->sha256);
  g_clear_pointer (&im->root, json_node_unref);
  g_clear_pointer (&im->by_ref, g_hash_table_unref);
  g_free (im);
}

SdSyncPeerImport *
sd_sync_peer_import_open (SdWorkspace   *workspace,
                          int            folder_fd,
                          const char    *peer,
                          const char    *ledger_key_id,
                          SdSyncReport  *report,
                          GError       **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *last = NULL;
  SdSyncPeerImport *im;
  SdSyncFileStatus status = SD_SYNC_FILE_MISSING;
  gboolean has_row = FALSE;
  int peer_fd;

  peer_fd = sd_sync_open_dir_at (folder_fd, peer, FALSE, &local_error);
  if (peer_fd < 0)
    {
      if (faccessat (folder_fd, peer, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        sd_sync_refuse (workspace, report, peer, "folder", peer, NULL, NULL, local_error->message);
      return NULL;   /* else nothing published yet */
    }
  im = g_new0 (SdSyncPeerImport, 1);
  im->workspace = workspace;
  im->db = db;
  im->report = report;
  im->peer_fd = peer_fd;
  im->peer = g_strdup (peer);

  sd_sync_find_conflicts (peer_fd, peer, 2, conflicts);   /* KIND/MATTER/NAME */
  for (guint i = 0; i < conflicts->len; i++)
    {
      g_autofree char *name = printable (g_ptr_array_index (conflicts, i));

      report->conflicts++;
      sd_sync_report_add (report, _("Conflict copy ignored: %s (the sync engine kept two versions; Sealdesk reads only the one it wrote)"),
                          name);
    }

  im->root = sd_sync_read_manifest (peer_fd, peer, ledger_key_id, &status, &im->sha256, &local_error);
  if (im->root == NULL)
    {
      if (status == SD_SYNC_FILE_MISSING)
        sd_sync_report_add (report, _("No manifest from %s yet"), peer);
      else
        sd_sync_refuse (workspace, report, peer, "manifest", SD_SYNC_MANIFEST_NAME, im->sha256, NULL, local_error->message);
      sd_sync_peer_import_free (im);
      return NULL;
    }
  im->manifest = json_node_get_object (im->root);
  im->serial = json_object_get_int_member (im->manifest, "serial");

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT last_serial, last_manifest FROM sync_peer WHERE workstation = ?", error);
  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, peer);
      if (sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
        {
          im->last_serial = sqlite3_column_int64 (stmt, 0);
          last = g_strdup (sd_db_column_text (stmt, 1));
        }
    }
  sd_workspace_unlock (workspace);
  if (stmt == NULL || g_strcmp0 (last, im->sha256) == 0)
    {
      /* nothing new (or the error) */
      sd_sync_peer_import_free (im);
      return NULL;
    }
  if (im->serial < im->last_serial || (im->serial == im->last_serial && last != NULL))
    {
      g_autofree char *reason = g_strdup_printf (_("an older manifest (serial %lld) than the one already taken (%lld): a replay"),
                                                 (long long) im->serial, (long long) im->last_serial);

      sd_sync_refuse (workspace, report, peer, "manifest", SD_SYNC_MANIFEST_NAME, im->sha256, NULL, reason);
      sd_sync_peer_import_free (im);
      return NULL;
    }
  return im;
}

gboolean
sd_sync_peer_import_finish (SdSyncPeerImport  *im,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = sd_workspace_now_string ();

  im->report->waiting += im->waiting;
  /* Taken in full: the next pass skips it unless it changes. */
  if (im->waiting == 0)
    stmt = sd_db_prepare (im->db, "UPDATE sync_peer SET last_serial = ?, last_manifest = ?, last_seen = ? WHERE workstation = ?", error);
  else
    stmt = sd_db_prepare (im->db, "UPDATE sync_peer SET last_seen = ?3 WHERE workstation = ?4", error);
  if (stmt == NULL)
    return FALSE;
  if (im->waiting == 0)
    {
      sqlite3_bind_int64 (stmt, 1, im->serial);
      sd_db_bind_text (stmt, 2, im->sha256);
    }
  sd_db_bind_text (stmt, 3, now);
  sd_db_bind_text (stmt, 4, im->peer);
  return sd_db_step_done (im->db, stmt, error);
}
