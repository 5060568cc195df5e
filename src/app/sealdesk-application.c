/* sealdesk-application.c: the Sealdesk application (single instance)
 *
 * Files given on the command line (or by the desktop) are opened in the
 * running instance: a window already showing a file is brought forward,
 * otherwise an empty window is reused or a new one opened. On the very
 * first run the bundled sample award is shown.
 *
 * At startup the workspace (the data folder: keys, database, ledger) is
 * opened in a worker thread, so that a busy database never keeps the
 * first window from showing. Until it is open, and for good when it cannot
 * be opened, signing and the preferences are off; a failure is said once
 * in a dialog, while documents can still be opened and checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-preferences-window.h"
#include "sealdesk-recent.h"
#include "sealdesk-resources.h"
#include "sealdesk-sync-monitor.h"
#include "sealdesk-window.h"

#define MAX_RECENT_MENU_ITEMS 8

struct _SealdeskApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GMenu          *recent_menu;
  SdWorkspace    *workspace;
  GError         *workspace_error;
  SealdeskSyncMonitor *sync_monitor;
  SealdeskTimestampExtender *timestamp_extender;
  gboolean        workspace_error_shown;
  gboolean        workspace_opening;
};

G_DEFINE_FINAL_TYPE (SealdeskApplication, sealdesk_application, ADW_TYPE_APPLICATION)

enum { PROP_0, PROP_WORKSPACE, PROP_WORKSPACE_OPENING, N_PROPS };

static GParamSpec *properties[N_PROPS];

/* The settings; when Sealdesk runs from its build tree, the schema
 * compiled there is used if none is installed. */
GSettings *
sealdesk_application_new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    return g_settings_new_full (schema, NULL, NULL);

  build_source = g_settings_schema_source_new_from_directory (SEALDESK_BUILD_SCHEMA_DIR, source,
                                                              FALSE, NULL);
  if (build_source != NULL && (schema = g_settings_schema_source_lookup (build_source, APP_ID, TRUE)))
    return g_settings_new_full (schema, NULL, NULL);

  g_error ("The settings schema %s is not installed; set GSETTINGS_SCHEMA_DIR to its folder",
           APP_ID);
}

/* The bundled sample award, installed or in the source tree. */
GFile *
sealdesk_application_get_sample_file (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "samples", "award.pdf", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_file_new_for_path (installed);

  return g_file_new_build_filename (SOURCE_DATADIR, "samples", "award.pdf", NULL);
}

/* Says once, over a document window, why signing is off. */
static void
sealdesk_application_report_workspace_error (SealdeskApplication *self)
{
  GtkWindow *parent = NULL;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->workspace_error == NULL || self->workspace_error_shown)
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      {
        parent = l->data;
        break;
      }
  if (parent == NULL)
    return; /* said when the first window shows */

  self->workspace_error_shown = TRUE;
  /* TRANSLATORS: %s is why the data folder could not be opened */
  body = g_strdup_printf (_("Sealdesk cannot use its data folder: %s\n\n"
                            "You can still open and check documents. Signing and keys stay off "
                            "until the folder can be used and Sealdesk is started again."),
                          self->workspace_error->message);
  dialog = adw_message_dialog_new (parent, _("Signing Is Not Available"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_workspace_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  SdWorkspace *workspace = sd_workspace_open (NULL, &error);

  if (workspace == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, workspace, g_object_unref);
}

static void
open_workspace_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (source);
  GError *error = NULL;
  SdWorkspace *workspace = g_task_propagate_pointer (G_TASK (result), &error);
  GAction *preferences = g_action_map_lookup_action (G_ACTION_MAP (self), "preferences");
  GAction *seals = g_action_map_lookup_action (G_ACTION_MAP (self), "seals");

  self->workspace_opening = FALSE;
  if (workspace == NULL)
    {
      g_warning ("The workspace cannot be opened: %s", error->message);
      self->workspace_error = error;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE_OPENING]);
      sealdesk_application_report_workspace_error (self);
      return;
    }
  self->workspace = workspace;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences), TRUE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (seals), TRUE);
  sealdesk_sync_monitor_set_workspace (self->sync_monitor, workspace);
  sealdesk_timestamp_extender_set_workspace (self->timestamp_extender, workspace);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE_OPENING]);
}

