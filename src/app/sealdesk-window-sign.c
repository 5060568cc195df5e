/* sealdesk-window-sign.c: "Sign…" in a window
 *
 * Opens SealdeskSignDialog for the document shown, with the seals placed
 * on it (the session's placements) and the key chosen last time (setting
 * "last-key-id"); once
 * the signed copy is written the window shows it, and the signatures panel
 * verifies it. A document opened with a password is signed with the same
 * password (asked once, when it was opened), and its signed copy opens with
 * it too. A document cannot be signed while the application has no
 * workspace to take keys from: Sign then says why, in its tooltip and in a
 * toast when pressed (_sealdesk_window_sign_blocker()).
 *
 * "Sign Several Documents…" (win.sign-batch) opens
 * SealdeskBatchSignDialog with the document of every window, this one
 * first: one key, one PIN, each signed beside its original; each window
 * whose document was signed then shows the signed copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-secret.h"
#include "sealdesk-application.h"
#include "sealdesk-batch-sign-dialog.h"
#include "sealdesk-document.h"
#include "sealdesk-sign-dialog.h"
#include "sealdesk-window-private.h"

static void
sealdesk_window_signed (SealdeskWindow *self,
                        GFile          *output)
{
  g_autoptr(SdSecret) password = NULL;

  /* Sign… from the close question: the window goes, as asked. */
  if (_sealdesk_window_close_after_sign (self))
    return;
  /* The signed copy has the document's password: no need to ask again. */
  if (self->session != NULL && sealdesk_session_get_password (self->session) != NULL)
    password = sd_secret_dup (sealdesk_session_get_password (self->session));
  _sealdesk_window_open_with_password (self, output, password);
  g_object_set (self, "show-signatures", TRUE, NULL);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Signed copy saved")));
}

static void
sealdesk_window_sign_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  SealdeskDocument *document = self->session ? sealdesk_session_get_document (self->session) : NULL;
  SdWorkspace *workspace = _sealdesk_window_workspace (self);
  GtkWidget *dialog;

  if (self->sign_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->sign_dialog));
      return;
    }
  /* Sign stays reachable on a document that cannot be signed, to say why. */
  if (_sealdesk_window_sign_blocker (self) != NULL)
    {
      AdwToast *toast = adw_toast_new (_sealdesk_window_sign_blocker (self));

      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }
  if (document == NULL || sealdesk_window_get_file (self) == NULL || workspace == NULL)
    return;

  dialog = sealdesk_sign_dialog_new (GTK_WINDOW (self), workspace, sealdesk_window_get_file (self));
  self->sign_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->sign_dialog);
  g_settings_bind (self->settings, "last-key-id", dialog, "key-id", G_SETTINGS_BIND_DEFAULT);
  if (self->session != NULL)
    sealdesk_sign_dialog_set_password (SEALDESK_SIGN_DIALOG (dialog),
                                       sealdesk_session_get_password (self->session));
  /* The seals placed on the pages, all in one signature. */
  if (self->session != NULL)
    {
      sealdesk_sign_dialog_set_placements (SEALDESK_SIGN_DIALOG (dialog),
                                           sealdesk_session_get_placements (self->session));
      sealdesk_sign_dialog_set_marks (SEALDESK_SIGN_DIALOG (dialog),
                                      sealdesk_session_get_marks (self->session));
    }
  g_signal_connect_object (dialog, "signed", G_CALLBACK (sealdesk_window_signed),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A document of the batch is signed: its window shows the signed copy
 * (the seals placed on it are in that copy now). */
static void
sealdesk_window_batch_signed (SealdeskWindow  *self,
                              SealdeskSession *session,
                              GFile           *output)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (session == NULL || app == NULL)
    return;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data) && SEALDESK_WINDOW (l->data)->session == session)
      {
        sealdesk_window_open (l->data, output);
        g_object_set (l->data, "show-signatures", TRUE, NULL);
        break;
      }
}

static void
add_window_session (SealdeskBatchSignDialog *dialog,
                    SealdeskWindow          *window)
{
  if (window->state == SEALDESK_WINDOW_STATE_DOCUMENT && window->session != NULL)
    sealdesk_batch_sign_dialog_add_session (dialog, window->session);
}

static void
sealdesk_window_sign_batch_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  SdWorkspace *workspace = _sealdesk_window_workspace (self);
  GtkWidget *dialog;

  if (self->batch_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->batch_dialog));
      return;
    }
  if (workspace == NULL || app == NULL)
    return;

  dialog = sealdesk_batch_sign_dialog_new (GTK_WINDOW (self), workspace);
  self->batch_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->batch_dialog);
  g_settings_bind (self->settings, "last-key-id", dialog, "key-id", G_SETTINGS_BIND_DEFAULT);
  add_window_session (SEALDESK_BATCH_SIGN_DIALOG (dialog), self);
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data) && l->data != (gpointer) self)
      add_window_session (SEALDESK_BATCH_SIGN_DIALOG (dialog), l->data);
  g_signal_connect_object (dialog, "signed", G_CALLBACK (sealdesk_window_batch_signed),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sealdesk_window_class_sign_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.sign", NULL,
                                   sealdesk_window_sign_action);
  gtk_widget_class_install_action (widget_class, "win.sign-batch", NULL,
                                   sealdesk_window_sign_batch_action);
}

void
_sealdesk_window_sign_dispose (SealdeskWindow *self)
{
  if (self->sign_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->sign_dialog),
                                    (gpointer *) &self->sign_dialog);
      gtk_window_destroy (GTK_WINDOW (self->sign_dialog));
      self->sign_dialog = NULL;
    }
  if (self->batch_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->batch_dialog),
                                    (gpointer *) &self->batch_dialog);
      gtk_window_destroy (GTK_WINDOW (self->batch_dialog));
      self->batch_dialog = NULL;
    }
}

/* Why the document shown cannot be signed, in words for the person who
 * pressed Sign; NULL when it can be (or when no document is shown, where
 * the action is off and needs no word). */
const char *
_sealdesk_window_sign_blocker (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->state != SEALDESK_WINDOW_STATE_DOCUMENT || sealdesk_window_get_file (self) == NULL)
    return NULL;
  if (g_file_peek_path (sealdesk_window_get_file (self)) == NULL)
    return _("Only a document saved on this computer can be signed: save a copy here first.");
  if (_sealdesk_window_workspace (self) == NULL)
    return SEALDESK_IS_APPLICATION (app) &&
               sealdesk_application_get_workspace_error (SEALDESK_APPLICATION (app)) != NULL
             ? _("Signing is not possible: Sealdesk could not open its data folder (see the "
                 "message shown at startup).")
             : _("Signing is possible in a moment: Sealdesk is still opening its data folder.");
  return NULL;
}

/* Can the document shown be signed? */
gboolean
_sealdesk_window_can_sign (SealdeskWindow *self)
{
  return self->state == SEALDESK_WINDOW_STATE_DOCUMENT && sealdesk_window_get_file (self) != NULL &&
         _sealdesk_window_sign_blocker (self) == NULL;
}
