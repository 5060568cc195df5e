/* sd-merkle.c: RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/evp.h>

#include "sd-merkle.h"

#define HASH_LEN SD_MERKLE_HASH_LEN
/* Sizes and indexes are 64-bit, so a tree has at most 64 levels below its
 * root; a proof has at most 64 hashes, a consistency proof one more. */
#define MAX_LEVELS 64
#define MAX_PROOF  (MAX_LEVELS + 1)

G_DEFINE_QUARK (sd-merkle-error-quark, sd_merkle_error)

/* SHA-256, fetched from the default provider once. */
static EVP_MD *
sha256_md (void)
{
  static EVP_MD *md = NULL;

  if (g_once_init_enter (&md))
    {
      EVP_MD *fetched = EVP_MD_fetch (NULL, "SHA2-256", NULL);

      if (fetched == NULL)
        g_error ("OpenSSL provides no SHA-256");
      g_once_init_leave (&md, fetched);
    }
  return md;
}

/* SHA-256 (prefix || a || b), each part possibly empty. Out of memory
 * aside, this cannot fail. @out may alias @a or @b. */
static void
sha256_parts (const guint8 *prefix,
              const guint8 *a,
              gsize         a_len,
              const guint8 *b,
              gsize         b_len,
              guint8        out[HASH_LEN])
{
  EVP_MD_CTX  *ctx = EVP_MD_CTX_new ();
  unsigned int out_len = 0;

  if (ctx == NULL
      || !EVP_DigestInit_ex2 (ctx, sha256_md (), NULL)
      || (prefix != NULL && !EVP_DigestUpdate (ctx, prefix, 1))
      || (a_len > 0 && !EVP_DigestUpdate (ctx, a, a_len))
      || (b_len > 0 && !EVP_DigestUpdate (ctx, b, b_len))
      || !EVP_DigestFinal_ex (ctx, out, &out_len)
      || out_len != HASH_LEN)
    g_error ("SHA-256 failed");
  EVP_MD_CTX_free (ctx);
}

void
sd_merkle_leaf_hash (const guint8 *data,
                     gsize         len,
                     guint8        out[SD_MERKLE_HASH_LEN])
{
  static const guint8 leaf_prefix = 0x00;

  sha256_parts (&leaf_prefix, data, len, NULL, 0, out);
}

void
sd_merkle_node_hash (const guint8 left[SD_MERKLE_HASH_LEN],
                     const guint8 right[SD_MERKLE_HASH_LEN],
                     guint8       out[SD_MERKLE_HASH_LEN])
{
  static const guint8 node_prefix = 0x01;

  sha256_parts (&node_prefix, left, HASH_LEN, right, HASH_LEN, out);
}

/* Cannot happen: ranges are aligned, the recursion is at most 64 deep. */
static gboolean
internal_error (GError **error)
{
  g_set_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_FAILED,
               _("Internal error in the Merkle tree computation"));
  return FALSE;
}

/* Position of the highest set bit of @x (> 0). */
static guint
highest_bit (guint64 x)
{
  guint bit = 0;

  while (x >>= 1)
    bit++;
  return bit;
}

/* The k of RFC 9162: the largest power of two smaller than @n (> 1). */
static guint64
split_point (guint64 n)
{
  return G_GUINT64_CONSTANT (1) << highest_bit (n - 1);
}

/* The outcome of a storage callback: a FALSE without an error gets one. */
static gboolean
callback_done (gboolean   ok,
               GError   **local_error,
               gboolean   storing,
               guint      level,
               guint64    index,
               GError   **error)
{
  if (ok)
    {
      g_clear_error (local_error);
      return TRUE;
    }
  if (*local_error == NULL && storing)
    *local_error = g_error_new (SD_MERKLE_ERROR, SD_MERKLE_ERROR_FAILED,
                                _("Cannot store the Merkle tree node at level %u, index %llu"),
                                level, (unsigned long long) index);
  else if (*local_error == NULL)
    *local_error = g_error_new (SD_MERKLE_ERROR, SD_MERKLE_ERROR_FAILED,
                                _("Cannot read the Merkle tree node at level %u, index %llu"),
                                level, (unsigned long long) index);
  g_propagate_error (error, g_steal_pointer (local_error));
  return FALSE;
}

static gboolean
call_get (SdMerkleNodeFunc   get,
          gpointer           user_data,
          guint              level,
          guint64            index,
          guint8             out[HASH_LEN],
          GError           **error)
{
  GError *local_error = NULL;

  return callback_done (get (level, index, out, user_data, &local_error), &local_error,
                        FALSE, level, index, error);
}

