/* sd-sync-publish.c: what this workstation puts in the shared folder
 *
 * Only below FOLDER/<our ID>/: requests/ (REQ.json signed content, REQ.pdf),
 * decisions/ (SHA.json), documents/ (SHA.pdf: what sign and stamp steps
 * signed), completed/ (REQ.pdf with REQ.report.json and REQ.report.pdf),
 * seals/ (SHA.png), and manifest.json last, so that a reader never sees a
 * manifest naming a file not yet written. With matter folders on, the
 * requests and completed documents of a matter go in requests/MATTER/ and
 * completed/MATTER/; the manifest names every path. The manifest is rewritten only
 * when what it says changed.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/x509.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-ledger-key.h"
#include "sd-request.h"
#include "sd-sync-private.h"
#include "sd-verify.h"

typedef struct {
  SdWorkspace  *workspace;
  SdDb         *db;
  int           me_fd;
  SdSyncReport *report;
  const SdSyncOptions *options;
  gboolean      manifest_intact;  /* the manifest in the folder is the one we wrote */
} Publisher;

static gboolean
wanted (Publisher    *p,
        SdSyncPublish what)
{
  return (p->options->publish & what) != 0;
}

/* requests/ or requests/MATTER/ (matter folders on, and a usable matter). */
static char *
subdir_for (Publisher  *p,
            const char *base,
            const char *matter)
{
  g_autofree char *folder = p->options->matter_folders ? sd_sync_matter_folder (matter) : NULL;

  return folder != NULL ? g_strconcat (base, "/", folder, NULL) : g_strdup (base);
}

static gboolean
published_is_current (Publisher  *p,
                      const char *kind,
                      const char *ref,
                      const char *sha)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (p->db, "SELECT path, size FROM sync_published WHERE kind = ? AND ref = ? AND sha256 = ?", NULL);
  gboolean has_row = FALSE;
  struct stat st;

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, kind);
  sd_db_bind_text (stmt, 2, ref);
  sd_db_bind_text (stmt, 3, sha);
  if (!sd_db_step_row (p->db, stmt, &has_row, NULL) || !has_row)
    return FALSE;
  return fstatat (p->me_fd, sd_db_column_text (stmt, 0), &st, AT_SYMLINK_NOFOLLOW) == 0
         && S_ISREG (st.st_mode) && st.st_size == sqlite3_column_int64 (stmt, 1);
}

/* Writes @data as SUBDIR/NAME and lists it as (@kind, @ref). */
static gboolean
publish_file (Publisher   *p,
              const char  *kind,
              const char  *ref,
              const char  *subdir,
              const char  *name,
              const void  *data,
              gsize        len,
              GError     **error)
{
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  g_autofree char *path = g_strconcat (subdir, "/", name, NULL);
  g_autofree char *now = sd_workspace_now_string ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int fd;
  gboolean ok;

  if (published_is_current (p, kind, ref, sha))
    return TRUE;
  if ((fd = sd_sync_open_path_at (p->me_fd, subdir, TRUE, error)) < 0)
    return FALSE;
  ok = sd_sync_write_at (fd, name, data, len, error);
  close (fd);
  if (!ok)
    return FALSE;
  p->report->published++;
  stmt = sd_db_prepare (p->db, "INSERT OR REPLACE INTO sync_published (kind, ref, path, size, sha256, time) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, kind);
  sd_db_bind_text (stmt, 2, ref);
  sd_db_bind_text (stmt, 3, path);
  sqlite3_bind_int64 (stmt, 4, (gint64) len);
  sd_db_bind_text (stmt, 5, sha);
  sd_db_bind_text (stmt, 6, now);
  return sd_db_step_done (p->db, stmt, error);
}

static gboolean
publish_path (Publisher   *p,
              const char  *kind,
              const char  *ref,
              const char  *subdir,
              const char  *name,
              const char  *source,
              const char  *expect_sha,
              GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (source, &data, &len, error))
    return FALSE;
  if (expect_sha != NULL)
    {
      g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guint8 *) data, len);

      if (!g_str_equal (sha, expect_sha))
        {
          g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FAILED,
                       _("%s changed since it was signed: not published"), source);
          return FALSE;
        }
    }
  return publish_file (p, kind, ref, subdir, name, data, len, error);
}

