/* sealdesk-placement.c: one seal placed on a page of an open document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sealdesk-placement.h"

struct _SealdeskPlacement
{
  GObject  parent_instance;

  char    *seal_id;
  char    *field;
  guint    page;
  double   x;
  double   y;
  double   width;
  double   height;
};

G_DEFINE_FINAL_TYPE (SealdeskPlacement, sealdesk_placement, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEAL_ID,
  PROP_PAGE,
  PROP_RECT,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sealdesk_placement_finalize (GObject *object)
{
  SealdeskPlacement *self = SEALDESK_PLACEMENT (object);

  g_free (self->seal_id);
  g_free (self->field);

  G_OBJECT_CLASS (sealdesk_placement_parent_class)->finalize (object);
}

static void
sealdesk_placement_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SealdeskPlacement *self = SEALDESK_PLACEMENT (object);

  switch (prop_id)
    {
    case PROP_SEAL_ID:
      g_value_set_string (value, self->seal_id);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_placement_class_init (SealdeskPlacementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sealdesk_placement_finalize;
  object_class->get_property = sealdesk_placement_get_property;

  properties[PROP_SEAL_ID] =
    g_param_spec_string ("seal-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Notified when the rectangle (or the page) changes. */
  properties[PROP_RECT] =
    g_param_spec_boolean ("rect", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sealdesk_placement_init (SealdeskPlacement *self)
{
}

SealdeskPlacement *
sealdesk_placement_new (const char *seal_id,
                        guint       page,
                        double      x,
                        double      y,
                        double      width,
                        double      height)
{
  SealdeskPlacement *self = g_object_new (SEALDESK_TYPE_PLACEMENT, NULL);

  self->seal_id = g_strdup (seal_id);
  self->page = page;
  self->x = x;
  self->y = y;
  self->width = width;
  self->height = height;

  return self;
}

SealdeskPlacement *
sealdesk_placement_copy (SealdeskPlacement *self)
{
  SealdeskPlacement *copy;

  g_return_val_if_fail (SEALDESK_IS_PLACEMENT (self), NULL);

  copy = sealdesk_placement_new (self->seal_id, self->page,
                                 self->x, self->y, self->width, self->height);
  copy->field = g_strdup (self->field);

  return copy;
}

const char *
sealdesk_placement_get_seal_id (SealdeskPlacement *self)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT (self), NULL);

  return self->seal_id;
}

guint
sealdesk_placement_get_page (SealdeskPlacement *self)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT (self), 0);

  return self->page;
}

void
sealdesk_placement_get_rect (SealdeskPlacement *self,
                             double            *x,
                             double            *y,
                             double            *width,
                             double            *height)
{
  g_return_if_fail (SEALDESK_IS_PLACEMENT (self));

  if (x != NULL)
    *x = self->x;
  if (y != NULL)
    *y = self->y;
  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

void
sealdesk_placement_set_rect (SealdeskPlacement *self,
                             guint              page,
                             double             x,
                             double             y,
                             double             width,
                             double             height)
{
  gboolean page_changed;

  g_return_if_fail (SEALDESK_IS_PLACEMENT (self));

  page_changed = page != self->page;
  if (!page_changed && x == self->x && y == self->y &&
      width == self->width && height == self->height)
    return;

  self->page = page;
  self->x = x;
  self->y = y;
  self->width = width;
  self->height = height;

  if (page_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECT]);
}

const char *
sealdesk_placement_get_field (SealdeskPlacement *self)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT (self), NULL);

  return self->field;
}

void
sealdesk_placement_set_field (SealdeskPlacement *self,
                              const char        *field)
{
  g_return_if_fail (SEALDESK_IS_PLACEMENT (self));

  if (g_strcmp0 (self->field, field) == 0)
    return;

  g_free (self->field);
  self->field = g_strdup (field);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

gboolean
sealdesk_placement_equal (SealdeskPlacement *a,
                          SealdeskPlacement *b)
{
  const double e = 0.01;

  g_return_val_if_fail (SEALDESK_IS_PLACEMENT (a) && SEALDESK_IS_PLACEMENT (b), FALSE);

  return g_strcmp0 (a->seal_id, b->seal_id) == 0 &&
         g_strcmp0 (a->field, b->field) == 0 &&
         a->page == b->page &&
         fabs (a->x - b->x) < e && fabs (a->y - b->y) < e &&
         fabs (a->width - b->width) < e && fabs (a->height - b->height) < e;
}
