/* sealdesk-sign-panel.c: the key, details, progress and result of a signing
 *
 * The part that SealdeskSignDialog (one document) and
 * SealdeskBatchSignDialog (several) share: the key (SealdeskKeyChooser),
 * the reason and location, what is signed, then the signing's progress
 * with its cancellable, and what came of it (in words below the choices,
 * and in a toast). The dialogs own the documents and start
 * SealdeskSignTask; the panel owns the state of the signing under way:
 * while it runs, the choices are locked, "Cancel Signing" beside the
 * progress bar (or the dialog's Cancel, or Escape) stops it, and closing
 * the window stops it first (the worker thread uses the window as the PIN
 * dialog's parent) and closes once it has stopped.
 *
 * Signals: "key-changed" (a key was chosen), "repair" (Sign a Repaired
 * Copy was pressed). Property "busy": a signing runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sealdesk-key-chooser.h"
#include "sealdesk-sign-panel.h"

struct _SealdeskSignPanel
{
  GtkBox parent_instance;

  GtkBox             *chooser_box;
  SealdeskKeyChooser *key_chooser; /* made with the workspace, in chooser_box */
  GtkWidget          *details;
  AdwEntryRow        *reason_row;
  AdwEntryRow        *location_row;
  GtkWidget          *summary_group;
  AdwActionRow       *summary_row;
  GtkWidget          *status_box;
  GtkLabel           *status_label;
  GtkWidget          *repair_button;
  GtkWidget          *progress_box;
  GtkProgressBar     *progress_bar;
  GtkWidget          *cancel_button;
  AdwToastOverlay    *toast_overlay;

  GCancellable *cancellable; /* set while signing */
  gboolean      close_when_done;
};

G_DEFINE_FINAL_TYPE (SealdeskSignPanel, sealdesk_sign_panel, GTK_TYPE_BOX)

enum { PROP_0, PROP_BUSY, N_PROPS };
enum { KEY_CHANGED, REPAIR, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
update_sensitivity (SealdeskSignPanel *self)
{
  gboolean busy = self->cancellable != NULL;

  if (self->key_chooser != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->key_chooser), !busy);
  gtk_widget_set_sensitive (self->details, !busy);
}

static void
key_changed (SealdeskSignPanel *self)
{
  g_signal_emit (self, signals[KEY_CHANGED], 0);
}

void
sealdesk_sign_panel_set_workspace (SealdeskSignPanel *self, SdWorkspace *workspace)
{
  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));
  g_return_if_fail (SD_IS_WORKSPACE (workspace));
  g_return_if_fail (self->key_chooser == NULL);

  /* The chooser lists the workspace's keys as soon as it exists. */
  self->key_chooser = SEALDESK_KEY_CHOOSER (sealdesk_key_chooser_new (workspace));
  gtk_widget_set_vexpand (GTK_WIDGET (self->key_chooser), TRUE);
  gtk_box_append (self->chooser_box, GTK_WIDGET (self->key_chooser));
  g_signal_connect_object (self->key_chooser, "notify::selected-key", G_CALLBACK (key_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_chooser, "notify::selected-id", G_CALLBACK (key_changed), self,
                           G_CONNECT_SWAPPED);
  update_sensitivity (self);
}

SdKey *
sealdesk_sign_panel_get_key (SealdeskSignPanel *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGN_PANEL (self), NULL);

  return self->key_chooser != NULL ? sealdesk_key_chooser_get_selected_key (self->key_chooser)
                                   : NULL;
}

const char *
sealdesk_sign_panel_get_key_id (SealdeskSignPanel *self)
{
  const char *id;

  g_return_val_if_fail (SEALDESK_IS_SIGN_PANEL (self), "");

  id = self->key_chooser != NULL ? sealdesk_key_chooser_get_selected_id (self->key_chooser) : NULL;
  return id != NULL ? id : "";
}

void
sealdesk_sign_panel_set_key_id (SealdeskSignPanel *self, const char *id)
{
  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));

  if (self->key_chooser != NULL)
    sealdesk_key_chooser_set_selected_id (self->key_chooser, id != NULL && *id ? id : NULL);
}

void
sealdesk_sign_panel_set_summary (SealdeskSignPanel *self, const char *summary)
{
  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));

  adw_action_row_set_subtitle (self->summary_row, summary != NULL ? summary : "");
  gtk_widget_set_visible (self->summary_group, summary != NULL);
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