static void
sealdesk_application_reload_recent (SealdeskApplication *self)
{
  sealdesk_recent_fill_menu (self->recent_menu, MAX_RECENT_MENU_ITEMS);
}

static gboolean
window_is_empty (GtkWindow *window)
{
  return SEALDESK_IS_WINDOW (window) &&
         sealdesk_window_get_file (SEALDESK_WINDOW (window)) == NULL;
}

/* Empty, or showing only why a file could not be opened. */
static gboolean
window_is_reusable (GtkWindow *window)
{
  SealdeskWindowState state;

  if (!SEALDESK_IS_WINDOW (window))
    return FALSE;

  state = sealdesk_window_get_state (SEALDESK_WINDOW (window));

  return window_is_empty (window) || state == SEALDESK_WINDOW_STATE_ERROR;
}

/* Shows @file: in the window already showing it, else in @reuse (or the
 * active window) when that is empty or shows an error page, else in a
 * new window. */
GtkWindow *
sealdesk_application_open_file (SealdeskApplication *self,
                                GFile               *file,
                                GtkWindow           *reuse)
{
  SealdeskWindow *window;

  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      GFile *shown;

      if (!SEALDESK_IS_WINDOW (l->data))
        continue;

      shown = sealdesk_window_get_file (l->data);
      if (shown != NULL && g_file_equal (shown, file))
        {
          /* What could not be opened may have been fixed since. */
          if (sealdesk_window_get_state (l->data) == SEALDESK_WINDOW_STATE_ERROR)
            sealdesk_window_open (l->data, file);
          gtk_window_present (l->data);
          return l->data;
        }
    }

  if (reuse == NULL)
    reuse = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window_is_reusable (reuse))
    window = SEALDESK_WINDOW (reuse);
  else
    window = sealdesk_window_new (self);

  sealdesk_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  sealdesk_application_report_workspace_error (self);

  return GTK_WINDOW (window);
}

static void
sealdesk_application_activate (GApplication *app)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (app);
  GtkWindow *window = NULL;

  /* The most recently used document window (not About, say). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data))
      {
        window = l->data;
        break;
      }

  if (window == NULL)
    window = GTK_WINDOW (sealdesk_window_new (self));

  if (g_settings_get_boolean (self->settings, "first-run"))
    {
      g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();

      g_settings_set_boolean (self->settings, "first-run", FALSE);
      if (window_is_empty (window))
        sealdesk_window_open (SEALDESK_WINDOW (window), sample);
    }

  gtk_window_present (window);
  sealdesk_application_report_workspace_error (self);
}

static void
sealdesk_application_open (GApplication  *app,
                           GFile        **files,
                           int            n_files,
                           const char    *hint)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (app);

  /* Opening a file is not a first run's welcome any more. */
  g_settings_set_boolean (self->settings, "first-run", FALSE);

  for (int i = 0; i < n_files; i++)
    sealdesk_application_open_file (self, files[i], NULL);
}

static void
sealdesk_application_about_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Sealdesk developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-icon", APP_ID,
                        "application-name", _("Sealdesk"),
                        "developer-name", _("The Sealdesk developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/sealdesk/sealdesk",
                        "issue-url", "https://github.com/sealdesk/sealdesk/issues",
                        "copyright", "© 2026 The Sealdesk developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Seal and sign PDF documents on your desk, without a server."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
sealdesk_application_shortcuts_action (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource ("/io/github/sealdesk/Sealdesk/ui/sealdesk-shortcuts-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (window, gtk_application_get_active_window (app));
  gtk_window_set_application (window, app);
  gtk_window_present (window);
}

static void
sealdesk_application_preferences_action (GSimpleAction *action,
                                         GVariant      *param,
                                         gpointer       user_data)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window;

  /* The action is off until the workspace is open. */
  if (self->workspace == NULL)
    return;
  window = sealdesk_preferences_window_new (parent, self->workspace);
  gtk_window_present (GTK_WINDOW (window));
}

/* The seal library: the Seals view of the most recently used document
 * window (a new window when there is none). */
static void
sealdesk_application_seals_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (user_data);
  GtkWidget *window = NULL;

  /* The action is off until the workspace is open. */
  if (self->workspace == NULL)
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data))
      window = l->data;
  if (window == NULL)
    window = GTK_WIDGET (sealdesk_window_new (self));
  gtk_widget_activate_action (window, "win.show-view", "s", "seals");
  gtk_window_present (GTK_WINDOW (window));
}

