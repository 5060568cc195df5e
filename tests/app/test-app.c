/* test-app.c: display tests of the Sealdesk application (run under Xvfb)
 *
 * The application runs in-process on a real X server (Xvfb, started by
 * meson through xvfb-run) with real Poppler rendering. Waits use the main
 * loop with a generous timeout that only stops a hung test; nothing here
 * asserts how fast anything is. The tests themselves are in
 * test-app-core.c (model, cache, render queue), test-app-view.c (the page
 * view), test-app-window.c (windows, errors, passwords, settings) and
 * test-app-signatures.c (the signatures panel), test-app-sign.c (Sign…
 * and Preferences), test-app-seals.c (the seal library and the
 * designer), test-app-handwriting.c (the handwriting pad),
 * test-app-trust.c (the Trust page of Preferences and the certificate
 * viewer), test-app-reader.c (find, copy, outline, printing, Save a
 * Copy), test-app-sync.c (the shared folder's monitor, indicator and
 * preferences), test-app-placement.c (placing seals on pages),
 * test-app-placement-palette.c (the seal palette),
 * test-app-placement-sign.c (signing them), test-app-placement-fields.c
 * (signature fields), test-app-requests.c (stamp requests and the
 * ledger), test-app-session.c (a session per document; placements never
 * lost silently), test-app-batch.c (batch signing, a 60 MB scan),
 * test-app-marks.c (Check a Printout), test-app-views.c (the window's
 * views and their sidebar) and test-app-timestamps.c (trusted time: the
 * timestamp authorities of Preferences, deferral, the background extender),
 * test-app-keyboard.c (placing seals with the keyboard alone),
 * test-app-a11y.c (accessible names of every control), test-app-designer.c
 * (each kind of seal made in the designer), test-app-pen.c (a pen's
 * pressure in handwriting), test-app-dark.c (dark mode) and
 * test-app-startup.c (a document opened while the workspace opens).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/crypto.h>

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-ledger.h"
#include "sd-secret.h"
#include "sd-seal-generate.h"
#include "sd-seal-library.h"
#include "sd-test-util.h"
#include "sealdesk-render-queue.h"
#include "sealdesk-verify-task.h"
#include "test-app.h"

SealdeskApplication *app;
char *home_dir;

SealdeskWindow *
open_window (GFile *file)
{
  SealdeskWindow *window = sealdesk_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  if (file != NULL)
    sealdesk_window_open (window, file);

  return window;
}

void
close_window (SealdeskWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  app_test_iterate (50);
}

gboolean
window_not_loading (gpointer data)
{
  SealdeskWindowState state = sealdesk_window_get_state (data);

  return state != SEALDESK_WINDOW_STATE_LOADING;
}

/* TRUE once every visible page has its texture, at the exact size the
 * view wants, in the page cache. */
gboolean
visible_pages_rendered (gpointer data)
{
  SealdeskWindow *window = data;
  SealdeskPageView *view = window->page_view;
  SealdeskDocumentModel *model = sealdesk_window_get_model (window);
  SealdeskDocument *document = model ? sealdesk_document_model_get_document (model) : NULL;
  guint first, last;

  if (document == NULL || !sealdesk_page_view_get_visible_pages (view, &first, &last))
    return FALSE;

  for (guint page = first; page <= last; page++)
    {
      graphene_rect_t bounds;
      GdkRectangle rect;
      int width, height;

      sealdesk_page_view_get_page_rect (view, page, &bounds);
      rect.width = (int) bounds.size.width;
      rect.height = (int) bounds.size.height;
      _sealdesk_page_view_texture_size (view, &rect, &width, &height);
      if (!sealdesk_page_cache_lookup (sealdesk_document_get_page_cache (document), page,
                                       sealdesk_document_model_get_rotation (sealdesk_window_get_model (window)), width))
        return FALSE;
    }

  return TRUE;
}

SealdeskWindow *
open_sample (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  SealdeskWindow *window;

  g_assert_true (g_file_query_exists (sample, NULL));

  window = open_window (sample);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));

  return window;
}

gboolean
scale_published (gpointer data)
{
  SealdeskWindow *window = data;
  graphene_rect_t rect;

  return window->page_view->layout_valid &&
         sealdesk_page_view_get_page_rect (window->page_view, 0, &rect) &&
         G_APPROX_VALUE (window->page_view->layout_scale,
                         sealdesk_document_model_get_scale (sealdesk_window_get_model (window)), 1e-6);
}

double
page_width (SealdeskWindow *window)
{
  graphene_rect_t rect;

  g_assert_true (app_test_wait_until (scale_published, window, WAIT_SECONDS));
  app_test_iterate (50);
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, 0, &rect));

  return rect.size.width;
}

