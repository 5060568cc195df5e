/* sealdesk-ledger-view.h: the seal-use ledger, to read, check and export
 *
 * Every entry (seal use, decision, lifecycle, key use, export, refusal)
 * in a list filtered by seal, person, date and kind; "Verify Ledger"
 * recomputes the hash tree and checks every signed head
 * (sd_ledger_verify) and shows the verdict; "Export…" writes the entries
 * as JSON with a signature beside them (sd_ledger_export, written
 * atomically). Reading, verifying and exporting run in worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_LEDGER_VIEW (sealdesk_ledger_view_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskLedgerView, sealdesk_ledger_view, SEALDESK, LEDGER_VIEW, AdwBin)

typedef enum {
  SEALDESK_LEDGER_UNCHECKED,
  SEALDESK_LEDGER_CHECKING,
  SEALDESK_LEDGER_VALID,
  SEALDESK_LEDGER_INVALID,    /* tampered with, or cannot be read */
} SealdeskLedgerVerdict;

GtkWidget  *sealdesk_ledger_view_new          (SdWorkspace        *workspace);
/* Reads the entries again (in a worker thread). */
void        sealdesk_ledger_view_reload       (SealdeskLedgerView *self);
gboolean    sealdesk_ledger_view_is_loading   (SealdeskLedgerView *self);
guint       sealdesk_ledger_view_get_n_entries (SealdeskLedgerView *self);
/* Entries that pass the filters. */
guint       sealdesk_ledger_view_get_n_shown  (SealdeskLedgerView *self);
/* The kind of each entry shown, in order ("seal-use", "decision", …). */
GStrv       sealdesk_ledger_view_get_shown_kinds (SealdeskLedgerView *self);
SealdeskLedgerVerdict sealdesk_ledger_view_get_verdict (SealdeskLedgerView *self);
/* What "Verify Ledger" or "Export…" last said, or NULL. */
const char *sealdesk_ledger_view_get_message  (SealdeskLedgerView *self);
/* Exports the entries the list shows (those that pass the filters) to
 * @file: what "Export…" does once a file is chosen. */
void        sealdesk_ledger_view_export_to    (SealdeskLedgerView *self,
                                               GFile              *file);
gboolean    sealdesk_ledger_view_is_exporting (SealdeskLedgerView *self);

G_END_DECLS
