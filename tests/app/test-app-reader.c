/* test-app-reader.c: what a reader expects of a document window
 *
 * Find (Ctrl+F), select and copy text, the outline, printing at true size
 * (through GtkPrintOperation, exported to a PDF file without a dialog and
 * checked with poppler-utils), Save a Copy and the reuse of a window that
 * shows an error page. Most drive the window's actions; one presses the
 * keys and drags the mouse through the X server (xdotool). The document is made here with cairo: three pages
 * of known text, an outline, the last page landscape; for printing it is
 * also signed with a visible seal by sealdesk-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "app-test-util.h"
#include "sealdesk-find-bar-private.h"
#include "sealdesk-ledger-view.h"
#include "sealdesk-request-review.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-seals-view.h"
#include "sd-test-util.h"
#include "test-app.h"

/* The fixture: page sizes in points and where its seal goes (PDF space,
 * from the bottom left of page 1). */
#define A5_WIDTH   420.0
#define A5_HEIGHT  595.0
#define SEAL_X     100.0
#define SEAL_Y     100.0
#define SEAL_SIZE   72.0

static const char * const page_text[][3] = {
  { "Arbitral Award", "The tribunal finds the claim admissible.", NULL },
  { "Reasons", "The tribunal heard both parties.", "The tribunal decides on costs." },
  { "Signatures", "Signed for the tribunal.", NULL },
};
/* "tribunal" is found once on page 1, twice on page 2, once on page 3. */
#define N_TRIBUNAL 4

static char *
make_reader_fixture (void)
{
  char *path = g_build_filename (home_dir, "reader-award.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A5_WIDTH, A5_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  int reasons;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

  for (guint page = 0; page < G_N_ELEMENTS (page_text); page++)
    {
      /* The last page is landscape. */
      if (page == 2)
        cairo_pdf_surface_set_size (surface, A5_HEIGHT, A5_WIDTH);
      for (guint line = 0; line < 3 && page_text[page][line]; line++)
        {
          cairo_set_font_size (cr, line == 0 ? 20 : 12);
          cairo_move_to (cr, 60, 80 + 40 * line);
          cairo_show_text (cr, page_text[page][line]);
        }
      cairo_show_page (cr);
    }

  cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Award", "page=1",
                                 CAIRO_PDF_OUTLINE_FLAG_OPEN);
  reasons = cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Reasons", "page=2",
                                           CAIRO_PDF_OUTLINE_FLAG_OPEN);
  cairo_pdf_surface_add_outline (surface, reasons, "Costs", "page=2 pos=[60 150]", 0);
  cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Signatures", "page=3",
                                 CAIRO_PDF_OUTLINE_FLAG_OPEN);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return path;
}

/* The fixture signed by sealdesk-cli with a red seal on page 1 (a
 * signature widget annotation: printed through Poppler's annotations). */
static char *
make_sealed_fixture (void)
{
  g_autofree char *plain = make_reader_fixture ();
  g_autofree char *seal = g_build_filename (home_dir, "reader-seal.png", NULL);
  g_autofree char *program = sd_test_built_program ("src/cli/sealdesk-cli");
  g_autofree char *p12 = sd_test_pki_file ("ec-p256.p12");
  g_autofree char *rect = g_strdup_printf ("%.0f,%.0f,%.0f,%.0f", SEAL_X, SEAL_Y, SEAL_SIZE, SEAL_SIZE);
  char *sealed = g_build_filename (home_dir, "reader-award-sealed.pdf", NULL);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "READER_TEST_PIN", SD_TEST_PKI_PASSWORD, TRUE);
  const char *argv[] = {
    program, "sign", plain, "-o", sealed, "--p12", p12, "--pin-env", "READER_TEST_PIN",
    "--seal", seal, "--page", "1", "--rect", rect, NULL,
  };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 300);
  cairo_t *cr = cairo_create (image);

  /* Red all over: whatever the seal is scaled to, its box is red. */
  cairo_set_source_rgb (cr, 0.85, 0.0, 0.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (image, seal), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);

  g_remove (sealed);
  g_assert_cmpint (sd_test_run (argv, (const char * const *) env, NULL, NULL), ==, 0);
  g_assert_true (g_file_test (sealed, G_FILE_TEST_IS_REGULAR));

  return sealed;
}

static SealdeskWindow *
open_fixture (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  /* Pages taller than the view: every page can be scrolled to the top. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-width", NULL));
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  return window;
}

static char *
collapse_spaces (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\f", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }

  return g_string_free (out, FALSE);
}

/* Find */

static gboolean
find_done (gpointer data)
{
  return !sealdesk_find_bar_is_searching (data);
}

/* Pixels of the page view inside @rect tinted by a highlight: neither
 * grey (text, paper) nor anything else, but clearly more red than blue. */
static gsize
count_tinted (SealdeskWindow        *window,
              const graphene_rect_t *rect)
{
  g_autoptr(GdkTexture) texture = app_test_snapshot_widget (GTK_WIDGET (window->page_view));
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height * 4);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (window->page_view));
  gsize tinted = 0;

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = (int) (rect->origin.y * scale); y < (int) ((rect->origin.y + rect->size.height) * scale); y++)
    for (int x = (int) (rect->origin.x * scale); x < (int) ((rect->origin.x + rect->size.width) * scale); x++)
      {
        const guint8 *p;

        if (x < 0 || y < 0 || x >= width || y >= height)
          continue;
        p = pixels + ((gsize) y * width + x) * 4;
        /* Cairo's order in memory: B, G, R, A. */
        if (p[2] > 200 && p[2] > p[0] + 60)
          tinted++;
      }

  return tinted;
}

static gboolean
current_match_in_view (gpointer data)
{
  SealdeskWindow *window = data;
  graphene_rect_t rect;
  int page, index;

  sealdesk_find_bar_get_current (window->find_bar, &page, &index);
  return page >= 0 &&
         sealdesk_page_view_get_match_rect (window->page_view, page, index, &rect) &&
         rect.origin.y >= 0 &&
         rect.origin.y + rect.size.height <= gtk_widget_get_height (GTK_WIDGET (window->page_view));
}

static gboolean
has_matches (gpointer data)
{
  return sealdesk_find_bar_get_n_matches (data) > 0;
}

/* Counts the search entry's search-changed for @text, which it emits a
 * moment (its search delay) after its text became @text (and at once for
 * the empty text on the way, when the text is replaced): watch, change
 * the text, wait. */
typedef struct
{
  GtkWidget  *entry;
  const char *text;
  gulong      handler;
  guint       n;
} SearchChanged;

static void
search_changed_count (GtkSearchEntry *entry,
                      SearchChanged  *changed)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), changed->text) == 0)
    changed->n++;
}

static void
search_changed_watch (SearchChanged *changed,
                      GtkWidget     *entry,
                      const char    *text)
{
  g_assert_true (GTK_IS_SEARCH_ENTRY (entry));
  changed->entry = entry;
  changed->text = text;
  changed->n = 0;
  /* After the find bar's own handler (connected by its template). */
  changed->handler = g_signal_connect (entry, "search-changed",
                                       G_CALLBACK (search_changed_count), changed);
}

static gboolean
search_changed_seen (gpointer data)
{
  return ((SearchChanged *) data)->n > 0;
}

static void
search_changed_wait (SearchChanged *changed)
{
  g_assert_true (app_test_wait_until (search_changed_seen, changed, WAIT_SECONDS));
  g_signal_handler_disconnect (changed->entry, changed->handler);
}

