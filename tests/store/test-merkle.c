/* test-merkle.c: RFC 9162 Merkle tree hashes and proofs
 *
 * Everything is checked against a naive implementation written here
 * straight from the RFC's recursive definitions (MTH, PATH, PROOF), hashing
 * with GLib's own SHA-256 rather than OpenSSL's, and against the
 * Certificate Transparency test vectors (RFC 6962 / 9162 implementations
 * share them: certificate-transparency's merkle_tree_test.cc, trillian,
 * transparency-dev/merkle).
 */
#include "config.h"

#include <string.h>

#include "sd-merkle.h"
#include "sd-test-util.h"

#define H SD_MERKLE_HASH_LEN
#define N_SIZES 70

/* --- The naive reference ------------------------------------------------ */

/* SHA-256 (prefix || a || b) with GLib's SHA-256, not OpenSSL's; a
 * @prefix of -1 for none. */
static void
naive_sha256 (int prefix, const guint8 *a, gsize a_len, const guint8 *b, gsize b_len, guint8 out[H])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 byte = (guint8) prefix;
  gsize len = H;

  if (prefix >= 0)
    g_checksum_update (sum, &byte, 1);
  g_checksum_update (sum, a, a_len);
  g_checksum_update (sum, b, b_len);
  g_checksum_get_digest (sum, out, &len);
}

#define naive_leaf(data, len, out) naive_sha256 (0x00, (data), (len), NULL, 0, (out))
#define naive_node(l, r, out)      naive_sha256 (0x01, (l), H, (r), H, (out))

static guint64
naive_k (guint64 n)
{
  guint64 k = 1;

  while (k * 2 < n)
    k *= 2;
  return k;
}

/* MTH (D[start:start + n]) over leaf hashes. */
static void
naive_mth (const guint8 *leaves,
           guint64       start,
           guint64       n,
           guint8        out[H])
{
  guint8  l[H], r[H];
  guint64 k;

  if (n == 0)
    {
      naive_sha256 (-1, NULL, 0, NULL, 0, out);
      return;
    }
  if (n == 1)
    {
      memcpy (out, leaves + start * H, H);
      return;
    }
  k = naive_k (n);
  naive_mth (leaves, start, k, l);
  naive_mth (leaves, start + k, n - k, r);
  naive_node (l, r, out);
}

static void
append_mth (GByteArray   *proof,
            const guint8 *leaves,
            guint64       start,
            guint64       n)
{
  guint8 h[H];

  naive_mth (leaves, start, n, h);
  g_byte_array_append (proof, h, H);
}

/* PATH (m, D[start:start + n]) */
static void
naive_path (GByteArray *proof, const guint8 *leaves, guint64 m, guint64 start, guint64 n)
{
  guint64 k;

  if (n <= 1)
    return;
  k = naive_k (n);
  if (m < k)
    {
      naive_path (proof, leaves, m, start, k);
      append_mth (proof, leaves, start + k, n - k);
    }
  else
    {
      naive_path (proof, leaves, m - k, start + k, n - k);
      append_mth (proof, leaves, start, k);
    }
}

/* SUBPROOF (m, D[start:start + n], b) */
static void
naive_subproof (GByteArray *proof, const guint8 *leaves, guint64 m, guint64 start, guint64 n, gboolean b)
{
  guint64 k;

  if (m == n)
    {
      if (!b)
        append_mth (proof, leaves, start, n);
      return;
    }
  k = naive_k (n);
  if (m <= k)
    {
      naive_subproof (proof, leaves, m, start, k, b);
      append_mth (proof, leaves, start + k, n - k);
    }
  else
    {
      naive_subproof (proof, leaves, m - k, start + k, n - k, FALSE);
      append_mth (proof, leaves, start, k);
    }
}

/* --- Fixtures ------------------------------------------------------------ */

/* A view of an SdMerkleMemory limited to its first @size leaves, counting
 * reads: the code under test must ask only for nodes of that tree. */
typedef struct
{
  SdMerkleMemory *mem;
  guint64         size;
  guint           calls;
} Bounded;

