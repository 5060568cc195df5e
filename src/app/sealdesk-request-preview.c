/* sealdesk-request-preview.c: a request's page with its placements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-geometry.h"
#include "sealdesk-document.h"
#include "sealdesk-request-preview.h"
#include "sealdesk-seal-texture.h"

/* Pixels across the rendered page (times the screen's scale). */
#define RENDER_WIDTH 720
#define NATURAL_WIDTH 480

typedef struct {
  double      x, y, width, height;   /* points, bottom-left origin */
  GdkTexture *seal;                  /* NULL when it cannot be read */
} Drawn;

struct _SealdeskRequestPreview
{
  GtkWidget parent_instance;

  GCancellable     *cancellable;
  SealdeskDocument *document;
  GdkTexture       *page_texture;
  guint             page;           /* 0-based */
  double            page_width, page_height;
  GArray           *drawn;          /* Drawn */
  char             *error;
  gboolean          ready;
};

G_DEFINE_FINAL_TYPE (SealdeskRequestPreview, sealdesk_request_preview, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_READY, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
drawn_clear (gpointer data)
{
  Drawn *drawn = data;

  g_clear_object (&drawn->seal);
}

static void
set_ready (SealdeskRequestPreview *self, const char *error)
{
  g_free (self->error);
  self->error = g_strdup (error);
  self->ready = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
render_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskRequestPreview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = sealdesk_render_queue_render_finish (SEALDESK_RENDER_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_set_object (&self->page_texture, texture);
  set_ready (self, error != NULL ? error->message : NULL);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskRequestPreview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SealdeskDocument) document = sealdesk_document_load_finish (result, &error);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int width, height;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (document == NULL)
    {
      set_ready (self, error->message);
      return;
    }
  if (self->page >= sealdesk_document_get_n_pages (document))
    {
      g_autofree char *text = g_strdup_printf (_("Page %u does not exist: the document has %u pages"),
                                               self->page + 1, sealdesk_document_get_n_pages (document));

      set_ready (self, text);
      return;
    }
  g_set_object (&self->document, document);
  sealdesk_document_get_page_size (document, self->page, &self->page_width, &self->page_height);
  width = RENDER_WIDTH * scale;
  height = (int) (width * self->page_height / MAX (self->page_width, 1));
  sealdesk_render_queue_render_async (sealdesk_document_get_render_queue (document), self->page, 0,
                                      width, height, SEALDESK_RENDER_PRIORITY_VISIBLE,
                                      self->cancellable, render_done, g_object_ref (self));
}

void
sealdesk_request_preview_set_request (SealdeskRequestPreview *self,
                                      SdWorkspace            *workspace,
                                      SdRequest              *request)
{
  g_autoptr(GFile) file = NULL;
  int page = 1;

  g_return_if_fail (SEALDESK_IS_REQUEST_PREVIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->page_texture);
  g_clear_pointer (&self->error, g_free);
  g_array_set_size (self->drawn, 0);
  self->ready = FALSE;
  self->page_width = self->page_height = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  if (request == NULL)
    return;

  for (guint i = 0; i < request->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (request->placements, i);
      Drawn drawn = { p->x, p->y, p->width, p->height, NULL };

      if (i == 0)
        page = p->page;
      /* Placements into a signature field have no rectangle of their own. */
      if (p->page != page || p->field != NULL)
        continue;
      drawn.seal = sealdesk_seal_texture_new (workspace, p->seal, NULL);
      g_array_append_val (self->drawn, drawn);
    }
  self->page = (guint) MAX (page, 1) - 1;
  self->cancellable = g_cancellable_new ();
  file = g_file_new_for_path (request->current_path != NULL ? request->current_path : request->doc_path);
  sealdesk_document_load_async (file, NULL, self->cancellable, load_done, g_object_ref (self));
}

gboolean
sealdesk_request_preview_is_ready (SealdeskRequestPreview *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_PREVIEW (self), FALSE);

  return self->ready;
}

