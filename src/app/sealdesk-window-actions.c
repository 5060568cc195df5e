/* sealdesk-window-actions.c: what a person can do in a window
 *
 * Every action is installed on the window class, so buttons, menus,
 * keyboard shortcuts and tests go through the same code. Accelerators are
 * set on the application (sealdesk-application.c) so that menus show them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-window-private.h"

/* The zoom levels Zoom In and Zoom Out step through. */
static const double zoom_levels[] = {
  0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0,
};

static void
sealdesk_window_open_response (SealdeskWindow       *self,
                               int                   response,
                               GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  GtkApplication *app;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      if ((folder = g_file_get_parent (file)))
        {
          g_autofree char *uri = g_file_get_uri (folder);

          g_settings_set_string (self->settings, "last-folder", uri);
        }

      app = gtk_window_get_application (GTK_WINDOW (self));
      if (_sealdesk_window_is_reusable (self) || app == NULL)
        sealdesk_window_open (self, file);
      else
        sealdesk_application_open_file (SEALDESK_APPLICATION (app), file, NULL);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->file_chooser == chooser)
    g_clear_object (&self->file_chooser);
}

static void
sealdesk_window_open_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  g_autoptr(GtkFileFilter) pdf_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();
  g_autofree char *last_folder = g_settings_get_string (self->settings, "last-folder");

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
      return;
    }

  self->file_chooser = gtk_file_chooser_native_new (_("Open Document"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);

  gtk_file_filter_set_name (pdf_filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (pdf_filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), pdf_filter);
  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->file_chooser), pdf_filter);

  if (last_folder[0] != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (last_folder);

      if (g_file_query_exists (folder, NULL))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->file_chooser), folder, NULL);
    }

  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (sealdesk_window_open_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
sealdesk_window_open_recent_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (_sealdesk_window_is_reusable (self) || app == NULL)
    sealdesk_window_open (self, file);
  else
    sealdesk_application_open_file (SEALDESK_APPLICATION (app), file, NULL);
}

static void
sealdesk_window_close_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
sealdesk_window_set_zoom (SealdeskWindow *self,
                          double          scale)
{
  SealdeskDocumentModel *model = _sealdesk_window_model (self);

  if (model == NULL)
    return;
  scale = CLAMP (scale, SEALDESK_MIN_SCALE, SEALDESK_MAX_SCALE);
  sealdesk_document_model_set_sizing_mode (model, SEALDESK_SIZING_FREE);
  sealdesk_document_model_set_scale (model, scale);
}

static void
sealdesk_window_zoom_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  SealdeskDocumentModel *model = _sealdesk_window_model (self);
  double scale;

  if (model == NULL)
    return;
  scale = sealdesk_document_model_get_scale (model);

  if (g_str_equal (action_name, "win.zoom-in"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
        if (zoom_levels[i] > scale + 0.01)
          {
            sealdesk_window_set_zoom (self, zoom_levels[i]);
            return;
          }
    }
  else if (g_str_equal (action_name, "win.zoom-out"))
    {
      for (guint i = G_N_ELEMENTS (zoom_levels); i > 0; i--)
        if (zoom_levels[i - 1] < scale - 0.01)
          {
            sealdesk_window_set_zoom (self, zoom_levels[i - 1]);
            return;
          }
    }
  else if (g_str_equal (action_name, "win.zoom-reset"))
    sealdesk_window_set_zoom (self, 1.0);
  else if (g_str_equal (action_name, "win.set-zoom"))
    sealdesk_window_set_zoom (self, g_variant_get_double (param));
  else if (g_str_equal (action_name, "win.fit-width"))
    sealdesk_document_model_set_sizing_mode (model, SEALDESK_SIZING_FIT_WIDTH);
  else if (g_str_equal (action_name, "win.fit-page"))
    sealdesk_document_model_set_sizing_mode (model, SEALDESK_SIZING_FIT_PAGE);
}

static void
sealdesk_window_rotate_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  SealdeskDocumentModel *model = _sealdesk_window_model (self);
  guint rotation;

  if (model == NULL)
    return;
  rotation = sealdesk_document_model_get_rotation (model);

  if (g_str_equal (action_name, "win.rotate-left"))
    rotation += 270;
  else
    rotation += 90;

  sealdesk_document_model_set_rotation (model, rotation % 360);
}

static void
sealdesk_window_go_to_page_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->page_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->page_entry), 0, -1);
}

static void
sealdesk_window_find_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);

  if (g_str_equal (action_name, "win.find"))
    sealdesk_find_bar_open (self->find_bar);
  else if (!sealdesk_find_bar_is_open (self->find_bar))
    sealdesk_find_bar_open (self->find_bar);
  else if (g_str_equal (action_name, "win.find-next"))
    sealdesk_find_bar_next (self->find_bar);
  else
    sealdesk_find_bar_previous (self->find_bar);
}

static void
sealdesk_window_text_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);

  if (g_str_equal (action_name, "win.copy"))
    sealdesk_page_view_copy_selection (self->page_view);
  else
    sealdesk_page_view_select_all (self->page_view);
}

static void
sealdesk_window_show_outline_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);

  if (!sealdesk_outline_get_has_outline (self->outline))
    {
      gtk_widget_error_bell (widget);
      return;
    }

  g_object_set (self, "show-sidebar", TRUE, NULL);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "outline");
  gtk_widget_child_focus (GTK_WIDGET (self->outline), GTK_DIR_TAB_FORWARD);
}

/* Whether opening a file from this window shows it here rather than in a
 * new window: nothing is shown, or only why a file could not be opened. */
