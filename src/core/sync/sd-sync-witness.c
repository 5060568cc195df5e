/* sd-sync-witness.c: does a peer's newest tree head extend the one kept? */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-canonical-json.h"
#include "sd-merkle.h"
#include "sd-sync-private.h"

SdSyncHeadVerdict
sd_sync_compare_head (gint64      kept_size,
                      const char *kept_root,
                      JsonObject *head,
                      JsonArray  *proofs,
                      char      **message)
{
  gint64 size = sd_json_get_int (head, "tree_size", -1);
  const char *root = sd_json_get_string (head, "root_hash", "");
  guint8 old_root[SD_MERKLE_HASH_LEN], new_root[SD_MERKLE_HASH_LEN];

  if (size == kept_size)
    {
      if (g_strcmp0 (root, kept_root) == 0)
        return SD_SYNC_HEAD_SAME;
      *message = g_strdup_printf (_("its ledger of %lld entries now has another root hash than the one witnessed: it was rewritten"),
                                  (long long) size);
      return SD_SYNC_HEAD_INCONSISTENT;
    }
  if (size < kept_size)
    {
      *message = g_strdup_printf (_("its ledger has %lld entries, fewer than the %lld witnessed: it was rewritten or truncated"),
                                  (long long) size, (long long) kept_size);
      return SD_SYNC_HEAD_INCONSISTENT;
    }
  for (guint i = 0; proofs != NULL && i < json_array_get_length (proofs); i++)
    {
      JsonNode *node = json_array_get_element (proofs, i);
      JsonObject *proof = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *hashes_node = proof != NULL ? json_object_get_member (proof, "proof") : NULL;
      JsonArray *hashes;
      g_autofree guint8 *bytes = NULL;
      guint n;

      if (proof == NULL || sd_json_get_int (proof, "old_size", -1) != kept_size
          || sd_json_get_int (proof, "tree_size", -1) != size
          || hashes_node == NULL || !JSON_NODE_HOLDS_ARRAY (hashes_node))
        continue;
      hashes = json_node_get_array (hashes_node);
      n = json_array_get_length (hashes);
      if (n > 128)
        break;
      bytes = g_malloc0 ((gsize) MAX (n, 1) * SD_MERKLE_HASH_LEN);
      for (guint j = 0; j < n; j++)
        {
          JsonNode *h = json_array_get_element (hashes, j);

          if (!JSON_NODE_HOLDS_VALUE (h) || json_node_get_value_type (h) != G_TYPE_STRING
              || !sd_hex_decode (json_node_get_string (h), bytes + j * SD_MERKLE_HASH_LEN, SD_MERKLE_HASH_LEN))
            n = 0;
        }
      if (n > 0 && sd_hex_decode (kept_root, old_root, SD_MERKLE_HASH_LEN)
          && sd_hex_decode (root, new_root, SD_MERKLE_HASH_LEN)
          && sd_merkle_verify_consistency ((guint64) kept_size, (guint64) size, old_root, new_root, bytes, n))
        return SD_SYNC_HEAD_EXTENDS;
      *message = g_strdup_printf (_("its head of %lld entries does not extend the %lld witnessed (the consistency proof fails): its ledger was rewritten"),
                                  (long long) size, (long long) kept_size);
      return SD_SYNC_HEAD_INCONSISTENT;
    }
  *message = g_strdup_printf (_("no consistency proof from the %lld entries witnessed to its %lld is published yet"),
                              (long long) kept_size, (long long) size);
  return SD_SYNC_HEAD_UNPROVEN;
}
