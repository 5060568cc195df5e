/* test-app-sync.c: the shared folder, watched by the application
 *
 * Two workspaces: the application's own (A) and a second workstation (B)
 * made with the real sealdesk-cli in a data folder of its own, as
 * tests/sync does. B's seal reaches A's shared folder the way a sync
 * engine delivers it (B's folder renamed into place, then B writing
 * straight into it); the application's monitor takes it in without a
 * manual pass, and the header bar's indicator says so. A folder that
 * cannot be used shows an error and changes nothing. The Preferences page
 * pairs and forgets a workstation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "app-test-util.h"
#include "sd-seal-library.h"
#include "sd-sync.h"
#include "sealdesk-preferences-sync-page.h"
#include "sealdesk-preferences-window.h"
#include "test-app.h"

static const char *
build_dir (void)
{
  const char *dir = g_getenv ("SD_TEST_BUILDDIR");

  g_assert_nonnull (dir);   /* set by meson test */
  return dir;
}

/* Runs sealdesk-cli for the workstation whose data folder is @home;
 * returns its standard output (it must succeed). */
static char *
run_cli (const char *home,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_build_filename (build_dir (), "src", "cli", "sealdesk-cli", NULL));
  va_start (args, home);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "SEALDESK_HOME", home, TRUE);
  env = g_environ_setenv (env, "SEALDESK_LEDGER_KEY_STORE", "file", TRUE);
  env = g_environ_setenv (env, "PIN", "sealdesk-test", TRUE);
  env = g_environ_unsetenv (env, "DBUS_SESSION_BUS_ADDRESS");
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sealdesk-cli %s failed: %s", (char *) argv->pdata[1], err);
  return g_steal_pointer (&out);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

typedef struct
{
  char *root;       /* below the tests' home */
  char *shared;     /* A's shared folder */
  char *b_home;
  char *b_id;
  char *b_key;
  char *key;        /* the keeper's key, as `keys list` names it */
} Site;

/* Workstation B: a seal keeper and a seal, published into @staging. */
static void
site_init (Site       *site,
           const char *staging)
{
  g_autofree char *p12 = g_build_filename (build_dir (), "tests", "pki", "ec-p256.p12", NULL);
  g_autofree char *head_text = NULL;
  g_autofree char *ignored = NULL;
  g_autoptr(JsonObject) head = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_build_filename (home_dir, "sync-XXXXXX", NULL);

  site->root = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (site->root);
  site->shared = g_build_filename (site->root, "shared", NULL);
  site->b_home = g_build_filename (site->root, "B", NULL);
  g_assert_cmpint (g_mkdir (site->shared, 0755), ==, 0);
  site->key = g_strconcat ("p12:", p12, NULL);
  g_free (run_cli (site->b_home, "profile", "add", "keeper", "--role", "seal-keeper", "--key", site->key,
                   "--pin-env", "PIN", NULL));
  g_free (run_cli (site->b_home, "seal", "generate", "--org", "Firm", "--title", "Contract seal", "--name",
                   "Firm seal", "--kind", "contract", "--key", site->key, "--as", "keeper", NULL));
  head_text = run_cli (site->b_home, "ledger", "head", "--json", NULL);
  head = parse_object (head_text);
  site->b_id = g_strdup (json_object_get_string_member (head, "workstation"));
  site->b_key = g_strdup (json_object_get_string_member (head, "key_id"));
  if (staging != NULL)
    ignored = run_cli (site->b_home, "sync", "--folder", staging, "--once", NULL);
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

static SealdeskSyncMonitor *
monitor (void)
{
  return sealdesk_application_get_sync_monitor (app);
}

static GSettings *
settings (void)
{
  return sealdesk_application_get_settings (app);
}

static SdWorkspace *
workspace (void)
{
  return sealdesk_application_get_workspace (app);
}

/* Back to no folder, no peers, the default interval. */
static void
site_clear (Site *site)
{
  g_autoptr(JsonNode) peers = sd_sync_peer_list (workspace (), NULL);
  JsonArray *list = json_node_get_array (peers);

  g_settings_reset (settings (), "sync-folder");
  g_settings_reset (settings (), "sync-interval");
  for (guint i = 0; i < json_array_get_length (list); i++)
    sd_sync_peer_remove (workspace (),
                         json_object_get_string_member (json_array_get_object_element (list, i), "workstation"),
                         NULL);
  remove_tree (site->root);
  g_free (site->root);
  g_free (site->shared);
  g_free (site->b_home);
  g_free (site->b_id);
  g_free (site->b_key);
  g_free (site->key);
}

static gboolean
monitor_resting (gpointer data)
{
  SealdeskSyncState state = sealdesk_sync_monitor_get_state (monitor ());

  return state != SEALDESK_SYNC_STATE_SYNCING && sealdesk_sync_monitor_get_passes (monitor ()) > GPOINTER_TO_UINT (data);
}

static gboolean
imported_more_than (gpointer data)
{
  return sealdesk_sync_monitor_get_imported (monitor ()) > GPOINTER_TO_UINT (data);
}

static gboolean
seal_taken (gpointer data)
{
  g_autoptr(SdSeal) seal = sd_seal_library_get (workspace (), data, NULL);

  return seal != NULL;
}

static gboolean
messages_contain (const char *text)
{
  g_auto(GStrv) messages = sealdesk_sync_monitor_dup_messages (monitor ());

  for (guint i = 0; messages[i] != NULL; i++)
    if (strstr (messages[i], text) != NULL)
      return TRUE;
  /* What there was instead, for the log. */
  for (guint i = 0; messages[i] != NULL; i++)
    g_test_message ("sync: %s", messages[i]);
  return FALSE;
}

/* The ID of B's seal named @name. */
static char *
b_seal (Site       *site,
        const char *name)
{
  g_autofree char *text = run_cli (site->b_home, "seal", "list", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *seals;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  root = json_parser_get_root (parser);
  seals = json_object_get_array_member (json_node_get_object (root), "seals");
  for (guint i = 0; i < json_array_get_length (seals); i++)
    {
      JsonObject *s = json_array_get_object_element (seals, i);

      if (g_strcmp0 (json_object_get_string_member (s, "name"), name) == 0)
        return g_strdup (json_object_get_string_member (s, "id"));
    }
  g_assert_not_reached ();
}

static void
find_widgets (GtkWidget *widget,
              GType      type,
              GPtrArray *out);

/* A toast of @data (a window) says that something was taken in. */
static gboolean
toast_shown (gpointer data)
{
  SealdeskWindow *window = data;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_widgets (GTK_WIDGET (window->toast_overlay), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), "taken in from the shared folder") != NULL)
      return TRUE;
  return FALSE;
}

