/* sd-sign-copy.c: copy a document into its signed copy, hashing it on the way */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <openssl/evp.h>

#include "sd-mapped-file.h"
#include "sd-sign-copy.h"
#include "sd-test-hooks.h"

/* The input is hashed through a mapping of this many bytes at a time (a
 * multiple of the page size), then copied: small enough that its pages
 * are still in the CPU's cache for the copy, that the peak memory stays
 * small at any document size and that progress and cancelling stay fine
 * grained. */
#define MAP_WINDOW (256 * 1024)

static gboolean
changed_since (int             fd,
               const GStatBuf *st,
               goffset         size)
{
  GStatBuf now;

  return fstat (fd, &now) != 0 || now.st_size != st->st_size || now.st_size < size
         || now.st_mtim.tv_sec != st->st_mtim.tv_sec || now.st_mtim.tv_nsec != st->st_mtim.tv_nsec
         || now.st_ctim.tv_sec != st->st_ctim.tv_sec || now.st_ctim.tv_nsec != st->st_ctim.tv_nsec;
}

gboolean
sd_sign_copy_input (int               fd,
                    const GStatBuf   *st,
                    goffset           size,
                    SdAtomicFile     *out,
                    const SdSignCopy *how,
                    GCancellable     *cancellable,
                    GError          **error)
{
  goffset copied = 0;

  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  while (copied < size)
    {
      gsize window = MIN ((goffset) MAP_WINDOW, size - copied);
      void *map;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      /* A file cut short meanwhile reads as zeros past its end
       * (sd-mapped-file.h), and the window tells. */
      map = changed_since (fd, st, size) ? NULL : sd_mapped_window_map (fd, copied, window, NULL);
      if (map == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, how->changed_message);
          return FALSE;
        }
      /* Once, half-way, with a window mapped (sd-test-hooks.h). */
      if (copied <= size / 2 && size / 2 < copied + (goffset) window)
        sd_test_stop_at ("copy-half");
      if (how->md_ctx != NULL)
        EVP_DigestUpdate (how->md_ctx, map, window);
      if (how->also != NULL)
        sd_sha256_update (how->also, map, window);
      ok = sd_atomic_file_copy_range (out, fd, copied, window, map, error);
      if (!sd_mapped_window_unmap (map, window))
        {
          g_clear_error (error);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, how->changed_message);
          return FALSE;
        }
      if (!ok)
        return FALSE;
      copied += window;
      if (how->progress != NULL)
        how->progress (how->share * copied / size, how->progress_data);
    }
  if (changed_since (fd, st, size))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, how->changed_message);
      return FALSE;
    }
  return TRUE;
}
