/* sealdesk-placement-layer.c: the placements of a session, shown on the page view
 *
 * The layer observes the session's list of placements: a widget
 * (SealdeskPlacementWidget) per placement, added to the page view's
 * overlay, moved when the placement's rectangle changes (an edit, an undo)
 * and removed with it. One placement at a time is selected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sd-seal-library.h"
#include "sealdesk-placement-layer.h"
#include "sealdesk-placement-widget.h"
#include "sealdesk-seal-texture.h"

struct _SealdeskPlacementLayer
{
  GObject            parent_instance;

  SealdeskPageView  *view;      /* weak */
  SealdeskSession   *session;
  SdWorkspace       *workspace;
  GHashTable        *widgets;   /* SealdeskPlacement -> SealdeskPlacementWidget (ref) */
  SealdeskPlacement *selected;  /* weak: in widgets */
};

G_DEFINE_FINAL_TYPE (SealdeskPlacementLayer, sealdesk_placement_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
placement_moved (SealdeskPlacementLayer *self,
                 GParamSpec             *pspec,
                 SealdeskPlacement      *placement)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, placement);
  SdRect rect;

  if (widget == NULL || self->view == NULL)
    return;
  sealdesk_placement_get_rect (placement, &rect.x, &rect.y, &rect.width, &rect.height);
  sealdesk_page_view_move_overlay (self->view, widget, sealdesk_placement_get_page (placement), &rect);
}

static void
widget_selected (SealdeskPlacementLayer  *self,
                 GParamSpec              *pspec,
                 SealdeskPlacementWidget *widget)
{
  if (sealdesk_placement_widget_get_selected (widget))
    sealdesk_placement_layer_select (self, sealdesk_placement_widget_get_placement (widget));
  else if (self->selected == sealdesk_placement_widget_get_placement (widget))
    sealdesk_placement_layer_select (self, NULL);
}

static void
add_widget (SealdeskPlacementLayer *self,
            SealdeskPlacement      *placement)
{
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  double true_width = 0, true_height = 0;
  GtkWidget *widget;
  SdRect rect;

  if (self->workspace != NULL &&
      (seal = sd_seal_library_get (self->workspace, sealdesk_placement_get_seal_id (placement), &error)) != NULL)
    {
      sealdesk_seal_true_size (seal, &true_width, &true_height);
      texture = sealdesk_seal_texture_for_seal (seal, &error);
    }
  if (error != NULL)
    g_warning ("Seal %s of a placement: %s", sealdesk_placement_get_seal_id (placement), error->message);

  widget = sealdesk_placement_widget_new (self->session, placement, GDK_PAINTABLE (texture),
                                          seal != NULL ? seal->name : NULL, true_width, true_height);
  g_hash_table_insert (self->widgets, placement, g_object_ref_sink (widget));
  g_signal_connect_object (placement, "notify::rect", G_CALLBACK (placement_moved),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (widget, "notify::selected", G_CALLBACK (widget_selected),
                           self, G_CONNECT_SWAPPED);

  sealdesk_placement_get_rect (placement, &rect.x, &rect.y, &rect.width, &rect.height);
  if (self->view != NULL)
    sealdesk_page_view_add_overlay (self->view, widget, sealdesk_placement_get_page (placement), &rect);
}

static void
remove_widget (SealdeskPlacementLayer *self,
               SealdeskPlacement      *placement)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, placement);

  if (widget == NULL)
    return;
  if (self->selected == placement)
    sealdesk_placement_layer_select (self, NULL);
  g_signal_handlers_disconnect_by_data (placement, self);
  g_signal_handlers_disconnect_by_data (widget, self);
  if (self->view != NULL)
    sealdesk_page_view_remove_overlay (self->view, widget);
  g_hash_table_remove (self->widgets, placement);
}

