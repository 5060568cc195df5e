/* test-app-dark.c: dark mode
 *
 *   /app/dark/follows  with AdwStyleManager forced dark: the window's
 *                      header bar and the view around the pages go dark
 *                      while a page stays white, and a selected seal's
 *                      outline and handles stand out from the page; the
 *                      seal designer shows its preview on paper, so that
 *                      a black seal is as legible as a red one; the
 *                      handwriting pad stays paper with dark ink; back in
 *                      light mode the chrome is light again
 *
 * Pixels are sampled in pictures of the widgets as GTK drew them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "sealdesk-handwriting-dialog.h"
#include "sealdesk-handwriting-pad-private.h"
#include "test-app-seals.h"
#include "test-app.h"

/* The designer's "colour-row" choices (ui/sealdesk-seal-designer.ui). */
#define COLOUR_BLACK 3

static int
luminance (const guchar *p)
{
  return (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
}

/* How far two pixels are apart, summed over the channels. */
static int
distance (const guchar *a,
          const guchar *b)
{
  return ABS (a[0] - b[0]) + ABS (a[1] - b[1]) + ABS (a[2] - b[2]);
}

static Pixels *
picture_of (GtkWidget *widget)
{
  g_autoptr(GdkTexture) texture = NULL;

  app_test_iterate (200);
  texture = app_test_snapshot_widget (widget);
  return seals_pixels_new (texture);
}

/* The median luminance of what @widget draws: its background, past the
 * text and icons on it. */
static int
median_luminance (GtkWidget *widget)
{
  g_autoptr(Pixels) pixels = picture_of (widget);
  guint counts[256] = { 0 };
  gsize n = (gsize) pixels->width * pixels->height, seen = 0;

  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width; x++)
      counts[luminance (seals_pixel (pixels, x, y))]++;
  for (guint i = 0; i < 256; i++)
    if ((seen += counts[i]) >= n / 2)
      return (int) i;
  return 255;
}

static GtkWidget *
find_type_in (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type_in (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_dark (gpointer data)
{
  return adw_style_manager_get_dark (data);
}

static gboolean
is_light (gpointer data)
{
  return !adw_style_manager_get_dark (data);
}

static void
set_scheme (AdwColorScheme scheme)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, scheme);
  g_assert_true (app_test_wait_until (scheme == ADW_COLOR_SCHEME_FORCE_DARK ? is_dark : is_light,
                                      manager, WAIT_SECONDS));
  app_test_iterate (200);
}

/* The page white, the view around it and the header bar dark (@dark) or
 * light, the selected seal's outline and handle unlike the page. */
