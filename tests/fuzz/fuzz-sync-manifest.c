/* fuzz-sync-manifest.c: the sync manifest reader (a paired workstation's
 * manifest.json in a shared folder) on any bytes
 *
 * Each input is read twice by sd_sync_read_manifest(): as it is (the
 * checks before the signature), and, when it is a JSON object, signed
 * for the reader with a key made at start, in the peer's name (the
 * checks after the signature). A manifest that is accepted then has its
 * tree head compared with heads witnessed before, through its
 * consistency proofs, as an import does.
 */
#include "config.h"

#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "sd-canonical-json.h"
#include "sd-ledger-key.h"
#include "sd-sync-private.h"

#define PEER "0123456789abcdef0123456789abcdef"

static EVP_PKEY *pkey;
static char *public_key;
static char *key_id;
static int folder_fd = -1;

static void
setup (void)
{
  if (pkey != NULL)
    return;
  fuzz_init ();
  pkey = EVP_EC_gen ("P-256");
  if (pkey == NULL)
    g_error ("cannot make an EC key");
  public_key = sd_pkey_public_base64 (pkey);
  key_id = sd_pkey_public_id (pkey);
  folder_fd = open (fuzz_tmpdir (), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_fd < 0)
    g_error ("cannot open %s", fuzz_tmpdir ());
}

static void
compare_heads (JsonObject *manifest)
{
  JsonNode *head = json_object_get_member (manifest, "tree_head");
  JsonArray *proofs = json_object_get_array_member (manifest, "consistency");
  static const gint64 sizes[] = { 0, 1, 2, 3, 7, 8, 1000 };

  if (head == NULL || !JSON_NODE_HOLDS_OBJECT (head))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *message = NULL;
      const char *root = "0000000000000000000000000000000000000000000000000000000000000000";

      /* The root witnessed before: one the manifest's proofs name, if any. */
      for (guint j = 0; j < json_array_get_length (proofs); j++)
        {
          JsonNode *p = json_array_get_element (proofs, j);
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (p) ? json_node_get_object (p) : NULL;

          if (sd_json_get_int (o, "old_size", -1) == sizes[i])
            root = sd_json_get_string (o, "old_root", root);
        }
      sd_sync_compare_head (sizes[i], root, json_node_get_object (head), proofs, &message);
    }
}

static void
read_manifest (const char *text,
               gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sha = NULL;
  SdSyncFileStatus status = SD_SYNC_FILE_OK;

  g_free (fuzz_write_file (SD_SYNC_MANIFEST_NAME, (const uint8_t *) text, len));

  root = sd_sync_read_manifest (folder_fd, PEER, key_id, &status, &sha, &error);
  if (root == NULL && error == NULL && status == SD_SYNC_FILE_OK)
    g_error ("a manifest refused without a reason");
  if (root != NULL)
    compare_heads (json_node_get_object (root));
}

/* @object in the peer's name, signed with our key; NULL when it has no
 * canonical form. */
static char *
sign_for_reader (JsonNode *node,
                 gsize    *len)
{
  JsonObject *m = json_node_get_object (node);
  g_autofree char *unsigned_text = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autofree char *sig_base64 = NULL;
  gsize unsigned_len = 0;

  json_object_set_string_member (m, "workstation", PEER);
  json_object_set_string_member (m, "key_id", key_id);
  json_object_set_string_member (m, "public_key", public_key);
  json_object_remove_member (m, "signature");
  unsigned_text = sd_canonical_json_write (node, &unsigned_len, NULL);
  if (unsigned_text == NULL)
    return NULL;
  sig = sd_pkey_sign_sha256 (pkey, unsigned_text, unsigned_len, NULL);
  if (sig == NULL)
    g_error ("cannot sign a manifest");
  sig_base64 = g_base64_encode (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
  json_object_set_string_member (m, "signature", sig_base64);
  return sd_canonical_json_write (node, len, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;

  setup ();
  read_manifest ((const char *) data, size);

  node = sd_canonical_json_parse ((const char *) data, size, SD_SYNC_MANIFEST_MAX, NULL);
  if (node == NULL)
    {
      /* Not canonical: still take its content, as a peer that writes
       * canonical JSON of anything would. */
      node = sd_json_parse_bounded ((const char *) data, size, SD_SYNC_MANIFEST_MAX, NULL);
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      gsize len = 0;
      g_autofree char *signed_text = sign_for_reader (node, &len);

      if (signed_text != NULL)
        read_manifest (signed_text, len);
    }
  return 0;
}