/* Widgets for what is in the list, none for what is not. */
static void
sync_widgets (SealdeskPlacementLayer *self)
{
  GListModel *model = self->session ? sealdesk_session_get_placements (self->session) : NULL;
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SealdeskPlacement) placement = g_list_model_get_item (model, i);

      g_hash_table_add (present, placement);
      if (!g_hash_table_contains (self->widgets, placement))
        add_widget (self, placement);
    }

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_ptr_array_add (gone, key);
  for (guint i = 0; i < gone->len; i++)
    remove_widget (self, g_ptr_array_index (gone, i));
}

static void
sealdesk_placement_layer_dispose (GObject *object)
{
  SealdeskPlacementLayer *self = SEALDESK_PLACEMENT_LAYER (object);

  sealdesk_placement_layer_set_session (self, NULL);
  g_clear_object (&self->workspace);
  if (self->view != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
      self->view = NULL;
    }

  G_OBJECT_CLASS (sealdesk_placement_layer_parent_class)->dispose (object);
}

static void
sealdesk_placement_layer_finalize (GObject *object)
{
  SealdeskPlacementLayer *self = SEALDESK_PLACEMENT_LAYER (object);

  g_hash_table_unref (self->widgets);

  G_OBJECT_CLASS (sealdesk_placement_layer_parent_class)->finalize (object);
}

static void
sealdesk_placement_layer_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SealdeskPlacementLayer *self = SEALDESK_PLACEMENT_LAYER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_placement_layer_class_init (SealdeskPlacementLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_placement_layer_dispose;
  object_class->finalize = sealdesk_placement_layer_finalize;
  object_class->get_property = sealdesk_placement_layer_get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SEALDESK_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, SEALDESK_TYPE_PLACEMENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sealdesk_placement_layer_init (SealdeskPlacementLayer *self)
{
  self->widgets = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

SealdeskPlacementLayer *
sealdesk_placement_layer_new (SealdeskPageView *view)
{
  SealdeskPlacementLayer *self;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (view), NULL);

  self = g_object_new (SEALDESK_TYPE_PLACEMENT_LAYER, NULL);
  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);

  return self;
}

void
sealdesk_placement_layer_set_session (SealdeskPlacementLayer *self,
                                      SealdeskSession        *session)
{
  g_return_if_fail (SEALDESK_IS_PLACEMENT_LAYER (self));
  g_return_if_fail (session == NULL || SEALDESK_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (sealdesk_session_get_placements (self->session), self);
  g_set_object (&self->session, session);
  sync_widgets (self);   /* removes the old ones, adds the new */
  if (session != NULL)
    g_signal_connect_object (sealdesk_session_get_placements (session), "items-changed",
                             G_CALLBACK (sync_widgets), self, G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

SealdeskSession *
sealdesk_placement_layer_get_session (SealdeskPlacementLayer *self)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT_LAYER (self), NULL);

  return self->session;
}

void
sealdesk_placement_layer_set_workspace (SealdeskPlacementLayer *self,
                                        SdWorkspace            *workspace)
{
  g_return_if_fail (SEALDESK_IS_PLACEMENT_LAYER (self));

  g_set_object (&self->workspace, workspace);
}

GtkWidget *
sealdesk_placement_layer_get_widget (SealdeskPlacementLayer *self,
                                     SealdeskPlacement      *placement)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT_LAYER (self), NULL);

  return g_hash_table_lookup (self->widgets, placement);
}

SealdeskPlacement *
sealdesk_placement_layer_get_selected (SealdeskPlacementLayer *self)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT_LAYER (self), NULL);

  return self->selected;
}

void
sealdesk_placement_layer_select (SealdeskPlacementLayer *self,
                                 SealdeskPlacement      *placement)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (SEALDESK_IS_PLACEMENT_LAYER (self));

  if (placement != NULL && !g_hash_table_contains (self->widgets, placement))
    placement = NULL;
  if (self->selected == placement)
    return;

  self->selected = placement;
  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    sealdesk_placement_widget_set_selected (value, key == placement);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
