/* test-app-placement-palette.c: the seal palette of the sidebar
 *
 * Seals dragged from it onto a page, chosen with a click then put with a
 * click, activated from the keyboard (real input through xdotool); and
 * its pictures at the seals' true relative size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <cairo.h>

#include "app-test-util.h"
#include "sd-seal-generate.h"
#include "sd-seal-library.h"
#include "test-app-placement.h"
#include "test-app.h"

static void
test_palette (void)
{
  SealdeskWindow *window = open_sample ();
  SealdeskPageView *view = window->page_view;
  GListModel *placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));
  g_autofree char *seal_id = make_round_seal ("Palette seal", "p12:/nonexistent/palette.p12");
  g_autoptr(SealdeskPlacement) dropped = NULL;
  g_autoptr(SealdeskPlacement) clicked = NULL;
  g_autoptr(SealdeskPlacement) activated = NULL;
  double px, py, x, y, true_size = 42 * 72 / 25.4;
  GtkWidget *row;
  SdRect rect;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_width (window);
  sealdesk_document_model_set_page (sealdesk_window_get_model (window), 1);
  app_test_iterate (200);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  row = show_palette_row (window, seal_id);
  app_test_focus_window (GTK_WIDGET (window));

  /* Dragged from the palette onto page 2, with the pointer. */
  page_point (view, 1, 300, 250, &px, &py);
  {
    graphene_point_t target;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), row, &GRAPHENE_POINT_INIT (px, py), &target));
    app_test_pointer_drag (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0,
                  target.x, target.y, FALSE);
  }
  wait_n_placements (placements, 1);
  dropped = g_list_model_get_item (placements, 0);
  /* Within a pixel of where the pointer let go (fit-page: < 1 pt a pixel). */
  assert_centred_at (dropped, 1, 300, 250, 2.0);
  placement_get (dropped, &rect);
  g_assert_cmpfloat_with_epsilon (rect.width, true_size, 0.01);

  /* Chosen with a click, then put with a click on the page. */
  app_test_xdotool ("mousemove --window %lu 1 1", app_test_window_xid (GTK_WIDGET (window)));
  {
    int sx, sy;

    app_test_surface_point (row, 10, 10, &sx, &sy);
    app_test_xdotool ("mousemove --window %lu %d %d click 1", app_test_window_xid (GTK_WIDGET (window)), sx, sy);
    g_assert_cmpstr (sealdesk_seal_palette_get_selected (window->seal_palette), ==, seal_id);
    page_point (view, 1, 150, 600, &x, &y);
    app_test_surface_point (GTK_WIDGET (view), x, y, &sx, &sy);
    app_test_xdotool ("mousemove --window %lu %d %d click 1", app_test_window_xid (GTK_WIDGET (window)), sx, sy);
  }
  wait_n_placements (placements, 2);
  clicked = g_list_model_get_item (placements, 1);
  assert_centred_at (clicked, 1, 150, 600, 2.0);
  g_assert_null (sealdesk_seal_palette_get_selected (window->seal_palette));

  /* Activated from the keyboard: on the centre of the current page. */
  gtk_widget_grab_focus (row);
  app_test_xdotool ("key Return");
  wait_n_placements (placements, 3);
  activated = g_list_model_get_item (placements, 2);
  assert_centred_at (activated, 1, 595.0 / 2, 842.0 / 2, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 2);

  close_window (window);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A seal of @width_mm × @height_mm added to the library: an official
 * round seal (38 to 60 mm), or else a red rectangular stamp. */
