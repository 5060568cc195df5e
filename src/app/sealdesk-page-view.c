/* sealdesk-page-view.c: all pages of a document in one continuous, scrollable column
 *
 * The view implements GtkScrollable and lives in a GtkScrolledWindow. It
 * draws only the pages that intersect the visible area: a white page of
 * the right size at once, the rendered texture from the document's page
 * cache when there is one (or the closest size while the exact one is
 * rendered). Rendering happens on the document's render queue: visible
 * pages first, then their neighbours; jobs for pages scrolled away are
 * cancelled.
 *
 * Scrolling is in sealdesk-page-view-scroll.c; keyboard navigation and
 * zooming with Ctrl+scroll or a pinch in sealdesk-page-view-input.c; the
 * render requests in sealdesk-page-view-render.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-page-view-private.h"
#include "sealdesk-render-guard.h"

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS,

  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  PAGE_RENDERED,
  LAYOUT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SealdeskPageView, sealdesk_page_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

void
_sealdesk_page_view_emit_page_rendered (SealdeskPageView *self,
                                        guint             page)
{
  g_signal_emit (self, signals[PAGE_RENDERED], 0, page);
}

/* A fitted zoom is computed while allocating, but the model (and what is
 * bound to it, such as the zoom label in the header bar) only learns of it
 * afterwards: changing it during allocation would resize other widgets in
 * the middle of the layout. */
static gboolean
sealdesk_page_view_publish_scale (gpointer user_data)
{
  SealdeskPageView *self = user_data;

  self->publish_scale_source = 0;
  if (self->model != NULL && self->layout_valid)
    sealdesk_document_model_set_scale (self->model, self->layout_scale);

  return G_SOURCE_REMOVE;
}

static gboolean
sealdesk_page_view_update_idle (gpointer user_data)
{
  SealdeskPageView *self = user_data;

  self->update_source = 0;
  _sealdesk_page_view_update_visible (self);

  return G_SOURCE_REMOVE;
}

static void
sealdesk_page_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  SealdeskPageView *self = (SealdeskPageView *)widget;
  SealdeskSizingMode mode;
  guint rotation;
  double scale;

  if (self->model == NULL || self->hadjustment == NULL || self->vadjustment == NULL)
    return;

  self->in_allocate = TRUE;

  mode = sealdesk_document_model_get_sizing_mode (self->model);
  rotation = sealdesk_document_model_get_rotation (self->model);
  scale = sealdesk_document_model_get_scale (self->model);
  if (self->document != NULL && mode != SEALDESK_SIZING_FREE)
    scale = sealdesk_page_layout_fit_scale (self->document, mode, rotation, width, height);

  if (self->layout_valid && fabs (scale - self->layout_scale) > 1e-6)
    {
      if (!self->have_anchor)
        _sealdesk_page_view_set_centre_anchor (self);
      self->layout_valid = FALSE;
    }

  if (!self->layout_valid)
    {
      sealdesk_page_layout_update (self->layout, self->document, scale, rotation);
      self->layout_scale = scale;
      self->layout_rotation = rotation;
      self->layout_valid = TRUE;
    }

  if (fabs (scale - sealdesk_document_model_get_scale (self->model)) > 1e-6 &&
      self->publish_scale_source == 0)
    self->publish_scale_source = g_idle_add (sealdesk_page_view_publish_scale, self);

  _sealdesk_page_view_configure_adjustments (self, width, height);
  _sealdesk_page_view_allocate_overlays (self);

  self->in_allocate = FALSE;

  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);

  /* The pages now, so that they render while this frame is painted (the
   * first paint takes a while). The current page not now: it changes
   * other widgets. */
  _sealdesk_page_view_request_visible (self);
  if (self->update_source == 0)
    self->update_source = g_idle_add (sealdesk_page_view_update_idle, self);
}

static GtkSizeRequestMode
sealdesk_page_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The view asks for the size of its content, so that the scrolled window
 * decides to show scrollbars exactly when the adjustments will need them:
 * the whole width at a free zoom (none when fitting), the height of all
 * pages at the zoom that @for_size gives. */
