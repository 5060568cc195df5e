/* sealdesk-profile-chooser.h: who am I (the current profile)
 *
 * A drop-down of the workspace's profiles. Its "profile" property is kept
 * in the "profile" setting, so every chooser and view of the application
 * acts as the same person. "workspace" may be set after construction (a
 * chooser inside a template).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PROFILE_CHOOSER (sealdesk_profile_chooser_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskProfileChooser, sealdesk_profile_chooser, SEALDESK, PROFILE_CHOOSER, AdwBin)

GtkWidget  *sealdesk_profile_chooser_new         (SdWorkspace            *workspace);
/* The chosen profile's name, or NULL. */
const char *sealdesk_profile_chooser_get_profile (SealdeskProfileChooser *self);
void        sealdesk_profile_chooser_set_profile (SealdeskProfileChooser *self,
                                                  const char             *profile);
/* Lists the profiles again (after one was added). */
void        sealdesk_profile_chooser_reload      (SealdeskProfileChooser *self);

G_END_DECLS
