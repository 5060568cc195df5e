/* sealdesk-placement.h: one seal placed on a page of an open document
 *
 * Coordinates are in points in the page as shown (crop box, after the
 * page's /Rotate), origin at the bottom-left corner: the space of
 * sd_geometry (src/core/pdf/sd-geometry.h), of `sealdesk-cli sign --rect`
 * and of a stamp request's placements. The page is 0-based here (the
 * views' numbering); the signer and requests count from 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_PLACEMENT (sealdesk_placement_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPlacement, sealdesk_placement, SEALDESK, PLACEMENT, GObject)

SealdeskPlacement *sealdesk_placement_new        (const char        *seal_id,
                                                  guint              page,
                                                  double             x,
                                                  double             y,
                                                  double             width,
                                                  double             height);
SealdeskPlacement *sealdesk_placement_copy       (SealdeskPlacement *self);
/* The seal library's ID of the seal placed. */
const char        *sealdesk_placement_get_seal_id (SealdeskPlacement *self);
guint              sealdesk_placement_get_page   (SealdeskPlacement *self);
void               sealdesk_placement_get_rect   (SealdeskPlacement *self,
                                                  double            *x,
                                                  double            *y,
                                                  double            *width,
                                                  double            *height);
/* Emits notify::rect (and notify::page) once. */
void               sealdesk_placement_set_rect   (SealdeskPlacement *self,
                                                  guint              page,
                                                  double             x,
                                                  double             y,
                                                  double             width,
                                                  double             height);
/* The document's empty signature field this placement fills, or NULL. */
const char        *sealdesk_placement_get_field  (SealdeskPlacement *self);
void               sealdesk_placement_set_field  (SealdeskPlacement *self,
                                                  const char        *field);
/* Same seal, page, field and rectangle (within 0.01 pt). */
gboolean           sealdesk_placement_equal      (SealdeskPlacement *a,
                                                  SealdeskPlacement *b);

G_END_DECLS
