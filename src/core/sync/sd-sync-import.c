/* sd-sync-import.c: what the paired workstations published, taken in
 *
 * Each manifest that is new (sd-sync-manifest.c) is taken in this order,
 * across all peers: the peers' tree heads (witnessing) and profiles; their
 * seals and grants; then the requests; then the decisions of every peer sorted by
 * request and step, so that the steps of a request decided on several
 * workstations are taken in their order in one pass. Every file is read
 * with sd_sync_read_at(); one still arriving makes the manifest wait for
 * the next pass; anything refused is recorded once.
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

/* Inside the pass's batch (one transaction, one signed head): commits
 * what there is about once a second, so that other writers (threads of
 * the app, other programs) wait little. */
static gboolean
batch_tick (SdWorkspace  *workspace,
            gint64       *batch_start,
            GError      **error)
{
  if (g_get_monotonic_time () - *batch_start < G_USEC_PER_SEC)
    return TRUE;
  *batch_start = g_get_monotonic_time ();
  return sd_ledger_batch_flush (sd_workspace_get_ledger (workspace), error);
}

/* Reads an object of the manifest: NULL when waiting or refused. */
static GBytes *
read_object (SdSyncPeerImport *im,
             JsonObject *o,
             gsize       max_len)
{
  g_autoptr(GError) error = NULL;
  SdSyncFileStatus status;
  GBytes *bytes = sd_sync_read_at (im->peer_fd, sd_sync_get_string (o, "path"), json_object_get_int_member (o, "size"),
                                   sd_sync_get_string (o, "sha256"), max_len, &status, &error);

  if (bytes != NULL)
    return bytes;
  if (status == SD_SYNC_FILE_MISSING || status == SD_SYNC_FILE_INCOMPLETE)
    {
      im->waiting++;
      sd_sync_report_add (im->report, _("Waiting for %s of %s: %s"), sd_sync_get_string (o, "path"), im->peer, error->message);
    }
  else
    sd_sync_refuse (im->workspace, im->report, im->peer, sd_sync_get_string (o, "kind"), sd_sync_get_string (o, "path"),
                    sd_sync_get_string (o, "sha256"), sd_sync_get_string (o, "ref"), error->message);
  return NULL;
}

static JsonObject *
parse_envelope (SdSyncPeerImport *im,
                JsonObject  *o,
                GBytes      *bytes,
                const char  *format,
                JsonNode   **root)
{
  g_autoptr(GError) error = NULL;
  JsonObject *e;

  *root = sd_canonical_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SD_SYNC_JSON_MAX, &error);
  e = *root != NULL && JSON_NODE_HOLDS_OBJECT (*root) ? json_node_get_object (*root) : NULL;
  if (e == NULL || g_strcmp0 (sd_sync_get_string (e, "format"), format) != 0 || sd_sync_get_string (e, "content") == NULL
      || sd_sync_get_string (e, "signature") == NULL || !sd_sync_has_int (e, "version") || json_object_get_int_member (e, "version") != 1)
    {
      sd_sync_refuse (im->workspace, im->report, im->peer, sd_sync_get_string (o, "kind"), sd_sync_get_string (o, "path"),
                      sd_sync_get_string (o, "sha256"), sd_sync_get_string (o, "ref"),
                      error != NULL ? error->message : _("not a signed request or decision"));
      return NULL;
    }
  return e;
}

