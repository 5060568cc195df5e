/* sealdesk-certificate-dialog.c: shows a certificate and its issuers
 *
 * The issuer chain on top (the certificate, then the authorities that
 * issued it, as far as they are known), and below the details of the one
 * chosen: subject, issuer, serial number, validity, key, key usages and
 * fingerprints. Dates are written as 2029-03-08 14:05 UTC, which nobody
 * reads two ways. Every value has a button that copies it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <openssl/x509v3.h>

#include "sd-key.h"
#include "sd-x509-info.h"
#include "sealdesk-certificate-dialog.h"

struct _SealdeskCertificateDialog
{
  AdwWindow            parent_instance;

  GPtrArray           *certs;     /* of X509 * */
  GHashTable          *fields;    /* name → value, of the shown certificate */
  GPtrArray           *rows;      /* the details rows shown */

  /* Template children */
  AdwWindowTitle      *window_title;
  AdwToastOverlay     *toast_overlay;
  GtkListBox          *chain_list;
  AdwPreferencesGroup *details_group;
};

G_DEFINE_FINAL_TYPE (SealdeskCertificateDialog, sealdesk_certificate_dialog, ADW_TYPE_WINDOW)

/* What a person calls a certificate: its common name, else its subject. */
static char *
certificate_title (X509 *cert)
{
  char *name = sd_x509_common_name (X509_get_subject_name (cert));

  if (name != NULL && name[0] != '\0')
    return name;
  g_free (name);

  return sd_x509_name_to_string (X509_get_subject_name (cert));
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  /* ISO 8601 and UTC: never "03/08/29" */
  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");
}

static void
copy_clicked (GtkButton                 *button,
              SealdeskCertificateDialog *self)
{
  sealdesk_certificate_dialog_copy_field (self, g_object_get_data (G_OBJECT (button), "sealdesk-field"));
}

static void
add_field (SealdeskCertificateDialog *self,
           const char                *name,
           const char                *title,
           const char                *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *tooltip = NULL;

  g_hash_table_insert (self->fields, g_strdup (name), g_strdup (value));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_add_css_class (row, "certificate-field");

  /* Translators: the tooltip of a copy button; %s is what it copies ("SHA-256 Fingerprint") */
  tooltip = g_strdup_printf (_("Copy %s"), title);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "sealdesk-field", g_strdup (name), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (copy_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  adw_preferences_group_add (self->details_group, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_certificate (SealdeskCertificateDialog *self,
                  X509                      *cert)
{
  g_autofree char *title = certificate_title (cert);
  g_autofree char *subject = sd_x509_name_to_string (X509_get_subject_name (cert));
  g_autofree char *issuer = sd_x509_name_to_string (X509_get_issuer_name (cert));
  g_autofree char *serial = sd_x509_serial_to_string (cert);
  g_autofree char *not_before = format_date (sd_x509_not_before (cert));
  g_autofree char *not_after = format_date (sd_x509_not_after (cert));
  g_autofree char *key = sd_x509_describe_key (cert);
  g_autofree char *sha1 = sd_x509_fingerprint (cert, EVP_sha1 ());
  g_autofree char *sha256 = sd_x509_fingerprint (cert, EVP_sha256 ());
  g_autoptr(GPtrArray) usages = sd_x509_describe_usages (cert);
  g_autofree char *usage_text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->details_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->fields);

  g_ptr_array_add (usages, NULL);
  usage_text = g_strjoinv ("\n", (char **) usages->pdata);

  adw_window_title_set_subtitle (self->window_title, title);
  add_field (self, "subject", _("Subject"), subject ? subject : "");
  add_field (self, "issuer", _("Issuer"), issuer ? issuer : "");
  add_field (self, "serial", _("Serial Number"), serial ? serial : "");
  add_field (self, "not-before", _("Valid From"), not_before);
  if (now > sd_x509_not_after (cert))
    {
      /* Translators: %s is a date such as 2029-03-08 14:05 UTC */
      g_autofree char *expired = g_strdup_printf (_("%s (expired)"), not_after);

      add_field (self, "not-after", _("Valid Until"), expired);
    }
  else
    add_field (self, "not-after", _("Valid Until"), not_after);
  add_field (self, "key", _("Key"), key);
  add_field (self, "usages", _("Key Usages"), usage_text);
  add_field (self, "sha1", _("SHA-1 Fingerprint"), sha1);
  add_field (self, "sha256", _("SHA-256 Fingerprint"), sha256);
}

static void
sealdesk_certificate_dialog_row_selected (SealdeskCertificateDialog *self,
                                          GtkListBoxRow             *row)
{
  int index;

  if (row == NULL || (index = gtk_list_box_row_get_index (row)) < 0 ||
      (guint) index >= self->certs->len)
    return;

  show_certificate (self, g_ptr_array_index (self->certs, index));
}

static void
fill_chain (SealdeskCertificateDialog *self)
{
  for (guint i = 0; i < self->certs->len; i++)
    {
      X509 *cert = g_ptr_array_index (self->certs, i);
      g_autofree char *title = certificate_title (cert);
      GtkWidget *row = adw_action_row_new ();
      const char *role;

      if (i == 0)
        role = self->certs->len == 1 ? _("The certificate") : _("The certificate, issued by the next one");
      else if (X509_check_issued (cert, cert) == X509_V_OK)
        role = _("Root certificate authority");
      else
        role = _("Intermediate certificate authority");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), role);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                    i == 0 ? "application-certificate-symbolic" : "security-high-symbolic");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->chain_list, row);
    }

  if (self->certs->len > 0)
    gtk_list_box_select_row (self->chain_list, gtk_list_box_get_row_at_index (self->chain_list, 0));
}

