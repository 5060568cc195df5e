/* sd-ledger-proof.c: inclusion and consistency proofs, signed exports */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-atomic-file.h"
#include "sd-canonical-json.h"
#include "sd-ledger-key.h"
#include "sd-ledger-private.h"
#include "sd-merkle.h"

static JsonArray *
hashes_to_array (GBytes *proof)
{
  JsonArray *array = json_array_new ();
  const guint8 *data = g_bytes_get_data (proof, NULL);
  gsize n = g_bytes_get_size (proof) / SD_MERKLE_HASH_LEN;

  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *hex = sd_hex_encode (data + i * SD_MERKLE_HASH_LEN, SD_MERKLE_HASH_LEN);

      json_array_add_string_element (array, hex);
    }
  return array;
}

static gint64
head_size (JsonNode *head)
{
  return sd_json_get_int (json_node_get_object (head), "tree_size", 0);
}

JsonNode *
sd_ledger_prove (SdLedger  *self,
                 gint64     seq,
                 GError   **error)
{
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) proof = NULL;
  g_autofree char *leaf_hex = NULL;
  g_autofree char *entry = NULL;
  JsonNode *result = NULL;
  JsonObject *object;
  guint8 leaf[SD_MERKLE_HASH_LEN];
  gboolean has_row = FALSE;
  gsize len;
  gint64 size;

  sd_workspace_lock (self->workspace);
  if (!sd_db_exec (self->db, "BEGIN", error))
    goto out;
  if ((head = sd_ledger_get_head (self, error)) == NULL)
    goto out;
  size = head_size (head);
  if (seq < 1 || seq > size)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                   _("There is no ledger entry %lld: the ledger has %lld"), (long long) seq, (long long) size);
      goto out;
    }
  stmt = sd_db_prepare (self->db, "SELECT entry FROM ledger_entry WHERE seq = ?", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (!sd_db_step_row (self->db, stmt, &has_row, error))
    goto out;
  if (!has_row)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                   _("Ledger entry %lld is missing: run “sealdesk-cli ledger verify”"), (long long) seq);
      goto out;
    }
  len = sqlite3_column_bytes (stmt, 0);
  entry = g_strndup ((const char *) sqlite3_column_text (stmt, 0), len);
  sd_merkle_leaf_hash ((const guint8 *) entry, len, leaf);
  proof = sd_merkle_inclusion_proof ((guint64) seq - 1, (guint64) size, sd_ledger_db_get_node, self, error);
  if (proof == NULL)
    goto out;
  leaf_hex = sd_hex_encode (leaf, sizeof leaf);

  result = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (result, object);
  json_object_set_string_member (object, "format", "sealdesk-inclusion-proof");
  json_object_set_int_member (object, "version", 1);
  json_object_set_int_member (object, "seq", seq);
  json_object_set_int_member (object, "leaf_index", seq - 1);
  json_object_set_string_member (object, "entry", entry);
  json_object_set_string_member (object, "leaf_hash", leaf_hex);
  json_object_set_int_member (object, "tree_size", size);
  json_object_set_array_member (object, "audit_path", hashes_to_array (proof));
  json_object_set_member (object, "tree_head", g_steal_pointer (&head));

out:
  sd_db_exec (self->db, "COMMIT", NULL);
  sd_workspace_unlock (self->workspace);
  return result;
}

JsonNode *
sd_ledger_prove_consistency (SdLedger  *self,
                             gint64     old_size,
                             GError   **error)
{
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(GBytes) proof = NULL;
  JsonNode *result = NULL;
  JsonObject *object;
  gint64 size;

  sd_workspace_lock (self->workspace);
  if (!sd_db_exec (self->db, "BEGIN", error) || (head = sd_ledger_get_head (self, error)) == NULL)
    goto out;
  size = head_size (head);
  if (old_size < 1 || old_size > size)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                   _("A consistency proof needs a size from 1 to %lld, not %lld"), (long long) size, (long long) old_size);
      goto out;
    }
  proof = sd_merkle_consistency_proof ((guint64) old_size, (guint64) size, sd_ledger_db_get_node, self, error);
  if (proof == NULL)
    goto out;
  result = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (result, object);
  json_object_set_string_member (object, "format", "sealdesk-consistency-proof");
  json_object_set_int_member (object, "version", 1);
  json_object_set_int_member (object, "old_size", old_size);
  json_object_set_int_member (object, "tree_size", size);
  json_object_set_array_member (object, "proof", hashes_to_array (proof));
  json_object_set_member (object, "tree_head", g_steal_pointer (&head));

out:
  sd_db_exec (self->db, "COMMIT", NULL);
  sd_workspace_unlock (self->workspace);
  return result;
}