/* MTH (D[start:end]) for a range of the RFC's recursion, whose @start is a
 * multiple of a power of two >= end - start: the greedy split of the range
 * into perfect subtrees, largest first, folded from the right, is exactly
 * that recursion. One @get per set bit of end - start. */
static gboolean
range_hash (guint64            start,
            guint64            end,
            SdMerkleNodeFunc   get,
            gpointer           user_data,
            guint8             out[HASH_LEN],
            GError           **error)
{
  guint8  parts[MAX_LEVELS][HASH_LEN];
  guint   n_parts = 0;
  guint64 pos = start;

  if (start >= end)
    {
      sha256_parts (NULL, NULL, 0, NULL, 0, out);
      return TRUE;
    }

  while (pos < end)
    {
      guint   level = highest_bit (end - pos);
      guint64 width = G_GUINT64_CONSTANT (1) << level;

      if ((pos & (width - 1)) != 0 || n_parts == MAX_LEVELS)
        return internal_error (error);
      if (!call_get (get, user_data, level, pos >> level, parts[n_parts], error))
        return FALSE;
      n_parts++;
      pos += width;
    }

  memcpy (out, parts[n_parts - 1], HASH_LEN);
  for (guint i = n_parts - 1; i-- > 0;)
    sd_merkle_node_hash (parts[i], out, out);
  return TRUE;
}

gboolean
sd_merkle_root (guint64            size,
                SdMerkleNodeFunc   get,
                gpointer           user_data,
                guint8             out[SD_MERKLE_HASH_LEN],
                GError           **error)
{
  return range_hash (0, size, get, user_data, out, error);
}

gboolean
sd_merkle_append (guint64            index,
                  const guint8       leaf[SD_MERKLE_HASH_LEN],
                  SdMerkleNodeFunc   get,
                  SdMerkleStoreFunc  put,
                  gpointer           user_data,
                  GError           **error)
{
  GError *local_error = NULL;
  guint8  hash[HASH_LEN];
  guint   level = 0;
  guint64 i = index;

  /* Leaf G_MAXUINT64 would make a tree of 2^64 leaves. */
  if (index == G_MAXUINT64)
    {
      g_set_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_INVALID,
                   _("The Merkle tree is full: leaf index %llu is too large"),
                   (unsigned long long) index);
      return FALSE;
    }

  memcpy (hash, leaf, HASH_LEN);
  if (!callback_done (put (0, index, hash, user_data, &local_error), &local_error,
                      TRUE, 0, index, error))
    return FALSE;

  /* Each trailing 1 bit of the index completes one more perfect subtree:
   * its left sibling is already stored. */
  while ((i & 1) != 0)
    {
      guint8 sibling[HASH_LEN];

      if (!call_get (get, user_data, level, i - 1, sibling, error))
        return FALSE;
      sd_merkle_node_hash (sibling, hash, hash);
      level++;
      i >>= 1;
      if (!callback_done (put (level, i, hash, user_data, &local_error), &local_error,
                          TRUE, level, i, error))
        return FALSE;
    }
  return TRUE;
}

/* A proof being built, from the root down (RFC order is leaf up). */
typedef struct
{
  SdMerkleNodeFunc get;
  gpointer         user_data;
  guint8           hashes[MAX_PROOF][HASH_LEN];
  guint            n_hashes;
} Proof;

static gboolean
proof_push (Proof     *proof,
            guint64    start,
            guint64    end,
            GError   **error)
{
  if (proof->n_hashes == MAX_PROOF)
    return internal_error (error);
  if (!range_hash (start, end, proof->get, proof->user_data,
                   proof->hashes[proof->n_hashes], error))
    return FALSE;
  proof->n_hashes++;
  return TRUE;
}

static GBytes *
proof_finish (Proof *proof)
{
  guint   n = proof->n_hashes;
  guint8 *data = g_malloc (MAX (n, 1) * HASH_LEN);

  for (guint i = 0; i < n; i++)
    memcpy (data + i * HASH_LEN, proof->hashes[n - 1 - i], HASH_LEN);
  return g_bytes_new_take (data, n * HASH_LEN);
}

