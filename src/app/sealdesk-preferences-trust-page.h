/* sealdesk-preferences-trust-page.h: the certificate authorities Sealdesk trusts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PREFERENCES_TRUST_PAGE (sealdesk_preferences_trust_page_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPreferencesTrustPage,
                      sealdesk_preferences_trust_page,
                      SEALDESK,
                      PREFERENCES_TRUST_PAGE,
                      AdwPreferencesPage)

/* The trust list of @workspace. */
GtkWidget  *sealdesk_preferences_trust_page_new            (SdWorkspace                  *workspace);
/* What choosing @file in "Add…" does: shows what the file holds and asks
 * (or says why it cannot be trusted). */
void        sealdesk_preferences_trust_page_add_file       (SealdeskPreferencesTrustPage *self,
                                                            GFile                        *file);
/* The question or error shown now (an AdwMessageDialog), or NULL. */
GtkWidget  *sealdesk_preferences_trust_page_get_dialog     (SealdeskPreferencesTrustPage *self);
/* Asks whether to remove the anchor with SHA-256 @sha256 (hex). */
void        sealdesk_preferences_trust_page_ask_remove     (SealdeskPreferencesTrustPage *self,
                                                            const char                   *sha256);
/* Opens the certificate viewer on the anchor with SHA-256 @sha256. */
GtkWidget  *sealdesk_preferences_trust_page_show_anchor    (SealdeskPreferencesTrustPage *self,
                                                            const char                   *sha256);
/* TRUE while the list loads or a change is being saved. */
gboolean    sealdesk_preferences_trust_page_is_busy        (SealdeskPreferencesTrustPage *self);
/* The SHA-256 (hex) of the anchors listed, oldest first. */
GStrv       sealdesk_preferences_trust_page_dup_anchors    (SealdeskPreferencesTrustPage *self);

G_END_DECLS
