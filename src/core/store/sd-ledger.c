/* sd-ledger.c: the seal-use ledger, provable (RFC 9162) */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-atomic-file.h"
#include "sd-canonical-json.h"
#include "sd-ledger-key.h"
#include "sd-ledger-private.h"
#include "sd-merkle.h"
#include "sd-secret.h"

/* A ledger entry or head larger than this is not ours. */
#define MAX_RECORD_LEN (1024 * 1024)

static const char *const kind_names[] = {
  "seal-use", "decision", "lifecycle", "key-use", "export", "refusal",
};

const char *
sd_ledger_kind_to_string (SdLedgerKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

SdLedger *
sd_ledger_new (SdWorkspace *workspace)
{
  SdLedger *self = g_new0 (SdLedger, 1);

  self->workspace = workspace;   /* the workspace owns the ledger */
  self->db = sd_workspace_get_db (workspace);
  return self;
}

void
sd_ledger_free (SdLedger *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->get_node, sqlite3_finalize);
  g_clear_pointer (&self->put_node, sqlite3_finalize);
  g_clear_pointer (&self->key, EVP_PKEY_free);
  if (self->token_key != NULL)
    sd_key_lock (self->token_key);
  g_clear_object (&self->token_key);
  g_free (self);
}

void
sd_ledger_check_clear (SdLedgerCheck *check)
{
  g_clear_pointer (&check->root_hash, g_free);
  g_clear_pointer (&check->message, g_free);
}

gboolean
sd_ledger_db_get_node (guint     level,
                       guint64   index,
                       guint8    out[32],
                       gpointer  user_data,
                       GError  **error)
{
  SdLedger *self = user_data;
  gboolean has_row = FALSE;

  if (self->get_node == NULL
      && (self->get_node = sd_db_prepare (self->db, "SELECT hash FROM ledger_node WHERE level = ? AND idx = ?", error)) == NULL)
    return FALSE;
  sqlite3_reset (self->get_node);
  sqlite3_bind_int (self->get_node, 1, (int) level);
  sqlite3_bind_int64 (self->get_node, 2, (sqlite3_int64) index);
  if (!sd_db_step_row (self->db, self->get_node, &has_row, error))
    return FALSE;
  if (!has_row || sqlite3_column_bytes (self->get_node, 0) != SD_MERKLE_HASH_LEN)
    {
      sqlite3_reset (self->get_node);
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                   _("The ledger's proof index has no node %u/%llu: run “sealdesk-cli ledger verify”"),
                   level, (unsigned long long) index);
      return FALSE;
    }
  memcpy (out, sqlite3_column_blob (self->get_node, 0), SD_MERKLE_HASH_LEN);
  sqlite3_reset (self->get_node);
  return TRUE;
}

static gboolean
db_put_node (guint         level,
             guint64       index,
             const guint8  hash[32],
             gpointer      user_data,
             GError      **error)
{
  SdLedger *self = user_data;
  gboolean ok;

  if (self->put_node == NULL
      && (self->put_node = sd_db_prepare (self->db, "INSERT OR REPLACE INTO ledger_node (level, idx, hash) VALUES (?, ?, ?)", error)) == NULL)
    return FALSE;
  sqlite3_reset (self->put_node);
  sqlite3_bind_int (self->put_node, 1, (int) level);
  sqlite3_bind_int64 (self->put_node, 2, (sqlite3_int64) index);
  sqlite3_bind_blob (self->put_node, 3, hash, SD_MERKLE_HASH_LEN, SQLITE_TRANSIENT);
  ok = sd_db_step_done (self->db, self->put_node, error);
  sqlite3_reset (self->put_node);
  return ok;
}

