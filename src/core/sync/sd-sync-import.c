/* sd-sync-import.c: what a paired workstation published, taken in
 *
 * The manifest must be signed by the ledger key paired with the peer, name
 * the peer, carry a serial not older than the last one taken, and have the
 * form of docs/sync-manifest.md. Then, in order: the peer's tree head
 * (witnessing), its profiles, its seals, requests, decisions. Every file is
 * read with sd_sync_read_at(); one still arriving makes the manifest wait
 * for the next pass; anything refused is recorded once.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/x509.h>

#include "sd-atomic-file.h"
#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-ledger-key.h"
#include "sd-store-remote.h"
#include "sd-sync-private.h"
#include "sd-verify.h"

typedef struct {
  SdWorkspace  *workspace;
  SdDb         *db;
  int           peer_fd;
  const char   *peer;
  JsonObject   *manifest;
  SdSyncReport *report;
  guint         waiting;
  GHashTable   *by_ref;      /* "kind\nref" -> the first such object */
  gboolean      received_dir; /* <data>/received exists */
  gint64        batch_start;  /* monotonic µs: when the open batch began */
} Importer;

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

static gboolean
has_int (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
is_hex (const char *text,
        gsize       len)
{
  if (text == NULL || strlen (text) != len)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* The published schema, checked member by member. */
static gboolean
validate_manifest (JsonObject  *m,
                   GError     **error)
{
  static const char *const arrays[] = { "consistency", "objects", "profiles", "seals", "witnessed" };
  JsonArray *objects;
  JsonNode *head;

  if (g_strcmp0 (get_string (m, "format"), "sealdesk-sync-manifest") != 0
      || !has_int (m, "version") || json_object_get_int_member (m, "version") != 1)
    goto bad;
  if (!has_int (m, "serial") || json_object_get_int_member (m, "serial") < 1 || get_string (m, "time") == NULL
      || !is_hex (get_string (m, "key_id"), 64) || get_string (m, "public_key") == NULL
      || get_string (m, "signature") == NULL || !is_hex (get_string (m, "workstation"), 32))
    goto bad;
  head = json_object_get_member (m, "tree_head");
  if (head == NULL || !(JSON_NODE_HOLDS_NULL (head) || JSON_NODE_HOLDS_OBJECT (head)))
    goto bad;
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (get_array (m, arrays[i]) == NULL)
      goto bad;
  objects = get_array (m, "objects");
  if (json_array_get_length (objects) > 1000000)
    goto bad;
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonNode *n = json_array_get_element (objects, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;

      if (o == NULL || get_string (o, "kind") == NULL || get_string (o, "ref") == NULL
          || !is_hex (get_string (o, "sha256"), 64) || !has_int (o, "size")
          || json_object_get_int_member (o, "size") < 0 || get_string (o, "path") == NULL)
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
  if (!JSON_NODE_HOLDS_OBJECT (root) || !validate_manifest ((m = json_node_get_object (root)), error))
    return NULL;
  if (g_strcmp0 (get_string (m, "workstation"), peer) != 0)
    {
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("The manifest in the folder of %s names another workstation"), peer);
      return NULL;
    }
  pkey = sd_pkey_from_public_base64 (get_string (m, "public_key"));
  key_id = pkey != NULL ? sd_pkey_public_id (pkey) : NULL;
  if (pkey == NULL || g_strcmp0 (key_id, get_string (m, "key_id")) != 0 || g_strcmp0 (key_id, ledger_key_id) != 0)
    {
      if (pkey != NULL)
        EVP_PKEY_free (pkey);
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                   _("The manifest of %s is not signed with the ledger key it was paired with"), peer);
      return NULL;
    }
  /* json_node_copy() shares the object: decode first, then drop it. */
  sig = g_base64_decode (get_string (m, "signature"), &sig_len);
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

static gboolean
seen (Importer   *im,
      const char *sha,
      const char *kind)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (im->db, "SELECT 1 FROM sync_seen WHERE sha256 = ? AND kind = ?", NULL);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, sha);
  sd_db_bind_text (stmt, 2, kind);
  return sd_db_step_row (im->db, stmt, &has_row, NULL) && has_row;
}

