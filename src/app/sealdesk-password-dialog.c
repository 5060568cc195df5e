/* sealdesk-password-dialog.c: asks for the password of a protected document
 *
 * An AdwMessageDialog with a GtkPasswordEntry (whose text lives in
 * non-pageable memory). Responses: "cancel" and "unlock". When @retry is
 * set, the dialog says that the previous password was wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-password-dialog.h"

struct _SealdeskPasswordDialog
{
  AdwMessageDialog  parent_instance;

  GtkPasswordEntry *entry;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (SealdeskPasswordDialog, sealdesk_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
sealdesk_password_dialog_entry_changed (SealdeskPasswordDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "unlock",
                                           text != NULL && text[0] != '\0');
}

static void
sealdesk_password_dialog_entry_activate (SealdeskPasswordDialog *self)
{
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "unlock"))
    return;
  /* What the Unlock button does: answer, then go. libadwaita 1.2's
   * adw_message_dialog_response() only answers, which left the dialog on
   * screen with nobody listening any more. Destroyed rather than closed,
   * so that no second ("cancel") answer follows. */
  g_object_ref (self);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "unlock");
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
sealdesk_password_dialog_class_init (SealdeskPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPasswordDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPasswordDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_password_dialog_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_password_dialog_entry_activate);
}

static void
sealdesk_password_dialog_init (SealdeskPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sealdesk_password_dialog_entry_changed (self);
}

GtkWidget *
sealdesk_password_dialog_new (GtkWindow  *parent,
                              const char *document_name,
                              gboolean    retry)
{
  SealdeskPasswordDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (document_name != NULL, NULL);

  self = g_object_new (SEALDESK_TYPE_PASSWORD_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("“%s” is protected by a password. Enter the password to open it."),
                                  document_name);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), retry);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));

  return GTK_WIDGET (self);
}

/* Whether the dialog says that the previous password was wrong. */
gboolean
sealdesk_password_dialog_get_retry (SealdeskPasswordDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_PASSWORD_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label));
}

/* The password typed; owned by the entry, valid until it changes. */
const char *
sealdesk_password_dialog_get_password (SealdeskPasswordDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_PASSWORD_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
sealdesk_password_dialog_set_password (SealdeskPasswordDialog *self,
                                       const char             *password)
{
  g_return_if_fail (SEALDESK_IS_PASSWORD_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), password ? password : "");
}
