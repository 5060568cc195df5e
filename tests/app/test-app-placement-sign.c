/* test-app-placement-sign.c: signing from the placements
 *
 * Seals dragged from the palette onto a page (real pointer events through
 * xdotool), moved and resized there, then signed with a SoftHSM key
 * through the Sign dialog; pdfsig must find the signature valid and the
 * seal's red pixels in pdftoppm's rendering must lie where the overlay
 * showed it (within 2 pt), on a rotated page too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-test-util.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-sign-dialog.h"
#include "test-app-placement.h"
#include "test-app-seals.h"
#include "test-app.h"

GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
shown_pin_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SEALDESK_IS_PIN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

gboolean
pin_asked (gpointer data)
{
  return shown_pin_dialog () != NULL;
}

gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

gboolean
signed_copy_shown (gpointer data)
{
  SignedCopy *opened = data;
  GFile *file = sealdesk_window_get_file (opened->window);
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  return g_strcmp0 (name, opened->basename) == 0 &&
         sealdesk_window_get_state (opened->window) == SEALDESK_WINDOW_STATE_DOCUMENT;
}

char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The box around the seal's red pixels on @page (1-based) of @pdf drawn by
 * pdftoppm at 72 dpi (one pixel a point), in visible space (bottom-left). */
gboolean
red_box (const char *pdf,
         int         page,
         SdRect     *box)
{
  g_autofree char *prefix = g_build_filename (home_dir, "render", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftoppm", "-r", "72", "-f", number, "-l", number, "-png", "-singlefile",
                         pdf, prefix, NULL };
  g_autofree char *out = run_tool (argv);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  g_autofree guchar *pixels = NULL;
  int width, height, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  gsize stride;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        /* GDK_MEMORY_DEFAULT: B G R A */
        guchar *p = pixels + y * stride + x * 4;

        if (p[2] > 150 && p[1] < 110 && p[0] < 110)
          {
            x0 = MIN (x0, x);
            y0 = MIN (y0, y);
            x1 = MAX (x1, x);
            y1 = MAX (y1, y);
          }
      }
  g_unlink (png);
  if (x1 < 0)
    return FALSE;
  box->x = x0;
  box->width = x1 + 1 - x0;
  box->y = height - (y1 + 1);
  box->height = y1 + 1 - y0;
  return TRUE;
}

void
assert_pdfsig_valid (const char *pdf,
                     guint       n)
{
  const char *argv[] = { "pdfsig", pdf, NULL };
  g_autofree char *out = run_tool (argv);
  guint valid = 0;

  for (const char *p = out; (p = strstr (p, "Signature Validation: Signature is Valid.")) != NULL; p++)
    valid++;
  g_test_message ("pdfsig: %s", out);
  g_assert_cmpuint (valid, ==, n);
}

/* Puts the test PKI's root CA (the token's keys are under it) into the
 * workspace's trust list; returns the file, to remove. */
static char *
trust_test_ca (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  g_autofree char *dir = g_build_filename (sd_workspace_get_data_dir (workspace), "trust", NULL);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autofree char *pem = NULL;
  char *anchor = g_build_filename (dir, "placement-test-ca.pem", NULL);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (ca, &pem, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (anchor, pem, -1, &error);
  g_assert_no_error (error);
  return anchor;
}

/* The window's document is verified (as test-app-signatures.c waits). */
static gboolean
verified (gpointer data)
{
  SealdeskWindow *window = data;

  return window->state == SEALDESK_WINDOW_STATE_DOCUMENT &&
         _sealdesk_window_verify_task (window) != NULL &&
         !window->reveal_signatures_pending &&
         sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)) != SEALDESK_VERIFY_STATUS_RUNNING;
}

void
unlock_pin_dialog (GtkWidget *pin)
{
  g_assert_nonnull (pin);
  gtk_editable_set_text (GTK_EDITABLE (find_type (pin, GTK_TYPE_PASSWORD_ENTRY)), KEYS_TEST_USER_PIN);
  g_signal_emit_by_name (find_button (pin, "_Unlock"), "clicked");
}

void
answer_token_pin (void)
{
  g_assert_true (app_test_wait_until (pin_asked, NULL, WAIT_SECONDS));
  unlock_pin_dialog (shown_pin_dialog ());
}

char *
sign_in_window (SealdeskWindow *window,
                const char     *key_uri)
{
  g_autoptr(GFile) output = NULL;
  g_autofree char *basename = NULL;
  GtkWidget *dialog, *button;
  SignedCopy opened = { window, NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL));
  dialog = window->sign_dialog;
  g_assert_nonnull (dialog);
  /* The key offered is @key_uri (a seal's own, or the last one used). */
  {
    g_autofree char *offered = NULL;

    g_object_get (dialog, "key-id", &offered, NULL);
    g_assert_cmpstr (offered, ==, key_uri);
  }
  button = find_button (dialog, "_Sign…");
  g_assert_nonnull (button);
  g_assert_true (app_test_wait_until (widget_sensitive, button, WAIT_SECONDS));

  /* What "Sign…" does once the place to save is chosen (a native file
   * chooser cannot be driven): NAME-signed.pdf beside the original. */
  output = sealdesk_sign_dialog_default_output (sealdesk_window_get_file (window));
  basename = g_file_get_basename (output);
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), output);

  /* One PIN for the batch. */
  answer_token_pin ();
  opened.basename = basename;
  g_assert_true (app_test_wait_until (signed_copy_shown, &opened, WAIT_SECONDS * 3));
  return g_file_get_path (output);
}

