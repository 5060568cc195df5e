/* sd-pdf-crypt.h: encrypting what an incremental update adds to an
 * encrypted PDF (internal to src/core)
 *
 * The standard security handler of ISO 32000 7.6: RC4 (V1/V2, R2/R3, and
 * V4 /V2 crypt filters), AES-128 (V4 /AESV2) and AES-256 (V5 /AESV3, R5
 * and R6). qpdf checks the password and computes the file key
 * (sd-pdf-crypt-key.cc, through its C++ API); OpenSSL encrypts. Strings and
 * streams of object N G get the object key of 7.6.3 (MD5 of the file key,
 * N and G, and "sAlT" for AES) for R2 to R4, the file key itself for
 * AES-256; AES is CBC with a random IV in front and PKCS#5 padding. Public
 * key handlers, unknown handlers and unknown crypt filters are refused:
 * what cannot be encrypted correctly is never written.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SD_PDF_CIPHER_NONE,             /* /Identity: written as it is */
  SD_PDF_CIPHER_RC4,
  SD_PDF_CIPHER_AES_128,
  SD_PDF_CIPHER_AES_256,
} SdPdfCipher;

typedef struct {
  int          V;
  int          R;
  SdPdfCipher  strings;           /* /StrF (or the handler's only cipher) */
  SdPdfCipher  streams;           /* /StmF */
  guint8       key[32];           /* the file encryption key */
  gsize        key_length;
  gboolean     owner;             /* opened with the owner password */
  gboolean     may_sign;          /* owner, or /P allows filling in fields or adding annotations */
} SdPdfCryptParams;

/* Reads the security handler of the PDF in @data with @password (NULL: the
 * empty user password) through qpdf. Errors in SD_PDF_ERROR: _NEEDS_PASSWORD,
 * _BAD_PASSWORD, _ENCRYPTED (a handler or crypt filter that cannot be
 * written). @params is wiped by the caller. Implemented in C++. */
gboolean    sd_pdf_crypt_read_params  (const guint8      *data,
                                       gsize              length,
                                       const char        *display_name,
                                       const char        *password,
                                       SdPdfCryptParams  *params,
                                       GError           **error);

typedef struct _SdPdfCrypt SdPdfCrypt;

/* Copies @params (the caller wipes its copy). */
SdPdfCrypt *sd_pdf_crypt_new          (const SdPdfCryptParams *params);
/* Wipes the key. */
void        sd_pdf_crypt_free         (SdPdfCrypt        *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfCrypt, sd_pdf_crypt_free)

const SdPdfCryptParams *sd_pdf_crypt_get_params (SdPdfCrypt *self);

/* Encrypts the bytes of a string (@is_stream FALSE) or of a stream's data
 * (TRUE, as filtered) of object @num @gen, appending to @out. */
gboolean    sd_pdf_crypt_encrypt      (SdPdfCrypt        *self,
                                       gboolean           is_stream,
                                       int                num,
                                       int                gen,
                                       const guint8      *data,
                                       gsize              length,
                                       GByteArray        *out,
                                       GError           **error);
/* @body (the text of object @num @gen between "obj" and "endobj", without
 * stream data) with every string replaced by its encryption, as a hex
 * string; everything else is kept byte for byte. The /Contents of a
 * signature dictionary (/Type /Sig or /DocTimeStamp with /ByteRange and
 * /Contents) stays as it is (ISO 32000-2 7.6.2). */
GBytes     *sd_pdf_crypt_encrypt_body (SdPdfCrypt        *self,
                                       int                num,
                                       int                gen,
                                       const guint8      *body,
                                       gsize              length,
                                       GError           **error);

/* The bytes of a PDF string token, "(literal)" with its escapes or
 * "<hex>", appended to @out. */
void        sd_pdf_string_decode      (const guint8      *token,
                                       gsize              length,
                                       GByteArray        *out);

G_END_DECLS