typedef struct
{
  SealdeskWindow *window;
  guint           number;
} CurrentWait;

static gboolean
current_is (gpointer data)
{
  CurrentWait *wait = data;
  int page, index;

  return sealdesk_find_bar_get_current (wait->window->find_bar, &page, &index) == wait->number;
}

/* Match @number (on @expected_page) becomes the current one, in view. It
 * may take some turns of the main loop (a key press still on its way). */
static void
assert_current (SealdeskWindow *window,
                guint           number,
                int             expected_page)
{
  CurrentWait wait = { window, number };
  int page = -1, index = -1;

  app_test_wait_until (current_is, &wait, WAIT_SECONDS);
  g_assert_cmpuint (sealdesk_find_bar_get_current (window->find_bar, &page, &index), ==, number);
  g_assert_cmpint (page, ==, expected_page);
  g_assert_true (app_test_wait_until (current_match_in_view, window, WAIT_SECONDS));
}

static void
test_find (void)
{
  g_autofree char *path = make_reader_fixture ();
  SealdeskWindow *window = open_fixture (path);
  GtkWidget *entry;
  SearchChanged changed;
  graphene_rect_t rect;
  int page, index;

  g_assert_false (sealdesk_find_bar_is_open (window->find_bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  app_test_iterate (50);
  g_assert_true (sealdesk_find_bar_is_open (window->find_bar));
  entry = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (entry, GTK_WIDGET (window->find_bar)));

  /* Typed in the entry, as a person would. */
  while (entry != NULL && !GTK_IS_SEARCH_ENTRY (entry))
    entry = gtk_widget_get_parent (entry);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "tribunal");
  g_assert_true (app_test_wait_until (has_matches, window->find_bar, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (find_done, window->find_bar, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_find_bar_get_n_matches (window->find_bar), ==, N_TRIBUNAL);

  /* The first match, on the page being read, is current and highlighted. */
  assert_current (window, 1, 0);
  sealdesk_find_bar_get_current (window->find_bar, &page, &index);
  g_assert_true (sealdesk_page_view_get_match_rect (window->page_view, page, index, &rect));
  g_test_message ("match 1 at %.0f,%.0f %.0fx%.0f", rect.origin.x, rect.origin.y,
                  rect.size.width, rect.size.height);
  g_assert_cmpfloat (rect.size.width, >, 10);
  g_assert_cmpuint (count_tinted (window, &rect), >, rect.size.width * rect.size.height / 4);

  /* Next goes through the pages in order and round to the first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL));
  assert_current (window, 2, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL));
  assert_current (window, 3, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL));
  assert_current (window, 4, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL));
  assert_current (window, 1, 0);
  /* Previous goes back round to the last. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL));
  assert_current (window, 4, 2);
  /* Enter in the entry is Next. */
  g_signal_emit_by_name (entry, "activate");
  assert_current (window, 1, 0);

  /* Nothing found: said so, and Next only rings the bell. */
  search_changed_watch (&changed, entry, "nowhere in this award");
  gtk_editable_set_text (GTK_EDITABLE (entry), "nowhere in this award");
  search_changed_wait (&changed);
  g_assert_true (app_test_wait_until (find_done, window->find_bar, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_find_bar_get_n_matches (window->find_bar), ==, 0);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "tribunal");
  g_assert_true (app_test_wait_until (has_matches, window->find_bar, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (find_done, window->find_bar, WAIT_SECONDS));
  assert_current (window, 1, 0);
  g_assert_true (sealdesk_page_view_get_match_rect (window->page_view, 0, 0, &rect));

  /* Escape in the entry (its "stop-search") closes the bar: no
   * highlights left, the pages have the focus again. */
  g_signal_emit_by_name (entry, "stop-search");
  app_test_iterate (100);
  g_assert_false (sealdesk_find_bar_is_open (window->find_bar));
  g_assert_false (sealdesk_page_view_get_match_rect (window->page_view, 0, 0, &rect));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->page_view)));
  g_assert_cmpuint (count_tinted (window, &rect), ==, 0);

  close_window (window);
}

typedef struct
{
  SealdeskWindow *window;
  double          width;
} ZoomWait;

static gboolean
page_wider (gpointer data)
{
  ZoomWait *wait = data;
  graphene_rect_t rect;

  return sealdesk_page_view_get_page_rect (wait->window->page_view, 0, &rect)
         && rect.size.width > wait->width + 1;
}

/* Page 1's rectangle once it stays the same over a few frames' worth of
 * iterations (a zoom is laid out, then scrolled to keep the top). */
static void
page_rect_settled (SealdeskWindow  *window,
                   graphene_rect_t *rect)
{
  graphene_rect_t last = GRAPHENE_RECT_INIT (-1, -1, -1, -1);
  gint64 end = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      app_test_iterate (20);
      g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, rect));
      if (graphene_rect_equal (rect, &last))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      last = *rect;
    }
}

/* Zooming a document shown from its top keeps its top in view: Fit Width
 * after Fit Page must not push the first lines above the window. */
static void
test_zoom_keeps_top (void)
{
  g_autofree char *path = make_reader_fixture ();
  SealdeskWindow *window = open_fixture (path);
  graphene_rect_t first;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_rect_settled (window, &first);
  g_assert_cmpfloat (first.origin.y, >=, 0);
  for (guint step = 0; step < 2; step++)
    {
      ZoomWait wait = { window, first.size.width };

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window),
                                                 step == 0 ? "win.fit-width" : "win.zoom-in", NULL));
      /* Wider, once the view has laid the new zoom out (slow under load). */
      g_assert_true (app_test_wait_until (page_wider, &wait, WAIT_SECONDS));
      page_rect_settled (window, &first);
      g_test_message ("%s: page 1 at y %.1f, %.0f px wide", step == 0 ? "fit width" : "zoom in",
                      first.origin.y, first.size.width);
      g_assert_cmpfloat (first.size.width, >, wait.width + 1);
      g_assert_cmpfloat (first.origin.y, >=, 0);
    }

  close_window (window);
}

/* Select All and Copy */

static gboolean
selection_ready (gpointer data)
{
  return !sealdesk_page_view_is_selecting (data);
}

typedef struct
{
  gboolean done;
  char    *text;
} ClipboardRead;

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
clipboard_text (GdkClipboard *clipboard)
{
  ClipboardRead read = { 0 };

  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read, &read);
  g_assert_true (app_test_wait_until (read_done, &read, WAIT_SECONDS));

  return read.text;
}

static char *
poppler_page_text (const char *path,
                   int         page_index)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, NULL);
  PopplerPage *page;
  char *text;

  g_assert_nonnull (document);
  page = poppler_document_get_page (document, page_index);
  g_assert_nonnull (page);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (document);

  return text;
}

/* The current match is in view and drawn highlighted where the page view
 * says it is. */
static gboolean
current_match_drawn (gpointer data)
{
  SealdeskWindow *window = data;
  graphene_rect_t rect, again;
  int page, index;
  gsize tinted;

  if (!current_match_in_view (window))
    return FALSE;
  sealdesk_find_bar_get_current (window->find_bar, &page, &index);
  g_assert_true (sealdesk_page_view_get_match_rect (window->page_view, page, index, &rect));
  tinted = count_tinted (window, &rect);
  /* Still there once drawn (not scrolled meanwhile). */
  return sealdesk_page_view_get_match_rect (window->page_view, page, index, &again) &&
         graphene_rect_equal (&rect, &again) &&
         tinted > rect.size.width * rect.size.height / 4;
}

