/* test-app-page-marks.c: page marks added in the application and signed
 *
 * "Page Marks…" is opened with its accelerator, a watermark (two lines:
 * one typed, one Chinese pasted with Ctrl+V) is made level and added, a QR verification code added,
 * all with real keys and clicks (xdotool against Xvfb); the overlay shows
 * them; undo and redo take the QR code back and forth. The document is
 * signed with a SoftHSM key through the Sign dialog; then pdftotext finds
 * the watermark on every page, zbarimg reads the QR code from a 150 dpi
 * rendering, pdfsig says the signature is valid, and the QR code's dark
 * modules lie where the overlay showed them (within 2 pt).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sealdesk-mark-layer.h"
#include "sealdesk-mark-widget.h"
#include "sealdesk-marks-dialog.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-sign-dialog.h"
#include "sealdesk-void-dialog.h"
#include "sd-ledger.h"
#include "test-app.h"

#define WATERMARK_LATIN "COPY for the court only"
#define WATERMARK_CHINESE "仅供法院使用"

/* Scrolls the dialog so that @widget is in sight, as a person would. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *sw = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  graphene_point_t top;
  double y, page;

  if (sw == NULL)
    return;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (sw)),
                                           &GRAPHENE_POINT_INIT (0, 0), &top));
  y = top.y;
  page = gtk_adjustment_get_page_size (adj);
  if (y < gtk_adjustment_get_value (adj)
      || y + gtk_widget_get_height (widget) > gtk_adjustment_get_value (adj) + page)
    {
      gtk_adjustment_set_value (adj, y - page / 3);
      app_test_iterate (200);
    }
}

/* A click of button 1 at @fx of @widget's width, half its height. */
static void
click_at (GtkWidget *widget,
          double     fx)
{
  scroll_to (widget);
  app_test_click_at (widget, gtk_widget_get_width (widget) * fx, gtk_widget_get_height (widget) / 2.0);
}

static void
click (GtkWidget *widget)
{
  click_at (widget, 0.5);
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  SealdeskWindow *window = data;

  return window->marks_dialog != NULL && gtk_widget_get_mapped (window->marks_dialog);
}

typedef struct
{
  GListModel *model;
  guint       n;
} Count;

static gboolean
has_n (gpointer data)
{
  Count *count = data;

  return g_list_model_get_n_items (count->model) == count->n;
}

static void
wait_n_marks (GListModel *model,
              guint       n)
{
  Count count = { model, n };

  g_assert_true (app_test_wait_until (has_n, &count, WAIT_SECONDS));
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (data);
}

static gboolean
picture_drawn (gpointer data)
{
  return sealdesk_mark_widget_get_picture (data) != NULL;
}