static void
sealdesk_certificate_dialog_dispose (GObject *object)
{
  SealdeskCertificateDialog *self = SEALDESK_CERTIFICATE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_CERTIFICATE_DIALOG);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sealdesk_certificate_dialog_parent_class)->dispose (object);
}

static void
sealdesk_certificate_dialog_finalize (GObject *object)
{
  SealdeskCertificateDialog *self = SEALDESK_CERTIFICATE_DIALOG (object);

  g_clear_pointer (&self->certs, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (sealdesk_certificate_dialog_parent_class)->finalize (object);
}

static void
sealdesk_certificate_dialog_class_init (SealdeskCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_certificate_dialog_dispose;
  object_class->finalize = sealdesk_certificate_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskCertificateDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SealdeskCertificateDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SealdeskCertificateDialog, chain_list);
  gtk_widget_class_bind_template_child (widget_class, SealdeskCertificateDialog, details_group);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_certificate_dialog_row_selected);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sealdesk_certificate_dialog_init (SealdeskCertificateDialog *self)
{
  self->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
certificate_dialog_new (GtkWindow *parent,
                        GPtrArray *certs)
{
  SealdeskCertificateDialog *self =
    g_object_new (SEALDESK_TYPE_CERTIFICATE_DIALOG, "transient-for", parent, NULL);

  g_ptr_array_extend_and_steal (self->certs, certs);
  fill_chain (self);

  return GTK_WIDGET (self);
}

GtkWidget *
sealdesk_certificate_dialog_new (GtkWindow *parent,
                                 GPtrArray *chain)
{
  GPtrArray *certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (chain != NULL, NULL);

  for (guint i = 0; i < chain->len; i++)
    {
      X509 *cert = sd_x509_from_der (g_ptr_array_index (chain, i));

      if (cert != NULL)
        g_ptr_array_add (certs, cert);
    }

  return certificate_dialog_new (parent, certs);
}

GtkWidget *
sealdesk_certificate_dialog_new_for_x509 (GtkWindow *parent,
                                          X509      *cert)
{
  GPtrArray *certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (cert != NULL, NULL);

  X509_up_ref (cert);
  g_ptr_array_add (certs, cert);

  return certificate_dialog_new (parent, certs);
}

guint
sealdesk_certificate_dialog_get_n_certificates (SealdeskCertificateDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_CERTIFICATE_DIALOG (self), 0);

  return self->certs->len;
}

void
sealdesk_certificate_dialog_select (SealdeskCertificateDialog *self,
                                    guint                      index)
{
  GtkListBoxRow *row;

  g_return_if_fail (SEALDESK_IS_CERTIFICATE_DIALOG (self));

  if ((row = gtk_list_box_get_row_at_index (self->chain_list, index)) != NULL)
    gtk_list_box_select_row (self->chain_list, row);
}

const char *
sealdesk_certificate_dialog_get_field (SealdeskCertificateDialog *self,
                                       const char                *name)
{
  g_return_val_if_fail (SEALDESK_IS_CERTIFICATE_DIALOG (self), NULL);

  return g_hash_table_lookup (self->fields, name);
}

void
sealdesk_certificate_dialog_copy_field (SealdeskCertificateDialog *self,
                                        const char                *name)
{
  const char *value;

  g_return_if_fail (SEALDESK_IS_CERTIFICATE_DIALOG (self));

  if ((value = g_hash_table_lookup (self->fields, name)) == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), value);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied to the clipboard")));
}
