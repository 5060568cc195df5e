/* sd-geometry.c: page spaces (see sd-geometry.h) */
#include "config.h"

#include "sd-geometry.h"

static void
crop_size (const SdPdfPageInfo *page,
           double              *cw,
           double              *ch)
{
  *cw = page->crop_box[2] - page->crop_box[0];
  *ch = page->crop_box[3] - page->crop_box[1];
}

void
sd_geometry_visible_size (const SdPdfPageInfo *page,
                          double              *width,
                          double              *height)
{
  double cw, ch;

  g_return_if_fail (page != NULL);

  crop_size (page, &cw, &ch);
  if (page->rotate == 90 || page->rotate == 270)
    {
      *width = ch;
      *height = cw;
    }
  else
    {
      *width = cw;
      *height = ch;
    }
}

/* A viewer turns the crop box clockwise by /Rotate to show it: visible
 * (u, v) comes from crop-box point (a, b) as below. */
void
sd_geometry_visible_to_user (const SdPdfPageInfo *page,
                             double               u,
                             double               v,
                             double              *x,
                             double              *y)
{
  double cw, ch, a, b;

  g_return_if_fail (page != NULL);

  crop_size (page, &cw, &ch);
  switch (page->rotate)
    {
    case 90:
      a = cw - v;
      b = u;
      break;
    case 180:
      a = cw - u;
      b = ch - v;
      break;
    case 270:
      a = v;
      b = ch - u;
      break;
    default:
      a = u;
      b = v;
      break;
    }
  *x = page->crop_box[0] + a;
  *y = page->crop_box[1] + b;
}

void
sd_geometry_user_to_visible (const SdPdfPageInfo *page,
                             double               x,
                             double               y,
                             double              *u,
                             double              *v)
{
  double cw, ch;
  double a, b;

  g_return_if_fail (page != NULL);

  crop_size (page, &cw, &ch);
  a = x - page->crop_box[0];
  b = y - page->crop_box[1];
  switch (page->rotate)
    {
    case 90:
      *u = b;
      *v = cw - a;
      break;
    case 180:
      *u = cw - a;
      *v = ch - b;
      break;
    case 270:
      *u = ch - b;
      *v = a;
      break;
    default:
      *u = a;
      *v = b;
      break;
    }
}

void
sd_geometry_visible_rect_to_user (const SdPdfPageInfo *page,
                                  const SdRect        *visible,
                                  double               user[4])
{
  double x0, y0, x1, y1;

  sd_geometry_visible_to_user (page, visible->x, visible->y, &x0, &y0);
  sd_geometry_visible_to_user (page, visible->x + visible->width,
                               visible->y + visible->height, &x1, &y1);
  user[0] = MIN (x0, x1);
  user[1] = MIN (y0, y1);
  user[2] = MAX (x0, x1);
  user[3] = MAX (y0, y1);
}

void
sd_geometry_user_rect_to_visible (const SdPdfPageInfo *page,
                                  const double         user[4],
                                  SdRect              *visible)
{
  double u0, v0, u1, v1;

  sd_geometry_user_to_visible (page, user[0], user[1], &u0, &v0);
  sd_geometry_user_to_visible (page, user[2], user[3], &u1, &v1);
  visible->x = MIN (u0, u1);
  visible->y = MIN (v0, v1);
  visible->width = ABS (u1 - u0);
  visible->height = ABS (v1 - v0);
}

gboolean
sd_geometry_clip_to_page (const SdPdfPageInfo *page,
                          SdRect              *rect)
{
  double w, h;
  double x0, y0, x1, y1;

  sd_geometry_visible_size (page, &w, &h);
  x0 = CLAMP (rect->x, 0.0, w);
  y0 = CLAMP (rect->y, 0.0, h);
  x1 = CLAMP (rect->x + rect->width, 0.0, w);
  y1 = CLAMP (rect->y + rect->height, 0.0, h);
  if (!(x1 > x0) || !(y1 > y0))
    return FALSE;

  rect->x = x0;
  rect->y = y0;
  rect->width = x1 - x0;
  rect->height = y1 - y0;
  return TRUE;
}

int
sd_geometry_normalize_rotation (int degrees)
{
  int r = ((degrees % 360) + 360) % 360;

  /* Round to the nearest quarter turn. */
  return ((r + 45) / 90 % 4) * 90;
}

void
sd_geometry_visible_to_view (const SdViewTransform *t,
                             double                 u,
                             double                 v,
                             double                *x,
                             double                *y)
{
  /* Fractions of the visible page, from its top-left corner. */
  double fx = t->width > 0 ? u / t->width : 0.0;
  double fy = t->height > 0 ? 1.0 - v / t->height : 0.0;
  double gx, gy;

  switch (sd_geometry_normalize_rotation (t->rotation))
    {
    case 90:
      gx = 1.0 - fy;
      gy = fx;
      break;
    case 180:
      gx = 1.0 - fx;
      gy = 1.0 - fy;
      break;
    case 270:
      gx = fy;
      gy = 1.0 - fx;
      break;
    default:
      gx = fx;
      gy = fy;
      break;
    }
  *x = t->view.x + gx * t->view.width;
  *y = t->view.y + gy * t->view.height;
}

void
sd_geometry_view_to_visible (const SdViewTransform *t,
                             double                 x,
                             double                 y,
                             double                *u,
                             double                *v)
{
  double gx = t->view.width > 0 ? (x - t->view.x) / t->view.width : 0.0;
  double gy = t->view.height > 0 ? (y - t->view.y) / t->view.height : 0.0;
  double fx, fy;

  switch (sd_geometry_normalize_rotation (t->rotation))
    {
    case 90:
      fx = gy;
      fy = 1.0 - gx;
      break;
    case 180:
      fx = 1.0 - gx;
      fy = 1.0 - gy;
      break;
    case 270:
      fx = 1.0 - gy;
      fy = gx;
      break;
    default:
      fx = gx;
      fy = gy;
      break;
    }
  *u = fx * t->width;
  *v = (1.0 - fy) * t->height;
}

void
sd_geometry_visible_rect_to_view (const SdViewTransform *t,
                                  const SdRect          *visible,
                                  SdRect                *view)
{
  double x0, y0, x1, y1;

  sd_geometry_visible_to_view (t, visible->x, visible->y, &x0, &y0);
  sd_geometry_visible_to_view (t, visible->x + visible->width,
                               visible->y + visible->height, &x1, &y1);
  view->x = MIN (x0, x1);
  view->y = MIN (y0, y1);
  view->width = ABS (x1 - x0);
  view->height = ABS (y1 - y0);
}

void
sd_geometry_view_rect_to_visible (const SdViewTransform *t,
                                  const SdRect          *view,
                                  SdRect                *visible)
{
  double u0, v0, u1, v1;

  sd_geometry_view_to_visible (t, view->x, view->y, &u0, &v0);
  sd_geometry_view_to_visible (t, view->x + view->width, view->y + view->height, &u1, &v1);
  visible->x = MIN (u0, u1);
  visible->y = MIN (v0, v1);
  visible->width = ABS (u1 - u0);
  visible->height = ABS (v1 - v0);
}
