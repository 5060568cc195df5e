/* sealdesk-preferences-trust-page.c: the certificate authorities Sealdesk trusts
 *
 * The workspace's trust list (what `sealdesk-cli trust` edits): one row per
 * trust anchor, with its certificate and a button that removes it after
 * asking. "Add…" takes a PEM or DER file, shows what it holds (subject,
 * issuer, validity, SHA-256 fingerprint) and adds its certificate
 * authorities once the person agrees; a certificate that is no authority
 * (a person's or a server's) is refused with the reason. After a change
 * every open document is verified again. The list is read and written in
 * a worker thread: the workspace's database blocks. Adding is in
 * sealdesk-preferences-trust-page-add.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-key.h"
#include "sd-x509-info.h"
#include "sealdesk-application.h"
#include "sealdesk-certificate-dialog.h"
#include "sealdesk-preferences-trust-page-private.h"


G_DEFINE_FINAL_TYPE (SealdeskPreferencesTrustPage,
                     sealdesk_preferences_trust_page,
                     ADW_TYPE_PREFERENCES_PAGE)

enum { PROP_0, PROP_WORKSPACE, PROP_BUSY, N_PROPS };

static GParamSpec *properties[N_PROPS];

char *
_sealdesk_trust_certificate_title (X509 *cert)
{
  char *name = sd_x509_common_name (X509_get_subject_name (cert));

  if (name != NULL && name[0] != '\0')
    return name;
  g_free (name);

  return sd_x509_name_to_string (X509_get_subject_name (cert));
}

char *
_sealdesk_trust_format_day (gint64 unix_time)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d") : g_strdup ("?");
}

void
_sealdesk_preferences_trust_page_set_busy (SealdeskPreferencesTrustPage *self, gboolean busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trust-page.add", self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trust-page.remove", self->busy == 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_sealdesk_preferences_trust_page_show_toast (SealdeskPreferencesTrustPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

void
_sealdesk_preferences_trust_page_trust_changed (SealdeskPreferencesTrustPage *self)
{
  GApplication *app = g_application_get_default ();

  if (SEALDESK_IS_APPLICATION (app))
    sealdesk_application_trust_changed (SEALDESK_APPLICATION (app));
}

static SdTrustAnchor *
find_anchor (SealdeskPreferencesTrustPage *self, const char *sha256)
{
  for (guint i = 0; self->anchors != NULL && i < self->anchors->len; i++)
    {
      SdTrustAnchor *anchor = g_ptr_array_index (self->anchors, i);

      if (g_ascii_strcasecmp (anchor->sha256, sha256) == 0)
        return anchor;
    }

  return NULL;
}

/* A dialog of the page's window, remembered until it closes. */
GtkWidget *
_sealdesk_preferences_trust_page_new_dialog (SealdeskPreferencesTrustPage *self, const char *heading, const char *body)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog =
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
    }
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);

  return dialog;
}

/* A wrapped, selectable text below a dialog's body: fingerprints are long. */
void
_sealdesk_trust_set_details (GtkWidget *dialog, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "trust-details");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
}

/* ---- the list ------------------------------------------------------------ */

static GtkWidget *
anchor_row (SdTrustAnchor *anchor)
{
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *show = gtk_button_new_from_icon_name ("application-certificate-symbolic");
  GtkWidget       *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = _sealdesk_trust_certificate_title (anchor->cert);
  g_autofree char *until = _sealdesk_trust_format_day (sd_x509_not_after (anchor->cert));
  g_autofree char *short_sha = g_ascii_strup (anchor->sha256, 16);
  g_autofree char *subtitle = NULL;
  g_autofree char *show_label = NULL;
  g_autofree char *remove_label = NULL;

  /* Translators: a trusted authority: its expiry date (2029-03-08) and the
   * first digits of its SHA-256 fingerprint */
  subtitle = g_strdup_printf (_("Valid until %s · SHA-256 %s…"), until, short_sha);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "sealdesk-sha256", g_strdup (anchor->sha256), g_free);

  /* Translators: %s names a certificate authority */
  show_label = g_strdup_printf (_("Show the certificate of “%s”"), title);
  gtk_widget_set_tooltip_text (show, _("Certificate…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL, show_label, -1);
  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (show, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "trust-page.show");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (show), "s", anchor->sha256);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), show);

  /* Translators: %s names a certificate authority */
  remove_label = g_strdup_printf (_("Stop trusting “%s”"), title);
  gtk_widget_set_tooltip_text (remove, _("Remove…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "trust-page.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", anchor->sha256);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
show_anchors (SealdeskPreferencesTrustPage *self, GPtrArray *anchors)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->anchors_list))) != NULL)
    gtk_list_box_remove (self->anchors_list, child);
  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  self->anchors = anchors;

  for (guint i = 0; i < anchors->len; i++)
    gtk_list_box_append (self->anchors_list, anchor_row (g_ptr_array_index (anchors, i)));
}

