/* sealdesk-page-thumbnail.c: one page's picture in the thumbnails sidebar
 *
 * Always exactly the size of the page at thumbnail scale, white until the
 * rendered texture arrives (which may have more pixels, on HiDPI screens).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-page-thumbnail.h"

struct _SealdeskPageThumbnail
{
  GtkWidget   parent_instance;

  GdkTexture *texture;
  int         width;
  int         height;
};

G_DEFINE_FINAL_TYPE (SealdeskPageThumbnail, sealdesk_page_thumbnail, GTK_TYPE_WIDGET)

static void
sealdesk_page_thumbnail_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  SealdeskPageThumbnail *self = SEALDESK_PAGE_THUMBNAIL (widget);

  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;
}

static void
sealdesk_page_thumbnail_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  SealdeskPageThumbnail *self = SEALDESK_PAGE_THUMBNAIL (widget);
  static const GdkRGBA white = { 1.0, 1.0, 1.0, 1.0 };
  static const GdkRGBA shadow = { 0.0, 0.0, 0.0, 0.3 };
  graphene_rect_t bounds;
  GskRoundedRect outline;

  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  gsk_rounded_rect_init_from_rect (&outline, &bounds, 0);

  gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 3);
  gtk_snapshot_append_color (snapshot, &white, &bounds);
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
}

static void
sealdesk_page_thumbnail_dispose (GObject *object)
{
  SealdeskPageThumbnail *self = (SealdeskPageThumbnail *)object;

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (sealdesk_page_thumbnail_parent_class)->dispose (object);
}

static void
sealdesk_page_thumbnail_class_init (SealdeskPageThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_page_thumbnail_dispose;

  widget_class->measure = sealdesk_page_thumbnail_measure;
  widget_class->snapshot = sealdesk_page_thumbnail_snapshot;

  gtk_widget_class_set_css_name (widget_class, "pagethumbnail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sealdesk_page_thumbnail_init (SealdeskPageThumbnail *self)
{
  self->width = 90;
  self->height = 120;
}

GtkWidget *
sealdesk_page_thumbnail_new (void)
{
  return g_object_new (SEALDESK_TYPE_PAGE_THUMBNAIL, NULL);
}

/* The size shown, in logical pixels. */
void
sealdesk_page_thumbnail_set_size (SealdeskPageThumbnail *self,
                                  int                    width,
                                  int                    height)
{
  g_return_if_fail (SEALDESK_IS_PAGE_THUMBNAIL (self));

  if (self->width == width && self->height == height)
    return;

  self->width = width;
  self->height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GdkTexture *
sealdesk_page_thumbnail_get_texture (SealdeskPageThumbnail *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_THUMBNAIL (self), NULL);

  return self->texture;
}

void
sealdesk_page_thumbnail_set_texture (SealdeskPageThumbnail *self,
                                     GdkTexture            *texture)
{
  g_return_if_fail (SEALDESK_IS_PAGE_THUMBNAIL (self));

  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