static char *
add_sized_seal (const char *name,
                double      width_mm,
                double      height_mm)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(SdSeal) seal = NULL;

  if (width_mm == height_mm && width_mm >= 38 && width_mm <= 60)
    {
      SdSealDesign design = { .org = "北京某某律师事务所", .shape = SD_SEAL_SHAPE_ROUND, .size_mm = width_mm };
      double w, h;

      png = sd_seal_generate_official (&design, 300, &w, &h, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (w, width_mm, 0.01);
    }
  else
    {
      /* 10 pixels a millimetre. */
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width_mm * 10),
                                                             (int) (height_mm * 10));
      cairo_t *cr = cairo_create (surface);
      GByteArray *bytes = g_byte_array_new ();

      cairo_set_source_rgb (cr, 0.85, 0.1, 0.1);
      cairo_paint (cr);
      cairo_destroy (cr);
      g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, bytes), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
      png = g_byte_array_free_to_bytes (bytes);
    }
  seal = sd_seal_library_add (workspace, name, "company", width_mm, height_mm, "p12:/nonexistent/scale.p12",
                              png, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (seal->id);
}

/* The box of the red pixels of @widget as drawn now. */
static void
red_extent (GtkWidget *widget,
            int       *width,
            int       *height)
{
  g_autoptr(GdkTexture) texture = app_test_snapshot_widget (widget);
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  gsize stride = (gsize) w * 4;
  g_autofree guchar *pixels = g_malloc (stride * h);
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;

  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        /* Premultiplied B G R A: half covered or more, and red. */
        const guchar *p = pixels + y * stride + x * 4;

        if (p[3] >= 128 && p[2] > 150 && p[1] < 110 && p[0] < 110)
          {
            x0 = MIN (x0, x);
            y0 = MIN (y0, y);
            x1 = MAX (x1, x);
            y1 = MAX (y1, y);
          }
      }
  g_assert_cmpint (x1, >=, 0);
  *width = x1 + 1 - x0;
  *height = y1 + 1 - y0;
}

/* The palette draws every seal at one scale: a 40 mm and a 60 mm round
 * seal and a 90 × 30 mm stamp (larger than the list is wide, which used
 * to be scaled on its own) keep the ratio of their sizes on paper. */
static void
test_palette_true_size (void)
{
  struct
  {
    const char *name;
    double      width_mm, height_mm;
    char       *id;
    int         width, height, drawn_width, drawn_height;
  } seals[] = {
    { "Scale 40 mm", 40, 40 },
    { "Scale 60 mm", 60, 60 },
    { "Scale stamp", 90, 30 },
  };
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  SealdeskWindow *window;
  double scale;

  for (guint i = 0; i < G_N_ELEMENTS (seals); i++)
    seals[i].id = add_sized_seal (seals[i].name, seals[i].width_mm, seals[i].height_mm);
  window = open_sample ();
  for (guint i = 0; i < G_N_ELEMENTS (seals); i++)
    {
      GtkWidget *row = show_palette_row (window, seals[i].id);
      GtkWidget *picture = find_type (row, GTK_TYPE_PICTURE);

      g_assert_nonnull (picture);
      seals[i].width = gtk_widget_get_width (picture);
      seals[i].height = gtk_widget_get_height (picture);
      red_extent (picture, &seals[i].drawn_width, &seals[i].drawn_height);
      g_test_message ("%s: %d×%d pixels, drawn %d×%d", seals[i].name, seals[i].width, seals[i].height,
                      seals[i].drawn_width, seals[i].drawn_height);
    }

  /* Pixels a millimetre, from the widest (the stamp). */
  scale = seals[2].drawn_width / seals[2].width_mm;
  g_assert_cmpfloat (scale, >, 0.5);
  for (guint i = 0; i < G_N_ELEMENTS (seals); i++)
    {
      g_assert_cmpfloat (fabs (seals[i].drawn_width - seals[i].width_mm * scale), <=, 1.0);
      g_assert_cmpfloat (fabs (seals[i].drawn_height - seals[i].height_mm * scale), <=, 1.0);
    }

  /* Out of the palette again, for the tests after this one. */
  close_window (window);
  for (guint i = 0; i < G_N_ELEMENTS (seals); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sd_seal_library_change_state (workspace, seals[i].id, "suspend", "test done", NULL, &error));
      g_assert_no_error (error);
      g_free (seals[i].id);
    }
}

void
add_placement_palette_tests (void)
{
  g_test_add_func ("/app/placement/palette", test_palette);
  g_test_add_func ("/app/placement/palette-true-size", test_palette_true_size);
}
