/* sealdesk-recent.h: recently opened PDF documents (GtkRecentManager)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GPtrArray *sealdesk_recent_list_documents (guint  max_items);
void       sealdesk_recent_add_document   (GFile *file);
void       sealdesk_recent_fill_menu      (GMenu *menu,
                                           guint  max_items);
char      *sealdesk_recent_describe_folder (GFile *file);

G_END_DECLS
