/* test-app-seals.c: the seal library window, the seal designer and the handwriting pad
 *
 * Driven through the widgets a person uses: text typed into the rows,
 * the dialogs' buttons clicked, the menu actions of a seal's row. The
 * handwriting pad gets real pointer strokes from the X server (xdotool,
 * through XTEST, against the Xvfb window). What was done is checked in
 * the workspace's database and in the seal pictures stored there. Set
 * SEALDESK_SCREENSHOT_DIR to keep pictures of the designer and the
 * library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>

#include "app-test-util.h"
#include "sd-seal-generate.h"
#include "sd-profile.h"
#include "sd-seal-library.h"
#include "sd-secret.h"
#include "sd-test-util.h"
#include "sealdesk-handwriting-dialog.h"
#include "sealdesk-seal-designer.h"
#include "sealdesk-seal-texture.h"
#include "sealdesk-seals-view-private.h"
#include "sealdesk-seals-window.h"
#include "test-app.h"

/* The test PKI's signing key, as a seal's key. */
static char *
test_key_id (void)
{
  g_autofree char *p12 = sd_test_pki_file ("rsa2048.p12");

  return g_strconcat ("p12:", p12, NULL);
}

static SdWorkspace *
workspace (void)
{
  return sealdesk_application_get_workspace (app);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button showing @label (with its mnemonic), as in a message dialog. */
static GtkWidget *
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

static gboolean
find_text (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_text (child, text))
      return TRUE;
  return FALSE;
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (GtkWidget  *root,
           const char *name,
           const char *text)
{
  GtkWidget *row = find_named (root, name);

  g_assert_nonnull (row);
  g_assert_true (GTK_IS_EDITABLE (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
view_idle (gpointer data)
{
  return !sealdesk_seals_view_is_busy (data);
}

static gboolean
dialog_shown (gpointer data)
{
  GtkWindow *dialog = sealdesk_seals_view_get_dialog (data);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Opens the seal library as a person does (the app action) and waits
 * for the list. */
static SealdeskSealsView *
open_seals (void)
{
  SealdeskSealsWindow *window = NULL;
  SealdeskSealsView *view;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "seals"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "seals", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (SEALDESK_IS_SEALS_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  view = sealdesk_seals_window_get_view (window);
  g_assert_true (app_test_wait_until (view_idle, view, WAIT_SECONDS));
  return view;
}

/* The dialog the view opened, once it is on screen. */
static GtkWidget *
wait_dialog (SealdeskSealsView *view)
{
  g_assert_true (app_test_wait_until (dialog_shown, view, WAIT_SECONDS));
  return GTK_WIDGET (sealdesk_seals_view_get_dialog (view));
}

/* Clicks @label in @dialog (a message dialog, closed by its answer),
 * waits for it to go, then for the change it started. */
static void
answer (SealdeskSealsView *view,
        GtkWidget         *dialog,
        const char        *label)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  click (dialog, label);
  g_assert_true (app_test_wait_until (is_null, &dialog, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (view_idle, view, WAIT_SECONDS));
}

static SdSeal *
get_seal (const char *id)
{
  g_autoptr(GError) error = NULL;
  SdSeal *seal = sd_seal_library_get (workspace (), id, &error);

  g_assert_no_error (error);
  return seal;
}

/* The newest seal named @name. */
static SdSeal *
find_seal (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seals = sd_seal_library_list (workspace (), &error);
  SdSeal *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < seals->len; i++)
    {
      SdSeal *seal = g_ptr_array_index (seals, i);

      if (g_strcmp0 (seal->name, name) == 0)
        found = seal;
    }
  g_assert_nonnull (found);
  return get_seal (found->id);
}

/* Pixels of a picture, straight (not premultiplied) RGBA. */
typedef struct
{
  int     width, height;
  guchar *data;
} Pixels;

static Pixels *
pixels_new (GdkTexture *texture)
{
  Pixels *pixels = g_new0 (Pixels, 1);
  gsize stride;

  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  stride = (gsize) pixels->width * 4;
  pixels->data = g_malloc (stride * pixels->height);
  /* B, G, R, A in memory, premultiplied. */
  gdk_texture_download (texture, pixels->data, stride);
  for (gsize i = 0; i < stride * pixels->height; i += 4)
    {
      guchar b = pixels->data[i], g = pixels->data[i + 1], r = pixels->data[i + 2];
      guchar a = pixels->data[i + 3];

      pixels->data[i] = a > 0 ? MIN (255, r * 255 / a) : 0;
      pixels->data[i + 1] = a > 0 ? MIN (255, g * 255 / a) : 0;
      pixels->data[i + 2] = a > 0 ? MIN (255, b * 255 / a) : 0;
    }
  return pixels;
}

static void
pixels_free (Pixels *pixels)
{
  g_free (pixels->data);
  g_free (pixels);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, pixels_free)

static const guchar *
pixel (Pixels *pixels,
       int     x,
       int     y)
{
  return pixels->data + ((gsize) y * pixels->width + x) * 4;
}

static gboolean
is_red (const guchar *p)
{
  return p[3] > 128 && p[0] > 150 && p[1] < 100 && p[2] < 100;
}

static gboolean
is_dark (const guchar *p)
{
  return p[3] > 128 && p[0] < 100 && p[1] < 100 && p[2] < 100;
}

/* How many pixels of (x, y, width, height) pass @test. */
static gsize
count (Pixels *pixels,
       int     x,
       int     y,
       int     width,
       int     height,
       gboolean (*test) (const guchar *p))
{
  gsize n = 0;

  for (int j = MAX (y, 0); j < MIN (y + height, pixels->height); j++)
    for (int i = MAX (x, 0); i < MIN (x + width, pixels->width); i++)
      n += test (pixel (pixels, i, j)) ? 1 : 0;
  return n;
}

static gboolean
is_transparent (const guchar *p)
{
  return p[3] == 0;
}

static Pixels *
seal_pixels (SdSeal *seal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sealdesk_seal_texture_for_seal (seal, &error);

  g_assert_no_error (error);
  return pixels_new (texture);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("SEALDESK_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  app_test_iterate (300);
  texture = app_test_snapshot_widget (widget);
  basename = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, basename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The designer. */

static gboolean
designer_idle (gpointer data)
{
  return !sealdesk_seal_designer_is_busy (data);
}

typedef struct
{
  SealdeskSealDesigner *designer;
  GdkTexture           *old;
} PreviewWait;

static gboolean
preview_changed (gpointer data)
{
  PreviewWait *wait = data;
  GdkTexture *now = sealdesk_seal_designer_get_preview (wait->designer);

  return !sealdesk_seal_designer_is_busy (wait->designer) && now != NULL && now != wait->old;
}

static gsize
red_pixels (GdkTexture *texture)
{
  g_autoptr(Pixels) pixels = pixels_new (texture);

  return count (pixels, 0, 0, pixels->width, pixels->height, is_red);
}

static void
saved (GtkWidget  *dialog,
       const char *seal_id,
       const char *name,
       char      **out)
{
  g_free (*out);
  *out = g_strdup (seal_id);
}

static void
test_seals_generate_round (void)
{
  SealdeskSealsView *view = open_seals ();
  GtkWidget *designer, *save;
  PreviewWait wait = { 0 };
  g_autofree char *key_id = test_key_id ();
  g_autofree char *seal_id = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(Pixels) pixels = NULL;
  GdkTexture *first;
  guint n_before = sealdesk_seals_view_get_n_seals (view);

  gtk_widget_activate_action (GTK_WIDGET (view), "seals.generate", NULL);
  designer = wait_dialog (view);
  g_assert_true (SEALDESK_IS_SEAL_DESIGNER (designer));
  g_signal_connect (designer, "saved", G_CALLBACK (saved), &seal_id);
  wait.designer = SEALDESK_SEAL_DESIGNER (designer);
  save = find_named (designer, "save-button");
  g_assert_nonnull (save);

  /* Nothing typed: no preview, nothing to save, and no error either. */
  g_assert_true (app_test_wait_until (designer_idle, designer, WAIT_SECONDS));
  g_assert_null (sealdesk_seal_designer_get_preview (wait.designer));
  g_assert_false (gtk_widget_is_sensitive (save));

  /* A round seal with the organisation's name in Chinese. */
  type_into (designer, "org-row", "北京某某律师事务所");
  g_assert_true (app_test_wait_until (preview_changed, &wait, WAIT_SECONDS));
  first = sealdesk_seal_designer_get_preview (wait.designer);
  g_assert_cmpuint (red_pixels (first), >, 1000);
  g_assert_true (find_text (designer, "42.0 × 42.0 mm"));

  /* The preview follows the typing. */
  wait.old = g_object_ref (first);
  type_into (designer, "title-row", "合同专用章");
  g_assert_true (app_test_wait_until (preview_changed, &wait, WAIT_SECONDS));
  g_assert_cmpuint (red_pixels (sealdesk_seal_designer_get_preview (wait.designer)), >,
                    red_pixels (wait.old));
  g_clear_object (&wait.old);

  /* Name and key, then it can be saved. */
  type_into (designer, "name-row", "Firm seal");
  g_assert_false (gtk_widget_is_sensitive (save));
  type_into (designer, "key-row", key_id);
  g_assert_true (gtk_widget_is_sensitive (save));
  screenshot (designer, "seal-designer");

  g_object_add_weak_pointer (G_OBJECT (designer), (gpointer *) &designer);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (app_test_wait_until (is_null, &designer, WAIT_SECONDS));
  g_assert_nonnull (seal_id);
  g_assert_true (app_test_wait_until (view_idle, view, WAIT_SECONDS));

  /* In the list, and in the library as drawn. */
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before + 1);
  g_assert_nonnull (_sealdesk_seals_view_find_row (view, seal_id));
  seal = get_seal (seal_id);
  g_assert_cmpstr (seal->name, ==, "Firm seal");
  g_assert_cmpstr (seal->kind, ==, "company");
  g_assert_cmpstr (seal->state, ==, "active");
  g_assert_cmpstr (seal->key_id, ==, key_id);
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 42, 0.01);
  g_assert_cmpfloat_with_epsilon (seal->height_mm, 42, 0.01);
  pixels = seal_pixels (seal);
  /* 600 dpi: 42 mm is about 992 pixels. */
  g_assert_cmpint (ABS (pixels->width - 992), <=, 2);
  g_assert_cmpuint (count (pixels, 0, 0, pixels->width, pixels->height, is_red), >, 20000);
  g_assert_true (is_transparent (pixel (pixels, 2, 2)));
  screenshot (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_WINDOW), "seal-library");

  close_all_windows ();
}

static gboolean
message_shown (gpointer data)
{
  GtkWidget *message = find_named (data, "message");

  return designer_idle (data) && gtk_widget_get_visible (message);
}

/* A name seal takes 2 or 4 characters: 3 are refused, in the designer. */
static void
test_seals_generate_name (void)
{
  SealdeskSealsView *view = open_seals ();
  GtkWidget *designer, *save;
  PreviewWait wait = { 0 };
  g_autofree char *key_id = test_key_id ();
  g_autofree char *seal_id = NULL;
  g_autoptr(SdSeal) seal = NULL;

  gtk_widget_activate_action (GTK_WIDGET (view), "seals.generate", NULL);
  designer = wait_dialog (view);
  g_signal_connect (designer, "saved", G_CALLBACK (saved), &seal_id);
  wait.designer = SEALDESK_SEAL_DESIGNER (designer);
  save = find_named (designer, "save-button");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (designer, "type-row")), 3);
  g_assert_true (gtk_widget_get_visible (find_named (designer, "person-row")));
  g_assert_false (gtk_widget_get_visible (find_named (designer, "org-row")));
  type_into (designer, "name-row", "Zhang San");
  type_into (designer, "key-row", key_id);

  type_into (designer, "person-row", "张三丰");
  g_assert_true (app_test_wait_until (message_shown, designer, WAIT_SECONDS));
  g_assert_null (sealdesk_seal_designer_get_preview (wait.designer));
  g_assert_false (gtk_widget_is_sensitive (save));

  type_into (designer, "person-row", "张三");
  g_assert_true (app_test_wait_until (preview_changed, &wait, WAIT_SECONDS));
  g_assert_false (gtk_widget_get_visible (find_named (designer, "message")));
  g_assert_true (gtk_widget_is_sensitive (save));
  g_object_add_weak_pointer (G_OBJECT (designer), (gpointer *) &designer);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (app_test_wait_until (is_null, &designer, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (view_idle, view, WAIT_SECONDS));

  seal = get_seal (seal_id);
  g_assert_cmpstr (seal->kind, ==, "name");
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 18, 0.01);
  close_all_windows ();
}

/* Lifecycle. */

static char *
add_seal (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = test_key_id ();
  SdSealDesign design = { .org = "上海某某仲裁委员会", .shape = SD_SEAL_SHAPE_ROUND };
  g_autoptr(GBytes) png = sd_seal_generate_official (&design, 150, NULL, NULL, &error);
  g_autoptr(SdSeal) seal = NULL;

  g_assert_no_error (error);
  seal = sd_seal_library_add (workspace (), name, "company", 42, 42, key_id, png, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (seal->id);
}

/* Asks for @action on the seal through its row, as its menu does, and
 * answers the confirmation with @reason and the button @response. */
static void
change_state (SealdeskSealsView *view,
              const char        *seal_id,
              const char        *action,
              const char        *reason,
              const char        *response)
{
  SealdeskSealRow *row = _sealdesk_seals_view_find_row (view, seal_id);
  g_autofree char *action_name = g_strconcat ("seals.", action, NULL);
  GtkWidget *dialog;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), action_name, "s", seal_id));
  dialog = wait_dialog (view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* Nothing changes without a reason for the ledger. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), action));
  if (reason != NULL)
    type_into (dialog, "reason-entry", reason);
  answer (view, dialog, response);
}

