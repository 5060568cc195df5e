/* sealdesk-marks-dialog.h: "Page Marks…": QR code, watermark and cross-page seal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"
#include "sealdesk-session.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_MARKS_DIALOG (sealdesk_marks_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskMarksDialog, sealdesk_marks_dialog, SEALDESK, MARKS_DIALOG, AdwWindow)

/* Adds page marks to @session (each one step of its undo) and lists
 * those it has, to remove; seals of @workspace's library for the
 * cross-page seal. */
GtkWidget *sealdesk_marks_dialog_new (GtkWindow       *parent,
                                      SealdeskSession *session,
                                      SdWorkspace     *workspace);

G_END_DECLS
