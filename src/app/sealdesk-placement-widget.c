/* sealdesk-placement-widget.c: one placed seal on a page, to select, move and resize
 *
 * The widget is an overlay child of the page view (sealdesk-page-view-
 * overlay.c) covering the placement's rectangle. It draws the seal's
 * picture as the signer will (sd_pdf_seal_appearance_content: the whole
 * picture, as large as fits, centred), turned with the viewer's rotation.
 *
 * Pointer: a press selects it (and gives it the focus); dragging moves it,
 * dragging a corner handle resizes it keeping its shape (Shift: freely);
 * the secondary button opens a menu with True Size and Remove. Keyboard:
 * arrows move it by 1 pt (Ctrl: 10 pt) in the direction shown, Shift with
 * arrows makes it larger (Right, Up) or smaller (Left, Down) around its
 * centre, Delete removes it (sealdesk-placement-widget-keys.c), Menu or
 * Shift+F10 opens the menu. While the pointer drags, only the overlay
 * moves; the session learns of the new place once, when the drag ends, so
 * that one undo puts it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sealdesk-page-view.h"
#include "sealdesk-placement-widget-private.h"

G_DEFINE_FINAL_TYPE (SealdeskPlacementWidget, sealdesk_placement_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLACEMENT,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SealdeskPageView *
_sealdesk_placement_widget_get_view (SealdeskPlacementWidget *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return SEALDESK_IS_PAGE_VIEW (parent) ? SEALDESK_PAGE_VIEW (parent) : NULL;
}

void
_sealdesk_placement_widget_rect_of (SealdeskPlacement *placement,
                                    SdRect            *rect)
{
  sealdesk_placement_get_rect (placement, &rect->x, &rect->y, &rect->width, &rect->height);
}

static gboolean
page_size (SealdeskPlacementWidget *self,
           guint                    page,
           double                  *width,
           double                  *height)
{
  SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);
  SdViewTransform transform;

  if (view == NULL || !sealdesk_page_view_get_page_transform (view, page, &transform))
    return FALSE;
  *width = transform.width;
  *height = transform.height;
  return TRUE;
}

/* Moves @rect (keeping its size when it can) so that it lies on the page. */
static void
keep_on_page (SealdeskPlacementWidget *self,
              guint                    page,
              SdRect                  *rect)
{
  double width, height;

  if (!page_size (self, page, &width, &height))
    return;

  if (rect->width > width || rect->height > height)
    {
      double shrink = MIN (width / rect->width, height / rect->height);

      rect->width *= shrink;
      rect->height *= shrink;
    }
  rect->x = CLAMP (rect->x, 0.0, width - rect->width);
  rect->y = CLAMP (rect->y, 0.0, height - rect->height);
}

void
_sealdesk_placement_widget_commit (SealdeskPlacementWidget *self,
                                   guint                    page,
                                   const SdRect            *rect)
{
  SdRect r = *rect;

  keep_on_page (self, page, &r);
  sealdesk_session_move_placement (self->session, self->placement, page,
                                   r.x, r.y, r.width, r.height);
}

