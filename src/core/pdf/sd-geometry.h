/* sd-geometry.h: the one place that converts between the spaces of a page
 *
 *   user space     PDF default user space of the page: x right, y up, in
 *                  points ("/Rect", the crop box);
 *   visible space  the page as a person sees it: the crop box turned
 *                  clockwise by the page's /Rotate; points, origin at the
 *                  bottom-left corner, x right, y up. `sealdesk-cli sign
 *                  --rect`, stamp requests and the app's placements use it;
 *   view space     a rectangle of a widget (x right, y down) that shows the
 *                  visible page turned a further 0, 90, 180 or 270 degrees
 *                  clockwise (the viewer's own rotation), at any scale.
 *
 * The signer, the verifier's locations, the page view's overlay and every
 * dialog go through these functions; no other code turns coordinates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct {
  double x;
  double y;
  double width;
  double height;
} SdRect;

/* Width and height of the page in visible space. */
void     sd_geometry_visible_size          (const SdPdfPageInfo *page,
                                            double              *width,
                                            double              *height);
void     sd_geometry_visible_to_user       (const SdPdfPageInfo *page,
                                            double               u,
                                            double               v,
                                            double              *x,
                                            double              *y);
void     sd_geometry_user_to_visible       (const SdPdfPageInfo *page,
                                            double               x,
                                            double               y,
                                            double              *u,
                                            double              *v);
/* @visible → @user as [x0 y0 x1 y1] (x0 < x1, y0 < y1), a PDF /Rect. */
void     sd_geometry_visible_rect_to_user  (const SdPdfPageInfo *page,
                                            const SdRect        *visible,
                                            double               user[4]);
/* A /Rect (corners in any order) → visible space. */
void     sd_geometry_user_rect_to_visible  (const SdPdfPageInfo *page,
                                            const double         user[4],
                                            SdRect              *visible);
/* Clips @rect to the visible page; FALSE when nothing of it is left. */
gboolean sd_geometry_clip_to_page          (const SdPdfPageInfo *page,
                                            SdRect              *rect);

/* How a visible page of @width × @height points is drawn into @view
 * (widget coordinates), turned @rotation degrees clockwise. */
typedef struct {
  double width;          /* visible size, points */
  double height;
  int    rotation;       /* 0, 90, 180, 270 */
  SdRect view;           /* where the page is drawn */
} SdViewTransform;

/* Normalises @degrees to 0, 90, 180 or 270 (negative and > 360 too). */
int      sd_geometry_normalize_rotation    (int                  degrees);
void     sd_geometry_visible_to_view       (const SdViewTransform *transform,
                                            double               u,
                                            double               v,
                                            double              *x,
                                            double              *y);
void     sd_geometry_view_to_visible       (const SdViewTransform *transform,
                                            double               x,
                                            double               y,
                                            double              *u,
                                            double              *v);
void     sd_geometry_visible_rect_to_view  (const SdViewTransform *transform,
                                            const SdRect        *visible,
                                            SdRect              *view);
void     sd_geometry_view_rect_to_visible  (const SdViewTransform *transform,
                                            const SdRect        *view,
                                            SdRect              *visible);

G_END_DECLS
