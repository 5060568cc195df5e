/* sealdesk-thumbnails.c: the sidebar of page thumbnails
 *
 * A GtkListView of the document's pages. Only the rows on screen are bound
 * to a page, so only their thumbnails are rendered: on the document's
 * render queue, at the lowest priority, into the same page cache as the
 * page view; unbinding a row cancels its render. The selected row follows
 * the model's current page and sets it when clicked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sealdesk-page-layout.h"
#include "sealdesk-page-thumbnail.h"
#include "sealdesk-thumbnails.h"

/* Thumbnails are this wide (in logical pixels), or this tall for
 * landscape pages. */
#define THUMBNAIL_SIZE 112

struct _SealdeskThumbnails
{
  GtkWidget              parent_instance;

  SealdeskDocumentModel *model;
  SealdeskDocument      *document;
  GtkWidget             *scrolled_window;
  GtkListView           *list_view;
  GtkSingleSelection    *selection;
  GBinding              *page_binding;

  /* Renders asked for by rows just bound, sent to the render queue at a
   * low priority so that the page view's requests for the same frame go
   * first. */
  GPtrArray             *pending;
  guint                  submit_source;
};

G_DEFINE_FINAL_TYPE (SealdeskThumbnails, sealdesk_thumbnails, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GCancellable          *cancellable;
  SealdeskDocument      *document;
  SealdeskPageThumbnail *thumbnail;
  guint                  page;
  guint                  rotation;
  int                    width;
  int                    height;
} ThumbnailJob;

static void
thumbnail_job_clear (gpointer data)
{
  ThumbnailJob *job = data;

  g_clear_object (&job->cancellable);
  g_clear_object (&job->document);
  g_clear_object (&job->thumbnail);
}

static void
thumbnail_job_release (gpointer data)
{
  g_rc_box_release_full (data, thumbnail_job_clear);
}

static void
thumbnail_job_cancel (gpointer data)
{
  ThumbnailJob *job = data;

  g_cancellable_cancel (job->cancellable);
  thumbnail_job_release (job);
}

static void
thumbnail_render_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ThumbnailJob *job = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = sealdesk_render_queue_render_finish (SEALDESK_RENDER_QUEUE (source), result, &error);
  if (texture != NULL)
    {
      sealdesk_page_cache_insert (sealdesk_document_get_page_cache (job->document),
                                  job->page, job->rotation, texture);
      sealdesk_page_thumbnail_set_texture (job->thumbnail, texture);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Thumbnail of page %u was not rendered: %s", job->page + 1, error->message);

  thumbnail_job_release (job);
}

static gboolean
sealdesk_thumbnails_submit (gpointer user_data)
{
  SealdeskThumbnails *self = user_data;

  self->submit_source = 0;

  for (guint i = 0; i < self->pending->len; i++)
    {
      ThumbnailJob *job = g_ptr_array_index (self->pending, i);

      if (g_cancellable_is_cancelled (job->cancellable))
        continue;

      sealdesk_render_queue_render_async (sealdesk_document_get_render_queue (job->document),
                                          job->page, job->rotation,
                                          job->width, job->height,
                                          SEALDESK_RENDER_PRIORITY_THUMBNAIL,
                                          job->cancellable,
                                          thumbnail_render_done,
                                          g_rc_box_acquire (job));
    }
  g_ptr_array_set_size (self->pending, 0);

  return G_SOURCE_REMOVE;
}

static void
sealdesk_thumbnails_setup (GtkSignalListItemFactory *factory,
                           GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *thumbnail = sealdesk_page_thumbnail_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_halign (thumbnail, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");

  gtk_box_append (GTK_BOX (box), thumbnail);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
sealdesk_thumbnails_bind (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          SealdeskThumbnails       *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  SealdeskPageThumbnail *thumbnail = SEALDESK_PAGE_THUMBNAIL (gtk_widget_get_first_child (box));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_last_child (box));
  GtkStringObject *string = gtk_list_item_get_item (item);
  guint page = gtk_list_item_get_position (item);
  guint rotation = sealdesk_document_model_get_rotation (self->model);
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autofree char *accessible = NULL;
  ThumbnailJob *job;
  GdkTexture *texture;
  double page_width, page_height;
  int width, height;

  if (self->document == NULL || page >= sealdesk_document_get_n_pages (self->document))
    return;

  gtk_label_set_text (label, gtk_string_object_get_string (string));
  accessible = g_strdup_printf (_("Page %s"), gtk_string_object_get_string (string));
  gtk_accessible_update_property (GTK_ACCESSIBLE (thumbnail),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  sealdesk_document_get_page_size (self->document, page, &page_width, &page_height);
  if (rotation == 90 || rotation == 270)
    {
      double swap = page_width;

      page_width = page_height;
      page_height = swap;
    }
  if (page_width >= page_height)
    {
      width = THUMBNAIL_SIZE;
      height = MAX (1, (int) round (THUMBNAIL_SIZE * page_height / page_width));
    }
  else
    {
      height = (int) round (THUMBNAIL_SIZE * 1.3);
      width = MAX (1, (int) round (height * page_width / page_height));
      if (width > THUMBNAIL_SIZE)
        {
          width = THUMBNAIL_SIZE;
          height = MAX (1, (int) round (THUMBNAIL_SIZE * page_height / page_width));
        }
    }
  sealdesk_page_thumbnail_set_size (thumbnail, width, height);

  texture = sealdesk_page_cache_lookup (sealdesk_document_get_page_cache (self->document),
                                        page, rotation, width * scale_factor);
  sealdesk_page_thumbnail_set_texture (thumbnail, texture);
  if (texture != NULL)
    return;

  job = g_rc_box_new0 (ThumbnailJob);
  job->cancellable = g_cancellable_new ();
  job->document = g_object_ref (self->document);
  job->thumbnail = g_object_ref (thumbnail);
  job->page = page;
  job->rotation = rotation;
  job->width = width * scale_factor;
  job->height = height * scale_factor;
  g_object_set_data_full (G_OBJECT (item), "sealdesk-thumbnail-job",
                          job, thumbnail_job_cancel);

  g_ptr_array_add (self->pending, g_rc_box_acquire (job));
  if (self->submit_source == 0)
    self->submit_source = g_idle_add_full (G_PRIORITY_LOW, sealdesk_thumbnails_submit,
                                           self, NULL);
}

static void
sealdesk_thumbnails_unbind (GtkSignalListItemFactory *factory,
                            GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (item), "sealdesk-thumbnail-job", NULL);
  sealdesk_page_thumbnail_set_texture (SEALDESK_PAGE_THUMBNAIL (gtk_widget_get_first_child (box)),
                                       NULL);
}

static void
sealdesk_thumbnails_selected_changed (SealdeskThumbnails *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
}

static gboolean
page_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, (guint) MAX (0, g_value_get_int (from)));
  return TRUE;
}