static char *
run_tool (const char * const *argv,
          gboolean            must_succeed)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  if (must_succeed)
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Pixels of @texture (B G R A), with its size. */
static guchar *
pixels_of (GdkTexture *texture,
           int        *width,
           int        *height)
{
  guchar *pixels;

  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

static gboolean
dark (const guchar *p)
{
  return p[3] > 200 && p[0] < 60 && p[1] < 60 && p[2] < 60;
}

/* Page @page (1-based) of @pdf at 72 dpi (a pixel a point). */
static GdkTexture *
render_page (const char *pdf,
             int         page,
             const char *name)
{
  g_autofree char *prefix = g_build_filename (home_dir, name, NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftoppm", "-r", "72", "-f", number, "-l", number, "-png", "-singlefile",
                         pdf, prefix, NULL };
  g_autofree char *out = run_tool (argv, TRUE);
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = gdk_texture_new_from_filename (png, &error);

  g_assert_no_error (error);
  g_unlink (png);
  return texture;
}

/* The box of the pixels dark in @signed_pdf's page and not in
 * @original's, in points of the page (bottom-left origin). */
static void
new_dark_box (const char *original,
              const char *signed_pdf,
              int         page,
              SdRect     *box)
{
  g_autoptr(GdkTexture) before = render_page (original, page, "before");
  g_autoptr(GdkTexture) after = render_page (signed_pdf, page, "after");
  int w, h, w2, h2, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  g_autofree guchar *a = pixels_of (before, &w, &h);
  g_autofree guchar *b = pixels_of (after, &w2, &h2);

  g_assert_cmpint (w, ==, w2);
  g_assert_cmpint (h, ==, h2);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (dark (b + ((gsize) y * w + x) * 4) && !dark (a + ((gsize) y * w + x) * 4))
        {
          x0 = MIN (x0, x);
          y0 = MIN (y0, y);
          x1 = MAX (x1, x);
          y1 = MAX (y1, y);
        }
  g_assert_cmpint (x1, >=, 0);
  *box = (SdRect) { x0, h - (y1 + 1), x1 + 1 - x0, y1 + 1 - y0 };
}

/* The box of the dark pixels the overlay @widget shows over @rect of its
 * page, in points of the page. */
static void
shown_dark_box (GtkWidget    *widget,
                const SdRect *rect,
                SdRect       *box)
{
  g_autoptr(GdkTexture) shot = app_test_snapshot_widget (widget);
  int w, h, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  g_autofree guchar *p = pixels_of (shot, &w, &h);
  double sx, sy;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (dark (p + ((gsize) y * w + x) * 4))
        {
          x0 = MIN (x0, x);
          y0 = MIN (y0, y);
          x1 = MAX (x1, x);
          y1 = MAX (y1, y);
        }
  g_assert_cmpint (x1, >=, 0);
  sx = rect->width / w;
  sy = rect->height / h;
  *box = (SdRect) { rect->x + x0 * sx, rect->y + rect->height - (y1 + 1) * sy,
                    (x1 + 1 - x0) * sx, (y1 + 1 - y0) * sy };
}

/* Signs with the token's key, the last one used. */
static char *
sign_document (SealdeskWindow *window,
               const char     *key_uri)
{
  g_settings_set_string (window->settings, "last-key-id", key_uri);
  return sign_in_window (window, key_uri);
}

static void
test_page_marks_sign (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(SealdeskPageMark) qr = NULL;
  g_autoptr(GPtrArray) widgets = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *key_uri = NULL;
  g_autofree char *signed_path = NULL;
  SealdeskWindow *window;
  SealdeskSession *session;
  GListModel *marks;
  GtkWidget *dialog, *text, *widget, *spin;
  SdRect shown_rect, shown, made;
  guint page, n_pages;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  g_assert_nonnull (key_uri);
  doc = copy_to_home (sample, "marked-award.pdf");
  file = g_file_new_for_path (doc);
  window = open_window (file);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_width (window);
  session = sealdesk_window_get_session (window);
  marks = sealdesk_session_get_marks (session);
  n_pages = sealdesk_document_get_n_pages (sealdesk_session_get_document (session));

  /* The accelerator opens the dialog. */
  app_test_focus_window (GTK_WIDGET (window));
  app_test_xdotool ("key ctrl+shift+m");
  g_assert_true (app_test_wait_until (dialog_shown, window, WAIT_SECONDS));
  dialog = window->marks_dialog;
  app_test_iterate (300);
  app_test_focus_window (dialog);

  /* A watermark of two lines, typed. */
  text = find_type (dialog, GTK_TYPE_TEXT_VIEW);
  click (text);
  g_assert_true (app_test_wait_until (has_focus, text, WAIT_SECONDS));
  app_test_xdotool ("type --delay 20 '%s'", WATERMARK_LATIN);
  app_test_xdotool ("key Return");
  /* Chinese is pasted (xdotool cannot type it into Xvfb's keymap). */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (text), WATERMARK_CHINESE);
  app_test_iterate (50);
  app_test_xdotool ("key ctrl+v");
  app_test_iterate (100);
  /* Once, level (pdftotext reads rotated text in pieces). */
  click (find_type (dialog, GTK_TYPE_SWITCH));
  spin = find_type (dialog, GTK_TYPE_SPIN_BUTTON);
  click_at (spin, 0.2);
  app_test_xdotool ("key ctrl+a");
  app_test_xdotool ("type 0");
  app_test_xdotool ("key Tab");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 0);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (find_type (dialog, GTK_TYPE_SWITCH))));
  click (find_button (dialog, "Add _Watermark"));
  wait_n_marks (marks, 1);

  /* The QR code, on the last page (the default), with an address. */
  {
    GtkWidget *url_row = find_row (dialog, "Address in the code (optional; {sha256} is the document’s SHA-256)");
    GtkWidget *url_text;

    g_assert_nonnull (url_row);
    url_text = find_type (url_row, GTK_TYPE_TEXT);
    click (url_row);
    g_assert_true (app_test_wait_until (has_focus, url_text, WAIT_SECONDS));
    app_test_xdotool ("type --delay 20 'https://verify.example/'");
  }
  click (find_button (dialog, "Add _QR Code"));
  wait_n_marks (marks, 2);
  qr = g_list_model_get_item (marks, 1);
  g_assert_cmpint (sealdesk_page_mark_get_kind (qr), ==, SEALDESK_PAGE_MARK_QR);

  /* Undone and redone: the same mark back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_n_marks (marks, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  wait_n_marks (marks, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The overlay shows it on the last page, with its accessible name. */
  sealdesk_document_model_set_page (sealdesk_session_get_model (session), (int) n_pages - 1);
  app_test_iterate (200);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  widgets = sealdesk_mark_layer_get_widgets (window->mark_layer, qr);
  g_assert_cmpuint (widgets->len, ==, 1);
  widget = g_ptr_array_index (widgets, 0);
  g_assert_true (sealdesk_page_view_get_overlay (window->page_view, widget, &page, &shown_rect));
  g_assert_cmpuint (page, ==, n_pages - 1);
  /* Drawn in a thread. */
  g_assert_true (app_test_wait_until (picture_drawn, widget, WAIT_SECONDS));
  app_test_iterate (50);
  shown_dark_box (widget, &shown_rect, &shown);
  {
    g_autoptr(GPtrArray) wm = NULL;
    g_autoptr(SealdeskPageMark) watermark = g_list_model_get_item (marks, 0);

    wm = sealdesk_mark_layer_get_widgets (window->mark_layer, watermark);
    g_assert_cmpuint (wm->len, ==, n_pages);
  }
  app_test_save_screenshot (GTK_WIDGET (window), "document-page-marks.png");

  signed_path = sign_document (window, key_uri);
  assert_pdfsig_valid (signed_path, 1);

  /* The watermark's text on every page. */
  for (guint p = 1; p <= n_pages; p++)
    {
      g_autofree char *number = g_strdup_printf ("%u", p);
      const char *argv[] = { "pdftotext", "-f", number, "-l", number, signed_path, "-", NULL };
      g_autofree char *out = run_tool (argv, TRUE);

      g_test_message ("page %u: %s", p, out);
      g_assert_nonnull (strstr (out, WATERMARK_LATIN));
      g_assert_nonnull (strstr (out, WATERMARK_CHINESE));
    }

  /* The QR code, read by zbar from 150 dpi. */
  {
    g_autofree char *prefix = g_build_filename (home_dir, "scan", NULL);
    g_autofree char *png = g_strconcat (prefix, ".png", NULL);
    g_autofree char *number = g_strdup_printf ("%u", n_pages);
    const char *render[] = { "pdftoppm", "-r", "150", "-f", number, "-l", number, "-png",
                             "-singlefile", signed_path, prefix, NULL };
    const char *scan[] = { "zbarimg", "--quiet", png, NULL };
    g_autofree char *out1 = run_tool (render, TRUE);
    g_autofree char *out2 = run_tool (scan, TRUE);

    g_test_message ("zbarimg: %s", out2);
    g_assert_true (g_str_has_prefix (out2, "QR-Code:SDQR1|"));
    g_assert_nonnull (strstr (out2, "|https://verify.example/\n"));
    g_unlink (png);
  }

  /* Where the overlay showed the code's modules, within 2 pt. */
  new_dark_box (doc, signed_path, (int) n_pages, &made);
  g_test_message ("QR modules at %.1f,%.1f %.1fx%.1f; shown at %.1f,%.1f %.1fx%.1f",
                  made.x, made.y, made.width, made.height,
                  shown.x, shown.y, shown.width, shown.height);
  g_assert_cmpfloat (fabs (made.x - shown.x), <=, 2.0);
  g_assert_cmpfloat (fabs (made.y - shown.y), <=, 2.0);
  g_assert_cmpfloat (fabs (made.x + made.width - (shown.x + shown.width)), <=, 2.0);
  g_assert_cmpfloat (fabs (made.y + made.height - (shown.y + shown.height)), <=, 2.0);

  close_window (window);
}