static void
assert_state (SealdeskSealsView *view,
              const char        *seal_id,
              const char        *state)
{
  g_autoptr(SdSeal) seal = get_seal (seal_id);

  g_assert_cmpstr (seal->state, ==, state);
  g_assert_cmpstr (sealdesk_seal_row_get_state (_sealdesk_seals_view_find_row (view, seal_id)), ==,
                   state);
}

static void
test_seals_lifecycle (void)
{
  g_autofree char *seal_id = add_seal ("Arbitration commission seal");
  SealdeskSealsView *view = open_seals ();

  g_assert_nonnull (_sealdesk_seals_view_find_row (view, seal_id));
  assert_state (view, seal_id, "active");

  /* Cancelled: nothing happens. */
  change_state (view, seal_id, "suspend", "reported lost", "_Cancel");
  assert_state (view, seal_id, "active");

  change_state (view, seal_id, "suspend", "reported lost on 3 December", "_Suspend");
  assert_state (view, seal_id, "suspended");
  change_state (view, seal_id, "restore", "found in the safe", "_Restore");
  assert_state (view, seal_id, "active");
  change_state (view, seal_id, "revoke", "replaced by a new seal", "Re_voke");
  assert_state (view, seal_id, "revoked");

  /* A revoked seal cannot be restored: the library says so, and the
   * seal stays revoked. */
  change_state (view, seal_id, "restore", "by mistake", "_Restore");
  {
    GtkWidget *error = wait_dialog (view);

    g_assert_true (find_text (error, "Arbitration commission seal"));
    answer (view, error, "_Close");
  }
  assert_state (view, seal_id, "revoked");

  /* The physical seal is destroyed too: recorded. */
  change_state (view, seal_id, "destroy", "shredded before two witnesses", "_Destroy");
  assert_state (view, seal_id, "destroyed");
  close_all_windows ();
}

