/* test-app-ledger.c: the Ledger view of a window, driven as a person would
 *
 *   /app/ledger/filters  nine entries of two people, two seals, five kinds
 *                        and four months, made with the core API (profiles,
 *                        seals and sd_ledger_record at fixed times): the
 *                        seal, person, from/to date and kind filters each
 *                        narrow the list to exactly the right rows (their
 *                        titles and subtitles checked, and the count), so do
 *                        combinations of them; a date that is no date is
 *                        marked and says why; clearing them shows every row
 *   /app/ledger/verify   "Verify Ledger" says the ledger is intact; once one
 *                        entry's row is changed by sqlite3 in the database it
 *                        says the ledger was changed, naming that entry
 *                        (and intact again once the row is put back)
 *   /app/ledger/export   the export writes a file whose entries are the rows
 *                        shown, and the export itself is listed afterwards
 *   /app/ledger/export-filtered  with filters set (a person and a range of
 *                        days; then a seal, a person, a range and a kind),
 *                        Export… through its real file chooser (the chooser
 *                        and the toast say how many) writes exactly the
 *                        entries shown, the file marked as a selection, its
 *                        signature over it, and the ledger's export entry
 *                        counting them. Last of the group: it opens GTK
 *                        4.8's fallback file chooser (see test-app.c), and
 *                        no test of the group sends X input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "app-test-util.h"
#include "sd-ledger.h"
#include "sd-profile.h"
#include "sd-seal-library.h"
#include "sealdesk-ledger-view-private.h"
#include "test-app.h"

#define CLERK "Sealdesk Test Signer RSA-2048 (clerk)"
#define JUDGE "Sealdesk Test Signer EC P-256 (judge)"
#define DOCUMENT "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The entries made, by seq - 1: each row's title and subtitle. */
static const struct {
  const char *title;
  const char *subtitle;
} rows[] = {
  { "#1 Lifecycle", CLERK " · 2026-01-05T09:00:00Z" },
  { "#2 Lifecycle", JUDGE " · 2026-01-05T09:10:00Z" },
  { "#3 Lifecycle — Court seal", CLERK " · 2026-02-10T10:00:00Z" },
  { "#4 Lifecycle — Registry seal", JUDGE " · 2026-02-11T10:00:00Z" },
  { "#5 Seal use — Court seal", CLERK " · 2026-03-02T08:30:00Z · document 0123456789ab…" },
  { "#6 Decision — Registry seal", JUDGE " · 2026-03-15T14:00:00Z · request req-1" },
  { "#7 Seal use — Registry seal", JUDGE " · 2026-03-31T23:59:59Z" },
  { "#8 Key use", CLERK " · 2026-04-01T00:00:00Z" },
  { "#9 Refusal — Court seal", CLERK " · 2026-05-20T12:00:00Z" },
};

static void
record (SdWorkspace *workspace, const char *time, SdLedgerKind kind, const char *actor,
        const char *seal, const char *request, const char *document)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("SEALDESK_TEST_NOW", time, TRUE);
  g_assert_cmpint (sd_ledger_record (sd_workspace_get_ledger (workspace), kind, actor, seal, request,
                                     document, NULL, &error), >, 0);
  g_assert_no_error (error);
}

