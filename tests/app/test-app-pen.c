/* test-app-pen.c: a pen's pressure makes the handwritten line wider
 *
 *   /app/pen/pressure  a stroke across the pad fed to its stroke model
 *                      as GtkGestureStylus feeds it, the pressure rising
 *                      from light to full, is thin at its start and thick
 *                      at its end in the saved seal's picture; a stroke
 *                      of the mouse (real pointer events, no pressure
 *                      axis) below it is as wide all along, at the
 *                      default width
 *
 * Xvfb has no tablet, so the pen's events cannot be sent through the X
 * server: the test calls the functions the stylus gesture calls
 * (sealdesk-handwriting-pad-private.h) with the pressures a pen gives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "app-test-util.h"
#include "sealdesk-handwriting-dialog.h"
#include "sealdesk-handwriting-pad-private.h"
#include "test-app-seals.h"
#include "test-app.h"

#define LEFT  40.0
#define RIGHT 440.0
#define PEN_Y   60.0
#define MOUSE_Y 140.0

static gboolean
pad_ready (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > RIGHT + 20;
}

static gboolean
has_two_strokes (gpointer data)
{
  return sealdesk_handwriting_pad_get_n_strokes (data) == 2;
}

/* How many rows of column @x, between @y0 and @y1, are ink. */
static int
thickness (Pixels *pixels,
           int     x,
           int     y0,
           int     y1)
{
  return (int) seals_count (pixels, x, y0, 1, y1 - y0, seals_is_dark);
}

static void
test_pen_pressure (void)
{
  SealdeskSealsView *view = seals_open ();
  g_autofree char *key_id = seals_key_id ();
  g_autofree char *seal_id = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(Pixels) pixels = NULL;
  g_autoptr(GString) stroke = g_string_new (NULL);
  SealdeskHandwritingPad *pad;
  GtkWidget *dialog, *save;
  double per_pad_pixel, default_width;
  int middle, thin, thick, mouse[3];
  gulong xid;

  gtk_widget_activate_action (GTK_WIDGET (view), "seals.draw", NULL);
  dialog = seals_wait_dialog (view);
  g_signal_connect (dialog, "saved", G_CALLBACK (seals_saved), &seal_id);
  pad = sealdesk_handwriting_dialog_get_pad (SEALDESK_HANDWRITING_DIALOG (dialog));
  g_assert_true (app_test_wait_until (pad_ready, pad, WAIT_SECONDS));
  app_test_iterate (100);

  /* The pen: a point every 4 pixels, pressing from 0.05 to 1. */
  _sealdesk_handwriting_pad_stroke_begin (pad, LEFT, PEN_Y, 0.05);
  for (double x = LEFT + 4; x < RIGHT; x += 4)
    _sealdesk_handwriting_pad_stroke_add (pad, x, PEN_Y, 0.05 + 0.95 * (x - LEFT) / (RIGHT - LEFT), FALSE);
  _sealdesk_handwriting_pad_stroke_add (pad, RIGHT, PEN_Y, 1.0, TRUE);
  _sealdesk_handwriting_pad_stroke_end (pad);
  g_assert_cmpuint (sealdesk_handwriting_pad_get_n_strokes (pad), ==, 1);

  /* The mouse, through the X server. */
  xid = app_test_window_xid (GTK_WIDGET (dialog));
  for (int i = 0; i <= 20; i++)
    {
      int sx, sy;

      app_test_surface_point (GTK_WIDGET (pad), LEFT + (RIGHT - LEFT) * i / 20, MOUSE_Y, &sx, &sy);
      g_string_append_printf (stroke, " mousemove --window %lu %d %d%s", xid, sx, sy,
                              i == 0 ? " mousedown 1" : "");
    }
  app_test_xdotool ("%s mouseup 1", stroke->str);
  g_assert_true (app_test_wait_until (has_two_strokes, pad, WAIT_SECONDS));

  seals_type_into (dialog, "name-row", "Signature with a pen");
  seals_type_into (dialog, "key-row", key_id);
  save = seals_find_named (dialog, "save-button");
  g_assert_true (gtk_widget_is_sensitive (save));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (app_test_wait_until (seals_is_null, &dialog, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (seals_view_idle, view, WAIT_SECONDS));
  g_assert_nonnull (seal_id);

  /* The picture spans the strokes: LEFT to RIGHT, and the pens' widths. */
  seal = seals_get_seal (seal_id);
  pixels = seals_picture_pixels (seal);
  per_pad_pixel = pixels->width / (seal->width_mm / SEALDESK_HANDWRITING_MM_PER_PX);
  default_width = SEALDESK_HANDWRITING_BASE_WIDTH * (0.4 + 1.2 * SEALDESK_HANDWRITING_MOUSE_PRESSURE) *
                  per_pad_pixel;
  middle = pixels->height / 2;
  thin = thickness (pixels, pixels->width / 5, 0, middle);
  thick = thickness (pixels, pixels->width * 4 / 5, 0, middle);
  for (int i = 0; i < 3; i++)
    mouse[i] = thickness (pixels, pixels->width * (i + 1) / 4, middle, pixels->height);
  g_test_message ("%d × %d pixels, %.2f a pixel of the pad: the pen %d then %d rows thick, "
                  "the mouse %d, %d, %d (%.1f wanted)",
                  pixels->width, pixels->height, per_pad_pixel, thin, thick,
                  mouse[0], mouse[1], mouse[2], default_width);

  /* A fifth and four fifths of the way, pressed about 0.2 and 0.8:
   * 1.7 and 3.5 pixels of the pad, against the mouse's 2.6. */
  g_assert_cmpint (thin, >, 0);
  g_assert_cmpfloat (thick, >, 1.8 * thin);
  g_assert_cmpfloat (thick, >, default_width + 1);
  g_assert_cmpfloat (thin, <, default_width - 1);
  /* No pressure: the same width all along, the default one. */
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (fabs (mouse[i] - default_width), <=, MAX (2.0, default_width * 0.2));
  close_all_windows ();
}

void
add_pen_tests (void)
{
  g_test_add_func ("/app/pen/pressure", test_pen_pressure);
}
