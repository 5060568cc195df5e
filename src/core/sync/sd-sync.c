/* sd-sync.c: one sync pass, peers, status and the witness check */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "sd-ledger.h"
#include "sd-ledger-key.h"
#include "sd-sync-private.h"

G_DEFINE_QUARK (sd-sync-error-quark, sd_sync_error)

void
sd_sync_report_clear (SdSyncReport *report)
{
  g_clear_pointer (&report->messages, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

void
sd_sync_report_add (SdSyncReport *report,
                    const char   *format,
                    ...)
{
  va_list args;

  if (report->messages == NULL)
    report->messages = g_ptr_array_new_with_free_func (g_free);
  va_start (args, format);
  g_ptr_array_add (report->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

JsonNode *
sd_sync_report_to_json (SdSyncReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  struct { const char *name; guint value; } counts[] = {
    { "conflicts", report->conflicts }, { "imported", report->imported }, { "published", report->published },
    { "refused", report->refused }, { "waiting", report->waiting },
  };

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      json_builder_set_member_name (b, counts[i].name);
      json_builder_add_int_value (b, counts[i].value);
    }
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = 0; report->messages != NULL && i < report->messages->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (report->messages, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
is_hex (const char *text,
        gsize       len)
{
  if (text == NULL || strlen (text) != len)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static int
open_folder (const char  *folder,
             GError     **error)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER,
                 _("The shared folder %s cannot be opened: %s"), folder, g_strerror (errno));
  return fd;
}

void
sd_sync_options_init (SdSyncOptions *options)
{
  memset (options, 0, sizeof *options);
  options->publish = SD_SYNC_PUBLISH_ALL;
}

gboolean
sd_sync_publish_parse (const char    *text,
                       SdSyncPublish *out,
                       GError       **error)
{
  static const struct { const char *name; SdSyncPublish value; } names[] = {
    { "requests", SD_SYNC_PUBLISH_REQUESTS }, { "decisions", SD_SYNC_PUBLISH_DECISIONS },
    { "completed", SD_SYNC_PUBLISH_COMPLETED }, { "reports", SD_SYNC_PUBLISH_REPORTS },
    { "all", SD_SYNC_PUBLISH_ALL }, { "none", 0 },
  };
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *out = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (names) && !found; j++)
        if (g_str_equal (part, names[j].name))
          {
            *out |= names[j].value;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                       _("“%s” is not something to publish (requests, decisions, completed, reports, all or none)"), part);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sd_sync_run_once (SdWorkspace   *workspace,
                  const char    *folder,
                  SdSyncReport  *report,
                  GError       **error)
{
  return sd_sync_run (workspace, folder, NULL, report, error);
}

gboolean
sd_sync_run (SdWorkspace         *workspace,
             const char          *folder,
             const SdSyncOptions *options,
             SdSyncReport        *report,
             GError             **error)
{
  SdSyncOptions defaults;
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *absolute = g_canonicalize_filename (folder, NULL);
  g_autofree char *now = sd_workspace_now_string ();
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *summary_text = NULL;
  gboolean has_row = FALSE, ok = TRUE;
  int fd;

  if (options == NULL)
    {
      sd_sync_options_init (&defaults);
      options = &defaults;
    }
  if ((fd = open_folder (absolute, error)) < 0)
    return FALSE;
  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT workstation, ledger_key_id FROM sync_peer ORDER BY workstation", error);
  while (stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      g_ptr_array_add (peers, g_strdup (sd_db_column_text (stmt, 0)));
      g_ptr_array_add (keys, g_strdup (sd_db_column_text (stmt, 1)));
    }
  sd_workspace_unlock (workspace);
  if (stmt == NULL)
    {
      close (fd);
      return FALSE;
    }
  sd_sync_find_conflicts (fd, NULL, 0, conflicts);
  for (guint i = 0; i < conflicts->len; i++)
    {
      report->conflicts++;
      sd_sync_report_add (report, _("Conflict copy ignored: %s"), (char *) g_ptr_array_index (conflicts, i));
    }
  ok = sd_sync_import (workspace, fd, peers, keys, report, error);
  ok = ok && sd_sync_publish (workspace, fd, options, report, error);
  close (fd);

  summary = sd_sync_report_to_json (report);
  json_object_set_string_member (json_node_get_object (summary), "time", now);
  json_generator_set_root (gen, summary);
  summary_text = json_generator_to_data (gen, NULL);
  sd_workspace_lock (workspace);
  sd_db_set_setting (db, "sync.folder", absolute, NULL);
  sd_db_set_setting (db, "sync.last_report", summary_text, NULL);
  if (ok)
    sd_db_set_setting (db, "sync.last_sync", now, NULL);
  sd_workspace_unlock (workspace);
  return ok;
}

gboolean
sd_sync_peer_add (SdWorkspace  *workspace,
                  const char   *workstation,
                  const char   *ledger_key_id,
                  const char   *label,
                  GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *ws = g_ascii_strdown (workstation, -1);
  g_autofree char *key = g_ascii_strdown (ledger_key_id, -1);
  g_autofree char *now = sd_workspace_now_string ();
  gboolean ok;

  if (!is_hex (ws, 32))
    {
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                   _("“%s” is not a workstation ID (32 hex digits, as “ledger head” prints it)"), workstation);
      return FALSE;
    }
  if (!is_hex (key, 64))
    {
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                   _("“%s” is not a ledger key ID (64 hex digits: “key_id” as “ledger head” prints it)"), ledger_key_id);
      return FALSE;
    }
  if (g_str_equal (ws, sd_workspace_get_workstation_id (workspace)))
    {
      g_set_error_literal (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("That is this workstation's own ID"));
      return FALSE;
    }
  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "INSERT INTO sync_peer (workstation, ledger_key_id, label, added) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (workstation) DO UPDATE SET label = excluded.label "
                            "WHERE ledger_key_id = excluded.ledger_key_id", error);
  ok = stmt != NULL;
  if (ok)
    {
      sd_db_bind_text (stmt, 1, ws);
      sd_db_bind_text (stmt, 2, key);
      sd_db_bind_text (stmt, 3, label);
      sd_db_bind_text (stmt, 4, now);
      ok = sd_db_step_done (db, stmt, error);
    }
  if (ok && sqlite3_changes (sd_db_get_handle (db)) == 0)
    {
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                   _("Workstation %s is paired already with another ledger key: remove it first (“sync peer remove”)"), ws);
      ok = FALSE;
    }
  if (ok)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "action", "peer-add");
      json_object_set_string_member (details, "workstation", ws);
      json_object_set_string_member (details, "ledger_key_id", key);
      ok = sd_ledger_record (sd_workspace_get_ledger (workspace), SD_LEDGER_LIFECYCLE, NULL, NULL, NULL, NULL, details, error) != 0;
    }
  sd_workspace_unlock (workspace);
  return ok;
}