gint64
sd_ledger_get_size (SdLedger  *self,
                    GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (self->db, "SELECT COALESCE (MAX (seq), 0) FROM ledger_entry", error);
  gboolean has_row;

  if (stmt == NULL || !sd_db_step_row (self->db, stmt, &has_row, error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

gint64
sd_ledger_append (SdLedger      *self,
                  SdLedgerKind   kind,
                  const char    *actor,
                  const char    *seal,
                  const char    *request,
                  const char    *document_sha256,
                  JsonObject    *details,
                  GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) details_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  guint8 leaf[SD_MERKLE_HASH_LEN];
  gsize entry_len = 0;
  gint64 seq;

  g_return_val_if_fail (sd_db_in_transaction (self->db), 0);

  json_node_take_object (details_node, details != NULL ? details : json_object_new ());
  if ((seq = sd_ledger_get_size (self, error)) < 0)
    return 0;
  seq++;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "actor", actor);
  json_builder_set_member_name (builder, "details");
  json_builder_add_value (builder, g_steal_pointer (&details_node));
  add_string_or_null (builder, "document", document_sha256);
  add_string_or_null (builder, "kind", sd_ledger_kind_to_string (kind));
  add_string_or_null (builder, "request", request);
  add_string_or_null (builder, "seal", seal);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, seq);
  add_string_or_null (builder, "time", now);
  add_string_or_null (builder, "workstation", sd_workspace_get_workstation_id (self->workspace));
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  if ((entry = sd_canonical_json_write (node, &entry_len, error)) == NULL)
    return 0;
  sd_merkle_leaf_hash ((const guint8 *) entry, entry_len, leaf);

  stmt = sd_db_prepare (self->db, "INSERT INTO ledger_entry (seq, entry, leaf_hash) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, entry, (int) entry_len, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, leaf, sizeof leaf, SQLITE_TRANSIENT);
  if (!sd_db_step_done (self->db, stmt, error)
      || !sd_merkle_append ((guint64) seq - 1, leaf, sd_ledger_db_get_node, db_put_node, self, error))
    return 0;
  return seq;
}

/* The canonical JSON of @head without its "signature" member. */
char *
sd_ledger_head_signed_part (JsonObject  *head,
                            gsize       *len,
                            GError     **error)
{
  g_autoptr(JsonNode) copy = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (head);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "signature"))
      json_object_set_member (object, l->data, json_node_copy (json_object_get_member (head, l->data)));
  json_node_take_object (copy, object);
  return sd_canonical_json_write (copy, len, error);
}

static char *
ledger_pin_cb (const char *prompt,
               int         tries_left,
               gpointer    user_data)
{
  gboolean *given = user_data;
  char *pin;

  if (*given)
    return NULL;
  *given = TRUE;
  pin = sd_secret_from_env ("SEALDESK_LEDGER_PIN", NULL);
  return pin;
}

/* The configured ledger key, checked against the recorded public key. */
static gboolean
load_configured_key (SdLedger  *self,
                     GError   **error)
{
  g_autofree char *id = sd_db_get_setting (self->db, "ledger_key_id", NULL);
  EVP_PKEY *recorded = sd_ledger_key_load_public (self->db, NULL);
  gboolean given = FALSE, same;

  if (id == NULL || recorded == NULL)
    {
      EVP_PKEY_free (recorded);
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                           _("The workstation's ledger key setting is damaged"));
      return FALSE;
    }
  self->token_key = sd_workspace_open_key (self->workspace, id, ledger_pin_cb, &given, NULL, error);
  if (self->token_key == NULL)
    {
      EVP_PKEY_free (recorded);
      g_prefix_error (error, _("The ledger key %s (its PIN comes from SEALDESK_LEDGER_PIN): "), id);
      return FALSE;
    }
  same = EVP_PKEY_eq (recorded, X509_get0_pubkey (sd_key_get_certificate (self->token_key))) == 1;
  EVP_PKEY_free (recorded);
  if (!same)
    {
      g_clear_object (&self->token_key);
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                   _("The ledger key %s is not the key whose public half the ledger records"), id);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
sign_with_token (SdKey       *key,
                 const char  *data,
                 gsize        len,
                 GError     **error)
{
  guint8 digest[32];
  unsigned int digest_len = 0;

  EVP_Digest (data, len, digest, &digest_len, EVP_sha256 (), NULL);
  return sd_key_sign_digest (key, EVP_sha256 (), digest, digest_len, NULL, error);
}

