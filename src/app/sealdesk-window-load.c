/* sealdesk-window-load.c: opening the window's document
 *
 * Loading runs off the main thread (sealdesk-document.c), with a spinner
 * only when it takes a moment; a protected document asks for its
 * password and asks again when it is wrong, and says it is locked until
 * then. Its signatures are verified meanwhile
 * (sealdesk-window-signatures.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-recent.h"
#include "sealdesk-window-private.h"

/* The spinner appears only if opening takes longer than this. */
#define LOADING_DELAY_MS 250

static void
sealdesk_window_show_error (SealdeskWindow *self,
                            const GError   *error)
{
  g_autofree char *name = _sealdesk_window_display_name (self);
  g_autofree char *title = g_strdup_printf (_("Could Not Open “%s”"), name);

  sealdesk_session_set_document (self->session, NULL);
  _sealdesk_window_signatures_stop (self);
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, error->message);
  _sealdesk_window_set_state (self, SEALDESK_WINDOW_STATE_ERROR);
  _sealdesk_window_update_title (self);
}

static void
sealdesk_window_show_locked (SealdeskWindow *self)
{
  g_autofree char *name = _sealdesk_window_display_name (self);
  g_autofree char *title = g_strdup_printf (_("“%s” Is Locked"), name);

  sealdesk_session_set_document (self->session, NULL);
  _sealdesk_window_signatures_stop (self);
  adw_status_page_set_icon_name (self->error_page, "dialog-password-symbolic");
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page,
                                   _("This document is protected by a password. "
                                     "It stays closed until the password is entered."));
  _sealdesk_window_set_state (self, SEALDESK_WINDOW_STATE_LOCKED);
  _sealdesk_window_update_title (self);
}

static void
sealdesk_window_show_document (SealdeskWindow   *self,
                               SealdeskDocument *document)
{
  sealdesk_session_set_document (self->session, document);
  _sealdesk_window_fields_update (self);
  _sealdesk_window_set_state (self, SEALDESK_WINDOW_STATE_DOCUMENT);
  _sealdesk_window_update_title (self);
  _sealdesk_window_update_page_entry (self);
  sealdesk_recent_add_document (sealdesk_window_get_file (self));
  _sealdesk_window_signatures_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
}

static void
sealdesk_window_load_done (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  SealdeskWindow *self;
  g_autoptr(SealdeskDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = sealdesk_document_load_finish (result, &error);

  /* Cancelled: the window may be gone, or loading something else. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = SEALDESK_WINDOW (user_data);
  g_clear_object (&self->load_cancellable);

  if (document != NULL)
    sealdesk_window_show_document (self, document);
  else if (g_error_matches (error, SEALDESK_DOCUMENT_ERROR, SEALDESK_DOCUMENT_ERROR_NEEDS_PASSWORD))
    _sealdesk_window_ask_password (self, FALSE);
  else if (g_error_matches (error, SEALDESK_DOCUMENT_ERROR, SEALDESK_DOCUMENT_ERROR_BAD_PASSWORD))
    _sealdesk_window_ask_password (self, TRUE);
  else
    sealdesk_window_show_error (self, error);
}

static gboolean
sealdesk_window_show_loading (gpointer user_data)
{
  SealdeskWindow *self = user_data;

  self->loading_timeout = 0;
  gtk_spinner_start (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  return G_SOURCE_REMOVE;
}

static void
sealdesk_window_load (SealdeskWindow *self,
                      const char     *password)
{
  g_autofree char *name = _sealdesk_window_display_name (self);
  g_autofree char *title = g_strdup_printf (_("Opening “%s”…"), name);

  /* bench/run times the opening to the first page on screen (see
   * sealdesk-page-view.c). */
  if (g_getenv ("SEALDESK_BENCH_FIRST_PAGE") != NULL)
    g_printerr ("sealdesk: opening the document at %" G_GINT64_FORMAT " us\n", g_get_real_time ());

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  sealdesk_session_set_password (self->session, password);

  adw_status_page_set_title (self->loading_page, title);
  self->show_at_once = !gtk_widget_get_mapped (GTK_WIDGET (self));
  _sealdesk_window_set_state (self, SEALDESK_WINDOW_STATE_LOADING);
  self->loading_timeout = g_timeout_add (LOADING_DELAY_MS, sealdesk_window_show_loading, self);

  sealdesk_document_load_async (sealdesk_session_get_file (self->session), password,
                                self->load_cancellable,
                                sealdesk_window_load_done, self);
  /* At the same time: the signatures (the password is needed again). */
  _sealdesk_window_signatures_start (self, password);
}

static void
sealdesk_window_password_response (SealdeskWindow         *self,
                                   const char             *response,
                                   SealdeskPasswordDialog *dialog)
{
  /* Only the dialog on screen speaks for the window: one left over from
   * an earlier try must never lock the document opened since. */
  if (dialog != self->password_dialog)
    return;

  if (g_strcmp0 (response, "unlock") == 0)
    {
      sealdesk_window_load (self, sealdesk_password_dialog_get_password (dialog));
      sealdesk_password_dialog_set_password (dialog, NULL);
    }
  else if (sealdesk_window_get_state (self) != SEALDESK_WINDOW_STATE_DOCUMENT)
    sealdesk_window_show_locked (self);
}

void
_sealdesk_window_ask_password (SealdeskWindow *self,
                               gboolean        retry)
{
  g_autofree char *name = _sealdesk_window_display_name (self);
  GtkWidget *dialog;

  if (self->password_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->password_dialog));

  dialog = sealdesk_password_dialog_new (GTK_WINDOW (self), name, retry);
  self->password_dialog = SEALDESK_PASSWORD_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->password_dialog);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (sealdesk_window_password_response),
                           self, G_CONNECT_SWAPPED);

  /* Until it is unlocked, the window says what it is waiting for. */
  sealdesk_window_show_locked (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens @file with @password (NULL: ask if it needs one). */
void
_sealdesk_window_open_with_password (SealdeskWindow *self,
                                     GFile          *file,
                                     const char     *password)
{
  g_return_if_fail (SEALDESK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* A new file gets a new session; opening the same one again keeps it,
   * with its placements. */
  if (self->session == NULL || !g_file_equal (sealdesk_session_get_file (self->session), file))
    {
      g_autoptr(SealdeskSession) session = sealdesk_session_new (file);

      _sealdesk_window_set_session (self, session);
    }
  _sealdesk_window_update_title (self);
  sealdesk_window_load (self, password);
}

