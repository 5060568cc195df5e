/* sealdesk-window-private.h: the window's state, shared with its actions (and tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-application.h"
#include "sealdesk-find-bar.h"
#include "sealdesk-outline.h"
#include "sealdesk-page-view.h"
#include "sealdesk-password-dialog.h"
#include "sealdesk-mark-layer.h"
#include "sealdesk-placement-layer.h"
#include "sealdesk-seal-palette.h"
#include "sealdesk-session.h"
#include "sealdesk-signatures-panel.h"
#include "sealdesk-start-page.h"
#include "sealdesk-sync-indicator.h"
#include "sealdesk-thumbnails.h"
#include "sealdesk-view-sidebar.h"
#include "sealdesk-window.h"

G_BEGIN_DECLS

struct _SealdeskWindow
{
  AdwApplicationWindow    parent_instance;

  GSettings              *settings;
  GCancellable           *load_cancellable;
  SealdeskPasswordDialog *password_dialog;
  GtkFileChooserNative   *file_chooser;
  SealdeskWindowState     state;
  guint                   loading_timeout;
  /* Opened before it was on screen: the document needs no cross-fade. */
  gboolean show_at_once;
  gboolean                show_sidebar;
  gboolean                joined_application; /* took the recent menu and workspace */

  /* The document session: the file, document, password, verification and
   * placements shown (sealdesk-window-placements.c) */
  SealdeskSession        *session;
  SealdeskPlacementLayer *placement_layer;
  /* Page marks (sealdesk-window-marks.c) */
  SealdeskMarkLayer      *mark_layer;
  GtkWidget              *marks_dialog;     /* weak */
  GtkWidget              *void_dialog;      /* weak */
  /* Asking before placements are lost (sealdesk-window-close.c) */
  GtkWidget              *close_dialog;     /* weak */
  gboolean                close_confirmed;  /* Discard was chosen */
  gboolean                close_after_sign; /* Sign… was chosen: close once signed */
  /* Empty signature fields (sealdesk-window-fields.c) */
  GPtrArray              *field_outlines;   /* SealdeskFieldOutline */
  GCancellable           *fields_cancellable;
  gpointer                fields_job;       /* the reading under way */

  /* Signing (sealdesk-window-sign.c) */
  GtkWidget              *sign_dialog;      /* weak */
  GtkWidget              *batch_dialog;     /* weak */

  /* Signatures (sealdesk-window-signatures.c); the verification itself
   * is the session's */
  GCancellable           *save_cancellable;
  GtkFileChooserNative   *report_chooser;
  /* Check a Printout (sealdesk-window-printout.c) */
  GtkFileChooserNative   *printout_chooser;
  GCancellable           *printout_cancellable;
  GtkWidget              *printout_dialog;  /* weak: the last answer */
  guint                   printout_checks;  /* under way */
  gboolean                show_signatures;
  gboolean                signatures_opened;
  gboolean                reveal_signatures_pending;
  gulong                  workspace_handler; /* notify::workspace-opening of the application */
  int                     pending_signature;
  guint                   pending_signature_source;
  int                     highlight_signature;
  guint                   highlight_timeout;
  guint                   highlight_tick;

  /* Reading: Save a Copy (sealdesk-window-copy.c), printing
   * (sealdesk-window-print.c) */
  GtkFileChooserNative   *copy_chooser;
  GCancellable           *copy_cancellable;
  guint                   copies_saving;
  GtkPrintOperation      *print_operation;
  GtkPrintSettings       *print_settings;
  GtkPrintOperationResult print_result;

  /* The views beside the document (sealdesk-window-views.c): made once
   * the workspace is open */
  GtkWidget              *requests_view;    /* SealdeskRequestsView */
  GtkWidget              *seals_view;       /* SealdeskSealsView */
  GtkWidget              *ledger_view;      /* SealdeskLedgerView */
  guint                   sync_passes;      /* as of the last reload */

  /* Template children */
  AdwToastOverlay        *toast_overlay;
  GtkWidget              *navigation_box;
  SealdeskViewSidebar    *view_sidebar;
  AdwViewStack           *view_stack;
  AdwBin                 *requests_bin;
  AdwBin                 *seals_bin;
  AdwBin                 *ledger_bin;
  AdwWindowTitle         *window_title;
  GtkStack               *stack;
  SealdeskStartPage      *start_page;
  AdwStatusPage          *loading_page;
  GtkSpinner             *loading_spinner;
  AdwStatusPage          *error_page;
  GtkWidget              *unlock_button;
  AdwFlap                *flap;
  GtkStack               *sidebar_stack;
  SealdeskThumbnails     *thumbnails;
  SealdeskOutline        *outline;
  SealdeskFindBar        *find_bar;
  SealdeskSealPalette    *seal_palette;
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
  SealdeskSyncIndicator  *sync_indicator;
  GMenu                  *recent_menu;
};

/* How the session shown is shown (document, page, zoom, rotation), or
 * NULL before a document is opened. */
static inline SealdeskDocumentModel *
_sealdesk_window_model (SealdeskWindow *self)
{
  return self->session != NULL ? sealdesk_session_get_model (self->session) : NULL;
}

