/* sealdesk-window-views.c: the views of a window beside its document
 *
 *   win.show-view("documents" | "requests" | "seals" | "ledger")
 *                      Alt+1 … Alt+4, and the sidebar on the left
 *   win.show-requests  the Requests view (SealdeskRequestsView)
 *   win.show-ledger    the Ledger view (SealdeskLedgerView)
 *
 * The pages of the window's AdwViewStack: the document (and its start
 * page), the stamp requests, the seal library (SealdeskSealsView) and
 * the seal-use ledger, listed by a SealdeskViewSidebar. The three views
 * of the workspace are made once it is open (it opens after the first
 * window shows); until then only the document is listed. The Requests
 * page's badge counts the requests waiting for the person; the queue is
 * read again when its page is shown, when the window becomes active and
 * after each pass of the shared folder, so that the count stays true. A
 * seal added in the library shows in the document's seal palette at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-ledger-view.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-seals-view.h"
#include "sealdesk-window-private.h"

static void
reload_requests (SealdeskWindow *self)
{
  if (self->requests_view != NULL)
    sealdesk_requests_view_reload (SEALDESK_REQUESTS_VIEW (self->requests_view));
}

static void
seals_changed (SealdeskWindow *self)
{
  sealdesk_seal_palette_reload (self->seal_palette);
}

/* After a pass of the shared folder, requests may have come in. */
static void
sync_changed (SealdeskWindow *self, SealdeskSyncMonitor *monitor)
{
  guint passes = sealdesk_sync_monitor_get_passes (monitor);

  if (passes == self->sync_passes)
    return;
  self->sync_passes = passes;
  reload_requests (self);
}

static AdwViewStackPage *
page_named (SealdeskWindow *self, const char *name)
{
  return adw_view_stack_get_page (self->view_stack,
                                  adw_view_stack_get_child_by_name (self->view_stack, name));
}

/* Makes the views of the workspace, once it is open. */
static void
workspace_changed (SealdeskWindow *self)
{
  SdWorkspace    *workspace = _sealdesk_window_workspace (self);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (workspace == NULL || self->requests_view != NULL)
    return;

  self->requests_view = sealdesk_requests_view_new (workspace);
  self->seals_view = sealdesk_seals_view_new (workspace);
  self->ledger_view = sealdesk_ledger_view_new (workspace);
  adw_bin_set_child (self->requests_bin, self->requests_view);
  adw_bin_set_child (self->seals_bin, self->seals_view);
  adw_bin_set_child (self->ledger_bin, self->ledger_view);

  g_object_bind_property (self->requests_view, "n-waiting", page_named (self, "requests"),
                          "badge-number", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->seals_view, "changed", G_CALLBACK (seals_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sealdesk_application_get_sync_monitor (SEALDESK_APPLICATION (app)),
                           "changed", G_CALLBACK (sync_changed), self, G_CONNECT_SWAPPED);
  adw_view_stack_page_set_visible (page_named (self, "requests"), TRUE);
  adw_view_stack_page_set_visible (page_named (self, "seals"), TRUE);
  adw_view_stack_page_set_visible (page_named (self, "ledger"), TRUE);
}

static void
application_changed (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!SEALDESK_IS_APPLICATION (app) || g_object_get_data (G_OBJECT (self), "views-joined"))
    return;
  g_object_set_data (G_OBJECT (self), "views-joined", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (app, "notify::workspace", G_CALLBACK (workspace_changed), self,
                           G_CONNECT_SWAPPED);
  workspace_changed (self);
}

static void
active_changed (SealdeskWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    reload_requests (self);
}

/* What a page's view needs when it comes to the front: a fresh reading. */
static void
visible_child_changed (SealdeskWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "requests") == 0)
    reload_requests (self);
  else if (g_strcmp0 (name, "ledger") == 0 && self->ledger_view != NULL)
    sealdesk_ledger_view_reload (SEALDESK_LEDGER_VIEW (self->ledger_view));
  else if (g_strcmp0 (name, "seals") == 0 && self->seals_view != NULL &&
           !sealdesk_seals_view_is_busy (SEALDESK_SEALS_VIEW (self->seals_view)))
    sealdesk_seals_view_reload (SEALDESK_SEALS_VIEW (self->seals_view));
  else if (g_strcmp0 (name, "documents") == 0 && self->state == SEALDESK_WINDOW_STATE_DOCUMENT)
    gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
}

/* The keyboard goes with a view shown by a key or a menu, so that Tab and
 * the arrow keys move within it (a click on the sidebar leaves it on the
 * sidebar, whose arrow keys go from view to view). */
static void
focus_view (SealdeskWindow *self, const char *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *view = g_str_equal (name, "requests") ? self->requests_view
                    : g_str_equal (name, "seals")  ? self->seals_view
                    : g_str_equal (name, "ledger") ? self->ledger_view
                                                   : NULL;

  if (view == NULL)
    {
      if (self->state == SEALDESK_WINDOW_STATE_DOCUMENT)
        gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
      return;
    }
  /* The view itself, not its page's header bar. */
  if (focus == NULL || (focus != view && !gtk_widget_is_ancestor (focus, view)))
    gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}

/* Brings the view @name to the front. FALSE (and a toast) when it cannot
 * be shown: no such view, or the workspace it reads is not open. */
gboolean
_sealdesk_window_show_view (SealdeskWindow *self, const char *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->view_stack, name);

  g_return_val_if_fail (child != NULL, FALSE);

  if (!adw_view_stack_page_get_visible (adw_view_stack_get_page (self->view_stack, child)))
    {
      adw_toast_overlay_add_toast (
        self->toast_overlay,
        adw_toast_new (
          _ ("The workspace is not open: stamp requests, seals and the ledger are unavailable")));
      return FALSE;
    }
  if (adw_view_stack_get_visible_child (self->view_stack) == child)
    visible_child_changed (self); /* read again all the same */
  else
    adw_view_stack_set_visible_child (self->view_stack, child);
  focus_view (self, name);
  return TRUE;
}

static void
show_view_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  const char     *name = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_warning ("No view “%s” in the window", name);
      return;
    }
  _sealdesk_window_show_view (self, name);
}

static void
show_requests_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  _sealdesk_window_show_view (SEALDESK_WINDOW (widget), "requests");
}

static void
show_ledger_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  _sealdesk_window_show_view (SEALDESK_WINDOW (widget), "ledger");
}

void
_sealdesk_window_class_views_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (SEALDESK_TYPE_VIEW_SIDEBAR);

  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, navigation_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, view_sidebar);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, requests_bin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, seals_bin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, ledger_bin);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-requests", NULL, show_requests_action);
  gtk_widget_class_install_action (widget_class, "win.show-ledger", NULL, show_ledger_action);
}

/* After the template is made. */
void
_sealdesk_window_views_init (SealdeskWindow *self)
{
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed), NULL);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed), NULL);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (visible_child_changed), self, G_CONNECT_SWAPPED);
}