/* Where a match is on its page as drawn: its centre, as fractions of the
 * page's width and height. */
static void
match_on_page (SealdeskWindow *window,
               double         *fx,
               double         *fy)
{
  graphene_rect_t rect, page_rect;
  int page, index;

  /* Turning does not follow the match: show it again. */
  sealdesk_find_bar_get_current (window->find_bar, &page, &index);
  g_assert_cmpint (page, >=, 0);
  sealdesk_page_view_set_current_match (window->page_view, page, index);
  g_assert_true (app_test_wait_until (current_match_drawn, window, WAIT_SECONDS));
  g_assert_true (sealdesk_page_view_get_match_rect (window->page_view, page, index, &rect));
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, page, &page_rect));
  *fx = (rect.origin.x + rect.size.width / 2 - page_rect.origin.x) / page_rect.size.width;
  *fy = (rect.origin.y + rect.size.height / 2 - page_rect.origin.y) / page_rect.size.height;
}

typedef struct
{
  SealdeskPageView *view;
  guint             rotation;
} TurnWait;

/* The page view laid its pages out turned by @rotation. */
static gboolean
view_turned (gpointer data)
{
  TurnWait *wait = data;

  return wait->view->layout_valid && wait->view->layout_rotation == wait->rotation;
}

/* The view turned: the match is highlighted where its text went (a point
 * at (x, y) of the page goes to (1 - y, x) at each quarter turn). */
static void
test_find_rotated (void)
{
  g_autofree char *path = make_reader_fixture ();
  SealdeskWindow *window = open_fixture (path);
  GtkWidget *entry = find_type (GTK_WIDGET (window->find_bar), GTK_TYPE_SEARCH_ENTRY);
  SearchChanged changed;
  double fx, fy, x, y;

  search_changed_watch (&changed, entry, "tribunal");
  sealdesk_find_bar_search (window->find_bar, "tribunal");
  g_assert_true (app_test_wait_until (has_matches, window->find_bar, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (find_done, window->find_bar, WAIT_SECONDS));
  /* The entry's own search-changed, a moment later, keeps this search and
   * its current match (it used to start the search over: on a loaded
   * machine in the middle of what follows). */
  search_changed_wait (&changed);
  g_assert_false (sealdesk_find_bar_is_searching (window->find_bar));
  g_assert_cmpuint (sealdesk_find_bar_get_current (window->find_bar, NULL, NULL), ==, 1);
  match_on_page (window, &fx, &fy);
  g_test_message ("unturned: %.3f, %.3f", fx, fy);
  for (guint turn = 1; turn <= 4; turn++)
    {
      TurnWait turned = { window->page_view, (turn * 90) % 360 };
      double ex = 1 - fy, ey = fx;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rotate-right", NULL));
      g_assert_true (app_test_wait_until (view_turned, &turned, WAIT_SECONDS));
      match_on_page (window, &x, &y);
      g_test_message ("turned %u°: %.3f, %.3f", turn * 90, x, y);
      g_assert_cmpfloat_with_epsilon (x, ex, 0.01);
      g_assert_cmpfloat_with_epsilon (y, ey, 0.01);
      fx = x;
      fy = y;
    }
  close_window (window);
}

static void
test_copy (void)
{
  g_autofree char *path = make_reader_fixture ();
  SealdeskWindow *window = open_fixture (path);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window->page_view));
  g_autofree char *before = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *copied_words = NULL;
  g_autofree char *expected_words = NULL;
  graphene_rect_t bounds;

  gdk_clipboard_set_text (clipboard, "nothing copied yet");
  g_assert_false (sealdesk_page_view_has_selection (window->page_view));

  /* Copy with nothing selected leaves the clipboard alone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy", NULL));
  app_test_iterate (50);
  before = clipboard_text (clipboard);
  g_assert_cmpstr (before, ==, "nothing copied yet");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy", NULL));
  g_assert_true (app_test_wait_until (selection_ready, window->page_view, WAIT_SECONDS));
  app_test_iterate (50);
  g_assert_true (sealdesk_page_view_has_selection (window->page_view));

  /* The page's text, as Poppler reads it. */
  copied = clipboard_text (clipboard);
  g_assert_nonnull (copied);
  g_test_message ("copied: %s", copied);
  expected = poppler_page_text (path, 0);
  copied_words = collapse_spaces (copied);
  expected_words = collapse_spaces (expected);
  g_assert_cmpstr (copied_words, ==, expected_words);
  g_assert_nonnull (strstr (copied_words, "Arbitral Award"));
  g_assert_nonnull (strstr (copied_words, "The tribunal finds the claim admissible."));
  g_assert_null (strstr (copied_words, "Reasons"));

  /* The selection is drawn over the page. */
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &bounds));
  g_assert_cmpuint (count_tinted (window, &bounds), ==, 0);
  {
    g_autoptr(GdkTexture) texture = app_test_snapshot_widget (GTK_WIDGET (window->page_view));
    int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
    g_autofree guint8 *pixels = g_malloc ((gsize) width * height * 4);
    gsize blue = 0;

    gdk_texture_download (texture, pixels, (gsize) width * 4);
    for (gsize i = 0; i < (gsize) width * height; i++)
      if (pixels[i * 4] > pixels[i * 4 + 2] + 40)
        blue++;
    g_assert_cmpuint (blue, >, 200);
  }

  /* Another document: nothing selected any more. */
  {
    g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();

    sealdesk_window_open (window, sample);
    g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
    g_assert_false (sealdesk_page_view_has_selection (window->page_view));
  }

  close_window (window);
}

/* Real keys and pointer (the X server's, through xdotool and XTEST) */

/* Presses @keys ("ctrl+f", "Escape", ...) in @window, as typed. The X
 * server has them when this returns; the caller waits for what they do
 * (the app may take a while to read them, in a slow build). */
static void
press_keys (SealdeskWindow *window,
            const char     *keys)
{
  app_test_focus_window (GTK_WIDGET (window));
  app_test_xdotool ("key %s", keys);
}

/* (@u, @v) of @page (page points) in page view coordinates, as the view
 * is laid out and scrolled now. */
static graphene_point_t
page_point_in_view (SealdeskWindow *window,
                    guint           page,
                    double          u,
                    double          v)
{
  SdRect rect = { u, v, 0, 0 };
  graphene_rect_t view;

  g_assert_true (sealdesk_page_view_page_to_view (window->page_view, page, &rect, &view));
  return GRAPHENE_POINT_INIT (view.origin.x, view.origin.y);
}

static gboolean
find_bar_closed (gpointer data)
{
  return !sealdesk_find_bar_is_open (data);
}

static gboolean
has_selection (gpointer data)
{
  return !sealdesk_page_view_is_selecting (data) && sealdesk_page_view_has_selection (data);
}

static gboolean
no_selection (gpointer data)
{
  return !sealdesk_page_view_is_selecting (data) && !sealdesk_page_view_has_selection (data);
}

typedef struct
{
  SealdeskFindBar *find_bar;
  const char      *text;
} SearchWait;

/* @text is in the entry and was searched for (typing it ends in one
 * search of all of it, however slowly the keys came). */
static gboolean
searched_for (gpointer data)
{
  SearchWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (wait->find_bar->entry)), wait->text) == 0 &&
         g_strcmp0 (wait->find_bar->text, wait->text) == 0 &&
         !sealdesk_find_bar_is_searching (wait->find_bar);
}