static void
list_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SealdeskPreferencesTrustPage *self = source_object;
  GError                       *error = NULL;
  GPtrArray                    *anchors = sd_workspace_list_trust_anchors (self->workspace, &error);

  if (anchors != NULL)
    g_task_return_pointer (task, anchors, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
list_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (source);
  g_autoptr (GError)            error = NULL;
  GPtrArray                    *anchors = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (anchors != NULL)
    show_anchors (self, anchors);
  else
    {
      g_autofree char *message = g_strdup_printf (_ ("The trust list cannot be read: %s"), error->message);

      _sealdesk_preferences_trust_page_show_toast (self, message);
    }
  _sealdesk_preferences_trust_page_set_busy (self, FALSE);
}

void
_sealdesk_preferences_trust_page_reload (SealdeskPreferencesTrustPage *self)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, list_done, NULL);

  _sealdesk_preferences_trust_page_set_busy (self, TRUE);
  g_task_set_source_tag (task, _sealdesk_preferences_trust_page_reload);
  g_task_run_in_thread (task, list_thread);
}

/* ---- removing and showing ------------------------------------------------ */

static void
remove_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SealdeskPreferencesTrustPage *self = source_object;
  GError                       *error = NULL;

  if (sd_workspace_remove_trust_anchor (self->workspace, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
remove_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (source);
  g_autoptr (GError)            error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_ ("The certificate authority was not removed: %s"), error->message);
      _sealdesk_preferences_trust_page_show_toast (self, message);
    }
  else
    _sealdesk_preferences_trust_page_show_toast (self, _ ("Certificate authority removed from the trust list"));
  _sealdesk_preferences_trust_page_set_busy (self, FALSE);
  _sealdesk_preferences_trust_page_reload (self);
  if (error == NULL)
    _sealdesk_preferences_trust_page_trust_changed (self);
}

static void
remove_response (AdwMessageDialog *dialog, const char *response, SealdeskPreferencesTrustPage *self)
{
  const char       *sha256 = g_object_get_data (G_OBJECT (dialog), "sealdesk-sha256");
  g_autoptr (GTask) task = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  _sealdesk_preferences_trust_page_set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, remove_done, NULL);
  g_task_set_source_tag (task, remove_response);
  g_task_set_task_data (task, g_strdup (sha256), g_free);
  g_task_run_in_thread (task, remove_thread);
}

