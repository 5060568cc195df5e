/* sealdesk-trusted-time.h: the application's timestamp settings, for signing and extending
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-signer.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

/* Main thread, before signing: @opts gets the level and the timestamp
 * authorities of the application's settings (keys signature-level and
 * tsa-urls) and signs at B-B, queued, when none answers. Nothing changes
 * when @opts already has authorities, when none is set, or without
 * @workspace (no trust list, no queue). */
void         sealdesk_trusted_time_configure  (SdSignOptions       *opts,
                                               SdWorkspace         *workspace);
/* Worker thread, before signing: the workspace's trust list vouches for
 * the authorities' certificates. */
gboolean     sealdesk_trusted_time_prepare    (SdSignOptions       *opts,
                                               SdWorkspace         *workspace,
                                               GError             **error);
/* Worker thread, once @out_path is signed: when no authority answered
 * (@result says so; the sealing queued the document), the background
 * extender reads its queue again and a toast over @window (or the window
 * it belongs to) says so. */
void         sealdesk_trusted_time_signed     (SdWorkspace         *workspace,
                                               GtkWindow           *window,
                                               const char          *out_path,
                                               const SdSignResult  *result);
/* Worker thread: a client for @urls, trusting what the workspace trusts. */
SdTsaClient *sealdesk_trusted_time_new_client (SdWorkspace         *workspace,
                                               const char * const  *urls,
                                               GError             **error);
/* Where OCSP responses and CRLs are kept, as the command line keeps them. */
char        *sealdesk_trusted_time_cache_dir  (SdWorkspace         *workspace);

G_END_DECLS
