/* sd-sha256.c: SHA-256 of files and of streamed bytes */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "sd-sha256.h"

#define READ_BLOCK (1 << 20)

struct _SdSha256
{
  EVP_MD_CTX *ctx;
};

SdSha256 *
sd_sha256_new (void)
{
  SdSha256 *self = g_new0 (SdSha256, 1);

  self->ctx = EVP_MD_CTX_new ();
  if (self->ctx == NULL || EVP_DigestInit_ex (self->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  return self;
}

SdSha256 *
sd_sha256_new_from_evp (const EVP_MD_CTX *ctx)
{
  SdSha256 *copy;

  g_return_val_if_fail (EVP_MD_is_a (EVP_MD_CTX_get0_md (ctx), "SHA2-256"), NULL);
  copy = g_new0 (SdSha256, 1);
  copy->ctx = EVP_MD_CTX_new ();
  if (copy->ctx == NULL || EVP_MD_CTX_copy_ex (copy->ctx, ctx) != 1)
    g_error ("OpenSSL cannot copy a SHA-256 state");
  return copy;
}

SdSha256 *
sd_sha256_copy (const SdSha256 *self)
{
  return sd_sha256_new_from_evp (self->ctx);
}

void
sd_sha256_update (SdSha256   *self,
                  const void *data,
                  gsize       len)
{
  if (len > 0 && EVP_DigestUpdate (self->ctx, data, len) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
}

char *
sd_sha256_hex (const SdSha256 *self)
{
  static const char digits[] = "0123456789abcdef";
  g_autoptr(SdSha256) end = sd_sha256_copy (self);
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  char *hex;

  if (EVP_DigestFinal_ex (end->ctx, digest, &len) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  hex = g_malloc (2 * len + 1);
  for (unsigned int i = 0; i < len; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0x0f];
    }
  hex[2 * len] = '\0';
  return hex;
}

void
sd_sha256_free (SdSha256 *self)
{
  if (self == NULL)
    return;
  EVP_MD_CTX_free (self->ctx);
  g_free (self);
}

char *
sd_file_sha256 (const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(SdSha256) sum = NULL;
  g_autofree guint8 *buffer = NULL;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  ssize_t n;

  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      /* TRANSLATORS: the first %s is a file name, the second why it cannot be read. */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  sum = sd_sha256_new ();
  buffer = g_malloc (READ_BLOCK);
  while ((n = read (fd, buffer, READ_BLOCK)) != 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot read %s: %s"), display, g_strerror (saved_errno));
          return NULL;
        }
      sd_sha256_update (sum, buffer, (gsize) n);
    }
  close (fd);
  return sd_sha256_hex (sum);
}