gboolean
sd_ledger_check_proof (JsonNode  *proof,
                       char     **message)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (proof) ? json_node_get_object (proof) : NULL;
  JsonObject *head;
  JsonArray *path;
  JsonNode *head_node;
  const char *entry, *leaf_hex, *root_hex;
  g_autofree guint8 *hashes = NULL;
  guint8 leaf[SD_MERKLE_HASH_LEN], claimed[SD_MERKLE_HASH_LEN], root[SD_MERKLE_HASH_LEN];
  gint64 seq, index, size, head_tree_size;
  guint n;

  if (object == NULL
      || g_strcmp0 (sd_json_get_string (object, "format", NULL), "sealdesk-inclusion-proof") != 0
      || sd_json_get_int (object, "version", 0) != 1
      || (entry = sd_json_get_string (object, "entry", NULL)) == NULL
      || (leaf_hex = sd_json_get_string (object, "leaf_hash", NULL)) == NULL
      || (head_node = json_object_get_member (object, "tree_head")) == NULL
      || !JSON_NODE_HOLDS_OBJECT (head_node)
      || !json_object_has_member (object, "audit_path")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "audit_path")))
    {
      *message = g_strdup (_("This is not a Sealdesk inclusion proof"));
      return FALSE;
    }
  head = json_node_get_object (head_node);
  path = json_object_get_array_member (object, "audit_path");
  seq = sd_json_get_int (object, "seq", 0);
  index = sd_json_get_int (object, "leaf_index", -1);
  size = sd_json_get_int (object, "tree_size", 0);
  head_tree_size = sd_json_get_int (head, "tree_size", -1);
  root_hex = sd_json_get_string (head, "root_hash", NULL);

  if (!sd_ledger_check_head (head, message))
    return FALSE;
  if (index != seq - 1 || size != head_tree_size || index < 0 || index >= size
      || root_hex == NULL || !sd_hex_decode (root_hex, root, sizeof root))
    {
      *message = g_strdup (_("The proof's entry number or tree size does not match its tree head"));
      return FALSE;
    }
  /* The entry itself must say it is entry seq. */
  {
    g_autoptr(JsonNode) parsed = sd_canonical_json_parse (entry, strlen (entry), 1024 * 1024, NULL);

    if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed)
        || sd_json_get_int (json_node_get_object (parsed), "seq", 0) != seq)
      {
        *message = g_strdup (_("The proof's entry is not the canonical ledger entry it claims to be"));
        return FALSE;
      }
  }
  sd_merkle_leaf_hash ((const guint8 *) entry, strlen (entry), leaf);
  if (!sd_hex_decode (leaf_hex, claimed, sizeof claimed) || memcmp (leaf, claimed, sizeof leaf) != 0)
    {
      *message = g_strdup (_("The proof's entry does not hash to its leaf hash: the entry was changed"));
      return FALSE;
    }
  n = json_array_get_length (path);
  if (n > 64)
    {
      *message = g_strdup (_("The proof's audit path is too long"));
      return FALSE;
    }
  hashes = g_malloc0 ((gsize) MAX (n, 1) * SD_MERKLE_HASH_LEN);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (path, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || !sd_hex_decode (json_node_get_string (element), hashes + (gsize) i * SD_MERKLE_HASH_LEN, SD_MERKLE_HASH_LEN))
        {
          *message = g_strdup (_("The proof's audit path holds something that is not a hash"));
          return FALSE;
        }
    }
  if (!sd_merkle_verify_inclusion ((guint64) index, (guint64) size, leaf, hashes, n, root))
    {
      *message = g_strdup (_("The audit path does not lead to the tree head's root: the proof is not valid"));
      return FALSE;
    }
  *message = g_strdup_printf (_("Entry %lld is in the ledger of workstation %s, whose signed tree head of %lld entries is valid"),
                              (long long) seq,
                              sd_json_get_string (head, "workstation", "?"),
                              (long long) size);
  return TRUE;
}

static void
csv_field (GString    *out,
           const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
export_csv (JsonArray *entries)
{
  GString *out = g_string_new ("seq,time,kind,actor,seal,request,document,details\r\n");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autofree char *details = sd_canonical_json_write (json_object_get_member (entry, "details"), NULL, NULL);
      const char *columns[] = { "time", "kind", "actor", "seal", "request", "document" };

      g_string_append_printf (out, "%lld", (long long) json_object_get_int_member (entry, "seq"));
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          g_string_append_c (out, ',');
          csv_field (out, sd_json_get_string (entry, columns[c], NULL));
        }
      g_string_append_c (out, ',');
      csv_field (out, details);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* The entries of @all numbered @seqs, in the ledger's order; NULL with
 * @error when one of @seqs is no entry. */
static JsonNode *
select_entries (JsonNode      *all,
                const gint64  *seqs,
                guint          n_seqs,
                GError       **error)
{
  JsonArray *array = json_node_get_array (all);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(JsonArray) chosen = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  gint64 size = json_array_get_length (array);

  for (guint i = 0; i < n_seqs; i++)
    {
      if (seqs[i] < 1 || seqs[i] > size)
        {
          json_node_unref (node);
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                       _("There is no ledger entry %lld: the ledger has %lld"), (long long) seqs[i],
                       (long long) size);
          return NULL;
        }
      g_hash_table_add (wanted, (gpointer) &seqs[i]);
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 seq = json_object_get_int_member (json_node_get_object (element), "seq");

      if (g_hash_table_contains (wanted, &seq))
        json_array_add_element (chosen, json_node_copy (element));
    }
  json_node_set_array (node, chosen);
  return node;
}