char *
pki_pin (const char *prompt,
         int         tries_left,
         gpointer    user_data)
{
  return sd_secret_dup (SD_TEST_PKI_PASSWORD);
}

/* The workspace's ledger checks out: its chain and signed tree head. */
void
assert_ledger_valid (void)
{
  SdLedger *ledger = sd_workspace_get_ledger (sealdesk_application_get_workspace (app));
  g_autoptr(GError) error = NULL;
  SdLedgerCheck check = { 0 };

  g_assert_true (sd_ledger_verify (ledger, NULL, &check, &error));
  g_assert_no_error (error);
  g_assert_true (check.valid);
  sd_ledger_check_clear (&check);
}

char *
pki_key (const char *name)
{
  g_autofree char *path = sd_test_pki_file (name);

  return g_strconcat ("p12:", path, NULL);
}

void
add_pki_profile (SdWorkspace *workspace,
                 const char  *name,
                 SdRoles      roles,
                 const char  *p12)
{
  g_autofree char *key_id = pki_key (p12);
  g_autoptr(SdProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = sd_profile_add (workspace, name, roles, key_id, pki_pin, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
}

char *
add_name_seal (SdWorkspace *workspace,
               const char  *name,
               const char  *text,
               const char  *key_id,
               const char  *actor)
{
  g_autoptr(GBytes) png = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(GError) error = NULL;
  double w, h;

  png = sd_seal_generate_name (text, 20, 150, &w, &h, &error);
  g_assert_no_error (error);
  seal = sd_seal_library_add (workspace, name, "name", w, h, key_id, png, actor, &error);
  g_assert_no_error (error);
  return g_strdup (seal->id);
}

char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (home_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

SealdeskWindow *
find_window_for (const char *basename)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      GFile *file;
      g_autofree char *name = NULL;

      if (!SEALDESK_IS_WINDOW (l->data) || !(file = sealdesk_window_get_file (l->data)))
        continue;
      name = g_file_get_basename (file);
      if (g_strcmp0 (name, basename) == 0)
        return l->data;
    }

  return NULL;
}

void
close_all_windows (void)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  app_test_iterate (50);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      (dir = g_dir_open (path, 0, NULL)))
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }

  g_remove (path);
}

/* GLib (2.74) runs the tests once for each -p path, and with -p it ends
 * each of those runs with a TAP plan ("1..N", N counting every test run so
 * far) instead of printing one plan first: two -p print two plans, which
 * meson's TAP parser calls an error. With several -p, hold each plan back
 * and print only the last one, after every path has run. */
static GPrintFunc default_print;
static char *held_plan;

static void
print_holding_plan (const char *text)
{
  if (g_regex_match_simple ("^1\\.\\.[0-9]+\n$", text, 0, 0))
    {
      g_free (held_plan);
      held_plan = g_strdup (text);
      return;
    }
  if (default_print != NULL)
    default_print (text);
  else
    {
      fputs (text, stdout);
      fflush (stdout);
    }
}

static guint
count_test_paths (int    argc,
                  char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "-p") || g_str_has_prefix (argv[i], "-p="))
      n++;
  return n;
}

/* meson runs the display tests one group a process (tests/app/meson.build:
 * "--group placement" stands for "-p /app/placement"), so that each group
 * has an application and workspace of its own and no test depends on what
 * an earlier group left behind. Paths given with -p (meson test
 * --test-args) replace the group. Returns ARGV without "--group NAME", with
 * the group's -p when no -p was given; *ARGC is updated. */
static char **group_argv;
static char *group_path;

static char **
take_group (int   *argc,
            char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *group = NULL;

  for (int i = 0; i < *argc; i++)
    {
      if (g_str_equal (argv[i], "--group") && i + 1 < *argc)
        group = argv[++i];
      else
        g_ptr_array_add (args, argv[i]);
    }
  if (group != NULL && count_test_paths ((int) args->len, (char **) args->pdata) == 0)
    {
      g_ptr_array_add (args, (char *) "-p");
      group_path = g_strconcat ("/app/", group, NULL);
      g_ptr_array_add (args, group_path);
    }
  *argc = (int) args->len;
  g_ptr_array_add (args, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&args), FALSE);
}

/* Whether every test path of ARGV is under @prefix (and there is one). */
static gboolean
all_test_paths_under (int         argc,
                      char      **argv,
                      const char *prefix)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *path = NULL;

      if (g_str_equal (argv[i], "-p") && i + 1 < argc)
        path = argv[++i];
      else if (g_str_has_prefix (argv[i], "-p="))
        path = argv[i] + strlen ("-p=");
      if (path == NULL)
        continue;
      if (!g_str_has_prefix (path, prefix))
        return FALSE;
      n++;
    }
  return n > 0;
}

