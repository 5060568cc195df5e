/* sealdesk-window.h: a window showing one document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sealdesk-application.h"
#include "sealdesk-document-model.h"
#include "sealdesk-page-view.h"
#include "sealdesk-session.h"

G_BEGIN_DECLS

typedef enum
{
  SEALDESK_WINDOW_STATE_START,
  SEALDESK_WINDOW_STATE_LOADING,
  SEALDESK_WINDOW_STATE_DOCUMENT,
  SEALDESK_WINDOW_STATE_ERROR,
  SEALDESK_WINDOW_STATE_LOCKED,
} SealdeskWindowState;

#define SEALDESK_TYPE_WINDOW_STATE (sealdesk_window_state_get_type ())
GType sealdesk_window_state_get_type (void);

#define SEALDESK_TYPE_WINDOW (sealdesk_window_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskWindow, sealdesk_window, SEALDESK, WINDOW, AdwApplicationWindow)

SealdeskWindow        *sealdesk_window_new           (SealdeskApplication *application);
void                   sealdesk_window_open          (SealdeskWindow      *self,
                                                      GFile               *file);
GFile                 *sealdesk_window_get_file      (SealdeskWindow      *self);
SealdeskWindowState    sealdesk_window_get_state     (SealdeskWindow      *self);
/* The view state of the session shown (its model), or NULL before a
 * document is opened. */
SealdeskDocumentModel *sealdesk_window_get_model     (SealdeskWindow      *self);
SealdeskPageView      *sealdesk_window_get_page_view (SealdeskWindow      *self);
void                   sealdesk_window_verify_again  (SealdeskWindow      *self);
/* The session of the document shown or being opened, or NULL. */
SealdeskSession       *sealdesk_window_get_session   (SealdeskWindow      *self);

G_END_DECLS
