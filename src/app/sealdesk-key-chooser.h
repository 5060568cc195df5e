/* sealdesk-key-chooser.h: lists the signing keys and lets the person pick one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-key.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_KEY_CHOOSER (sealdesk_key_chooser_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskKeyChooser, sealdesk_key_chooser, SEALDESK, KEY_CHOOSER, AdwBin)

/* Lists the keys of @workspace. */
GtkWidget *sealdesk_key_chooser_new (SdWorkspace *workspace);
/* Is a listing of the keys running (in a worker thread)? */
gboolean sealdesk_key_chooser_is_listing (SealdeskKeyChooser *self);
/* Lists the keys again (done by itself when a token comes or goes). */
void sealdesk_key_chooser_reload (SealdeskKeyChooser *self);
/* The chosen key (locked), or NULL. */
SdKey *sealdesk_key_chooser_get_selected_key (SealdeskKeyChooser *self);
/* The chosen key's ID; setting it chooses that key once it is listed
 * (bind it to a setting to remember the choice). */
const char *sealdesk_key_chooser_get_selected_id (SealdeskKeyChooser *self);
void        sealdesk_key_chooser_set_selected_id (SealdeskKeyChooser *self, const char *id);

G_END_DECLS