static void
test_sync_monitor_imports_dropped (void)
{
  Site site = { 0 };
  g_autofree char *staging = NULL;
  g_autofree char *dropped = NULL;
  g_autofree char *from = NULL;
  g_autofree char *seal1 = NULL;
  g_autofree char *seal2 = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *ignored = NULL;
  g_autoptr(GError) error = NULL;
  SealdeskWindow *window;
  guint passes, imported;

  g_test_summary ("A file dropped into the shared folder is taken in by the monitor without a manual pass, "
                  "and the header bar's indicator says so");
  /* No periodic rescan within the test: what happens comes from events. */
  g_settings_set_uint (settings (), "sync-interval", 3600);
  staging = g_build_filename (home_dir, "sync-staging", NULL);
  g_assert_cmpint (g_mkdir_with_parents (staging, 0755), ==, 0);
  site_init (&site, staging);
  seal1 = b_seal (&site, "Firm seal");
  sd_sync_peer_add (workspace (), site.b_id, site.b_key, "B", &error);
  g_assert_no_error (error);

  window = open_window (NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->sync_indicator)));
  passes = sealdesk_sync_monitor_get_passes (monitor ());
  g_settings_set_string (settings (), "sync-folder", site.shared);
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (passes), WAIT_SECONDS));
  g_assert_cmpint (sealdesk_sync_monitor_get_state (monitor ()), ==, SEALDESK_SYNC_STATE_IDLE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->sync_indicator)));
  g_assert_true (g_str_has_prefix (sealdesk_sync_indicator_get_summary (window->sync_indicator), "Synced at "));
  g_assert_null (sd_seal_library_get (workspace (), seal1, NULL));

  /* Delivered whole, as a sync engine or a copied USB stick does. */
  imported = sealdesk_sync_monitor_get_imported (monitor ());
  from = g_build_filename (staging, site.b_id, NULL);
  dropped = g_build_filename (site.shared, site.b_id, NULL);
  g_assert_cmpint (g_rename (from, dropped), ==, 0);
  g_assert_true (app_test_wait_until (imported_more_than, GUINT_TO_POINTER (imported), WAIT_SECONDS));
  g_assert_true (messages_contain (seal1));
  g_assert_true (app_test_wait_until (seal_taken, seal1, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (0), WAIT_SECONDS));
  taken = g_strdup_printf ("Taken in since Sealdesk started: %u", sealdesk_sync_monitor_get_imported (monitor ()));
  g_assert_nonnull (strstr (sealdesk_sync_indicator_get_details (window->sync_indicator), taken));
  g_assert_nonnull (strstr (sealdesk_sync_indicator_get_details (window->sync_indicator), site.shared));
  /* And said in a toast of the window. */
  g_assert_true (app_test_wait_until (toast_shown, window, WAIT_SECONDS));
  g_assert_true (g_str_has_prefix (sealdesk_sync_indicator_get_summary (window->sync_indicator), "Synced at "));

  /* Then B writes straight into its folder there: watched too. */
  imported = sealdesk_sync_monitor_get_imported (monitor ());
  g_free (run_cli (site.b_home, "seal", "generate", "--org", "Firm", "--title", "Finance seal", "--name",
                   "Finance seal", "--kind", "company", "--key", site.key, "--as", "keeper", NULL));
  seal2 = b_seal (&site, "Finance seal");
  ignored = run_cli (site.b_home, "sync", "--folder", site.shared, "--once", NULL);
  g_assert_true (app_test_wait_until (seal_taken, seal2, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (imported_more_than, GUINT_TO_POINTER (imported), WAIT_SECONDS));

  close_window (window);
  site_clear (&site);
  remove_tree (staging);
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (0), WAIT_SECONDS));
}