static char *
test_pin (const char *prompt,
          int         tries_left,
          gpointer    user_data)
{
  return sd_secret_dup (SD_TEST_PKI_PASSWORD);
}

/* Grants and withdraws, through the dialog listing the profiles. */
static void
grant (SealdeskSealsView *view,
       const char        *seal_id,
       const char        *action,
       const char        *response,
       gboolean           may_request)
{
  SealdeskSealRow *row = _sealdesk_seals_view_find_row (view, seal_id);
  g_autofree char *action_name = g_strconcat ("seals.", action, NULL);
  GtkWidget *dialog, *profiles, *request;
  GListModel *names;
  guint alice = GTK_INVALID_LIST_POSITION;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), action_name, "s", seal_id));
  dialog = wait_dialog (view);
  profiles = find_named (dialog, "profile-drop-down");
  g_assert_nonnull (profiles);
  names = gtk_drop_down_get_model (GTK_DROP_DOWN (profiles));
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "alice"))
      alice = i;
  g_assert_cmpuint (alice, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (profiles), alice);
  request = find_named (dialog, "may-request");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (request), may_request);
  answer (view, dialog, response);
}

static void
test_seals_grant (void)
{
  g_autofree char *seal_id = add_seal ("Contract seal of the firm");
  g_autofree char *key_id = test_key_id ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdProfile) profile = NULL;
  SealdeskSealsView *view;

  profile = sd_profile_get (workspace (), "alice", NULL);
  if (profile == NULL)
    profile = sd_profile_add (workspace (), "alice", SD_ROLE_REQUESTER | SD_ROLE_SIGNER, key_id,
                              test_pin, NULL, &error);
  g_assert_no_error (error);
  view = open_seals ();

  /* To use it (checked to start with) and to request it. */
  grant (view, seal_id, "grant", "_Grant", TRUE);
  g_assert_cmpint (sd_seal_library_grants_of (workspace (), seal_id, "alice", &error), ==,
                   SD_SEAL_MAY_REQUEST | SD_SEAL_MAY_USE);
  g_assert_no_error (error);
  g_assert_true (find_text (GTK_WIDGET (_sealdesk_seals_view_find_row (view, seal_id)),
                            "alice (request, use)"));

  /* Withdrawn, all but the request. */
  grant (view, seal_id, "withdraw", "_Withdraw", FALSE);
  g_assert_cmpint (sd_seal_library_grants_of (workspace (), seal_id, "alice", &error), ==,
                   SD_SEAL_MAY_REQUEST);
  g_assert_no_error (error);
  close_all_windows ();
}