/* The entries of rows[], once a process. */
static void
make_entries (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  g_autofree char *clerk_key = pki_key ("rsa2048.p12");
  g_autofree char *judge_key = pki_key ("ec-p256.p12");
  g_autofree char *court = NULL, *registry = NULL;

  if (sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL) > 0)
    {
      g_assert_cmpint (sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL), >=,
                       G_N_ELEMENTS (rows));
      return;
    }

  g_setenv ("SEALDESK_TEST_NOW", "2026-01-05T09:00:00Z", TRUE);
  add_pki_profile (workspace, "clerk", SD_ROLE_REQUESTER | SD_ROLE_SEAL_KEEPER, "rsa2048.p12");
  g_setenv ("SEALDESK_TEST_NOW", "2026-01-05T09:10:00Z", TRUE);
  add_pki_profile (workspace, "judge", SD_ROLE_APPROVER, "ec-p256.p12");
  g_setenv ("SEALDESK_TEST_NOW", "2026-02-10T10:00:00Z", TRUE);
  court = add_name_seal (workspace, "Court seal", "法院", clerk_key, "clerk");
  g_setenv ("SEALDESK_TEST_NOW", "2026-02-11T10:00:00Z", TRUE);
  registry = add_name_seal (workspace, "Registry seal", "登记", judge_key, "judge");

  record (workspace, "2026-03-02T08:30:00Z", SD_LEDGER_SEAL_USE, "clerk", court, NULL, DOCUMENT);
  record (workspace, "2026-03-15T14:00:00Z", SD_LEDGER_DECISION, "judge", registry, "req-1", NULL);
  record (workspace, "2026-03-31T23:59:59Z", SD_LEDGER_SEAL_USE, "judge", registry, NULL, NULL);
  record (workspace, "2026-04-01T00:00:00Z", SD_LEDGER_KEY_USE, "clerk", NULL, NULL, NULL);
  record (workspace, "2026-05-20T12:00:00Z", SD_LEDGER_REFUSAL, "clerk", court, NULL, NULL);
  g_unsetenv ("SEALDESK_TEST_NOW");
  g_assert_cmpint (sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL), ==, G_N_ELEMENTS (rows));
}

/* Finding widgets */

static GtkWidget *
child (SealdeskLedgerView *view, const char *id)
{
  GtkWidget *widget = app_test_find_by_id (GTK_WIDGET (view), id);

  if (widget == NULL)
    g_error ("The ledger view has no “%s”", id);
  return widget;
}

/* Conditions */

gboolean
ledger_idle (gpointer data)
{
  return !sealdesk_ledger_view_is_loading (data) && !sealdesk_ledger_view_is_exporting (data) &&
         sealdesk_ledger_view_get_verdict (data) != SEALDESK_LEDGER_CHECKING;
}

gboolean
ledger_has (gpointer data)
{
  LedgerCount *count = data;

  return ledger_idle (count->view) && sealdesk_ledger_view_get_n_entries (count->view) == count->n;
}

gboolean
ledger_shows (gpointer data)
{
  LedgerCount *count = data;

  return ledger_idle (count->view) && sealdesk_ledger_view_get_n_shown (count->view) == count->n;
}

/* The ledger view of a window, showing the entries of rows[] (and @more). */
static SealdeskLedgerView *
show_ledger (guint more)
{
  SealdeskWindow *window;
  LedgerCount count = { NULL, G_N_ELEMENTS (rows) + more };

  make_entries ();
  window = open_sample ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "ledger"));
  g_assert_nonnull (window->ledger_view);
  count.view = SEALDESK_LEDGER_VIEW (window->ledger_view);
  g_assert_true (app_test_wait_until (ledger_has, &count, WAIT_SECONDS));
  return count.view;
}

/* The rows shown, a line each: "title | subtitle". */
static char *
shown_rows (SealdeskLedgerView *view)
{
  GtkWidget *list = child (view, "list");
  GString *text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && gtk_widget_get_child_visible (row))
      g_string_append_printf (text, "%s | %s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  return g_string_free (text, FALSE);
}

/* Checks that the rows shown are those of the entries @seqs (newest
 * first, ending with 0), and the count above them. */
