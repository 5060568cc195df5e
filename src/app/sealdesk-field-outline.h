/* sealdesk-field-outline.h: an empty signature field of the document, outlined on its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_FIELD_OUTLINE (sealdesk_field_outline_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskFieldOutline, sealdesk_field_outline, SEALDESK, FIELD_OUTLINE, GtkWidget)

/* Emits "activate" on a click, Enter or Space: fill the field. */
GtkWidget  *sealdesk_field_outline_new      (const char           *field);
const char *sealdesk_field_outline_get_field (SealdeskFieldOutline *self);

G_END_DECLS
