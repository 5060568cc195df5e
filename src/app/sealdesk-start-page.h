/* sealdesk-start-page.h: what a window shows before a document is opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_START_PAGE (sealdesk_start_page_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskStartPage, sealdesk_start_page, SEALDESK, START_PAGE, AdwBin)

GtkWidget *sealdesk_start_page_new (void);

G_END_DECLS