static gboolean
bounded_get (guint level, guint64 index, guint8 out[H], gpointer user_data, GError **error)
{
  Bounded *b = user_data;

  b->calls++;
  if (level >= 64 || index >= (b->size >> level))
    {
      g_set_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_INVALID,
                   "node (%u, %" G_GUINT64_FORMAT ") outside a tree of %" G_GUINT64_FORMAT,
                   level, index, b->size);
      return FALSE;
    }
  return sd_merkle_memory_get_node (level, index, out, b->mem, error);
}

static guint
bit_length (guint64 n)
{
  guint bits = 0;

  for (; n != 0; n >>= 1)
    bits++;
  return bits;
}

/* @ok must be FALSE with an SD_MERKLE_ERROR_INVALID in @error. */
static void
expect_invalid (gboolean ok, GError **error)
{
  g_assert_false (ok);
  g_assert_error (*error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_INVALID);
  g_clear_error (error);
}

static void
hex_to (const char *hex, guint8 out[H])
{
  g_assert_true (sd_hex_decode (hex, out, H));
}

/* --- Tests ----------------------------------------------------------------- */

static void
test_hashes (void)
{
  static const guint8 data[] = "some ledger entry";
  guint8 a[H], b[H], n1[H], n2[H];
  g_autofree char *hex = NULL;
  guint8 out[3] = { 7, 7, 7 };
  g_autoptr (SdMerkleMemory) empty = sd_merkle_memory_new ();
  guint8 root[H];

  sd_merkle_leaf_hash (data, sizeof data - 1, a);
  naive_leaf (data, sizeof data - 1, b);
  g_assert_cmpmem (a, H, b, H);
  sd_merkle_leaf_hash (NULL, 0, a);
  naive_leaf (NULL, 0, b);
  g_assert_cmpmem (a, H, b, H);
  sd_merkle_node_hash (a, b, n1);
  naive_node (a, b, n2);
  g_assert_cmpmem (n1, H, n2, H);
  sd_merkle_node_hash (a, n1, a);   /* aliasing */
  naive_node (b, n2, b);
  g_assert_cmpmem (a, H, b, H);

  g_assert_true (sd_merkle_root (0, sd_merkle_memory_get_node, empty, root, NULL));
  hex = sd_hex_encode (root, H);
  g_assert_cmpstr (hex, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_clear_pointer (&hex, g_free);

  hex = sd_hex_encode ((const guint8 *) "\x00\xab\xff", 3);
  g_assert_cmpstr (hex, ==, "00abff");
  g_assert_true (sd_hex_decode ("00ABfF", out, 3));
  g_assert_cmpmem (out, 3, "\x00\xab\xff", 3);
  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "00abf", "00abff00", "00abfg", NULL, "0 abff" };

      memset (out, 7, sizeof out);
      g_assert_false (sd_hex_decode (bad[i], out, 3));
      g_assert_cmpmem (out, 3, "\x07\x07\x07", 3);
    }
  g_clear_pointer (&hex, g_free);
  hex = sd_hex_encode (NULL, 0);
  g_assert_cmpstr (hex, ==, "");
  g_assert_true (sd_hex_decode ("", out, 0));
}

