/* sealdesk-window-close.c: seals placed and not signed are never lost silently
 *
 * Placements are the person's work until they are signed into a copy
 * (SealdeskSession:modified). Closing a window that shows such a document
 * (the close button, win.close, app.quit) asks first: Cancel keeps the
 * window as it was, Discard closes it and forgets the placements, Sign…
 * opens the Sign dialog, and once the signed copy is written the window
 * closes, as it was asked to (after app.quit the application then quits
 * with its last window); a Sign dialog closed without signing leaves the
 * window open, as Cancel would.
 * A file dropped on such a window opens in a window of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-window-private.h"

/* Would closing the window lose placements? */
gboolean
_sealdesk_window_has_unsigned_placements (SealdeskWindow *self)
{
  return self->session != NULL && sealdesk_session_get_modified (self->session);
}

/* After the question has gone: closing its parent while it answers
 * would pull the window from under it. */
static gboolean
close_idle (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* The Sign dialog went: signed or not, the next close asks again. */
static void
sign_dialog_gone (SealdeskWindow *self)
{
  self->close_after_sign = FALSE;
}

static void
close_response (SealdeskWindow   *self,
                const char       *response,
                AdwMessageDialog *dialog)
{
  /* Answered: the next close asks again. */
  if (self->close_dialog == GTK_WIDGET (dialog))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_dialog);
      self->close_dialog = NULL;
    }
  if (g_strcmp0 (response, "discard") == 0)
    {
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle, g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "sign") == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.sign", NULL);
      /* No dialog (the document cannot be signed: a toast says why). */
      if (self->sign_dialog == NULL)
        return;
      self->close_after_sign = TRUE;
      g_signal_connect_object (self->sign_dialog, "destroy", G_CALLBACK (sign_dialog_gone), self,
                               G_CONNECT_SWAPPED);
    }
}

/* The document is signed: did the person ask for the window to close? */
gboolean
_sealdesk_window_close_after_sign (SealdeskWindow *self)
{
  if (!self->close_after_sign)
    return FALSE;
  self->close_after_sign = FALSE;
  self->close_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle, g_object_ref (self), g_object_unref);
  return TRUE;
}

/* Asks what becomes of the placements; the window stays until answered. */
static void
ask_before_closing (SealdeskWindow *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  guint n;
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }

  basename = g_file_get_basename (sealdesk_window_get_file (self));
  name = g_filename_display_name (basename);
  n = g_list_model_get_n_items (sealdesk_session_get_placements (self->session));
  if (n == 0)
    {
      /* Only page marks (sealdesk-window-marks.c). */
      /* TRANSLATORS: %s: the document's file name */
      heading = g_strdup_printf (_("Sign the Page Marks Added to “%s”?"), name);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                       _("The page marks added to this document are not signed yet. "
                                         "If the document is closed now, they are lost."));
    }
  else
    {
      /* TRANSLATORS: %s: the document's file name */
      heading = g_strdup_printf (_("Sign the Seals Placed on “%s”?"), name);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      /* TRANSLATORS: %u: how many seals are placed on the document */
                                      ngettext ("The seal placed on this document is not signed yet. "
                                                "If the document is closed now, the seal is lost.",
                                                "The %u seals placed on this document are not signed yet. "
                                                "If the document is closed now, they are lost.", n),
                                      n);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "sign", _("_Sign…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response), self,
                           G_CONNECT_SWAPPED);
  self->close_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_sealdesk_window_close_request (GtkWindow *window)
{
  SealdeskWindow *self = SEALDESK_WINDOW (window);

  if (!self->close_confirmed && _sealdesk_window_has_unsigned_placements (self))
    {
      ask_before_closing (self);
      return TRUE; /* stays open */
    }
  return FALSE;
}

void
_sealdesk_window_close_dispose (SealdeskWindow *self)
{
  if (self->close_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->close_dialog), (gpointer *) &self->close_dialog);
      gtk_window_destroy (GTK_WINDOW (self->close_dialog));
      self->close_dialog = NULL;
    }
}