static void
assert_rows (SealdeskLedgerView *view, const char *what, const int *seqs)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *shown = NULL;
  g_autofree char *count = NULL;
  guint n = 0;

  app_test_iterate (5);
  for (; seqs[n] != 0; n++)
    g_string_append_printf (expected, "%s | %s\n", rows[seqs[n] - 1].title, rows[seqs[n] - 1].subtitle);
  shown = shown_rows (view);
  g_test_message ("%s:\n%s", what, shown);
  g_assert_cmpstr (shown, ==, expected->str);
  g_assert_cmpuint (sealdesk_ledger_view_get_n_shown (view), ==, n);
  count = n == G_N_ELEMENTS (rows) ? g_strdup_printf ("%u entries", n)
                                   : g_strdup_printf ("%u of %u entries", n, (guint) G_N_ELEMENTS (rows));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (view, "count_label"))), ==, count);
}

/* Chooses the item @text of the drop-down @id ("" = its first: all). */
static void
choose (SealdeskLedgerView *view, const char *id, const char *text)
{
  GtkDropDown *drop = GTK_DROP_DOWN (child (view, id));
  GListModel *items = gtk_drop_down_get_model (drop);

  if (text[0] == '\0')
    {
      gtk_drop_down_set_selected (drop, 0);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (items), i), text))
      {
        gtk_drop_down_set_selected (drop, i);
        return;
      }
  g_error ("“%s” offers no “%s”", id, text);
}

static void
type_date (SealdeskLedgerView *view, const char *id, const char *date)
{
  gtk_editable_set_text (GTK_EDITABLE (child (view, id)), date);
}

static void
clear_filters (SealdeskLedgerView *view)
{
  choose (view, "seal_drop", "");
  choose (view, "person_drop", "");
  choose (view, "kind_drop", "");
  type_date (view, "from_entry", "");
  type_date (view, "to_entry", "");
  gtk_editable_set_text (GTK_EDITABLE (child (view, "search_entry")), "");
}

static void
test_filters (void)
{
  SealdeskLedgerView *view = show_ledger (0);
  GtkWidget *from_entry;

  assert_rows (view, "all", (int[]) { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 });

  /* Each filter alone. */
  choose (view, "seal_drop", "Court seal");
  assert_rows (view, "the court seal", (int[]) { 9, 5, 3, 0 });
  choose (view, "seal_drop", "Registry seal");
  assert_rows (view, "the registry seal", (int[]) { 7, 6, 4, 0 });
  clear_filters (view);

  choose (view, "person_drop", CLERK);
  assert_rows (view, "the clerk", (int[]) { 9, 8, 5, 3, 1, 0 });
  choose (view, "person_drop", JUDGE);
  assert_rows (view, "the judge", (int[]) { 7, 6, 4, 2, 0 });
  clear_filters (view);

  /* Both ends of a range are days included. */
  type_date (view, "from_entry", "2026-03-01");
  type_date (view, "to_entry", "2026-03-31");
  assert_rows (view, "March", (int[]) { 7, 6, 5, 0 });
  type_date (view, "to_entry", "");
  type_date (view, "from_entry", "2026-04-01");
  assert_rows (view, "from April", (int[]) { 9, 8, 0 });
  type_date (view, "from_entry", "");
  type_date (view, "to_entry", "2026-02-10");
  assert_rows (view, "until 10 February", (int[]) { 3, 2, 1, 0 });
  clear_filters (view);

  choose (view, "kind_drop", "Seal use");
  assert_rows (view, "seal uses", (int[]) { 7, 5, 0 });
  choose (view, "kind_drop", "Lifecycle");
  assert_rows (view, "lifecycle", (int[]) { 4, 3, 2, 1, 0 });
  choose (view, "kind_drop", "Refusal");
  assert_rows (view, "refusals", (int[]) { 9, 0 });
  clear_filters (view);
  assert_rows (view, "cleared", (int[]) { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 });

  /* Together. */
  choose (view, "seal_drop", "Court seal");
  choose (view, "kind_drop", "Seal use");
  assert_rows (view, "the court seal's uses", (int[]) { 5, 0 });
  clear_filters (view);
  choose (view, "person_drop", JUDGE);
  type_date (view, "from_entry", "2026-03-01");
  type_date (view, "to_entry", "2026-03-31");
  assert_rows (view, "the judge in March", (int[]) { 7, 6, 0 });
  choose (view, "person_drop", CLERK);
  choose (view, "seal_drop", "Court seal");
  type_date (view, "from_entry", "");
  assert_rows (view, "the clerk with the court seal until March", (int[]) { 5, 3, 0 });
  choose (view, "kind_drop", "Decision");
  assert_rows (view, "and decisions among them: none", (int[]) { 0 });

  /* A date that is none is marked, with why, and filters nothing. */
  clear_filters (view);
  from_entry = child (view, "from_entry");
  type_date (view, "from_entry", "2026-13-40");
  g_assert_true (gtk_widget_has_css_class (from_entry, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (from_entry));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (from_entry), "YYYY-MM-DD"));
  assert_rows (view, "not a date", (int[]) { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 });
  type_date (view, "from_entry", "2026-05-01");
  g_assert_false (gtk_widget_has_css_class (from_entry, "error"));
  assert_rows (view, "from May", (int[]) { 9, 0 });

  /* Cleared, every row again. */
  clear_filters (view);
  assert_rows (view, "cleared again", (int[]) { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 });
  close_all_windows ();
}