static void
sealdesk_application_sync_now_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (user_data);

  sealdesk_sync_monitor_sync_now (self->sync_monitor);
}

static void
sealdesk_application_quit_action (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* A document window with seals placed and not signed asks first and
   * stays open until answered (sealdesk-window-close.c), with the dialogs
   * over it; every other window goes. */
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data))
      gtk_window_close (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    {
      GtkWindow *parent = gtk_window_get_transient_for (l->data);

      if (SEALDESK_IS_WINDOW (l->data) ||
          (parent != NULL && g_list_find (gtk_application_get_windows (app), parent) != NULL))
        continue;
      gtk_window_destroy (l->data);
    }
  g_list_free_full (windows, g_object_unref);
}

static void
sealdesk_application_startup (GApplication *app)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (app);
  static const GActionEntry actions[] = {
    { .name = "about", .activate = sealdesk_application_about_action },
    { .name = "shortcuts", .activate = sealdesk_application_shortcuts_action },
    { .name = "preferences", .activate = sealdesk_application_preferences_action },
    { .name = "seals", .activate = sealdesk_application_seals_action },
    { .name = "sync-now", .activate = sealdesk_application_sync_now_action },
    { .name = "quit", .activate = sealdesk_application_quit_action },
  };
  static const struct {
    const char *action;
    const char *accels[4];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.seals", { "<Control><Shift>e", NULL } },
    { "app.sync-now", { "<Control>r", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
    { "win.fit-page", { "<Control>1", NULL } },
    { "win.fit-width", { "<Control>2", NULL } },
    { "win.rotate-left", { "<Control>bracketleft", NULL } },
    { "win.rotate-right", { "<Control>bracketright", NULL } },
    { "win.toggle-signatures", { "<Control><Shift>s", NULL } },
    { "win.sign", { "<Control><Shift>Return", "<Control><Shift>KP_Enter", NULL } },
    { "win.sign-batch", { "<Control><Alt>Return", "<Control><Alt>KP_Enter", NULL } },
    { "win.page-marks", { "<Control><Shift>m", NULL } },
    { "win.mark-void", { "<Control><Alt>v", NULL } },
    { "win.go-to-page", { "<Control>l", "<Control>g", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.find-next", { "F3", NULL } },
    { "win.find-previous", { "<Shift>F3", NULL } },
    { "win.show-outline", { "<Control><Shift>o", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.save-copy", { "<Control>s", NULL } },
    { "win.save-verification-report", { "<Control><Alt>s", NULL } },
    { "win.check-printout", { "<Control><Shift>p", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.show-view::documents", { "<Alt>1", NULL } },
    { "win.show-view::requests", { "<Alt>2", NULL } },
    { "win.show-view::seals", { "<Alt>3", NULL } },
    { "win.show-view::ledger", { "<Alt>4", NULL } },
    { "win.show-requests", { "<Control><Alt>r", NULL } },
    { "win.show-ledger", { "<Control><Alt>e", NULL } },
    { "win.new-request", { "<Control><Alt>n", NULL } },
  };

  g_autoptr(GTask) task = NULL;

  G_APPLICATION_CLASS (sealdesk_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (app),
                                                                            "preferences")),
                               FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (app),
                                                                            "seals")),
                               FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (sealdesk_application_reload_recent),
                           self, G_CONNECT_SWAPPED);
  sealdesk_application_reload_recent (self);

  /* The shared folder of the settings, watched for as long as we run;
   * it syncs once the workspace is open. */
  self->sync_monitor = sealdesk_sync_monitor_new (self->settings);
  /* Documents waiting for trusted time, extended once a TSA answers. */
  self->timestamp_extender = sealdesk_timestamp_extender_new (self->settings);

  /* Opening is quick (SQLite and its migrations) but may wait for another
   * Sealdesk program holding the database: not on the main thread. */
  self->workspace_opening = TRUE;
  task = g_task_new (self, NULL, open_workspace_done, NULL);
  g_task_set_source_tag (task, sealdesk_application_startup);
  g_task_run_in_thread (task, open_workspace_thread);
}

static void
sealdesk_application_shutdown (GApplication *app)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (app);

  if (self->sync_monitor != NULL)
    sealdesk_sync_monitor_stop (self->sync_monitor);
  if (self->timestamp_extender != NULL)
    sealdesk_timestamp_extender_stop (self->timestamp_extender);
  G_APPLICATION_CLASS (sealdesk_application_parent_class)->shutdown (app);
}

static void
sealdesk_application_dispose (GObject *object)
{
  SealdeskApplication *self = (SealdeskApplication *)object;

  if (self->sync_monitor != NULL)
    sealdesk_sync_monitor_stop (self->sync_monitor);
  g_clear_object (&self->sync_monitor);
  g_clear_object (&self->timestamp_extender);
  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->workspace);
  g_clear_error (&self->workspace_error);

  G_OBJECT_CLASS (sealdesk_application_parent_class)->dispose (object);
}

static void
sealdesk_application_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SealdeskApplication *self = SEALDESK_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_WORKSPACE_OPENING:
      g_value_set_boolean (value, self->workspace_opening);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_application_class_init (SealdeskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sealdesk_application_dispose;
  object_class->get_property = sealdesk_application_get_property;

  /* NULL until opened at startup, and when it could not be opened. */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE from startup until the workspace is open or could not be. */
  properties[PROP_WORKSPACE_OPENING] =
    g_param_spec_boolean ("workspace-opening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The templates and styles of every widget of the application. */
  sealdesk_register_resource ();

  app_class->activate = sealdesk_application_activate;
  app_class->open = sealdesk_application_open;
  app_class->startup = sealdesk_application_startup;
  app_class->shutdown = sealdesk_application_shutdown;
}

static void
sealdesk_application_init (SealdeskApplication *self)
{
  self->settings = sealdesk_application_new_settings ();
  self->recent_menu = g_menu_new ();
}

SealdeskApplication *
sealdesk_application_new (void)
{
  return g_object_new (SEALDESK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/sealdesk/Sealdesk",
                       NULL);
}

GSettings *
sealdesk_application_get_settings (SealdeskApplication *self)
{
  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* Recent documents, as "win.open-recent" items; kept up to date. */
GMenuModel *
sealdesk_application_get_recent_menu (SealdeskApplication *self)
{
  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), NULL);

  return G_MENU_MODEL (self->recent_menu);
}

/* The workspace opened at startup: NULL while it opens, and when it could
 * not be opened (see sealdesk_application_get_workspace_error()). */
SdWorkspace *
sealdesk_application_get_workspace (SealdeskApplication *self)
{
  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), NULL);

  return self->workspace;
}

