/* sealdesk-sync-indicator.c: the shared folder's state, in the header bar
 *
 * A button that says, at a glance and in its tooltip, when the last sync
 * pass went through, what waits to go out and whether anything was
 * refused or found in conflict, with a warning look when the folder
 * cannot be used. Clicking it shows the details, what arrived or was
 * refused lately, and "Sync Now" (app.sync-now). What a pass takes in is
 * also said in a toast of the window. Hidden while no shared
 * folder is chosen (Preferences, Shared Folder). It shows the monitor of
 * the application of its window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-sync-indicator.h"

struct _SealdeskSyncIndicator
{
  AdwBin               parent_instance;

  SealdeskSyncMonitor *monitor;
  guint                imported;   /* as last shown */
  char                *summary;
  char                *details;

  /* Template children */
  GtkMenuButton       *button;
  GtkLabel            *title_label;
  GtkLabel            *details_label;
  GtkWidget           *messages_window;
  GtkLabel            *messages_label;
};

G_DEFINE_FINAL_TYPE (SealdeskSyncIndicator, sealdesk_sync_indicator, ADW_TYPE_BIN)

/* What arrived, said in the window's toast overlay (the details list it). */
static void
announce (SealdeskSyncIndicator *self,
          guint                  n)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (overlay == NULL || n == 0)
    return;
  /* TRANSLATORS: stamp requests, decisions, documents, seals or profiles of other workstations */
  text = g_strdup_printf (ngettext ("%u new item taken in from the shared folder",
                                    "%u new items taken in from the shared folder", n), n);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
update (SealdeskSyncIndicator *self)
{
  SealdeskSyncMonitor *m = self->monitor;
  SealdeskSyncState state = m != NULL ? sealdesk_sync_monitor_get_state (m) : SEALDESK_SYNC_STATE_OFF;
  g_auto(GStrv) messages = NULL;
  g_autofree char *joined = NULL;
  const char *error;
  gboolean warn;

  gtk_widget_set_visible (GTK_WIDGET (self), state != SEALDESK_SYNC_STATE_OFF);
  if (state == SEALDESK_SYNC_STATE_OFF)
    return;
  error = sealdesk_sync_monitor_get_error (m);
  messages = sealdesk_sync_monitor_dup_messages (m);
  if (sealdesk_sync_monitor_get_imported (m) > self->imported)
    announce (self, sealdesk_sync_monitor_get_imported (m) - self->imported);
  self->imported = sealdesk_sync_monitor_get_imported (m);
  joined = g_strjoinv ("\n", messages);
  gtk_label_set_text (self->messages_label, joined);
  gtk_widget_set_visible (self->messages_window, messages[0] != NULL);

  g_free (self->summary);
  self->summary = sealdesk_sync_monitor_dup_summary (m);
  g_free (self->details);
  self->details = sealdesk_sync_monitor_dup_details (m);
  gtk_label_set_text (self->title_label, self->summary);
  gtk_label_set_text (self->details_label, self->details);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), self->summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary, -1);

  warn = error != NULL || sealdesk_sync_monitor_get_refused (m) > 0 || sealdesk_sync_monitor_get_conflicts (m) > 0;
  gtk_menu_button_set_icon_name (self->button, error != NULL ? "network-offline-symbolic"
                                               : warn ? "dialog-warning-symbolic"
                                               : "emblem-synchronizing-symbolic");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "error");
  if (warn && error == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");
}

void
sealdesk_sync_indicator_set_monitor (SealdeskSyncIndicator *self,
                                     SealdeskSyncMonitor   *monitor)
{
  g_return_if_fail (SEALDESK_IS_SYNC_INDICATOR (self));
  g_return_if_fail (monitor == NULL || SEALDESK_IS_SYNC_MONITOR (monitor));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  /* What came before this window is not news. */
  self->imported = monitor != NULL ? sealdesk_sync_monitor_get_imported (monitor) : 0;
  if (monitor != NULL)
    g_signal_connect_object (monitor, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
sealdesk_sync_indicator_get_summary (SealdeskSyncIndicator *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_INDICATOR (self), NULL);

  return self->summary;
}

const char *
sealdesk_sync_indicator_get_details (SealdeskSyncIndicator *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_INDICATOR (self), NULL);

  return self->details;
}

/* The monitor of the window's application (set after the window is made). */
static void
follow_application (SealdeskSyncIndicator *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  sealdesk_sync_indicator_set_monitor (self, SEALDESK_IS_APPLICATION (app)
                                               ? sealdesk_application_get_sync_monitor (SEALDESK_APPLICATION (app))
                                               : NULL);
}

static void
sealdesk_sync_indicator_root (GtkWidget *widget)
{
  SealdeskSyncIndicator *self = SEALDESK_SYNC_INDICATOR (widget);

  GTK_WIDGET_CLASS (sealdesk_sync_indicator_parent_class)->root (widget);
  g_signal_connect_object (gtk_widget_get_root (widget), "notify::application", G_CALLBACK (follow_application),
                           self, G_CONNECT_SWAPPED);
  follow_application (self);
}

static void
sealdesk_sync_indicator_unroot (GtkWidget *widget)
{
  SealdeskSyncIndicator *self = SEALDESK_SYNC_INDICATOR (widget);

  g_signal_handlers_disconnect_by_func (gtk_widget_get_root (widget), follow_application, self);
  GTK_WIDGET_CLASS (sealdesk_sync_indicator_parent_class)->unroot (widget);
}

static void
sealdesk_sync_indicator_dispose (GObject *object)
{
  SealdeskSyncIndicator *self = SEALDESK_SYNC_INDICATOR (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  /* No gtk_widget_dispose_template(): AdwBin unparents its child itself
   * (see sealdesk-key-chooser.c). */
  G_OBJECT_CLASS (sealdesk_sync_indicator_parent_class)->dispose (object);
}

static void
sealdesk_sync_indicator_finalize (GObject *object)
{
  SealdeskSyncIndicator *self = SEALDESK_SYNC_INDICATOR (object);

  g_free (self->summary);
  g_free (self->details);
  G_OBJECT_CLASS (sealdesk_sync_indicator_parent_class)->finalize (object);
}

static void
sealdesk_sync_indicator_class_init (SealdeskSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_sync_indicator_dispose;
  object_class->finalize = sealdesk_sync_indicator_finalize;
  widget_class->root = sealdesk_sync_indicator_root;
  widget_class->unroot = sealdesk_sync_indicator_unroot;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSyncIndicator, details_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSyncIndicator, messages_window);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSyncIndicator, messages_label);
}

static void
sealdesk_sync_indicator_init (SealdeskSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
