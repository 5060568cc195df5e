/* sealdesk-window-requests.c: a stamp request for the document shown
 *
 *   win.new-request    a stamp request for the document shown
 *                      (SealdeskRequestDialog); the Requests view of the
 *                      window (sealdesk-window-views.c) lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-request-dialog.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-window-private.h"

static gboolean
say_no_workspace (SealdeskWindow *self)
{
  if (_sealdesk_window_workspace (self) != NULL)
    return FALSE;
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("The workspace is not open: requests and the ledger are unavailable")));
  return TRUE;
}

static void
request_created (SealdeskWindow *self, const char *id)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Stamp request created")));
  if (self->requests_view != NULL)
    sealdesk_requests_view_reload (SEALDESK_REQUESTS_VIEW (self->requests_view));
}

static void
new_request_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  SealdeskSession *session;
  GListModel *placements;
  GtkWidget *dialog;

  if (say_no_workspace (self))
    return;
  if (sealdesk_window_get_file (self) == NULL || self->state != SEALDESK_WINDOW_STATE_DOCUMENT)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Open a document first: a stamp request asks for seals on it")));
      return;
    }
  /* The seals placed on the document go into the request as they are. */
  session = sealdesk_window_get_session (self);
  placements = session != NULL ? sealdesk_session_get_placements (session) : NULL;
  if (placements != NULL && g_list_model_get_n_items (placements) == 0)
    placements = NULL;
  dialog = sealdesk_request_dialog_new (GTK_WINDOW (self), _sealdesk_window_workspace (self),
                                        sealdesk_window_get_file (self),
                                        placements);
  g_signal_connect_object (dialog, "created", G_CALLBACK (request_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sealdesk_window_class_requests_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-request", NULL, new_request_action);
}