static void
import_witness (SdSyncPeerImport *im)
{
  JsonNode *head_node = json_object_get_member (im->manifest, "tree_head");
  JsonObject *head = JSON_NODE_HOLDS_OBJECT (head_node) ? json_node_get_object (head_node) : NULL;
  JsonArray *witnessed = sd_sync_get_array (im->manifest, "witnessed");
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
      JsonNode *n = json_array_get_element (witnessed, i);
      JsonObject *w = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;

      if (w != NULL && g_strcmp0 (sd_sync_get_string (w, "workstation"), sd_workspace_get_workstation_id (im->workspace)) == 0
          && sd_sync_has_int (w, "tree_size"))
        {
          g_autoptr(sqlite3_stmt) up = sd_db_prepare (im->db, "UPDATE sync_peer SET witnessed_size = ? WHERE workstation = ?", NULL);

          sqlite3_bind_int64 (up, 1, json_object_get_int_member (w, "tree_size"));
          sd_db_bind_text (up, 2, im->peer);
          sd_db_step_done (im->db, up, NULL);
        }
    }
  if (head == NULL)
    return;
  if (!sd_ledger_check_head (head, &message) || g_strcmp0 (sd_sync_get_string (head, "workstation"), im->peer) != 0
      || g_strcmp0 (sd_sync_get_string (head, "key_id"), sd_sync_get_string (im->manifest, "key_id")) != 0)
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
      verdict = sd_sync_compare_head (kept_size, kept_root, head, sd_sync_get_array (im->manifest, "consistency"), &message);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (verdict == SD_SYNC_HEAD_SAME || verdict == SD_SYNC_HEAD_UNPROVEN)
    return;
  if (verdict == SD_SYNC_HEAD_INCONSISTENT)
    {
      g_autofree char *reason = g_strdup_printf (_("Workstation %s: %s"), im->peer, message);
      g_autofree char *key = g_strconcat (sd_sync_get_string (head, "root_hash"), "-", im->peer, NULL);
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
  sd_db_bind_text (stmt, 3, sd_sync_get_string (head, "root_hash"));
  sd_db_bind_text (stmt, 4, head_text);
  sd_db_bind_text (stmt, 5, now);
  sd_db_step_done (im->db, stmt, NULL);
}