/* Import. */

/* A red disk on white, like a scanned seal. */
static char *
write_scan (const char *name)
{
  g_autofree char *path = g_build_filename (home_dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.85, 0.05, 0.05);
  cairo_arc (cr, 200, 150, 100, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_steal_pointer (&path);
}

static void
test_seals_import (void)
{
  g_autofree char *path = write_scan ("scanned-seal.png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *key_id = test_key_id ();
  SealdeskSealsView *view = open_seals ();
  guint n_before = sealdesk_seals_view_get_n_seals (view);
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(Pixels) pixels = NULL;
  GtkWidget *dialog;

  sealdesk_seals_view_import_file (view, file);
  dialog = wait_dialog (view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* Named after the file to start with. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "name-row"))), ==,
                   "scanned-seal");
  type_into (dialog, "name-row", "Scanned seal");

  /* A key ID the library does not take: said in the dialog, which comes
   * back as it was. */
  type_into (dialog, "key-row", "no-such-key");
  answer (view, dialog, "_Add");
  dialog = wait_dialog (view);
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "import-message")));
  g_assert_true (find_text (dialog, "no-such-key"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "name-row"))), ==,
                   "Scanned seal");
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before);

  type_into (dialog, "key-row", key_id);
  answer (view, dialog, "_Add");
  g_assert_null (sealdesk_seals_view_get_dialog (view));
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before + 1);

  seal = find_seal ("Scanned seal");
  g_assert_nonnull (_sealdesk_seals_view_find_row (view, seal->id));
  g_assert_cmpstr (seal->kind, ==, "company");
  /* Cropped to the disk: as high as wide. */
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 42, 0.01);
  g_assert_cmpfloat_with_epsilon (seal->height_mm, 42, 1);
  pixels = seal_pixels (seal);
  g_assert_true (is_red (pixel (pixels, pixels->width / 2, pixels->height / 2)));
  /* The white around the disk is transparent now. */
  g_assert_true (is_transparent (pixel (pixels, 1, 1)));
  g_assert_true (is_transparent (pixel (pixels, pixels->width - 2, pixels->height - 2)));
  close_all_windows ();
}