gboolean
sd_ledger_use_key (SdLedger      *self,
                   const char    *key_id,
                   SdPinCallback  pin_cb,
                   gpointer       pin_data,
                   GError       **error)
{
  g_autoptr(SdKey) key = NULL;
  g_autoptr(GBytes) test = NULL;
  g_autofree char *store = NULL;
  g_autofree char *public = NULL;
  g_autofree char *id = sd_workspace_normalize_key_id (key_id, error);
  EVP_PKEY *pub;
  gboolean ok = FALSE;
  gint64 size;

  if (id == NULL
      || (key = sd_workspace_open_key (self->workspace, id, pin_cb, pin_data, NULL, error)) == NULL)
    return FALSE;
  pub = X509_get0_pubkey (sd_key_get_certificate (key));
  if (pub == NULL || sd_pkey_algorithm (pub) == NULL)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("A ledger key is an EC P-256 or an RSA key"));
      goto out;
    }
  if ((test = sign_with_token (key, "sealdesk", 8, error)) == NULL)
    goto out;
  public = sd_pkey_public_base64 (pub);

  sd_workspace_lock (self->workspace);
  if (!sd_db_begin (self->db, error))
    {
      sd_workspace_unlock (self->workspace);
      goto out;
    }
  store = sd_db_get_setting (self->db, "ledger_key_store", NULL);
  size = sd_ledger_get_size (self, NULL);
  if (store != NULL || size != 0)
    g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                         _("This workstation's ledger already has its key: a ledger key can only be chosen before the first entry"));
  else
    ok = sd_db_set_setting (self->db, "ledger_key_store", "configured", error)
         && sd_db_set_setting (self->db, "ledger_key_id", id, error)
         && sd_db_set_setting (self->db, "ledger_public_key", public, error)
         && sd_db_commit (self->db, error);
  sd_db_rollback (self->db);
  sd_workspace_unlock (self->workspace);

out:
  sd_key_lock (key);
  return ok;
}

