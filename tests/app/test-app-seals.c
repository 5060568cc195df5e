/* test-app-seals.c: the seal library view and the seal designer
 *
 * Driven through the widgets a person uses: text typed into the rows,
 * the dialogs' buttons clicked, the menu actions of a seal's row. What
 * was done is checked in the workspace's database and in the seal
 * pictures stored there. Set SEALDESK_SCREENSHOT_DIR to keep pictures of
 * the designer and the library. The handwriting pad is tested in
 * test-app-handwriting.c, with the helpers of test-app-seals.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-seal-generate.h"
#include "sd-profile.h"
#include "sd-seal-library.h"
#include "sd-secret.h"
#include "sd-test-util.h"
#include "sealdesk-seal-designer.h"
#include "sealdesk-seal-texture.h"
#include "sealdesk-seals-view-private.h"
#include "sealdesk-window-private.h"
#include "test-app-seals.h"
#include "test-app.h"

/* The test PKI's signing key, as a seal's key. */
char *
seals_key_id (void)
{
  g_autofree char *p12 = sd_test_pki_file ("rsa2048.p12");

  return g_strconcat ("p12:", p12, NULL);
}

SdWorkspace *
seals_workspace (void)
{
  return sealdesk_application_get_workspace (app);
}

GtkWidget *
seals_find_named (GtkWidget  *root,
                  const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = seals_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
seals_find_text (GtkWidget  *root,
                 const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (seals_find_text (child, text))
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

void
seals_type_into (GtkWidget  *root,
                 const char *name,
                 const char *text)
{
  GtkWidget *row = seals_find_named (root, name);

  g_assert_nonnull (row);
  g_assert_true (GTK_IS_EDITABLE (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

gboolean
seals_view_idle (gpointer data)
{
  return !sealdesk_seals_view_is_busy (data);
}

static gboolean
dialog_shown (gpointer data)
{
  GtkWindow *dialog = sealdesk_seals_view_get_dialog (data);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

gboolean
seals_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Opens the seal library as a person does (the app action) and waits
 * for the list. */
SealdeskSealsView *
seals_open (void)
{
  SealdeskWindow *window = NULL;
  SealdeskSealsView *view;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "seals"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "seals", NULL);
  /* The Seals view of a document window, at the front. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL && window == NULL; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "seals");
  view = SEALDESK_SEALS_VIEW (window->seals_view);
  g_assert_nonnull (view);
  g_assert_true (app_test_wait_until (seals_view_idle, view, WAIT_SECONDS));
  return view;
}

/* The dialog the view opened, once it is on screen. */
GtkWidget *
seals_wait_dialog (SealdeskSealsView *view)
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
  g_assert_true (app_test_wait_until (seals_is_null, &dialog, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (seals_view_idle, view, WAIT_SECONDS));
}

SdSeal *
seals_get_seal (const char *id)
{
  g_autoptr(GError) error = NULL;
  SdSeal *seal = sd_seal_library_get (seals_workspace (), id, &error);

  g_assert_no_error (error);
  return seal;
}

/* The newest seal named @name. */
static SdSeal *
find_seal (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seals = sd_seal_library_list (seals_workspace (), &error);
  SdSeal *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < seals->len; i++)
    {
      SdSeal *seal = g_ptr_array_index (seals, i);

      if (g_strcmp0 (seal->name, name) == 0)
        found = seal;
    }
  g_assert_nonnull (found);
  return seals_get_seal (found->id);
}

Pixels *
seals_pixels_new (GdkTexture *texture)
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

void
seals_pixels_free (Pixels *pixels)
{
  g_free (pixels->data);
  g_free (pixels);
}

const guchar *
seals_pixel (Pixels *pixels,
             int    x,
             int    y)
{
  return pixels->data + ((gsize) y * pixels->width + x) * 4;
}

gboolean
seals_is_red (const guchar *p)
{
  return p[3] > 128 && p[0] > 150 && p[1] < 100 && p[2] < 100;
}

gboolean
seals_is_dark (const guchar *p)
{
  return p[3] > 128 && p[0] < 100 && p[1] < 100 && p[2] < 100;
}

/* How many pixels of (x, y, width, height) pass @test. */
gsize
seals_count (Pixels *pixels,
             int    x,
             int    y,
             int    width,
             int    height,
             gboolean ( *test) (const guchar *p))
{
  gsize n = 0;

  for (int j = MAX (y, 0); j < MIN (y + height, pixels->height); j++)
    for (int i = MAX (x, 0); i < MIN (x + width, pixels->width); i++)
      n += test (seals_pixel (pixels, i, j)) ? 1 : 0;
  return n;
}

gboolean
seals_is_transparent (const guchar *p)
{
  return p[3] == 0;
}

Pixels *
seals_picture_pixels (SdSeal *seal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sealdesk_seal_texture_for_seal (seal, &error);

  g_assert_no_error (error);
  return seals_pixels_new (texture);
}

void
seals_screenshot (GtkWidget  *widget,
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

static gboolean
preview_changed (gpointer data)
{
  SealsPreviewWait *wait = data;
  GdkTexture *now = sealdesk_seal_designer_get_preview (wait->designer);

  return !sealdesk_seal_designer_is_busy (wait->designer) && now != NULL && now != wait->old;
}

static gsize
red_pixels (GdkTexture *texture)
{
  g_autoptr(Pixels) pixels = seals_pixels_new (texture);

  return seals_count (pixels, 0, 0, pixels->width, pixels->height, seals_is_red);
}

void
seals_saved (GtkWidget  *dialog,
             const char *seal_id,
             const char *name,
             char       **out)
{
  g_free (*out);
  *out = g_strdup (seal_id);
}

/* Opens the designer from the view's action (Generate…), as a person
 * does; the ID of the seal it saves goes into *@seal_id. */
SealdeskSealDesigner *
seals_designer_open (SealdeskSealsView *view,
                     char             **seal_id)
{
  GtkWidget *designer;

  gtk_widget_activate_action (GTK_WIDGET (view), "seals.generate", NULL);
  designer = seals_wait_dialog (view);
  g_assert_true (SEALDESK_IS_SEAL_DESIGNER (designer));
  g_signal_connect (designer, "saved", G_CALLBACK (seals_saved), seal_id);
  return SEALDESK_SEAL_DESIGNER (designer);
}

/* Waits for a preview other than @wait->old. */
void
seals_designer_wait_preview (SealsPreviewWait *wait)
{
  g_assert_true (app_test_wait_until (preview_changed, wait, WAIT_SECONDS));
}

/* Clicks Save (which must be sensitive), waits for the designer to close
 * and the view to list the seal. */
void
seals_designer_save (SealdeskSealsView    *view,
                     SealdeskSealDesigner *designer)
{
  GtkWidget *save = seals_find_named (GTK_WIDGET (designer), "save-button");

  g_assert_nonnull (save);
  g_assert_true (gtk_widget_is_sensitive (save));
  g_object_add_weak_pointer (G_OBJECT (designer), (gpointer *) &designer);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (app_test_wait_until (seals_is_null, &designer, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (seals_view_idle, view, WAIT_SECONDS));
}

/* Generates a round seal through the designer, as a person does:
 * Generate… in the library view, the organisation and the title typed
 * (the preview follows the typing), then the seal's name and key, Save.
 * With @screenshot, keeps a picture of the designer under that name.
 * Returns the new seal's ID once the view has listed it. */
char *
seals_generate_round (SealdeskSealsView *view,
                      const char        *org,
                      const char        *title,
                      const char        *name,
                      const char        *key_id,
                      const char        *screenshot)
{
  GtkWidget *designer, *save;
  SealsPreviewWait wait = { 0 };
  char *seal_id = NULL;
  GdkTexture *first;

  designer = GTK_WIDGET (seals_designer_open (view, &seal_id));
  wait.designer = SEALDESK_SEAL_DESIGNER (designer);
  save = seals_find_named (designer, "save-button");
  g_assert_nonnull (save);

  /* Nothing typed: no preview, nothing to save, and no error either. */
  g_assert_true (app_test_wait_until (designer_idle, designer, WAIT_SECONDS));
  g_assert_null (sealdesk_seal_designer_get_preview (wait.designer));
  g_assert_false (gtk_widget_is_sensitive (save));

  /* A round seal (the designer's first type) of the organisation. */
  seals_type_into (designer, "org-row", org);
  seals_designer_wait_preview (&wait);
  first = sealdesk_seal_designer_get_preview (wait.designer);
  g_assert_cmpuint (red_pixels (first), >, 1000);
  g_assert_true (seals_find_text (designer, "42.0 × 42.0 mm"));

  /* The preview follows the typing. */
  wait.old = g_object_ref (first);
  seals_type_into (designer, "title-row", title);
  seals_designer_wait_preview (&wait);
  g_assert_cmpuint (red_pixels (sealdesk_seal_designer_get_preview (wait.designer)), >,
                    red_pixels (wait.old));
  g_clear_object (&wait.old);

  /* Name and key, then it can be saved. */
  seals_type_into (designer, "name-row", name);
  g_assert_false (gtk_widget_is_sensitive (save));
  seals_type_into (designer, "key-row", key_id);
  g_assert_true (gtk_widget_is_sensitive (save));
  if (screenshot != NULL)
    seals_screenshot (designer, screenshot);

  seals_designer_save (view, wait.designer);
  g_assert_nonnull (seal_id);
  return seal_id;
}

static void
test_seals_generate_round (void)
{
  SealdeskSealsView *view = seals_open ();
  g_autofree char *key_id = seals_key_id ();
  g_autofree char *seal_id = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(Pixels) pixels = NULL;
  guint n_before = sealdesk_seals_view_get_n_seals (view);

  /* The organisation's name in Chinese. */
  seal_id = seals_generate_round (view, "北京某某律师事务所", "合同专用章", "Firm seal", key_id,
                                  "seal-designer");

  /* In the list, and in the library as drawn. */
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before + 1);
  g_assert_nonnull (_sealdesk_seals_view_find_row (view, seal_id));
  seal = seals_get_seal (seal_id);
  g_assert_cmpstr (seal->name, ==, "Firm seal");
  g_assert_cmpstr (seal->kind, ==, "company");
  g_assert_cmpstr (seal->state, ==, "active");
  g_assert_cmpstr (seal->key_id, ==, key_id);
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 42, 0.01);
  g_assert_cmpfloat_with_epsilon (seal->height_mm, 42, 0.01);
  pixels = seals_picture_pixels (seal);
  /* 600 dpi: 42 mm is about 992 pixels. */
  g_assert_cmpint (ABS (pixels->width - 992), <=, 2);
  g_assert_cmpuint (seals_count (pixels, 0, 0, pixels->width, pixels->height, seals_is_red), >, 20000);
  g_assert_true (seals_is_transparent (seals_pixel (pixels, 2, 2)));
  seals_screenshot (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_WINDOW), "seal-library");

  close_all_windows ();
}

static gboolean
message_shown (gpointer data)
{
  GtkWidget *message = seals_find_named (data, "message");

  return designer_idle (data) && gtk_widget_get_visible (message);
}

/* A name seal takes 2 or 4 characters: 3 are refused, in the designer. */
static void
test_seals_generate_name (void)
{
  SealdeskSealsView *view = seals_open ();
  GtkWidget *designer, *save;
  SealsPreviewWait wait = { 0 };
  g_autofree char *key_id = seals_key_id ();
  g_autofree char *seal_id = NULL;
  g_autoptr(SdSeal) seal = NULL;

  designer = GTK_WIDGET (seals_designer_open (view, &seal_id));
  wait.designer = SEALDESK_SEAL_DESIGNER (designer);
  save = seals_find_named (designer, "save-button");
  adw_combo_row_set_selected (ADW_COMBO_ROW (seals_find_named (designer, "type-row")), 3);
  g_assert_true (gtk_widget_get_visible (seals_find_named (designer, "person-row")));
  g_assert_false (gtk_widget_get_visible (seals_find_named (designer, "org-row")));
  seals_type_into (designer, "name-row", "Zhang San");
  seals_type_into (designer, "key-row", key_id);

  seals_type_into (designer, "person-row", "张三丰");
  g_assert_true (app_test_wait_until (message_shown, designer, WAIT_SECONDS));
  g_assert_null (sealdesk_seal_designer_get_preview (wait.designer));
  g_assert_false (gtk_widget_is_sensitive (save));

  seals_type_into (designer, "person-row", "张三");
  seals_designer_wait_preview (&wait);
  g_assert_false (gtk_widget_get_visible (seals_find_named (designer, "message")));
  seals_designer_save (view, wait.designer);

  seal = seals_get_seal (seal_id);
  g_assert_cmpstr (seal->kind, ==, "name");
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 18, 0.01);
  close_all_windows ();
}

/* Lifecycle. */

static char *
add_seal_with_key (const char *name,
                   const char *key_id)
{
  g_autoptr(GError) error = NULL;
  SdSealDesign design = { .org = "上海某某仲裁委员会", .shape = SD_SEAL_SHAPE_ROUND };
  g_autoptr(GBytes) png = sd_seal_generate_official (&design, 150, NULL, NULL, &error);
  g_autoptr(SdSeal) seal = NULL;

  g_assert_no_error (error);
  seal = sd_seal_library_add (seals_workspace (), name, "company", 42, 42, key_id, png, NULL,
                              &error);
  g_assert_no_error (error);
  return g_strdup (seal->id);
}

static char *
add_seal (const char *name)
{
  g_autofree char *key_id = seals_key_id ();

  return add_seal_with_key (name, key_id);
}

/* A row names the seal's key as a person knows it, not by its ID: a
 * token's key by the name in its certificate, a key file by its name. */
static void
test_seals_key_label (void)
{
  g_autofree char *file_seal = add_seal ("Seal with a key file");
  g_autofree char *file_key = seals_key_id ();
  g_autofree char *token_key = NULL;
  g_autofree char *token_seal = NULL;
  SealdeskSealsView *view;
  SealdeskSealRow *row;
  const char *subtitle;

  if (!keys_test_require_token ())
    return;
  token_key = keys_test_token_key_uri ("rsa2048");
  g_assert_nonnull (token_key);
  token_seal = add_seal_with_key ("Seal with a token key", token_key);
  view = seals_open ();

  row = _sealdesk_seals_view_find_row (view, token_seal);
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("token seal: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "Key: Sealdesk Test Signer RSA-2048\n"));
  g_assert_null (strstr (subtitle, "pkcs11:"));

  row = _sealdesk_seals_view_find_row (view, file_seal);
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("key file seal: %s", subtitle);
  g_assert_true (strstr (subtitle, "Key: Sealdesk Test Signer RSA-2048\n") != NULL ||
                 strstr (subtitle, "Key: rsa2048.p12\n") != NULL);
  g_assert_null (strstr (subtitle, file_key));
  close_all_windows ();
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
  dialog = seals_wait_dialog (view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* Nothing changes without a reason for the ledger. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), action));
  if (reason != NULL)
    seals_type_into (dialog, "reason-entry", reason);
  answer (view, dialog, response);
}

static void
assert_state (SealdeskSealsView *view,
              const char        *seal_id,
              const char        *state)
{
  g_autoptr(SdSeal) seal = seals_get_seal (seal_id);

  g_assert_cmpstr (seal->state, ==, state);
  g_assert_cmpstr (sealdesk_seal_row_get_state (_sealdesk_seals_view_find_row (view, seal_id)), ==,
                   state);
}

static void
test_seals_lifecycle (void)
{
  g_autofree char *seal_id = add_seal ("Arbitration commission seal");
  SealdeskSealsView *view = seals_open ();

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
    GtkWidget *error = seals_wait_dialog (view);

    g_assert_true (seals_find_text (error, "Arbitration commission seal"));
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
          int        tries_left,
          gpointer   user_data)
{
  return sd_secret_dup (SD_TEST_PKI_PASSWORD);
}

/* Grants and withdraws, through the dialog listing the profiles. */
static void
grant (SealdeskSealsView *view,
       const char        *seal_id,
       const char        *action,
       const char        *response,
       gboolean          may_request)
{
  SealdeskSealRow *row = _sealdesk_seals_view_find_row (view, seal_id);
  g_autofree char *action_name = g_strconcat ("seals.", action, NULL);
  GtkWidget *dialog, *profiles, *request;
  GListModel *names;
  guint alice = GTK_INVALID_LIST_POSITION;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), action_name, "s", seal_id));
  dialog = seals_wait_dialog (view);
  profiles = seals_find_named (dialog, "profile-drop-down");
  g_assert_nonnull (profiles);
  names = gtk_drop_down_get_model (GTK_DROP_DOWN (profiles));
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "alice"))
      alice = i;
  g_assert_cmpuint (alice, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (profiles), alice);
  request = seals_find_named (dialog, "may-request");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (request), may_request);
  answer (view, dialog, response);
}

