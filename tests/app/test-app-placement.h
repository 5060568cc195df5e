/* test-app-placement.h: what the placement tests share (test-app-placement.c,
 * test-app-placement-palette.c, test-app-placement-sign.c,
 * test-app-placement-fields.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-geometry.h"
#include "sealdesk-placement.h"
#include "test-app.h"

G_BEGIN_DECLS

/* test-app-placement.c */

/* The overlay child covers what page_to_view says, to the pixel. */
void       assert_child_at         (SealdeskPageView  *view,
                                    GtkWidget         *child,
                                    guint              page,
                                    const SdRect      *rect);
void       placement_get           (SealdeskPlacement *placement,
                                    SdRect            *rect);

/* A placement's page and rectangle, to wait for a change of them. */
typedef struct
{
  SealdeskPlacement *placement;
  SdRect             rect;
  guint              page;
} Watch;

gboolean   placement_changed       (gpointer           data);
void       watch_init              (Watch             *watch,
                                    SealdeskPlacement *placement);
void       wait_placement_changed  (SealdeskPlacement *placement,
                                    Watch             *watch);
gboolean   widget_focused          (gpointer           data);
void       wait_n_placements       (GListModel        *placements,
                                    guint              n);
/* The seal palette shown in the sidebar, with @seal_id's row on screen. */
GtkWidget *show_palette_row        (SealdeskWindow    *window,
                                    const char        *seal_id);
/* Where page @page's point (@u, @v) is in the page view. */
void       page_point              (SealdeskPageView  *view,
                                    guint              page,
                                    double             u,
                                    double             v,
                                    double            *x,
                                    double            *y);
void       assert_centred_at       (SealdeskPlacement *placement,
                                    guint              page,
                                    double             u,
                                    double             v,
                                    double             tolerance);

/* test-app-placement-sign.c */

char      *run_tool                (const char * const *argv);
/* The box around the seal's red pixels on @page (1-based) of @pdf drawn
 * by pdftoppm at 72 dpi, in visible space (bottom-left). */
gboolean   red_box                 (const char        *pdf,
                                    int                page,
                                    SdRect            *box);
/* Signs the window's placements with the token's key through the Sign
 * button's dialog, answering the PIN; returns the signed copy's path. */
char      *sign_placements         (SealdeskWindow    *window,
                                    const char        *key_uri);

/* test-app-placement-fields.c */
/* @n_pages A4 pages saying @text, in home_dir/@basename; the last one has
 * an empty signature field @field at 350,120 150×100 (no /Rotate). */
char      *make_field_document     (const char        *basename,
                                    guint              n_pages,
                                    const char        *field,
                                    const char        *text);
/* The window outlines the document's first empty signature field. */
gboolean   field_outline_shown     (gpointer           data);
void       assert_seal_where_shown (const char        *pdf,
                                    guint              page,
                                    const SdRect      *shown);
/* Opens @path in a new window, the whole page in sight, on page 2. */
SealdeskWindow *open_and_wait      (const char        *path);

G_END_DECLS
