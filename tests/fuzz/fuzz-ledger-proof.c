/* fuzz-ledger-proof.c: the ledger's inclusion proofs and signed tree heads
 * (`sealdesk-cli ledger check-proof`), and the Merkle proof arithmetic
 * under them, on any bytes
 *
 * The input is read as JSON the way the command line reads a proof file
 * (sd_json_parse_bounded()), and as canonical JSON the way entries and manifests are read. Inputs
 * that are not JSON drive the Merkle verifiers directly: 16 bytes of
 * index and size, then hashes.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-merkle.h"

static guint64
read_u64 (const uint8_t *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static void
merkle (const uint8_t *data,
        size_t         size)
{
  guint8 leaf[SD_MERKLE_HASH_LEN] = { 0 }, root[SD_MERKLE_HASH_LEN] = { 0 };
  guint64 a, b;
  gsize n;

  if (size < 16)
    return;
  /* Small trees most of the time, any size sometimes. */
  a = read_u64 (data);
  b = read_u64 (data + 8);
  if (data[0] & 1)
    {
      a &= 0xffff;
      b &= 0xffff;
    }
  data += 16;
  size -= 16;
  if (size >= 2 * SD_MERKLE_HASH_LEN)
    {
      memcpy (leaf, data, SD_MERKLE_HASH_LEN);
      memcpy (root, data + SD_MERKLE_HASH_LEN, SD_MERKLE_HASH_LEN);
      data += 2 * SD_MERKLE_HASH_LEN;
      size -= 2 * SD_MERKLE_HASH_LEN;
    }
  n = size / SD_MERKLE_HASH_LEN;
  sd_merkle_verify_inclusion (a, b, leaf, data, n, root);
  sd_merkle_verify_consistency (a, b, leaf, root, data, n);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) canonical = NULL;

  fuzz_init ();
  root = sd_json_parse_bounded ((const char *) data, size, 1024 * 1024, NULL);
  if (root != NULL)
    {
      g_autofree char *message = NULL;
      g_autofree char *head_message = NULL;

      sd_ledger_check_proof (root, &message);
      if (message == NULL)
        g_error ("a proof checked without a message");
      if (JSON_NODE_HOLDS_OBJECT (root))
        sd_ledger_check_head (json_node_get_object (root), &head_message);
    }
  else
    merkle (data, size);

  canonical = sd_canonical_json_parse ((const char *) data, size, 1024 * 1024, NULL);
  if (canonical != NULL)
    {
      gsize len = 0;
      g_autofree char *again = sd_canonical_json_write (canonical, &len, NULL);

      /* Canonical input writes back to the same bytes. */
      if (again == NULL || len != size || memcmp (again, data, size) != 0)
        g_error ("canonical JSON does not write back to itself");
    }
  return 0;
}
