/* sealdesk-document-model.c: what the views show (document, page, zoom, rotation)
 *
 * One model per document session (SealdeskSession). The page view, the
 * thumbnails and the page entry bind to its properties instead of talking
 * to each other, as in Papers' EvDocumentModel. It knows nothing about
 * widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-document-model.h"

struct _SealdeskDocumentModel
{
  GObject             parent_instance;

  SealdeskDocument   *document;
  int                 page;
  double              scale;
  SealdeskSizingMode  sizing_mode;
  guint               rotation;
};

G_DEFINE_FINAL_TYPE (SealdeskDocumentModel, sealdesk_document_model, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (SealdeskSizingMode, sealdesk_sizing_mode,
  G_DEFINE_ENUM_VALUE (SEALDESK_SIZING_FREE, "free"),
  G_DEFINE_ENUM_VALUE (SEALDESK_SIZING_FIT_WIDTH, "fit-width"),
  G_DEFINE_ENUM_VALUE (SEALDESK_SIZING_FIT_PAGE, "fit-page"))

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_N_PAGES,
  PROP_PAGE,
  PROP_SCALE,
  PROP_SIZING_MODE,
  PROP_ROTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sealdesk_document_model_dispose (GObject *object)
{
  SealdeskDocumentModel *self = (SealdeskDocumentModel *)object;

  g_clear_object (&self->document);

  G_OBJECT_CLASS (sealdesk_document_model_parent_class)->dispose (object);
}

static void
sealdesk_document_model_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SealdeskDocumentModel *self = SEALDESK_DOCUMENT_MODEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_N_PAGES:
      g_value_set_uint (value, sealdesk_document_model_get_n_pages (self));
      break;

    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;

    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;

    case PROP_SIZING_MODE:
      g_value_set_enum (value, self->sizing_mode);
      break;

    case PROP_ROTATION:
      g_value_set_uint (value, self->rotation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_document_model_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  SealdeskDocumentModel *self = SEALDESK_DOCUMENT_MODEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      sealdesk_document_model_set_document (self, g_value_get_object (value));
      break;

    case PROP_PAGE:
      sealdesk_document_model_set_page (self, g_value_get_int (value));
      break;

    case PROP_SCALE:
      sealdesk_document_model_set_scale (self, g_value_get_double (value));
      break;

    case PROP_SIZING_MODE:
      sealdesk_document_model_set_sizing_mode (self, g_value_get_enum (value));
      break;

    case PROP_ROTATION:
      sealdesk_document_model_set_rotation (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_document_model_class_init (SealdeskDocumentModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_document_model_dispose;
  object_class->get_property = sealdesk_document_model_get_property;
  object_class->set_property = sealdesk_document_model_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         SEALDESK_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* 0-based; stays 0 when there is no document. */
  properties[PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* 1.0 shows a page at its printed size on a 96 dpi screen. */
  properties[PROP_SCALE] =
    g_param_spec_double ("scale", NULL, NULL,
                         SEALDESK_MIN_FIT_SCALE, SEALDESK_MAX_SCALE, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SIZING_MODE] =
    g_param_spec_enum ("sizing-mode", NULL, NULL,
                       SEALDESK_TYPE_SIZING_MODE,
                       SEALDESK_SIZING_FIT_WIDTH,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Extra rotation added by the viewer, in degrees clockwise. */
  properties[PROP_ROTATION] =
    g_param_spec_uint ("rotation", NULL, NULL,
                       0, 270, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sealdesk_document_model_init (SealdeskDocumentModel *self)
{
  self->scale = 1.0;
  self->sizing_mode = SEALDESK_SIZING_FIT_WIDTH;
}

SealdeskDocumentModel *
sealdesk_document_model_new (void)
{
  return g_object_new (SEALDESK_TYPE_DOCUMENT_MODEL, NULL);
}

SealdeskDocument *
sealdesk_document_model_get_document (SealdeskDocumentModel *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self), NULL);

  return self->document;
}

/* Showing another document starts at its first page. */
void
sealdesk_document_model_set_document (SealdeskDocumentModel *self,
                                      SealdeskDocument      *document)
{
  g_return_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self));
  g_return_if_fail (!document || SEALDESK_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->page != 0)
    {
      self->page = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
sealdesk_document_model_get_n_pages (SealdeskDocumentModel *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self), 0);

  return self->document ? sealdesk_document_get_n_pages (self->document) : 0;
}

int
sealdesk_document_model_get_page (SealdeskDocumentModel *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self), 0);

  return self->page;
}

/* Pages outside the document are clamped to the first or last page. */
void
sealdesk_document_model_set_page (SealdeskDocumentModel *self,
                                  int                    page)
{
  guint n_pages;

  g_return_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self));

  n_pages = sealdesk_document_model_get_n_pages (self);
  page = n_pages == 0 ? 0 : CLAMP (page, 0, (int) n_pages - 1);

  if (self->page == page)
    return;

  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

double
sealdesk_document_model_get_scale (SealdeskDocumentModel *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self), 1.0);

  return self->scale;
}

void
sealdesk_document_model_set_scale (SealdeskDocumentModel *self,
                                   double                 scale)
{
  g_return_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self));

  scale = CLAMP (scale, SEALDESK_MIN_FIT_SCALE, SEALDESK_MAX_SCALE);
  if (fabs (self->scale - scale) < 1e-6)
    return;

  self->scale = scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
}

SealdeskSizingMode
sealdesk_document_model_get_sizing_mode (SealdeskDocumentModel *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self), SEALDESK_SIZING_FREE);

  return self->sizing_mode;
}

void
sealdesk_document_model_set_sizing_mode (SealdeskDocumentModel *self,
                                         SealdeskSizingMode     mode)
{
  g_return_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self));
  g_return_if_fail (mode <= SEALDESK_SIZING_FIT_PAGE);

  if (self->sizing_mode == mode)
    return;

  self->sizing_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING_MODE]);
}

guint
sealdesk_document_model_get_rotation (SealdeskDocumentModel *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self), 0);

  return self->rotation;
}

/* @rotation is normalised to 0, 90, 180 or 270. */
void
sealdesk_document_model_set_rotation (SealdeskDocumentModel *self,
                                      guint                  rotation)
{
  g_return_if_fail (SEALDESK_IS_DOCUMENT_MODEL (self));

  rotation = (rotation / 90 * 90) % 360;
  if (self->rotation == rotation)
    return;

  self->rotation = rotation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
}
