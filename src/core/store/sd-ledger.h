/* sd-ledger.h: the seal-use ledger, provable (RFC 9162)
 *
 * Every seal use, decision, lifecycle step, key use, export and refusal is
 * an append-only entry in canonical JSON (sd-canonical-json.h):
 *   {"actor","details","document","kind","request","seal","seq","time","workstation"}
 * Entries are the leaves of a Merkle tree hashed as RFC 9162 (leaf index =
 * seq - 1); the tree's perfect subtrees are kept in ledger_node so that
 * proofs take O(log² n) lookups. After each change the workspace signs a
 * tree head {format, version, workstation, tree_size, root_hash, time,
 * key_id, public_key, algorithm, signature} with the ledger key
 * (sd-ledger-key.h), over the canonical JSON of the head without its
 * "signature" member.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

typedef enum {
  SD_LEDGER_SEAL_USE,
  SD_LEDGER_DECISION,
  SD_LEDGER_LIFECYCLE,
  SD_LEDGER_KEY_USE,
  SD_LEDGER_EXPORT,
  SD_LEDGER_REFUSAL,
} SdLedgerKind;

const char *sd_ledger_kind_to_string (SdLedgerKind kind);

SdLedger   *sd_ledger_new            (SdWorkspace   *workspace);
void        sd_ledger_free           (SdLedger      *self);

/* Appends one entry. Call inside a transaction (sd_db_begin), then
 * sd_ledger_sign_head() before committing. @details is taken (may be
 * NULL). Returns the new entry's seq, or 0 on error. */
gint64      sd_ledger_append         (SdLedger      *self,
                                      SdLedgerKind   kind,
                                      const char    *actor,
                                      const char    *seal,
                                      const char    *request,
                                      const char    *document_sha256,
                                      JsonObject    *details,
                                      GError       **error);
/* Signs and stores the head of the tree as it is now. */
gboolean    sd_ledger_sign_head      (SdLedger      *self,
                                      GError       **error);
/* A batch of changes in one transaction (sd_db_batch_begin) with one
 * signed head: inside it sd_ledger_sign_head() only notes that a head is
 * due, and sd_ledger_batch_end (@commit TRUE) signs it and commits all;
 * FALSE (or a failure) keeps nothing of the batch. Holds the workspace
 * lock from begin to end. _flush() commits what there is so far and
 * starts again, letting other writers in. */
gboolean    sd_ledger_batch_begin    (SdLedger      *self,
                                      GError       **error);
gboolean    sd_ledger_batch_end      (SdLedger      *self,
                                      gboolean       commit,
                                      GError       **error);
gboolean    sd_ledger_batch_flush    (SdLedger      *self,
                                      GError       **error);
/* One entry in its own transaction, with its head. */
gint64      sd_ledger_record         (SdLedger      *self,
                                      SdLedgerKind   kind,
                                      const char    *actor,
                                      const char    *seal,
                                      const char    *request,
                                      const char    *document_sha256,
                                      JsonObject    *details,
                                      GError       **error);

gint64      sd_ledger_get_size       (SdLedger      *self,
                                      GError       **error);
/* The latest signed head (an object node), or NULL with an error when
 * nothing has been recorded yet. */
JsonNode   *sd_ledger_get_head       (SdLedger      *self,
                                      GError       **error);
/* Entries from @first_seq on (1 = all), as an array of objects. */
JsonNode   *sd_ledger_list           (SdLedger      *self,
                                      gint64         first_seq,
                                      GError       **error);

typedef struct {
  gboolean  valid;
  gint64    tree_size;
  char     *root_hash;          /* hex, recomputed from the entries */
  gint64    first_bad_entry;    /* seq, 0 when none or not about an entry */
  char     *message;            /* what was found, for a person */
} SdLedgerCheck;

void        sd_ledger_check_clear    (SdLedgerCheck *check);

/* Recomputes every leaf and the tree, checks sequence numbers, stored
 * hashes, and every signed head; with @saved_head (a head saved earlier,
 * possibly from another copy) also that today's ledger extends it
 * (consistency proof). Returns FALSE only when the ledger cannot be read
 * at all; the verdict is in @check. */
gboolean    sd_ledger_verify         (SdLedger      *self,
                                      JsonNode      *saved_head,
                                      SdLedgerCheck *check,
                                      GError       **error);

/* Inclusion proof of entry @seq in the latest signed head. */
JsonNode   *sd_ledger_prove          (SdLedger      *self,
                                      gint64         seq,
                                      GError       **error);
/* Consistency proof from @old_size to the latest head, hex hashes. */
JsonNode   *sd_ledger_prove_consistency (SdLedger   *self,
                                      gint64         old_size,
                                      GError       **error);

/* Checks a signed head's signature against the public key it names
 * (and its key_id). Standalone: needs no workspace. */
gboolean    sd_ledger_check_head     (JsonObject    *head,
                                      char         **message);
/* Checks an inclusion proof (sd_ledger_prove) by itself. */
gboolean    sd_ledger_check_proof    (JsonNode      *proof,
                                      char         **message);

/* Makes @key_id (a token's key, a PKCS#12 file…) the workstation's ledger
 * key instead of a generated one. Only before anything is recorded. Its
 * PIN or passphrase is asked with @pin_cb now, and later read from the
 * environment variable SEALDESK_LEDGER_PIN whenever a head is signed. */
gboolean    sd_ledger_use_key        (SdLedger      *self,
                                      const char    *key_id,
                                      SdPinCallback  pin_cb,
                                      gpointer       pin_data,
                                      GError       **error);

typedef enum {
  SD_LEDGER_EXPORT_CSV,
  SD_LEDGER_EXPORT_JSON,
} SdLedgerExportFormat;

/* Writes every entry to @path and a signature of it to @path.sig.json
 * (the file's SHA-256 and the signed head, signed with the ledger key);
 * records the export in the ledger. */
gboolean    sd_ledger_export         (SdLedger            *self,
                                      SdLedgerExportFormat format,
                                      const char          *path,
                                      const char          *actor,
                                      GError             **error);
/* The same of the entries numbered @seqs only (@n_seqs of them, in any
 * order; a number that is no entry is an error): what a filtered list
 * shows. When that is not every entry, the file says it is a selection
 * ("selection": true, JSON) and keeps the signed head of the whole
 * ledger; the ledger records how many entries went out. @seqs NULL: every
 * entry, as sd_ledger_export(). */
gboolean    sd_ledger_export_entries (SdLedger            *self,
                                      SdLedgerExportFormat format,
                                      const char          *path,
                                      const gint64        *seqs,
                                      guint                n_seqs,
                                      const char          *actor,
                                      GError             **error);

G_END_DECLS
