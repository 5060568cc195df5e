/* sealdesk-mark-widget.c: the preview of a page mark on one page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sealdesk-mark-widget.h"
#include "sealdesk-page-view.h"

struct _SealdeskMarkWidget
{
  GtkWidget         parent_instance;

  SealdeskSession  *session;
  SealdeskPageMark *mark;
  GdkPaintable     *picture;
};

G_DEFINE_FINAL_TYPE (SealdeskMarkWidget, sealdesk_mark_widget, GTK_TYPE_WIDGET)

static void
sealdesk_mark_widget_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SealdeskMarkWidget *self = SEALDESK_MARK_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  GtkWidget *parent = gtk_widget_get_parent (widget);
  SdViewTransform transform;
  SdRect rect;
  guint page;
  int rotation = 0;

  /* The picture is the mark's rectangle upright: turned with the page. */
  if (SEALDESK_IS_PAGE_VIEW (parent)
      && sealdesk_page_view_get_overlay (SEALDESK_PAGE_VIEW (parent), widget, &page, &rect)
      && sealdesk_page_view_get_page_transform (SEALDESK_PAGE_VIEW (parent), page, &transform))
    rotation = transform.rotation;
  if (self->picture != NULL)
    {
      gboolean turned = rotation == 90 || rotation == 270;
      double w = turned ? height : width;
      double h = turned ? width : height;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2.0, height / 2.0));
      gtk_snapshot_rotate (snapshot, rotation);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-w / 2, -h / 2));
      gdk_paintable_snapshot (self->picture, snapshot, w, h);
      gtk_snapshot_restore (snapshot);
    }
  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect outline;
      GdkRGBA color = { 0.21, 0.52, 0.89, 1 };
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4] = { color, color, color, color };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             SealdeskMarkWidget    *self)
{
  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete && keyval != GDK_KEY_BackSpace)
    return FALSE;
  sealdesk_session_remove_mark (self->session, self->mark);
  return TRUE;
}

static void
sealdesk_mark_widget_dispose (GObject *object)
{
  SealdeskMarkWidget *self = SEALDESK_MARK_WIDGET (object);

  g_clear_object (&self->session);
  g_clear_object (&self->mark);
  g_clear_object (&self->picture);

  G_OBJECT_CLASS (sealdesk_mark_widget_parent_class)->dispose (object);
}

static void
sealdesk_mark_widget_class_init (SealdeskMarkWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_mark_widget_dispose;
  widget_class->snapshot = sealdesk_mark_widget_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "pagemark");
}

static void
sealdesk_mark_widget_init (SealdeskMarkWidget *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sealdesk_mark_widget_new (SealdeskSession  *session,
                          SealdeskPageMark *mark,
                          GdkPaintable     *picture)
{
  SealdeskMarkWidget *self = g_object_new (SEALDESK_TYPE_MARK_WIDGET, NULL);
  g_autofree char *name = sealdesk_page_mark_describe (mark);

  self->session = g_object_ref (session);
  self->mark = g_object_ref (mark);
  g_set_object (&self->picture, picture);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), name);
  return GTK_WIDGET (self);
}

SealdeskPageMark *
sealdesk_mark_widget_get_mark (SealdeskMarkWidget *self)
{
  g_return_val_if_fail (SEALDESK_IS_MARK_WIDGET (self), NULL);

  return self->mark;
}

GdkPaintable *
sealdesk_mark_widget_get_picture (SealdeskMarkWidget *self)
{
  g_return_val_if_fail (SEALDESK_IS_MARK_WIDGET (self), NULL);

  return self->picture;
}

void
sealdesk_mark_widget_set_picture (SealdeskMarkWidget *self,
                                  GdkPaintable       *picture)
{
  g_return_if_fail (SEALDESK_IS_MARK_WIDGET (self));

  if (g_set_object (&self->picture, picture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