gboolean
_sealdesk_window_is_reusable (SealdeskWindow *self)
{
  return self->state == SEALDESK_WINDOW_STATE_START ||
         self->state == SEALDESK_WINDOW_STATE_ERROR;
}

void
_sealdesk_window_class_actions_init (GtkWidgetClass *widget_class)
{
  static const char * const zoom_actions[] = {
    "win.zoom-in", "win.zoom-out", "win.zoom-reset", "win.fit-width", "win.fit-page",
  };

  gtk_widget_class_install_action (widget_class, "win.open", NULL,
                                   sealdesk_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s",
                                   sealdesk_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL,
                                   sealdesk_window_close_action);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_actions); i++)
    gtk_widget_class_install_action (widget_class, zoom_actions[i], NULL,
                                     sealdesk_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.set-zoom", "d",
                                   sealdesk_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.rotate-left", NULL,
                                   sealdesk_window_rotate_action);
  gtk_widget_class_install_action (widget_class, "win.rotate-right", NULL,
                                   sealdesk_window_rotate_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-page", NULL,
                                   sealdesk_window_go_to_page_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-sidebar", "show-sidebar");
  gtk_widget_class_install_action (widget_class, "win.find", NULL,
                                   sealdesk_window_find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL,
                                   sealdesk_window_find_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL,
                                   sealdesk_window_find_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL,
                                   sealdesk_window_text_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL,
                                   sealdesk_window_text_action);
  gtk_widget_class_install_action (widget_class, "win.show-outline", NULL,
                                   sealdesk_window_show_outline_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL,
                                   _sealdesk_window_print_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL,
                                   _sealdesk_window_save_copy_action);
}

/* Sign is on for a document it cannot sign too, so that pressing it says
 * why (its tooltip says it as well); without a workspace a dialog has
 * said it already. */
static void
update_sign_action (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *blocker = _sealdesk_window_sign_blocker (self);
  gboolean has_workspace = SEALDESK_IS_APPLICATION (app) &&
                           sealdesk_application_get_workspace (SEALDESK_APPLICATION (app)) != NULL;
  const char *tip = blocker != NULL
                      ? blocker
                      : _("Sign this document with one of your keys (Ctrl+Shift+Enter)");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign",
                                 _sealdesk_window_can_sign (self) ||
                                 (blocker != NULL && has_workspace));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-batch",
                                 has_workspace && self->state == SEALDESK_WINDOW_STATE_DOCUMENT);
  /* Set only when it changes: GTK 4.8 trips over a tooltip replaced
   * while it is about to show. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (self->sign_button), tip) != 0)
    gtk_widget_set_tooltip_text (self->sign_button, tip);
}

/* Enables what makes sense now. */
void
_sealdesk_window_actions_update (SealdeskWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_document = self->state == SEALDESK_WINDOW_STATE_DOCUMENT;
  SealdeskDocumentModel *model = _sealdesk_window_model (self);
  SealdeskSizingMode mode = model ? sealdesk_document_model_get_sizing_mode (model) : SEALDESK_SIZING_FIT_WIDTH;
  double scale = model ? sealdesk_document_model_get_scale (model) : 1.0;
  SealdeskVerifyTask *verification = _sealdesk_window_verify_task (self);
  SdVerifyReport *report = verification != NULL ? sealdesk_verify_task_get_report (verification) : NULL;
  gboolean has_report = has_document && report != NULL && report->signatures->len > 0;

  gtk_widget_action_set_enabled (widget, "win.zoom-in",
                                 has_document && scale < SEALDESK_MAX_SCALE - 0.001);
  gtk_widget_action_set_enabled (widget, "win.zoom-out",
                                 has_document && scale > SEALDESK_MIN_SCALE + 0.001);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset",
                                 has_document && (mode != SEALDESK_SIZING_FREE || fabs (scale - 1.0) > 0.001));
  gtk_widget_action_set_enabled (widget, "win.set-zoom", has_document);
  gtk_widget_action_set_enabled (widget, "win.fit-width",
                                 has_document && mode != SEALDESK_SIZING_FIT_WIDTH);
  gtk_widget_action_set_enabled (widget, "win.fit-page",
                                 has_document && mode != SEALDESK_SIZING_FIT_PAGE);
  gtk_widget_action_set_enabled (widget, "win.rotate-left", has_document);
  gtk_widget_action_set_enabled (widget, "win.rotate-right", has_document);
  gtk_widget_action_set_enabled (widget, "win.go-to-page", has_document);
  gtk_widget_action_set_enabled (widget, "win.toggle-sidebar", has_document);
  gtk_widget_action_set_enabled (widget, "win.find", has_document);
  gtk_widget_action_set_enabled (widget, "win.find-next", has_document);
  gtk_widget_action_set_enabled (widget, "win.find-previous", has_document);
  gtk_widget_action_set_enabled (widget, "win.copy", has_document);
  gtk_widget_action_set_enabled (widget, "win.select-all", has_document);
  gtk_widget_action_set_enabled (widget, "win.show-outline",
                                 has_document && sealdesk_outline_get_has_outline (self->outline));
  gtk_widget_action_set_enabled (widget, "win.print",
                                 has_document && self->print_operation == NULL);
  gtk_widget_action_set_enabled (widget, "win.save-copy", has_document);
  update_sign_action (self);
  gtk_widget_action_set_enabled (widget, "win.toggle-signatures", has_document);
  gtk_widget_action_set_enabled (widget, "win.show-signatures", has_document);
  gtk_widget_action_set_enabled (widget, "win.save-verification-report", has_report);
  gtk_widget_action_set_enabled (widget, "win.check-printout", has_report);
}