static void
import_profiles (SdSyncPeerImport *im)
{
  JsonArray *profiles = sd_sync_get_array (im->manifest, "profiles");

  for (guint i = 0; i < json_array_get_length (profiles); i++)
    {
      JsonNode *n = json_array_get_element (profiles, i);
      JsonObject *p = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *roles = p != NULL ? sd_sync_get_array (p, "roles") : NULL;
      const char *name = sd_sync_get_string (p, "name");
      const char *cert_b64 = sd_sync_get_string (p, "certificate");
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
import_seals (SdSyncPeerImport *im)
{
  JsonArray *seals = sd_sync_get_array (im->manifest, "seals");

  for (guint i = 0; i < json_array_get_length (seals); i++)
    {
      JsonNode *n = json_array_get_element (seals, i);
      JsonObject *s = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *grants = s != NULL ? sd_sync_get_array (s, "grants") : NULL;
      g_autoptr(GPtrArray) list = g_ptr_array_new ();
      g_autoptr(GBytes) image = NULL;
      g_autoptr(GError) error = NULL;
      SdRemoteSeal seal = { 0 };
      JsonObject *image_object;
      gboolean changed = FALSE;

      if (s == NULL || sd_sync_get_string (s, "id") == NULL || !sd_sync_has_int (s, "width_um") || !sd_sync_has_int (s, "height_um")
          || grants == NULL || (image_object = sd_sync_find_object (im, "seal-image", sd_sync_get_string (s, "id"))) == NULL)
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
      seal.id = sd_sync_get_string (s, "id");
      seal.name = sd_sync_get_string (s, "name");
      seal.kind = sd_sync_get_string (s, "kind");
      seal.state = sd_sync_get_string (s, "state");
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
import_request (SdSyncPeerImport *im,
                JsonObject *o)
{
  const char *id = sd_sync_get_string (o, "ref");
  const char *sha = sd_sync_get_string (o, "sha256");
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

  if (sd_sync_seen (im->db, sha, "request"))
    return;
  if (!request_id_is_valid (id))
    {
      sd_sync_refuse (im->workspace, im->report, im->peer, "request", sd_sync_get_string (o, "path"), sha, NULL, _("not a stamp request ID"));
      return;
    }
  if ((doc_object = sd_sync_find_object (im, "request-document", id)) == NULL)
    {
      sd_sync_refuse (im->workspace, im->report, im->peer, "request", sd_sync_get_string (o, "path"), sha, id, _("the stamp request comes without its document"));
      return;
    }
  if ((bytes = read_object (im, o, SD_SYNC_JSON_MAX)) == NULL
      || (e = parse_envelope (im, o, bytes, "sealdesk-request", &root)) == NULL
      || (pdf = read_object (im, doc_object, SD_SYNC_PDF_MAX)) == NULL)
    return;
  pdf_name = g_strconcat (sd_sync_get_string (doc_object, "sha256"), ".pdf", NULL);
  if ((dir = sd_workspace_get_subdir (im->workspace, "received", &error)) == NULL)
    goto refused;
  g_clear_pointer (&dir, g_free);
  {
    g_autofree char *sub = g_build_filename ("received", id, NULL);

    if ((dir = sd_workspace_get_subdir (im->workspace, sub, &error)) == NULL)
      goto refused;
  }
  doc_path = g_build_filename (dir, pdf_name, NULL);
  if (!g_file_test (doc_path, G_FILE_TEST_IS_REGULAR)
      && !sd_file_set_contents_atomic (doc_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error))
    goto refused;
  sig = g_base64_decode (sd_sync_get_string (e, "signature"), &sig_len);
  signature = g_bytes_new (sig, sig_len);
  request = sd_request_import_remote (im->workspace, im->peer, sd_sync_get_string (e, "content"), signature, doc_path, &changed, &error);
  if (request == NULL)
    goto refused;
  sd_sync_mark_seen (im->workspace, im->peer, sha, "request", "imported", NULL);
  if (changed)
    {
      im->report->imported++;
      sd_sync_report_add (im->report, _("Stamp request %s from %s taken"), id, im->peer);
    }
  return;

refused:
  sd_sync_refuse (im->workspace, im->report, im->peer, "request", sd_sync_get_string (o, "path"), sha, id, error->message);
}

/* The signed document a decision names, fetched and verified; NULL with
 * *wait when not there yet or not trusted yet. */
static char *
fetch_result (SdSyncPeerImport *im,
              const char *result_sha,
              const char *request_id,
              gboolean   *wait,
              char      **refusal)
{
  JsonObject *o = sd_sync_find_object (im, "document", result_sha);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  SdVerifyOptions vopts = { 0 };
  SdVerifyVerdict verdict;

  *wait = FALSE;
  if (o == NULL || g_strcmp0 (sd_sync_get_string (o, "sha256"), result_sha) != 0)
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

      sd_sync_refuse (im->workspace, im->report, im->peer, "document", sd_sync_get_string (o, "path"), key_sha, request_id,
                      _("its signatures are not trusted here (add the signer's CA to the trust list); it waits"));
      *wait = TRUE;
      return NULL;
    }
  *refusal = g_strdup_printf (_("the signed document does not verify (%s)"),
                              error != NULL ? error->message : sd_verify_verdict_to_string (verdict));
  return NULL;
}

typedef struct {
  SdSyncPeerImport *im;
  JsonObject       *object;
  char             *request;
  int               step;
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
import_decision (SdSyncPeerImport *im,
                 JsonObject *o)
{
  const char *sha = sd_sync_get_string (o, "sha256");
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
  if (!sd_decision_peek (sd_sync_get_string (e, "content"), &request_id, &step, &result_sha, &error))
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
              sd_sync_refuse (im->workspace, im->report, im->peer, "decision", sd_sync_get_string (o, "path"), sha, request_id, refusal);
              return;
            }
        }
    }
  sig = g_base64_decode (sd_sync_get_string (e, "signature"), &sig_len);
  signature = g_bytes_new (sig, sig_len);
  request = sd_sealing_accept_remote (im->workspace, im->peer, sd_sync_get_string (e, "content"), signature,
                                      sd_sync_get_string (e, "opinion"), result_path, &deferred, &changed, &error);
  if (result_path != NULL)
    g_unlink (result_path);
  if (request == NULL)
    goto refused;
  if (deferred)
    {
      im->waiting++;
      return;
    }
  sd_sync_mark_seen (im->workspace, im->peer, sha, "decision", "imported", NULL);
  if (changed)
    {
      im->report->imported++;
      sd_sync_report_add (im->report, _("Decision on %s from %s taken: the request is %s"), request->id, im->peer, request->state);
    }
  return;

refused:
  sd_sync_refuse (im->workspace, im->report, im->peer, "decision", sd_sync_get_string (o, "path"), sha, request_id, error->message);
}


/* A decision of @im not seen yet, with its request and step read from the
 * decision itself to sort it (taken or refused later, by import_decision). */
static void
add_pending (SdSyncPeerImport *im,
             JsonObject       *o,
             GPtrArray        *decisions)
{
  PendingDecision *d = g_new0 (PendingDecision, 1);
  g_autoptr(GBytes) bytes = NULL;
  SdSyncFileStatus status;

  d->im = im;
  d->object = o;
  bytes = sd_sync_read_at (im->peer_fd, sd_sync_get_string (o, "path"), json_object_get_int_member (o, "size"),
                           sd_sync_get_string (o, "sha256"), SD_SYNC_JSON_MAX, &status, NULL);
  if (bytes != NULL)
    {
      g_autoptr(JsonNode) env = sd_canonical_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                         SD_SYNC_JSON_MAX, NULL);
      const char *content = env != NULL && JSON_NODE_HOLDS_OBJECT (env)
                              ? sd_sync_get_string (json_node_get_object (env), "content") : NULL;
      g_autofree char *result = NULL;

      if (content != NULL)
        sd_decision_peek (content, &d->request, &d->step, &result, NULL);
    }
  g_ptr_array_add (decisions, d);
}