static void
sealdesk_placement_widget_snapshot (GtkWidget   *widget,
                                    GtkSnapshot *snapshot)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (widget);
  SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  SdViewTransform transform;
  int rotation = 0;
  gboolean turned;
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);

  if (view != NULL &&
      sealdesk_page_view_get_page_transform (view, sealdesk_placement_get_page (self->placement), &transform))
    rotation = transform.rotation;
  turned = rotation == 90 || rotation == 270;

  if (self->picture != NULL)
    {
      /* The picture upright in the seal's own (visible) rectangle, then
       * turned with the page. */
      double rw = turned ? height : width;
      double rh = turned ? width : height;
      double iw = MAX (gdk_paintable_get_intrinsic_width (self->picture), 1);
      double ih = MAX (gdk_paintable_get_intrinsic_height (self->picture), 1);
      double scale = MIN (rw / iw, rh / ih);
      double w = iw * scale;
      double h = ih * scale;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2, height / 2));
      gtk_snapshot_rotate (snapshot, rotation);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-w / 2, -h / 2));
      gdk_paintable_snapshot (self->picture, snapshot, w, h);
      gtk_snapshot_restore (snapshot);
    }
  else
    {
      /* The seal is gone from the library: where it was. */
      GdkRGBA red = { 0.8, 0.1, 0.1, 0.25 };

      gtk_snapshot_append_color (snapshot, &red, &bounds);
    }

  if (self->selected || gtk_widget_has_focus (widget))
    {
      GskRoundedRect outline;
      float border[4] = { 1.5, 1.5, 1.5, 1.5 };
      GdkRGBA colors[4] = { accent, accent, accent, accent };
      double corners[4][2] = { { 0, 0 }, { width, 0 }, { 0, height }, { width, height } };

      gsk_rounded_rect_init_from_rect (&outline, &bounds, 0);
      gtk_snapshot_append_border (snapshot, &outline, border, colors);
      for (guint i = 0; i < 4; i++)
        {
          graphene_rect_t handle;

          graphene_rect_init (&handle,
                              CLAMP (corners[i][0] - HANDLE_SIZE / 2, 0, width - HANDLE_SIZE),
                              CLAMP (corners[i][1] - HANDLE_SIZE / 2, 0, height - HANDLE_SIZE),
                              HANDLE_SIZE, HANDLE_SIZE);
          gtk_snapshot_append_color (snapshot, &accent, &handle);
        }
    }
}

static void
sealdesk_placement_widget_size_allocate (GtkWidget *widget,
                                         int        width,
                                         int        height,
                                         int        baseline)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

/* Dragging */

static void
drag_begin (SealdeskPlacementWidget *self,
            double                   x,
            double                   y,
            GtkGestureDrag          *gesture)
{
  SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  SdViewTransform transform;
  SdRect rect;
  double vx, vy;
  gboolean left, top;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  sealdesk_placement_widget_set_selected (self, TRUE);

  self->drag_mode = DRAG_NONE;
  self->drag_page = sealdesk_placement_get_page (self->placement);
  _sealdesk_placement_widget_rect_of (self->placement, &rect);
  if (view == NULL || !sealdesk_page_view_get_page_transform (view, self->drag_page, &transform) ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (view), x, y, &vx, &vy))
    return;

  self->drag_start_x = vx;
  self->drag_start_y = vy;
  self->drag_rect = rect;
  sd_geometry_visible_rect_to_view (&transform, &rect, &self->drag_start_view);

  left = x < HANDLE_GRAB;
  top = y < HANDLE_GRAB;
  if ((left || x > width - HANDLE_GRAB) && (top || y > height - HANDLE_GRAB) &&
      width > 2 * HANDLE_GRAB && height > 2 * HANDLE_GRAB)
    {
      SdRect *v = &self->drag_start_view;

      self->drag_mode = DRAG_RESIZE;
      self->moving_x = left ? v->x : v->x + v->width;
      self->moving_y = top ? v->y : v->y + v->height;
      self->fixed_x = left ? v->x + v->width : v->x;
      self->fixed_y = top ? v->y + v->height : v->y;
    }
  else
    self->drag_mode = DRAG_MOVE;
}