static void
check_document (SealdeskWindow    *window,
                SealdeskPlacement *placement,
                gboolean           dark)
{
  GtkWidget *view = GTK_WIDGET (window->page_view);
  GtkWidget *widget = sealdesk_placement_layer_get_widget (window->placement_layer, placement);
  GtkWidget *header = find_type_in (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_autoptr(Pixels) pixels = NULL;
  graphene_rect_t page, seal;
  const guchar *paper, *around, *handle, *edge;
  int header_luminance;
  SdRect whole = { 0, 0, 595, 842 };

  /* (Laid out as drawn.) */
  pixels = picture_of (view);
  g_assert_true (sealdesk_page_view_page_to_view (window->page_view, 0, &whole, &page));
  g_assert_true (gtk_widget_compute_bounds (widget, view, &seal));
  g_assert_cmpfloat (page.origin.x, >, 8);
  paper = seals_pixel (pixels, (int) page.origin.x + 8, (int) page.origin.y + 8);
  around = seals_pixel (pixels, (int) page.origin.x / 2, (int) page.origin.y + 50);
  handle = seals_pixel (pixels, (int) seal.origin.x + 2, (int) seal.origin.y + 2);
  edge = seals_pixel (pixels, (int) (seal.origin.x + seal.size.width / 2), (int) seal.origin.y);
  header_luminance = median_luminance (header);
  g_test_message ("%s: page %d,%d,%d around it %d,%d,%d, handle %d,%d,%d, outline %d,%d,%d, header %d",
                  dark ? "dark" : "light", paper[0], paper[1], paper[2], around[0], around[1], around[2],
                  handle[0], handle[1], handle[2], edge[0], edge[1], edge[2], header_luminance);

  /* The page is the page's colour in either mode. */
  g_assert_cmpint (luminance (paper), >, 240);
  if (dark)
    {
      g_assert_cmpint (luminance (around), <, 90);
      g_assert_cmpint (header_luminance, <, 90);
    }
  else
    {
      g_assert_cmpint (luminance (around), >, 180);
      g_assert_cmpint (header_luminance, >, 180);
    }
  /* The seal's frame stands out from the page. */
  g_assert_cmpint (distance (handle, paper), >, 150);
  g_assert_cmpint (distance (edge, paper), >, 150);
}

/* The seal's picture in the palette: on paper (the corner of a round
 * seal's picture is empty; a few pixels in, past the picture's edge). */
static void
check_palette (SealdeskWindow *window,
               const char     *seal_id)
{
  GtkWidget *row, *picture;
  g_autoptr(Pixels) pixels = NULL;
  graphene_rect_t at;
  const guchar *corner;

  g_object_set (window, "show-sidebar", TRUE, NULL);
  gtk_stack_set_visible_child_name (window->sidebar_stack, "seals");
  sealdesk_seal_palette_reload (window->seal_palette);
  app_test_iterate (200);
  row = sealdesk_seal_palette_get_row (window->seal_palette, seal_id);
  g_assert_nonnull (row);
  picture = find_type_in (row, GTK_TYPE_PICTURE);
  g_assert_nonnull (picture);
  pixels = picture_of (GTK_WIDGET (window));
  g_assert_true (gtk_widget_compute_bounds (picture, GTK_WIDGET (window), &at));
  corner = seals_pixel (pixels, (int) at.origin.x + 6, (int) at.origin.y + 6);
  g_test_message ("palette: behind the seal %d,%d,%d at %.0f,%.0f %.0fx%.0f", corner[0], corner[1], corner[2], at.origin.x, at.origin.y, at.size.width, at.size.height);
  g_assert_cmpint (luminance (corner), >, 240);
}

static gboolean
preview_ready (gpointer data)
{
  SealdeskSealDesigner *designer = data;

  return !sealdesk_seal_designer_is_busy (designer) && sealdesk_seal_designer_get_preview (designer) != NULL;
}

/* The preview's background (near a corner: the round seal leaves it
 * empty) is paper, and the seal is drawn on it in @ink-like pixels. In
 * a picture of the whole dialog: a translucent background alone would
 * look white. */
static void
check_preview (GtkWidget  *preview,
               gboolean  (*ink) (const guchar *p),
               const char *what)
{
  GtkWidget *dialog = GTK_WIDGET (gtk_widget_get_root (preview));
  g_autoptr(Pixels) pixels = picture_of (dialog);
  graphene_rect_t at;
  const guchar *corner;
  gsize n;

  g_assert_true (gtk_widget_compute_bounds (preview, dialog, &at));
  corner = seals_pixel (pixels, (int) at.origin.x + 16, (int) at.origin.y + 16);
  n = seals_count (pixels, (int) at.origin.x, (int) at.origin.y, (int) at.size.width, (int) at.size.height, ink);
  g_test_message ("%s preview: background %d,%d,%d, %" G_GSIZE_FORMAT " pixels of the seal",
                  what, corner[0], corner[1], corner[2], n);
  g_assert_cmpint (luminance (corner), >, 240);
  g_assert_cmpuint (n, >, 500);
}

static void
check_designer (void)
{
  SealdeskSealsView *view = seals_open ();
  g_autofree char *seal_id = NULL;
  SealsPreviewWait wait = { 0 };
  GtkWidget *dialog, *preview;

  wait.designer = seals_designer_open (view, &seal_id);
  dialog = GTK_WIDGET (wait.designer);
  preview = seals_find_named (dialog, "preview");
  g_assert_nonnull (preview);
  seals_type_into (dialog, "org-row", "北京某某律师事务所");
  g_assert_true (app_test_wait_until (preview_ready, wait.designer, WAIT_SECONDS));
  check_preview (preview, seals_is_red, "red");
  g_assert_cmpint (median_luminance (find_type_in (dialog, ADW_TYPE_HEADER_BAR)), <, 90);

  wait.old = g_object_ref (sealdesk_seal_designer_get_preview (wait.designer));
  adw_combo_row_set_selected (ADW_COMBO_ROW (seals_find_named (dialog, "colour-row")), COLOUR_BLACK);
  seals_designer_wait_preview (&wait);
  g_clear_object (&wait.old);
  check_preview (preview, seals_is_dark, "black");
  close_all_windows ();
}

static void
check_handwriting (void)
{
  SealdeskSealsView *view = seals_open ();
  SealdeskHandwritingPad *pad;
  g_autoptr(Pixels) pixels = NULL;
  GtkWidget *dialog;

  gtk_widget_activate_action (GTK_WIDGET (view), "seals.draw", NULL);
  dialog = seals_wait_dialog (view);
  pad = sealdesk_handwriting_dialog_get_pad (SEALDESK_HANDWRITING_DIALOG (dialog));
  _sealdesk_handwriting_pad_stroke_begin (pad, 40, 40, SEALDESK_HANDWRITING_MOUSE_PRESSURE);
  for (int x = 44; x <= 240; x += 4)
    _sealdesk_handwriting_pad_stroke_add (pad, x, 40, SEALDESK_HANDWRITING_MOUSE_PRESSURE, x == 240);
  _sealdesk_handwriting_pad_stroke_end (pad);
  pixels = picture_of (GTK_WIDGET (pad));
  g_test_message ("pad: %d,%d,%d", seals_pixel (pixels, 10, 10)[0], seals_pixel (pixels, 10, 10)[1],
                  seals_pixel (pixels, 10, 10)[2]);
  /* Paper with dark ink on it, under dark chrome. */
  g_assert_cmpint (luminance (seals_pixel (pixels, 10, 10)), >, 240);
  g_assert_cmpuint (seals_count (pixels, 40, 36, 200, 9, seals_is_dark), >, 200);
  g_assert_cmpint (median_luminance (find_type_in (dialog, ADW_TYPE_HEADER_BAR)), <, 90);
  close_all_windows ();
}

static void
test_dark_follows (void)
{
  g_autofree char *seal_id = make_round_seal ("Dark seal", "p12:/nonexistent/dark.p12");
  g_autoptr(SealdeskPlacement) placement = NULL;
  SealdeskWindow *window;

  set_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_sample ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  placement = _sealdesk_window_place_seal (window, seal_id, 0, 300, 420, NULL);
  g_assert_nonnull (placement);
  check_document (window, placement, TRUE);
  check_palette (window, seal_id);

  set_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  check_document (window, placement, FALSE);
  close_all_windows ();

  set_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  check_designer ();
  check_handwriting ();
  set_scheme (ADW_COLOR_SCHEME_DEFAULT);
}

void
add_dark_tests (void)
{
  g_test_add_func ("/app/dark/follows", test_dark_follows);
}
