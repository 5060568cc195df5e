/* sealdesk-window-marks.c: the page marks of the window's document
 *
 * "Page Marks…" (win.page-marks) opens SealdeskMarksDialog for the
 * document shown; a SealdeskMarkLayer previews the session's marks on
 * the page view; Sign draws them (sealdesk-window-sign.c gives them to
 * the sign dialog with the placements). "Mark as Void…" (win.mark-void)
 * opens SealdeskVoidDialog; the window then shows the voided copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-marks-dialog.h"
#include "sealdesk-void-dialog.h"
#include "sealdesk-window-private.h"

static void
page_marks_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);

  if (self->marks_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->marks_dialog));
      return;
    }
  if (self->session == NULL || g_file_peek_path (sealdesk_session_get_file (self->session)) == NULL)
    return;
  self->marks_dialog = sealdesk_marks_dialog_new (GTK_WINDOW (self), self->session,
                                                  _sealdesk_window_workspace (self));
  g_object_add_weak_pointer (G_OBJECT (self->marks_dialog), (gpointer *) &self->marks_dialog);
  gtk_window_present (GTK_WINDOW (self->marks_dialog));
}

static void
voided (SealdeskWindow *self,
        GFile          *output)
{
  sealdesk_window_open (self, output);
  g_object_set (self, "show-signatures", TRUE, NULL);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Voided copy saved")));
}

static void
mark_void_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  SdWorkspace *workspace = _sealdesk_window_workspace (self);

  if (self->void_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->void_dialog));
      return;
    }
  if (self->session == NULL || workspace == NULL
      || g_file_peek_path (sealdesk_session_get_file (self->session)) == NULL)
    return;
  self->void_dialog = sealdesk_void_dialog_new (GTK_WINDOW (self), workspace,
                                                sealdesk_session_get_file (self->session),
                                                sealdesk_session_get_password (self->session));
  g_object_add_weak_pointer (G_OBJECT (self->void_dialog), (gpointer *) &self->void_dialog);
  g_settings_bind (self->settings, "last-key-id", self->void_dialog, "key-id",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->void_dialog, "voided", G_CALLBACK (voided), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->void_dialog));
}

void
_sealdesk_window_class_marks_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.page-marks", NULL, page_marks_action);
  gtk_widget_class_install_action (widget_class, "win.mark-void", NULL, mark_void_action);
}

void
_sealdesk_window_marks_init (SealdeskWindow *self)
{
  self->mark_layer = sealdesk_mark_layer_new (self->page_view);
}

void
_sealdesk_window_marks_update (SealdeskWindow *self)
{
  gboolean has_document = self->state == SEALDESK_WINDOW_STATE_DOCUMENT && self->session != NULL
                          && g_file_peek_path (sealdesk_session_get_file (self->session)) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.page-marks", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-void",
                                 has_document && _sealdesk_window_workspace (self) != NULL);
  /* The dialog belongs to the document it was opened for. */
  if (self->marks_dialog != NULL && !has_document)
    gtk_window_destroy (GTK_WINDOW (self->marks_dialog));
}

void
_sealdesk_window_marks_dispose (SealdeskWindow *self)
{
  if (self->marks_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->marks_dialog), (gpointer *) &self->marks_dialog);
      gtk_window_destroy (GTK_WINDOW (self->marks_dialog));
      self->marks_dialog = NULL;
    }
  if (self->void_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->void_dialog), (gpointer *) &self->void_dialog);
      gtk_window_destroy (GTK_WINDOW (self->void_dialog));
      self->void_dialog = NULL;
    }
  if (self->mark_layer != NULL)
    sealdesk_mark_layer_set_session (self->mark_layer, NULL);
  g_clear_object (&self->mark_layer);
}
