/* sealdesk-outline.h: the document's outline (bookmarks) in the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sealdesk-page-view.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_OUTLINE (sealdesk_outline_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskOutline, sealdesk_outline, SEALDESK, OUTLINE, GtkWidget)

SealdeskPageView *sealdesk_outline_get_page_view  (SealdeskOutline  *self);
void              sealdesk_outline_set_page_view  (SealdeskOutline  *self,
                                                   SealdeskPageView *page_view);
gboolean          sealdesk_outline_get_has_outline (SealdeskOutline *self);
gboolean          sealdesk_outline_is_loading     (SealdeskOutline  *self);
/* The rows shown (GtkTreeListRow items), for tests and accessibility. */
GListModel       *sealdesk_outline_get_rows       (SealdeskOutline  *self);
/* The title of row @position, and the page (from 0) it goes to, or -1. */
const char       *sealdesk_outline_get_row_title  (SealdeskOutline  *self,
                                                   guint             position,
                                                   int              *page);
void              sealdesk_outline_activate_row   (SealdeskOutline  *self,
                                                   guint             position);

G_END_DECLS