typedef struct
{
  SealdeskWindow *window;
  guint           page;
} ShownWait;

/* @page is the current one and its top is in view. */
static gboolean
page_shown (gpointer data)
{
  ShownWait *wait = data;
  graphene_rect_t bounds;

  return sealdesk_document_model_get_page (sealdesk_window_get_model (wait->window)) == (int) wait->page &&
         sealdesk_page_view_get_page_rect (wait->window->page_view, wait->page, &bounds) &&
         bounds.origin.y > -1 &&
         bounds.origin.y < gtk_widget_get_height (GTK_WIDGET (wait->window->page_view));
}

/* The find bar has slid in and its entry has the keyboard focus: what is
 * typed now goes there. */
static gboolean
find_bar_ready (gpointer data)
{
  SealdeskWindow *window = data;
  GtkWidget *revealer = find_type (GTK_WIDGET (window->find_bar), GTK_TYPE_REVEALER);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return sealdesk_find_bar_is_open (window->find_bar) &&
         (revealer == NULL || gtk_revealer_get_child_revealed (GTK_REVEALER (revealer))) &&
         focus != NULL &&
         (focus == GTK_WIDGET (window->find_bar->entry) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (window->find_bar->entry)));
}

/* The find bar has slid away and the view was laid out and painted for
 * the space it left. */
static gboolean
find_bar_gone (gpointer data)
{
  SealdeskWindow *window = data;
  GtkWidget *revealer = find_type (GTK_WIDGET (window->find_bar), GTK_TYPE_REVEALER);

  return !sealdesk_find_bar_is_open (window->find_bar) &&
         (revealer == NULL || !gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)));
}

static void
frame_painted (GdkFrameClock *clock,
               gpointer       data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for the next frame of @widget to be laid out and painted. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (app_test_wait_until (flag_set, &painted, WAIT_SECONDS));
  g_signal_handler_disconnect (clock, handler);
}

typedef struct
{
  GdkClipboard *clipboard;
  const char   *text;
} ClipboardWait;

static gboolean
clipboard_is (gpointer data)
{
  ClipboardWait *wait = data;
  g_autofree char *text = clipboard_text (wait->clipboard);
  g_autofree char *words = text ? collapse_spaces (text) : NULL;

  return g_strcmp0 (words, wait->text) == 0;
}

/* The keys a person presses, and a drag over words with the mouse. */
static void
test_keys_and_pointer (void)
{
  g_autofree char *path = make_reader_fixture ();
  SealdeskWindow *window;
  GdkClipboard *clipboard;
  g_autofree char *expected = NULL;
  g_autofree char *expected_words = NULL;
  ClipboardWait wait;
  SearchWait search;
  ShownWait shown;
  graphene_rect_t award;
  guint award_page, end_page;
  double u0, v0, u1, v1;
  int page, index;

  if (!app_test_can_send_input ())
    return;

  window = open_fixture (path);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window->page_view));

  /* Ctrl+F, typing, Enter, Escape. */
  press_keys (window, "ctrl+f");
  g_assert_true (app_test_wait_until (find_bar_ready, window, WAIT_SECONDS));
  press_keys (window, "t r i b u n a l");
  search.find_bar = window->find_bar;
  search.text = "tribunal";
  g_assert_true (app_test_wait_until (searched_for, &search, WAIT_SECONDS));
  g_assert_cmpuint (sealdesk_find_bar_get_n_matches (window->find_bar), ==, N_TRIBUNAL);
  assert_current (window, 1, 0);
  press_keys (window, "Return");
  assert_current (window, 2, 1);
  press_keys (window, "shift+Return");
  assert_current (window, 1, 0);
  press_keys (window, "F3 F3");
  assert_current (window, 3, 1);
  press_keys (window, "Escape");
  g_assert_true (app_test_wait_until (find_bar_closed, window->find_bar, WAIT_SECONDS));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->page_view)));

  /* Escape on the pages closes the bar too. */
  press_keys (window, "ctrl+f");
  g_assert_true (app_test_wait_until (find_bar_ready, window, WAIT_SECONDS));
  gtk_widget_grab_focus (GTK_WIDGET (window->page_view));
  press_keys (window, "Escape");
  g_assert_true (app_test_wait_until (find_bar_closed, window->find_bar, WAIT_SECONDS));

  /* Ctrl+A and Ctrl+C on the pages of page 1. */
  sealdesk_document_model_set_page (sealdesk_window_get_model (window), 0);
  shown.window = window;
  shown.page = 0;
  g_assert_true (app_test_wait_until (page_shown, &shown, WAIT_SECONDS));
  gdk_clipboard_set_text (clipboard, "nothing copied yet");
  press_keys (window, "ctrl+a ctrl+c");
  expected = poppler_page_text (path, 0);
  expected_words = collapse_spaces (expected);
  wait.clipboard = clipboard;
  wait.text = expected_words;
  g_assert_true (app_test_wait_until (clipboard_is, &wait, WAIT_SECONDS));
  /* Escape drops the selection. */
  press_keys (window, "Escape");
  g_assert_true (app_test_wait_until (no_selection, window->page_view, WAIT_SECONDS));

  /* A drag from the left of "Arbitral" to the right of "Award" selects
   * the title, and Ctrl+C copies it. */
  sealdesk_find_bar_search (window->find_bar, "Arbitral Award");
  g_assert_true (app_test_wait_until (find_done, window->find_bar, WAIT_SECONDS));
  sealdesk_find_bar_get_current (window->find_bar, &page, &index);
  g_assert_cmpint (page, ==, 0);
  g_assert_true (app_test_wait_until (current_match_in_view, window, WAIT_SECONDS));
  g_assert_true (sealdesk_page_view_get_match_rect (window->page_view, page, index, &award));
  /* In page points: closing the bar gives the view more room. */
  g_assert_true (sealdesk_page_view_view_to_page (window->page_view, award.origin.x + 1,
                                                  award.origin.y + award.size.height / 2,
                                                  &award_page, &u0, &v0));
  g_assert_true (sealdesk_page_view_view_to_page (window->page_view,
                                                  award.origin.x + award.size.width - 1,
                                                  award.origin.y + award.size.height / 2,
                                                  &end_page, &u1, &v1));
  g_assert_cmpuint (award_page, ==, 0);
  g_assert_cmpuint (end_page, ==, 0);
  sealdesk_find_bar_close (window->find_bar);
  g_assert_true (app_test_wait_until (find_bar_gone, window, WAIT_SECONDS));
  wait_for_frame (GTK_WIDGET (window->page_view));
  {
    graphene_point_t from = page_point_in_view (window, award_page, u0, v0);
    graphene_point_t to = page_point_in_view (window, award_page, u1, v1);

    app_test_pointer_drag (GTK_WIDGET (window->page_view), from.x, from.y, to.x, to.y, FALSE);
  }
  g_assert_true (app_test_wait_until (has_selection, window->page_view, WAIT_SECONDS));
  press_keys (window, "ctrl+c");
  wait.text = "Arbitral Award";
  g_assert_true (app_test_wait_until (clipboard_is, &wait, WAIT_SECONDS));

  close_window (window);
}

/* Outline */

static gboolean
outline_ready (gpointer data)
{
  return !sealdesk_outline_is_loading (data) && sealdesk_outline_get_has_outline (data);
}

static gboolean
outline_gone (gpointer data)
{
  return !sealdesk_outline_is_loading (data) && !sealdesk_outline_get_has_outline (data);
}


