/* sealdesk-preferences-tokens-page.c: PKCS#11 modules and inserted tokens
 *
 * Shows the tokens inserted now, the modules the person added (a list kept
 * in the workspace: add a module path after checking that it
 * loads, remove one) and the modules set up on the system through p11-kit.
 * Loading modules and asking for tokens runs in a worker thread; the page
 * refreshes when the token monitor sees a token come or go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>

#include "sd-pkcs11-modules.h"
#include "sd-pkcs11-util.h"
#include "sd-token-monitor.h"
#include "sd-workspace.h"
#include "sealdesk-preferences-tokens-page.h"

struct _SealdeskPreferencesTokensPage
{
  AdwPreferencesPage parent_instance;

  AdwPreferencesGroup *tokens_group;
  AdwPreferencesGroup *added_group;
  AdwPreferencesGroup *system_group;
  GtkWidget           *no_token_row;
  GtkWidget           *no_added_row;

  SdWorkspace          *workspace;
  GPtrArray            *rows; /* rows added by refresh, removed by the next */
  GCancellable         *cancellable;
  SdTokenMonitor       *monitor;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (SealdeskPreferencesTokensPage,
                     sealdesk_preferences_tokens_page,
                     ADW_TYPE_PREFERENCES_PAGE)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };

static GParamSpec *properties[N_PROPS];

/* What the worker thread found. */
typedef struct
{
  char    *name;
  char    *path;
  char    *description;
  gboolean user_added;
} ModuleInfo;

typedef struct
{
  GPtrArray *modules; /* ModuleInfo */
  GPtrArray *tokens;  /* char *: "label (module)" */
} Survey;

static void
module_info_free (ModuleInfo *info)
{
  g_free (info->name);
  g_free (info->path);
  g_free (info->description);
  g_free (info);
}

static void
survey_free (Survey *survey)
{
  g_ptr_array_unref (survey->modules);
  g_ptr_array_unref (survey->tokens);
  g_free (survey);
}

static void
survey_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SdWorkspace                *workspace = task_data;
  Survey                     *survey = g_new0 (Survey, 1);
  g_autoptr (SdPkcs11Modules) modules = sd_workspace_get_pkcs11_modules (workspace, NULL, NULL);

  survey->modules = g_ptr_array_new_with_free_func ((GDestroyNotify) module_info_free);
  survey->tokens = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; modules != NULL && i < sd_pkcs11_modules_get_n (modules); i++)
    {
      SdPkcs11Module *module = sd_pkcs11_modules_get_nth (modules, i);
      ModuleInfo     *info = g_new0 (ModuleInfo, 1);

      info->name = g_strdup (module->name);
      info->path = g_strdup (module->path);
      info->description =
        sd_pkcs11_string (module->info.libraryDescription, sizeof module->info.libraryDescription);
      info->user_added = module->user_added;
      g_ptr_array_add (survey->modules, info);
    }
  if (modules != NULL)
    {
      g_autoptr (GPtrArray) tokens = sd_pkcs11_modules_list_tokens (modules, NULL);

      for (guint i = 0; i < tokens->len; i++)
        {
          SdPkcs11Token *token = g_ptr_array_index (tokens, i);
          char          *policy = p11_kit_config_option (token->module->funcs, "trust-policy");
          gboolean       trust_store = g_strcmp0 (policy, "yes") == 0;

          /* The system's trusted certificates are no token to sign with. */
          free (policy);
          if (trust_store)
            continue;
          /* TRANSLATORS: a token and the module that drives it: "Company seal (opensc-pkcs11)" */
          g_ptr_array_add (survey->tokens,
                           g_strdup_printf (_ ("%s (%s)"), token->label, token->module->name));
        }
    }
  g_task_return_pointer (task, survey, (GDestroyNotify) survey_free);
}

static void
add_row (SealdeskPreferencesTokensPage *self, AdwPreferencesGroup *group, GtkWidget *row)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_toast (SealdeskPreferencesTokensPage *self, const char *text)
{
  GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (escaped));
}