static void
sealdesk_page_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  SealdeskPageView *self = (SealdeskPageView *)widget;
  SealdeskSizingMode mode;
  guint rotation;
  double scale;
  int width, height;

  *minimum = *natural = 0;
  if (self->document == NULL || self->model == NULL)
    return;

  mode = sealdesk_document_model_get_sizing_mode (self->model);
  rotation = sealdesk_document_model_get_rotation (self->model);
  scale = sealdesk_document_model_get_scale (self->model);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (mode == SEALDESK_SIZING_FREE)
        {
          sealdesk_page_layout_measure (self->document, scale, rotation, &width, &height);
          *minimum = *natural = width;
        }
      return;
    }

  if (mode != SEALDESK_SIZING_FREE)
    {
      width = for_size >= 0 ? for_size : gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (mode == SEALDESK_SIZING_FIT_PAGE && height <= 0)
        mode = SEALDESK_SIZING_FIT_WIDTH;
      scale = sealdesk_page_layout_fit_scale (self->document, mode, rotation, width, height);
    }

  sealdesk_page_layout_measure (self->document, scale, rotation, &width, &height);
  *minimum = *natural = height;
}


/* bench/run measures the cold start to the first page on screen: with
 * SEALDESK_BENCH_FIRST_PAGE set, the first frame painted with a page in
 * it prints the wall-clock time on stderr and the application quits. */
static void
first_page_painted (GdkFrameClock *clock,
                    gpointer       user_data)
{
  GApplication *app = g_application_get_default ();

  g_signal_handlers_disconnect_by_func (clock, first_page_painted, user_data);
  g_printerr ("sealdesk: first page on screen at %" G_GINT64_FORMAT " us\n", g_get_real_time ());
  if (app != NULL)
    g_application_quit (app);
}

static void
report_first_page (SealdeskPageView *self)
{
  static gboolean reported;
  GdkFrameClock *clock;

  if (reported || g_getenv ("SEALDESK_BENCH_FIRST_PAGE") == NULL)
    return;
  if ((clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))) == NULL)
    return;
  reported = TRUE;
  g_signal_connect (clock, "after-paint", G_CALLBACK (first_page_painted), NULL);
}

/* A page whose render failed (not enough memory at this zoom, say): why,
 * in the part of the page that is on screen, in place of a blank page. */
static void
snapshot_failure (GtkSnapshot           *snapshot,
                  const graphene_rect_t *bounds,
                  int                    width,
                  int                    height,
                  const char            *message)
{
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, width, height);
  graphene_rect_t shown;
  cairo_t *cr;

  if (!graphene_rect_intersection (bounds, &view, &shown) ||
      shown.size.width < 1 || shown.size.height < 1)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &shown);
  cairo_translate (cr, shown.origin.x, shown.origin.y);
  sealdesk_render_guard_draw_refusal (cr, shown.size.width, shown.size.height, message);
  cairo_destroy (cr);
}

static void
sealdesk_page_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  SealdeskPageView *self = (SealdeskPageView *)widget;
  static const GdkRGBA white = { 1.0, 1.0, 1.0, 1.0 };
  static const GdkRGBA shadow = { 0.0, 0.0, 0.0, 0.25 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double hvalue, vvalue;
  guint first, last;
  SealdeskPageCache *cache;
  guint rotation;

  if (self->document == NULL || !self->layout_valid)
    return;

  hvalue = gtk_adjustment_get_value (self->hadjustment);
  vvalue = gtk_adjustment_get_value (self->vadjustment);
  if (!sealdesk_page_layout_get_visible (self->layout, vvalue, vvalue + height, &first, &last))
    return;

  cache = sealdesk_document_get_page_cache (self->document);
  rotation = sealdesk_document_model_get_rotation (self->model);

  for (guint page = first; page <= last; page++)
    {
      GdkRectangle rect;
      graphene_rect_t bounds;
      GskRoundedRect outline;
      GdkTexture *texture;
      int texture_width, texture_height;

      sealdesk_page_layout_get_page_rect (self->layout, page, width, &rect);
      graphene_rect_init (&bounds, rect.x - hvalue, rect.y - vvalue, rect.width, rect.height);
      gsk_rounded_rect_init_from_rect (&outline, &bounds, 0);

      gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 4);
      gtk_snapshot_append_color (snapshot, &white, &bounds);

      _sealdesk_page_view_texture_size (self, &rect, &texture_width, &texture_height);
      texture = sealdesk_page_cache_lookup (cache, page, rotation, texture_width);
      if (texture == NULL)
        texture = sealdesk_page_cache_lookup_best (cache, page, rotation, texture_width);
      if (texture != NULL)
        {
          gtk_snapshot_append_texture (snapshot, texture, &bounds);
          report_first_page (self);
        }
      else if (g_hash_table_contains (self->failures, GUINT_TO_POINTER (page)))
        snapshot_failure (snapshot, &bounds, width, height,
                          g_hash_table_lookup (self->failures, GUINT_TO_POINTER (page)));
    }

  _sealdesk_page_view_snapshot_text (self, snapshot);
  _sealdesk_page_view_snapshot_overlays (self, snapshot);
}

