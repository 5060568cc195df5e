/* sd-marks-qr.h: the QR verification code of a signed printout
 *
 * The code holds a compact payload:
 *   SDQR1|<document id>|<SHA-256 of the document before its marks>|<its size>|
 *         <SHA-256 of the signer's certificate>|<signing time>[|<URL>]
 * (hex, time as YYYYMMDDTHHMMSSZ). Whoever holds the paper scans the code
 * and checks it against a signed file: the file must begin with exactly the
 * document that was marked, and carry a signature, intact, by that
 * certificate at that time, over it.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/x509.h>

#include "sd-verify.h"

G_BEGIN_DECLS

/* The payload for the document @doc_path (before marks) that @cert will
 * sign at @signing_time. @url_template may be NULL; "{sha256}" in it is
 * replaced by the document's SHA-256. @cert NULL (a preview): zeros
 * instead of its fingerprint; @signing_time NULL: now. */
char     *sd_qr_payload_new    (const char  *doc_path,
                                X509        *cert,
                                GDateTime   *signing_time,
                                const char  *url_template,
                                GError     **error);

/* Gives each QR mark of @marks (of SdMark*) without text the payload of
 * @doc_path signed by @cert at @signing_time, with the mark's
 * url_template. */
gboolean  sd_marks_fill_qr     (GPtrArray   *marks,
                                const char  *doc_path,
                                X509        *cert,
                                GDateTime   *signing_time,
                                GError     **error);

/* The text of the first QR code found in the picture @image_path (PNG,
 * JPEG, anything gdk-pixbuf reads), decoded with zbar. */
char     *sd_qr_decode_image   (const char  *image_path,
                                GError     **error);

/* Does @payload belong to the signed file @file_path, whose verification
 * is @report? Returns TRUE when it matches; FALSE with @why set to a
 * translated sentence when it does not. Errors only for unreadable files
 * (then FALSE and @error). */
gboolean  sd_qr_check          (const char     *file_path,
                                SdVerifyReport *report,
                                const char     *payload,
                                char          **why,
                                GError        **error);

G_END_DECLS
