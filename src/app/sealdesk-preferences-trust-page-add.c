/* sealdesk-preferences-trust-page-add.c: trusting a certificate authority
 *
 * "Add…" takes a PEM or DER file, shows what it holds (subject, issuer,
 * validity, SHA-256 fingerprint) and adds its certificate authorities
 * once the person agrees; a certificate that is no authority (a person's
 * or a server's) is refused with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-key.h"
#include "sd-x509-info.h"
#include "sealdesk-preferences-trust-page-private.h"

static void
add_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SealdeskPreferencesTrustPage *self = source_object;
  GPtrArray                    *certs = task_data;
  GError                       *error = NULL;

  for (guint i = 0; i < certs->len; i++)
    if (!sd_workspace_add_trust_anchor (self->workspace, g_ptr_array_index (certs, i), &error))
      {
        g_task_return_error (task, error);
        return;
      }
  g_task_return_boolean (task, TRUE);
}

static void
add_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (source);
  GPtrArray                    *certs = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError)            error = NULL;
  g_autofree char              *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_ ("Nothing was added to the trust list: %s"), error->message);
    }
  else if (certs->len == 1)
    {
      g_autofree char *title = _sealdesk_trust_certificate_title (g_ptr_array_index (certs, 0));

      /* Translators: %s names a certificate authority */
      message = g_strdup_printf (_ ("“%s” is trusted now"), title);
    }
  else
    message = g_strdup_printf (ngettext ("%u certificate authority is trusted now",
                                         "%u certificate authorities are trusted now", certs->len),
                               certs->len);
  _sealdesk_preferences_trust_page_show_toast (self, message);
  _sealdesk_preferences_trust_page_set_busy (self, FALSE);
  _sealdesk_preferences_trust_page_reload (self);
  if (error == NULL)
    _sealdesk_preferences_trust_page_trust_changed (self);
}

static void
add_response (AdwMessageDialog *dialog, const char *response, SealdeskPreferencesTrustPage *self)
{
  GPtrArray        *certs = g_object_get_data (G_OBJECT (dialog), "sealdesk-certificates");
  g_autoptr (GTask) task = NULL;

  if (g_strcmp0 (response, "add") != 0 || certs == NULL)
    return;
  _sealdesk_preferences_trust_page_set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, add_done, NULL);
  g_task_set_source_tag (task, add_response);
  g_task_set_task_data (task, g_ptr_array_ref (certs), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, add_thread);
}

static void
describe_certificate (GString *text, X509 *cert)
{
  g_autofree char *subject = sd_x509_name_to_string (X509_get_subject_name (cert));
  g_autofree char *issuer = sd_x509_name_to_string (X509_get_issuer_name (cert));
  g_autofree char *from = _sealdesk_trust_format_day (sd_x509_not_before (cert));
  g_autofree char *until = _sealdesk_trust_format_day (sd_x509_not_after (cert));
  g_autofree char *sha256 = sd_x509_fingerprint (cert, EVP_sha256 ());

  if (text->len > 0)
    g_string_append (text, "\n\n");
  /* Translators: what a certificate file holds, shown before it is trusted */
  g_string_append_printf (text, _ ("Subject: %s\nIssuer: %s\nValid from %s until %s\nSHA-256: %s"),
                          subject, issuer, from, until, sha256);
}

void
sealdesk_preferences_trust_page_add_file (SealdeskPreferencesTrustPage *self, GFile *file)
{
  g_autoptr (GPtrArray) certs = NULL;
  g_autoptr (GPtrArray) authorities = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  g_autoptr (GString)   details = g_string_new (NULL);
  g_autoptr (GString)   refused = g_string_new (NULL);
  g_autoptr (GError)    error = NULL;
  g_autofree char      *path = NULL;
  g_autofree char      *heading = NULL;
  GtkWidget            *dialog;

  g_return_if_fail (SEALDESK_IS_PREFERENCES_TRUST_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _ ("Only certificate files on this computer can be opened"));
  else
    certs = sd_x509_read_file (path, &error);
  if (certs == NULL)
    {
      dialog = _sealdesk_preferences_trust_page_new_dialog (self, _ ("No Certificate Added"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  for (guint i = 0; i < certs->len; i++)
    {
      X509               *cert = g_ptr_array_index (certs, i);
      g_autoptr (GError)  why = NULL;

      if (sd_x509_check_ca (cert, &why))
        {
          X509_up_ref (cert);
          g_ptr_array_add (authorities, cert);
          describe_certificate (details, cert);
        }
      else
        {
          if (refused->len > 0)
            g_string_append_c (refused, '\n');
          g_string_append (refused, why->message);
        }
    }

  if (authorities->len == 0)
    {
      dialog = _sealdesk_preferences_trust_page_new_dialog (self, _ ("This Certificate Cannot Be Trusted"), refused->str);
      describe_certificate (details, g_ptr_array_index (certs, 0));
      _sealdesk_trust_set_details (dialog, details->str);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  if (authorities->len == 1)
    {
      g_autofree char *title = _sealdesk_trust_certificate_title (g_ptr_array_index (authorities, 0));

      /* Translators: %s names a certificate authority */
      heading = g_strdup_printf (_ ("Trust “%s”?"), title);
    }
  else
    heading = g_strdup_printf (ngettext ("Trust %u Certificate Authority?",
                                         "Trust %u Certificate Authorities?", authorities->len),
                               authorities->len);
  dialog = _sealdesk_preferences_trust_page_new_dialog (
    self, heading,
    refused->len == 0
      ? _ ("Every signature whose certificate it issued will show as trusted. "
           "Check the fingerprint with the authority before you trust it.")
      : refused->str);
  _sealdesk_trust_set_details (dialog, details->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "add",
                                    _ ("_Trust"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sealdesk-certificates",
                          g_steal_pointer (&authorities), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response (GtkNativeDialog *chooser, int response, SealdeskPreferencesTrustPage *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file != NULL)
    sealdesk_preferences_trust_page_add_file (self, file);
}

void
_sealdesk_preferences_trust_page_add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskPreferencesTrustPage *self = SEALDESK_PREFERENCES_TRUST_PAGE (widget);
  GtkRoot                      *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter)     certificates = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter)     all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_ ("Trust a Certificate Authority"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"),
                                               _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (certificates, _ ("Certificates (PEM or DER)"));
  gtk_file_filter_add_mime_type (certificates, "application/x-x509-ca-cert");
  gtk_file_filter_add_mime_type (certificates, "application/pkix-cert");
  gtk_file_filter_add_mime_type (certificates, "application/x-pem-file");
  gtk_file_filter_add_suffix (certificates, "pem");
  gtk_file_filter_add_suffix (certificates, "crt");
  gtk_file_filter_add_suffix (certificates, "cer");
  gtk_file_filter_add_suffix (certificates, "der");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), certificates);
  gtk_file_filter_set_name (all, _ ("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