/* Verify */

gboolean
ledger_checked (gpointer data)
{
  SealdeskLedgerVerdict verdict = sealdesk_ledger_view_get_verdict (data);

  return ledger_idle (data) && (verdict == SEALDESK_LEDGER_VALID || verdict == SEALDESK_LEDGER_INVALID);
}

static SealdeskLedgerVerdict
verify (SealdeskLedgerView *view)
{
  GtkWidget *result = child (view, "result_revealer");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "ledger.verify", NULL));
  g_assert_cmpint (sealdesk_ledger_view_get_verdict (view), ==, SEALDESK_LEDGER_CHECKING);
  g_assert_true (app_test_wait_until (ledger_checked, view, WAIT_SECONDS));
  /* The verdict is shown, not only kept. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (result)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (view, "result_label"))), ==,
                   sealdesk_ledger_view_get_message (view));
  g_test_message ("%s", sealdesk_ledger_view_get_message (view));
  return sealdesk_ledger_view_get_verdict (view);
}

/* Runs sqlite3 on the workspace's database. */
static void
run_sqlite (const char *sql)
{
  g_autofree char *db = g_build_filename (g_getenv ("SEALDESK_HOME"), "sealdesk.db", NULL);
  const char *argv[] = { "sqlite3", db, sql, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sqlite3 %s: %s", sql, err);
}

static void
test_verify (void)
{
  SealdeskLedgerView *view = show_ledger (0);
  GtkWidget *result_box = child (view, "result_box");
  const char *message;

  if (g_find_program_in_path ("sqlite3") == NULL)
    {
      g_test_skip ("needs sqlite3");
      return;
    }
  g_assert_cmpint (verify (view), ==, SEALDESK_LEDGER_VALID);
  message = sealdesk_ledger_view_get_message (view);
  g_assert_nonnull (strstr (message, "intact"));
  g_assert_nonnull (strstr (message, "9 entries"));
  g_assert_true (gtk_widget_has_css_class (result_box, "success"));

  /* One entry's row changed behind the application's back: the decision
   * moved to another day. */
  run_sqlite ("UPDATE ledger_entry SET entry = replace(entry, '2026-03-15T14:00:00Z', "
              "'2026-03-16T14:00:00Z') WHERE seq = 6");
  g_assert_cmpint (verify (view), ==, SEALDESK_LEDGER_INVALID);
  message = sealdesk_ledger_view_get_message (view);
  g_assert_nonnull (strstr (message, "#6"));
  g_assert_null (strstr (message, "intact"));
  g_assert_true (gtk_widget_has_css_class (result_box, "error"));
  g_assert_false (gtk_widget_has_css_class (result_box, "success"));

  /* Put back, it checks out again. */
  run_sqlite ("UPDATE ledger_entry SET entry = replace(entry, '2026-03-16T14:00:00Z', "
              "'2026-03-15T14:00:00Z') WHERE seq = 6");
  g_assert_cmpint (verify (view), ==, SEALDESK_LEDGER_VALID);
  g_assert_true (gtk_widget_has_css_class (result_box, "success"));
  close_all_windows ();
}

/* Export */

static const char * const kinds[] = { "seal-use", "decision", "lifecycle", "key-use", "export", "refusal" };
static const char * const kind_names[] = { "Seal use", "Decision", "Lifecycle", "Key use", "Export", "Refusal" };

static guint
kind_index (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i]))
      return i;
  g_error ("no kind “%s”", kind);
}

