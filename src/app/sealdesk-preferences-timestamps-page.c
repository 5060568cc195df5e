/* sealdesk-preferences-timestamps-page.c: timestamp authorities, the signature level, what waits
 *
 * The timestamp authorities of the settings (key tsa-urls), in order of
 * preference: added in an entry row (an http or https address), moved up
 * and down, removed; "Test" asks one for a token over a random digest in
 * a worker thread, with the workspace's trust list as signing would, and
 * writes what came back in the row's subtitle (an answer also retries the
 * documents that wait). The level to sign at (key signature-level) is a
 * combo row. The documents waiting for a timestamp are those of the
 * application's SealdeskTimestampExtender, each with when it was signed
 * and a button that stops waiting for it (it stays B-B), and "Retry Now".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <openssl/evp.h>

#include "sealdesk-format.h"
#include "sealdesk-preferences-timestamps-page.h"
#include "sealdesk-trusted-time.h"

struct _SealdeskPreferencesTimestampsPage
{
  AdwPreferencesPage parent_instance;

  AdwPreferencesGroup *authorities_group;
  GtkWidget           *no_authority_row;
  AdwEntryRow         *add_row;
  AdwComboRow         *level_row;
  AdwPreferencesGroup *pending_group;
  GtkWidget           *no_pending_row;
  AdwActionRow        *pending_error_row;

  SdWorkspace               *workspace;
  GSettings                 *settings;
  SealdeskTimestampExtender *extender;
  GPtrArray                 *authority_rows;
  GPtrArray                 *pending_rows;
  GHashTable                *tested; /* URL -> what its test said */
  GCancellable              *cancellable;
};

G_DEFINE_FINAL_TYPE (SealdeskPreferencesTimestampsPage,
                     sealdesk_preferences_timestamps_page,
                     ADW_TYPE_PREFERENCES_PAGE)

static void
clear_rows (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
row_button (const char *icon_name,
            const char *label,
            const char *tooltip,
            const char *action,
            guint       index)
{
  GtkWidget *button = icon_name != NULL ? gtk_button_new_from_icon_name (icon_name)
                                        : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (icon_name != NULL)
    {
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  return button;
}

static void
show_authorities (SealdeskPreferencesTimestampsPage *self)
{
  g_auto (GStrv) urls = g_settings_get_strv (self->settings, "tsa-urls");
  guint          n = g_strv_length (urls);

  clear_rows (self->authorities_group, self->authority_rows);
  /* The entry row stays last. */
  g_object_ref (self->add_row);
  adw_preferences_group_remove (self->authorities_group, GTK_WIDGET (self->add_row));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget  *row = adw_action_row_new ();
      const char *tested = g_hash_table_lookup (self->tested, urls[i]);
      GtkWidget  *test;
      GtkWidget  *up;
      GtkWidget  *down;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), urls[i]);
      if (tested != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tested);
      test = row_button (NULL,
                         /* TRANSLATORS: ask this timestamp authority for a timestamp now */
                         _ ("_Test"),
                         NULL, "timestamps-page.test", i);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), test);
      up = row_button ("go-up-symbolic", NULL, _ ("Ask Earlier"), "timestamps-page.move-up", i);
      gtk_widget_set_sensitive (up, i > 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
      down = row_button ("go-down-symbolic", NULL, _ ("Ask Later"), "timestamps-page.move-down", i);
      gtk_widget_set_sensitive (down, i + 1 < n);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
      adw_action_row_add_suffix (
        ADW_ACTION_ROW (row),
        row_button ("user-trash-symbolic", NULL, _ ("Remove"), "timestamps-page.remove", i));
      adw_preferences_group_add (self->authorities_group, row);
      g_ptr_array_add (self->authority_rows, row);
    }
  adw_preferences_group_add (self->authorities_group, GTK_WIDGET (self->add_row));
  g_object_unref (self->add_row);
  gtk_widget_set_visible (self->no_authority_row, n == 0);
}

static void
show_pending (SealdeskPreferencesTimestampsPage *self)
{
  GPtrArray *pending =
    self->extender != NULL ? sealdesk_timestamp_extender_get_pending (self->extender) : NULL;
  const char *error =
    self->extender != NULL ? sealdesk_timestamp_extender_get_error (self->extender) : NULL;
  guint n = pending != NULL ? pending->len : 0;

  clear_rows (self->pending_group, self->pending_rows);
  for (guint i = 0; i < n; i++)
    {
      SdPendingDocument    *doc = g_ptr_array_index (pending, i);
      g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (doc->signed_at, NULL);
      g_autofree char      *name = g_path_get_basename (doc->path);
      g_autofree char      *folder = g_path_get_dirname (doc->path);
      g_autofree char      *time =
        when != NULL ? sealdesk_format_short_date_time (when) : g_strdup (doc->signed_at);
      g_autofree char *subtitle = NULL;
      GtkWidget       *row = adw_action_row_new ();
      GtkWidget       *forget;

      /* TRANSLATORS: "Signed 3 Aug 2029, 14:05 CEST, in /home/ana/Awards" */
      subtitle = g_strdup_printf (_ ("Signed %s, in %s"), time, folder);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, doc->path);
      forget = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      gtk_widget_set_valign (forget, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (forget, "flat");
      /* TRANSLATORS: tooltip of a button beside a document waiting for a timestamp */
      gtk_widget_set_tooltip_text (forget, _ ("Stop Waiting for a Timestamp"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (forget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_widget_get_tooltip_text (forget), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (forget), "timestamps-page.forget");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (forget), "x", doc->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), forget);
      adw_preferences_group_add (self->pending_group, row);
      g_ptr_array_add (self->pending_rows, row);
    }
  gtk_widget_set_visible (self->no_pending_row, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_error_row), n > 0 && error != NULL);
  adw_action_row_set_subtitle (self->pending_error_row, error != NULL ? error : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timestamps-page.retry",
                                 n > 0 && self->extender != NULL &&
                                   !sealdesk_timestamp_extender_get_running (self->extender));
}