static const char *ct_leaves[] = {
  "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
};
static const char *ct_roots[] = {
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

typedef struct
{
  gboolean    consistency;
  guint64     a, b;          /* leaf index and tree size, or old and new size */
  const char *proof;         /* concatenated hex */
} CtProof;

#define CT_96A2 "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"
#define CT_5F08 "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
#define CT_6B47 "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
#define CT_BC1A "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"
#define CT_CA85 "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
#define CT_D37E "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"
#define CT_0EBC "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
#define CT_B086 "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"

static const CtProof ct_proofs[] = {
  { FALSE, 0, 1, "" },
  { FALSE, 0, 8, CT_96A2 CT_5F08 CT_6B47 },
  { FALSE, 5, 8, CT_BC1A CT_CA85 CT_D37E },
  { FALSE, 2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" },
  { FALSE, 1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" CT_5F08 CT_BC1A },
  { TRUE, 1, 1, "" },
  { TRUE, 1, 8, CT_96A2 CT_5F08 CT_6B47 },
  { TRUE, 6, 8, CT_0EBC CT_CA85 CT_D37E },
  { TRUE, 2, 5, CT_5F08 CT_BC1A },
  { TRUE, 6, 7, CT_0EBC CT_B086 CT_D37E },
};

/* Both kinds of proof through one door: an inclusion proof of leaf @a in
 * a tree of @b leaves (x = leaf hash, y = root), or a consistency proof
 * from @a to @b leaves (x = old root, y = new root). */
static GBytes *
make_proof (gboolean consistency, guint64 a, guint64 b, Bounded *bounded, GError **error)
{
  bounded->size = b;
  bounded->calls = 0;
  if (consistency)
    return sd_merkle_consistency_proof (a, b, bounded_get, bounded, error);
  return sd_merkle_inclusion_proof (a, b, bounded_get, bounded, error);
}

static gboolean
verify (gboolean consistency, guint64 a, guint64 b, const guint8 *x, const guint8 *y,
        const guint8 *proof, gsize n_hashes)
{
  if (consistency)
    return sd_merkle_verify_consistency (a, b, x, y, proof, n_hashes);
  return sd_merkle_verify_inclusion (a, b, x, proof, n_hashes, y);
}

static void
check_proof (gboolean consistency, Bounded *bounded, const guint8 *leaves,
             const guint8 roots[][H], guint64 a, guint64 n)
{
  g_autoptr (GByteArray) want = g_byte_array_new ();
  g_autoptr (GByteArray) longer = g_byte_array_new ();
  g_autoptr (GBytes) proof = NULL;
  g_autoptr (GError) error = NULL;
  const guint8 *x = consistency ? roots[a] : leaves + a * H;
  const guint8 *other_x = consistency ? roots[a - 1] : leaves + ((a + 1) % (2 * N_SIZES)) * H;
  const guint8 *p;
  guint8 bad_y[H];
  gsize len, k;
  guint64 as[] = { a - 1, a + 1, a ^ 2 };
  guint64 bs[] = { n - 1, n + 1, n * 2, n / 2 };

  proof = make_proof (consistency, a, n, bounded, &error);
  g_assert_no_error (error);
  /* O(log n) reads: one per level plus the set bits of one range. */
  g_assert_cmpuint (bounded->calls, <=, 2 * bit_length (n) + 1);
  if (consistency)
    naive_subproof (want, leaves, a, 0, n, TRUE);
  else
    naive_path (want, leaves, a, 0, n);
  p = g_bytes_get_data (proof, &len);
  g_assert_cmpmem (p, len, want->data, want->len);
  k = len / H;
  g_assert_true (verify (consistency, a, n, x, roots[n], p, k));

  /* Altered, truncated (either end), extended (either end) proofs. */
  for (gsize i = 0; i < k; i++)
    {
      g_autofree guint8 *bad = g_memdup2 (p, len);

      bad[i * H + i % H] ^= 0x10;
      g_assert_false (verify (consistency, a, n, x, roots[n], bad, k));
    }
  if (k > 0)
    {
      g_assert_false (verify (consistency, a, n, x, roots[n], p, k - 1));
      g_assert_false (verify (consistency, a, n, x, roots[n], p + H, k - 1));
    }
  g_byte_array_append (longer, p, len);
  g_byte_array_append (longer, x, H);
  g_assert_false (verify (consistency, a, n, x, roots[n], longer->data, k + 1));
  g_byte_array_prepend (longer, roots[n], H);
  g_assert_false (verify (consistency, a, n, x, roots[n], longer->data, k + 1));
  g_assert_false (verify (consistency, a, n, x, roots[n], longer->data + H, k + 1));
  if (consistency && k > 0)
    g_assert_false (verify (consistency, a, n, x, roots[n], NULL, 0));

  /* Wrong leaf or old root, wrong root. */
  memcpy (bad_y, roots[n], H);
  bad_y[H - 1] ^= 1;
  g_assert_false (verify (consistency, a, n, x, bad_y, p, k));
  g_assert_false (verify (consistency, a, n, x, roots[n - 1], p, k));
  g_assert_false (verify (consistency, a, n, other_x, roots[n], p, k));

  /* Wrong index or old size, wrong tree size, each with its true root;
   * and the right root with a claimed tree twice as large (the final
   * "sn == 0" of both algorithms). */
  for (guint i = 0; i < G_N_ELEMENTS (as); i++)
    if (as[i] != a && as[i] <= 2 * N_SIZES)
      g_assert_false (verify (consistency, as[i], n, consistency ? roots[as[i]] : x, roots[n], p, k));
  for (guint i = 0; i < G_N_ELEMENTS (bs); i++)
    if (bs[i] != n)
      g_assert_false (verify (consistency, a, bs[i], x, roots[bs[i]], p, k));
  g_assert_false (verify (consistency, a, 2 * n, x, roots[n], p, k));
}

static void
test_against_naive (void)
{
  enum { N_LEAVES = 2 * N_SIZES + 2 };
  g_autoptr (SdMerkleMemory) mem = sd_merkle_memory_new ();
  guint8 leaves[N_LEAVES * H];
  guint8 roots[N_LEAVES + 1][H];
  Bounded b = { mem, 0, 0 };

  for (guint i = 0; i < N_LEAVES; i++)
    {
      g_autofree char *data = g_strdup_printf ("ledger entry %u", i);

      naive_leaf ((const guint8 *) data, strlen (data), leaves + i * H);
      sd_merkle_memory_add_leaf (mem, leaves + i * H);
    }
  g_assert_cmpuint (sd_merkle_memory_get_size (mem), ==, N_LEAVES);
  for (guint n = 0; n <= N_LEAVES; n++)
    {
      guint8 root[H];

      naive_mth (leaves, 0, n, roots[n]);
      b.size = n;
      b.calls = 0;
      g_assert_true (sd_merkle_root (n, bounded_get, &b, root, NULL));
      g_assert_cmpmem (root, H, roots[n], H);
      g_assert_cmpuint (b.calls, ==, __builtin_popcountll (n));
    }

  for (guint64 n = 1; n <= N_SIZES; n++)
    for (guint64 m = 0; m < n; m++)
      {
        check_proof (FALSE, &b, leaves, (const guint8 (*)[H]) roots, m, n);
        check_proof (TRUE, &b, leaves, (const guint8 (*)[H]) roots, m + 1, n);
      }
}

static void
test_vectors (void)
{
  g_autoptr (SdMerkleMemory) mem = sd_merkle_memory_new ();
  Bounded b = { mem, 0, 0 };
  guint8 roots[9][H];

  for (guint i = 0; i < G_N_ELEMENTS (ct_leaves); i++)
    {
      gsize  len = strlen (ct_leaves[i]) / 2;
      guint8 data[16], leaf[H], root[H];

      g_assert_true (sd_hex_decode (ct_leaves[i], data, len));
      sd_merkle_leaf_hash (data, len, leaf);
      sd_merkle_memory_add_leaf (mem, leaf);
      hex_to (ct_roots[i], roots[i + 1]);
      g_assert_true (sd_merkle_root (i + 1, sd_merkle_memory_get_node, mem, root, NULL));
      g_assert_cmpmem (root, H, roots[i + 1], H);
    }

  for (guint i = 0; i < G_N_ELEMENTS (ct_proofs); i++)
    {
      const CtProof *v = &ct_proofs[i];
      g_autoptr (GBytes) proof = make_proof (v->consistency, v->a, v->b, &b, NULL);
      g_autofree char *hex = NULL;
      guint8 leaf[H];
      gsize len;
      const guint8 *p = g_bytes_get_data (proof, &len);

      hex = sd_hex_encode (p, len);
      g_assert_cmpstr (hex, ==, v->proof);
      g_assert_true (sd_merkle_memory_get_node (0, v->a, leaf, mem, NULL));
      g_assert_true (verify (v->consistency, v->a, v->b, v->consistency ? roots[v->a] : leaf,
                             roots[v->b], p, len / H));
    }
}

/* The storage of a real ledger, as a hash table "level/index" -> hash. */
typedef struct
{
  GHashTable *nodes;
  guint       puts;
  gboolean    fail_put;
} Table;

static gboolean
table_get (guint level, guint64 index, guint8 out[H], gpointer user_data, GError **error)
{
  Table *t = user_data;
  g_autofree char *key = g_strdup_printf ("%u/%" G_GUINT64_FORMAT, level, index);
  const guint8 *hash = g_hash_table_lookup (t->nodes, key);

  if (hash == NULL)
    {
      g_set_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_INVALID, "no node %s", key);
      return FALSE;
    }
  memcpy (out, hash, H);
  return TRUE;
}

static gboolean
table_put (guint level, guint64 index, const guint8 hash[H], gpointer user_data, GError **error)
{
  Table *t = user_data;
  char *key = g_strdup_printf ("%u/%" G_GUINT64_FORMAT, level, index);

  if (t->fail_put)
    {
      g_free (key);
      return FALSE;   /* without an error: the caller must supply one */
    }
  g_assert_false (g_hash_table_contains (t->nodes, key));
  g_hash_table_insert (t->nodes, key, g_memdup2 (hash, H));
  t->puts++;
  return TRUE;
}

static void
test_append_hash_table (void)
{
  g_autoptr (GHashTable) nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (SdMerkleMemory) mem = sd_merkle_memory_new ();
  g_autoptr (GError) error = NULL;
  Table t = { nodes, 0, FALSE };
  guint8 leaves[300 * H];

  for (guint i = 0; i < 300; i++)
    {
      guint8 root[H], want[H];
      guint  n_nodes = 0;

      sd_merkle_leaf_hash ((const guint8 *) &i, sizeof i, leaves + i * H);
      g_assert_true (sd_merkle_append (i, leaves + i * H, table_get, table_put, &t, &error));
      g_assert_no_error (error);
      sd_merkle_memory_add_leaf (mem, leaves + i * H);
      /* Every perfect subtree of the tree of i + 1 leaves, and no more. */
      for (guint64 n = i + 1; n > 0; n >>= 1)
        n_nodes += n;
      g_assert_cmpuint (g_hash_table_size (nodes), ==, n_nodes);
      g_assert_cmpuint (t.puts, ==, n_nodes);
      g_assert_true (sd_merkle_root (i + 1, table_get, &t, root, NULL));
      naive_mth (leaves, 0, i + 1, want);
      g_assert_cmpmem (root, H, want, H);
      g_assert_true (sd_merkle_root (i + 1, sd_merkle_memory_get_node, mem, want, NULL));
      g_assert_cmpmem (root, H, want, H);
    }

  /* A missing sibling, a failing store, the last possible index. */
  g_hash_table_remove_all (nodes);
  expect_invalid (sd_merkle_append (5, leaves, table_get, table_put, &t, &error), &error);
  expect_invalid (sd_merkle_append (G_MAXUINT64, leaves, table_get, table_put, &t, &error), &error);
  t.fail_put = TRUE;
  g_assert_false (sd_merkle_append (0, leaves, table_get, table_put, &t, &error));
  g_assert_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_FAILED);
}

static void
test_errors (void)
{
  g_autoptr (SdMerkleMemory) mem = sd_merkle_memory_new ();
  g_autoptr (GError) error = NULL;
  guint8 leaf[H] = { 0 }, out[H], proof[100 * H] = { 0 };
  struct { guint64 a, b; } bad_inclusion[] = {
    { 0, 0 }, { 5, 5 }, { 6, 5 }, { 0, 6 }, { G_MAXUINT64 - 1, G_MAXUINT64 }, { 0, G_MAXUINT64 },
  };
  struct { guint64 a, b; } bad_consistency[] = {
    { 0, 0 }, { 0, 5 }, { 6, 5 }, { 5, 6 }, { 1, G_MAXUINT64 }, { G_MAXUINT64, 1 },
  };

  for (guint i = 0; i < 5; i++)
    sd_merkle_memory_add_leaf (mem, leaf);

  expect_invalid (sd_merkle_memory_get_node (0, 5, out, mem, &error), &error);
  expect_invalid (sd_merkle_memory_get_node (1, 2, out, mem, &error), &error);
  expect_invalid (sd_merkle_memory_get_node (63, 0, out, mem, &error), &error);
  expect_invalid (sd_merkle_memory_get_node (G_MAXUINT, 0, out, mem, &error), &error);
  g_assert_true (sd_merkle_memory_get_node (2, 0, out, mem, NULL));
  g_assert_false (sd_merkle_memory_get_node (2, 1, out, mem, NULL));
  expect_invalid (sd_merkle_root (6, sd_merkle_memory_get_node, mem, out, &error), &error);
  expect_invalid (sd_merkle_root (G_MAXUINT64, sd_merkle_memory_get_node, mem, out, &error), &error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inclusion); i++)
    {
      guint64 index = bad_inclusion[i].a, size = bad_inclusion[i].b;
      GBytes *none = sd_merkle_inclusion_proof (index, size, sd_merkle_memory_get_node, mem, &error);

      expect_invalid (none != NULL, &error);
      g_assert_false (sd_merkle_verify_inclusion (index, size, leaf, proof, 100, leaf));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_consistency); i++)
    {
      GBytes *none = sd_merkle_consistency_proof (bad_consistency[i].a, bad_consistency[i].b,
                                                  sd_merkle_memory_get_node, mem, &error);

      expect_invalid (none != NULL, &error);
    }

  /* Verification outside the domain, and of absurd proofs, just fails. */
  g_assert_false (sd_merkle_verify_inclusion (0, 0, leaf, NULL, 0, leaf));
  g_assert_true (sd_merkle_verify_inclusion (0, 1, leaf, NULL, 0, leaf));
  g_assert_false (sd_merkle_verify_inclusion (0, 1, leaf, proof, 1, leaf));
  g_assert_false (sd_merkle_verify_consistency (0, 0, leaf, leaf, NULL, 0));
  g_assert_false (sd_merkle_verify_consistency (0, 5, leaf, leaf, NULL, 0));
  g_assert_false (sd_merkle_verify_consistency (6, 5, leaf, leaf, proof, 3));
  g_assert_true (sd_merkle_verify_consistency (5, 5, leaf, leaf, NULL, 0));
  g_assert_false (sd_merkle_verify_consistency (5, 5, leaf, leaf, proof, 1));
  g_assert_false (sd_merkle_verify_consistency (4, 8, leaf, leaf, NULL, 0));
  g_assert_false (sd_merkle_verify_consistency (3, G_MAXUINT64, leaf, leaf, proof, 100));
  g_assert_false (sd_merkle_verify_inclusion (3, G_MAXUINT64, leaf, proof, 100, leaf));
}