static gboolean
export_done (gpointer data)
{
  return !sealdesk_ledger_view_is_exporting (data);
}

static void
test_export (void)
{
  SealdeskLedgerView *view = show_ledger (0);
  g_autofree char *path = g_build_filename (home_dir, "ledger-export.json", NULL);
  g_autofree char *sig_path = g_strconcat (path, ".sig.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = shown_rows (view);
  g_autoptr(GString) exported = g_string_new (NULL);
  LedgerCount count = { view, G_N_ELEMENTS (rows) + 1 };
  g_autoptr(GHashTable) seal_names = sd_seal_library_names (sealdesk_application_get_workspace (app), NULL);
  char *actor = NULL;
  JsonArray *entries;

  sealdesk_ledger_view_export_to (view, file);
  g_assert_true (sealdesk_ledger_view_is_exporting (view));
  g_assert_true (app_test_wait_until (export_done, view, WAIT_SECONDS));
  g_assert_nonnull (strstr (sealdesk_ledger_view_get_message (view), "ledger-export.json"));
  g_assert_true (g_file_test (sig_path, G_FILE_TEST_EXISTS));

  /* The file holds the entries the rows showed, each as its row said. */
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, G_N_ELEMENTS (rows));
  for (guint i = json_array_get_length (entries); i > 0; i--)
    {
      JsonObject *entry = json_array_get_object_element (entries, i - 1);
      gint64 seq = json_object_get_int_member (entry, "seq");
      const char *time = json_object_get_string_member (entry, "time");

      const char *kind = json_object_get_string_member (entry, "kind");
      g_autofree char *kind_title = NULL;

      g_assert_cmpint (seq, ==, i);
      /* The title has the kind and the seal's name, the subtitle the
       * person's profile. */
      kind_title = g_strdup_printf ("#%d %s", (int) seq, kind_names[kind_index (kind)]);
      g_assert_true (g_str_has_prefix (rows[i - 1].title, kind_title));
      if (json_object_get_null_member (entry, "seal"))
        g_assert_null (strstr (rows[i - 1].title, "—"));
      else
        g_assert_true (g_str_has_suffix (rows[i - 1].title,
                                         g_hash_table_lookup (seal_names,
                                                              json_object_get_string_member (entry, "seal"))));
      actor = g_strdup_printf ("(%s) · ", json_object_get_string_member (entry, "actor"));
      g_assert_nonnull (strstr (rows[i - 1].subtitle, actor));
      g_clear_pointer (&actor, g_free);
      /* The row's subtitle has the entry's time and, for a document or
       * a request, those. */
      g_assert_nonnull (strstr (rows[i - 1].subtitle, time));
      if (!json_object_get_null_member (entry, "request"))
        g_assert_nonnull (strstr (rows[i - 1].subtitle, json_object_get_string_member (entry, "request")));
      if (!json_object_get_null_member (entry, "document"))
        g_assert_cmpstr (json_object_get_string_member (entry, "document"), ==, DOCUMENT);
      g_string_append_printf (exported, "%s | %s\n", rows[i - 1].title, rows[i - 1].subtitle);
    }
  g_assert_cmpstr (exported->str, ==, shown);

  /* The export is an entry of its own, listed at once. */
  g_assert_true (app_test_wait_until (ledger_has, &count, WAIT_SECONDS));
  g_assert_true (g_str_has_prefix (gtk_widget_get_first_child (child (view, "list")) != NULL
                                     ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                                         gtk_widget_get_first_child (child (view, "list"))))
                                     : "",
                                   "#10 Export"));
  close_all_windows ();
}

