/* sd-ledger-private.h: what the ledger's files share (sd-ledger*.c) */
#pragma once

#include <openssl/evp.h>

#include "sd-key.h"
#include "sd-ledger.h"

G_BEGIN_DECLS

struct _SdLedger
{
  SdWorkspace  *workspace;     /* not owned: the workspace owns us */
  SdDb         *db;
  EVP_PKEY     *key;           /* the ledger key, loaded when first needed */
  SdKey        *token_key;     /* or a configured key (token, PKCS#12) */
  sqlite3_stmt *get_node;
  sqlite3_stmt *put_node;
  gboolean      head_pending;  /* in a batch: a head to sign at its end */
};

/* SdMerkleNodeFunc over the ledger_node table (user_data: the ledger). */
gboolean  sd_ledger_db_get_node       (guint        level,
                                       guint64      index,
                                       guint8       out[32],
                                       gpointer     user_data,
                                       GError     **error);
/* A stored entry or head, parsed and checked to be canonical. */
JsonNode *sd_ledger_parse_record      (const char  *text,
                                       gsize        len,
                                       GError     **error);
char     *sd_ledger_head_signed_part  (JsonObject  *head,
                                       gsize       *len,
                                       GError     **error);
/* Adds key_id, public_key, algorithm and signature (over the rest) to
 * @object with the ledger key. */
gboolean  sd_ledger_sign_object       (SdLedger    *self,
                                       JsonObject  *object,
                                       GError     **error);

G_END_DECLS