GBytes *
sd_merkle_inclusion_proof (guint64            index,
                           guint64            size,
                           SdMerkleNodeFunc   get,
                           gpointer           user_data,
                           GError           **error)
{
  Proof   proof = { get, user_data, { { 0 } }, 0 };
  guint64 start = 0;
  guint64 end = size;

  if (index >= size)
    {
      g_set_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_INVALID,
                   _("Leaf %llu is not in a Merkle tree of %llu leaves"),
                   (unsigned long long) index, (unsigned long long) size);
      return NULL;
    }

  /* PATH (m, D[n]): below the split point k, the path into D[0:k] then
   * MTH (D[k:n]); at or above it, the path into D[k:n] then MTH (D[0:k]). */
  while (end - start > 1)
    {
      guint64 k = split_point (end - start);

      if (index < start + k)
        {
          if (!proof_push (&proof, start + k, end, error))
            return NULL;
          end = start + k;
        }
      else
        {
          if (!proof_push (&proof, start, start + k, error))
            return NULL;
          start += k;
        }
    }
  return proof_finish (&proof);
}

GBytes *
sd_merkle_consistency_proof (guint64            old_size,
                             guint64            new_size,
                             SdMerkleNodeFunc   get,
                             gpointer           user_data,
                             GError           **error)
{
  Proof    proof = { get, user_data, { { 0 } }, 0 };
  guint64  start = 0;
  guint64  end = new_size;
  guint64  m = old_size;
  gboolean whole = TRUE;

  if (old_size == 0 || old_size > new_size)
    {
      g_set_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_INVALID,
                   _("No consistency proof exists from %llu to %llu Merkle tree leaves"),
                   (unsigned long long) old_size, (unsigned long long) new_size);
      return NULL;
    }

  /* SUBPROOF (m, D[start:end], whole), m counted from start. */
  while (m != end - start)
    {
      guint64 k = split_point (end - start);

      if (m <= k)
        {
          if (!proof_push (&proof, start + k, end, error))
            return NULL;
          end = start + k;
        }
      else
        {
          if (!proof_push (&proof, start, start + k, error))
            return NULL;
          m -= k;
          start += k;
          whole = FALSE;
        }
    }
  /* SUBPROOF (m, D[m], false) = {MTH (D[m])} */
  if (!whole && !proof_push (&proof, start, end, error))
    return NULL;
  return proof_finish (&proof);
}

/* RFC 9162's "right-shift both fn and sn equally until either LSB(fn) is
 * set or fn is 0". */
static void
shift_to_odd (guint64 *fn,
              guint64 *sn)
{
  while ((*fn & 1) == 0 && *fn != 0)
    {
      *fn >>= 1;
      *sn >>= 1;
    }
}

gboolean
sd_merkle_verify_inclusion (guint64       index,
                            guint64       size,
                            const guint8  leaf[SD_MERKLE_HASH_LEN],
                            const guint8 *proof,
                            gsize         n_hashes,
                            const guint8  root[SD_MERKLE_HASH_LEN])
{
  guint8  r[HASH_LEN];
  guint64 fn, sn;

  /* 1. */
  if (index >= size)
    return FALSE;
  /* 2., 3. */
  fn = index;
  sn = size - 1;
  memcpy (r, leaf, HASH_LEN);

  /* 4. */
  for (gsize i = 0; i < n_hashes; i++)
    {
      const guint8 *p = proof + i * HASH_LEN;

      if (sn == 0)
        return FALSE;
      if ((fn & 1) != 0 || fn == sn)
        {
          sd_merkle_node_hash (p, r, r);
          shift_to_odd (&fn, &sn);
        }
      else
        {
          sd_merkle_node_hash (r, p, r);
        }
      fn >>= 1;
      sn >>= 1;
    }

  /* 5. */
  return sn == 0 && memcmp (r, root, HASH_LEN) == 0;
}

