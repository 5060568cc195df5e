/* test-geometry.c: the page spaces of sd-geometry.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sd-geometry.h"

#define EPS 1e-9

static SdPdfPageInfo
page_info (int rotate)
{
  /* An A4 page whose crop box is offset from the origin. */
  SdPdfPageInfo page = {
    .number = 1,
    .crop_box = { 10, 20, 605, 862 },
    .rotate = rotate,
  };

  return page;
}

static void
test_visible_size (void)
{
  for (int rotate = 0; rotate < 360; rotate += 90)
    {
      SdPdfPageInfo page = page_info (rotate);
      double w, h;

      sd_geometry_visible_size (&page, &w, &h);
      if (rotate % 180 == 0)
        {
          g_assert_cmpfloat_with_epsilon (w, 595, EPS);
          g_assert_cmpfloat_with_epsilon (h, 842, EPS);
        }
      else
        {
          g_assert_cmpfloat_with_epsilon (w, 842, EPS);
          g_assert_cmpfloat_with_epsilon (h, 595, EPS);
        }
    }
}

/* The visible bottom-left corner is the user-space corner that a viewer
 * turning the page clockwise brings there. */
static void
test_corners (void)
{
  struct { int rotate; double x, y; } expected[] = {
    { 0, 10, 20 },     /* bottom-left stays */
    { 90, 605, 20 },   /* bottom-right of the crop box */
    { 180, 605, 862 }, /* top-right */
    { 270, 10, 862 },  /* top-left */
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SdPdfPageInfo page = page_info (expected[i].rotate);
      double x, y;

      sd_geometry_visible_to_user (&page, 0, 0, &x, &y);
      g_assert_cmpfloat_with_epsilon (x, expected[i].x, EPS);
      g_assert_cmpfloat_with_epsilon (y, expected[i].y, EPS);
    }
}

static void
test_round_trip (void)
{
  for (int rotate = 0; rotate < 360; rotate += 90)
    {
      SdPdfPageInfo page = page_info (rotate);
      SdRect visible = { 100.5, 200.25, 85, 42 }, back;
      double user[4];

      sd_geometry_visible_rect_to_user (&page, &visible, user);
      g_assert_cmpfloat (user[0], <, user[2]);
      g_assert_cmpfloat (user[1], <, user[3]);
      /* A quarter turn swaps the sides. */
      g_assert_cmpfloat_with_epsilon (user[2] - user[0], rotate % 180 ? 42 : 85, EPS);
      sd_geometry_user_rect_to_visible (&page, user, &back);
      g_assert_cmpfloat_with_epsilon (back.x, visible.x, EPS);
      g_assert_cmpfloat_with_epsilon (back.y, visible.y, EPS);
      g_assert_cmpfloat_with_epsilon (back.width, visible.width, EPS);
      g_assert_cmpfloat_with_epsilon (back.height, visible.height, EPS);
    }
}

static void
test_clip (void)
{
  SdPdfPageInfo page = page_info (90);
  SdRect rect = { 800, -10, 100, 50 };
  SdRect outside = { 900, 10, 10, 10 };

  g_assert_true (sd_geometry_clip_to_page (&page, &rect));
  g_assert_cmpfloat_with_epsilon (rect.x, 800, EPS);
  g_assert_cmpfloat_with_epsilon (rect.y, 0, EPS);
  g_assert_cmpfloat_with_epsilon (rect.width, 42, EPS);
  g_assert_cmpfloat_with_epsilon (rect.height, 40, EPS);
  g_assert_false (sd_geometry_clip_to_page (&page, &outside));
}

static void
test_normalize_rotation (void)
{
  g_assert_cmpint (sd_geometry_normalize_rotation (0), ==, 0);
  g_assert_cmpint (sd_geometry_normalize_rotation (-90), ==, 270);
  g_assert_cmpint (sd_geometry_normalize_rotation (450), ==, 90);
  g_assert_cmpint (sd_geometry_normalize_rotation (180), ==, 180);
  g_assert_cmpint (sd_geometry_normalize_rotation (-720), ==, 0);
}

/* The visible page's top-left corner lands at the view's top-left when
 * not turned; at its top-right after a further quarter turn; and points
 * come back from the view where they were. */
static void
test_view (void)
{
  SdViewTransform t = { 595, 842, 0, { 50, 30, 297.5, 421 } };
  SdRect seal = { 100, 700, 80, 40 }, view, back;
  double x, y, u, v;

  sd_geometry_visible_to_view (&t, 0, 842, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 50, EPS);
  g_assert_cmpfloat_with_epsilon (y, 30, EPS);

  sd_geometry_visible_rect_to_view (&t, &seal, &view);
  g_assert_cmpfloat_with_epsilon (view.x, 50 + 50, EPS);
  g_assert_cmpfloat_with_epsilon (view.y, 30 + (842 - 740) / 2.0, EPS);
  g_assert_cmpfloat_with_epsilon (view.width, 40, EPS);
  g_assert_cmpfloat_with_epsilon (view.height, 20, EPS);

  t.rotation = 90;
  t.view = (SdRect) { 0, 0, 421, 297.5 };
  sd_geometry_visible_to_view (&t, 0, 842, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 421, EPS);
  g_assert_cmpfloat_with_epsilon (y, 0, EPS);

  for (int rotation = 0; rotation < 360; rotation += 90)
    {
      t.rotation = rotation;
      t.view = rotation % 180 ? (SdRect) { 5, 7, 421, 297.5 } : (SdRect) { 5, 7, 297.5, 421 };
      sd_geometry_visible_to_view (&t, 123, 456, &x, &y);
      sd_geometry_view_to_visible (&t, x, y, &u, &v);
      g_assert_cmpfloat_with_epsilon (u, 123, 1e-6);
      g_assert_cmpfloat_with_epsilon (v, 456, 1e-6);
      sd_geometry_visible_rect_to_view (&t, &seal, &view);
      sd_geometry_view_rect_to_visible (&t, &view, &back);
      g_assert_cmpfloat_with_epsilon (back.x, seal.x, 1e-6);
      g_assert_cmpfloat_with_epsilon (back.y, seal.y, 1e-6);
      g_assert_cmpfloat_with_epsilon (back.width, seal.width, 1e-6);
      g_assert_cmpfloat_with_epsilon (back.height, seal.height, 1e-6);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/geometry/visible-size", test_visible_size);
  g_test_add_func ("/core/geometry/corners", test_corners);
  g_test_add_func ("/core/geometry/round-trip", test_round_trip);
  g_test_add_func ("/core/geometry/clip", test_clip);
  g_test_add_func ("/core/geometry/normalize-rotation", test_normalize_rotation);
  g_test_add_func ("/core/geometry/view", test_view);

  return g_test_run ();
}