gboolean
sd_sync_peer_remove (SdWorkspace  *workspace,
                     const char   *workstation,
                     GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autofree char *ws = g_ascii_strdown (workstation, -1);
  gboolean ok = FALSE;

  sd_workspace_lock (workspace);
  if (sd_db_begin (db, error))
    {
      g_autoptr(sqlite3_stmt) heads = sd_db_prepare (db, "DELETE FROM sync_peer_head WHERE workstation = ?", error);
      g_autoptr(sqlite3_stmt) peer = sd_db_prepare (db, "DELETE FROM sync_peer WHERE workstation = ?", error);

      if (heads != NULL && peer != NULL)
        {
          sd_db_bind_text (heads, 1, ws);
          sd_db_bind_text (peer, 1, ws);
          ok = sd_db_step_done (db, heads, error) && sd_db_step_done (db, peer, error);
        }
      if (ok && sqlite3_changes (sd_db_get_handle (db)) == 0)
        {
          g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_NOT_FOUND, _("Workstation %s is not paired"), ws);
          ok = FALSE;
        }
      ok = ok && sd_db_commit (db, error);
      sd_db_rollback (db);
    }
  sd_workspace_unlock (workspace);
  return ok;
}

JsonNode *
sd_sync_peer_list (SdWorkspace  *workspace,
                   GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean has_row = FALSE;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT p.workstation, p.ledger_key_id, p.label, p.added, p.last_seen, p.last_serial, "
                            "h.tree_size, h.root_hash, h.seen, h.conflict "
                            "FROM sync_peer p LEFT JOIN sync_peer_head h USING (workstation) ORDER BY p.workstation", error);
  if (stmt == NULL)
    {
      sd_workspace_unlock (workspace);
      return NULL;
    }
  json_builder_begin_array (b);
  while (sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      const char *names[] = { "workstation", "ledger_key_id", "label", "added", "last_seen" };

      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          json_builder_set_member_name (b, names[i]);
          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            json_builder_add_null_value (b);
          else
            json_builder_add_string_value (b, sd_db_column_text (stmt, i));
        }
      json_builder_set_member_name (b, "last_serial");
      json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 5));
      json_builder_set_member_name (b, "witnessed_head");
      if (sqlite3_column_type (stmt, 6) == SQLITE_NULL)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "tree_size");
          json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 6));
          json_builder_set_member_name (b, "root_hash");
          json_builder_add_string_value (b, sd_db_column_text (stmt, 7));
          json_builder_set_member_name (b, "seen");
          json_builder_add_string_value (b, sd_db_column_text (stmt, 8));
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "conflict");
      if (sqlite3_column_type (stmt, 9) == SQLITE_NULL)
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, sd_db_column_text (stmt, 9));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sd_workspace_unlock (workspace);
  return json_builder_get_root (b);
}