static void
test_seals_grant (void)
{
  g_autofree char *seal_id = add_seal ("Contract seal of the firm");
  g_autofree char *key_id = seals_key_id ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdProfile) profile = NULL;
  SealdeskSealsView *view;

  profile = sd_profile_get (seals_workspace (), "alice", NULL);
  if (profile == NULL)
    profile = sd_profile_add (seals_workspace (), "alice", SD_ROLE_REQUESTER | SD_ROLE_SIGNER,
                              key_id,
                              test_pin, NULL, &error);
  g_assert_no_error (error);
  view = seals_open ();

  /* To use it (checked to start with) and to request it. */
  grant (view, seal_id, "grant", "_Grant", TRUE);
  g_assert_cmpint (sd_seal_library_grants_of (seals_workspace (), seal_id, "alice", &error), ==,
                   SD_SEAL_MAY_REQUEST | SD_SEAL_MAY_USE);
  g_assert_no_error (error);
  g_assert_true (seals_find_text (GTK_WIDGET (_sealdesk_seals_view_find_row (view, seal_id)),
                            "alice (request, use)"));

  /* Withdrawn, all but the request. */
  grant (view, seal_id, "withdraw", "_Withdraw", FALSE);
  g_assert_cmpint (sd_seal_library_grants_of (seals_workspace (), seal_id, "alice", &error), ==,
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
  g_autofree char *key_id = seals_key_id ();
  SealdeskSealsView *view = seals_open ();
  guint n_before = sealdesk_seals_view_get_n_seals (view);
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(Pixels) pixels = NULL;
  GtkWidget *dialog;

  sealdesk_seals_view_import_file (view, file);
  dialog = seals_wait_dialog (view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* Named after the file to start with. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seals_find_named (dialog, "name-row"))), ==,
                   "scanned-seal");
  seals_type_into (dialog, "name-row", "Scanned seal");

  /* A key ID the library does not take: said in the dialog, which comes
   * back as it was. */
  seals_type_into (dialog, "key-row", "no-such-key");
  answer (view, dialog, "_Add");
  dialog = seals_wait_dialog (view);
  g_assert_true (gtk_widget_get_visible (seals_find_named (dialog, "import-message")));
  g_assert_true (seals_find_text (dialog, "no-such-key"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seals_find_named (dialog, "name-row"))), ==,
                   "Scanned seal");
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before);

  seals_type_into (dialog, "key-row", key_id);
  answer (view, dialog, "_Add");
  g_assert_null (sealdesk_seals_view_get_dialog (view));
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before + 1);

  seal = find_seal ("Scanned seal");
  g_assert_nonnull (_sealdesk_seals_view_find_row (view, seal->id));
  g_assert_cmpstr (seal->kind, ==, "company");
  /* Cropped to the disk: as high as wide. */
  g_assert_cmpfloat_with_epsilon (seal->width_mm, 42, 0.01);
  g_assert_cmpfloat_with_epsilon (seal->height_mm, 42, 1);
  pixels = seals_picture_pixels (seal);
  g_assert_true (seals_is_red (seals_pixel (pixels, pixels->width / 2, pixels->height / 2)));
  /* The white around the disk is transparent now. */
  g_assert_true (seals_is_transparent (seals_pixel (pixels, 1, 1)));
  g_assert_true (
    seals_is_transparent (seals_pixel (pixels, pixels->width - 2, pixels->height - 2)));
  close_all_windows ();
}

