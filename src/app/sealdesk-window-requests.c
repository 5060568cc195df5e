/* sealdesk-window-requests.c: stamp requests and the ledger from a window
 *
 *   win.show-requests  the Requests view (SealdeskRequestsView)
 *   win.show-ledger    the Ledger view (SealdeskLedgerView)
 *   win.new-request    a stamp request for the document shown
 *                      (SealdeskRequestDialog)
 *
 * Until the main window has a sidebar for them, each view lives in a
 * window of its own, one per application, raised again when asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-ledger-view.h"
#include "sealdesk-request-dialog.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-window-private.h"

#define VIEW_KEY "sealdesk-view"

static SdWorkspace *
window_workspace (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return SEALDESK_IS_APPLICATION (app) ? sealdesk_application_get_workspace (SEALDESK_APPLICATION (app)) : NULL;
}

static gboolean
say_no_workspace (SealdeskWindow *self)
{
  if (window_workspace (self) != NULL)
    return FALSE;
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("The workspace is not open: requests and the ledger are unavailable")));
  return TRUE;
}

/* The application's window showing the view @name, or NULL. */
static GtkWindow *
find_view_window (SealdeskWindow *self, const char *name)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  for (GList *l = app != NULL ? gtk_application_get_windows (app) : NULL; l != NULL; l = l->next)
    if (g_strcmp0 (g_object_get_data (l->data, VIEW_KEY), name) == 0)
      return l->data;
  return NULL;
}

static GtkWindow *
view_window_new (SealdeskWindow *self, const char *name, const char *title, GtkWidget *view)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  g_object_set_data_full (G_OBJECT (window), VIEW_KEY, g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (window), "view", view);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  return GTK_WINDOW (window);
}

static void
show_requests_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  GtkWindow *window;

  if (say_no_workspace (self))
    return;
  if ((window = find_view_window (self, "requests")) == NULL)
    window = view_window_new (self, "requests", _("Stamp Requests"),
                              sealdesk_requests_view_new (window_workspace (self)));
  else
    sealdesk_requests_view_reload (g_object_get_data (G_OBJECT (window), "view"));
  gtk_window_present (window);
}

static void
show_ledger_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  GtkWindow *window;

  if (say_no_workspace (self))
    return;
  if ((window = find_view_window (self, "ledger")) == NULL)
    window = view_window_new (self, "ledger", _("Seal-Use Ledger"),
                              sealdesk_ledger_view_new (window_workspace (self)));
  else
    sealdesk_ledger_view_reload (g_object_get_data (G_OBJECT (window), "view"));
  gtk_window_present (window);
}

static void
request_created (SealdeskWindow *self, const char *id)
{
  GtkWindow *requests = find_view_window (self, "requests");

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Stamp request created")));
  if (requests != NULL)
    sealdesk_requests_view_reload (g_object_get_data (G_OBJECT (requests), "view"));
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
  dialog = sealdesk_request_dialog_new (GTK_WINDOW (self), window_workspace (self),
                                        sealdesk_window_get_file (self),
                                        placements);
  g_signal_connect_object (dialog, "created", G_CALLBACK (request_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sealdesk_window_class_requests_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-requests", NULL, show_requests_action);
  gtk_widget_class_install_action (widget_class, "win.show-ledger", NULL, show_ledger_action);
  gtk_widget_class_install_action (widget_class, "win.new-request", NULL, new_request_action);
}
