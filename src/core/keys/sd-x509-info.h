/* sd-x509-info.h: what a certificate viewer shows of an X.509 certificate
 *
 * Reading certificate files (PEM or DER), fingerprints, the key's type and
 * size, key usages in words, and whether a certificate is a certificate
 * authority (the only kind worth trusting as an anchor).
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* Every certificate of a PEM file, or its one DER certificate; array of
 * X509 * (freed with it). G_IO_ERROR_INVALID_DATA when there is none. */
GPtrArray *sd_x509_read_file        (const char    *path,
                                     GError       **error);
/* The certificate of DER @der, or NULL. */
X509      *sd_x509_from_der         (GBytes        *der);
/* Upper-case hex bytes joined by colons: "AB:CD:…". */
char      *sd_x509_fingerprint      (X509          *cert,
                                     const EVP_MD  *md);
/* Lower-case hex of the SHA-256 of the certificate (DER): how the trust
 * list names an anchor, and profiles their certificates; NULL if it cannot
 * be computed. */
char      *sd_x509_sha256_hex       (X509          *cert);
/* "RSA, 2048 bits", "Elliptic curve P-256, 256 bits", … (translated). */
char      *sd_x509_describe_key     (X509          *cert);
/* The key usages and extended key usages, one translated line each;
 * "Any (no restriction)" when the certificate names none. */
GPtrArray *sd_x509_describe_usages  (X509          *cert);
/* TRUE when @cert may issue certificates (basicConstraints CA:TRUE and,
 * when present, keyUsage keyCertSign); else FALSE and a translated reason
 * a person can act on. */
gboolean   sd_x509_check_ca         (X509          *cert,
                                     GError       **error);

G_END_DECLS