static gboolean
selected_to_page (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected == GTK_INVALID_LIST_POSITION || selected > G_MAXINT)
    return FALSE;

  g_value_set_int (to, (int) selected);
  return TRUE;
}

/* Rebuilds the list for the model's document and rotation. */
static void
sealdesk_thumbnails_reload (SealdeskThumbnails *self)
{
  g_autoptr(GtkStringList) pages = gtk_string_list_new (NULL);
  SealdeskDocument *document = NULL;

  if (self->model != NULL)
    document = sealdesk_document_model_get_document (self->model);

  g_clear_pointer (&self->page_binding, g_binding_unbind);
  g_set_object (&self->document, document);

  if (self->document != NULL)
    for (guint i = 0; i < sealdesk_document_get_n_pages (self->document); i++)
      gtk_string_list_append (pages, sealdesk_document_get_page_label (self->document, i));

  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (pages));

  if (self->document != NULL)
    {
      self->page_binding = g_object_bind_property_full (self->model, "page",
                                                        self->selection, "selected",
                                                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                                        page_to_selected, selected_to_page,
                                                        NULL, NULL);
      g_object_add_weak_pointer (G_OBJECT (self->page_binding), (gpointer *) &self->page_binding);
    }
}

static void
sealdesk_thumbnails_dispose (GObject *object)
{
  SealdeskThumbnails *self = (SealdeskThumbnails *)object;

  sealdesk_thumbnails_set_model (self, NULL);
  g_clear_handle_id (&self->submit_source, g_source_remove);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->scrolled_window, gtk_widget_unparent);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (sealdesk_thumbnails_parent_class)->dispose (object);
}

static void
sealdesk_thumbnails_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SealdeskThumbnails *self = SEALDESK_THUMBNAILS (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_thumbnails_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SealdeskThumbnails *self = SEALDESK_THUMBNAILS (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sealdesk_thumbnails_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_thumbnails_class_init (SealdeskThumbnailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_thumbnails_dispose;
  object_class->get_property = sealdesk_thumbnails_get_property;
  object_class->set_property = sealdesk_thumbnails_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         SEALDESK_TYPE_DOCUMENT_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "thumbnails");
}

static void
sealdesk_thumbnails_init (SealdeskThumbnails *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (sealdesk_thumbnails_setup), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (sealdesk_thumbnails_bind), self, 0);
  g_signal_connect (factory, "unbind", G_CALLBACK (sealdesk_thumbnails_unbind), NULL);

  self->pending = g_ptr_array_new_with_free_func (thumbnail_job_release);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (sealdesk_thumbnails_selected_changed),
                           self, G_CONNECT_SWAPPED);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                      factory));
  gtk_list_view_set_single_click_activate (self->list_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"),
                                  -1);

  self->scrolled_window = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled_window),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled_window),
                                 GTK_WIDGET (self->list_view));
  gtk_widget_set_parent (self->scrolled_window, GTK_WIDGET (self));
}

GtkWidget *
sealdesk_thumbnails_new (void)
{
  return g_object_new (SEALDESK_TYPE_THUMBNAILS, NULL);
}

SealdeskDocumentModel *
sealdesk_thumbnails_get_model (SealdeskThumbnails *self)
{
  g_return_val_if_fail (SEALDESK_IS_THUMBNAILS (self), NULL);

  return self->model;
}

void
sealdesk_thumbnails_set_model (SealdeskThumbnails    *self,
                               SealdeskDocumentModel *model)
{
  g_return_if_fail (SEALDESK_IS_THUMBNAILS (self));
  g_return_if_fail (!model || SEALDESK_IS_DOCUMENT_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_set_object (&self->model, model);

  if (model != NULL)
    {
      g_signal_connect_object (model, "notify::document",
                               G_CALLBACK (sealdesk_thumbnails_reload),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::rotation",
                               G_CALLBACK (sealdesk_thumbnails_reload),
                               self, G_CONNECT_SWAPPED);
    }

  sealdesk_thumbnails_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}