/* The application's workspace, or NULL while it is not open (or the
 * window belongs to no SealdeskApplication). */
static inline SdWorkspace *
_sealdesk_window_workspace (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return SEALDESK_IS_APPLICATION (app)
           ? sealdesk_application_get_workspace (SEALDESK_APPLICATION (app))
           : NULL;
}

/* The verification of the session shown, or NULL. */
static inline SealdeskVerifyTask *
_sealdesk_window_verify_task (SealdeskWindow *self)
{
  return self->session != NULL ? sealdesk_session_get_verification (self->session) : NULL;
}

/* sealdesk-window-actions.c */
void _sealdesk_window_class_actions_init (GtkWidgetClass *widget_class);
void _sealdesk_window_actions_update     (SealdeskWindow *self);
gboolean _sealdesk_window_is_reusable    (SealdeskWindow *self);

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

/* sealdesk-window-printout.c */
void _sealdesk_window_class_printout_init   (GtkWidgetClass *widget_class);
void _sealdesk_window_check_printout        (SealdeskWindow *self,
                                             GFile          *image);
void _sealdesk_window_printout_dispose      (SealdeskWindow *self);

/* sealdesk-window-copy.c */
void _sealdesk_window_save_copy             (SealdeskWindow *self,
                                             GFile          *destination);
void _sealdesk_window_save_copy_action      (GtkWidget      *widget,
                                             const char     *action_name,
                                             GVariant       *param);
void _sealdesk_window_copy_dispose          (SealdeskWindow *self);

/* sealdesk-window-print.c */
void _sealdesk_window_print                 (SealdeskWindow          *self,
                                             GtkPrintOperationAction  action,
                                             GFile                   *export_file);
void _sealdesk_window_print_action          (GtkWidget      *widget,
                                             const char     *action_name,
                                             GVariant       *param);
void _sealdesk_window_print_dispose         (SealdeskWindow *self);

/* sealdesk-window-sign.c */
void     _sealdesk_window_class_sign_init    (GtkWidgetClass *widget_class);
void     _sealdesk_window_sign_dispose       (SealdeskWindow *self);
gboolean _sealdesk_window_can_sign           (SealdeskWindow *self);
const char *_sealdesk_window_sign_blocker    (SealdeskWindow *self);

/* sealdesk-window-placements.c */
void _sealdesk_window_class_placements_init (GtkWidgetClass *widget_class);
void _sealdesk_window_placements_init       (SealdeskWindow *self);
void _sealdesk_window_placements_constructed (SealdeskWindow *self);
void _sealdesk_window_placements_dispose    (SealdeskWindow *self);
void _sealdesk_window_placements_update     (SealdeskWindow *self);
/* Page marks, hooked into the placements' init, dispose and session. */
void _sealdesk_window_class_marks_init      (GtkWidgetClass *widget_class);
void _sealdesk_window_marks_init            (SealdeskWindow *self);
void _sealdesk_window_marks_dispose         (SealdeskWindow *self);
void _sealdesk_window_marks_update          (SealdeskWindow *self);
void _sealdesk_window_set_session           (SealdeskWindow  *self,
                                             SealdeskSession *session);
SealdeskPlacement *_sealdesk_window_place_seal (SealdeskWindow *self,
                                                const char     *seal_id,
                                                guint           page,
                                                double          u,
                                                double          v,
                                                GError        **error);

/* sealdesk-window-close.c */
gboolean _sealdesk_window_has_unsigned_placements (SealdeskWindow *self);
gboolean _sealdesk_window_close_request     (GtkWindow      *window);
gboolean _sealdesk_window_close_after_sign  (SealdeskWindow *self);
void     _sealdesk_window_close_dispose     (SealdeskWindow *self);

/* sealdesk-window-fields.c */
void _sealdesk_window_fields_update         (SealdeskWindow *self);
void _sealdesk_window_fields_dispose        (SealdeskWindow *self);
/* sealdesk-window-requests.c */
void     _sealdesk_window_class_requests_init (GtkWidgetClass *widget_class);

/* sealdesk-window-views.c */
void     _sealdesk_window_class_views_init    (GtkWidgetClass *widget_class);
void     _sealdesk_window_views_init          (SealdeskWindow *self);
gboolean _sealdesk_window_show_view           (SealdeskWindow *self,
                                               const char     *name);

/* sealdesk-window-load.c */
void _sealdesk_window_ask_password       (SealdeskWindow *self,
                                          gboolean        retry);
void _sealdesk_window_open_with_password (SealdeskWindow *self,
                                          GFile          *file,
                                          const char     *password);

/* sealdesk-window.c */
char *_sealdesk_window_display_name      (SealdeskWindow      *self);
void  _sealdesk_window_set_state         (SealdeskWindow      *self,
                                          SealdeskWindowState  state);
void  _sealdesk_window_update_title      (SealdeskWindow      *self);
void  _sealdesk_window_update_page_entry (SealdeskWindow      *self);
void  _sealdesk_window_follow_model      (SealdeskWindow        *self,
                                          SealdeskDocumentModel *old);

G_END_DECLS
