/* sealdesk-window-placements.c: the seals placed on the window's document
 *
 * The window shows a SealdeskSession per open document (made when a file
 * is opened, given the document once it is loaded); its placements are
 * drawn on the page view by a SealdeskPlacementLayer. Undo and redo of
 * placements are window actions (win.undo, win.redo); win.place-seal puts
 * a seal of the library on the current page at its true size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-seal-library.h"
#include "sealdesk-application.h"
#include "sealdesk-seal-texture.h"
#include "sealdesk-window-private.h"

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);

  if (self->session == NULL)
    return;
  if (g_str_equal (action_name, "win.undo"))
    sealdesk_session_undo (self->session);
  else
    sealdesk_session_redo (self->session);
}

/* A placement of @seal_id at its true size, centred on (@u, @v) of @page
 * (visible space) and kept on the page; selected and focused. */
SealdeskPlacement *
_sealdesk_window_place_seal (SealdeskWindow *self,
                             const char     *seal_id,
                             guint           page,
                             double          u,
                             double          v,
                             GError        **error)
{
  SealdeskDocument *document = self->session ? sealdesk_session_get_document (self->session) : NULL;
  SdWorkspace *workspace = _sealdesk_window_workspace (self);
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  double page_width, page_height, width, height, shrink;
  GtkWidget *widget;

  if (document == NULL || workspace == NULL || page >= sealdesk_document_get_n_pages (document))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("Open a document to place a seal on it."));
      return NULL;
    }
  if ((seal = sd_seal_library_get (workspace, seal_id, error)) == NULL ||
      !sd_seal_check_usable (seal, error))
    return NULL;

  sealdesk_document_get_page_size (document, page, &page_width, &page_height);
  sealdesk_seal_true_size (seal, &width, &height);
  /* A seal larger than the page is made to fit, keeping its shape. */
  shrink = MIN (1.0, MIN (page_width / MAX (width, 1), page_height / MAX (height, 1)));
  width *= shrink;
  height *= shrink;
  placement = sealdesk_placement_new (seal_id, page,
                                      CLAMP (u - width / 2, 0, page_width - width),
                                      CLAMP (v - height / 2, 0, page_height - height),
                                      width, height);
  sealdesk_session_add_placement (self->session, placement);

  sealdesk_placement_layer_select (self->placement_layer, placement);
  if ((widget = sealdesk_placement_layer_get_widget (self->placement_layer, placement)) != NULL)
    gtk_widget_grab_focus (widget);

  return g_steal_pointer (&placement);
}

