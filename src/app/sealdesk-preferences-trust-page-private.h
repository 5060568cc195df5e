/* sealdesk-preferences-trust-page-private.h: what the trust page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

#include "sealdesk-preferences-trust-page.h"

G_BEGIN_DECLS

struct _SealdeskPreferencesTrustPage
{
  AdwPreferencesPage    parent_instance;

  SdWorkspace          *workspace;
  GCancellable         *cancellable;
  GPtrArray            *anchors;      /* of SdTrustAnchor, as listed */
  guint                 busy;
  GtkWidget            *dialog;       /* weak: the question or error shown */
  GtkFileChooserNative *chooser;

  /* Template children */
  GtkListBox           *anchors_list;
};

/* sealdesk-preferences-trust-page.c */
/* The common name of @cert's subject, else the whole subject. */
char      *_sealdesk_trust_certificate_title              (X509                         *cert);
/* "2029-03-08": a day no one reads two ways. */
char      *_sealdesk_trust_format_day                     (gint64                        unix_time);
/* A wrapped, selectable text below a dialog's body: fingerprints are long. */
void       _sealdesk_trust_set_details                    (GtkWidget                    *dialog,
                                                           const char                   *text);
void       _sealdesk_preferences_trust_page_set_busy      (SealdeskPreferencesTrustPage *self,
                                                           gboolean                      busy);
void       _sealdesk_preferences_trust_page_show_toast    (SealdeskPreferencesTrustPage *self,
                                                           const char                   *message);
/* Every open document is verified again. */
void       _sealdesk_preferences_trust_page_trust_changed (SealdeskPreferencesTrustPage *self);
/* A dialog of the page's window, remembered until it closes. */
GtkWidget *_sealdesk_preferences_trust_page_new_dialog    (SealdeskPreferencesTrustPage *self,
                                                           const char                   *heading,
                                                           const char                   *body);
/* Lists the trust anchors again (in a worker thread). */
void       _sealdesk_preferences_trust_page_reload        (SealdeskPreferencesTrustPage *self);

/* sealdesk-preferences-trust-page-add.c */
void       _sealdesk_preferences_trust_page_add_action    (GtkWidget                    *widget,
                                                           const char                   *action_name,
                                                           GVariant                     *parameter);

G_END_DECLS
