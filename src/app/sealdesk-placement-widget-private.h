/* sealdesk-placement-widget-private.h: what the placement widget's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-page-view.h"
#include "sealdesk-placement-widget.h"

G_BEGIN_DECLS

/* Corner handles: drawn this large, grabbed within this distance. */
#define HANDLE_SIZE 8.0
#define HANDLE_GRAB 12.0

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_RESIZE,
} DragMode;

struct _SealdeskPlacementWidget
{
  GtkWidget          parent_instance;

  SealdeskSession   *session;
  SealdeskPlacement *placement;
  GdkPaintable      *picture;
  char              *name;
  double             true_width;
  double             true_height;
  gboolean           selected;

  GtkWidget         *menu;

  /* The drag under way, in the page view's coordinates. */
  DragMode           drag_mode;
  double             drag_start_x;
  double             drag_start_y;
  SdRect             drag_start_view;   /* the placement's rectangle, view space */
  double             fixed_x;           /* the corner that stays, resizing */
  double             fixed_y;
  double             moving_x;          /* the corner that follows the pointer */
  double             moving_y;
  guint              drag_page;
  SdRect             drag_rect;         /* where it is now (visible space) */
};

/* sealdesk-placement-widget.c */
/* The page view the widget is an overlay of, or NULL. */
SealdeskPageView *_sealdesk_placement_widget_get_view    (SealdeskPlacementWidget *self);
/* Moves the placement to @rect of @page (kept on the page), through the
 * session (so that it can be undone). */
void              _sealdesk_placement_widget_commit      (SealdeskPlacementWidget *self,
                                                          guint                    page,
                                                          const SdRect            *rect);
void              _sealdesk_placement_widget_rect_of    (SealdeskPlacement       *placement,
                                                          SdRect                  *rect);

/* sealdesk-placement-widget-keys.c */
/* The key controller's "key-pressed": arrows, Shift+arrows, Delete, Escape. */
gboolean          _sealdesk_placement_widget_key_pressed (SealdeskPlacementWidget *self,
                                                          guint                    keyval,
                                                          guint                    keycode,
                                                          GdkModifierType          state);

G_END_DECLS
