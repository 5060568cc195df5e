/* sd-sign-copy.h: copy a document into its signed (or extended) copy,
 * hashing it on the way
 *
 * The one copy of an input that the signer, the document timestamp and
 * the validation data use: the input's bytes are hashed from the page
 * cache (mapped a window at a time, never copied to a buffer) and copied
 * by the kernel (sd_atomic_file_copy_range()). A document written to
 * meanwhile is an error: what was hashed must be what was copied.
 */
#pragma once

#include <glib/gstdio.h>
#include <openssl/types.h>

#include "sd-atomic-file.h"
#include "sd-progress.h"
#include "sd-sha256.h"

G_BEGIN_DECLS

typedef struct
{
  EVP_MD_CTX     *md_ctx;          /* NULL: copied, not hashed */
  SdSha256       *also;            /* NULL, or a second digest of the bytes */
  SdProgressFunc  progress;        /* NULL, or told share × the part copied */
  gpointer        progress_data;
  double          share;
  /* The error's message (translated) for a document that changed. */
  const char     *changed_message;
} SdSignCopy;

/* Appends the first @size bytes of @fd to @out. @st is how the file was
 * when it was parsed; a file whose size or times differ from it now, or
 * that is shorter than @size, fails with G_IO_ERROR_FAILED. */
gboolean sd_sign_copy_input (int               fd,
                             const GStatBuf   *st,
                             goffset           size,
                             SdAtomicFile     *out,
                             const SdSignCopy *how,
                             GCancellable     *cancellable,
                             GError          **error);

G_END_DECLS