/* Signs the window's placements with the token's key through the Sign
 * button's dialog, answering the PIN; returns the signed copy's path. */
char *
sign_placements (SealdeskWindow *window,
                 const char     *key_uri)
{
  g_autofree char *anchor = trust_test_ca ();
  char *path;
  SealdeskSignatureRow *row;

  path = sign_in_window (window, key_uri);
  /* The signed copy opens, with its signatures panel saying the new
   * signature is valid (the test CA trusted meanwhile, as a court's or a
   * company's CA is: "Valid", not "not trusted"). */
  {
    gboolean show = FALSE;

    g_object_get (window, "show-signatures", &show, NULL);
    g_assert_true (show);
  }
  g_assert_true (app_test_wait_until (verified, window, WAIT_SECONDS * 3));
  g_assert_cmpint (sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)), ==,
                   SEALDESK_VERIFY_STATUS_DONE);
  g_assert_true (adw_flap_get_reveal_flap (window->signatures_flap));
  g_assert_cmpstr (sealdesk_signatures_panel_get_visible_page (window->signatures_panel), ==, "report");
  /* The documents signed here had no signature before. */
  g_assert_cmpuint (sealdesk_signatures_panel_get_n_rows (window->signatures_panel), ==, 1);
  row = sealdesk_signatures_panel_get_row (window->signatures_panel, 0);
  g_test_message ("signatures panel: %s", sealdesk_signature_row_get_status_text (row));
  g_assert_cmpint (sealdesk_signature_row_get_status (row), ==, SEALDESK_SIGNATURE_STATUS_VALID);
  g_assert_cmpstr (sealdesk_signature_row_get_status_text (row), ==, "Valid");
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_cmpint (g_remove (anchor), ==, 0);
  return path;
}

void
assert_seal_where_shown (const char   *pdf,
                         guint         page,
                         const SdRect *shown)
{
  SdRect box = { 0, 0, 0, 0 };

  g_assert_true (red_box (pdf, (int) page + 1, &box));
  g_test_message ("red pixels at %.0f,%.0f %.0fx%.0f; overlay showed %.1f,%.1f %.1fx%.1f",
                  box.x, box.y, box.width, box.height, shown->x, shown->y, shown->width, shown->height);
  /* The round seal fills its square: within 2 pt of where it was shown. */
  g_assert_cmpfloat (fabs (box.x - shown->x), <=, 2.0);
  g_assert_cmpfloat (fabs (box.y - shown->y), <=, 2.0);
  g_assert_cmpfloat (fabs (box.x + box.width - (shown->x + shown->width)), <=, 2.0);
  g_assert_cmpfloat (fabs (box.y + box.height - (shown->y + shown->height)), <=, 2.0);
}

