/* sd-ledger-verify.c: recompute the ledger, prove entries, check proofs */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-canonical-json.h"
#include "sd-ledger-key.h"
#include "sd-ledger-private.h"
#include "sd-merkle.h"

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
hex_hash (const char *hex,
          guint8      out[SD_MERKLE_HASH_LEN])
{
  return hex != NULL && sd_hex_decode (hex, out, SD_MERKLE_HASH_LEN);
}

gboolean
sd_ledger_check_head (JsonObject  *head,
                      char       **message)
{
  g_autofree char *signed_part = NULL;
  g_autofree guint8 *sig = NULL;
  g_autofree char *key_id = NULL;
  EVP_PKEY *pkey = NULL;
  const char *algorithm;
  guint8 root[SD_MERKLE_HASH_LEN];
  gsize sig_len = 0, len = 0;
  gint64 size, version;
  gboolean ok;

  if (g_strcmp0 (member_string (head, "format"), "sealdesk-tree-head") != 0
      || !member_int (head, "version", &version) || version != 1
      || !member_int (head, "tree_size", &size) || size < 0
      || !hex_hash (member_string (head, "root_hash"), root)
      || member_string (head, "signature") == NULL)
    {
      *message = g_strdup (_("This is not a Sealdesk signed tree head"));
      return FALSE;
    }
  pkey = sd_pkey_from_public_base64 (member_string (head, "public_key"));
  algorithm = pkey != NULL ? sd_pkey_algorithm (pkey) : NULL;
  if (pkey == NULL || algorithm == NULL
      || g_strcmp0 (algorithm, member_string (head, "algorithm")) != 0)
    {
      EVP_PKEY_free (pkey);
      *message = g_strdup (_("The tree head's public key is missing, damaged or of an unknown kind"));
      return FALSE;
    }
  key_id = sd_pkey_public_id (pkey);
  if (g_strcmp0 (key_id, member_string (head, "key_id")) != 0)
    {
      EVP_PKEY_free (pkey);
      *message = g_strdup (_("The tree head's key_id does not match its public key"));
      return FALSE;
    }
  sig = g_base64_decode (member_string (head, "signature"), &sig_len);
  signed_part = sd_ledger_head_signed_part (head, &len, NULL);
  ok = signed_part != NULL && sig_len > 0
       && sd_pkey_verify_sha256 (pkey, signed_part, len, sig, sig_len);
  EVP_PKEY_free (pkey);
  if (!ok)
    *message = g_strdup (_("The tree head's signature does not match its content"));
  return ok;
}

/* What verification found first. */
static void
fail (SdLedgerCheck *check,
      gint64         seq,
      char          *message)
{
  if (!check->valid)
    {
      g_free (message);
      return;
    }
  check->valid = FALSE;
  check->first_bad_entry = seq;
  check->message = message;
}