typedef struct
{
  SealdeskWindow *window;
  int             page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return sealdesk_document_model_get_page (sealdesk_window_get_model (wait->window)) == wait->page;
}

static void
activate_outline_row (SealdeskWindow *window,
                      GtkWidget      *list_view,
                      const char     *title,
                      int             expected_page)
{
  GListModel *rows = sealdesk_outline_get_rows (window->outline);
  PageWait wait = { window, expected_page };

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      int page = -1;

      if (g_strcmp0 (sealdesk_outline_get_row_title (window->outline, i, &page), title) != 0)
        continue;
      g_assert_cmpint (page, ==, expected_page);
      /* As a click or Enter on the row does. */
      g_assert_true (gtk_widget_activate_action (list_view, "list.activate-item", "u", i));
      g_assert_true (app_test_wait_until (page_is, &wait, WAIT_SECONDS));
      return;
    }

  g_assert_not_reached ();
}

static void
test_outline (void)
{
  g_autofree char *path = make_reader_fixture ();
  SealdeskWindow *window = open_fixture (path);
  const char * const titles[] = { "Award", "Reasons", "Costs", "Signatures" };
  const int pages[] = { 0, 1, 1, 2 };
  GListModel *rows;
  GtkWidget *list_view;

  g_assert_true (app_test_wait_until (outline_ready, window->outline, WAIT_SECONDS));
  rows = sealdesk_outline_get_rows (window->outline);
  /* "Reasons" is open in the file: its child shows. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      int page = -2;

      g_assert_cmpstr (sealdesk_outline_get_row_title (window->outline, i, &page), ==, titles[i]);
      g_assert_cmpint (page, ==, pages[i]);
    }

  /* Shown in the sidebar by its action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL));
  app_test_iterate (100);
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "outline");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->outline)));
  list_view = find_type (GTK_WIDGET (window->outline), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);

  activate_outline_row (window, list_view, "Signatures", 2);
  activate_outline_row (window, list_view, "Award", 0);
  activate_outline_row (window, list_view, "Costs", 1);

  /* A document without an outline: none offered. */
  {
    g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();

    sealdesk_window_open (window, sample);
    g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
    g_assert_true (app_test_wait_until (outline_gone, window->outline, WAIT_SECONDS));
    g_assert_false (sealdesk_outline_get_has_outline (window->outline));
    /* Its page is gone from the sidebar; asking for it changes nothing. */
    g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "thumbnails");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL);
    app_test_iterate (50);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "thumbnails");
  }

  close_window (window);
}

/* Printing */

static gboolean
print_finished (gpointer data)
{
  return ((SealdeskWindow *) data)->print_operation == NULL;
}

static char *
run_tool (const char * const *argv)
{
  char *out = NULL;

  g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
  return out;
}

/* "Page size:      420 x 595 pts (A5)" of page @page (from 1). */
static void
assert_page_size (const char *pdf,
                  int         page,
                  double      width,
                  double      height)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdfinfo", "-f", number, "-l", number, pdf, NULL };
  g_autofree char *info = run_tool (argv);
  g_autofree char *label = g_strdup_printf ("Page %4d size:", page);
  const char *line = strstr (info, label);
  double w = 0, h = 0;

  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line + strlen (label), " %lf x %lf", &w, &h), ==, 2);
  g_test_message ("page %d: %.1f x %.1f pt", page, w, h);
  g_assert_cmpfloat_with_epsilon (w, width, 0.6);
  g_assert_cmpfloat_with_epsilon (h, height, 0.6);
}

static void
test_print (void)
{
  g_autofree char *path = NULL;
  g_autofree char *printed = g_build_filename (home_dir, "reader-printed.pdf", NULL);
  g_autofree char *png_prefix = g_build_filename (home_dir, "reader-printed-page", NULL);
  g_autofree char *png = NULL;
  g_autoptr(GFile) printed_file = g_file_new_for_path (printed);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  gsize red_inside = 0, red_outside = 0, inside = 0;
  SealdeskWindow *window;
  int width, height;

  if (!sd_test_require_program ("pdfinfo") || !sd_test_require_program ("pdftotext") ||
      !sd_test_require_program ("pdftoppm"))
    return;

  path = make_sealed_fixture ();
  window = open_fixture (path);

  g_remove (printed);
  _sealdesk_window_print (window, GTK_PRINT_OPERATION_ACTION_EXPORT, printed_file);
  g_assert_true (app_test_wait_until (print_finished, window, WAIT_SECONDS));
  g_assert_cmpint (window->print_result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_true (g_file_test (printed, G_FILE_TEST_IS_REGULAR));

  /* Every page, each on paper of its own size. */
  {
    const char *argv[] = { "pdfinfo", printed, NULL };

    info = run_tool (argv);
    g_assert_nonnull (strstr (info, "Pages:           3\n"));
  }
  assert_page_size (printed, 1, A5_WIDTH, A5_HEIGHT);
  assert_page_size (printed, 2, A5_WIDTH, A5_HEIGHT);
  assert_page_size (printed, 3, A5_HEIGHT, A5_WIDTH);

  /* The text is there, and where it was. */
  {
    const char *argv[] = { "pdftotext", "-layout", printed, "-", NULL };

    text = run_tool (argv);
    g_assert_nonnull (strstr (text, "Arbitral Award"));
    g_assert_nonnull (strstr (text, "The tribunal decides on costs."));
    g_assert_nonnull (strstr (text, "Signed for the tribunal."));
  }
  {
    const char *argv_original[] = { "pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-", NULL };
    const char *argv_printed[] = { "pdftotext", "-bbox", "-f", "1", "-l", "1", printed, "-", NULL };
    g_autofree char *original_box = run_tool (argv_original);
    g_autofree char *printed_box = run_tool (argv_printed);
    const char *word_original = strstr (original_box, ">Arbitral<");
    const char *word_printed = strstr (printed_box, ">Arbitral<");
    double ox, oy, px, py;

    g_assert_nonnull (word_original);
    g_assert_nonnull (word_printed);
    /* <word xMin="60.000000" yMin="..." ...>Arbitral</word> */
    while (word_original > original_box && strncmp (word_original, "<word", 5) != 0)
      word_original--;
    while (word_printed > printed_box && strncmp (word_printed, "<word", 5) != 0)
      word_printed--;
    g_assert_cmpint (sscanf (word_original, "<word xMin=\"%lf\" yMin=\"%lf\"", &ox, &oy), ==, 2);
    g_assert_cmpint (sscanf (word_printed, "<word xMin=\"%lf\" yMin=\"%lf\"", &px, &py), ==, 2);
    g_test_message ("\"Arbitral\" at %.1f,%.1f, printed at %.1f,%.1f", ox, oy, px, py);
    g_assert_cmpfloat_with_epsilon (px, ox, 0.5);
    g_assert_cmpfloat_with_epsilon (py, oy, 0.5);
  }

  /* The seal is printed, at its true size and place: at 72 dpi a pixel
   * is a point. */
  {
    const char *argv[] = { "pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", "-singlefile",
                           printed, png_prefix, NULL };
    g_autoptr(GError) error = NULL;

    g_free (run_tool (argv));
    png = g_strconcat (png_prefix, ".png", NULL);
    texture = gdk_texture_new_from_filename (png, &error);
    g_assert_no_error (error);
  }
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, ==, (int) A5_WIDTH);
  g_assert_cmpint (height, ==, (int) A5_HEIGHT);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = pixels + ((gsize) y * width + x) * 4;
        gboolean red = p[2] > 150 && p[1] < 80 && p[0] < 80;
        /* The seal's box, from the top left, two points in from its edge. */
        double top = A5_HEIGHT - SEAL_Y - SEAL_SIZE;

        if (x >= SEAL_X + 2 && x < SEAL_X + SEAL_SIZE - 2 && y >= top + 2 && y < top + SEAL_SIZE - 2)
          {
            inside++;
            red_inside += red;
          }
        else if (x < SEAL_X - 2 || x >= SEAL_X + SEAL_SIZE + 2 ||
                 y < top - 2 || y >= top + SEAL_SIZE + 2)
          red_outside += red;
      }
  g_test_message ("seal: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " pixels red, %"
                  G_GSIZE_FORMAT " red outside", red_inside, inside, red_outside);
  g_assert_cmpuint (red_inside, >=, inside * 95 / 100);
  g_assert_cmpuint (red_outside, ==, 0);

  g_remove (png);
  g_remove (printed);
  close_window (window);
}