static void
test_large (void)
{
  enum { N = 100000 };
  g_autoptr (SdMerkleMemory) mem = sd_merkle_memory_new ();
  g_autofree guint8 *leaves = g_malloc (N * H);
  guint8 root[H], want[H], old_root[H];
  double elapsed;
  guint64 probes[] = { 0, 1, 4095, 65535, 65536, 99998, N - 1 };

  for (guint i = 0; i < N; i++)
    naive_leaf ((const guint8 *) &i, sizeof i, leaves + (gsize) i * H);

  g_test_timer_start ();
  for (guint i = 0; i < N; i++)
    sd_merkle_memory_add_leaf (mem, leaves + (gsize) i * H);
  g_assert_true (sd_merkle_root (N, sd_merkle_memory_get_node, mem, root, NULL));
  elapsed = g_test_timer_elapsed ();
  g_test_message ("100000 leaves and the root in %.3f s", elapsed);
  g_assert_cmpfloat (elapsed, <, 1.0);

  naive_mth (leaves, 0, N, want);
  g_assert_cmpmem (root, H, want, H);
  g_assert_cmpuint (sd_merkle_memory_get_size (mem), ==, N);

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autoptr (GBytes) proof = NULL;
      g_autoptr (GBytes) consistency = NULL;
      gsize len;
      const guint8 *p;

      proof = sd_merkle_inclusion_proof (probes[i], N, sd_merkle_memory_get_node, mem, NULL);
      p = g_bytes_get_data (proof, &len);
      g_assert_true (sd_merkle_verify_inclusion (probes[i], N, leaves + probes[i] * H, p, len / H, root));

      consistency = sd_merkle_consistency_proof (probes[i] + 1, N, sd_merkle_memory_get_node, mem, NULL);
      p = g_bytes_get_data (consistency, &len);
      g_assert_true (sd_merkle_root (probes[i] + 1, sd_merkle_memory_get_node, mem, old_root, NULL));
      g_assert_true (sd_merkle_verify_consistency (probes[i] + 1, N, old_root, root, p, len / H));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/merkle/hashes", test_hashes);
  g_test_add_func ("/store/merkle/ct-vectors", test_vectors);
  g_test_add_func ("/store/merkle/against-naive", test_against_naive);
  g_test_add_func ("/store/merkle/append-hash-table", test_append_hash_table);
  g_test_add_func ("/store/merkle/errors", test_errors);
  g_test_add_func ("/store/merkle/large", test_large);
  return g_test_run ();
}