static gboolean
void_dialog_shown (gpointer data)
{
  SealdeskWindow *window = data;

  return window->void_dialog != NULL && gtk_widget_get_mapped (window->void_dialog);
}

/* "Mark as Void…" on a signed document: reason typed, PIN asked once, the
 * voided copy opens; both signatures valid for pdfsig; the ledger has the
 * sealing operation's lifecycle entry. An empty reason voids nothing. */
static void
test_mark_void (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(JsonNode) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *key_uri = NULL;
  g_autofree char *signed_path = NULL;
  g_autofree char *void_path = NULL;
  g_autofree char *basename = NULL;
  SealdeskWindow *window;
  SdLedger *ledger;
  GtkWidget *dialog, *entry;
  SignedCopy opened;
  JsonArray *array;
  guint n_voids = 0;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  doc = copy_to_home (sample, "to-void.pdf");
  file = g_file_new_for_path (doc);
  window = open_window (file);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  /* Signed first (no marks, no seals: an invisible signature). */
  signed_path = sign_document (window, key_uri);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  assert_pdfsig_valid (signed_path, 1);

  app_test_focus_window (GTK_WIDGET (window));
  app_test_xdotool ("key ctrl+alt+v");
  g_assert_true (app_test_wait_until (void_dialog_shown, window, WAIT_SECONDS));
  dialog = window->void_dialog;
  app_test_iterate (300);
  app_test_focus_window (dialog);

  /* Without a reason: nothing happens but a word why. */
  click (find_button (dialog, "Mark as _Void"));
  app_test_iterate (100);
  g_assert_null (shown_pin_dialog ());
  output = sealdesk_void_dialog_default_output (sealdesk_window_get_file (window));
  g_assert_false (g_file_query_exists (output, NULL));

  entry = find_type (dialog, GTK_TYPE_TEXT);
  g_assert_nonnull (entry);
  click (entry);
  g_assert_true (app_test_wait_until (has_focus, entry, WAIT_SECONDS));
  app_test_xdotool ("type --delay 20 'Superseded by award 2026-17'");
  click (find_button (dialog, "Mark as _Void"));
  answer_token_pin ();

  basename = g_file_get_basename (output);
  opened = (SignedCopy) { window, basename };
  g_assert_true (app_test_wait_until (signed_copy_shown, &opened, WAIT_SECONDS * 3));
  void_path = g_file_get_path (output);
  assert_pdfsig_valid (void_path, 2);

  ledger = sd_workspace_get_ledger (sealdesk_application_get_workspace (app));
  entries = sd_ledger_list (ledger, 1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (entries);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry_object = json_array_get_object_element (array, i);
      JsonObject *details = json_object_get_object_member (entry_object, "details");

      if (details != NULL && g_strcmp0 (json_object_get_string_member_with_default (details, "action", NULL), "void") == 0)
        {
          n_voids++;
          g_assert_cmpstr (json_object_get_string_member (details, "reason"), ==,
                           "Superseded by award 2026-17");
        }
    }
  g_assert_cmpuint (n_voids, ==, 1);
  close_window (window);
}