gboolean
sd_merkle_verify_consistency (guint64       old_size,
                              guint64       new_size,
                              const guint8  old_root[SD_MERKLE_HASH_LEN],
                              const guint8  new_root[SD_MERKLE_HASH_LEN],
                              const guint8 *proof,
                              gsize         n_hashes)
{
  guint8        fr[HASH_LEN], sr[HASH_LEN];
  const guint8 *rest;
  gsize         n_rest;
  guint64       fn, sn;

  if (old_size == 0 || old_size > new_size)
    return FALSE;
  if (old_size == new_size)
    return n_hashes == 0 && memcmp (old_root, new_root, HASH_LEN) == 0;

  /* 1. */
  if (n_hashes == 0)
    return FALSE;
  /* 2. (first_hash prepended), 5. (fr = sr = the first value) */
  if ((old_size & (old_size - 1)) == 0)
    {
      memcpy (fr, old_root, HASH_LEN);
      rest = proof;
      n_rest = n_hashes;
    }
  else
    {
      memcpy (fr, proof, HASH_LEN);
      rest = proof + HASH_LEN;
      n_rest = n_hashes - 1;
    }
  memcpy (sr, fr, HASH_LEN);
  /* 3. */
  fn = old_size - 1;
  sn = new_size - 1;
  /* 4. */
  while ((fn & 1) != 0)
    {
      fn >>= 1;
      sn >>= 1;
    }

  /* 6. */
  for (gsize i = 0; i < n_rest; i++)
    {
      const guint8 *c = rest + i * HASH_LEN;

      if (sn == 0)
        return FALSE;
      if ((fn & 1) != 0 || fn == sn)
        {
          sd_merkle_node_hash (c, fr, fr);
          sd_merkle_node_hash (c, sr, sr);
          shift_to_odd (&fn, &sn);
        }
      else
        {
          sd_merkle_node_hash (sr, c, sr);
        }
      fn >>= 1;
      sn >>= 1;
    }

  /* 7. */
  return memcmp (fr, old_root, HASH_LEN) == 0
         && memcmp (sr, new_root, HASH_LEN) == 0
         && sn == 0;
}

/* levels[l] holds the size >> l perfect subtrees of level l, in order. */
struct _SdMerkleMemory
{
  GPtrArray *levels;
};

SdMerkleMemory *
sd_merkle_memory_new (void)
{
  SdMerkleMemory *self = g_new0 (SdMerkleMemory, 1);

  self->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (self->levels, g_array_new (FALSE, FALSE, HASH_LEN));
  return self;
}

void
sd_merkle_memory_add_leaf (SdMerkleMemory *self,
                           const guint8    leaf[SD_MERKLE_HASH_LEN])
{
  GArray *level = g_ptr_array_index (self->levels, 0);

  g_array_append_vals (level, leaf, 1);
  for (guint l = 0; level->len % 2 == 0; l++)
    {
      const guint8 *pair = (const guint8 *) level->data + (level->len - 2) * HASH_LEN;
      guint8        hash[HASH_LEN];

      if (l + 1 == self->levels->len)
        g_ptr_array_add (self->levels, g_array_new (FALSE, FALSE, HASH_LEN));
      sd_merkle_node_hash (pair, pair + HASH_LEN, hash);
      level = g_ptr_array_index (self->levels, l + 1);
      g_array_append_vals (level, hash, 1);
    }
}

guint64
sd_merkle_memory_get_size (SdMerkleMemory *self)
{
  GArray *leaves = g_ptr_array_index (self->levels, 0);

  return leaves->len;
}

gboolean
sd_merkle_memory_get_node (guint           level,
                           guint64         index,
                           guint8          out[SD_MERKLE_HASH_LEN],
                           gpointer        user_data,
                           GError        **error)
{
  SdMerkleMemory *self = user_data;
  GArray         *nodes = NULL;

  if (level < self->levels->len)
    nodes = g_ptr_array_index (self->levels, level);
  if (nodes == NULL || index >= nodes->len)
    {
      g_set_error (error, SD_MERKLE_ERROR, SD_MERKLE_ERROR_INVALID,
                   _("The Merkle tree has no node at level %u, index %llu"),
                   level, (unsigned long long) index);
      return FALSE;
    }
  memcpy (out, (const guint8 *) nodes->data + index * HASH_LEN, HASH_LEN);
  return TRUE;
}

void
sd_merkle_memory_free (SdMerkleMemory *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->levels);
  g_free (self);
}

char *
sd_hex_encode (const guint8 *data,
               gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      hex[2 * i] = digits[data[i] >> 4];
      hex[2 * i + 1] = digits[data[i] & 0x0f];
    }
  hex[len * 2] = '\0';
  return hex;
}

gboolean
sd_hex_decode (const char *hex,
               guint8     *out,
               gsize       out_len)
{
  if (hex == NULL || out_len > G_MAXSIZE / 2 || strlen (hex) != out_len * 2)
    return FALSE;
  for (gsize i = 0; i < out_len * 2; i++)
    if (g_ascii_xdigit_value (hex[i]) < 0)
      return FALSE;
  for (gsize i = 0; i < out_len; i++)
    out[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return TRUE;
}
