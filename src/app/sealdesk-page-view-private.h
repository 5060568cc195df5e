/* sealdesk-page-view-private.h: the page view's state, shared by its source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-geometry.h"
#include "sealdesk-page-layout.h"
#include "sealdesk-page-view.h"

G_BEGIN_DECLS

#define SEALDESK_SCROLL_STEP 48.0

struct _SealdeskPageView
{
  GtkWidget              parent_instance;

  SealdeskDocumentModel *model;
  SealdeskDocument      *document;
  GtkAdjustment         *hadjustment;
  GtkAdjustment         *vadjustment;
  SealdeskPageLayout    *layout;
  double                 layout_scale;
  guint                  layout_rotation;
  guint                  publish_scale_source;
  guint                  update_source;

  /* page (GUINT_TO_POINTER) -> PageJob, for renders not finished yet */
  GHashTable            *jobs;
  /* page (GUINT_TO_POINTER) -> why its last render failed (char *) */
  GHashTable            *failures;

  /* Overlay (sealdesk-page-view-overlay.c): child widgets placed on
   * pages, in visible-space points; of Overlay *. */
  GPtrArray             *overlays;

  /* The page point to keep under the pointer (or the centre) when the
   * zoom changes; applied at the next allocation. */
  guint                  anchor_page;
  double                 anchor_fx;
  double                 anchor_fy;
  double                 anchor_wx;
  double                 anchor_wy;

  /* A page to scroll to at the next allocation, or -1. */
  int                    scroll_to_page;
  /* The page last asked for, and the scroll position that shows it: while
   * the view stays there, that page remains the current one even when its
   * neighbour fills more of the view. */
  guint                  requested_page;
  double                 requested_value;

  /* Pointer position, for zooming around it, and pinch state. */
  double                 pointer_x;
  double                 pointer_y;
  double                 pinch_start_scale;

  guint                  hscroll_policy : 1;
  guint                  vscroll_policy : 1;
  guint                  layout_valid : 1;
  guint                  in_allocate : 1;
  guint                  setting_page : 1;
  guint                  have_anchor : 1;
  guint                  anchor_at_top : 1;   /* the view was at the top: it stays there */
  guint                  have_pointer : 1;

  /* Text: find and selection (sealdesk-page-view-text.c) */
  gpointer               text_document;     /* what the selection is of (not a reference) */
  GPtrArray             *find_matches;      /* page -> GArray of graphene_rect_t, or NULL */
  int                    find_page;         /* the current match, or -1 */
  int                    find_index;
  int                    sel_start_page;    /* where the drag started, or -1 */
  int                    sel_end_page;
  graphene_point_t       sel_start;         /* page points, top-left origin */
  graphene_point_t       sel_end;
  GPtrArray             *selection;         /* of TextSelection, one per page */
  GCancellable          *sel_cancellable;
  guint                  sel_serial;        /* the drag state asked for */
  guint                  sel_done_serial;   /* the state the selection shows */
  guint                  sel_busy : 1;
  guint                  sel_copy_pending : 1;
};

/* sealdesk-page-view.c */
void        _sealdesk_page_view_emit_page_rendered (SealdeskPageView      *self,
                                                    guint                  page);

/* sealdesk-page-view-scroll.c */
void        _sealdesk_page_view_set_centre_anchor  (SealdeskPageView      *self);
void        _sealdesk_page_view_set_anchor         (SealdeskPageView      *self,
                                                    double                 wx,
                                                    double                 wy);
void        _sealdesk_page_view_scroll_to_page     (SealdeskPageView      *self,
                                                    guint                  page);
void        _sealdesk_page_view_configure_adjustments (SealdeskPageView   *self,
                                                       int                 width,
                                                       int                 height);
void        _sealdesk_page_view_set_adjustment     (SealdeskPageView      *self,
                                                    GtkAdjustment        **slot,
                                                    GtkAdjustment         *adjustment);
void        _sealdesk_page_view_adjustment_changed (SealdeskPageView      *self);

/* sealdesk-page-view-render.c */
GHashTable *_sealdesk_page_view_jobs_new           (void);
void        _sealdesk_page_view_cancel_jobs        (SealdeskPageView      *self);
void        _sealdesk_page_view_texture_size       (SealdeskPageView      *self,
                                                    const GdkRectangle    *rect,
                                                    int                   *width,
                                                    int                   *height);
void        _sealdesk_page_view_update_visible     (SealdeskPageView      *self);
void        _sealdesk_page_view_request_visible    (SealdeskPageView      *self);

/* sealdesk-page-view-geometry.c */
/* @rect of @page (page points, see there) in widget coordinates. */
gboolean    _sealdesk_page_view_rect_to_view       (SealdeskPageView      *self,
                                                    guint                  page,
                                                    const graphene_rect_t *rect,
                                                    graphene_rect_t       *out);

/* sealdesk-page-view-text.c */
void        _sealdesk_page_view_init_text          (SealdeskPageView      *self);
void        _sealdesk_page_view_reset_text         (SealdeskPageView      *self);
void        _sealdesk_page_view_snapshot_text      (SealdeskPageView      *self,
                                                    GtkSnapshot           *snapshot);

/* sealdesk-page-view-overlay.c */
void        _sealdesk_page_view_init_overlays      (SealdeskPageView      *self);
void        _sealdesk_page_view_dispose_overlays   (SealdeskPageView      *self);
void        _sealdesk_page_view_allocate_overlays  (SealdeskPageView      *self);
void        _sealdesk_page_view_snapshot_overlays  (SealdeskPageView      *self,
                                                    GtkSnapshot           *snapshot);

/* sealdesk-page-view-input.c */
void        _sealdesk_page_view_class_init_input   (GtkWidgetClass        *widget_class);
void        _sealdesk_page_view_init_input         (SealdeskPageView      *self);

G_END_DECLS
