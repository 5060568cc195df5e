/* sealdesk-view-sidebar.h: the main views of a window, as a narrow sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_VIEW_SIDEBAR (sealdesk_view_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskViewSidebar, sealdesk_view_sidebar, SEALDESK, VIEW_SIDEBAR, AdwBin)

/* Shows one row per visible page of @stack (its icon, its title and, when
 * it is not 0, its badge number) and switches @stack to the page of the
 * row chosen; the row of the page shown stays selected. */
void          sealdesk_view_sidebar_set_stack (SealdeskViewSidebar *self, AdwViewStack *stack);
AdwViewStack *sealdesk_view_sidebar_get_stack (SealdeskViewSidebar *self);
/* The row of the page named @name in the list shown, or NULL (for tests). */
GtkListBoxRow *sealdesk_view_sidebar_get_row (SealdeskViewSidebar *self, const char *name);
/* Are the icons shown without their titles (a narrow window)? */
gboolean sealdesk_view_sidebar_get_compact (SealdeskViewSidebar *self);
/* The badge a row shows, "" when none (for tests). */
const char *sealdesk_view_sidebar_get_badge (SealdeskViewSidebar *self, const char *name);

G_END_DECLS