JsonNode *
sd_sync_status (SdWorkspace  *workspace,
                GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(JsonNode) peers = sd_sync_peer_list (workspace, error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *last_report = NULL;
  g_autofree char *key_id = NULL;
  gboolean has_row = FALSE;
  gint64 queued = 0;
  EVP_PKEY *pkey;

  if (peers == NULL)
    return NULL;
  sd_workspace_lock (workspace);
  folder = sd_db_get_setting (db, "sync.folder", NULL);
  last_sync = sd_db_get_setting (db, "sync.last_sync", NULL);
  last_report = sd_db_get_setting (db, "sync.last_report", NULL);
  if ((pkey = sd_ledger_key_load_public (db, NULL)) != NULL)
    {
      key_id = sd_pkey_public_id (pkey);
      EVP_PKEY_free (pkey);
    }
  stmt = sd_db_prepare (db, "SELECT count(*) FROM publish_queue", NULL);
  if (stmt != NULL && sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    queued = sqlite3_column_int64 (stmt, 0);
  sd_workspace_unlock (workspace);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "workstation");
  json_builder_add_string_value (b, sd_workspace_get_workstation_id (workspace));
  json_builder_set_member_name (b, "ledger_key_id");
  json_builder_add_string_value (b, key_id);
  json_builder_set_member_name (b, "folder");
  json_builder_add_string_value (b, folder);
  json_builder_set_member_name (b, "queued");
  json_builder_add_int_value (b, queued);
  json_builder_set_member_name (b, "last_sync");
  json_builder_add_string_value (b, last_sync);
  json_builder_set_member_name (b, "last_report");
  if (last_report != NULL)
    {
      JsonNode *node = json_from_string (last_report, NULL);

      if (node != NULL)
        json_builder_add_value (b, node);
      else
        json_builder_add_null_value (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "peers");
  json_builder_add_value (b, json_node_ref (peers));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
sd_sync_peer_check_free (SdSyncPeerCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->workstation);
  g_free (check->label);
  g_free (check->message);
  g_free (check);
}

GPtrArray *
sd_sync_check_peers (SdWorkspace  *workspace,
                     const char   *folder,
                     GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sync_peer_check_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *remembered = NULL;
  gboolean has_row = FALSE;
  int fd = -1;

  sd_workspace_lock (workspace);
  remembered = sd_db_get_setting (db, "sync.folder", NULL);
  stmt = sd_db_prepare (db, "SELECT p.workstation, p.ledger_key_id, p.label, h.tree_size, h.root_hash, h.conflict "
                            "FROM sync_peer p LEFT JOIN sync_peer_head h USING (workstation) ORDER BY p.workstation", error);
  if (stmt == NULL)
    {
      sd_workspace_unlock (workspace);
      return NULL;
    }
  if (folder == NULL)
    folder = remembered;
  if (folder != NULL && (fd = open_folder (folder, error)) < 0)
    {
      sd_workspace_unlock (workspace);
      return NULL;
    }
  while (sd_db_step_row (db, stmt, &has_row, NULL) && has_row)
    {
      SdSyncPeerCheck *check = g_new0 (SdSyncPeerCheck, 1);
      const char *peer = sd_db_column_text (stmt, 0);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) manifest = NULL;
      g_autofree char *sha = NULL;
      g_autofree char *message = NULL;
      SdSyncFileStatus status = SD_SYNC_FILE_MISSING;
      JsonNode *head_node;
      int peer_fd = -1;

      check->workstation = g_strdup (peer);
      check->label = g_strdup (sd_db_column_text (stmt, 2));
      g_ptr_array_add (checks, check);
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        {
          check->message = g_strdup (sd_db_column_text (stmt, 5));
          continue;
        }
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        {
          check->consistent = TRUE;
          check->message = g_strdup (_("no tree head witnessed yet"));
          continue;
        }
      if (fd >= 0 && (peer_fd = sd_sync_open_dir_at (fd, peer, FALSE, NULL)) >= 0)
        {
          manifest = sd_sync_read_manifest (peer_fd, peer, sd_db_column_text (stmt, 1), &status, &sha, &local_error);
          close (peer_fd);
        }
      head_node = manifest != NULL ? json_object_get_member (json_node_get_object (manifest), "tree_head") : NULL;
      if (manifest == NULL || head_node == NULL || !JSON_NODE_HOLDS_OBJECT (head_node))
        {
          check->consistent = local_error == NULL || status == SD_SYNC_FILE_MISSING || status == SD_SYNC_FILE_INCOMPLETE;
          check->message = local_error != NULL && !check->consistent
                             ? g_strdup (local_error->message)
                             : g_strdup_printf (_("no published head to compare; the head witnessed has %lld entries"),
                                                (long long) sqlite3_column_int64 (stmt, 3));
          continue;
        }
      if (!sd_ledger_check_head (json_node_get_object (head_node), &message))
        {
          check->message = g_steal_pointer (&message);
          continue;
        }
      switch (sd_sync_compare_head (sqlite3_column_int64 (stmt, 3), sd_db_column_text (stmt, 4),
                                    json_node_get_object (head_node),
                                    json_object_get_array_member (json_node_get_object (manifest), "consistency"), &message))
        {
        case SD_SYNC_HEAD_SAME:
        case SD_SYNC_HEAD_EXTENDS:
          check->consistent = TRUE;
          check->message = g_strdup_printf (_("its published head of %lld entries extends the one witnessed (%lld)"),
                                            (long long) json_object_get_int_member (json_node_get_object (head_node), "tree_size"),
                                            (long long) sqlite3_column_int64 (stmt, 3));
          break;
        case SD_SYNC_HEAD_UNPROVEN:
        case SD_SYNC_HEAD_INCONSISTENT:
        default:
          check->message = g_steal_pointer (&message);
          break;
        }
    }
  sd_workspace_unlock (workspace);
  if (fd >= 0)
    close (fd);
  return g_steal_pointer (&checks);
}
