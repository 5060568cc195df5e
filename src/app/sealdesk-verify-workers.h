/* sealdesk-verify-workers.h: the verification threads still running, for exiting
 *
 * SealdeskVerifyTask registers each worker thread it starts (with its
 * cancellable) and unregisters it when done;
 * sealdesk_verify_task_stop_workers() cancels and waits for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void _sealdesk_verify_workers_started  (GCancellable *cancellable);
void _sealdesk_verify_workers_finished (GCancellable *cancellable);

G_END_DECLS