/* Export… with filters set */

/* A label under @root reading @text, or NULL. */
static GtkWidget *
find_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return app_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
chooser_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

typedef struct {
  GtkFileChooser *chooser;
  GFile          *folder;
} InFolder;

static gboolean
chooser_in_folder (gpointer data)
{
  InFolder *in_folder = data;
  g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (in_folder->chooser);

  return current != NULL && g_file_equal (current, in_folder->folder);
}

typedef struct {
  SealdeskLedgerView *view;
  const char         *path;
} Exported;

static gboolean
file_exported (gpointer data)
{
  Exported *exported = data;

  return !sealdesk_ledger_view_is_exporting (exported->view) && g_file_test (exported->path, G_FILE_TEST_EXISTS) &&
         app_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

/* Runs Export… with the filters set, choosing @name in @folder in its file
 * chooser (GTK 4.8's fallback GtkFileChooserDialog under Xvfb, driven
 * through its widgets: see test-app.c), and checks that the file holds
 * exactly the entries @seqs (oldest first, ending with 0) the list shows,
 * and that the chooser, the view and a toast say how many. */
static void
export_shown (SealdeskLedgerView *view, const char *folder, const char *name, const int *seqs,
              const char *title, const char *message)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *sig_path = g_strconcat (path, ".sig.json", NULL);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) sig_parser = json_parser_new ();
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  SdLedger *ledger = sd_workspace_get_ledger (sealdesk_application_get_workspace (app));
  gint64 size_before = sd_ledger_get_size (ledger, NULL);
  LedgerCount count = { view, 0 };
  Exported exported = { view, path };
  InFolder in_folder = { NULL, NULL };
  GtkWidget *dialog, *accept, *window;
  JsonObject *root, *details, *last;
  JsonArray *entries, *all;
  gsize length = 0;
  guint n = 0;

  while (seqs[n] != 0)
    n++;
  g_assert_cmpuint (sealdesk_ledger_view_get_n_shown (view), ==, n);

  /* The real action and its chooser, which says how many. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "ledger.export", NULL));
  g_assert_nonnull (view->chooser);
  g_assert_cmpstr (gtk_native_dialog_get_title (GTK_NATIVE_DIALOG (view->chooser)), ==, title);
  g_assert_true (app_test_wait_until (chooser_shown, NULL, WAIT_SECONDS));
  dialog = app_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, title);
  /* Once it has opened its first folder (a folder chosen before that is
   * given up for it), the folder, then the name. */
  g_assert_true (app_test_wait_until (chooser_mapped, dialog, WAIT_SECONDS));
  app_test_iterate (300);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder_file, &error));
  g_assert_no_error (error);
  in_folder.chooser = GTK_FILE_CHOOSER (dialog);
  in_folder.folder = folder_file;
  g_assert_true (app_test_wait_until (chooser_in_folder, &in_folder, WAIT_SECONDS));
  app_test_iterate (100);
  g_assert_true (chooser_in_folder (&in_folder));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  app_test_iterate (50);
  g_assert_null (app_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
  accept = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_nonnull (accept);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (accept)), ==, "_Export");
  gtk_widget_activate (accept);
  g_assert_true (app_test_wait_until (file_exported, &exported, WAIT_SECONDS));
  g_test_message ("%s", sealdesk_ledger_view_get_message (view));
  g_assert_cmpstr (sealdesk_ledger_view_get_message (view), ==, message);
  window = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_WINDOW);
  g_assert_nonnull (find_label (window, message));

  /* Exactly the entries shown, as the ledger has them. */
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "sealdesk-ledger-export");
  g_assert_true (json_object_get_boolean_member_with_default (root, "selection", FALSE));
  entries = json_object_get_array_member (root, "entries");
  listed = sd_ledger_list (ledger, 1, &error);
  g_assert_no_error (error);
  all = json_node_get_array (listed);
  g_assert_cmpuint (json_array_get_length (entries), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *entry = json_array_get_element (entries, i);

      g_assert_cmpint (json_object_get_int_member (json_node_get_object (entry), "seq"), ==, seqs[i]);
      g_assert_true (json_node_equal (entry, json_array_get_element (all, seqs[i] - 1)));
    }
  /* Its signature is over this file. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_true (json_parser_load_from_file (sig_parser, sig_path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (sig_parser)), "sha256"),
                   ==, sha);

  /* The export is an entry that counts them. */
  g_assert_cmpint (json_array_get_length (all), ==, size_before + 1);
  last = json_array_get_object_element (all, json_array_get_length (all) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "export");
  details = json_object_get_object_member (last, "details");
  g_assert_cmpint (json_object_get_int_member (details, "entries"), ==, n);
  g_assert_true (json_object_get_boolean_member_with_default (details, "selection", FALSE));
  g_assert_cmpstr (json_object_get_string_member (details, "sha256"), ==, sha);
  count.n = size_before + 1;
  g_assert_true (app_test_wait_until (ledger_has, &count, WAIT_SECONDS));
}