static gboolean
check_entries (SdLedger       *self,
               SdMerkleMemory *tree,
               SdLedgerCheck  *check,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (self->db, "SELECT seq, entry, leaf_hash FROM ledger_entry ORDER BY seq", error);
  const char *workstation = sd_workspace_get_workstation_id (self->workspace);
  gboolean has_row = TRUE;
  gint64 expected = 1;

  if (stmt == NULL)
    return FALSE;
  while (check->valid)
    {
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(JsonNode) entry = NULL;
      const char *text;
      guint8 leaf[SD_MERKLE_HASH_LEN];
      gint64 seq, inner_seq = 0;
      gsize len;

      if (!sd_db_step_row (self->db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      seq = sqlite3_column_int64 (stmt, 0);
      if (seq != expected)
        {
          fail (check, expected, g_strdup_printf (_("Ledger entry %lld is missing"), (long long) expected));
          break;
        }
      text = (const char *) sqlite3_column_text (stmt, 1);
      len = sqlite3_column_bytes (stmt, 1);
      entry = text != NULL ? sd_ledger_parse_record (text, len, &parse_error) : NULL;
      if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
        {
          fail (check, seq, g_strdup_printf (_("Ledger entry %lld is not a canonical ledger entry (%s)"),
                                             (long long) seq,
                                             parse_error != NULL ? parse_error->message : _("not an object")));
          break;
        }
      if (!member_int (json_node_get_object (entry), "seq", &inner_seq) || inner_seq != seq)
        {
          fail (check, seq, g_strdup_printf (_("Ledger entry %lld is out of place: it holds the entry numbered %lld"),
                                             (long long) seq, (long long) inner_seq));
          break;
        }
      if (g_strcmp0 (member_string (json_node_get_object (entry), "workstation"), workstation) != 0)
        {
          fail (check, seq, g_strdup_printf (_("Ledger entry %lld names another workstation"), (long long) seq));
          break;
        }
      sd_merkle_leaf_hash ((const guint8 *) text, len, leaf);
      if (sqlite3_column_bytes (stmt, 2) != SD_MERKLE_HASH_LEN
          || memcmp (sqlite3_column_blob (stmt, 2), leaf, SD_MERKLE_HASH_LEN) != 0)
        {
          fail (check, seq, g_strdup_printf (_("Ledger entry %lld was changed after it was recorded: its hash does not match"),
                                             (long long) seq));
          break;
        }
      sd_merkle_memory_add_leaf (tree, leaf);
      expected++;
    }
  return TRUE;
}

static gboolean
check_nodes (SdLedger       *self,
             SdMerkleMemory *tree,
             SdLedgerCheck  *check,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (self->db, "SELECT level, idx, hash FROM ledger_node ORDER BY level, idx", error);
  gboolean has_row = TRUE;

  if (stmt == NULL)
    return FALSE;
  while (check->valid)
    {
      guint8 expected[SD_MERKLE_HASH_LEN];
      int level;
      gint64 idx;

      if (!sd_db_step_row (self->db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      level = sqlite3_column_int (stmt, 0);
      idx = sqlite3_column_int64 (stmt, 1);
      if (level < 0 || level > 62 || idx < 0
          || !sd_merkle_memory_get_node ((guint) level, (guint64) idx, expected, tree, NULL)
          || sqlite3_column_bytes (stmt, 2) != SD_MERKLE_HASH_LEN
          || memcmp (sqlite3_column_blob (stmt, 2), expected, SD_MERKLE_HASH_LEN) != 0)
        {
          gint64 first = (level >= 0 && level <= 62 && idx >= 0) ? (idx << level) + 1 : 0;

          fail (check, first, g_strdup_printf (_("The ledger's proof index does not match the entries from entry %lld on"),
                                               (long long) first));
        }
    }
  return TRUE;
}

static gboolean
check_heads (SdLedger       *self,
             SdMerkleMemory *tree,
             SdLedgerCheck  *check,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (self->db, "SELECT tree_size, head FROM ledger_head ORDER BY tree_size", error);
  g_autoptr(JsonNode) latest = NULL;
  g_autofree char *our_key = NULL;
  g_autofree char *our_public = sd_db_get_setting (self->db, "ledger_public_key", NULL);
  gint64 n = (gint64) sd_merkle_memory_get_size (tree);
  gint64 good = 0, latest_size = -1;
  gboolean has_row = TRUE;
  char *message = NULL;

  if (our_public != NULL)
    {
      EVP_PKEY *pkey = sd_pkey_from_public_base64 (our_public);

      our_key = pkey != NULL ? sd_pkey_public_id (pkey) : NULL;
      EVP_PKEY_free (pkey);
    }
  if (stmt == NULL)
    return FALSE;
  while (check->valid)
    {
      g_autoptr(JsonNode) head = NULL;
      JsonObject *object;
      guint8 root[SD_MERKLE_HASH_LEN], stored[SD_MERKLE_HASH_LEN];
      gint64 size, inner = -1;

      if (!sd_db_step_row (self->db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      size = sqlite3_column_int64 (stmt, 0);
      head = sd_ledger_parse_record ((const char *) sqlite3_column_text (stmt, 1),
                                     sqlite3_column_bytes (stmt, 1), NULL);
      object = head != NULL && JSON_NODE_HOLDS_OBJECT (head) ? json_node_get_object (head) : NULL;
      if (object == NULL || !member_int (object, "tree_size", &inner) || inner != size
          || !hex_hash (member_string (object, "root_hash"), stored))
        {
          fail (check, good + 1, g_strdup_printf (_("The signed tree head of %lld entries is damaged"), (long long) size));
          break;
        }
      if (size > n)
        {
          fail (check, n + 1, g_strdup_printf (_("Ledger entry %lld is missing: a signed tree head covers %lld entries, the ledger has %lld"),
                                               (long long) n + 1, (long long) size, (long long) n));
          break;
        }
      if (!sd_merkle_root ((guint64) size, sd_merkle_memory_get_node, tree, root, NULL)
          || memcmp (root, stored, sizeof root) != 0)
        {
          fail (check, good + 1, g_strdup_printf (_("Ledger entry %lld does not match the signed tree head of %lld entries: the ledger was changed"),
                                                  (long long) good + 1, (long long) size));
          break;
        }
      if (our_key == NULL || g_strcmp0 (member_string (object, "key_id"), our_key) != 0)
        {
          fail (check, good + 1, g_strdup_printf (_("The tree head of %lld entries was not signed by this workstation's ledger key"),
                                                  (long long) size));
          break;
        }
      good = size;
      latest_size = size;
      g_clear_pointer (&latest, json_node_unref);
      latest = g_steal_pointer (&head);
    }
  if (!check->valid)
    return TRUE;
  if (n > 0 && latest_size < n)
    {
      fail (check, latest_size + 1, g_strdup_printf (_("Ledger entry %lld is not covered by a signed tree head"),
                                                     (long long) latest_size + 1));
      return TRUE;
    }
  /* Checking the latest signature covers everything before it. */
  if (latest != NULL && !sd_ledger_check_head (json_node_get_object (latest), &message))
    fail (check, 0, g_strdup_printf (_("The latest signed tree head is not valid: %s"), message));
  g_free (message);
  return TRUE;
}

static void
check_saved_head (SdLedger       *self,
                  SdMerkleMemory *tree,
                  JsonNode       *saved,
                  SdLedgerCheck  *check)
{
  JsonObject *head = JSON_NODE_HOLDS_OBJECT (saved) ? json_node_get_object (saved) : NULL;
  g_autofree char *message = NULL;
  g_autofree char *our_public = sd_db_get_setting (self->db, "ledger_public_key", NULL);
  g_autoptr(GBytes) proof = NULL;
  guint8 old_root[SD_MERKLE_HASH_LEN], new_root[SD_MERKLE_HASH_LEN];
  guint64 n = sd_merkle_memory_get_size (tree);
  gint64 old_size = 0;

  if (head == NULL || !sd_ledger_check_head (head, &message))
    {
      fail (check, 0, g_strdup_printf (_("The saved tree head cannot be used: %s"),
                                       message != NULL ? message : _("not an object")));
      return;
    }
  member_int (head, "tree_size", &old_size);
  hex_hash (member_string (head, "root_hash"), old_root);
  if (g_strcmp0 (member_string (head, "public_key"), our_public) != 0)
    {
      fail (check, 0, g_strdup (_("The saved tree head was signed by another ledger key: this ledger is not the one it was saved from (rebuilt or replaced)")));
      return;
    }
  if ((guint64) old_size > n)
    {
      fail (check, n + 1, g_strdup_printf (_("The ledger has %lld entries, fewer than the %lld of the saved tree head: entries were removed"),
                                           (long long) n, (long long) old_size));
      return;
    }
  if (old_size == 0)
    return;
  if (!sd_merkle_root (n, sd_merkle_memory_get_node, tree, new_root, NULL)
      || (proof = sd_merkle_consistency_proof ((guint64) old_size, n, sd_merkle_memory_get_node, tree, NULL)) == NULL
      || !sd_merkle_verify_consistency ((guint64) old_size, n, old_root, new_root,
                                        g_bytes_get_data (proof, NULL),
                                        g_bytes_get_size (proof) / SD_MERKLE_HASH_LEN))
    fail (check, 0, g_strdup_printf (_("Today's ledger does not extend the saved tree head of %lld entries: the ledger was rewritten"),
                                     (long long) old_size));
}

gboolean
sd_ledger_verify (SdLedger      *self,
                  JsonNode      *saved_head,
                  SdLedgerCheck *check,
                  GError       **error)
{
  g_autoptr(SdMerkleMemory) tree = sd_merkle_memory_new ();
  guint8 root[SD_MERKLE_HASH_LEN];
  gboolean ok;

  memset (check, 0, sizeof *check);
  check->valid = TRUE;
  sd_workspace_lock (self->workspace);
  /* One read transaction: a consistent snapshot while others write. */
  ok = sd_db_exec (self->db, "BEGIN", error)
       && check_entries (self, tree, check, error)
       && check_nodes (self, tree, check, error)
       && check_heads (self, tree, check, error);
  sd_db_exec (self->db, "COMMIT", NULL);
  sd_workspace_unlock (self->workspace);
  if (!ok)
    return FALSE;

  if (check->valid && saved_head != NULL)
    check_saved_head (self, tree, saved_head, check);
  check->tree_size = (gint64) sd_merkle_memory_get_size (tree);
  if (sd_merkle_root (sd_merkle_memory_get_size (tree), sd_merkle_memory_get_node, tree, root, NULL))
    check->root_hash = sd_hex_encode (root, sizeof root);
  if (check->valid)
    check->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The ledger is intact: %lld entry, every signed tree head matches",
                                                   "The ledger is intact: %lld entries, every signed tree head matches",
                                                   (gulong) check->tree_size),
                                      (long long) check->tree_size);
  return TRUE;
}