static char *
envelope (const char *format,
          const char *content,
          const void *signature,
          gsize       signature_len,
          const char *opinion,
          gboolean    with_opinion)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sig = g_base64_encode (signature, signature_len);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "content");
  json_builder_add_string_value (b, content);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, format);
  if (with_opinion)
    {
      json_builder_set_member_name (b, "opinion");
      if (opinion != NULL)
        json_builder_add_string_value (b, opinion);
      else
        json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "signature");
  json_builder_add_string_value (b, sig);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return sd_canonical_json_write (root, NULL, NULL);
}

/* Was @content (a request's or decision's) made on this workstation? */
static gboolean
made_here (Publisher  *p,
           const char *content)
{
  g_autoptr(JsonNode) root = sd_canonical_json_parse (content, strlen (content), SD_SYNC_JSON_MAX, NULL);

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root)
         && g_strcmp0 (sd_json_get_string (json_node_get_object (root), "workstation", NULL),
                       sd_workspace_get_workstation_id (p->workspace)) == 0;
}

static gboolean
publish_request (Publisher   *p,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (p->db, "SELECT content, signature, doc_path, doc_sha256, matter FROM request WHERE id = ?", error);
  g_autofree char *json_name = g_strconcat (id, ".json", NULL);
  g_autofree char *subdir = NULL;
  g_autofree char *pdf_name = g_strconcat (id, ".pdf", NULL);
  g_autofree char *env = NULL;
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, id);
  if (!sd_db_step_row (p->db, stmt, &has_row, error))
    return FALSE;
  if (!has_row || !made_here (p, sd_db_column_text (stmt, 0)))
    return TRUE;
  env = envelope ("sealdesk-request", sd_db_column_text (stmt, 0), sqlite3_column_blob (stmt, 1),
                  sqlite3_column_bytes (stmt, 1), NULL, FALSE);
  subdir = subdir_for (p, "requests", sd_db_column_text (stmt, 4));
  /* The document first: a reader finds it before the request names it. */
  return publish_path (p, "request-document", id, subdir, pdf_name, sd_db_column_text (stmt, 2),
                       sd_db_column_text (stmt, 3), error)
         && publish_file (p, "request", id, subdir, json_name, env, strlen (env), error);
}

static gboolean
publish_document (Publisher   *p,
                  const char  *sha,
                  GError     **error)
{
  g_autofree char *dir = sd_workspace_get_subdir (p->workspace, "documents", error);
  g_autofree char *name = g_strconcat (sha, ".pdf", NULL);
  g_autofree char *source = NULL;

  if (dir == NULL)
    return FALSE;
  source = g_build_filename (dir, name, NULL);
  return publish_path (p, "document", sha, "documents", name, source, sha, error);
}

static gboolean
publish_decision (Publisher   *p,
                  const char  *ref,
                  GError     **error)
{
  const char *slash = strrchr (ref, '/');
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (p->db, "SELECT content, signature, opinion FROM decision WHERE id = ?", error);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *env = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *name = NULL;
  const char *content, *result;
  gboolean has_row = FALSE;

  if (stmt == NULL || slash == NULL)
    return stmt != NULL;
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (slash + 1, NULL, 10));
  if (!sd_db_step_row (p->db, stmt, &has_row, error))
    return FALSE;
  if (!has_row || !made_here (p, (content = sd_db_column_text (stmt, 0))))
    return TRUE;
  root = sd_canonical_json_parse (content, strlen (content), SD_SYNC_JSON_MAX, error);
  if (root == NULL)
    return FALSE;
  result = sd_json_get_string (json_node_get_object (root), "result_sha256", NULL);
  if (result != NULL && !publish_document (p, result, error))
    return FALSE;
  env = envelope ("sealdesk-decision", content, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                  sd_db_column_text (stmt, 2), TRUE);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  name = g_strconcat (sha, ".json", NULL);
  return publish_file (p, "decision", sha, "decisions", name, env, strlen (env), error);
}

/* completed/REQ.pdf, and unless reports are left out REQ.report.json and
 * REQ.report.pdf beside it; *whole is FALSE when the reports wait. */