void
sealdesk_sign_panel_fill_options (SealdeskSignPanel *self, SdSignOptions *opts)
{
  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));

  g_free (opts->reason);
  opts->reason = entry_text (self->reason_row);
  g_free (opts->location);
  opts->location = entry_text (self->location_row);
}

void
sealdesk_sign_panel_show_status (SealdeskSignPanel *self,
                                 const char        *message,
                                 gboolean           is_error,
                                 gboolean           repair)
{
  gboolean progress = self->cancellable != NULL;

  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));

  gtk_label_set_text (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (self->progress_box, progress);
  gtk_widget_set_visible (self->repair_button, repair);
  gtk_widget_set_visible (self->status_box, message != NULL || progress || repair);
}

GCancellable *
sealdesk_sign_panel_start (SealdeskSignPanel *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGN_PANEL (self), NULL);
  g_return_val_if_fail (self->cancellable == NULL, NULL);

  self->cancellable = g_cancellable_new ();
  self->close_when_done = FALSE;
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  update_sensitivity (self);
  sealdesk_sign_panel_show_status (self, NULL, FALSE, FALSE);
  sealdesk_sign_panel_set_progress (self, 0.0, _ ("Unlocking the key…"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  return self->cancellable;
}

void
sealdesk_sign_panel_set_progress (SealdeskSignPanel *self, double fraction, const char *text)
{
  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));

  /* Once cancelled, the bar says so until the worker has stopped. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* Stops the signing under way (there is one). */
static void
cancel_signing (SealdeskSignPanel *self)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_progress_bar_set_text (self->progress_bar, _ ("Cancelling…"));
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  g_cancellable_cancel (self->cancellable);
}

gboolean
sealdesk_sign_panel_cancel (SealdeskSignPanel *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGN_PANEL (self), FALSE);

  if (self->cancellable == NULL)
    return FALSE;
  cancel_signing (self);
  return TRUE;
}

static void
cancel_clicked (SealdeskSignPanel *self)
{
  sealdesk_sign_panel_cancel (self);
}

void
sealdesk_sign_panel_add_toast (SealdeskSignPanel *self, const char *message)
{
  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

gboolean
sealdesk_sign_panel_finish (SealdeskSignPanel *self)
{
  GtkRoot *root;

  g_return_val_if_fail (SEALDESK_IS_SIGN_PANEL (self), FALSE);

  g_clear_object (&self->cancellable);
  update_sensitivity (self);
  sealdesk_sign_panel_show_status (self, NULL, FALSE, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (!self->close_when_done)
    return TRUE;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
  return FALSE;
}

gboolean
sealdesk_sign_panel_get_busy (SealdeskSignPanel *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGN_PANEL (self), FALSE);

  return self->cancellable != NULL;
}

void
sealdesk_sign_panel_cancel_or_close (SealdeskSignPanel *self)
{
  GtkRoot *root;

  g_return_if_fail (SEALDESK_IS_SIGN_PANEL (self));

  if (sealdesk_sign_panel_cancel (self))
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
}

gboolean
sealdesk_sign_panel_close_request (SealdeskSignPanel *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGN_PANEL (self), FALSE);

  if (self->cancellable == NULL)
    return FALSE;
  self->close_when_done = TRUE;
  cancel_signing (self);
  return TRUE;
}

static void
repair_clicked (SealdeskSignPanel *self)
{
  g_signal_emit (self, signals[REPAIR], 0);
}

static void
sealdesk_sign_panel_dispose (GObject *object)
{
  SealdeskSignPanel *self = SEALDESK_SIGN_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_SIGN_PANEL);
  G_OBJECT_CLASS (sealdesk_sign_panel_parent_class)->dispose (object);
}

static void
sealdesk_sign_panel_finalize (GObject *object)
{
  SealdeskSignPanel *self = SEALDESK_SIGN_PANEL (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sealdesk_sign_panel_parent_class)->finalize (object);
}

static void
sealdesk_sign_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskSignPanel *self = SEALDESK_SIGN_PANEL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_sign_panel_class_init (SealdeskSignPanelClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_sign_panel_dispose;
  object_class->finalize = sealdesk_sign_panel_finalize;
  object_class->get_property = sealdesk_sign_panel_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean (
    "busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[KEY_CHANGED] = g_signal_new ("key-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REPAIR] = g_signal_new ("repair", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-sign-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, chooser_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, details);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, location_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, summary_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, summary_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, status_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, repair_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, progress_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignPanel, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, repair_clicked);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked);
}

static void
sealdesk_sign_panel_init (SealdeskSignPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