static void
test_export_filtered (void)
{
  SdWorkspace *workspace = sealdesk_application_get_workspace (app);
  g_autofree char *folder = NULL;
  SealdeskLedgerView *view;

  make_entries ();
  /* After /app/ledger/export in the same process, its entry too. */
  view = show_ledger (sd_ledger_get_size (sd_workspace_get_ledger (workspace), NULL) - G_N_ELEMENTS (rows));
  folder = g_build_filename (home_dir, "ledger-exports", NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  /* The clerk until 1 April: not the judge's, nor later entries (the
   * exports are of today). */
  choose (view, "person_drop", CLERK);
  type_date (view, "to_entry", "2026-04-01");
  app_test_iterate (5);
  export_shown (view, folder, "clerk.json", (int[]) { 1, 3, 5, 8, 0 }, "Export 4 Ledger Entries",
                "Exported 4 entries to clerk.json, with its signature in clerk.json.sig.json.");

  /* Every filter at once. */
  clear_filters (view);
  choose (view, "seal_drop", "Registry seal");
  choose (view, "person_drop", JUDGE);
  type_date (view, "from_entry", "2026-03-01");
  type_date (view, "to_entry", "2026-03-31");
  choose (view, "kind_drop", "Seal use");
  app_test_iterate (5);
  export_shown (view, folder, "judge.json", (int[]) { 7, 0 }, "Export 1 Ledger Entry",
                "Exported 1 entry to judge.json, with its signature in judge.json.sig.json.");

  /* Nothing shown: nothing to export, and no chooser. */
  choose (view, "kind_drop", "Refusal");
  app_test_iterate (5);
  g_assert_cmpuint (sealdesk_ledger_view_get_n_shown (view), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "ledger.export", NULL));
  g_assert_null (view->chooser);
  g_assert_nonnull (strstr (sealdesk_ledger_view_get_message (view), "nothing to export"));
  close_all_windows ();
}

void
add_ledger_tests (void)
{
  g_test_add_func ("/app/ledger/filters", test_filters);
  g_test_add_func ("/app/ledger/verify", test_verify);
  g_test_add_func ("/app/ledger/export", test_export);
  /* Last of the group: GTK 4.8's fallback file chooser (see test-app.c). */
  g_test_add_func ("/app/ledger/export-filtered", test_export_filtered);
}
