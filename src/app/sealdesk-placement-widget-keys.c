/* sealdesk-placement-widget-keys.c: a placed seal moved, resized and removed with keys
 *
 * Arrows move it by 1 pt (Ctrl: 10 pt) in the direction shown, Shift with
 * arrows makes it larger (Right, Up) or smaller (Left, Down) around its
 * centre, Delete removes it, Escape gives the focus back to the page.
 * Each key is one change of the session, so that one undo puts it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-placement-widget-private.h"

/* One step of @points in the direction (@sx, @sy) of the screen, in the
 * page's visible space. */
static void
screen_step (SealdeskPlacementWidget *self,
             int                      sx,
             int                      sy,
             double                   points,
             double                  *du,
             double                  *dv)
{
  SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);
  SdViewTransform transform;
  double u0, v0, u1, v1;

  *du = sx * points;
  *dv = -sy * points;
  if (view == NULL ||
      !sealdesk_page_view_get_page_transform (view, sealdesk_placement_get_page (self->placement), &transform))
    return;
  sd_geometry_view_to_visible (&transform, transform.view.x, transform.view.y, &u0, &v0);
  sd_geometry_view_to_visible (&transform, transform.view.x + sx, transform.view.y + sy, &u1, &v1);
  /* (u1 - u0, v1 - v0) is one pixel's worth: make it @points long. */
  if (fabs (u1 - u0) + fabs (v1 - v0) > 0)
    {
      double length = hypot (u1 - u0, v1 - v0);

      *du = (u1 - u0) / length * points;
      *dv = (v1 - v0) / length * points;
    }
}

gboolean
_sealdesk_placement_widget_key_pressed (SealdeskPlacementWidget *self,
                                        guint                    keyval,
                                        guint                    keycode,
                                        GdkModifierType          state)
{
  double step = (state & GDK_CONTROL_MASK) ? 10.0 : 1.0;
  int sx = 0, sy = 0;
  SdRect rect;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: sx = -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: sx = 1; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: sy = -1; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: sy = 1; break;
    case GDK_KEY_Delete: case GDK_KEY_KP_Delete: case GDK_KEY_BackSpace:
      gtk_widget_activate_action (GTK_WIDGET (self), "placement.remove", NULL);
      return TRUE;
    case GDK_KEY_Escape:
      {
        SealdeskPageView *view = _sealdesk_placement_widget_get_view (self);

        sealdesk_placement_widget_set_selected (self, FALSE);
        if (view != NULL)
          gtk_widget_grab_focus (GTK_WIDGET (view));
        return TRUE;
      }
    default:
      return FALSE;
    }

  _sealdesk_placement_widget_rect_of (self->placement, &rect);
  if (state & GDK_SHIFT_MASK)
    {
      /* Larger (Right, Up) or smaller (Left, Down), around its centre. */
      double grow = (sx > 0 || sy < 0) ? step : -step;
      double width = MAX (rect.width + grow, SEALDESK_PLACEMENT_MIN_SIZE);
      double height = rect.height * width / MAX (rect.width, 0.01);

      rect.x += (rect.width - width) / 2;
      rect.y += (rect.height - height) / 2;
      rect.width = width;
      rect.height = height;
    }
  else
    {
      double du, dv;

      screen_step (self, sx, sy, step, &du, &dv);
      rect.x += du;
      rect.y += dv;
    }
  _sealdesk_placement_widget_commit (self, sealdesk_placement_get_page (self->placement), &rect);
  return TRUE;
}