/* Rendered at 18 dpi in grey, as a texture. */
static GdkTexture *
render_page_png (const char *pdf,
                 int         page,
                 const char *prefix)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  const char *argv[] = { "pdftoppm", "-r", "18", "-gray", "-f", number, "-l", number, "-png",
                         "-singlefile", pdf, prefix, NULL };
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  g_free (run_tool (argv));
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_remove (png);

  return texture;
}

/* Pages with /Rotate print as they are shown: the same picture, on
 * paper turned the same way. */
static void
test_print_rotated (void)
{
  g_autofree char *path = sd_test_fixture_file ("rotated.pdf");
  g_autofree char *printed = g_build_filename (home_dir, "reader-rotated-printed.pdf", NULL);
  g_autofree char *prefix_a = g_build_filename (home_dir, "reader-rotated-a", NULL);
  g_autofree char *prefix_b = g_build_filename (home_dir, "reader-rotated-b", NULL);
  g_autoptr(GFile) printed_file = g_file_new_for_path (printed);
  SealdeskWindow *window;

  if (!sd_test_require_program ("pdftoppm"))
    return;

  window = open_fixture (path);
  g_remove (printed);
  _sealdesk_window_print (window, GTK_PRINT_OPERATION_ACTION_EXPORT, printed_file);
  g_assert_true (app_test_wait_until (print_finished, window, WAIT_SECONDS));
  g_assert_cmpint (window->print_result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  for (int page = 1; page <= 4; page++)
    {
      g_autoptr(GdkTexture) original = render_page_png (path, page, prefix_a);
      g_autoptr(GdkTexture) copy = render_page_png (printed, page, prefix_b);
      int width = gdk_texture_get_width (original), height = gdk_texture_get_height (original);
      g_autofree guint8 *a = NULL;
      g_autofree guint8 *b = NULL;
      guint64 difference = 0;
      gsize dark = 0;

      g_assert_cmpint (gdk_texture_get_width (copy), ==, width);
      g_assert_cmpint (gdk_texture_get_height (copy), ==, height);
      a = g_malloc ((gsize) width * height * 4);
      b = g_malloc ((gsize) width * height * 4);
      gdk_texture_download (original, a, (gsize) width * 4);
      gdk_texture_download (copy, b, (gsize) width * 4);
      for (gsize i = 0; i < (gsize) width * height; i++)
        {
          difference += (guint64) ABS ((int) a[i * 4 + 1] - (int) b[i * 4 + 1]);
          dark += a[i * 4 + 1] < 128;
        }
      g_test_message ("page %d: %dx%d, %" G_GSIZE_FORMAT " dark pixels, mean difference %.2f",
                      page, width, height, dark, (double) difference / ((double) width * height));
      g_assert_cmpuint (dark, >, 50);
      g_assert_cmpfloat ((double) difference / ((double) width * height), <, 4.0);
    }

  g_remove (printed);
  close_window (window);
}

static gboolean
verification_done (gpointer data)
{
  SealdeskWindow *window = data;

  return _sealdesk_window_verify_task (window) != NULL && sealdesk_verify_task_get_report (_sealdesk_window_verify_task (window)) != NULL;
}

static GtkWindow *
find_message_dialog (SealdeskWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return toplevel;
    }

  return NULL;
}

/* A document whose author forbids printing: said, not printed. */
static void
test_print_not_allowed (void)
{
  g_autofree char *plain = NULL;
  g_autofree char *locked = g_build_filename (home_dir, "reader-no-printing.pdf", NULL);
  g_autofree char *printed = g_build_filename (home_dir, "reader-no-printing-printed.pdf", NULL);
  g_autoptr(GFile) printed_file = g_file_new_for_path (printed);
  SealdeskWindow *window;
  GtkWindow *dialog;

  if (!sd_test_require_program ("qpdf"))
    return;

  plain = make_reader_fixture ();
  {
    /* No password to open it; printing needs the owner's. */
    const char *argv[] = { "qpdf", "--encrypt", "", "reader-owner", "256", "--print=none", "--",
                           plain, locked, NULL };

    g_free (run_tool (argv));
  }

  window = open_fixture (locked);
  g_remove (printed);
  _sealdesk_window_print (window, GTK_PRINT_OPERATION_ACTION_EXPORT, printed_file);
  app_test_iterate (100);
  g_assert_null (window->print_operation);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "does not allow it to be printed"));
  gtk_window_destroy (dialog);
  g_assert_false (g_file_test (printed, G_FILE_TEST_EXISTS));

  close_window (window);
}

/* Save a Copy */

static gboolean
copies_saved (gpointer data)
{
  return ((SealdeskWindow *) data)->copies_saving == 0;
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir))
    n++;

  return n;
}

