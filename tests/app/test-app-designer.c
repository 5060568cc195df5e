/* test-app-designer.c: each kind of seal made in the seal designer
 *
 *   /app/designer/oval    an oval contract seal: 42 × 28 mm, its red ring
 *                         wider than tall, the corners of its picture empty
 *   /app/designer/square  a square company seal: 42 × 42 mm, red in each
 *                         corner of its picture (a round one has none)
 *   /app/designer/name    a personal name seal: kind "name", 18 × 18 mm,
 *                         a red square frame with red in each corner
 *
 * The round one is /app/seals/generate-round (test-app-seals.c), with the
 * same steps (seals_designer_*()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "test-app-seals.h"
#include "test-app.h"

/* The designer's "type-row" choices (ui/sealdesk-seal-designer.ui). */
enum
{
  TYPE_ROUND,
  TYPE_OVAL,
  TYPE_SQUARE,
  TYPE_NAME,
};

typedef struct
{
  guint       type;
  const char *text;      /* the organisation, or the person */
  guint       kind;      /* 0: company seal, 1: contract seal */
  const char *name;
} Design;

/* Makes @design in the designer, saves it and returns it from the library. */
static SdSeal *
generate (const Design *design)
{
  SealdeskSealsView *view = seals_open ();
  g_autofree char *key_id = seals_key_id ();
  g_autofree char *seal_id = NULL;
  SealsPreviewWait wait = { 0 };
  SdSeal *seal;
  GtkWidget *dialog;

  wait.designer = seals_designer_open (view, &seal_id);
  dialog = GTK_WIDGET (wait.designer);
  adw_combo_row_set_selected (ADW_COMBO_ROW (seals_find_named (dialog, "type-row")), design->type);
  if (design->type == TYPE_NAME)
    seals_type_into (dialog, "person-row", design->text);
  else
    {
      seals_type_into (dialog, "org-row", design->text);
      adw_combo_row_set_selected (ADW_COMBO_ROW (seals_find_named (dialog, "kind-row")), design->kind);
    }
  seals_designer_wait_preview (&wait);
  seals_type_into (dialog, "name-row", design->name);
  seals_type_into (dialog, "key-row", key_id);
  seals_designer_save (view, wait.designer);
  g_assert_nonnull (seal_id);

  seal = seals_get_seal (seal_id);
  g_assert_cmpstr (seal->name, ==, design->name);
  g_assert_cmpstr (seal->state, ==, "active");
  close_all_windows ();
  return seal;
}

typedef struct
{
  int x0, y0, x1, y1;  /* the red pixels' bounding box, inclusive */
  gsize n;
} Red;

static void
find_red (Pixels *pixels,
          Red    *red)
{
  *red = (Red) { pixels->width, pixels->height, -1, -1, 0 };
  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width; x++)
      if (seals_is_red (seals_pixel (pixels, x, y)))
        {
          red->x0 = MIN (red->x0, x);
          red->y0 = MIN (red->y0, y);
          red->x1 = MAX (red->x1, x);
          red->y1 = MAX (red->y1, y);
          red->n++;
        }
  g_test_message ("%d × %d pixels, %" G_GSIZE_FORMAT " red, within %d,%d – %d,%d",
                  pixels->width, pixels->height, red->n, red->x0, red->y0, red->x1, red->y1);
}

/* Red pixels in the box of @side pixels at each corner of @red's box. */
static void
assert_red_corners (Pixels    *pixels,
                    const Red *red,
                    int        side)
{
  int xs[] = { red->x0, red->x1 - side + 1 };
  int ys[] = { red->y0, red->y1 - side + 1 };

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      g_assert_cmpuint (seals_count (pixels, xs[i], ys[j], side, side, seals_is_red), >, 0);
}

static void
test_designer_oval (void)
{
  static const Design design = { TYPE_OVAL, "上海某某贸易有限公司", 1, "Contract seal (oval)" };
  g_autoptr(SdSeal) seal = generate (&design);
  g_autoptr(Pixels) pixels = seals_picture_pixels (seal);
  int corner = pixels->width / 10;
  Red red;

  g_assert_cmpstr (seal->kind, ==, "contract");
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 42, 0.01);
  g_assert_cmpfloat_with_epsilon (seal->height_mm, 28, 0.1);
  find_red (pixels, &red);
  g_assert_cmpuint (red.n, >, 10000);
  /* An ellipse: about 3:2, filling the picture. */
  g_assert_cmpfloat ((double) (red.x1 - red.x0), >, 1.3 * (red.y1 - red.y0));
  g_assert_cmpint (red.x1 - red.x0, >, pixels->width * 9 / 10);
  g_assert_cmpint (red.y1 - red.y0, >, pixels->height * 9 / 10);
  /* Its corners are outside the ring. */
  g_assert_cmpuint (seals_count (pixels, 0, 0, corner, corner, seals_is_red), ==, 0);
  g_assert_cmpuint (seals_count (pixels, pixels->width - corner, pixels->height - corner, corner, corner,
                                 seals_is_red), ==, 0);
  g_assert_true (seals_is_transparent (seals_pixel (pixels, 2, 2)));
}

static void
test_designer_square (void)
{
  static const Design design = { TYPE_SQUARE, "北京某某律师事务所", 0, "Company seal (square)" };
  g_autoptr(SdSeal) seal = generate (&design);
  g_autoptr(Pixels) pixels = seals_picture_pixels (seal);
  Red red;

  g_assert_cmpstr (seal->kind, ==, "company");
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 42, 0.01);
  g_assert_cmpfloat_with_epsilon (seal->height_mm, 42, 0.1);
  find_red (pixels, &red);
  g_assert_cmpuint (red.n, >, 10000);
  g_assert_cmpint (ABS ((red.x1 - red.x0) - (red.y1 - red.y0)), <=, 4);
  g_assert_cmpint (red.x1 - red.x0, >, pixels->width * 9 / 10);
  /* A square frame reaches into its corners, a circle does not. */
  assert_red_corners (pixels, &red, pixels->width / 20);
}

static void
test_designer_name (void)
{
  static const Design design = { TYPE_NAME, "王五", 0, "Wang Wu" };
  g_autoptr(SdSeal) seal = generate (&design);
  g_autoptr(Pixels) pixels = seals_picture_pixels (seal);
  Red red;

  g_assert_cmpstr (seal->kind, ==, "name");
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 18, 0.01);
  g_assert_cmpfloat_with_epsilon (seal->height_mm, 18, 0.1);
  find_red (pixels, &red);
  g_assert_cmpuint (red.n, >, 2000);
  g_assert_cmpint (ABS ((red.x1 - red.x0) - (red.y1 - red.y0)), <=, 4);
  assert_red_corners (pixels, &red, pixels->width / 20);
}

void
add_designer_tests (void)
{
  g_test_add_func ("/app/designer/oval", test_designer_oval);
  g_test_add_func ("/app/designer/square", test_designer_square);
  g_test_add_func ("/app/designer/name", test_designer_name);
}
