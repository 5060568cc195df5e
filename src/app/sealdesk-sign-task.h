/* sealdesk-sign-task.h: unlocks a key and signs a document off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-sealing.h"
#include "sd-signer.h"

G_BEGIN_DECLS

/* Called on the main thread with how far signing got (0 to 1). */
typedef void (*SealdeskSignProgress) (GtkWindow *window, double fraction);

/* Unlocks @key (a PIN, when needed, is asked with SealdeskPinDialog over
 * @window, which the task keeps alive) and signs @in_path into @out_path
 * with the options in @opts, which are moved into the task (@opts is left
 * empty). The key is locked again at the end, whatever happened. */
void     sealdesk_sign_task_run           (GtkWindow            *window,
                                           const char           *in_path,
                                           const char           *out_path,
                                           SdKey                *key,
                                           SdSignOptions        *opts,
                                           SealdeskSignProgress  progress,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* The same for seals of @workspace's library placed on the document
 * (@seals: SdSealUse, copied): through sd_sealing_seal_document(), which
 * checks the seals and writes the seal-use ledger entries. */
void     sealdesk_sign_task_run_seals     (GtkWindow            *window,
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
gboolean sealdesk_sign_task_finish        (GAsyncResult         *result,
                                           GError              **error);

/* Did the person stop it (Cancel, or no PIN given)? */
gboolean sealdesk_sign_error_is_cancelled (const GError         *error);
/* What went wrong, as a sentence a person can act on. */
char    *sealdesk_sign_error_describe     (const GError         *error);

G_END_DECLS
