/* sealdesk-session.h: one open document and what the person does with it
 *
 * The window shows a session; the page view, the overlay, the thumbnails
 * and the signatures panel observe it. A session holds the file, the
 * rendered document (once loaded) with how it is shown (page, zoom and
 * rotation: its SealdeskDocumentModel), the password it was opened with, the
 * verification of its signatures, and GListModels of SealdeskPlacement and
 * SealdeskPageMark with undo and redo. Placements are the person's unsaved work until
 * they are signed into a copy (SealdeskSession:modified).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sealdesk-document.h"
#include "sealdesk-document-model.h"
#include "sealdesk-page-mark.h"
#include "sealdesk-placement.h"
#include "sealdesk-verify-task.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SESSION (sealdesk_session_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSession, sealdesk_session, SEALDESK, SESSION, GObject)

SealdeskSession  *sealdesk_session_new            (GFile             *file);
GFile            *sealdesk_session_get_file       (SealdeskSession   *self);
/* NULL until loaded. */
SealdeskDocument *sealdesk_session_get_document   (SealdeskSession   *self);
void              sealdesk_session_set_document   (SealdeskSession   *self,
                                                   SealdeskDocument  *document);
/* The view state the page view, thumbnails and page entry show: the
 * document (the same as above), page, zoom, rotation. Never NULL. */
SealdeskDocumentModel *sealdesk_session_get_model (SealdeskSession   *self);
/* The password the document was opened with, or NULL (kept for signing;
 * wiped when the session goes). */
const char       *sealdesk_session_get_password   (SealdeskSession   *self);
void              sealdesk_session_set_password   (SealdeskSession   *self,
                                                   const char        *password);
/* Was the document opened with a password? */
gboolean          sealdesk_session_get_protected  (SealdeskSession   *self);

/* The verification of the document's signatures, or NULL before it
 * starts. Setting another one (or NULL) cancels the one before; the
 * session cancels its verification when it goes. */
SealdeskVerifyTask *sealdesk_session_get_verification (SealdeskSession    *self);
void              sealdesk_session_set_verification (SealdeskSession    *self,
                                                   SealdeskVerifyTask *verification);

/* Are there placements not yet signed (work that closing would lose)? */
gboolean          sealdesk_session_get_modified   (SealdeskSession   *self);

/* The placements, a GListModel of SealdeskPlacement in the order made. */
GListModel       *sealdesk_session_get_placements (SealdeskSession   *self);
/* Each edit below is one step of undo. */
void              sealdesk_session_add_placement  (SealdeskSession   *self,
                                                   SealdeskPlacement *placement);
void              sealdesk_session_remove_placement (SealdeskSession *self,
                                                   SealdeskPlacement *placement);
void              sealdesk_session_move_placement (SealdeskSession   *self,
                                                   SealdeskPlacement *placement,
                                                   guint              page,
                                                   double             x,
                                                   double             y,
                                                   double             width,
                                                   double             height);
void              sealdesk_session_clear_placements (SealdeskSession *self);
/* The page marks (QR code, watermark, cross-page seal), a GListModel of
 * SealdeskPageMark, drawn with the next signature; adding and removing
 * one is a step of the same undo as the placements. */
GListModel       *sealdesk_session_get_marks      (SealdeskSession   *self);
void              sealdesk_session_add_mark       (SealdeskSession   *self,
                                                   SealdeskPageMark  *mark);
void              sealdesk_session_remove_mark    (SealdeskSession   *self,
                                                   SealdeskPageMark  *mark);
gboolean          sealdesk_session_can_undo       (SealdeskSession   *self);
gboolean          sealdesk_session_can_redo       (SealdeskSession   *self);
void              sealdesk_session_undo           (SealdeskSession   *self);
void              sealdesk_session_redo           (SealdeskSession   *self);

G_END_DECLS