static void
drag_update (SealdeskPlacementWidget *self,
             double                   offset_x,
             double                   offset_y,
             GtkGestureDrag          *gesture)
{
  SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);
  SdViewTransform transform;
  SdRect view_rect;
  double x, y, dx, dy;

  if (self->drag_mode == DRAG_NONE || view == NULL)
    return;

  /* The widget moves under the pointer: measure from the view. */
  if (!gtk_gesture_get_point (GTK_GESTURE (gesture), NULL, &x, &y) ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (view), x, y, &x, &y))
    return;
  dx = x - self->drag_start_x;
  dy = y - self->drag_start_y;

  if (self->drag_mode == DRAG_MOVE)
    {
      guint page = self->drag_page;
      double u, v;

      view_rect = self->drag_start_view;
      view_rect.x += dx;
      view_rect.y += dy;
      /* Onto another page when its centre goes there. */
      if (sealdesk_page_view_view_to_page (view, view_rect.x + view_rect.width / 2,
                                           view_rect.y + view_rect.height / 2, &page, &u, &v))
        self->drag_page = page;
    }
  else
    {
      GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
      double mx = self->moving_x + dx;
      double my = self->moving_y + dy;
      double w = fabs (mx - self->fixed_x);
      double h = fabs (my - self->fixed_y);

      if (!(state & GDK_SHIFT_MASK))
        {
          /* Its shape stays: the larger of the two changes wins. */
          double sx = w / MAX (self->drag_start_view.width, 1);
          double sy = h / MAX (self->drag_start_view.height, 1);
          double s = MAX (sx, sy);

          w = self->drag_start_view.width * s;
          h = self->drag_start_view.height * s;
        }
      view_rect.width = w;
      view_rect.height = h;
      view_rect.x = mx < self->fixed_x ? self->fixed_x - w : self->fixed_x;
      view_rect.y = my < self->fixed_y ? self->fixed_y - h : self->fixed_y;
    }

  if (!sealdesk_page_view_get_page_transform (view, self->drag_page, &transform))
    return;
  sd_geometry_view_rect_to_visible (&transform, &view_rect, &self->drag_rect);
  self->drag_rect.width = MAX (self->drag_rect.width, SEALDESK_PLACEMENT_MIN_SIZE);
  self->drag_rect.height = MAX (self->drag_rect.height, SEALDESK_PLACEMENT_MIN_SIZE);
  sealdesk_page_view_move_overlay (view, GTK_WIDGET (self), self->drag_page, &self->drag_rect);
}

static void
drag_end (SealdeskPlacementWidget *self,
          double                   offset_x,
          double                   offset_y,
          GtkGestureDrag          *gesture)
{
  if (self->drag_mode == DRAG_NONE)
    return;

  drag_update (self, offset_x, offset_y, gesture);
  self->drag_mode = DRAG_NONE;
  _sealdesk_placement_widget_commit (self, self->drag_page, &self->drag_rect);
  /* Unchanged (a click), or kept on the page: show where it is. */
  {
    SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);
    SdRect rect;

    _sealdesk_placement_widget_rect_of (self->placement, &rect);
    if (view != NULL)
      sealdesk_page_view_move_overlay (view, GTK_WIDGET (self),
                                       sealdesk_placement_get_page (self->placement), &rect);
  }
}

static void
drag_cancel (SealdeskPlacementWidget *self)
{
  SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);
  SdRect rect;

  self->drag_mode = DRAG_NONE;
  _sealdesk_placement_widget_rect_of (self->placement, &rect);
  if (view != NULL)
    sealdesk_page_view_move_overlay (view, GTK_WIDGET (self),
                                     sealdesk_placement_get_page (self->placement), &rect);
}

/* The menu */

static void
popup_menu (SealdeskPlacementWidget *self,
            double                   x,
            double                   y)
{
  if (self->menu == NULL)
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      g_menu_append (menu, _("_True Size"), "placement.true-size");
      g_menu_append (menu, _("_Remove"), "placement.remove");
      self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
pressed (SealdeskPlacementWidget *self,
         int                      n_press,
         double                   x,
         double                   y,
         GtkGestureClick         *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  sealdesk_placement_widget_set_selected (self, TRUE);
  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_SECONDARY)
    popup_menu (self, x, y);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (widget);

  if (g_str_equal (action_name, "placement.menu"))
    popup_menu (self, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

static void
true_size_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (widget);
  SdRect rect;
  double cx, cy;

  if (self->true_width <= 0 || self->true_height <= 0)
    return;
  _sealdesk_placement_widget_rect_of (self->placement, &rect);
  cx = rect.x + rect.width / 2;
  cy = rect.y + rect.height / 2;
  rect.width = self->true_width;
  rect.height = self->true_height;
  rect.x = cx - rect.width / 2;
  rect.y = cy - rect.height / 2;
  _sealdesk_placement_widget_commit (self, sealdesk_placement_get_page (self->placement), &rect);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (widget);
  SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);

  /* The focus goes back to the page, not to the window's first button. */
  if (view != NULL && gtk_widget_has_focus (widget))
    gtk_widget_grab_focus (GTK_WIDGET (view));
  sealdesk_session_remove_placement (self->session, self->placement);
}

/* On "notify::has-focus": a focus controller's "enter" comes before the
 * widget has the focus, so that a seal reached with Tab was not selected. */
