/* sealdesk-seals-view-private.h: what the seals view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-seal-library.h"
#include "sealdesk-seal-row.h"
#include "sealdesk-seals-view.h"

G_BEGIN_DECLS

struct _SealdeskSealsView
{
  AdwBin parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list;
  AdwStatusPage   *error_page;

  SdWorkspace          *workspace;
  GCancellable         *cancellable;
  guint                 listing;      /* listings running */
  guint                 changing;     /* changes running */
  guint                 reading;      /* pictures being read for import */
  gboolean              reload_again;
  guint                 n_seals;
  GtkWindow            *dialog;       /* weak */
  GtkFileChooserNative *chooser;
};

typedef enum
{
  OP_STATE,
  OP_GRANT,
  OP_WITHDRAW,
  OP_IMPORT,
} OpKind;

/* A picture chosen for import, read (in a worker thread) both as it is
 * and with its white background made transparent, each cropped to the
 * mark. Reference counted (g_atomic_rc_box). */
typedef struct
{
  GFile  *file;
  char   *basename;
  GBytes *png[2];       /* [white_to_transparent] */
  int     width_px[2];
  int     height_px[2];
  char   *error[2];     /* why png[i] is NULL */
} ImportPicture;

ImportPicture   *_sealdesk_import_picture_ref      (ImportPicture     *picture);
void             _sealdesk_import_picture_unref    (ImportPicture     *picture);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportPicture, _sealdesk_import_picture_unref)

/* One change of the library, run in a worker thread. */
typedef struct
{
  OpKind    kind;
  char     *seal_id;
  char     *seal_name;
  char     *action;    /* OP_STATE: suspend, restore, revoke, destroy */
  char     *reason;
  char     *profile;   /* OP_GRANT, OP_WITHDRAW */
  SdSealMay may;
  /* OP_IMPORT: the picture and what the details dialog said, to show it
   * again as it was when the library refuses. */
  ImportPicture *picture;
  gboolean  white;
  double    width_mm;
  guint     kind_index;
  char     *seal_kind;
  char     *key_id;
} Op;

void             _sealdesk_seals_view_op_free      (Op                *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, _sealdesk_seals_view_op_free)

/* Enables the actions that fit: none while a change runs. */
void             _sealdesk_seals_view_update_actions (SealdeskSealsView *self);
void             _sealdesk_seals_view_show_toast   (SealdeskSealsView *self,
                                                    const char        *text);
GtkWindow       *_sealdesk_seals_view_parent_window (SealdeskSealsView *self);
void             _sealdesk_seals_view_set_dialog   (SealdeskSealsView *self,
                                                    GtkWidget         *dialog);
void             _sealdesk_seals_view_show_error   (SealdeskSealsView *self,
                                                    const char        *heading,
                                                    const char        *message);
/* Runs @op (taken) in a worker thread; a toast, or a dialog, says how it went. */
void             _sealdesk_seals_view_run_op       (SealdeskSealsView *self,
                                                    Op                *op);
SealdeskSealRow *_sealdesk_seals_view_find_row     (SealdeskSealsView *self,
                                                    const char        *seal_id);

void             _sealdesk_seals_view_emit_changed (SealdeskSealsView *self);

/* sealdesk-seals-view-list.c */
/* Lists the library again after a change (counted as a change until the
 * list shows it), then says "changed". */
void             _sealdesk_seals_view_reload_after_change (SealdeskSealsView *self);

/* sealdesk-seals-view-dialogs.c */
void             _sealdesk_seals_view_grant_action (GtkWidget         *widget,
                                                    const char        *action_name,
                                                    GVariant          *parameter);

/* sealdesk-seals-view-import.c */
/* Reads @file, then asks for the seal's details (or says why it cannot be
 * read). */
void             _sealdesk_seals_view_import_file  (SealdeskSealsView *self,
                                                    GFile             *file);
/* The details dialog again, filled in as @op (OP_IMPORT) was, saying
 * @message. */
void             _sealdesk_seals_view_import_again (SealdeskSealsView *self,
                                                    Op                *op,
                                                    const char        *message);

G_END_DECLS
