/* sealdesk-pin-dialog.c: asks for the PIN of a token
 *
 * An AdwMessageDialog with a masked GtkPasswordEntry (whose text lives in
 * non-pageable memory) and, when the token says so, how many tries are
 * left. The PIN is handed over once with sealdesk_pin_dialog_take_pin(),
 * which empties the entry; the entry is emptied on dispose too. The PIN is
 * never logged. Responses: "cancel" and "unlock".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-secret.h"
#include "sealdesk-pin-dialog.h"

struct _SealdeskPinDialog
{
  AdwMessageDialog parent_instance;

  GtkPasswordEntry *entry;
  GtkLabel         *tries_label;
};

G_DEFINE_FINAL_TYPE (SealdeskPinDialog, sealdesk_pin_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
sealdesk_pin_dialog_entry_changed (SealdeskPinDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "unlock",
                                           text != NULL && text[0] != '\0');
}

static void
sealdesk_pin_dialog_entry_activate (SealdeskPinDialog *self)
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
sealdesk_pin_dialog_dispose (GObject *object)
{
  SealdeskPinDialog *self = SEALDESK_PIN_DIALOG (object);

  /* GTK 4.8's password entry reacts to losing the focus after it is gone
   * when its window is destroyed with the focus in it: move it first. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  /* Whatever was typed and not taken goes now. */
  if (self->entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_PIN_DIALOG);
  G_OBJECT_CLASS (sealdesk_pin_dialog_parent_class)->dispose (object);
}

static void
sealdesk_pin_dialog_class_init (SealdeskPinDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_pin_dialog_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPinDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPinDialog, tries_label);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_pin_dialog_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_pin_dialog_entry_activate);
}

static void
sealdesk_pin_dialog_init (SealdeskPinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sealdesk_pin_dialog_entry_changed (self);
}

GtkWidget *
sealdesk_pin_dialog_new (GtkWindow *parent, const char *prompt, int tries_left)
{
  SealdeskPinDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (prompt != NULL, NULL);

  self = g_object_new (SEALDESK_TYPE_PIN_DIALOG, "transient-for", parent, "modal", TRUE, "body",
                       prompt, NULL);
  if (tries_left == 1)
    {
      gtk_label_set_text (self->tries_label, _ ("Only one try is left before the token locks."));
      gtk_widget_set_visible (GTK_WIDGET (self->tries_label), TRUE);
    }
  else if (tries_left > 1)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("%d try is left before the token locks.",
                                   "%d tries are left before the token locks.", tries_left),
                         tries_left);

      gtk_label_set_text (self->tries_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->tries_label), TRUE);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return GTK_WIDGET (self);
}

char *
sealdesk_pin_dialog_take_pin (SealdeskPinDialog *self)
{
  char *pin;

  g_return_val_if_fail (SEALDESK_IS_PIN_DIALOG (self), NULL);

  pin = sd_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  return pin;
}

/* A question from a worker thread, answered on the main thread. */
typedef struct
{
  GMutex      mutex;
  GCond       cond;
  gboolean    done;
  char       *pin;
  const char *prompt;
  int         tries_left;
  GtkWindow  *parent;
} PinRequest;

static void
pin_request_answered (SealdeskPinDialog *dialog, const char *response, PinRequest *request)
{
  char *pin = NULL;

  /* One answer: the request lives on the asking thread's stack. */
  g_signal_handlers_disconnect_by_data (dialog, request);
  if (g_strcmp0 (response, "unlock") == 0)
    pin = sealdesk_pin_dialog_take_pin (dialog);
  g_mutex_lock (&request->mutex);
  request->pin = pin;
  request->done = TRUE;
  g_cond_signal (&request->cond);
  g_mutex_unlock (&request->mutex);
}

static void
pin_request_destroyed (SealdeskPinDialog *dialog, PinRequest *request)
{
  pin_request_answered (dialog, "cancel", request);
}

static gboolean
pin_request_show (gpointer data)
{
  PinRequest *request = data;
  GtkWidget  *dialog =
    sealdesk_pin_dialog_new (request->parent, request->prompt, request->tries_left);

  g_signal_connect (dialog, "response", G_CALLBACK (pin_request_answered), request);
  /* Destroyed unanswered (its parent went): that is a cancel, never a
   * worker waiting for ever. */
  g_signal_connect (dialog, "destroy", G_CALLBACK (pin_request_destroyed), request);
  gtk_window_present (GTK_WINDOW (dialog));
  return G_SOURCE_REMOVE;
}

char *
sealdesk_pin_dialog_ask (const char *prompt, int tries_left, gpointer user_data)
{
  PinRequest request = { 0 };
  char      *pin;

  g_return_val_if_fail (!g_main_context_is_owner (g_main_context_default ()), NULL);

  g_mutex_init (&request.mutex);
  g_cond_init (&request.cond);
  request.prompt = prompt;
  request.tries_left = tries_left;
  request.parent = user_data;

  g_main_context_invoke (NULL, pin_request_show, &request);
  g_mutex_lock (&request.mutex);
  while (!request.done)
    g_cond_wait (&request.cond, &request.mutex);
  pin = request.pin;
  g_mutex_unlock (&request.mutex);

  g_mutex_clear (&request.mutex);
  g_cond_clear (&request.cond);
  return pin;
}
