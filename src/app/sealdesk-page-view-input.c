/* sealdesk-page-view-input.c: keyboard, scroll and pinch handling of the page view
 *
 * Every key does its work through an action installed on the class
 * ("view.next-page", "view.scroll-down", ...), so key bindings, menus and
 * tests share one path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-page-view-private.h"

/* One notch of Ctrl+scroll multiplies the zoom by this much. */
#define ZOOM_STEP 1.1

static void
scroll_by (GtkAdjustment *adjustment,
           double         delta)
{
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + delta);
}

static gboolean
can_scroll_horizontally (SealdeskPageView *self)
{
  return gtk_adjustment_get_upper (self->hadjustment) - gtk_adjustment_get_lower (self->hadjustment) >
         gtk_adjustment_get_page_size (self->hadjustment) + 0.5;
}

static void
go_to_page (SealdeskPageView *self,
            int               page)
{
  guint n_pages;

  if (self->model == NULL || self->document == NULL)
    return;

  n_pages = sealdesk_document_model_get_n_pages (self->model);
  page = CLAMP (page, 0, (int) n_pages - 1);

  self->setting_page = TRUE;
  sealdesk_document_model_set_page (self->model, page);
  self->setting_page = FALSE;

  _sealdesk_page_view_scroll_to_page (self, page);
}

static void
sealdesk_page_view_scroll_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  SealdeskPageView *self = SEALDESK_PAGE_VIEW (widget);
  double page_height = gtk_adjustment_get_page_size (self->vadjustment);
  int page = self->model ? sealdesk_document_model_get_page (self->model) : 0;

  if (g_str_equal (action_name, "view.scroll-up"))
    scroll_by (self->vadjustment, -SEALDESK_SCROLL_STEP);
  else if (g_str_equal (action_name, "view.scroll-down"))
    scroll_by (self->vadjustment, SEALDESK_SCROLL_STEP);
  else if (g_str_equal (action_name, "view.scroll-left"))
    {
      if (can_scroll_horizontally (self))
        scroll_by (self->hadjustment, -SEALDESK_SCROLL_STEP);
      else
        go_to_page (self, page - 1);
    }
  else if (g_str_equal (action_name, "view.scroll-right"))
    {
      if (can_scroll_horizontally (self))
        scroll_by (self->hadjustment, SEALDESK_SCROLL_STEP);
      else
        go_to_page (self, page + 1);
    }
  else if (g_str_equal (action_name, "view.scroll-page-up"))
    scroll_by (self->vadjustment, -(page_height - SEALDESK_SCROLL_STEP));
  else if (g_str_equal (action_name, "view.scroll-page-down"))
    scroll_by (self->vadjustment, page_height - SEALDESK_SCROLL_STEP);
  else if (g_str_equal (action_name, "view.previous-page"))
    go_to_page (self, page - 1);
  else if (g_str_equal (action_name, "view.next-page"))
    go_to_page (self, page + 1);
  else if (g_str_equal (action_name, "view.first-page"))
    go_to_page (self, 0);
  else if (g_str_equal (action_name, "view.last-page"))
    go_to_page (self, G_MAXINT);
}

static gboolean
sealdesk_page_view_scroll (SealdeskPageView         *self,
                           double                    dx,
                           double                    dy,
                           GtkEventControllerScroll *controller)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if ((state & GDK_CONTROL_MASK) == 0 || self->model == NULL || dy == 0)
    return FALSE;

  sealdesk_page_view_zoom_at (self,
                              sealdesk_document_model_get_scale (self->model) * pow (ZOOM_STEP, -dy),
                              self->have_pointer ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                              self->have_pointer ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);

  return TRUE;
}

static void
sealdesk_page_view_motion (SealdeskPageView *self,
                           double            x,
                           double            y)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->have_pointer = TRUE;
}

static void
sealdesk_page_view_leave (SealdeskPageView *self)
{
  self->have_pointer = FALSE;
}

static void
sealdesk_page_view_pressed (SealdeskPageView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
sealdesk_page_view_pinch_begin (SealdeskPageView *self)
{
  self->pinch_start_scale = self->model ? sealdesk_document_model_get_scale (self->model) : 1.0;
}

static void
sealdesk_page_view_pinch_changed (SealdeskPageView *self,
                                  double            scale,
                                  GtkGestureZoom   *gesture)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }

  sealdesk_page_view_zoom_at (self, self->pinch_start_scale * scale, x, y);
}

static void
add_binding (GtkWidgetClass  *widget_class,
             guint            keyval,
             guint            keypad_keyval,
             GdkModifierType  mods,
             const char      *action_name)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, mods, action_name, NULL);
  if (keypad_keyval != 0)
    gtk_widget_class_add_binding_action (widget_class, keypad_keyval, mods, action_name, NULL);
}

void
_sealdesk_page_view_class_init_input (GtkWidgetClass *widget_class)
{
  static const char * const actions[] = {
    "view.scroll-up", "view.scroll-down", "view.scroll-left", "view.scroll-right",
    "view.scroll-page-up", "view.scroll-page-down",
    "view.previous-page", "view.next-page", "view.first-page", "view.last-page",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL,
                                     sealdesk_page_view_scroll_action);

  add_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, "view.scroll-up");
  add_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, "view.scroll-down");
  add_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, 0, "view.scroll-left");
  add_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 0, "view.scroll-right");
  add_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, 0, "view.scroll-page-up");
  add_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 0, "view.scroll-page-down");
  add_binding (widget_class, GDK_KEY_space, 0, GDK_SHIFT_MASK, "view.scroll-page-up");
  add_binding (widget_class, GDK_KEY_space, 0, 0, "view.scroll-page-down");
  add_binding (widget_class, GDK_KEY_BackSpace, 0, 0, "view.scroll-page-up");
  add_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, GDK_CONTROL_MASK, "view.previous-page");
  add_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, GDK_CONTROL_MASK, "view.next-page");
  add_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, 0, "view.first-page");
  add_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, 0, "view.last-page");
  add_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, GDK_CONTROL_MASK, "view.first-page");
  add_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, GDK_CONTROL_MASK, "view.last-page");
}

void
_sealdesk_page_view_init_input (SealdeskPageView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect_swapped (controller, "scroll",
                            G_CALLBACK (sealdesk_page_view_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter",
                            G_CALLBACK (sealdesk_page_view_motion), self);
  g_signal_connect_swapped (controller, "motion",
                            G_CALLBACK (sealdesk_page_view_motion), self);
  g_signal_connect_swapped (controller, "leave",
                            G_CALLBACK (sealdesk_page_view_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "pressed",
                            G_CALLBACK (sealdesk_page_view_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin",
                            G_CALLBACK (sealdesk_page_view_pinch_begin), self);
  g_signal_connect_swapped (gesture, "scale-changed",
                            G_CALLBACK (sealdesk_page_view_pinch_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
