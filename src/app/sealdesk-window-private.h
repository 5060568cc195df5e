/* sealdesk-window-private.h: the window's state, shared with its actions (and tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-page-view.h"
#include "sealdesk-password-dialog.h"
#include "sealdesk-signatures-panel.h"
#include "sealdesk-start-page.h"
#include "sealdesk-thumbnails.h"
#include "sealdesk-window.h"

G_BEGIN_DECLS

struct _SealdeskWindow
{
  AdwApplicationWindow    parent_instance;

  SealdeskDocumentModel  *model;
  GSettings              *settings;
  GFile                  *file;
  GCancellable           *load_cancellable;
  SealdeskPasswordDialog *password_dialog;
  GtkFileChooserNative   *file_chooser;
  SealdeskWindowState     state;
  guint                   loading_timeout;
  gboolean                show_sidebar;
  gboolean                encrypted;        /* opened with a password */

  /* Signing (sealdesk-window-sign.c) */
  GtkWidget              *sign_dialog;      /* weak */

  /* Signatures (sealdesk-window-signatures.c) */
  SealdeskVerifyTask     *verify_task;
  GCancellable           *save_cancellable;
  GtkFileChooserNative   *report_chooser;
  gboolean                show_signatures;
  gboolean                signatures_opened;
  gboolean                reveal_signatures_pending;
  int                     pending_signature;
  guint                   pending_signature_source;
  int                     highlight_signature;
  guint                   highlight_timeout;
  guint                   highlight_tick;

  /* Template children */
  AdwToastOverlay        *toast_overlay;
  AdwWindowTitle         *window_title;
  GtkStack               *stack;
  SealdeskStartPage      *start_page;
  AdwStatusPage          *loading_page;
  GtkSpinner             *loading_spinner;
  AdwStatusPage          *error_page;
  GtkWidget              *unlock_button;
  AdwFlap                *flap;
  SealdeskThumbnails     *thumbnails;
  AdwFlap                *signatures_flap;
  SealdeskSignaturesPanel *signatures_panel;
  GtkRevealer            *banner_revealer;
  GtkWidget              *banner_box;
  GtkImage               *banner_icon;
  GtkLabel               *banner_label;
  GtkOverlay             *page_overlay;
  GtkWidget              *signature_highlight;
  GtkScrolledWindow      *scrolled_window;
  SealdeskPageView       *page_view;
  GtkWidget              *page_box;
  GtkEntry               *page_entry;
  GtkLabel               *page_count_label;
  GtkWidget              *zoom_box;
  GtkMenuButton          *zoom_button;
  GtkMenuButton          *primary_menu_button;
  GtkWidget              *sign_button;
  GMenu                  *recent_menu;
};

/* sealdesk-window-actions.c */
void _sealdesk_window_class_actions_init (GtkWidgetClass *widget_class);
void _sealdesk_window_actions_update     (SealdeskWindow *self);

/* sealdesk-window-signatures.c */
void _sealdesk_window_class_signatures_init (GtkWidgetClass *widget_class);
void _sealdesk_window_signatures_init       (SealdeskWindow *self);
void _sealdesk_window_signatures_dispose    (SealdeskWindow *self);
void _sealdesk_window_signatures_start      (SealdeskWindow *self,
                                             const char     *password);
void _sealdesk_window_signatures_stop       (SealdeskWindow *self);
void _sealdesk_window_signatures_update     (SealdeskWindow *self);
void _sealdesk_window_show_signature        (SealdeskWindow *self,
                                             guint           index);

/* sealdesk-window-report.c */
void _sealdesk_window_save_report           (SealdeskWindow *self,
                                             GFile          *file);
void _sealdesk_window_save_report_action    (GtkWidget      *widget,
                                             const char     *action_name,
                                             GVariant       *param);
void _sealdesk_window_report_dispose        (SealdeskWindow *self);
char *_sealdesk_window_report_file_name     (SealdeskWindow *self);

/* sealdesk-window-sign.c */
void     _sealdesk_window_class_sign_init    (GtkWidgetClass *widget_class);
void     _sealdesk_window_sign_dispose       (SealdeskWindow *self);
gboolean _sealdesk_window_can_sign           (SealdeskWindow *self);
const char *_sealdesk_window_sign_blocker    (SealdeskWindow *self);

/* sealdesk-window-requests.c */
void     _sealdesk_window_class_requests_init (GtkWidgetClass *widget_class);

/* sealdesk-window.c */
void _sealdesk_window_ask_password       (SealdeskWindow *self,
                                          gboolean        retry);

G_END_DECLS