/* win.place-seal("ID"): on the centre of the current page. */
static void
place_seal_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  SealdeskDocument *document = self->session ? sealdesk_session_get_document (self->session) : NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  g_autoptr(GError) error = NULL;
  int page = document ? MAX (sealdesk_document_model_get_page (_sealdesk_window_model (self)), 0) : 0;
  double width = 0, height = 0;

  if (document == NULL)
    return;
  sealdesk_document_get_page_size (document, page, &width, &height);
  placement = _sealdesk_window_place_seal (self, g_variant_get_string (param, NULL), page,
                                           width / 2, height / 2, &error);
  if (placement == NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

void
_sealdesk_window_placements_update (SealdeskWindow *self)
{
  gboolean has_document = self->state == SEALDESK_WINDOW_STATE_DOCUMENT && self->session != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 has_document && sealdesk_session_can_undo (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 has_document && sealdesk_session_can_redo (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.place-seal",
                                 has_document && _sealdesk_window_workspace (self) != NULL);
  _sealdesk_window_marks_update (self);
}

static void
workspace_changed (SealdeskWindow *self)
{
  sealdesk_placement_layer_set_workspace (self->placement_layer, _sealdesk_window_workspace (self));
  sealdesk_mark_layer_set_workspace (self->mark_layer, _sealdesk_window_workspace (self));
  sealdesk_seal_palette_set_workspace (self->seal_palette, _sealdesk_window_workspace (self));
  _sealdesk_window_placements_update (self);
}

/* Puts @seal_id where (@x, @y) of the page view is, if that is on a page. */
static gboolean
place_at (SealdeskWindow *self,
          const char     *seal_id,
          double          x,
          double          y)
{
  SealdeskDocument *document = self->session ? sealdesk_session_get_document (self->session) : NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  g_autoptr(GError) error = NULL;
  double width, height, u, v;
  guint page;

  if (document == NULL || seal_id == NULL ||
      !sealdesk_page_view_view_to_page (self->page_view, x, y, &page, &u, &v))
    return FALSE;
  sealdesk_document_get_page_size (document, page, &width, &height);
  if (u < 0 || v < 0 || u > width || v > height)
    return FALSE;

  placement = _sealdesk_window_place_seal (self, seal_id, page, u, v, &error);
  if (placement == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return FALSE;
    }
  return TRUE;
}

static gboolean
seal_dropped (SealdeskWindow *self,
              const GValue   *value,
              double          x,
              double          y)
{
  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  return place_at (self, g_value_get_string (value), x, y);
}

/* A click on a page with a seal chosen in the palette puts it there. */
static void
page_clicked (SealdeskWindow  *self,
              int              n_press,
              double           x,
              double           y,
              GtkGestureClick *gesture)
{
  const char *seal_id = sealdesk_seal_palette_get_selected (self->seal_palette);
  g_autofree char *id = g_strdup (seal_id);

  if (id == NULL || n_press != 1)
    return;
  if (place_at (self, id, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      sealdesk_seal_palette_unselect (self->seal_palette);
    }
}

static void
palette_activated (SealdeskWindow *self,
                   const char     *seal_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.place-seal", "s", seal_id);
}

/* Shows @session (NULL: none) instead of the one shown. */
void
_sealdesk_window_set_session (SealdeskWindow  *self,
                              SealdeskSession *session)
{
  g_autoptr(SealdeskSession) old = self->session != NULL ? g_object_ref (self->session) : NULL;

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      SealdeskVerifyTask *verification = sealdesk_session_get_verification (self->session);

      g_signal_handlers_disconnect_by_data (self->session, self);
      if (verification != NULL)
        g_signal_handlers_disconnect_by_data (verification, self);
    }
  g_set_object (&self->session, session);
  _sealdesk_window_follow_model (self, old != NULL ? sealdesk_session_get_model (old) : NULL);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::can-undo",
                               G_CALLBACK (_sealdesk_window_placements_update),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::can-redo",
                               G_CALLBACK (_sealdesk_window_placements_update),
                               self, G_CONNECT_SWAPPED);
    }
  workspace_changed (self);
  /* Marks under the seals: their widgets first. */
  sealdesk_placement_layer_set_session (self->placement_layer, NULL);
  sealdesk_mark_layer_set_session (self->mark_layer, session);
  sealdesk_placement_layer_set_session (self->placement_layer, session);
  _sealdesk_window_placements_update (self);
}

void
_sealdesk_window_class_placements_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.place-seal", "s", place_seal_action);
  _sealdesk_window_class_marks_init (widget_class);
}

void
_sealdesk_window_placements_init (SealdeskWindow *self)
{
  GtkDropTarget *drop_target;
  GtkGesture *gesture;

  self->placement_layer = sealdesk_placement_layer_new (self->page_view);
  _sealdesk_window_marks_init (self);

  /* Seals from the palette: dragged, or chosen then clicked on a page. */
  drop_target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop_target, "drop", G_CALLBACK (seal_dropped), self);
  gtk_widget_add_controller (GTK_WIDGET (self->page_view), GTK_EVENT_CONTROLLER (drop_target));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (page_clicked), self);
  gtk_widget_add_controller (GTK_WIDGET (self->page_view), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_object (self->seal_palette, "seal-activated", G_CALLBACK (palette_activated),
                           self, G_CONNECT_SWAPPED);
}

/* Once the window has its application (constructed). */
void
_sealdesk_window_placements_constructed (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (SEALDESK_IS_APPLICATION (app))
    g_signal_connect_object (app, "notify::workspace", G_CALLBACK (workspace_changed),
                             self, G_CONNECT_SWAPPED);
  workspace_changed (self);
}

void
_sealdesk_window_placements_dispose (SealdeskWindow *self)
{
  if (self->placement_layer != NULL)
    sealdesk_placement_layer_set_session (self->placement_layer, NULL);
  g_clear_object (&self->placement_layer);
  _sealdesk_window_marks_dispose (self);
  if (self->session != NULL)
    {
      g_autoptr(SealdeskSession) session = g_steal_pointer (&self->session);

      g_signal_handlers_disconnect_by_data (session, self);
      _sealdesk_window_follow_model (self, sealdesk_session_get_model (session));
    }
}

SealdeskSession *
sealdesk_window_get_session (SealdeskWindow *self)
{
  g_return_val_if_fail (SEALDESK_IS_WINDOW (self), NULL);

  return self->session;
}
