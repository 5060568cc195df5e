/* sd-merkle.h: RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing
 *
 * The seal-use ledger is an append-only Merkle tree as in RFC 9162 §2.1:
 *
 *   leaf hash          SHA-256 (0x00 || data)
 *   interior node      SHA-256 (0x01 || left || right)
 *   MTH of no leaves   SHA-256 ("")
 *
 * Storage is the caller's: these functions only read and write the hashes of
 * *perfect* subtrees, addressed as (level, index) — the subtree over leaves
 * [index << level, (index + 1) << level); level 0 holds the leaf hashes. A
 * tree of size n has such a node exactly when (index + 1) << level <= n, and
 * a node, once complete, never changes as leaves are appended. The root of
 * any size, inclusion and consistency proofs are all derived from them.
 *
 * Nothing here recurses: every loop is bounded by 64 levels.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_MERKLE_HASH_LEN 32

#define SD_MERKLE_ERROR (sd_merkle_error_quark ())

typedef enum {
  SD_MERKLE_ERROR_FAILED,   /* hashing or a storage callback failed */
  SD_MERKLE_ERROR_INVALID,  /* a size, index or node that does not exist */
} SdMerkleError;

GQuark sd_merkle_error_quark (void);

/* SHA-256 (0x00 || data). @data may be NULL when @len is 0. */
void sd_merkle_leaf_hash (const guint8 *data,
                          gsize         len,
                          guint8        out[SD_MERKLE_HASH_LEN]);
/* SHA-256 (0x01 || left || right). @out may alias @left or @right. */
void sd_merkle_node_hash (const guint8 left[SD_MERKLE_HASH_LEN],
                          const guint8 right[SD_MERKLE_HASH_LEN],
                          guint8       out[SD_MERKLE_HASH_LEN]);

/* Reads the hash of the perfect subtree at (@level, @index) into @out.
 * Returns FALSE (setting @error, preferably SD_MERKLE_ERROR_INVALID) when
 * the node is not stored; a FALSE without an error is reported as one. */
typedef gboolean (*SdMerkleNodeFunc)  (guint          level,
                                       guint64        index,
                                       guint8         out[SD_MERKLE_HASH_LEN],
                                       gpointer       user_data,
                                       GError       **error);
/* Stores the hash of the perfect subtree at (@level, @index). */
typedef gboolean (*SdMerkleStoreFunc) (guint          level,
                                       guint64        index,
                                       const guint8   hash[SD_MERKLE_HASH_LEN],
                                       gpointer       user_data,
                                       GError       **error);

/* MTH (D[0:size]): one @get per set bit of @size (at most 64 calls).
 * A @size of 0 gives SHA-256 ("") without calling @get. */
gboolean  sd_merkle_root              (guint64            size,
                                       SdMerkleNodeFunc   get,
                                       gpointer           user_data,
                                       guint8             out[SD_MERKLE_HASH_LEN],
                                       GError           **error);
/* Leaf @index (0-based) with hash @leaf has just been appended, leaves
 * 0 .. index - 1 being stored already: stores (0, index, leaf) and every
 * perfect subtree that this leaf completes (one per trailing 1 bit of
 * @index), reading their left siblings with @get. */
gboolean  sd_merkle_append            (guint64            index,
                                       const guint8       leaf[SD_MERKLE_HASH_LEN],
                                       SdMerkleNodeFunc   get,
                                       SdMerkleStoreFunc  put,
                                       gpointer           user_data,
                                       GError           **error);
/* RFC 9162 §2.1.3.1 PATH (index, D[0:size]): the audit path of leaf @index,
 * as concatenated 32-byte hashes from the leaf's sibling up to the root's
 * child (possibly empty, never NULL on success). 0 <= index < size. */
GBytes   *sd_merkle_inclusion_proof   (guint64            index,
                                       guint64            size,
                                       SdMerkleNodeFunc   get,
                                       gpointer           user_data,
                                       GError           **error);
/* RFC 9162 §2.1.4.1 PROOF (old_size, D[0:new_size]), 0 < old_size <=
 * new_size; empty when the sizes are equal. */
GBytes   *sd_merkle_consistency_proof (guint64            old_size,
                                       guint64            new_size,
                                       SdMerkleNodeFunc   get,
                                       gpointer           user_data,
                                       GError           **error);

/* RFC 9162 §2.1.3.2, step by step: FALSE when index >= size. @proof holds
 * @n_hashes concatenated 32-byte hashes (may be NULL when 0). */
gboolean  sd_merkle_verify_inclusion   (guint64       index,
                                        guint64       size,
                                        const guint8  leaf[SD_MERKLE_HASH_LEN],
                                        const guint8 *proof,
                                        gsize         n_hashes,
                                        const guint8  root[SD_MERKLE_HASH_LEN]);
/* RFC 9162 §2.1.4.2, step by step, for 0 < old_size < new_size (so an
 * empty proof fails). Outside the RFC's domain: equal sizes are consistent
 * exactly when the proof is empty and the roots are equal (what
 * sd_merkle_consistency_proof() gives, and what the CT reference vectors
 * expect); old_size 0 or old_size > new_size fails. */
gboolean  sd_merkle_verify_consistency (guint64       old_size,
                                        guint64       new_size,
                                        const guint8  old_root[SD_MERKLE_HASH_LEN],
                                        const guint8  new_root[SD_MERKLE_HASH_LEN],
                                        const guint8 *proof,
                                        gsize         n_hashes);

/* A tree in memory over leaf hashes, keeping every perfect subtree, for a
 * verifier that recomputes everything from the leaves. */
typedef struct _SdMerkleMemory SdMerkleMemory;

SdMerkleMemory *sd_merkle_memory_new      (void);
void            sd_merkle_memory_add_leaf (SdMerkleMemory *self,
                                           const guint8    leaf[SD_MERKLE_HASH_LEN]);
guint64         sd_merkle_memory_get_size (SdMerkleMemory *self);
/* An SdMerkleNodeFunc: pass the SdMerkleMemory as user_data. */
gboolean        sd_merkle_memory_get_node (guint           level,
                                           guint64         index,
                                           guint8          out[SD_MERKLE_HASH_LEN],
                                           gpointer        self,
                                           GError        **error);
void            sd_merkle_memory_free     (SdMerkleMemory *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdMerkleMemory, sd_merkle_memory_free)

/* Lower-case hexadecimal of @data. */
char     *sd_hex_encode (const guint8 *data,
                         gsize         len);
/* Decodes exactly 2 * @out_len hex digits (either case) into @out; FALSE,
 * leaving @out untouched, for any other length or character. */
gboolean  sd_hex_decode (const char   *hex,
                         guint8       *out,
                         gsize         out_len);

G_END_DECLS
