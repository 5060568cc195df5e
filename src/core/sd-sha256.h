/* sd-sha256.h: SHA-256 of files and of streamed bytes, lower-case hex
 *
 * OpenSSL's SHA-256 (with the CPU's SHA instructions where it has them):
 * GChecksum's is several times slower. The one helper for hashing files;
 * SdSha256 hashes bytes as they are copied, so that a file is read once.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/types.h>

G_BEGIN_DECLS

typedef struct _SdSha256 SdSha256;

SdSha256 *sd_sha256_new       (void);
SdSha256 *sd_sha256_copy      (const SdSha256 *self);
/* Goes on from where @ctx, an OpenSSL SHA-256 state, is (copied): bytes
 * hashed for a signature need not be hashed again for the file. */
SdSha256 *sd_sha256_new_from_evp (const EVP_MD_CTX *ctx);
void      sd_sha256_update    (SdSha256       *self,
                               const void     *data,
                               gsize           len);
/* The digest of what was given so far, as 64 lower-case hex digits
 * (the form GChecksum gives); @self can take more bytes after it. */
char     *sd_sha256_hex       (const SdSha256 *self);
void      sd_sha256_free      (SdSha256       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSha256, sd_sha256_free)

/* SHA-256 of the file at @path, read in large blocks. @cancellable is
 * checked between blocks: once cancelled, NULL with G_IO_ERROR_CANCELLED
 * (a large file is not read to its end first). */
char     *sd_file_sha256      (const char     *path,
                               GCancellable   *cancellable,
                               GError        **error);

G_END_DECLS
