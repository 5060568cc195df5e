/* sd-pending.h: documents waiting for trusted time
 *
 * A document signed while no timestamp authority could be reached is a
 * valid B-B signature; it waits here until a TSA answers, when it gets its
 * validation data and a document timestamp (B-LTA) in a new revision. Both
 * times, the signing and the timestamping, are recorded in the ledger.
 */
#pragma once

#include "sd-ltv.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *path;                     /* absolute path of the signed document */
  char   *sha256;                   /* of the document when it was queued */
  char   *signed_at;                /* ISO 8601, UTC */
} SdPendingDocument;

void       sd_pending_document_free (SdPendingDocument *doc);

/* Inside the transaction of the sealing that made it (sd-sealing-intent.c,
 * so that a program killed after signing cannot leave it unqueued):
 * queues @path (absolute), SHA-256 @sha256, signed at @signed_at (ISO
 * 8601, UTC); queued again, it is only refreshed. */
gboolean   sd_pending_queue   (SdWorkspace  *workspace,
                               const char   *path,
                               const char   *sha256,
                               const char   *signed_at,
                               GError      **error);
/* Oldest first; of SdPendingDocument. */
GPtrArray *sd_pending_list    (SdWorkspace  *workspace,
                               GError      **error);
/* Takes the document @id off the queue without extending it (it stays
 * B-B); FALSE without an error when it was not queued. */
gboolean   sd_pending_remove  (SdWorkspace  *workspace,
                               gint64        id,
                               GError      **error);
/* @doc was extended (@result): off the queue, and a ledger entry with
 * the signing and timestamping times. */
gboolean   sd_pending_done    (SdWorkspace        *workspace,
                               SdPendingDocument  *doc,
                               const SdLtvResult  *result,
                               GError            **error);
/* Extends @doc in place (its earlier bytes stay; through a temporary
 * copy) with @opts, then sd_pending_done(). Blocking (network): call it
 * from a worker thread. The database is used under the workspace's lock;
 * on error @doc stays queued and its file as it was. */
gboolean   sd_pending_extend  (SdWorkspace        *workspace,
                               SdPendingDocument  *doc,
                               const SdLtvOptions *opts,
                               SdLtvResult        *result,
                               GCancellable       *cancellable,
                               GError            **error);

G_END_DECLS