static gboolean
monitor_failed (gpointer data)
{
  return sealdesk_sync_monitor_get_state (monitor ()) == SEALDESK_SYNC_STATE_ERROR;
}

static char *
status_text (void)
{
  g_autoptr(JsonNode) status = sd_sync_status (workspace (), NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_assert_nonnull (status);
  json_generator_set_root (generator, status);
  return json_generator_to_data (generator, NULL);
}

/* @path cannot be used as the shared folder: error shown, nothing changed. */
static void
expect_unusable (SealdeskWindow *window,
                 const char     *path,
                 gboolean        exists)
{
  g_autofree char *before = status_text ();
  g_autofree char *after = NULL;
  const char *error;
  guint passes = sealdesk_sync_monitor_get_passes (monitor ());

  g_settings_set_string (settings (), "sync-folder", path);
  g_assert_true (app_test_wait_until (monitor_failed, NULL, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (passes), WAIT_SECONDS));
  error = sealdesk_sync_monitor_get_error (monitor ());
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, path));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->sync_indicator)));
  g_assert_cmpstr (sealdesk_sync_indicator_get_summary (window->sync_indicator), ==,
                   "The shared folder cannot be used");
  g_assert_nonnull (strstr (sealdesk_sync_indicator_get_details (window->sync_indicator), error));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (GTK_WIDGET (window->sync_indicator)),
                                           "error"));
  /* Sync Now tries again, and fails the same way. */
  passes = sealdesk_sync_monitor_get_passes (monitor ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-now", NULL));
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (passes), WAIT_SECONDS));
  g_assert_cmpint (sealdesk_sync_monitor_get_state (monitor ()), ==, SEALDESK_SYNC_STATE_ERROR);
  /* Nothing made there, nothing changed in the workspace. */
  g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, exists);
  after = status_text ();
  g_assert_cmpstr (before, ==, after);
}

static void
test_sync_unusable_folder (void)
{
  Site site = { 0 };
  g_autofree char *gone = NULL;
  g_autofree char *file = NULL;
  g_autofree char *locked = NULL;
  SealdeskWindow *window;
  guint passes;

  g_test_summary ("A shared folder that cannot be used shows an error and changes nothing; a usable one clears it");
  g_settings_set_uint (settings (), "sync-interval", 3600);
  site_init (&site, NULL);
  window = open_window (NULL);

  /* Pulled out (a USB stick, an unmounted share). */
  gone = g_build_filename (site.root, "gone", NULL);
  expect_unusable (window, gone, FALSE);
  /* A file where the folder should be. */
  file = g_build_filename (site.root, "a-file", NULL);
  g_assert_true (g_file_set_contents (file, "not a folder\n", -1, NULL));
  expect_unusable (window, file, TRUE);
  /* Unreadable (root reads every folder: only as another user). */
  if (geteuid () != 0)
    {
      locked = g_build_filename (site.root, "locked", NULL);
      g_assert_cmpint (g_mkdir (locked, 0), ==, 0);
      expect_unusable (window, locked, TRUE);
      g_chmod (locked, 0755);
    }

  /* Usable again: the error goes. */
  passes = sealdesk_sync_monitor_get_passes (monitor ());
  g_settings_set_string (settings (), "sync-folder", site.shared);
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (passes), WAIT_SECONDS));
  g_assert_cmpint (sealdesk_sync_monitor_get_state (monitor ()), ==, SEALDESK_SYNC_STATE_IDLE);
  g_assert_null (sealdesk_sync_monitor_get_error (monitor ()));
  g_assert_true (g_str_has_prefix (sealdesk_sync_indicator_get_summary (window->sync_indicator), "Synced at "));

  close_window (window);
  site_clear (&site);
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (0), WAIT_SECONDS));
}