static void
test_seals_import_bad (void)
{
  g_autofree char *path = write_file ("not-a-picture.png", "This is no picture.\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskSealsView *view = seals_open ();
  guint n_before = sealdesk_seals_view_get_n_seals (view);
  g_autofree char *contents = NULL;
  GtkWidget *dialog;

  sealdesk_seals_view_import_file (view, file);
  dialog = seals_wait_dialog (view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (seals_find_text (dialog, "not-a-picture.png"));
  /* Said before any detail is asked. */
  g_assert_null (seals_find_named (dialog, "name-row"));
  answer (view, dialog, "_Close");

  /* Nothing lost: the library and the file are as they were. */
  g_assert_cmpuint (sealdesk_seals_view_get_n_seals (view), ==, n_before);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "This is no picture.\n");
  close_all_windows ();
}

/* The library is a view of the document window, brought to the front by
 * its action: no second window. */
static void
test_seals_window (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.seals");
  SealdeskWindow *window = open_window (NULL);
  SealdeskSealsView *view;
  SealdeskSealsView *again;
  GdkModifierType mods;
  guint n = 0, key;

  view = seals_open ();
  g_assert_true (gtk_widget_get_ancestor (GTK_WIDGET (view), SEALDESK_TYPE_WINDOW) == GTK_WIDGET (window));

  /* As the shortcuts window says. */
  g_assert_nonnull (accels);
  g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
  g_assert_cmpuint (key, ==, GDK_KEY_e);
  g_assert_cmpuint (mods, ==, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  /* Back to the document, then the library again: the same view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "documents"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "documents");
  again = seals_open ();
  g_assert_true (view == again);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += SEALDESK_IS_WINDOW (l->data) ? 1 : 0;
  g_assert_cmpuint (n, ==, 1);
  close_all_windows ();
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* A seal of the library whose picture (as a synchronised one could be)
 * claims 20,000 × 20,000 pixels in its PNG header: refused from the
 * header, before GTK allocates 1.6 GB for it. */
static void
test_seals_picture_too_large (void)
{
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8, *iend = png + 33;
  g_autoptr(SdSeal) seal = g_new0 (SdSeal, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, 20000);
  put_be32 (ihdr + 12, 20000);
  ihdr[16] = 8; /* bit depth */
  ihdr[17] = 6; /* RGBA */
  put_be32 (ihdr + 21, crc32 (0, ihdr + 4, 17));
  put_be32 (iend, 0);
  memcpy (iend + 4, "IEND", 4);
  put_be32 (iend + 8, crc32 (0, iend + 4, 4));
  seal->id = g_strdup ("bomb");
  seal->name = g_strdup ("Bomb");
  seal->image_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, png, sizeof png);
  seal->image = g_bytes_new (png, sizeof png);

  texture = sealdesk_seal_texture_for_seal (seal, &error);
  g_assert_null (texture);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==,
                   "The picture of the seal “Bomb” is 20000 × 20000 pixels: a seal must be at most 4096 × 4096");
}

void
add_seals_tests (void)
{
  g_test_add_func ("/app/seals/window", test_seals_window);
  g_test_add_func ("/app/seals/generate-round", test_seals_generate_round);
  g_test_add_func ("/app/seals/generate-name", test_seals_generate_name);
  g_test_add_func ("/app/seals/lifecycle", test_seals_lifecycle);
  g_test_add_func ("/app/seals/key-label", test_seals_key_label);
  g_test_add_func ("/app/seals/grant", test_seals_grant);
  g_test_add_func ("/app/seals/import", test_seals_import);
  g_test_add_func ("/app/seals/import-bad", test_seals_import_bad);
  g_test_add_func ("/app/seals/picture-too-large", test_seals_picture_too_large);
}