static gboolean
publish_completed (Publisher   *p,
                   const char  *id,
                   gboolean    *whole,
                   GError     **error)
{
  g_autoptr(SdRequest) request = sd_request_get (p->workspace, id, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autofree char *pdf = g_strconcat (id, ".pdf", NULL);
  g_autofree char *json_name = g_strconcat (id, ".report.json", NULL);
  g_autofree char *report_pdf_name = g_strconcat (id, ".report.pdf", NULL);
  g_autofree char *json = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *subdir = NULL;
  SdVerifyOptions vopts = { 0 };
  gboolean has_row = FALSE, ok;

  *whole = TRUE;
  if (request == NULL)
    return FALSE;
  stmt = sd_db_prepare (p->db, "SELECT content FROM decision WHERE request = ? ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, id);
  if (!sd_db_step_row (p->db, stmt, &has_row, error))
    return FALSE;
  /* Published by the workstation that made the last decision. */
  if (!has_row || !made_here (p, sd_db_column_text (stmt, 0)))
    return TRUE;
  subdir = subdir_for (p, "completed", request->matter);
  if (!wanted (p, SD_SYNC_PUBLISH_REPORTS))
    {
      /* The document now, its reports on a pass that publishes them. */
      *whole = FALSE;
      return published_is_current (p, "completed", id, request->current_sha256)
             || publish_path (p, "completed", id, subdir, pdf, request->current_path, request->current_sha256, error);
    }
  vopts.data_dir = sd_workspace_get_data_dir (p->workspace);
  if ((report = sd_verify_document (request->current_path, NULL, &vopts, NULL, NULL, NULL, error)) == NULL)
    return FALSE;
  json = sd_verify_report_to_json (report, TRUE);
  if ((tmp_dir = sd_workspace_get_subdir (p->workspace, "sync-tmp", error)) == NULL)
    return FALSE;
  tmp = g_build_filename (tmp_dir, report_pdf_name, NULL);
  ok = publish_path (p, "completed", id, subdir, pdf, request->current_path, request->current_sha256, error)
       && publish_file (p, "report-json", id, subdir, json_name, json, strlen (json), error)
       && sd_verify_report_write_pdf (report, tmp, error)
       && publish_path (p, "report-pdf", id, subdir, report_pdf_name, tmp, NULL, error);
  g_unlink (tmp);
  return ok;
}

/* Would the queue entry (@kind, @ref) publish anything of ours? */
static gboolean
queued_is_ours (Publisher  *p,
                const char *kind,
                const char *ref)
{
  const char *slash = strrchr (ref, '/');
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  if (g_str_equal (kind, "request"))
    stmt = sd_db_prepare (p->db, "SELECT content FROM request WHERE id = ?", NULL);
  else if (g_str_equal (kind, "decision"))
    stmt = sd_db_prepare (p->db, "SELECT content FROM decision WHERE id = ?", NULL);
  else
    stmt = sd_db_prepare (p->db, "SELECT content FROM decision WHERE request = ? ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return TRUE;
  if (g_str_equal (kind, "decision"))
    sqlite3_bind_int64 (stmt, 1, slash != NULL ? g_ascii_strtoll (slash + 1, NULL, 10) : -1);
  else
    sd_db_bind_text (stmt, 1, ref);
  if (!sd_db_step_row (p->db, stmt, &has_row, NULL))
    return TRUE;
  return has_row && made_here (p, sd_db_column_text (stmt, 0));
}

static gboolean
drain_queue (Publisher  *p,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (p->db, "SELECT id, kind, ref FROM publish_queue ORDER BY id", error);
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (sd_db_step_row (p->db, stmt, &has_row, error) && has_row)
    {
      const char *kind = sd_db_column_text (stmt, 1);
      const char *ref = sd_db_column_text (stmt, 2);
      g_autoptr(GError) local_error = NULL;
      gboolean ok = TRUE, whole = TRUE;
      SdSyncPublish what = g_strcmp0 (kind, "request") == 0 ? SD_SYNC_PUBLISH_REQUESTS
                           : g_strcmp0 (kind, "decision") == 0 ? SD_SYNC_PUBLISH_DECISIONS
                           : g_strcmp0 (kind, "completed") == 0 ? SD_SYNC_PUBLISH_COMPLETED : 0;

      /* Left out of this pass: it waits in the queue, unless it is not
       * ours to publish at all. */
      if (what != 0 && !wanted (p, what))
        {
          if (!queued_is_ours (p, kind, ref))
            g_ptr_array_add (done, g_strdup_printf ("%lld", (long long) sqlite3_column_int64 (stmt, 0)));
          continue;
        }

      if (g_strcmp0 (kind, "request") == 0)
        ok = publish_request (p, ref, &local_error);
      else if (g_strcmp0 (kind, "decision") == 0)
        ok = publish_decision (p, ref, &local_error);
      else if (g_strcmp0 (kind, "completed") == 0)
        ok = publish_completed (p, ref, &whole, &local_error);
      if (ok && whole)
        g_ptr_array_add (done, g_strdup_printf ("%lld", (long long) sqlite3_column_int64 (stmt, 0)));
      else if (!ok)
        {
          sd_sync_report_add (p->report, _("Not published yet (%s %s): %s"), kind, ref, local_error->message);
          p->report->waiting++;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  for (guint i = 0; i < done->len; i++)
    {
      g_autoptr(sqlite3_stmt) del = sd_db_prepare (p->db, "DELETE FROM publish_queue WHERE id = ?", error);

      if (del == NULL)
        return FALSE;
      sqlite3_bind_int64 (del, 1, g_ascii_strtoll (g_ptr_array_index (done, i), NULL, 10));
      if (!sd_db_step_done (p->db, del, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_seals (Publisher    *p,
           JsonBuilder  *b,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (p->db, "SELECT id, name, kind, state, width_mm, height_mm, image, image_sha256 "
                                                       "FROM seal WHERE origin IS NULL ORDER BY id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  json_builder_begin_array (b);
  while (sd_db_step_row (p->db, stmt, &has_row, NULL) && has_row)
    {
      const char *id = sd_db_column_text (stmt, 0);
      const char *image_sha = sd_db_column_text (stmt, 7);
      g_autofree char *image_name = g_strconcat (image_sha, ".png", NULL);
      g_autofree char *image_path = g_strconcat ("seals/", image_name, NULL);
      g_autoptr(sqlite3_stmt) grants = sd_db_prepare (p->db, "SELECT profile, may FROM seal_grant WHERE seal = ? ORDER BY profile, may", NULL);
      gboolean grant_row = FALSE;

      if (!publish_file (p, "seal-image", id, "seals", image_name, sqlite3_column_blob (stmt, 6),
                         sqlite3_column_bytes (stmt, 6), error))
        return FALSE;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "grants");
      json_builder_begin_array (b);
      sd_db_bind_text (grants, 1, id);
      while (grants != NULL && sd_db_step_row (p->db, grants, &grant_row, NULL) && grant_row)
        {
          g_autofree char *g = g_strdup_printf ("%s:%s", sd_db_column_text (grants, 0), sd_db_column_text (grants, 1));

          json_builder_add_string_value (b, g);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "height_um");
      json_builder_add_int_value (b, (gint64) (sqlite3_column_double (stmt, 5) * 1000 + 0.5));
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "image");
      json_builder_add_string_value (b, image_path);
      json_builder_set_member_name (b, "image_sha256");
      json_builder_add_string_value (b, image_sha);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 2));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 1));
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, sd_db_column_text (stmt, 3));
      json_builder_set_member_name (b, "width_um");
      json_builder_add_int_value (b, (gint64) (sqlite3_column_double (stmt, 4) * 1000 + 0.5));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return TRUE;
}

/* Proofs from every size a peer holds of us, and from our last published. */
static gboolean
write_manifest (Publisher  *p,
                GError    **error)
{
  SdWorkspace *ws = p->workspace;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonBuilder) seals_builder = json_builder_new ();
  g_autoptr(JsonNode) seals = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) head = sd_ledger_get_head (sd_workspace_get_ledger (ws), NULL);
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *body_sha = NULL;
  g_autofree char *file_sha = NULL;
  g_autofree char *old_sha = NULL;
  g_autofree char *serial_text = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  g_autofree char *public_b64 = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *sig = NULL;
  g_autofree char *size_text = NULL;
  EVP_PKEY *pkey;
  JsonObject *object;
  gint64 size = head != NULL ? json_object_get_int_member (json_node_get_object (head), "tree_size") : 0;
  gint64 serial;
  gsize len = 0;

  /* A workstation that has recorded nothing yet has no ledger key: its
   * first manifest makes it (the workspace lock is held). */
  if ((pkey = sd_ledger_key_load_public (p->db, NULL)) == NULL
      && (pkey = sd_ledger_key_load (p->db, sd_workspace_get_data_dir (ws),
                                     sd_workspace_get_workstation_id (ws), error)) == NULL)
    return FALSE;
  public_b64 = sd_pkey_public_base64 (pkey);
  key_id = sd_pkey_public_id (pkey);
  EVP_PKEY_free (pkey);

  /* The seals first: their pictures are written and listed in objects. */
  if (!add_seals (p, seals_builder, error))
    return FALSE;
  seals = json_builder_get_root (seals_builder);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "consistency");
  sd_sync_add_proofs (p->workspace, b, size);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "sealdesk-sync-manifest");
  json_builder_set_member_name (b, "key_id");
  json_builder_add_string_value (b, key_id);
  json_builder_set_member_name (b, "objects");
  sd_sync_add_objects (p->db, b);
  json_builder_set_member_name (b, "profiles");
  sd_sync_add_profiles (p->db, b);
  json_builder_set_member_name (b, "public_key");
  json_builder_add_string_value (b, public_b64);
  json_builder_set_member_name (b, "seals");
  json_builder_add_value (b, g_steal_pointer (&seals));
  json_builder_set_member_name (b, "tree_head");
  if (head != NULL)
    json_builder_add_value (b, json_node_ref (head));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "witnessed");
  sd_sync_add_witnessed (p->db, b);
  json_builder_set_member_name (b, "workstation");
  json_builder_add_string_value (b, sd_workspace_get_workstation_id (ws));
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  if ((canonical = sd_canonical_json_write (body, NULL, error)) == NULL)
    return FALSE;
  body_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  old_sha = sd_db_get_setting (p->db, "sync.manifest_body", NULL);
  if (g_strcmp0 (old_sha, body_sha) == 0 && p->manifest_intact)
    return TRUE;

  serial_text = sd_db_get_setting (p->db, "sync.serial", NULL);
  serial = (serial_text != NULL ? g_ascii_strtoll (serial_text, NULL, 10) : 0) + 1;
  object = json_node_get_object (body);
  json_object_set_int_member (object, "serial", serial);
  json_object_set_string_member (object, "time", now);
  g_clear_pointer (&canonical, g_free);
  if ((canonical = sd_canonical_json_write (body, &len, error)) == NULL)
    return FALSE;
  if ((pkey = sd_ledger_key_load (p->db, sd_workspace_get_data_dir (ws), sd_workspace_get_workstation_id (ws), error)) == NULL)
    return FALSE;
  signature = sd_pkey_sign_sha256 (pkey, canonical, len, error);
  EVP_PKEY_free (pkey);
  if (signature == NULL)
    return FALSE;
  sig = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  json_object_set_string_member (object, "signature", sig);
  g_clear_pointer (&canonical, g_free);
  if ((canonical = sd_canonical_json_write (body, &len, error)) == NULL)
    return FALSE;
  if (!sd_sync_write_at (p->me_fd, SD_SYNC_MANIFEST_NAME, canonical, len, error))
    return FALSE;
  file_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) canonical, len);
  p->report->published++;
  g_free (serial_text);
  serial_text = g_strdup_printf ("%lld", (long long) serial);
  size_text = g_strdup_printf ("%lld", (long long) size);
  return sd_db_set_setting (p->db, "sync.serial", serial_text, error)
         && sd_db_set_setting (p->db, "sync.published_size", size_text, error)
         && sd_db_set_setting (p->db, "sync.manifest_body", body_sha, error)
         && sd_db_set_setting (p->db, "sync.manifest_sha256", file_sha, error);
}

gboolean
sd_sync_publish (SdWorkspace  *workspace,
                 int           folder_fd,
                 const SdSyncOptions *options,
                 SdSyncReport *report,
                 GError      **error)
{
  Publisher p = { workspace, sd_workspace_get_db (workspace), -1, report, options };
  gboolean ok;

  if ((p.me_fd = sd_sync_open_dir_at (folder_fd, sd_workspace_get_workstation_id (workspace), TRUE, error)) < 0)
    return FALSE;
  sd_workspace_lock (workspace);
  ok = sd_sync_check_published (workspace, p.me_fd, report, &p.manifest_intact, error)
       && drain_queue (&p, error) && write_manifest (&p, error);
  sd_workspace_unlock (workspace);
  close (p.me_fd);
  return ok;
}
