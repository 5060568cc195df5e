/* sealdesk-window-private.h: the window's state, shared with its actions (and tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-page-view.h"
#include "sealdesk-password-dialog.h"
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
  GtkScrolledWindow      *scrolled_window;
  SealdeskPageView       *page_view;
  GtkWidget              *page_box;
  GtkEntry               *page_entry;
  GtkLabel               *page_count_label;
  GtkWidget              *zoom_box;
  GtkMenuButton          *zoom_button;
  GtkMenuButton          *primary_menu_button;
  GMenu                  *recent_menu;
};

/* sealdesk-window-actions.c */
void _sealdesk_window_class_actions_init (GtkWidgetClass *widget_class);
void _sealdesk_window_actions_update     (SealdeskWindow *self);

/* sealdesk-window.c */
void _sealdesk_window_ask_password       (SealdeskWindow *self,
                                          gboolean        retry);

G_END_DECLS
