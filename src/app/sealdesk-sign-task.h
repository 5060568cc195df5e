/* sealdesk-sign-task.h: unlocks a key and signs documents off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-sealing.h"
#include "sd-signer.h"

G_BEGIN_DECLS

/* The documents of one signing: each from its file into its output, with
 * the seals of the workspace's library placed on it. */
typedef struct _SealdeskSignBatch SealdeskSignBatch;

SealdeskSignBatch *sealdesk_sign_batch_new             (void);
/* @seals: SdSealUse (copied); none: an invisible signature. */
void               sealdesk_sign_batch_add             (SealdeskSignBatch *batch,
                                                        const char        *in_path,
                                                        const char        *out_path,
                                                        const SdSealUse   *seals,
                                                        guint              n_seals);
/* Declares @in_path void for @reason into @out_path instead of signing
 * seals onto it (sd_sealing_void_document(): the stamp, the ledger). */
void               sealdesk_sign_batch_add_void        (SealdeskSignBatch *batch,
                                                        const char        *in_path,
                                                        const char        *out_path,
                                                        const char        *reason);
guint              sealdesk_sign_batch_get_n_documents (SealdeskSignBatch *batch);
/* The seals placed on a document (@placements: SealdeskPlacement, or
 * NULL), read now, as the batch takes them: an array of SdSealUse whose
 * strings it owns (g_array_unref frees them). */
GArray            *sealdesk_sign_seal_uses             (GListModel        *placements);
void               sealdesk_sign_batch_free            (SealdeskSignBatch *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SealdeskSignBatch, sealdesk_sign_batch_free)

/* Called on the main thread with how far signing got (0 to 1). */
typedef void (*SealdeskSignProgress) (GtkWindow *window, double fraction);
/* Called on the main thread: how far document @index got (0 to 1). */
typedef void (*SealdeskSignBatchProgress) (GtkWindow *window, guint index, double fraction);
/* Called on the main thread once document @index is signed (@error NULL)
 * or not; after a cancel, every document left gets a cancelled error. */
typedef void (*SealdeskSignBatchDone) (GtkWindow *window, guint index, const GError *error);

/* Unlocks @key once for the whole @batch (taken) — a PIN, when needed, is
 * asked with SealdeskPinDialog over @window, which the task keeps alive —
 * then signs its documents one after the other with the options in @opts
 * (moved into the task, @opts is left empty). Every document goes
 * through sd_sealing_seal_document() (seals' state, the ledger's seal-use
 * and key-use entries), as `sealdesk-cli sign` does, with seals or
 * without. One document that fails does not stop the others;
 * @cancellable stops the one under way (nothing of it is written) and the
 * rest, and the task then fails with the cancel (not when it came too late
 * to stop any document). The key is locked again at the end, whatever
 * happened. */
void     sealdesk_sign_task_run_batch     (GtkWindow                 *window,
                                           SdWorkspace               *workspace,
                                           SealdeskSignBatch         *batch,
                                           SdKey                     *key,
                                           SdSignOptions             *opts,
                                           SealdeskSignBatchProgress  progress,
                                           SealdeskSignBatchDone      done,
                                           GCancellable              *cancellable,
                                           GAsyncReadyCallback        callback,
                                           gpointer                   user_data);
/* One document, @in_path into @out_path with @seals (SdSealUse, copied;
 * none: invisible): a batch of one. */
void     sealdesk_sign_task_run           (GtkWindow            *window,
                                           SdWorkspace          *workspace,
                                           const char           *in_path,
                                           const char           *out_path,
                                           SdKey                *key,
                                           SdSignOptions        *opts,
                                           const SdSealUse      *seals,
                                           guint                 n_seals,
                                           SealdeskSignProgress  progress,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* FALSE with the error when the key could not be unlocked, when the
 * signing was cancelled, or when a document was not signed (the first
 * such error). */
gboolean sealdesk_sign_task_finish        (GAsyncResult         *result,
                                           GError              **error);

/* Did the person stop it (Cancel, or no PIN given)? */
gboolean sealdesk_sign_error_is_cancelled (const GError         *error);
/* What went wrong, as a sentence a person can act on. */
char    *sealdesk_sign_error_describe     (const GError         *error);

G_END_DECLS
