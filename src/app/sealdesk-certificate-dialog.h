/* sealdesk-certificate-dialog.h: shows a certificate and its issuers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_CERTIFICATE_DIALOG (sealdesk_certificate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskCertificateDialog,
                      sealdesk_certificate_dialog,
                      SEALDESK,
                      CERTIFICATE_DIALOG,
                      AdwWindow)

/* @chain: of GBytes, DER; the certificate first, then its issuers. */
GtkWidget  *sealdesk_certificate_dialog_new             (GtkWindow                 *parent,
                                                         GPtrArray                 *chain);
/* One certificate (up-ref'ed) with no known issuer. */
GtkWidget  *sealdesk_certificate_dialog_new_for_x509    (GtkWindow                 *parent,
                                                         X509                      *cert);
guint       sealdesk_certificate_dialog_get_n_certificates (SealdeskCertificateDialog *self);
/* Shows certificate @index of the chain (0: the first). */
void        sealdesk_certificate_dialog_select          (SealdeskCertificateDialog *self,
                                                         guint                      index);
/* What the dialog shows of the selected certificate: "subject",
 * "issuer", "serial", "not-before", "not-after", "key", "usages",
 * "sha1", "sha256"; NULL for another name. */
const char *sealdesk_certificate_dialog_get_field       (SealdeskCertificateDialog *self,
                                                         const char                *name);
/* Copies field @name to the clipboard, as its copy button does. */
void        sealdesk_certificate_dialog_copy_field      (SealdeskCertificateDialog *self,
                                                         const char                *name);

G_END_DECLS