static void
find_widgets (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_widgets (child, type, out);
}

typedef struct
{
  const char *workstation;
  gboolean    paired;
} PeerWanted;

static gboolean
peer_is (gpointer data)
{
  PeerWanted *wanted = data;
  g_autoptr(JsonNode) peers = sd_sync_peer_list (workspace (), NULL);
  JsonArray *list = json_node_get_array (peers);
  gboolean found = FALSE;

  for (guint i = 0; i < json_array_get_length (list); i++)
    found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (list, i), "workstation"),
                        wanted->workstation) == 0;
  return found == wanted->paired;
}

/* The row of @page titled @title, or NULL. */
static GtkWidget *
find_row (GtkWidget  *page,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_widgets (page, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static gboolean
row_shown (gpointer data)
{
  void **args = data;

  return (find_row (args[0], args[1]) != NULL) == GPOINTER_TO_INT (args[2]);
}

static gboolean
subtitle_starts (gpointer data)
{
  void **args = data;
  GtkWidget *row = find_row (args[0], args[1]);
  const char *subtitle = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && g_str_has_prefix (subtitle, args[2]);
}

static void
test_sync_preferences_pairing (void)
{
  Site site = { 0 };
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *window, *page, *row;
  PeerWanted wanted = { 0 };
  void *args[3];

  g_test_summary ("The Preferences page pairs a workstation, shows it, and forgets it; it shows the folder "
                  "and the status");
  site_init (&site, NULL);
  window = sealdesk_preferences_window_new (NULL, workspace ());
  gtk_window_present (GTK_WINDOW (window));
  find_widgets (window, SEALDESK_TYPE_PREFERENCES_SYNC_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  page = g_ptr_array_index (pages, 0);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  /* Its ID, ledger key ID and name, as the other workstation shows them. */
  find_widgets (page, ADW_TYPE_ENTRY_ROW, entries);
  g_assert_cmpuint (entries->len, ==, 3);
  gtk_editable_set_text (g_ptr_array_index (entries, 0), site.b_id);
  gtk_editable_set_text (g_ptr_array_index (entries, 1), site.b_key);
  gtk_editable_set_text (g_ptr_array_index (entries, 2), "Seal keeper’s desk");
  g_assert_true (gtk_widget_activate_action (page, "sync-page.pair", NULL));
  wanted.workstation = site.b_id;
  wanted.paired = TRUE;
  g_assert_true (app_test_wait_until (peer_is, &wanted, WAIT_SECONDS));
  args[0] = page;
  args[1] = (void *) "Seal keeper’s desk";
  args[2] = GINT_TO_POINTER (TRUE);
  g_assert_true (app_test_wait_until (row_shown, args, WAIT_SECONDS));
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 0)), ==, "");

  /* Forgotten with its row's button. */
  row = find_row (page, "Seal keeper’s desk");
  find_widgets (row, GTK_TYPE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, 0)), ==, "Forget this Workstation");
  g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  wanted.paired = FALSE;
  g_assert_true (app_test_wait_until (peer_is, &wanted, WAIT_SECONDS));
  args[2] = GINT_TO_POINTER (FALSE);
  g_assert_true (app_test_wait_until (row_shown, args, WAIT_SECONDS));

  /* The folder and the status as they are, whatever characters they hold. */
  {
    g_autofree char *odd = g_build_filename (site.root, "R&D <legal>", NULL);
    void *status[3] = { page, (void *) "Status", (void *) "The shared folder cannot be used" };

    g_settings_set_string (settings (), "sync-folder", odd);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (page, "Folder"))), ==, odd);
    g_assert_true (app_test_wait_until (subtitle_starts, status, WAIT_SECONDS));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (page, "Status"))), odd));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  app_test_iterate (50);
  site_clear (&site);
  g_assert_true (app_test_wait_until (monitor_resting, GUINT_TO_POINTER (0), WAIT_SECONDS));
}

void
add_sync_tests (void)
{
  g_test_add_func ("/app/sync/monitor-imports-dropped", test_sync_monitor_imports_dropped);
  g_test_add_func ("/app/sync/unusable-folder", test_sync_unusable_folder);
  g_test_add_func ("/app/sync/preferences-pairing", test_sync_preferences_pairing);
}
