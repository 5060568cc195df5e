/* test-app-handwriting.c: a handwritten signature captured as a seal
 *
 * The pad gets real pointer strokes from the X server (xdotool, through
 * XTEST, against the Xvfb window), as from a mouse; the saved seal's
 * picture must show them where they were drawn, dark on a transparent
 * background. Skipped without xdotool or an X server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "app-test-util.h"
#include "sealdesk-handwriting-dialog.h"
#include "sealdesk-seals-view-private.h"
#include "test-app-seals.h"
#include "test-app.h"

static gboolean
pad_ready (gpointer data)
{
  GtkWidget *pad = data;

  return gtk_widget_get_mapped (pad) && gtk_widget_get_width (pad) > 300;
}

typedef struct
{
  SealdeskHandwritingPad *pad;
  guint                   n;
} StrokeWait;

static gboolean
strokes_are (gpointer data)
{
  StrokeWait *wait = data;

  return sealdesk_handwriting_pad_get_n_strokes (wait->pad) == wait->n;
}

/* One stroke through @points (pad coordinates, @n pairs), pressed with
 * the first mouse button, by the X server. */
static void
xdotool_stroke (GtkWidget    *pad,
                const double *points,
                guint        n)
{
  GtkNative *native = gtk_widget_get_native (pad);
  GdkSurface *surface = gtk_native_get_surface (native);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  /* X pixels: the surface's scale times GTK's logical ones. */
  int scale = gdk_surface_get_scale_factor (surface);
  int status;
  double sx, sy;

  gtk_native_get_surface_transform (native, &sx, &sy);
  g_ptr_array_add (argv, g_strdup ("xdotool"));
  for (guint i = 0; i < n; i++)
    {
      graphene_point_t from = GRAPHENE_POINT_INIT (points[2 * i], points[2 * i + 1]);
      graphene_point_t at;

      g_assert_true (gtk_widget_compute_point (pad, GTK_WIDGET (native), &from, &at));
      g_ptr_array_add (argv, g_strdup ("mousemove"));
      g_ptr_array_add (argv, g_strdup ("--window"));
      g_ptr_array_add (argv, g_strdup (xid));
      g_ptr_array_add (argv, g_strdup_printf ("%d", (int) ((at.x + sx) * scale)));
      g_ptr_array_add (argv, g_strdup_printf ("%d", (int) ((at.y + sy) * scale)));
      if (i == 0)
        {
          g_ptr_array_add (argv, g_strdup ("mousedown"));
          g_ptr_array_add (argv, g_strdup ("1"));
        }
    }
  g_ptr_array_add (argv, g_strdup ("mouseup"));
  g_ptr_array_add (argv, g_strdup ("1"));
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static void
test_seals_handwriting (void)
{
  /* An L: 200 pixels across at y 60, then 120 down at x 140. */
  static const double across[] = { 40, 60, 80, 61, 120, 59, 160, 60, 200, 61, 240, 60 };
  static const double down[] = { 140, 20, 139, 50, 141, 80, 140, 110, 140, 140 };
  static const double dot[] = { 300, 150, 310, 155 };
  g_autofree char *key_id = seals_key_id ();
  g_autofree char *seal_id = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(Pixels) pixels = NULL;
  SealdeskSealsView *view;
  GtkWidget *dialog, *pad, *save;
  StrokeWait wait;
  int line_y, line_x;

  if (!app_test_can_send_input ())
    return;
  view = seals_open ();
  gtk_widget_activate_action (GTK_WIDGET (view), "seals.draw", NULL);
  dialog = seals_wait_dialog (view);
  g_assert_true (SEALDESK_IS_HANDWRITING_DIALOG (dialog));
  g_signal_connect (dialog, "saved", G_CALLBACK (seals_saved), &seal_id);
  pad = GTK_WIDGET (sealdesk_handwriting_dialog_get_pad (SEALDESK_HANDWRITING_DIALOG (dialog)));
  save = seals_find_named (dialog, "save-button");
  g_assert_true (app_test_wait_until (pad_ready, pad, WAIT_SECONDS));
  app_test_iterate (100);
  wait.pad = SEALDESK_HANDWRITING_PAD (pad);

  xdotool_stroke (pad, across, G_N_ELEMENTS (across) / 2);
  wait.n = 1;
  g_assert_true (app_test_wait_until (strokes_are, &wait, WAIT_SECONDS));
  xdotool_stroke (pad, down, G_N_ELEMENTS (down) / 2);
  wait.n = 2;
  g_assert_true (app_test_wait_until (strokes_are, &wait, WAIT_SECONDS));

  /* A slip of the pen, undone (Ctrl+Z's action). */
  xdotool_stroke (pad, dot, G_N_ELEMENTS (dot) / 2);
  wait.n = 3;
  g_assert_true (app_test_wait_until (strokes_are, &wait, WAIT_SECONDS));
  gtk_widget_activate_action (dialog, "handwriting.undo", NULL);
  g_assert_cmpuint (sealdesk_handwriting_pad_get_n_strokes (wait.pad), ==, 2);

  seals_type_into (dialog, "name-row", "Signature of 张三");
  g_assert_false (gtk_widget_is_sensitive (save));
  seals_type_into (dialog, "key-row", key_id);
  g_assert_true (gtk_widget_is_sensitive (save));
  seals_screenshot (dialog, "handwriting");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (app_test_wait_until (seals_is_null, &dialog, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (seals_view_idle, view, WAIT_SECONDS));
  g_assert_nonnull (seal_id);
  g_assert_nonnull (_sealdesk_seals_view_find_row (view, seal_id));

  seal = seals_get_seal (seal_id);
  g_assert_cmpstr (seal->kind, ==, "handwritten");
  g_assert_cmpstr (seal->name, ==, "Signature of 张三");
  /* 200 × 120 pixels of the pad, 1/8 mm each, and the pen's width. */
  g_assert_cmpfloat (seal->width_mm, >, 25);
  g_assert_cmpfloat (seal->width_mm, <, 27);
  g_assert_cmpfloat (seal->height_mm, >, 15);
  g_assert_cmpfloat (seal->height_mm, <, 17);

  /* The strokes are in the picture where they were drawn, dark on a
   * transparent background. */
  pixels = seals_picture_pixels (seal);
  line_y = (int) (pixels->height * (60.0 - 20 + 2.3) / (120 + 4.6));
  line_x = (int) (pixels->width * (140.0 - 40 + 2.3) / (200 + 4.6));
  g_assert_cmpuint (seals_count (pixels, 0, line_y - 4, pixels->width, 9, seals_is_dark), >,
                    pixels->width * 9 / 2);
  g_assert_cmpuint (seals_count (pixels, line_x - 4, 0, 9, pixels->height, seals_is_dark), >,
                    pixels->height * 9 / 2);
  /* Above the line, left and right of the stroke down: nothing. */
  g_assert_cmpuint (seals_count (pixels, 0, 0, line_x - 20, line_y - 20, seals_is_transparent), ==,
                    (gsize) (line_x - 20) * (line_y - 20));
  g_assert_cmpuint (seals_count (pixels, line_x + 20, 0, pixels->width, line_y - 20,
                                seals_is_transparent),
                    ==, (gsize) (pixels->width - line_x - 20) * (line_y - 20));
  close_all_windows ();
}

/* Rows of @pixels with a dark pixel. */
static int
dark_rows (Pixels *pixels)
{
  int rows = 0;

  for (int y = 0; y < pixels->height; y++)
    rows += seals_count (pixels, 0, y, pixels->width, 1, seals_is_dark) > 0 ? 1 : 0;
  return rows;
}

/* A shaky hand: a line across that jumps 8 pixels up and down at every
 * step is drawn much flatter, but still with its turns (every position
 * counts, also those GTK folds into one event). Clear empties the pad. */
static void
test_seals_handwriting_smooth (void)
{
  double zigzag[2 * 22];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(Pixels) pixels = NULL;
  SealdeskSealsView *view;
  GtkWidget *dialog, *pad;
  StrokeWait wait;
  int rows;

  if (!app_test_can_send_input ())
    return;
  for (guint i = 0; i < 22; i++)
    {
      zigzag[2 * i] = 40 + 10 * i;
      zigzag[2 * i + 1] = i == 0 || i == 21 ? 60 : i % 2 ? 52 : 68;
    }
  view = seals_open ();
  gtk_widget_activate_action (GTK_WIDGET (view), "seals.draw", NULL);
  dialog = seals_wait_dialog (view);
  pad = GTK_WIDGET (sealdesk_handwriting_dialog_get_pad (SEALDESK_HANDWRITING_DIALOG (dialog)));
  g_assert_true (app_test_wait_until (pad_ready, pad, WAIT_SECONDS));
  app_test_iterate (100);
  wait.pad = SEALDESK_HANDWRITING_PAD (pad);

  xdotool_stroke (pad, zigzag, 22);
  wait.n = 1;
  g_assert_true (app_test_wait_until (strokes_are, &wait, WAIT_SECONDS));
  png = sealdesk_handwriting_pad_to_png (wait.pad, 3, NULL, NULL, &error);
  g_assert_no_error (error);
  texture = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  pixels = seals_pixels_new (texture);
  rows = dark_rows (pixels);
  g_test_message ("the zigzag of 16 pixels is drawn %d rows high (3 rows a seals_pixel)", rows);
  /* As drawn, 16 + 2.6 pixels of ink: 56 rows. A straight line: 8. */
  g_assert_cmpint (rows, <, 3 * 12);
  g_assert_cmpint (rows, >, 3 * 4);

  gtk_widget_activate_action (dialog, "handwriting.clear", NULL);
  g_assert_cmpuint (sealdesk_handwriting_pad_get_n_strokes (wait.pad), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (seals_find_named (dialog, "save-button")));
  g_assert_null (sealdesk_handwriting_pad_to_png (wait.pad, 3, NULL, NULL, NULL));
  /* The dialog goes with the library's window. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  close_all_windows ();
  g_assert_null (dialog);
}

void
add_handwriting_tests (void)
{
  g_test_add_func ("/app/seals/handwriting", test_seals_handwriting);
  g_test_add_func ("/app/seals/handwriting-smooth", test_seals_handwriting_smooth);
}