static void
mark_seen (SdWorkspace *workspace,
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = sha256 != NULL ? g_strdup (sha256) : g_compute_checksum_for_string (G_CHECKSUM_SHA256, reason, -1);
  g_autoptr(GError) error = NULL;
  gboolean has_row = FALSE, fresh;
  JsonObject *details;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT 1 FROM sync_seen WHERE sha256 = ? AND kind = ?", NULL);
  sd_db_bind_text (stmt, 1, key);
  sd_db_bind_text (stmt, 2, kind);
  fresh = stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && !has_row;
  if (fresh)
    {
      details = json_object_new ();
      json_object_set_string_member (details, "action", "sync-import");
      json_object_set_string_member (details, "kind", kind);
      json_object_set_string_member (details, "peer", peer);
      if (path != NULL)
        json_object_set_string_member (details, "path", path);
      json_object_set_string_member (details, "sha256", key);
      json_object_set_string_member (details, "reason", reason);
      if (sd_ledger_record (sd_workspace_get_ledger (workspace), SD_LEDGER_REFUSAL, NULL, NULL,
                            request != NULL && g_str_has_prefix (request, "req-") && strlen (request) <= 64 ? request : NULL,
                            NULL, details, &error) == 0)
        g_debug ("Could not record a refusal: %s", error->message);
      mark_seen (workspace, peer, key, kind, "refused", reason);
      report->refused++;
      /* TRANSLATORS: "Refused from 0123…: decision decisions/ab.json: reason" */
      sd_sync_report_add (report, _("Refused from %s: %s %s: %s"), peer, kind, path != NULL ? path : "-", reason);
    }
  sd_workspace_unlock (workspace);
  return fresh;
}

static JsonObject *
find_object (Importer   *im,
             const char *kind,
             const char *ref)
{
  g_autofree char *key = NULL;

  if (im->by_ref == NULL)
    {
      JsonArray *objects = get_array (im->manifest, "objects");

      /* Built once per manifest: each lookup by hash, not by a scan. */
      im->by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < json_array_get_length (objects); i++)
        {
          JsonObject *o = json_array_get_object_element (objects, i);
          char *k = g_strconcat (get_string (o, "kind"), "\n", get_string (o, "ref"), NULL);

          if (g_hash_table_contains (im->by_ref, k))
            g_free (k);
          else
            g_hash_table_insert (im->by_ref, k, o);
        }
    }
  key = g_strconcat (kind, "\n", ref, NULL);
  return g_hash_table_lookup (im->by_ref, key);
}

/* Inside the pass's batch (one transaction, one signed head): commits
 * what there is about once a second, so that other writers wait little. */
static gboolean
batch_tick (Importer  *im,
            GError   **error)
{
  if (g_get_monotonic_time () - im->batch_start < G_USEC_PER_SEC)
    return TRUE;
  im->batch_start = g_get_monotonic_time ();
  return sd_ledger_batch_flush (sd_workspace_get_ledger (im->workspace), error);
}

/* Reads an object of the manifest: NULL when waiting or refused. */
static GBytes *
read_object (Importer   *im,
             JsonObject *o,
             gsize       max_len)
{
  g_autoptr(GError) error = NULL;
  SdSyncFileStatus status;
  GBytes *bytes = sd_sync_read_at (im->peer_fd, get_string (o, "path"), json_object_get_int_member (o, "size"),
                                   get_string (o, "sha256"), max_len, &status, &error);

  if (bytes != NULL)
    return bytes;
  if (status == SD_SYNC_FILE_MISSING || status == SD_SYNC_FILE_INCOMPLETE)
    {
      im->waiting++;
      sd_sync_report_add (im->report, _("Waiting for %s of %s: %s"), get_string (o, "path"), im->peer, error->message);
    }
  else
    sd_sync_refuse (im->workspace, im->report, im->peer, get_string (o, "kind"), get_string (o, "path"),
                    get_string (o, "sha256"), get_string (o, "ref"), error->message);
  return NULL;
}