static int
run_tests (gboolean several_paths)
{
  int ret = g_test_run ();

  if (several_paths)
    {
      g_set_print_handler (default_print);
      if (held_plan != NULL)
        g_print ("%s", held_plan);
      g_clear_pointer (&held_plan, g_free);
    }

  g_clear_object (&app);
  app_test_iterate (50);
  /* As main() does: no thread is left inside Poppler or qpdf when the
   * exit handlers run. */
  sealdesk_verify_task_stop_workers ();
  sealdesk_render_queue_stop_workers ();
  remove_tree (home_dir);
  g_free (home_dir);
  keys_test_token_teardown ();
  g_free (group_argv);
  g_free (group_path);

  return ret;
}

static gboolean
workspace_opened (gpointer data)
{
  return sealdesk_application_get_workspace (app) != NULL ||
         sealdesk_application_get_workspace_error (app) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *workspace_dir = NULL;
  gboolean several_paths;
  gboolean startup;

  /* Worker threads (rendering, verifying, signing) may still run while the
   * process exits: OpenSSL must not free its state under them. */
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);

  /* A home of its own, for the recent files list and the like. */
  home_dir = g_dir_make_tmp ("sealdesk-test-app-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", home_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", home_dir, TRUE);
  /* The workspace the application opens at startup, in that home too. */
  workspace_dir = g_build_filename (home_dir, "sealdesk-home", NULL);
  g_setenv ("SEALDESK_HOME", workspace_dir, TRUE);
  /* The session bus of the tests has no unlocked keyring: the ledger key
   * (made when a seal is first added) goes into the data folder instead
   * of a keyring prompt that nobody answers. */
  g_setenv ("SEALDESK_LEDGER_KEY_STORE", "file", TRUE);

  /* (Kept until the tests have run: GLib keeps pointers into it.) */
  argv = group_argv = take_group (&argc, argv);
  several_paths = count_test_paths (argc, argv) > 1;
  /* test-app-startup.c opens a document while the workspace still opens:
   * nothing else registered, nothing waited for; in "startup-broken" the
   * data folder is a file, so that it cannot be opened. */
  startup = all_test_paths_under (argc, argv, "/app/startup");
  if (all_test_paths_under (argc, argv, "/app/startup-broken"))
    g_assert_true (g_file_set_contents (workspace_dir, "not a folder", -1, NULL));
  g_test_init (&argc, &argv, NULL);
  if (several_paths)
    default_print = g_set_print_handler (print_holding_plan);
  /* Before anything loads SoftHSM2: a token to sign with. */
  keys_test_token_setup ();

  app = sealdesk_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  if (startup)
    {
      add_startup_tests ();
      return run_tests (several_paths);
    }
  /* Opened in a worker thread at startup. */
  g_assert_true (app_test_wait_until (workspace_opened, NULL, WAIT_SECONDS));
  g_assert_null (sealdesk_application_get_workspace_error (app));
  g_assert_cmpstr (sd_workspace_get_data_dir (sealdesk_application_get_workspace (app)), ==,
                   workspace_dir);

  add_core_tests ();
  add_view_tests ();
  add_window_tests ();
  add_signature_tests ();
  add_hostile_tests ();
  add_hostile_draw_tests ();
  add_marks_tests ();
  add_sign_tests ();
  add_fix_tests ();
  /* Before the seal and placement tests fill the library: the request
   * dialog offers the first seal and profile it finds. */
  add_requests_tests ();
  add_seals_tests ();
  add_handwriting_tests ();
  add_trust_tests ();
  add_sync_tests ();
  add_placement_tests ();
  add_placement_palette_tests ();
  add_placement_sign_tests ();
  add_placement_field_tests ();
  /* After the requests tests: it adds a seal to the library. */
  add_page_marks_tests ();
  add_session_tests ();
  add_batch_tests ();
  add_views_tests ();
  add_timestamps_tests ();
  add_ledger_tests ();
  add_review_tests ();
  add_keyboard_tests ();
  add_a11y_tests ();
  add_designer_tests ();
  add_pen_tests ();
  add_dark_tests ();
  add_cancel_tests ();
  /* Last: /app/reader/save-copy opens GTK 4.8's fallback file chooser,
   * after which xdotool's keys no longer reach a window of the test (seen
   * in /app/placement/edit); nothing after it sends X input. (The ledger
   * group's /app/ledger/export-filtered opens it too: the groups run in
   * processes of their own.) */
  add_reader_tests ();
  add_startup_tests ();

  return run_tests (several_paths);
}