gboolean
sd_sync_import (SdWorkspace  *workspace,
                int           folder_fd,
                GPtrArray    *peers,
                GPtrArray    *keys,
                SdSyncReport *report,
                GError      **error)
{
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  g_autoptr(GPtrArray) ims = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sync_peer_import_free);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  gint64 batch_start;

  for (guint i = 0; i < peers->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      SdSyncPeerImport *im = sd_sync_peer_import_open (workspace, folder_fd, g_ptr_array_index (peers, i),
                                                       g_ptr_array_index (keys, i), report, &local_error);

      if (im != NULL)
        g_ptr_array_add (ims, im);
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (ims->len == 0)
    return TRUE;

  /* Everything taken in this pass: one transaction, one signed head
   * (committed about once a second: a crash keeps what was committed,
   * and the manifests not noted as taken are taken again). The batch
   * holds the workspace lock only between those commits. */
  if (!sd_ledger_batch_begin (ledger, error))
    return FALSE;
  batch_start = g_get_monotonic_time ();
  for (guint i = 0; i < ims->len; i++)
    {
      SdSyncPeerImport *im = g_ptr_array_index (ims, i);

      import_witness (im);
      import_profiles (im);
    }
  /* Seals after every profile: their grants name profiles of any peer. */
  for (guint i = 0; i < ims->len; i++)
    {
      import_seals (g_ptr_array_index (ims, i));
      if (!batch_tick (workspace, &batch_start, error))
        goto fail;
    }
  for (guint i = 0; i < ims->len; i++)
    {
      SdSyncPeerImport *im = g_ptr_array_index (ims, i);
      JsonArray *objects = sd_sync_get_array (im->manifest, "objects");

      for (guint j = 0; j < json_array_get_length (objects); j++)
        {
          JsonObject *o = json_array_get_object_element (objects, j);
          const char *kind = sd_sync_get_string (o, "kind");

          if (!batch_tick (workspace, &batch_start, error))
            goto fail;
          if (g_str_equal (kind, "request"))
            import_request (im, o);
          else if (g_str_equal (kind, "decision") && !sd_sync_seen (im->db, sd_sync_get_string (o, "sha256"), "decision"))
            add_pending (im, o, decisions);
        }
    }
  /* Stable: two decisions for one step keep the order of the peers. */
  g_ptr_array_sort (decisions, compare_decisions);
  for (guint i = 0; i < decisions->len; i++)
    {
      PendingDecision *d = g_ptr_array_index (decisions, i);

      if (!batch_tick (workspace, &batch_start, error))
        goto fail;
      import_decision (d->im, d->object);
    }
  for (guint i = 0; i < ims->len; i++)
    if (!sd_sync_peer_import_finish (g_ptr_array_index (ims, i), error))
      goto fail;
  return sd_ledger_batch_end (ledger, TRUE, error);

fail:
  /* What the open batch holds is not kept: the next pass takes it again. */
  if (sd_db_in_batch (sd_workspace_get_db (workspace)))
    sd_ledger_batch_end (ledger, FALSE, NULL);
  return FALSE;
}