static void
sealdesk_page_view_set_document (SealdeskPageView *self,
                                 SealdeskDocument *document)
{
  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (sealdesk_document_get_page_cache (self->document), self);

  g_set_object (&self->document, document);
  _sealdesk_page_view_reset_text (self);

  /* Any new texture of a visible page (a thumbnail, say) is better than a
   * blank page while the exact one renders. */
  if (document != NULL)
    g_signal_connect_object (sealdesk_document_get_page_cache (document), "notify::size",
                             G_CALLBACK (gtk_widget_queue_draw),
                             self, G_CONNECT_SWAPPED);
}

static void
sealdesk_page_view_document_changed (SealdeskPageView *self)
{
  _sealdesk_page_view_cancel_jobs (self);
  g_hash_table_remove_all (self->failures);
  sealdesk_page_view_set_document (self, sealdesk_document_model_get_document (self->model));
  self->layout_valid = FALSE;
  self->have_anchor = FALSE;
  self->requested_value = NAN;
  self->scroll_to_page = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sealdesk_page_view_zoom_changed (SealdeskPageView *self)
{
  /* The view itself published the zoom it laid pages out at. */
  if (self->layout_valid &&
      fabs (sealdesk_document_model_get_scale (self->model) - self->layout_scale) < 1e-6 &&
      self->layout_rotation == sealdesk_document_model_get_rotation (self->model))
    return;

  if (!self->have_anchor && self->layout_valid)
    _sealdesk_page_view_set_centre_anchor (self);
  self->layout_valid = FALSE;
  if (!self->in_allocate)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sealdesk_page_view_sizing_mode_changed (SealdeskPageView *self)
{
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
sealdesk_page_view_page_changed (SealdeskPageView *self)
{
  if (self->setting_page)
    return;

  _sealdesk_page_view_scroll_to_page (self, sealdesk_document_model_get_page (self->model));
}

static void
sealdesk_page_view_dispose (GObject *object)
{
  SealdeskPageView *self = (SealdeskPageView *)object;

  _sealdesk_page_view_cancel_jobs (self);
  _sealdesk_page_view_dispose_overlays (self);
  g_clear_handle_id (&self->publish_scale_source, g_source_remove);
  g_clear_handle_id (&self->update_source, g_source_remove);
  sealdesk_page_view_set_model (self, NULL);
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (sealdesk_page_view_parent_class)->dispose (object);
}

static void
sealdesk_page_view_finalize (GObject *object)
{
  SealdeskPageView *self = (SealdeskPageView *)object;

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->layout, sealdesk_page_layout_free);

  G_OBJECT_CLASS (sealdesk_page_view_parent_class)->finalize (object);
}

static void
sealdesk_page_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SealdeskPageView *self = SEALDESK_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_page_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SealdeskPageView *self = SEALDESK_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sealdesk_page_view_set_model (self, g_value_get_object (value));
      break;

    case PROP_HADJUSTMENT:
      _sealdesk_page_view_set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      _sealdesk_page_view_set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;

    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_page_view_class_init (SealdeskPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_page_view_dispose;
  object_class->finalize = sealdesk_page_view_finalize;
  object_class->get_property = sealdesk_page_view_get_property;
  object_class->set_property = sealdesk_page_view_set_property;

  widget_class->get_request_mode = sealdesk_page_view_get_request_mode;
  widget_class->measure = sealdesk_page_view_measure;
  widget_class->size_allocate = sealdesk_page_view_size_allocate;
  widget_class->snapshot = sealdesk_page_view_snapshot;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         SEALDESK_TYPE_DOCUMENT_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /* A page's texture arrived in the page cache. */
  signals[PAGE_RENDERED] =
    g_signal_new ("page-rendered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /* Pages moved: after zooming, rotating or resizing. Overlays placed on
   * pages read sealdesk_page_view_get_page_rect() again. */
  signals[LAYOUT_CHANGED] =
    g_signal_new ("layout-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "pageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DOCUMENT);

  _sealdesk_page_view_class_init_input (widget_class);
}

static void
sealdesk_page_view_init (SealdeskPageView *self)
{
  self->layout = sealdesk_page_layout_new ();
  self->jobs = _sealdesk_page_view_jobs_new ();
  self->failures = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  _sealdesk_page_view_init_overlays (self);
  self->scroll_to_page = -1;
  self->requested_value = NAN;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  _sealdesk_page_view_set_adjustment (self, &self->hadjustment, NULL);
  _sealdesk_page_view_set_adjustment (self, &self->vadjustment, NULL);

  g_signal_connect (self, "notify::scale-factor",
                    G_CALLBACK (_sealdesk_page_view_adjustment_changed), NULL);

  _sealdesk_page_view_init_input (self);
  _sealdesk_page_view_init_text (self);
}

GtkWidget *
sealdesk_page_view_new (void)
{
  return g_object_new (SEALDESK_TYPE_PAGE_VIEW, NULL);
}

SealdeskDocumentModel *
sealdesk_page_view_get_model (SealdeskPageView *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), NULL);

  return self->model;
}

void
sealdesk_page_view_set_model (SealdeskPageView      *self,
                              SealdeskDocumentModel *model)
{
  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));
  g_return_if_fail (!model || SEALDESK_IS_DOCUMENT_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_set_object (&self->model, model);

  if (model != NULL)
    {
      g_signal_connect_object (model, "notify::document",
                               G_CALLBACK (sealdesk_page_view_document_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::scale",
                               G_CALLBACK (sealdesk_page_view_zoom_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::rotation",
                               G_CALLBACK (sealdesk_page_view_zoom_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::sizing-mode",
                               G_CALLBACK (sealdesk_page_view_sizing_mode_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::page",
                               G_CALLBACK (sealdesk_page_view_page_changed),
                               self, G_CONNECT_SWAPPED);
    }

  if (model != NULL)
    sealdesk_page_view_document_changed (self);
  else
    {
      _sealdesk_page_view_cancel_jobs (self);
      g_hash_table_remove_all (self->failures);
      sealdesk_page_view_set_document (self, NULL);
      self->layout_valid = FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/* The rectangle @page occupies in widget coordinates at the current zoom
 * and scroll position (it may lie outside the visible area). FALSE when
 * there is no such page or the view is not laid out yet. */
gboolean
sealdesk_page_view_get_page_rect (SealdeskPageView *self,
                                  guint             page,
                                  graphene_rect_t  *rect)
{
  GdkRectangle r;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (!self->layout_valid || page >= sealdesk_page_layout_get_n_pages (self->layout))
    return FALSE;

  sealdesk_page_layout_get_page_rect (self->layout, page,
                                      gtk_widget_get_width (GTK_WIDGET (self)), &r);
  graphene_rect_init (rect,
                      r.x - gtk_adjustment_get_value (self->hadjustment),
                      r.y - gtk_adjustment_get_value (self->vadjustment),
                      r.width, r.height);

  return TRUE;
}

/* The pages at least partly visible now. */
gboolean
sealdesk_page_view_get_visible_pages (SealdeskPageView *self,
                                      guint            *first,
                                      guint            *last)
{
  double top;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);

  if (!self->layout_valid)
    return FALSE;

  top = gtk_adjustment_get_value (self->vadjustment);

  return sealdesk_page_layout_get_visible (self->layout, top,
                                           top + gtk_widget_get_height (GTK_WIDGET (self)),
                                           first, last);
}

/* Zooms to @scale keeping the point at (@x, @y) of the widget in place. */
void
sealdesk_page_view_zoom_at (SealdeskPageView *self,
                            double            scale,
                            double            x,
                            double            y)
{
  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  if (self->model == NULL || self->document == NULL)
    return;

  scale = CLAMP (scale, SEALDESK_MIN_SCALE, SEALDESK_MAX_SCALE);
  if (sealdesk_document_model_get_sizing_mode (self->model) == SEALDESK_SIZING_FREE &&
      fabs (sealdesk_document_model_get_scale (self->model) - scale) < 1e-6)
    return;

  _sealdesk_page_view_set_anchor (self, x, y);
  sealdesk_document_model_set_sizing_mode (self->model, SEALDESK_SIZING_FREE);
  sealdesk_document_model_set_scale (self->model, scale);
}
