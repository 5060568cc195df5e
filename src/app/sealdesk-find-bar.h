/* sealdesk-find-bar.h: find text in the document (Ctrl+F)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sealdesk-page-view.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_FIND_BAR (sealdesk_find_bar_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskFindBar, sealdesk_find_bar, SEALDESK, FIND_BAR, GtkWidget)

SealdeskPageView *sealdesk_find_bar_get_page_view   (SealdeskFindBar  *self);
void              sealdesk_find_bar_set_page_view   (SealdeskFindBar  *self,
                                                     SealdeskPageView *page_view);
void              sealdesk_find_bar_open            (SealdeskFindBar  *self);
void              sealdesk_find_bar_close           (SealdeskFindBar  *self);
gboolean          sealdesk_find_bar_is_open         (SealdeskFindBar  *self);
void              sealdesk_find_bar_search          (SealdeskFindBar  *self,
                                                     const char       *text);
void              sealdesk_find_bar_next            (SealdeskFindBar  *self);
void              sealdesk_find_bar_previous        (SealdeskFindBar  *self);
gboolean          sealdesk_find_bar_is_searching    (SealdeskFindBar  *self);
guint             sealdesk_find_bar_get_n_matches   (SealdeskFindBar  *self);
/* The current match: its page and index there; its number (from 1, in
 * page order) is returned, 0 for none. */
guint             sealdesk_find_bar_get_current     (SealdeskFindBar  *self,
                                                     int              *page,
                                                     int              *index);

G_END_DECLS