static void
test_save_copy (void)
{
  g_autofree char *path = make_reader_fixture ();
  g_autofree char *folder = sd_test_make_tmpdir ();
  g_autofree char *copy = g_build_filename (folder, "award copy.pdf", NULL);
  g_autofree char *link = g_build_filename (folder, "award link.pdf", NULL);
  g_autoptr(GFile) copy_file = g_file_new_for_path (copy);
  g_autoptr(GFile) original_file = g_file_new_for_path (path);
  g_autoptr(GFile) link_file = g_file_new_for_path (link);
  g_autofree char *original_sum = NULL;
  g_autofree char *copy_sum = NULL;
  g_autofree char *again_sum = NULL;
  SealdeskWindow *window = open_fixture (path);
  GtkWindow *dialog;

  /* The action asks where, in the document's folder, under its name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-copy", NULL));
  g_assert_nonnull (window->copy_chooser);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (window->copy_chooser));

    g_assert_cmpstr (name, ==, "reader-award.pdf");
  }
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (window->copy_chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (window->copy_chooser));
  g_clear_object (&window->copy_chooser);

  original_sum = sd_test_sha256_file (path);
  _sealdesk_window_save_copy (window, copy_file);
  g_assert_true (app_test_wait_until (copies_saved, window, WAIT_SECONDS));
  copy_sum = sd_test_sha256_file (copy);
  g_assert_cmpstr (copy_sum, ==, original_sum);
  /* Only the copy: no temporary file left beside it. */
  g_assert_cmpuint (count_files (folder), ==, 1);
  g_assert_null (find_message_dialog (window));

  /* A copy over another file replaces it, atomically. */
  g_assert_true (g_file_set_contents (copy, "an older file", -1, NULL));
  _sealdesk_window_save_copy (window, copy_file);
  g_assert_true (app_test_wait_until (copies_saved, window, WAIT_SECONDS));
  again_sum = sd_test_sha256_file (copy);
  g_assert_cmpstr (again_sum, ==, original_sum);

  /* Never over the document itself, under its own name or another. */
  g_assert_cmpint (symlink (path, link), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sum = NULL;
      g_autoptr(GFileInfo) info = NULL;

      _sealdesk_window_save_copy (window, i == 0 ? original_file : link_file);
      g_assert_true (app_test_wait_until (copies_saved, window, WAIT_SECONDS));
      dialog = find_message_dialog (window);
      g_assert_nonnull (dialog);
      g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                "cannot replace the document itself"));
      gtk_window_destroy (dialog);
      sum = sd_test_sha256_file (path);
      g_assert_cmpstr (sum, ==, original_sum);
      info = g_file_query_info (link_file, G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK,
                                G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
      g_assert_true (g_file_info_get_is_symlink (info));
    }
  g_assert_cmpuint (count_files (folder), ==, 2);

  /* Changed on disk since it was opened (its checksum is known from its
   * verification): no copy, rather than another file under its name. */
  g_assert_true (app_test_wait_until (verification_done, window, WAIT_SECONDS));
  {
    g_autofree char *contents = NULL;
    g_autofree char *changed = NULL;
    g_autofree char *other = g_build_filename (folder, "award changed.pdf", NULL);
    g_autoptr(GFile) other_file = g_file_new_for_path (other);
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    changed = g_strconcat (contents, "% changed since\n", NULL);
    g_assert_true (g_file_set_contents (path, changed, -1, NULL));
    _sealdesk_window_save_copy (window, other_file);
    g_assert_true (app_test_wait_until (copies_saved, window, WAIT_SECONDS));
    dialog = find_message_dialog (window);
    g_assert_nonnull (dialog);
    g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                              "changed on disk"));
    gtk_window_destroy (dialog);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (count_files (folder), ==, 2);
  }

  close_window (window);
}

/* An error page's window is reused */

static guint
count_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    n += SEALDESK_IS_WINDOW (l->data);

  return n;
}

static SealdeskWindow *
open_error_window (void)
{
  g_autofree char *bad = write_file ("reader-not-a-pdf.pdf", "These are the minutes, not a PDF.\n");
  g_autoptr(GFile) file = g_file_new_for_path (bad);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_ERROR);

  return window;
}

static void
test_error_window_reused (void)
{
  g_autofree char *path = make_reader_fixture ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  SealdeskWindow *window;
  GtkWindow *shown;
  guint n_windows;

  close_all_windows ();

  /* Opened by the desktop (or the command line) over an error page. */
  window = open_error_window ();
  n_windows = count_windows ();
  shown = sealdesk_application_open_file (app, file, GTK_WINDOW (window));
  g_assert_true (shown == GTK_WINDOW (window));
  g_assert_cmpuint (count_windows (), ==, n_windows);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (g_file_equal (sealdesk_window_get_file (window), file));
  close_window (window);

  /* Opened from the error window's own menu (Open Recent here). */
  window = open_error_window ();
  n_windows = count_windows ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri));
  g_assert_cmpuint (count_windows (), ==, n_windows);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);

  /* A window showing a document is not replaced: another one opens. */
  {
    g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
    g_autofree char *sample_uri = g_file_get_uri (sample);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s",
                                               sample_uri));
    g_assert_cmpuint (count_windows (), ==, n_windows + 1);
    g_assert_true (g_file_equal (sealdesk_window_get_file (window), file));
  }

  close_all_windows ();
}

/* Shortcuts and a small screen */

static gboolean
accel_listed (GPtrArray  *listed,
              const char *accel)
{
  guint key = 0, listed_key;
  GdkModifierType mods = 0, listed_mods;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  for (guint i = 0; i < listed->len; i++)
    if (gtk_accelerator_parse (g_ptr_array_index (listed, i), &listed_key, &listed_mods) &&
        listed_key == key && listed_mods == mods)
      return TRUE;

  return FALSE;
}

/* The keys of @trigger: one, or each of an alternative. */
static void
add_trigger_keys (GtkShortcutTrigger *trigger,
                  GPtrArray          *keys)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger_keys (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keys);
      add_trigger_keys (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keys);
    }
  else if (GTK_IS_KEYVAL_TRIGGER (trigger))
    g_ptr_array_add (keys,
                     gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))));
}

/* The keys of @widget's shortcut controllers (its class's bindings among
 * them) that activate a named action: action name → its keys. */
static void
collect_widget_keys (GtkWidget  *widget,
                     GHashTable *keys)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          const char *name;
          GPtrArray *action_keys;

          if (!GTK_IS_NAMED_ACTION (action))
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if ((action_keys = g_hash_table_lookup (keys, name)) == NULL)
            {
              action_keys = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (keys, g_strdup (name), action_keys);
            }
          add_trigger_keys (gtk_shortcut_get_trigger (shortcut), action_keys);
        }
    }
}

/* The class actions of @type itself (not of GtkWindow and other parents
 * outside the application): their names, each with its parameter type. */
static void
collect_class_actions (GType       type,
                       GHashTable *actions)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  GType owner;
  const char *name;
  const GVariantType *parameter_type;
  const char *property;

  for (guint i = 0;
       gtk_widget_class_query_action (GTK_WIDGET_CLASS (klass), i, &owner, &name, &parameter_type, &property);
       i++)
    if (g_str_has_prefix (g_type_name (owner), "Sealdesk"))
      g_hash_table_insert (actions, g_strdup (name), GINT_TO_POINTER (parameter_type != NULL));
}

static gboolean
views_made (gpointer data)
{
  return ((SealdeskWindow *) data)->ledger_view != NULL;
}

/* Every action of the application, of a window and of the views a window
 * shows has a key, and that key is in the shortcuts window; the few
 * without one are listed here, each with its reason. */
static const char * const no_key[] = {
  /* Takes the file to open: the Open Recent menu's items. */
  "win.open-recent",
  /* Takes the zoom: the zoom menu's items (Ctrl+plus, Ctrl+minus and
   * Ctrl+0 are win.zoom-in, win.zoom-out, win.zoom-reset). */
  "win.set-zoom",
  /* Takes the seal: the palette's drag and its rows' Place button. */
  "win.place-seal",
  /* Take the seal: the buttons of a seal's row in the Seals view. */
  "seals.grant", "seals.withdraw", "seals.suspend", "seals.restore", "seals.revoke",
  "seals.destroy",
  /* Menu-only state: the find bar's options menu. */
  "find.case-sensitive", "find.whole-words",
  /* Shown by the signatures panel itself (its Show button, the banner's
   * link); Ctrl+Shift+S toggles the panel (win.toggle-signatures). */
  "win.show-signatures",
  /* The About dialog, from the primary menu only (as in GNOME apps). */
  "app.about",
};