static void
test_seals_import_bad (void)
{
  g_autofree char *path = write_file ("not-a-picture.png", "This is no picture.\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskSealsView *view = open_seals ();
  guint n_before = sealdesk_seals_view_get_n_seals (view);
  g_autofree char *contents = NULL;
  GtkWidget *dialog;

  sealdesk_seals_view_import_file (view, file);
  dialog = wait_dialog (view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (find_text (dialog, "not-a-picture.png"));
  /* Said before any detail is asked. */
  g_assert_null (find_named (dialog, "name-row"));
  answer (view, dialog, "_Close");

  /* Nothing lost: the library and the file are as they were. */
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "This is no picture.\n");
  close_all_windows ();
}

/* Handwriting. */

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
                guint         n)
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
      graphene_point_t at;

      g_assert_true (gtk_widget_compute_point (pad, GTK_WIDGET (native),
                                               &GRAPHENE_POINT_INIT (points[2 * i], points[2 * i + 1]),
                                               &at));
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
  g_autofree char *key_id = test_key_id ();
  g_autofree char *seal_id = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(Pixels) pixels = NULL;
  SealdeskSealsView *view;
  GtkWidget *dialog, *pad, *save;
  StrokeWait wait;
  int line_y, line_x;

  if (xdotool == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X server");
      return;
    }
  view = open_seals ();
  gtk_widget_activate_action (GTK_WIDGET (view), "seals.draw", NULL);
  dialog = wait_dialog (view);
  g_assert_true (SEALDESK_IS_HANDWRITING_DIALOG (dialog));
  g_signal_connect (dialog, "saved", G_CALLBACK (saved), &seal_id);
  pad = GTK_WIDGET (sealdesk_handwriting_dialog_get_pad (SEALDESK_HANDWRITING_DIALOG (dialog)));
  save = find_named (dialog, "save-button");
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

  type_into (dialog, "name-row", "Signature of 张三");
  g_assert_false (gtk_widget_is_sensitive (save));
  type_into (dialog, "key-row", key_id);
  g_assert_true (gtk_widget_is_sensitive (save));
  screenshot (dialog, "handwriting");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (app_test_wait_until (is_null, &dialog, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (view_idle, view, WAIT_SECONDS));
  g_assert_nonnull (seal_id);
  g_assert_nonnull (_sealdesk_seals_view_find_row (view, seal_id));

  seal = get_seal (seal_id);
  g_assert_cmpstr (seal->kind, ==, "handwritten");
  g_assert_cmpstr (seal->name, ==, "Signature of 张三");
  /* 200 × 120 pixels of the pad, 1/8 mm each, and the pen's width. */
  g_assert_cmpfloat (seal->width_mm, >, 25);
  g_assert_cmpfloat (seal->width_mm, <, 27);
  g_assert_cmpfloat (seal->height_mm, >, 15);
  g_assert_cmpfloat (seal->height_mm, <, 17);

  /* The strokes are in the picture where they were drawn, dark on a
   * transparent background. */
  pixels = seal_pixels (seal);
  line_y = (int) (pixels->height * (60.0 - 20 + 2.3) / (120 + 4.6));
  line_x = (int) (pixels->width * (140.0 - 40 + 2.3) / (200 + 4.6));
  g_assert_cmpuint (count (pixels, 0, line_y - 4, pixels->width, 9, is_dark), >,
                    pixels->width * 9 / 2);
  g_assert_cmpuint (count (pixels, line_x - 4, 0, 9, pixels->height, is_dark), >,
                    pixels->height * 9 / 2);
  /* Above the line, left and right of the stroke down: nothing. */
  g_assert_cmpuint (count (pixels, 0, 0, line_x - 20, line_y - 20, is_transparent), ==,
                    (gsize) (line_x - 20) * (line_y - 20));
  g_assert_cmpuint (count (pixels, line_x + 20, 0, pixels->width, line_y - 20, is_transparent),
                    ==, (gsize) (pixels->width - line_x - 20) * (line_y - 20));
  close_all_windows ();
}

