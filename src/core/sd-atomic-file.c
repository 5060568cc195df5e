/* sd-atomic-file.c: write a file so that readers see all of it or none */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "sd-atomic-file.h"

struct _SdAtomicFile
{
  char    *path;
  char    *tmp_path;
  int      fd;
  goffset  offset;
  gboolean committed;
};

static void G_GNUC_PRINTF (3, 4)
set_io_error (GError     **error,
              int          saved_errno,
              const char  *format,
              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", what, g_strerror (saved_errno));
}

SdAtomicFile *
sd_atomic_file_new (const char  *path,
                    GError     **error)
{
  return sd_atomic_file_new_with_mode (path, 0644, error);
}

SdAtomicFile *
sd_atomic_file_new_with_mode (const char  *path,
                              int          mode,
                              GError     **error)
{
  g_autofree char *tmpl = g_strconcat (path, ".tmp-XXXXXX", NULL);
  SdAtomicFile *self;
  int fd;

  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *dir = g_path_get_dirname (path);

      set_io_error (error, saved_errno, _("Cannot create a file in %s"), dir);
      return NULL;
    }

  self = g_new0 (SdAtomicFile, 1);
  self->path = g_strdup (path);
  self->tmp_path = g_steal_pointer (&tmpl);
  self->fd = fd;
  return self;
}

const char *
sd_atomic_file_get_path (SdAtomicFile *self)
{
  return self->path;
}

goffset
sd_atomic_file_get_offset (SdAtomicFile *self)
{
  return self->offset;
}

gboolean
sd_atomic_file_write (SdAtomicFile  *self,
                      const void    *data,
                      gsize          len,
                      GError       **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = write (self->fd, p, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_io_error (error, errno, _("Cannot write %s"), self->path);
          return FALSE;
        }
      p += n;
      len -= n;
      self->offset += n;
    }
  return TRUE;
}

gboolean
sd_atomic_file_pwrite (SdAtomicFile  *self,
                       goffset        offset,
                       const void    *data,
                       gsize          len,
                       GError       **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = pwrite (self->fd, p, len, offset);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_io_error (error, errno, _("Cannot write %s"), self->path);
          return FALSE;
        }
      p += n;
      len -= n;
      offset += n;
    }
  return TRUE;
}

gboolean
sd_atomic_file_commit (SdAtomicFile  *self,
                       GError       **error)
{
  g_autofree char *dir = NULL;
  int dir_fd;

  g_return_val_if_fail (!self->committed, FALSE);

  if (fsync (self->fd) != 0)
    {
      set_io_error (error, errno, _("Cannot write %s"), self->path);
      return FALSE;
    }
  if (close (self->fd) != 0)
    {
      self->fd = -1;
      set_io_error (error, errno, _("Cannot write %s"), self->path);
      return FALSE;
    }
  self->fd = -1;
  if (g_rename (self->tmp_path, self->path) != 0)
    {
      set_io_error (error, errno, _("Cannot save %s"), self->path);
      return FALSE;
    }
  self->committed = TRUE;

  /* Make the rename itself durable. */
  dir = g_path_get_dirname (self->path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

void
sd_atomic_file_free (SdAtomicFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  if (!self->committed)
    g_unlink (self->tmp_path);
  g_free (self->path);
  g_free (self->tmp_path);
  g_free (self);
}

gboolean
sd_file_set_contents_atomic (const char  *path,
                             const void  *data,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(SdAtomicFile) file = sd_atomic_file_new (path, error);

  return file != NULL
         && sd_atomic_file_write (file, data, len, error)
         && sd_atomic_file_commit (file, error);
}