void
sealdesk_preferences_trust_page_ask_remove (SealdeskPreferencesTrustPage *self, const char *sha256)
{
  SdTrustAnchor   *anchor;
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  GtkWidget       *dialog;

  g_return_if_fail (SEALDESK_IS_PREFERENCES_TRUST_PAGE (self));

  if ((anchor = find_anchor (self, sha256)) == NULL)
    return;
  title = _sealdesk_trust_certificate_title (anchor->cert);
  /* Translators: %s names a certificate authority */
  heading = g_strdup_printf (_ ("Stop Trusting “%s”?"), title);
  dialog = _sealdesk_preferences_trust_page_new_dialog (self, heading,
                       _ ("Signatures whose certificates it issued will show as not trusted. "
                          "The documents themselves do not change."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "remove",
                                    _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sealdesk-sha256", g_strdup (anchor->sha256), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sealdesk_preferences_trust_page_ask_remove (SEALDESK_PREFERENCES_TRUST_PAGE (widget),
                                              g_variant_get_string (parameter, NULL));
}

GtkWidget *
sealdesk_preferences_trust_page_show_anchor (SealdeskPreferencesTrustPage *self, const char *sha256)
{
  GtkRoot       *root = gtk_widget_get_root (GTK_WIDGET (self));
  SdTrustAnchor *anchor;
  GtkWidget     *dialog;

  g_return_val_if_fail (SEALDESK_IS_PREFERENCES_TRUST_PAGE (self), NULL);

  if ((anchor = find_anchor (self, sha256)) == NULL)
    return NULL;
  dialog = sealdesk_certificate_dialog_new_for_x509 (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     anchor->cert);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
show_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sealdesk_preferences_trust_page_show_anchor (SEALDESK_PREFERENCES_TRUST_PAGE (widget),
                                               g_variant_get_string (parameter, NULL));
}

/* ---- the object ---------------------------------------------------------- */

GtkWidget *
sealdesk_preferences_trust_page_get_dialog (SealdeskPreferencesTrustPage *self)
{
  g_return_val_if_fail (SEALDESK_IS_PREFERENCES_TRUST_PAGE (self), NULL);

  return self->dialog;
}

gboolean
sealdesk_preferences_trust_page_is_busy (SealdeskPreferencesTrustPage *self)
{
  g_return_val_if_fail (SEALDESK_IS_PREFERENCES_TRUST_PAGE (self), FALSE);

  return self->busy > 0;
}

GStrv
sealdesk_preferences_trust_page_dup_anchors (SealdeskPreferencesTrustPage *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SEALDESK_IS_PREFERENCES_TRUST_PAGE (self), NULL);

  for (guint i = 0; self->anchors != NULL && i < self->anchors->len; i++)
    g_strv_builder_add (builder, ((SdTrustAnchor *) g_ptr_array_index (self->anchors, i))->sha256);

  return g_strv_builder_end (builder);
}

static void
sealdesk_preferences_trust_page_constructed (GObject *object)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (object);
  GtkWidget                    *placeholder;

  G_OBJECT_CLASS (sealdesk_preferences_trust_page_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  placeholder = gtk_label_new (_ ("No certificate authority is trusted yet: signatures show as not trusted"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->anchors_list, placeholder);

  _sealdesk_preferences_trust_page_reload (self);
}

static void
sealdesk_preferences_trust_page_dispose (GObject *object)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_PREFERENCES_TRUST_PAGE);
  G_OBJECT_CLASS (sealdesk_preferences_trust_page_parent_class)->dispose (object);
}

static void
sealdesk_preferences_trust_page_finalize (GObject *object)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_preferences_trust_page_parent_class)->finalize (object);
}

static void
sealdesk_preferences_trust_page_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_preferences_trust_page_set_property (GObject      *object,
                                              guint         prop_id,
                                              const GValue *value,
                                              GParamSpec   *pspec)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (object);

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
sealdesk_preferences_trust_page_class_init (SealdeskPreferencesTrustPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_preferences_trust_page_constructed;
  object_class->dispose = sealdesk_preferences_trust_page_dispose;
  object_class->finalize = sealdesk_preferences_trust_page_finalize;
  object_class->get_property = sealdesk_preferences_trust_page_get_property;
  object_class->set_property = sealdesk_preferences_trust_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-preferences-trust-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesTrustPage, anchors_list);
  gtk_widget_class_install_action (widget_class, "trust-page.add", NULL, _sealdesk_preferences_trust_page_add_action);
  gtk_widget_class_install_action (widget_class, "trust-page.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "trust-page.show", "s", show_action);
}

static void
sealdesk_preferences_trust_page_init (SealdeskPreferencesTrustPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_preferences_trust_page_new (SdWorkspace *workspace)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_PREFERENCES_TRUST_PAGE, "workspace", workspace, NULL);
}