/* Rows of @pixels with a dark pixel. */
static int
dark_rows (Pixels *pixels)
{
  int rows = 0;

  for (int y = 0; y < pixels->height; y++)
    rows += count (pixels, 0, y, pixels->width, 1, is_dark) > 0 ? 1 : 0;
  return rows;
}

/* A shaky hand: a line across that jumps 8 pixels up and down at every
 * step is drawn much flatter, but still with its turns (every position
 * counts, also those GTK folds into one event). Clear empties the pad. */
static void
test_seals_handwriting_smooth (void)
{
  double zigzag[2 * 22];
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(Pixels) pixels = NULL;
  SealdeskSealsView *view;
  GtkWidget *dialog, *pad;
  StrokeWait wait;
  int rows;

  if (xdotool == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X server");
      return;
    }
  for (guint i = 0; i < 22; i++)
    {
      zigzag[2 * i] = 40 + 10 * i;
      zigzag[2 * i + 1] = i == 0 || i == 21 ? 60 : i % 2 ? 52 : 68;
    }
  view = open_seals ();
  gtk_widget_activate_action (GTK_WIDGET (view), "seals.draw", NULL);
  dialog = wait_dialog (view);
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
  pixels = pixels_new (texture);
  rows = dark_rows (pixels);
  g_test_message ("the zigzag of 16 pixels is drawn %d rows high (3 rows a pixel)", rows);
  /* As drawn, 16 + 2.6 pixels of ink: 56 rows. A straight line: 8. */
  g_assert_cmpint (rows, <, 3 * 12);
  g_assert_cmpint (rows, >, 3 * 4);

  gtk_widget_activate_action (dialog, "handwriting.clear", NULL);
  g_assert_cmpuint (sealdesk_handwriting_pad_get_n_strokes (wait.pad), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (find_named (dialog, "save-button")));
  g_assert_null (sealdesk_handwriting_pad_to_png (wait.pad, 3, NULL, NULL, NULL));
  /* The dialog goes with the library's window. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  close_all_windows ();
  g_assert_null (dialog);
}

/* The library is one window, brought back by its action. */
static void
test_seals_window (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.seals");
  SealdeskSealsView *view = open_seals ();
  SealdeskSealsView *again = open_seals ();
  GdkModifierType mods;
  guint n = 0, key;

  /* As the shortcuts window says. */
  g_assert_nonnull (accels);
  g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
  g_assert_cmpuint (key, ==, GDK_KEY_e);
  g_assert_cmpuint (mods, ==, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  g_assert_true (view == again);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += SEALDESK_IS_SEALS_WINDOW (l->data) ? 1 : 0;
  g_assert_cmpuint (n, ==, 1);
  close_all_windows ();
}

void
add_seals_tests (void)
{
  g_test_add_func ("/app/seals/window", test_seals_window);
  g_test_add_func ("/app/seals/generate-round", test_seals_generate_round);
  g_test_add_func ("/app/seals/generate-name", test_seals_generate_name);
  g_test_add_func ("/app/seals/lifecycle", test_seals_lifecycle);
  g_test_add_func ("/app/seals/grant", test_seals_grant);
  g_test_add_func ("/app/seals/import", test_seals_import);
  g_test_add_func ("/app/seals/import-bad", test_seals_import_bad);
  g_test_add_func ("/app/seals/handwriting", test_seals_handwriting);
  g_test_add_func ("/app/seals/handwriting-smooth", test_seals_handwriting_smooth);
}