gboolean
sd_ledger_sign_object (SdLedger    *self,
                       JsonObject  *object,
                       GError     **error)
{
  g_autofree char *signed_part = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *public = NULL;
  g_autofree char *key_id = NULL;
  g_autoptr(GBytes) sig = NULL;
  gsize len = 0;

  EVP_PKEY *pub;

  if (self->key == NULL && self->token_key == NULL)
    {
      g_autofree char *store = sd_db_get_setting (self->db, "ledger_key_store", NULL);

      if (g_strcmp0 (store, "configured") == 0)
        {
          if (!load_configured_key (self, error))
            return FALSE;
        }
      else if ((self->key = sd_ledger_key_load (self->db, sd_workspace_get_data_dir (self->workspace),
                                                sd_workspace_get_workstation_id (self->workspace), error)) == NULL)
        return FALSE;
    }
  pub = self->key != NULL ? self->key : X509_get0_pubkey (sd_key_get_certificate (self->token_key));

  public = sd_pkey_public_base64 (pub);
  key_id = sd_pkey_public_id (pub);
  json_object_set_string_member (object, "key_id", key_id);
  json_object_set_string_member (object, "public_key", public);
  json_object_set_string_member (object, "algorithm", sd_pkey_algorithm (pub));
  json_object_remove_member (object, "signature");
  if ((signed_part = sd_ledger_head_signed_part (object, &len, error)) == NULL)
    return FALSE;
  sig = self->key != NULL ? sd_pkey_sign_sha256 (self->key, signed_part, len, error)
                          : sign_with_token (self->token_key, signed_part, len, error);
  if (sig == NULL)
    return FALSE;
  signature = g_base64_encode (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
  json_object_set_string_member (object, "signature", signature);
  return TRUE;
}

static gboolean sign_head_now (SdLedger  *self,
                               GError   **error);

gboolean
sd_ledger_sign_head (SdLedger  *self,
                     GError   **error)
{
  /* In a batch one head, signed at its end, covers every entry. */
  if (sd_db_in_batch (self->db))
    {
      self->head_pending = TRUE;
      return TRUE;
    }
  return sign_head_now (self, error);
}

gboolean
sd_ledger_batch_begin (SdLedger  *self,
                       GError   **error)
{
  sd_workspace_lock (self->workspace);
  if (!sd_db_batch_begin (self->db, error))
    {
      sd_workspace_unlock (self->workspace);
      return FALSE;
    }
  self->head_pending = FALSE;
  return TRUE;
}

gboolean
sd_ledger_batch_end (SdLedger  *self,
                     gboolean   commit,
                     GError   **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (sd_db_in_batch (self->db), FALSE);
  if (commit && self->head_pending)
    {
      /* Signed as the last change of the batch's transaction. */
      if (!sd_db_begin (self->db, error))
        ok = FALSE;
      else if (!sign_head_now (self, error) || !sd_db_commit (self->db, error))
        {
          sd_db_rollback (self->db);
          ok = FALSE;
        }
    }
  self->head_pending = FALSE;
  ok = sd_db_batch_end (self->db, commit && ok, ok ? error : NULL) && ok;
  sd_workspace_unlock (self->workspace);
  return ok;
}

gboolean
sd_ledger_batch_flush (SdLedger  *self,
                       GError   **error)
{
  if (!sd_ledger_batch_end (self, TRUE, error))
    return FALSE;
  /* Other threads and programs get their turn here. */
  return sd_ledger_batch_begin (self, error);
}

static gboolean
sign_head_now (SdLedger  *self,
               GError   **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *root_hex = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  g_autofree char *text = NULL;
  guint8 root[SD_MERKLE_HASH_LEN];
  JsonObject *head = json_object_new ();
  gint64 size;
  gsize len = 0;

  json_node_take_object (node, head);
  if ((size = sd_ledger_get_size (self, error)) < 0
      || !sd_merkle_root ((guint64) size, sd_ledger_db_get_node, self, root, error))
    return FALSE;
  root_hex = sd_hex_encode (root, sizeof root);

  json_object_set_string_member (head, "format", "sealdesk-tree-head");
  json_object_set_int_member (head, "version", 1);
  json_object_set_string_member (head, "workstation", sd_workspace_get_workstation_id (self->workspace));
  json_object_set_int_member (head, "tree_size", size);
  json_object_set_string_member (head, "root_hash", root_hex);
  json_object_set_string_member (head, "time", now);
  if (!sd_ledger_sign_object (self, head, error)
      || (text = sd_canonical_json_write (node, &len, error)) == NULL)
    return FALSE;

  stmt = sd_db_prepare (self->db, "INSERT OR REPLACE INTO ledger_head (tree_size, head) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, size);
  sqlite3_bind_text (stmt, 2, text, (int) len, SQLITE_TRANSIENT);
  return sd_db_step_done (self->db, stmt, error);
}

gint64
sd_ledger_record (SdLedger      *self,
                  SdLedgerKind   kind,
                  const char    *actor,
                  const char    *seal,
                  const char    *request,
                  const char    *document_sha256,
                  JsonObject    *details,
                  GError       **error)
{
  gint64 seq;

  if (!sd_db_begin (self->db, error))
    {
      if (details != NULL)
        json_object_unref (details);
      return 0;
    }
  seq = sd_ledger_append (self, kind, actor, seal, request, document_sha256, details, error);
  if (seq == 0 || !sd_ledger_sign_head (self, error) || !sd_db_commit (self->db, error))
    {
      sd_db_rollback (self->db);
      return 0;
    }
  return seq;
}

JsonNode *
sd_ledger_parse_record (const char  *text,
                        gsize        len,
                        GError     **error)
{
  return sd_canonical_json_parse (text, len, MAX_RECORD_LEN, error);
}

JsonNode *
sd_ledger_get_head (SdLedger  *self,
                    GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (self->db, "SELECT head FROM ledger_head ORDER BY tree_size DESC LIMIT 1", error);
  gboolean has_row;

  if (stmt == NULL || !sd_db_step_row (self->db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                           _("The ledger is empty: nothing has been recorded yet"));
      return NULL;
    }
  return sd_ledger_parse_record ((const char *) sqlite3_column_text (stmt, 0),
                                 sqlite3_column_bytes (stmt, 0), error);
}

JsonNode *
sd_ledger_list (SdLedger  *self,
                gint64     first_seq,
                GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (self->db, "SELECT seq, entry FROM ledger_entry WHERE seq >= ? ORDER BY seq", error);
  g_autoptr(JsonNode) list = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  gboolean has_row = TRUE;

  json_node_take_array (list, array);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, first_seq);
  while (sd_db_step_row (self->db, stmt, &has_row, error))
    {
      g_autoptr(GError) parse_error = NULL;
      JsonNode *entry;

      if (!has_row)
        return g_steal_pointer (&list);
      entry = sd_ledger_parse_record ((const char *) sqlite3_column_text (stmt, 1),
                                      sqlite3_column_bytes (stmt, 1), &parse_error);
      if (entry == NULL)
        {
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                       _("Ledger entry %lld is damaged (%s): run “sealdesk-cli ledger verify”"),
                       (long long) sqlite3_column_int64 (stmt, 0), parse_error->message);
          return NULL;
        }
      json_array_add_element (array, entry);
    }
  return NULL;
}