static JsonObject *
parse_envelope (Importer    *im,
                JsonObject  *o,
                GBytes      *bytes,
                const char  *format,
                JsonNode   **root)
{
  g_autoptr(GError) error = NULL;
  JsonObject *e;

  *root = sd_canonical_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SD_SYNC_JSON_MAX, &error);
  e = *root != NULL && JSON_NODE_HOLDS_OBJECT (*root) ? json_node_get_object (*root) : NULL;
  if (e == NULL || g_strcmp0 (get_string (e, "format"), format) != 0 || get_string (e, "content") == NULL
      || get_string (e, "signature") == NULL || !has_int (e, "version") || json_object_get_int_member (e, "version") != 1)
    {
      sd_sync_refuse (im->workspace, im->report, im->peer, get_string (o, "kind"), get_string (o, "path"),
                      get_string (o, "sha256"), get_string (o, "ref"),
                      error != NULL ? error->message : _("not a signed request or decision"));
      return NULL;
    }
  return e;
}

static void
import_witness (Importer *im)
{
  JsonNode *head_node = json_object_get_member (im->manifest, "tree_head");
  JsonObject *head = JSON_NODE_HOLDS_OBJECT (head_node) ? json_node_get_object (head_node) : NULL;
  JsonArray *witnessed = get_array (im->manifest, "witnessed");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *message = NULL;
  g_autofree char *head_text = NULL;
  g_autofree char *kept_root = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  gint64 kept_size = 0;
  gboolean has_row = FALSE;
  SdSyncHeadVerdict verdict = SD_SYNC_HEAD_EXTENDS;

  /* What the peer holds of us: we publish proofs from there. */
  for (guint i = 0; i < json_array_get_length (witnessed); i++)
    {
      JsonObject *w = json_array_get_object_element (witnessed, i);

      if (w != NULL && g_strcmp0 (get_string (w, "workstation"), sd_workspace_get_workstation_id (im->workspace)) == 0
          && has_int (w, "tree_size"))
        {
          g_autoptr(sqlite3_stmt) up = sd_db_prepare (im->db, "UPDATE sync_peer SET witnessed_size = ? WHERE workstation = ?", NULL);

          sqlite3_bind_int64 (up, 1, json_object_get_int_member (w, "tree_size"));
          sd_db_bind_text (up, 2, im->peer);
          sd_db_step_done (im->db, up, NULL);
        }
    }
  if (head == NULL)
    return;
  if (!sd_ledger_check_head (head, &message) || g_strcmp0 (get_string (head, "workstation"), im->peer) != 0
      || g_strcmp0 (get_string (head, "key_id"), get_string (im->manifest, "key_id")) != 0)
    {
      sd_sync_refuse (im->workspace, im->report, im->peer, "tree-head", SD_SYNC_MANIFEST_NAME, NULL, NULL,
                      message != NULL ? message : _("the tree head is not signed by the peer's ledger key"));
      return;
    }
  g_clear_pointer (&message, g_free);
  stmt = sd_db_prepare (im->db, "SELECT tree_size, root_hash FROM sync_peer_head WHERE workstation = ?", NULL);
  sd_db_bind_text (stmt, 1, im->peer);
  if (stmt != NULL && sd_db_step_row (im->db, stmt, &has_row, NULL) && has_row)
    {
      kept_size = sqlite3_column_int64 (stmt, 0);
      kept_root = g_strdup (sd_db_column_text (stmt, 1));
      verdict = sd_sync_compare_head (kept_size, kept_root, head, get_array (im->manifest, "consistency"), &message);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (verdict == SD_SYNC_HEAD_SAME || verdict == SD_SYNC_HEAD_UNPROVEN)
    return;
  if (verdict == SD_SYNC_HEAD_INCONSISTENT)
    {
      g_autofree char *reason = g_strdup_printf (_("Workstation %s: %s"), im->peer, message);
      g_autofree char *key = g_strconcat (get_string (head, "root_hash"), "-", im->peer, NULL);
      g_autoptr(sqlite3_stmt) up = sd_db_prepare (im->db, "UPDATE sync_peer_head SET conflict = ? WHERE workstation = ?", NULL);

      sd_db_bind_text (up, 1, reason);
      sd_db_bind_text (up, 2, im->peer);
      sd_db_step_done (im->db, up, NULL);
      sd_sync_refuse (im->workspace, im->report, im->peer, "tree-head", SD_SYNC_MANIFEST_NAME, key, NULL, reason);
      return;
    }
  {
    g_autoptr(JsonGenerator) gen = json_generator_new ();

    json_generator_set_root (gen, head_node);
    head_text = json_generator_to_data (gen, NULL);
  }
  stmt = sd_db_prepare (im->db, "INSERT OR REPLACE INTO sync_peer_head (workstation, tree_size, root_hash, head, seen, conflict) "
                                "VALUES (?, ?, ?, ?, ?, NULL)", NULL);
  sd_db_bind_text (stmt, 1, im->peer);
  sqlite3_bind_int64 (stmt, 2, json_object_get_int_member (head, "tree_size"));
  sd_db_bind_text (stmt, 3, get_string (head, "root_hash"));
  sd_db_bind_text (stmt, 4, head_text);
  sd_db_bind_text (stmt, 5, now);
  sd_db_step_done (im->db, stmt, NULL);
}

static void
import_profiles (Importer *im)
{
  JsonArray *profiles = get_array (im->manifest, "profiles");

  for (guint i = 0; i < json_array_get_length (profiles); i++)
    {
      JsonNode *n = json_array_get_element (profiles, i);
      JsonObject *p = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *roles = p != NULL ? get_array (p, "roles") : NULL;
      const char *name = get_string (p, "name");
      const char *cert_b64 = get_string (p, "certificate");
      g_autofree guchar *der = NULL;
      g_autofree char *key = NULL;
      g_autoptr(GError) error = NULL;
      const guchar *q;
      gsize der_len = 0;
      X509 *cert = NULL;
      SdRoles r = 0;
      gboolean changed = FALSE;

      key = g_strdup_printf ("%s\n%s\n%u", name != NULL ? name : "", cert_b64 != NULL ? cert_b64 : "", roles != NULL ? json_array_get_length (roles) : 0);
      for (guint j = 0; roles != NULL && j < json_array_get_length (roles); j++)
        {
          JsonNode *rn = json_array_get_element (roles, j);

          if (JSON_NODE_HOLDS_VALUE (rn) && json_node_get_value_type (rn) == G_TYPE_STRING)
            r |= sd_role_from_string (json_node_get_string (rn));
        }
      if (cert_b64 != NULL && strlen (cert_b64) < 64 * 1024)
        {
          der = g_base64_decode (cert_b64, &der_len);
          q = der;
          cert = d2i_X509 (NULL, &q, (long) der_len);
        }
      if (name == NULL || cert == NULL)
        {
          g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

          sd_sync_refuse (im->workspace, im->report, im->peer, "profile", NULL, sha, NULL, _("a profile without a name or a readable certificate"));
        }
      else if (!sd_profile_import_remote (im->workspace, im->peer, name, r, cert, &changed, &error))
        {
          g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

          sd_sync_refuse (im->workspace, im->report, im->peer, "profile", NULL, sha, NULL, error->message);
        }
      else if (changed)
        {
          im->report->imported++;
          sd_sync_report_add (im->report, _("Profile “%s” of %s taken"), name, im->peer);
        }
      if (cert != NULL)
        X509_free (cert);
    }
}

static void
import_seals (Importer *im)
{
  JsonArray *seals = get_array (im->manifest, "seals");

  for (guint i = 0; i < json_array_get_length (seals); i++)
    {
      JsonNode *n = json_array_get_element (seals, i);
      JsonObject *s = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *grants = s != NULL ? get_array (s, "grants") : NULL;
      g_autoptr(GPtrArray) list = g_ptr_array_new ();
      g_autoptr(GBytes) image = NULL;
      g_autoptr(GError) error = NULL;
      SdRemoteSeal seal = { 0 };
      JsonObject *image_object;
      gboolean changed = FALSE;

      if (s == NULL || get_string (s, "id") == NULL || !has_int (s, "width_um") || !has_int (s, "height_um")
          || grants == NULL || (image_object = find_object (im, "seal-image", get_string (s, "id"))) == NULL)
        {
          sd_sync_refuse (im->workspace, im->report, im->peer, "seal", NULL, NULL, NULL, _("a seal without an ID, size, grants or picture"));
          continue;
        }
      if ((image = read_object (im, image_object, SD_SYNC_IMAGE_MAX)) == NULL)
        continue;
      for (guint j = 0; j < json_array_get_length (grants); j++)
        {
          JsonNode *g = json_array_get_element (grants, j);

          if (JSON_NODE_HOLDS_VALUE (g) && json_node_get_value_type (g) == G_TYPE_STRING)
            g_ptr_array_add (list, (gpointer) json_node_get_string (g));
        }
      seal.id = get_string (s, "id");
      seal.name = get_string (s, "name");
      seal.kind = get_string (s, "kind");
      seal.state = get_string (s, "state");
      seal.width_mm = json_object_get_int_member (s, "width_um") / 1000.0;
      seal.height_mm = json_object_get_int_member (s, "height_um") / 1000.0;
      seal.image = image;
      seal.grants = list;
      if (seal.name == NULL || seal.kind == NULL || seal.state == NULL || !sd_sync_name_is_safe (seal.id))
        sd_sync_refuse (im->workspace, im->report, im->peer, "seal", NULL, NULL, NULL, _("a seal without a name, kind or state"));
      else if (!sd_seal_import_remote (im->workspace, im->peer, &seal, &changed, &error))
        {
          g_autofree char *key = g_strdup_printf ("%s:%s:%s", seal.id, seal.state, error->message);
          g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

          sd_sync_refuse (im->workspace, im->report, im->peer, "seal", NULL, sha, NULL, error->message);
        }
      else if (changed)
        {
          im->report->imported++;
          sd_sync_report_add (im->report, _("Seal %s of %s taken (%s)"), seal.id, im->peer, seal.state);
        }
    }
}

static gboolean
request_id_is_valid (const char *id)
{
  return id != NULL && g_str_has_prefix (id, "req-") && strlen (id) <= 40 && strlen (id) > 4
         && strspn (id + 4, "0123456789abcdef") == strlen (id + 4);
}

static void
import_request (Importer   *im,
                JsonObject *o)
{
  const char *id = get_string (o, "ref");
  const char *sha = get_string (o, "sha256");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *doc_path = NULL;
  g_autofree char *pdf_name = NULL;
  g_autofree guchar *sig = NULL;
  JsonObject *doc_object, *e;
  gsize sig_len = 0;
  gboolean changed = FALSE;

  if (seen (im, sha, "request"))
    return;
  if (!request_id_is_valid (id))
    {
      sd_sync_refuse (im->workspace, im->report, im->peer, "request", get_string (o, "path"), sha, NULL, _("not a stamp request ID"));
      return;
    }
  if ((doc_object = find_object (im, "request-document", id)) == NULL)
    {
      sd_sync_refuse (im->workspace, im->report, im->peer, "request", get_string (o, "path"), sha, id, _("the stamp request comes without its document"));
      return;
    }
  if ((bytes = read_object (im, o, SD_SYNC_JSON_MAX)) == NULL
      || (e = parse_envelope (im, o, bytes, "sealdesk-request", &root)) == NULL
      || (pdf = read_object (im, doc_object, SD_SYNC_PDF_MAX)) == NULL)
    return;
  pdf_name = g_strconcat (get_string (doc_object, "sha256"), ".pdf", NULL);
  if (!im->received_dir)
    {
      if ((dir = sd_workspace_get_subdir (im->workspace, "received", &error)) == NULL)
        goto refused;
      g_clear_pointer (&dir, g_free);
      im->received_dir = TRUE;
    }
  {
    g_autofree char *sub = g_build_filename ("received", id, NULL);

    if ((dir = sd_workspace_get_subdir (im->workspace, sub, &error)) == NULL)
      goto refused;
  }
  doc_path = g_build_filename (dir, pdf_name, NULL);
  if (!g_file_test (doc_path, G_FILE_TEST_IS_REGULAR)
      && !sd_file_set_contents_atomic (doc_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error))
    goto refused;
  sig = g_base64_decode (get_string (e, "signature"), &sig_len);
  signature = g_bytes_new (sig, sig_len);
  request = sd_request_import_remote (im->workspace, im->peer, get_string (e, "content"), signature, doc_path, &changed, &error);
  if (request == NULL)
    goto refused;
  mark_seen (im->workspace, im->peer, sha, "request", "imported", NULL);
  if (changed)
    {
      im->report->imported++;
      sd_sync_report_add (im->report, _("Stamp request %s from %s taken"), id, im->peer);
    }
  return;

refused:
  sd_sync_refuse (im->workspace, im->report, im->peer, "request", get_string (o, "path"), sha, id, error->message);
}

/* The signed document a decision names, fetched and verified; NULL with
 * *wait when not there yet or not trusted yet. */
static char *
fetch_result (Importer   *im,
              const char *result_sha,
              const char *request_id,
              gboolean   *wait,
              char      **refusal)
{
  JsonObject *o = find_object (im, "document", result_sha);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  SdVerifyOptions vopts = { 0 };
  SdVerifyVerdict verdict;

  *wait = FALSE;
  if (o == NULL || g_strcmp0 (get_string (o, "sha256"), result_sha) != 0)
    {
      *wait = TRUE;
      return NULL;
    }
  if ((bytes = read_object (im, o, SD_SYNC_PDF_MAX)) == NULL)
    {
      *wait = TRUE;
      return NULL;
    }
  if ((dir = sd_workspace_get_subdir (im->workspace, "sync-tmp", &error)) == NULL)
    {
      *refusal = g_strdup (error->message);
      return NULL;
    }
  name = g_strconcat (result_sha, ".pdf", NULL);
  path = g_build_filename (dir, name, NULL);
  if (!sd_file_set_contents_atomic (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      *refusal = g_strdup (error->message);
      return NULL;
    }
  vopts.data_dir = sd_workspace_get_data_dir (im->workspace);
  report = sd_verify_document (path, NULL, &vopts, NULL, NULL, NULL, &error);
  verdict = report != NULL ? report->verdict : SD_VERIFY_VERDICT_INVALID;
  if (verdict == SD_VERIFY_VERDICT_VALID)
    return g_steal_pointer (&path);
  g_unlink (path);
  if (verdict == SD_VERIFY_VERDICT_UNTRUSTED)
    {
      /* Recorded once; taken when its signer's CA is trusted here. */
      g_autofree char *key = g_strconcat (result_sha, "-untrusted", NULL);
      g_autofree char *key_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

      sd_sync_refuse (im->workspace, im->report, im->peer, "document", get_string (o, "path"), key_sha, request_id,
                      _("its signatures are not trusted here (add the signer's CA to the trust list); it waits"));
      *wait = TRUE;
      return NULL;
    }
  *refusal = g_strdup_printf (_("the signed document does not verify (%s)"),
                              error != NULL ? error->message : sd_verify_verdict_to_string (verdict));
  return NULL;
}

typedef struct {
  JsonObject *object;
  char       *request;
  int         step;
} PendingDecision;

static int
compare_decisions (gconstpointer a,
                   gconstpointer b)
{
  const PendingDecision *x = *(PendingDecision **) a, *y = *(PendingDecision **) b;
  int c = g_strcmp0 (x->request, y->request);

  return c != 0 ? c : x->step - y->step;
}

static void
pending_free (PendingDecision *d)
{
  g_free (d->request);
  g_free (d);
}

static void
import_decision (Importer   *im,
                 JsonObject *o)
{
  const char *sha = get_string (o, "sha256");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *sig = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *result_sha = NULL;
  g_autofree char *result_path = NULL;
  g_autofree char *refusal = NULL;
  JsonObject *e;
  gsize sig_len = 0;
  int step = 0;
  gboolean deferred = FALSE, changed = FALSE, wait = FALSE;
  g_autoptr(SdRequest) known = NULL;

  if ((bytes = read_object (im, o, SD_SYNC_JSON_MAX)) == NULL
      || (e = parse_envelope (im, o, bytes, "sealdesk-decision", &root)) == NULL)
    return;
  if (!sd_decision_peek (get_string (e, "content"), &request_id, &step, &result_sha, &error))
    goto refused;
  if (result_sha != NULL)
    known = sd_request_get (im->workspace, request_id, NULL);
  if (known != NULL)
    {
      SdRequestStep *current = sd_request_current_step (known);

      /* Fetched and verified only when it is this step's turn. */
      if (current != NULL && current->index == step && sd_request_find_decision (known, step, NULL) == NULL)
        {
          result_path = fetch_result (im, result_sha, request_id, &wait, &refusal);
          if (result_path == NULL && !wait)
            {
              sd_sync_refuse (im->workspace, im->report, im->peer, "decision", get_string (o, "path"), sha, request_id, refusal);
              return;
            }
        }
    }
  sig = g_base64_decode (get_string (e, "signature"), &sig_len);
  signature = g_bytes_new (sig, sig_len);
  request = sd_sealing_accept_remote (im->workspace, im->peer, get_string (e, "content"), signature,
                                      get_string (e, "opinion"), result_path, &deferred, &changed, &error);
  if (result_path != NULL)
    g_unlink (result_path);
  if (request == NULL)
    goto refused;
  if (deferred)
    {
      im->waiting++;
      return;
    }
  mark_seen (im->workspace, im->peer, sha, "decision", "imported", NULL);
  if (changed)
    {
      im->report->imported++;
      sd_sync_report_add (im->report, _("Decision on %s from %s taken: the request is %s"), request->id, im->peer, request->state);
    }
  return;

refused:
  sd_sync_refuse (im->workspace, im->report, im->peer, "decision", get_string (o, "path"), sha, request_id, error->message);
}

gboolean
sd_sync_import_peer (SdWorkspace  *workspace,
                     int           folder_fd,
                     const char   *peer,
                     const char   *ledger_key_id,
                     SdSyncReport *report,
                     GError      **error)
{
  Importer im = { workspace, sd_workspace_get_db (workspace), -1, peer, NULL, report, 0 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *last = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  SdSyncFileStatus status;
  JsonArray *objects;
  gint64 last_serial = 0, serial;
  gboolean has_row = FALSE;

  im.peer_fd = sd_sync_open_dir_at (folder_fd, peer, FALSE, &local_error);
  if (im.peer_fd < 0)
    {
      if (faccessat (folder_fd, peer, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return TRUE;   /* nothing published yet */
      sd_sync_refuse (workspace, report, peer, "folder", peer, NULL, NULL, local_error->message);
      return TRUE;
    }
  sd_sync_find_conflicts (im.peer_fd, peer, 2, conflicts);   /* KIND/MATTER/NAME */
  for (guint i = 0; i < conflicts->len; i++)
    {
      report->conflicts++;
      sd_sync_report_add (report, _("Conflict copy ignored: %s (the sync engine kept two versions; Sealdesk reads only the one it wrote)"),
                          (char *) g_ptr_array_index (conflicts, i));
    }

  root = sd_sync_read_manifest (im.peer_fd, peer, ledger_key_id, &status, &sha, &local_error);
  if (root == NULL)
    {
      if (status == SD_SYNC_FILE_MISSING)
        sd_sync_report_add (report, _("No manifest from %s yet"), peer);
      else
        sd_sync_refuse (workspace, report, peer, "manifest", SD_SYNC_MANIFEST_NAME, sha, NULL, local_error->message);
      close (im.peer_fd);
      return TRUE;
    }
  im.manifest = json_node_get_object (root);
  serial = json_object_get_int_member (im.manifest, "serial");

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (im.db, "SELECT last_serial, last_manifest FROM sync_peer WHERE workstation = ?", error);
  if (stmt == NULL)
    goto fail;
  sd_db_bind_text (stmt, 1, peer);
  if (sd_db_step_row (im.db, stmt, &has_row, NULL) && has_row)
    {
      last_serial = sqlite3_column_int64 (stmt, 0);
      last = g_strdup (sd_db_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (g_strcmp0 (last, sha) == 0)
    goto done;   /* nothing new */
  if (serial < last_serial || (serial == last_serial && last != NULL))
    {
      g_autofree char *reason = g_strdup_printf (_("an older manifest (serial %lld) than the one already taken (%lld): a replay"),
                                                 (long long) serial, (long long) last_serial);

      sd_sync_refuse (workspace, report, peer, "manifest", SD_SYNC_MANIFEST_NAME, sha, NULL, reason);
      goto done;
    }

  /* Everything taken from this manifest: one transaction, one head. */
  if (!sd_ledger_batch_begin (sd_workspace_get_ledger (workspace), error))
    goto fail;
  im.batch_start = g_get_monotonic_time ();
  import_witness (&im);
  import_profiles (&im);
  import_seals (&im);
  objects = get_array (im.manifest, "objects");
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);

      if (!batch_tick (&im, error))
        goto fail;
      if (g_str_equal (get_string (o, "kind"), "request"))
        import_request (&im, o);
      else if (g_str_equal (get_string (o, "kind"), "decision") && !seen (&im, get_string (o, "sha256"), "decision"))
        {
          PendingDecision *d = g_new0 (PendingDecision, 1);
          g_autoptr(GBytes) bytes = NULL;

          d->object = o;
          /* Ordered by request and step, read from the decision itself. */
          bytes = sd_sync_read_at (im.peer_fd, get_string (o, "path"), json_object_get_int_member (o, "size"),
                                   get_string (o, "sha256"), SD_SYNC_JSON_MAX, &status, NULL);
          if (bytes != NULL)
            {
              g_autoptr(JsonNode) env = sd_canonical_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SD_SYNC_JSON_MAX, NULL);
              const char *content = env != NULL && JSON_NODE_HOLDS_OBJECT (env) ? get_string (json_node_get_object (env), "content") : NULL;
              g_autofree char *result = NULL;

              if (content != NULL)
                sd_decision_peek (content, &d->request, &d->step, &result, NULL);
            }
          g_ptr_array_add (decisions, d);
        }
    }
  g_ptr_array_sort (decisions, compare_decisions);
  for (guint i = 0; i < decisions->len; i++)
    {
      if (!batch_tick (&im, error))
        goto fail;
      import_decision (&im, ((PendingDecision *) g_ptr_array_index (decisions, i))->object);
    }

  report->waiting += im.waiting;
  /* Taken in full: the next pass skips it unless it changes. */
  stmt = sd_db_prepare (im.db, im.waiting == 0
                               ? "UPDATE sync_peer SET last_serial = ?, last_manifest = ?, last_seen = ? WHERE workstation = ?"
                               : "UPDATE sync_peer SET last_serial = MAX (last_serial, ?) - 0 * length (?), last_seen = ? WHERE workstation = ?",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, im.waiting == 0 ? serial : last_serial);
  sd_db_bind_text (stmt, 2, sha);
  sd_db_bind_text (stmt, 3, now);
  sd_db_bind_text (stmt, 4, peer);
  sd_db_step_done (im.db, stmt, NULL);
  if (!sd_ledger_batch_end (sd_workspace_get_ledger (workspace), TRUE, error))
    goto fail;

done:
  sd_workspace_unlock (workspace);
  close (im.peer_fd);
  g_clear_pointer (&im.by_ref, g_hash_table_unref);
  return TRUE;

fail:
  /* Nothing of the open batch is kept: the next pass takes it again. */
  if (sd_db_in_batch (im.db))
    sd_ledger_batch_end (sd_workspace_get_ledger (workspace), FALSE, NULL);
  sd_workspace_unlock (workspace);
  close (im.peer_fd);
  g_clear_pointer (&im.by_ref, g_hash_table_unref);
  return FALSE;
}