gboolean
sd_ledger_export (SdLedger            *self,
                  SdLedgerExportFormat format,
                  const char          *path,
                  const char          *actor,
                  GError             **error)
{
  return sd_ledger_export_entries (self, format, path, NULL, 0, actor, error);
}

gboolean
sd_ledger_export_entries (SdLedger            *self,
                          SdLedgerExportFormat format,
                          const char          *path,
                          const gint64        *seqs,
                          guint                n_seqs,
                          const char          *actor,
                          GError             **error)
{
  g_autoptr(JsonNode) entries = NULL;
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(JsonNode) sig_node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *content = NULL;
  g_autofree char *sig_text = NULL;
  g_autofree char *sig_path = g_strconcat (path, ".sig.json", NULL);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *sha = NULL;
  JsonObject *sig = json_object_new ();
  JsonObject *details;
  gboolean selection = FALSE;
  gboolean ok = FALSE;

  json_node_take_object (sig_node, sig);
  sd_workspace_lock (self->workspace);
  if (!sd_db_begin (self->db, error))
    {
      sd_workspace_unlock (self->workspace);
      return FALSE;
    }
  if ((entries = sd_ledger_list (self, 1, error)) == NULL
      || (head = sd_ledger_get_head (self, error)) == NULL)
    goto out;
  if (seqs != NULL)
    {
      JsonNode *selected = select_entries (entries, seqs, n_seqs, error);

      if (selected == NULL)
        goto out;
      selection = json_array_get_length (json_node_get_array (selected))
                  < json_array_get_length (json_node_get_array (entries));
      json_node_unref (entries);
      entries = selected;
    }

  if (format == SD_LEDGER_EXPORT_CSV)
    content = export_csv (json_node_get_array (entries));
  else
    {
      g_autoptr(JsonNode) doc = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_node_take_object (doc, object);
      json_object_set_string_member (object, "format", "sealdesk-ledger-export");
      json_object_set_int_member (object, "version", 1);
      json_object_set_string_member (object, "workstation", sd_workspace_get_workstation_id (self->workspace));
      /* Some entries only; the tree head is still the whole ledger's. */
      if (selection)
        json_object_set_boolean_member (object, "selection", TRUE);
      json_object_set_member (object, "entries", json_node_copy (entries));
      json_object_set_member (object, "tree_head", json_node_copy (head));
      content = json_to_string (doc, TRUE);
    }
  {
    GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);

    g_checksum_update (checksum, (const guchar *) content, strlen (content));
    sha = g_strdup (g_checksum_get_string (checksum));
    g_checksum_free (checksum);
  }
  json_object_set_string_member (sig, "format", "sealdesk-export-signature");
  json_object_set_int_member (sig, "version", 1);
  json_object_set_string_member (sig, "file", base);
  json_object_set_string_member (sig, "sha256", sha);
  json_object_set_member (sig, "tree_head", json_node_copy (head));
  if (!sd_ledger_sign_object (self, sig, error)
      || (sig_text = json_to_string (sig_node, TRUE)) == NULL)
    goto out;

  if (!sd_file_set_contents_atomic (path, content, strlen (content), error)
      || !sd_file_set_contents_atomic (sig_path, sig_text, strlen (sig_text), error))
    goto out;

  details = json_object_new ();
  json_object_set_string_member (details, "action", "export");
  json_object_set_string_member (details, "format", format == SD_LEDGER_EXPORT_CSV ? "csv" : "json");
  json_object_set_string_member (details, "file", base);
  json_object_set_string_member (details, "sha256", sha);
  json_object_set_int_member (details, "entries", json_array_get_length (json_node_get_array (entries)));
  if (selection)
    json_object_set_boolean_member (details, "selection", TRUE);
  ok = sd_ledger_append (self, SD_LEDGER_EXPORT, actor, NULL, NULL, NULL, details, error) != 0
       && sd_ledger_sign_head (self, error)
       && sd_db_commit (self->db, error);

out:
  sd_db_rollback (self->db);
  sd_workspace_unlock (self->workspace);
  return ok;
}