static void
set_urls (SealdeskPreferencesTimestampsPage *self, GPtrArray *urls)
{
  g_ptr_array_add (urls, NULL);
  g_settings_set_strv (self->settings, "tsa-urls", (const char *const *) urls->pdata);
}

static GPtrArray *
dup_urls (SealdeskPreferencesTimestampsPage *self)
{
  g_auto (GStrv) urls = g_settings_get_strv (self->settings, "tsa-urls");
  GPtrArray     *array = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; urls[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (urls[i]));
  return array;
}

static void
add_row_apply (SealdeskPreferencesTimestampsPage *self)
{
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_row))));
  g_autoptr (GUri)      uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GPtrArray) urls = dup_urls (self);
  const char           *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->add_row), "error");
      gtk_widget_set_tooltip_text (
        GTK_WIDGET (self->add_row),
        _ ("A timestamp authority’s address starts with http:// or https://"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->add_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_row), NULL);
  for (guint i = 0; i < urls->len; i++)
    if (g_strcmp0 (g_ptr_array_index (urls, i), text) == 0)
      {
        gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
        return;
      }
  g_ptr_array_add (urls, g_steal_pointer (&text));
  set_urls (self, urls);
  gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
}

static void
move_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskPreferencesTimestampsPage *self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (widget);
  g_autoptr (GPtrArray)              urls = dup_urls (self);
  guint                              i = g_variant_get_uint32 (param);
  gboolean                           up = g_str_equal (action_name, "timestamps-page.move-up");
  guint                              j = up ? i - 1 : i + 1;
  gpointer                           tmp;

  if (i >= urls->len || (up && i == 0) || j >= urls->len)
    return;
  tmp = urls->pdata[i];
  urls->pdata[i] = urls->pdata[j];
  urls->pdata[j] = tmp;
  set_urls (self, urls);
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskPreferencesTimestampsPage *self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (widget);
  g_autoptr (GPtrArray)              urls = dup_urls (self);
  guint                              i = g_variant_get_uint32 (param);

  if (i >= urls->len)
    return;
  g_hash_table_remove (self->tested, g_ptr_array_index (urls, i));
  g_ptr_array_remove_index (urls, i);
  set_urls (self, urls);
}

typedef struct
{
  SdWorkspace *workspace;
  char        *url;
} TestJob;

static void
test_job_free (TestJob *job)
{
  g_clear_object (&job->workspace);
  g_free (job->url);
  g_free (job);
}

static void
test_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  TestJob                *job = task_data;
  const char             *urls[] = { job->url, NULL };
  g_autoptr (SdTsaClient) tsa = NULL;
  g_autoptr (GBytes)      token = NULL;
  GError                 *error = NULL;
  guint8                  digest[32];

  for (guint i = 0; i < sizeof digest; i++)
    digest[i] = g_random_int_range (0, 256);
  if ((tsa = sealdesk_trusted_time_new_client (job->workspace, urls, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sd_tsa_client_set_timeout (tsa, 10);
  token =
    sd_tsa_client_timestamp (tsa, EVP_sha256 (), digest, sizeof digest, NULL, cancellable, &error);
  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
test_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree char                   *url = user_data;
  g_autoptr (GError)                 error = NULL;
  SealdeskPreferencesTimestampsPage *self;
  char                              *said;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (source);
  if (error == NULL)
    said = g_strdup (_ ("It answered with a valid timestamp."));
  else
    /* TRANSLATORS: %s: why, e.g. "no timestamp authority answered: Connection refused" */
    said = g_strdup_printf (_ ("It did not give a usable timestamp: %s"), error->message);
  g_hash_table_replace (self->tested, g_steal_pointer (&url), said);
  show_authorities (self);
  /* An authority answers again: what waits for one need not wait longer. */
  if (error == NULL && self->extender != NULL)
    sealdesk_timestamp_extender_extend_now (self->extender);
}

static void
test_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskPreferencesTimestampsPage *self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (widget);
  g_auto (GStrv)                     urls = g_settings_get_strv (self->settings, "tsa-urls");
  guint                              i = g_variant_get_uint32 (param);
  g_autoptr (GTask)                  task = NULL;
  TestJob                           *job;

  if (i >= g_strv_length (urls))
    return;
  g_hash_table_replace (self->tested, g_strdup (urls[i]), g_strdup (_ ("Asking…")));
  show_authorities (self);
  job = g_new0 (TestJob, 1);
  job->workspace = g_object_ref (self->workspace);
  job->url = g_strdup (urls[i]);
  task = g_task_new (self, self->cancellable, test_done, g_strdup (urls[i]));
  g_task_set_source_tag (task, test_action);
  g_task_set_task_data (task, job, (GDestroyNotify) test_job_free);
  g_task_run_in_thread (task, test_thread);
}

static void
retry_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskPreferencesTimestampsPage *self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (widget);

  if (self->extender != NULL)
    sealdesk_timestamp_extender_extend_now (self->extender);
}