static void
focus_changed (SealdeskPlacementWidget *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (self)))
    sealdesk_placement_widget_set_selected (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_label (SealdeskPlacementWidget *self)
{
  g_autofree char *label = NULL;

  /* TRANSLATORS: accessible name of a seal placed on a page: "Firm seal on page 2" */
  label = g_strdup_printf (_("%s on page %u"), self->name ? self->name : _("Seal"),
                           sealdesk_placement_get_page (self->placement) + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), label);
}

static void
sealdesk_placement_widget_dispose (GObject *object)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  if (self->placement != NULL)
    g_signal_handlers_disconnect_by_data (self->placement, self);
  g_clear_object (&self->placement);
  g_clear_object (&self->session);
  g_clear_object (&self->picture);

  G_OBJECT_CLASS (sealdesk_placement_widget_parent_class)->dispose (object);
}

static void
sealdesk_placement_widget_finalize (GObject *object)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (object);

  g_free (self->name);

  G_OBJECT_CLASS (sealdesk_placement_widget_parent_class)->finalize (object);
}

static void
sealdesk_placement_widget_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (object);

  switch (prop_id)
    {
    case PROP_PLACEMENT:
      g_value_set_object (value, self->placement);
      break;
    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_placement_widget_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SealdeskPlacementWidget *self = SEALDESK_PLACEMENT_WIDGET (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      sealdesk_placement_widget_set_selected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_placement_widget_class_init (SealdeskPlacementWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_placement_widget_dispose;
  object_class->finalize = sealdesk_placement_widget_finalize;
  object_class->get_property = sealdesk_placement_widget_get_property;
  object_class->set_property = sealdesk_placement_widget_set_property;

  widget_class->snapshot = sealdesk_placement_widget_snapshot;
  widget_class->size_allocate = sealdesk_placement_widget_size_allocate;

  properties[PROP_PLACEMENT] =
    g_param_spec_object ("placement", NULL, NULL, SEALDESK_TYPE_PLACEMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "placement.true-size", NULL, true_size_action);
  gtk_widget_class_install_action (widget_class, "placement.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "placement.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "placement.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "placement.menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "placement");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sealdesk_placement_widget_init (SealdeskPlacementWidget *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "move");

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end), self);
  g_signal_connect_swapped (gesture, "cancel", G_CALLBACK (drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (_sealdesk_placement_widget_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect (self, "notify::has-focus", G_CALLBACK (focus_changed), NULL);
}

GtkWidget *
sealdesk_placement_widget_new (SealdeskSession   *session,
                               SealdeskPlacement *placement,
                               GdkPaintable      *picture,
                               const char        *name,
                               double             true_width,
                               double             true_height)
{
  SealdeskPlacementWidget *self;

  g_return_val_if_fail (SEALDESK_IS_SESSION (session), NULL);
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT (placement), NULL);
  g_return_val_if_fail (picture == NULL || GDK_IS_PAINTABLE (picture), NULL);

  self = g_object_new (SEALDESK_TYPE_PLACEMENT_WIDGET, NULL);
  self->session = g_object_ref (session);
  self->placement = g_object_ref (placement);
  self->picture = picture ? g_object_ref (picture) : NULL;
  self->name = g_strdup (name);
  self->true_width = true_width;
  self->true_height = true_height;
  g_signal_connect_object (placement, "notify::page", G_CALLBACK (update_label),
                           self, G_CONNECT_SWAPPED);
  update_label (self);

  return GTK_WIDGET (self);
}

SealdeskPlacement *
sealdesk_placement_widget_get_placement (SealdeskPlacementWidget *self)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT_WIDGET (self), NULL);

  return self->placement;
}

gboolean
sealdesk_placement_widget_get_selected (SealdeskPlacementWidget *self)
{
  g_return_val_if_fail (SEALDESK_IS_PLACEMENT_WIDGET (self), FALSE);

  return self->selected;
}

void
sealdesk_placement_widget_set_selected (SealdeskPlacementWidget *self,
                                        gboolean                 selected)
{
  g_return_if_fail (SEALDESK_IS_PLACEMENT_WIDGET (self));

  selected = !!selected;
  if (self->selected == selected)
    return;
  self->selected = selected;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