/* A cross-page seal from the library: one strip per page on the right
 * edge, the strips as wide as the seal together, the whole seal on the
 * last page too; Delete on a strip removes the mark, undo brings it back. */
static void
test_cross_page (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(SealdeskPageMark) cross = NULL;
  g_autoptr(GPtrArray) widgets = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *seal_id = NULL;
  g_autofree char *key_uri = NULL;
  SealdeskWindow *window;
  SealdeskSession *session;
  GListModel *marks, *placements;
  GtkWidget *dialog, *combo;
  GtkStringList *names;
  double total = 0;
  guint n_pages;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  seal_id = make_round_seal ("Cross-page seal", key_uri);
  doc = copy_to_home (sample, "cross-page.pdf");
  file = g_file_new_for_path (doc);
  window = open_window (file);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  session = sealdesk_window_get_session (window);
  marks = sealdesk_session_get_marks (session);
  placements = sealdesk_session_get_placements (session);
  n_pages = sealdesk_document_get_n_pages (sealdesk_session_get_document (session));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page-marks", NULL));
  g_assert_true (app_test_wait_until (dialog_shown, window, WAIT_SECONDS));
  dialog = window->marks_dialog;
  app_test_iterate (300);
  app_test_focus_window (dialog);
  /* The seal made here (the library may have others). */
  combo = find_type (dialog, ADW_TYPE_COMBO_ROW);
  names = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (combo)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (names)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (names, i), "Cross-page seal") == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
  /* By keyboard: focused (the dialog scrolls to it), then Space. */
  gtk_widget_grab_focus (find_button (dialog, "Add _Cross-Page Seal"));
  app_test_iterate (200);
  app_test_xdotool ("key space");
  wait_n_marks (marks, 1);
  cross = g_list_model_get_item (marks, 0);
  g_assert_cmpint (sealdesk_page_mark_get_kind (cross), ==, SEALDESK_PAGE_MARK_CROSS_PAGE);
  g_assert_cmpuint (g_list_model_get_n_items (placements), ==, 0);

  widgets = sealdesk_mark_layer_get_widgets (window->mark_layer, cross);
  g_assert_cmpuint (widgets->len, ==, n_pages);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      double vw, vh;
      SdRect rect;
      guint page;

      g_assert_true (sealdesk_page_view_get_overlay (window->page_view, widget, &page, &rect));
      g_assert_cmpuint (page, ==, i);
      sealdesk_page_mark_get_page_size (cross, (int) i + 1, &vw, &vh);
      /* On the right edge. */
      g_assert_cmpfloat (fabs (rect.x + rect.width - vw), <=, 0.01);
      total += rect.width;
      g_assert_true (app_test_wait_until (picture_drawn, widget, WAIT_SECONDS));
    }
  /* 42 mm together. */
  g_assert_cmpfloat (fabs (total - 42 * 72 / 25.4), <=, 0.5);

  /* Turned with the view: the upright strip lies along the bottom. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-right", NULL));
  app_test_iterate (300);
  {
    GtkWidget *strip = g_ptr_array_index (widgets, 0);
    g_autoptr(GdkTexture) shot = app_test_snapshot_widget (strip);
    int w, h, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
    g_autofree guchar *p = pixels_of (shot, &w, &h);

    g_assert_cmpint (w, >, h);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          const guchar *q = p + ((gsize) y * w + x) * 4;

          if (q[3] > 100 && q[2] > 150 && q[1] < 110 && q[0] < 110)
            {
              x0 = MIN (x0, x);
              y0 = MIN (y0, y);
              x1 = MAX (x1, x);
              y1 = MAX (y1, y);
            }
        }
    g_assert_cmpint (x1, >=, 0);
    /* Drawn in the turned widget. */
    g_assert_cmpint (x1 - x0, >, (y1 - y0));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-left", NULL));

  /* Delete on a strip removes the whole mark; undo brings it back. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  app_test_focus_window (GTK_WIDGET (window));
  gtk_widget_grab_focus (g_ptr_array_index (widgets, 0));
  g_assert_true (app_test_wait_until (has_focus, g_ptr_array_index (widgets, 0), WAIT_SECONDS));
  app_test_xdotool ("key Delete");
  wait_n_marks (marks, 0);
  app_test_xdotool ("key ctrl+z");
  wait_n_marks (marks, 1);
  close_window (window);
}

void
add_page_marks_tests (void)
{
  g_test_add_func ("/app/page-marks/cross-page", test_cross_page);
  g_test_add_func ("/app/page-marks/sign", test_page_marks_sign);
  g_test_add_func ("/app/page-marks/void", test_mark_void);
}