static void
forget_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskPreferencesTimestampsPage *self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (widget);

  if (self->extender != NULL)
    sealdesk_timestamp_extender_forget (self->extender, g_variant_get_int64 (param));
}

static gboolean
level_from_setting (GValue *value, GVariant *variant, gpointer data)
{
  static const char *const nicks[] = { "B-B", "B-T", "B-LT", "B-LTA" };
  const char              *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    if (g_str_equal (nick, nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
level_to_setting (const GValue *value, const GVariantType *type, gpointer data)
{
  static const char *const nicks[] = { "B-B", "B-T", "B-LT", "B-LTA" };
  guint                    i = g_value_get_uint (value);

  return i < G_N_ELEMENTS (nicks) ? g_variant_new_string (nicks[i]) : NULL;
}

static void
sealdesk_preferences_timestamps_page_dispose (GObject *object)
{
  SealdeskPreferencesTimestampsPage *self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->extender != NULL)
    g_signal_handlers_disconnect_by_data (self->extender, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEALDESK_TYPE_PREFERENCES_TIMESTAMPS_PAGE);
  G_OBJECT_CLASS (sealdesk_preferences_timestamps_page_parent_class)->dispose (object);
}

static void
sealdesk_preferences_timestamps_page_finalize (GObject *object)
{
  SealdeskPreferencesTimestampsPage *self = SEALDESK_PREFERENCES_TIMESTAMPS_PAGE (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_object (&self->extender);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->authority_rows);
  g_ptr_array_unref (self->pending_rows);
  g_hash_table_unref (self->tested);
  G_OBJECT_CLASS (sealdesk_preferences_timestamps_page_parent_class)->finalize (object);
}

static void
sealdesk_preferences_timestamps_page_class_init (SealdeskPreferencesTimestampsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_preferences_timestamps_page_dispose;
  object_class->finalize = sealdesk_preferences_timestamps_page_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-preferences-timestamps-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTimestampsPage,
                                        authorities_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTimestampsPage,
                                        no_authority_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTimestampsPage, add_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTimestampsPage, level_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTimestampsPage,
                                        pending_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTimestampsPage,
                                        no_pending_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTimestampsPage,
                                        pending_error_row);
  gtk_widget_class_bind_template_callback (widget_class, add_row_apply);

  gtk_widget_class_install_action (widget_class, "timestamps-page.test", "u", test_action);
  gtk_widget_class_install_action (widget_class, "timestamps-page.move-up", "u", move_action);
  gtk_widget_class_install_action (widget_class, "timestamps-page.move-down", "u", move_action);
  gtk_widget_class_install_action (widget_class, "timestamps-page.remove", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "timestamps-page.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "timestamps-page.forget", "x", forget_action);
}

static void
sealdesk_preferences_timestamps_page_init (SealdeskPreferencesTimestampsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->authority_rows = g_ptr_array_new ();
  self->pending_rows = g_ptr_array_new ();
  self->tested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
sealdesk_preferences_timestamps_page_new (SdWorkspace               *workspace,
                                          GSettings                 *settings,
                                          SealdeskTimestampExtender *extender)
{
  SealdeskPreferencesTimestampsPage *self;

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (!extender || SEALDESK_IS_TIMESTAMP_EXTENDER (extender), NULL);

  self = g_object_new (SEALDESK_TYPE_PREFERENCES_TIMESTAMPS_PAGE, NULL);
  self->workspace = g_object_ref (workspace);
  self->settings = g_object_ref (settings);
  self->extender = extender != NULL ? g_object_ref (extender) : NULL;
  g_settings_bind_with_mapping (settings, "signature-level", self->level_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, level_from_setting, level_to_setting, NULL,
                                NULL);
  g_signal_connect_object (settings, "changed::tsa-urls", G_CALLBACK (show_authorities), self,
                           G_CONNECT_SWAPPED);
  if (extender != NULL)
    {
      g_signal_connect_object (extender, "changed", G_CALLBACK (show_pending), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (extender, "notify::running", G_CALLBACK (show_pending), self,
                               G_CONNECT_SWAPPED);
    }
  show_authorities (self);
  show_pending (self);
  return GTK_WIDGET (self);
}