const char *
sealdesk_request_preview_get_error (SealdeskRequestPreview *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_PREVIEW (self), NULL);

  return self->error;
}

guint
sealdesk_request_preview_get_n_drawn (SealdeskRequestPreview *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_PREVIEW (self), 0);

  return self->page_texture != NULL ? self->drawn->len : 0;
}

static GtkSizeRequestMode
sealdesk_request_preview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sealdesk_request_preview_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  SealdeskRequestPreview *self = SEALDESK_REQUEST_PREVIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      int width = for_size > 0 ? for_size : NATURAL_WIDTH;
      double ratio = self->page_width > 0 ? self->page_height / self->page_width : 1.414;

      *minimum = *natural = (int) (width * ratio);
    }
}

static void
sealdesk_request_preview_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  SealdeskRequestPreview *self = SEALDESK_REQUEST_PREVIEW (widget);
  int width = gtk_widget_get_width (widget);
  double scale;
  graphene_rect_t bounds;
  SdViewTransform transform;
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA red = { 0.85, 0.1, 0.1, 1 };
  const GdkRGBA shade = { 0.85, 0.1, 0.1, 0.12 };

  if (self->page_texture == NULL || self->page_width <= 0)
    return;
  scale = width / self->page_width;
  graphene_rect_init (&bounds, 0, 0, width, self->page_height * scale);
  /* The page is rendered upright (as it is seen: /Rotate applied), so the
   * request's placements, in visible space, are drawn without a further
   * turn. */
  transform = (SdViewTransform) { self->page_width, self->page_height, 0,
                                  { 0, 0, width, self->page_height * scale } };
  gtk_snapshot_append_color (snapshot, &white, &bounds);
  gtk_snapshot_append_texture (snapshot, self->page_texture, &bounds);

  for (guint i = 0; i < self->drawn->len; i++)
    {
      Drawn *d = &g_array_index (self->drawn, Drawn, i);
      GskRoundedRect outline;
      graphene_rect_t rect;
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { red, red, red, red };
      SdRect visible = { d->x, d->y, d->width, d->height }, view;

      sd_geometry_visible_rect_to_view (&transform, &visible, &view);
      graphene_rect_init (&rect, view.x, view.y, view.width, view.height);
      gtk_snapshot_append_color (snapshot, &shade, &rect);
      if (d->seal != NULL)
        gtk_snapshot_append_texture (snapshot, d->seal, &rect);
      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
sealdesk_request_preview_dispose (GObject *object)
{
  SealdeskRequestPreview *self = SEALDESK_REQUEST_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->page_texture);
  G_OBJECT_CLASS (sealdesk_request_preview_parent_class)->dispose (object);
}

static void
sealdesk_request_preview_finalize (GObject *object)
{
  SealdeskRequestPreview *self = SEALDESK_REQUEST_PREVIEW (object);

  g_array_unref (self->drawn);
  g_free (self->error);
  G_OBJECT_CLASS (sealdesk_request_preview_parent_class)->finalize (object);
}

static void
sealdesk_request_preview_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, SEALDESK_REQUEST_PREVIEW (object)->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_request_preview_class_init (SealdeskRequestPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_request_preview_dispose;
  object_class->finalize = sealdesk_request_preview_finalize;
  object_class->get_property = sealdesk_request_preview_get_property;
  widget_class->get_request_mode = sealdesk_request_preview_get_request_mode;
  widget_class->measure = sealdesk_request_preview_measure;
  widget_class->snapshot = sealdesk_request_preview_snapshot;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sealdesk_request_preview_init (SealdeskRequestPreview *self)
{
  self->drawn = g_array_new (FALSE, TRUE, sizeof (Drawn));
  g_array_set_clear_func (self->drawn, drawn_clear);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The document with the proposed seals"), -1);
}

GtkWidget *
sealdesk_request_preview_new (void)
{
  return g_object_new (SEALDESK_TYPE_REQUEST_PREVIEW, NULL);
}
