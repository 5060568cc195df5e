/* sealdesk-window-marks.c: the page marks of the window's document
 *
 * "Page Marks…" (win.page-marks) opens SealdeskMarksDialog for the
 * document shown; a SealdeskMarkLayer previews the session's marks on
 * the page view; Sign draws them (sealdesk-window-sign.c gives them to
 * the sign dialog with the placements).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-application.h"
#include "sealdesk-marks-dialog.h"
#include "sealdesk-window-private.h"

static SdWorkspace *
get_workspace (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return SEALDESK_IS_APPLICATION (app)
           ? sealdesk_application_get_workspace (SEALDESK_APPLICATION (app))
           : NULL;
}

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
                                                  get_workspace (self));
  g_object_add_weak_pointer (G_OBJECT (self->marks_dialog), (gpointer *) &self->marks_dialog);
  gtk_window_present (GTK_WINDOW (self->marks_dialog));
}

void
_sealdesk_window_class_marks_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.page-marks", NULL, page_marks_action);
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
  if (self->mark_layer != NULL)
    sealdesk_mark_layer_set_session (self->mark_layer, NULL);
  g_clear_object (&self->mark_layer);
}