static void
test_shortcuts_listed (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/sealdesk/Sealdesk/ui/sealdesk-shortcuts-window.ui");
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) described = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_auto(GStrv) app_actions = g_action_group_list_actions (G_ACTION_GROUP (app));
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) widget_keys =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  SealdeskWindow *window;
  GSList *objects = gtk_builder_get_objects (builder);
  const char * const local[] = { "<Control>c", "<Control>a", "<Control>f", "F3", "<Shift>F3",
                                 "<Control>p", "<Control>s", "<Control><Shift>o" };
  const GType view_types[] = { SEALDESK_TYPE_WINDOW, SEALDESK_TYPE_PAGE_VIEW, SEALDESK_TYPE_FIND_BAR,
                               SEALDESK_TYPE_REQUESTS_VIEW, SEALDESK_TYPE_REQUEST_REVIEW,
                               SEALDESK_TYPE_SEALS_VIEW, SEALDESK_TYPE_LEDGER_VIEW };
  GHashTableIter iter;
  gpointer name, has_parameter;

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accelerator = NULL;
        g_auto(GStrv) parts = NULL;

        g_object_get (l->data, "accelerator", &accelerator, NULL);
        parts = g_strsplit (accelerator ? accelerator : "", " ", -1);
        for (guint i = 0; parts[i] != NULL; i++)
          if (parts[i][0] != '\0')
            g_ptr_array_add (listed, g_strdup (parts[i]));
      }
  g_slist_free (objects);

  /* Every accelerator of the application's is there. */
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), described[i]);

      if (accels[0] != NULL && !accel_listed (listed, accels[0]))
        g_string_append_printf (missing, "%s (%s) is not in the shortcuts window\n", described[i], accels[0]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    if (!accel_listed (listed, local[i]))
      g_string_append_printf (missing, "%s is not in the shortcuts window\n", local[i]);

  /* Every action: the application's, the window's (class actions) and
   * those of the views the window shows, with the keys of the shortcut
   * controllers of a real window and its views. */
  window = open_window (sample);
  g_assert_true (app_test_wait_until (views_made, window, WAIT_SECONDS));
  for (guint i = 0; app_actions[i] != NULL; i++)
    {
      const GVariantType *type = g_action_group_get_action_parameter_type (G_ACTION_GROUP (app), app_actions[i]);

      g_hash_table_insert (actions, g_strconcat ("app.", app_actions[i], NULL), GINT_TO_POINTER (type != NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (view_types); i++)
    collect_class_actions (view_types[i], actions);
  {
    GtkWidget *widgets[] = { GTK_WIDGET (window), GTK_WIDGET (window->page_view),
                             GTK_WIDGET (window->find_bar), window->requests_view,
                             find_type (window->requests_view, SEALDESK_TYPE_REQUEST_REVIEW),
                             window->seals_view, window->ledger_view };

    for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
      {
        g_assert_nonnull (widgets[i]);
        collect_widget_keys (widgets[i], widget_keys);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (no_key); i++)
    if (!g_hash_table_contains (actions, no_key[i]))
      g_string_append_printf (missing, "%s is allowed no key, but there is no such action\n", no_key[i]);

  g_hash_table_iter_init (&iter, actions);
  while (g_hash_table_iter_next (&iter, &name, &has_parameter))
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      GPtrArray *controller_keys = g_hash_table_lookup (widget_keys, name);
      gboolean any_listed = FALSE;

      /* The application's accelerators: of the action, or (an action
       * with a parameter) of each of its targets. */
      for (guint i = 0; described[i] != NULL; i++)
        {
          const char *rest = g_str_has_prefix (described[i], name) ? described[i] + strlen (name) : NULL;

          if (rest != NULL && (rest[0] == '\0' || (has_parameter && (rest[0] == ':' || rest[0] == '('))))
            {
              g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), described[i]);

              for (guint j = 0; accels[j] != NULL; j++)
                g_ptr_array_add (keys, g_strdup (accels[j]));
            }
        }
      for (guint i = 0; controller_keys != NULL && i < controller_keys->len; i++)
        g_ptr_array_add (keys, g_strdup (g_ptr_array_index (controller_keys, i)));

      for (guint i = 0; i < keys->len; i++)
        any_listed = any_listed || accel_listed (listed, g_ptr_array_index (keys, i));
      if (g_strv_contains (no_key, name))
        {
          if (keys->len > 0)
            g_string_append_printf (missing, "%s has a key: it needs no place among those without\n",
                                    (char *) name);
        }
      else if (keys->len == 0)
        g_string_append_printf (missing, "%s has no key\n", (char *) name);
      else if (!any_listed)
        g_string_append_printf (missing, "%s (%s) is not in the shortcuts window\n", (char *) name,
                                (char *) g_ptr_array_index (keys, 0));
    }
  close_all_windows ();

  if (missing->len > 0)
    g_error ("Shortcuts:\n%s", missing->str);
}

static gboolean
inside_window (SealdeskWindow *window,
               GtkWidget      *widget)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds))
    return FALSE;

  return bounds.size.width > 0 && bounds.origin.x >= 0 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (GTK_WIDGET (window)) + 0.5;
}

typedef struct
{
  SealdeskWindow *window;
  GtkWidget      *widget;
} InsideWait;

static gboolean
shown_inside (gpointer data)
{
  InsideWait *wait = data;

  return inside_window (wait->window, wait->widget);
}

static gboolean
sidebar_folded (gpointer data)
{
  return adw_flap_get_folded (((SealdeskWindow *) data)->flap);
}

/* At 800x600 everything fits: the sidebars fold over the pages. */
static void
test_small_screen (void)
{
  g_autofree char *path = make_reader_fixture ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = sealdesk_window_new (app);
  GtkWidget *entry;
  int minimum = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  sealdesk_window_open (window, file);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (outline_ready, window->outline, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (sidebar_folded, window, WAIT_SECONDS));

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("narrowest window: %d px", minimum);
  g_assert_cmpint (minimum, <=, 800);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 800, &minimum, NULL, NULL, NULL);
  g_test_message ("lowest window at 800 px wide: %d px", minimum);
  g_assert_cmpint (minimum, <=, 600);

  /* The find bar, with the focus in its entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  app_test_iterate (300);
  entry = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (entry, GTK_WIDGET (window->find_bar)));
  /* Once the bar's revealer has given it its room (slow under load). */
  g_assert_true (app_test_wait_until (shown_inside, &(InsideWait) { window, entry }, WAIT_SECONDS));
  g_assert_true (inside_window (window, GTK_WIDGET (window->find_bar)));
  g_assert_true (inside_window (window, GTK_WIDGET (window->page_view)));

  /* The outline, over the pages. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL));
  app_test_iterate (500);
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (app_test_wait_until (shown_inside, &(InsideWait) { window, GTK_WIDGET (window->outline) },
                                      WAIT_SECONDS));

  /* Not made larger than asked (the decorations aside). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 800);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 600);

  close_window (window);
}

void
add_reader_tests (void)
{
  g_test_add_func ("/app/reader/find", test_find);
  g_test_add_func ("/app/reader/find-rotated", test_find_rotated);
  g_test_add_func ("/app/reader/copy", test_copy);
  g_test_add_func ("/app/reader/zoom-keeps-top", test_zoom_keeps_top);
  g_test_add_func ("/app/reader/keys-and-pointer", test_keys_and_pointer);
  g_test_add_func ("/app/reader/outline", test_outline);
  g_test_add_func ("/app/reader/print", test_print);
  g_test_add_func ("/app/reader/print-rotated", test_print_rotated);
  g_test_add_func ("/app/reader/print-not-allowed", test_print_not_allowed);
  g_test_add_func ("/app/reader/save-copy", test_save_copy);
  g_test_add_func ("/app/reader/error-window-reused", test_error_window_reused);
  g_test_add_func ("/app/reader/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/app/reader/small-screen", test_small_screen);
}