static void refresh (SealdeskPreferencesTokensPage *self);

static void
remove_module (GtkButton *button, SealdeskPreferencesTokensPage *self)
{
  const char              *path = g_object_get_data (G_OBJECT (button), "sealdesk-module-path");
  g_auto (GStrv)           paths = sd_workspace_read_pkcs11_modules (self->workspace);
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv)           new_paths = NULL;
  g_autoptr (GError)       error = NULL;

  for (guint i = 0; paths[i] != NULL; i++)
    if (g_strcmp0 (paths[i], path) != 0)
      g_strv_builder_add (kept, paths[i]);
  new_paths = g_strv_builder_end (kept);
  if (!sd_workspace_write_pkcs11_modules (self->workspace, (const char *const *) new_paths, &error))
    show_toast (self, error->message);
  refresh (self);
}

static void
show_survey (SealdeskPreferencesTokensPage *self, Survey *survey)
{
  g_auto (GStrv) added = sd_workspace_read_pkcs11_modules (self->workspace);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (
        ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < survey->tokens->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     g_ptr_array_index (survey->tokens, i));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("media-removable-symbolic"));
      add_row (self, self->tokens_group, row);
    }
  gtk_widget_set_visible (self->no_token_row, survey->tokens->len == 0);

  /* Added modules: from the list file, whether they loaded or not. */
  for (guint i = 0; added[i] != NULL; i++)
    {
      GtkWidget  *row = adw_action_row_new ();
      GtkWidget  *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      const char *description = NULL;

      for (guint m = 0; m < survey->modules->len && description == NULL; m++)
        {
          ModuleInfo *info = g_ptr_array_index (survey->modules, m);

          if (info->user_added && g_strcmp0 (info->path, added[i]) == 0)
            description = info->description;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), added[i]);
      adw_action_row_set_subtitle (
        ADW_ACTION_ROW (row),
        description != NULL
          ? description
          : _ ("Not loaded: the file is missing, or set up on the system already"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _ ("Remove the Module"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Remove the Module"), -1);
      g_object_set_data_full (G_OBJECT (button), "sealdesk-module-path", g_strdup (added[i]),
                              g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_module), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      add_row (self, self->added_group, row);
    }
  gtk_widget_set_visible (self->no_added_row, added[0] == NULL);

  for (guint m = 0; m < survey->modules->len; m++)
    {
      ModuleInfo      *info = g_ptr_array_index (survey->modules, m);
      GtkWidget       *row;
      g_autofree char *subtitle = NULL;

      if (info->user_added)
        continue;
      row = adw_action_row_new ();
      subtitle = g_strdup_printf ("%s\n%s", info->description, info->path);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      add_row (self, self->system_group, row);
    }
}

static void
survey_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SealdeskPreferencesTokensPage) self = user_data;
  g_autoptr (GError)                        error = NULL;
  Survey *survey = g_task_propagate_pointer (G_TASK (result), &error);

  if (survey == NULL)
    return; /* cancelled: the page is going away */
  g_clear_object (&self->cancellable);
  show_survey (self, survey);
  survey_free (survey);
}

static void
refresh (SealdeskPreferencesTokensPage *self)
{
  g_autoptr (GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, survey_done, g_object_ref (self));
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, survey_thread);
}

static void
describe_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  char   *description = sd_pkcs11_module_describe (task_data, &error);

  if (description == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, description, g_free);
}