/* TRUE while the workspace opens at startup (notify::workspace-opening
 * once it is open or could not be opened). */
gboolean
sealdesk_application_get_workspace_opening (SealdeskApplication *self)
{
  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), FALSE);

  return self->workspace_opening;
}

/* Why the workspace could not be opened, or NULL (also while opening). */
const GError *
sealdesk_application_get_workspace_error (SealdeskApplication *self)
{
  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), NULL);

  return self->workspace_error;
}

/* The workspace's trust list changed: every open document is verified
 * again, so that its signatures panel says what holds now. */
void
sealdesk_application_trust_changed (SealdeskApplication *self)
{
  g_return_if_fail (SEALDESK_IS_APPLICATION (self));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SEALDESK_IS_WINDOW (l->data))
      sealdesk_window_verify_again (l->data);
}

/* The shared folder's monitor (made at startup, NULL before). */
SealdeskSyncMonitor *
sealdesk_application_get_sync_monitor (SealdeskApplication *self)
{
  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), NULL);

  return self->sync_monitor;
}

SealdeskTimestampExtender *
sealdesk_application_get_timestamp_extender (SealdeskApplication *self)
{
  g_return_val_if_fail (SEALDESK_IS_APPLICATION (self), NULL);

  return self->timestamp_extender;
}