char *
copy_to_home (GFile      *from,
              const char *name)
{
  g_autofree char *path = g_build_filename (home_dir, name, NULL);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

SealdeskWindow *
open_and_wait (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit-page", NULL));
  page_width (window);
  sealdesk_document_model_set_page (sealdesk_window_get_model (window), 1);
  app_test_iterate (200);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  return window;
}

/* Drags @seal_id from the palette onto page 2 of @window with the pointer,
 * its centre at (@u, @v) of the page as shown; moves it with a pointer
 * drag, then makes it larger by its bottom-right handle. Returns the
 * placement; *@shown is where the overlay shows it. */
static SealdeskPlacement *
drag_move_resize (SealdeskWindow *window,
                  const char     *seal_id,
                  double          u,
                  double          v,
                  SdRect         *shown)
{
  SealdeskPageView *view = window->page_view;
  GListModel *placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));
  SealdeskPlacement *placement;
  graphene_rect_t bounds;
  graphene_point_t target;
  GtkWidget *row, *widget;
  SdRect rect, before;
  Watch watch;
  double px, py, w, h, scale_x, scale_y;

  row = show_palette_row (window, seal_id);
  app_test_focus_window (GTK_WIDGET (window));

  /* Dragged from the palette onto page 2 (GTK's drag and drop, real
   * pointer events). */
  page_point (view, 1, u, v, &px, &py);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), row, &GRAPHENE_POINT_INIT (px, py), &target));
  app_test_pointer_drag (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0,
                         target.x, target.y, FALSE);
  wait_n_placements (placements, 1);
  placement = g_list_model_get_item (placements, 0);
  assert_centred_at (placement, 1, u, v, 2.0);

  /* Moved with the pointer: 30 pixels left and 25 down. */
  widget = sealdesk_placement_layer_get_widget (window->placement_layer, placement);
  g_assert_nonnull (widget);
  app_test_iterate (100);
  placement_get (placement, &before);
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (view), &bounds));
  scale_x = bounds.size.width / before.width;
  scale_y = bounds.size.height / before.height;
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  watch_init (&watch, placement);
  app_test_pointer_drag (widget, w / 2, h / 2, w / 2 - 30, h / 2 + 25, FALSE);
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_test_message ("moved to %.1f,%.1f from %.1f,%.1f", rect.x, rect.y, before.x, before.y);
  g_assert_cmpuint (sealdesk_placement_get_page (placement), ==, 1);
  g_assert_cmpfloat (fabs (rect.x - (before.x - 30 / scale_x)), <, 1.0);
  g_assert_cmpfloat (fabs (rect.y - (before.y - 25 / scale_y)), <, 1.0);
  g_assert_cmpfloat_with_epsilon (rect.width, before.width, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.height, before.height, 0.01);

  /* Made larger by the bottom-right handle: its shape kept, the top-left
   * corner where it was. */
  before = rect;
  app_test_iterate (100);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  watch_init (&watch, placement);
  app_test_pointer_drag (widget, w - 3, h - 3, w - 3 + 36, h - 3 + 12, FALSE);
  wait_placement_changed (placement, &watch);
  placement_get (placement, &rect);
  g_test_message ("resized to %.1fx%.1f from %.1fx%.1f", rect.width, rect.height, before.width, before.height);
  g_assert_cmpfloat (rect.width, >, before.width + 20);
  g_assert_cmpfloat (fabs (rect.width - (before.width + 36 / scale_x)), <, 1.0);
  g_assert_cmpfloat_with_epsilon (rect.width / rect.height, before.width / before.height, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.x, before.x, 0.5);
  g_assert_cmpfloat_with_epsilon (rect.y + rect.height, before.y + before.height, 0.5);

  /* The resize undone and redone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  placement_get (placement, shown);
  g_assert_cmpfloat_with_epsilon (shown->width, before.width, 0.01);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  placement_get (placement, shown);
  g_assert_cmpfloat_with_epsilon (shown->width, rect.width, 0.01);
  app_test_iterate (100);
  assert_child_at (view, widget, 1, shown);
  return placement;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
}

/* A round seal generated in the seal designer, dragged onto page 2, moved
 * and resized with the pointer, signed with the SoftHSM key. */
static void
test_sign_placements (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *doc = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *signed_path = NULL;
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  SealdeskWindow *window;
  SdRect shown;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  g_assert_nonnull (key_uri);
  seal_id = seals_generate_round (seals_open (), "北京某某律师事务所", "合同专用章", "Designed seal",
                                  key_uri, NULL);
  close_all_windows ();
  doc = copy_to_home (sample, "award.pdf");
  before = file_checksum (doc);

  window = open_and_wait (doc);
  placement = drag_move_resize (window, seal_id, 360, 300, &shown);
  app_test_save_screenshot (GTK_WIDGET (window), "document-seals.png");

  signed_path = sign_placements (window, key_uri);
  g_assert_true (g_str_has_suffix (signed_path, "award-signed.pdf"));
  assert_pdfsig_valid (signed_path, 1);
  assert_seal_where_shown (signed_path, 1, &shown);
  /* The original is as it was. */
  after = file_checksum (doc);
  g_assert_cmpstr (before, ==, after);
  close_window (window);
}

/* The same on a page turned by /Rotate (90 or 270, the test's data). */
static void
test_sign_placements_rotated (gconstpointer data)
{
  int rotate = GPOINTER_TO_INT (data);
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *name = g_strdup_printf ("turned-%d.pdf", rotate);
  g_autofree char *plain = NULL;
  g_autofree char *doc = g_build_filename (home_dir, name, NULL);
  g_autofree char *option = g_strdup_printf ("--rotate=+%d:2", rotate);
  g_autofree char *signed_path = NULL;
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  SealdeskWindow *window;
  SdViewTransform transform;
  SdRect shown;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  seal_id = make_round_seal ("Turned seal", key_uri);
  plain = copy_to_home (sample, "plain.pdf");
  {
    const char *argv[] = { "qpdf", option, plain, doc, NULL };
    g_autofree char *out = run_tool (argv);
  }

  window = open_and_wait (doc);
  /* Page 2 is shown landscape, by its /Rotate (the view is not turned). */
  g_assert_true (sealdesk_page_view_get_page_transform (window->page_view, 1, &transform));
  g_assert_cmpfloat_with_epsilon (transform.width, 842, 1);
  g_assert_cmpint (transform.rotation, ==, 0);
  placement = drag_move_resize (window, seal_id, 560, 330, &shown);

  signed_path = sign_placements (window, key_uri);
  assert_pdfsig_valid (signed_path, 1);
  assert_seal_where_shown (signed_path, 1, &shown);
  close_window (window);
}

void
add_placement_sign_tests (void)
{
  g_test_add_func ("/app/placement/sign", test_sign_placements);
  g_test_add_data_func ("/app/placement/sign-rotated", GINT_TO_POINTER (90), test_sign_placements_rotated);
  g_test_add_data_func ("/app/placement/sign-rotated-270", GINT_TO_POINTER (270), test_sign_placements_rotated);
}