static void
describe_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SealdeskPreferencesTokensPage) self = user_data;
  g_autoptr (GError)                        error = NULL;
  g_autofree char         *description = g_task_propagate_pointer (G_TASK (result), &error);
  const char              *path = g_task_get_task_data (G_TASK (result));
  g_auto (GStrv)           paths = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv)           new_paths = NULL;

  if (description == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  paths = sd_workspace_read_pkcs11_modules (self->workspace);
  if (!g_strv_contains ((const char *const *) paths, path))
    {
      builder = g_strv_builder_new ();
      g_strv_builder_addv (builder, (const char **) paths);
      g_strv_builder_add (builder, path);
      new_paths = g_strv_builder_end (builder);
      if (!sd_workspace_write_pkcs11_modules (self->workspace, (const char *const *) new_paths,
                                              &error))
        {
          show_toast (self, error->message);
          return;
        }
    }
  {
    /* TRANSLATORS: a module was added: "Added “OpenSC smartcard framework, OpenSC Project”" */
    g_autofree char *text = g_strdup_printf (_ ("Added “%s”"), description);

    show_toast (self, text);
  }
  refresh (self);
}

static void
chooser_response (GtkNativeDialog *chooser, int response, SealdeskPreferencesTokensPage *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GTask) task = NULL;
  char             *path;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  /* Loading a module runs its code: off the main thread. */
  task = g_task_new (self, NULL, describe_done, g_object_ref (self));
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, describe_thread);
}

static void
add_module_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskPreferencesTokensPage *self = SEALDESK_PREFERENCES_TOKENS_PAGE (widget);
  GtkRoot                       *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter)      filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _ ("PKCS#11 Modules"));
  gtk_file_filter_add_pattern (filter, "*.so");
  gtk_file_filter_add_pattern (filter, "*.so.*");
  self->chooser = gtk_file_chooser_native_new (
    _ ("Choose a PKCS#11 Module"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Add"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
sealdesk_preferences_tokens_page_constructed (GObject *object)
{
  SealdeskPreferencesTokensPage *self = SEALDESK_PREFERENCES_TOKENS_PAGE (object);

  G_OBJECT_CLASS (sealdesk_preferences_tokens_page_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  self->monitor = sd_workspace_new_token_monitor (self->workspace, 0);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
sealdesk_preferences_tokens_page_dispose (GObject *object)
{
  SealdeskPreferencesTokensPage *self = SEALDESK_PREFERENCES_TOKENS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The groups belong to AdwPreferencesPage, which disposes them (see
   * sealdesk-key-chooser.c on gtk_widget_dispose_template()). */
  G_OBJECT_CLASS (sealdesk_preferences_tokens_page_parent_class)->dispose (object);
}

static void
sealdesk_preferences_tokens_page_finalize (GObject *object)
{
  SealdeskPreferencesTokensPage *self = SEALDESK_PREFERENCES_TOKENS_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_preferences_tokens_page_parent_class)->finalize (object);
}

static void
sealdesk_preferences_tokens_page_get_property (GObject    *object,
                                               guint       prop_id,
                                               GValue     *value,
                                               GParamSpec *pspec)
{
  SealdeskPreferencesTokensPage *self = SEALDESK_PREFERENCES_TOKENS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_preferences_tokens_page_set_property (GObject      *object,
                                               guint         prop_id,
                                               const GValue *value,
                                               GParamSpec   *pspec)
{
  SealdeskPreferencesTokensPage *self = SEALDESK_PREFERENCES_TOKENS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_preferences_tokens_page_class_init (SealdeskPreferencesTokensPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_preferences_tokens_page_constructed;
  object_class->dispose = sealdesk_preferences_tokens_page_dispose;
  object_class->finalize = sealdesk_preferences_tokens_page_finalize;
  object_class->get_property = sealdesk_preferences_tokens_page_get_property;
  object_class->set_property = sealdesk_preferences_tokens_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-preferences-tokens-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTokensPage, tokens_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTokensPage, added_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTokensPage, system_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTokensPage, no_token_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTokensPage, no_added_row);

  gtk_widget_class_install_action (widget_class, "tokens-page.add-module", NULL, add_module_action);
}

static void
sealdesk_preferences_tokens_page_init (SealdeskPreferencesTokensPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_preferences_tokens_page_new (SdWorkspace *workspace)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_PREFERENCES_TOKENS_PAGE, "workspace", workspace, NULL);
}
