/* sd-atomic-file.c: write a file so that readers see all of it or none
 *
 * Where the filesystem allows it the file is made with O_TMPFILE: it has
 * no name until it is complete, so a process killed while writing leaves
 * nothing behind. Elsewhere (some network and FUSE filesystems) it is
 * "NAME.tmp-XXXXXX". Either way the writer holds an flock() on it while
 * writing, so that a temporary name nobody holds any more (a killed
 * writer's) is known to be stale and is removed by the next writer of NAME.
 *
 * A cancellable (sd_atomic_file_set_cancellable) is checked before each
 * write and twice in the commit (before the fsync, which can take long for
 * a large file, and before the name is given): a cancelled file is closed
 * and its temporary name removed at once.
 *
 * A large file is handed to the disk while it is written (every
 * WRITEBACK_STEP bytes, sync_file_range() without waiting), so that the
 * fsync() of the commit, which still makes it durable, has little left.
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH, sync_file_range, copy_file_range */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "sd-atomic-file.h"

#define WRITEBACK_STEP (8 * 1024 * 1024)

struct _SdAtomicFile
{
  char    *path;
  char    *tmp_path;     /* NULL for an O_TMPFILE file until committed */
  int      fd;
  goffset  offset;
  goffset  handed;       /* written back from here on not asked yet */
  gboolean committed;
  GCancellable *cancellable;
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

/* Temporary names older than this that nobody holds are stale. */
#define STALE_SECONDS 10

/* Removes "BASE.tmp-XXXXXX" files of @dir that no writer holds (left by a
 * writer that was killed) and that are old enough not to be a writer's
 * that has not taken its lock yet. */
static void
remove_stale (const char *dir,
              const char *base)
{
  g_autofree char *prefix = g_strconcat (base, ".tmp-", NULL);
  gsize prefix_len = strlen (prefix);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;
      int fd;

      if (strncmp (name, prefix, prefix_len) != 0 || strlen (name) != prefix_len + 6)
        continue;
      path = g_build_filename (dir, name, NULL);
      fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == geteuid ()
          && now - (gint64) st.st_mtime >= STALE_SECONDS
          && flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_unlink (path);
      close (fd);
    }
}

SdAtomicFile *
sd_atomic_file_new_with_mode (const char  *path,
                              int          mode,
                              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = NULL;
  SdAtomicFile *self;
  int fd;

  remove_stale (dir, base);

#ifdef O_TMPFILE
  fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
#else
  fd = -1;
#endif
  if (fd < 0)
    {
      tmpl = g_strconcat (path, ".tmp-XXXXXX", NULL);
      fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, mode);
    }
  if (fd < 0)
    {
      set_io_error (error, errno, _("Cannot create a file in %s"), dir);
      return NULL;
    }
  /* Held until the file is in place (released by close). */
  flock (fd, LOCK_EX);

  self = g_new0 (SdAtomicFile, 1);
  self->path = g_strdup (path);
  self->tmp_path = g_steal_pointer (&tmpl);
  self->fd = fd;
  return self;
}

/* Gives the O_TMPFILE file the name @name; FALSE with errno set. */
static gboolean
link_tmpfile_at (SdAtomicFile *self,
                 const char   *name)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", self->fd);

  if (linkat (AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
    return TRUE;
  /* No /proc: the same with AT_EMPTY_PATH (needs CAP_DAC_READ_SEARCH). */
  return errno == ENOENT && linkat (self->fd, "", AT_FDCWD, name, AT_EMPTY_PATH) == 0;
}

/* Puts the O_TMPFILE file in place: straight under its name when that is
 * free (nothing can be left half-way), else under a temporary name that
 * is then renamed over the old file. */
static gboolean
link_tmpfile (SdAtomicFile  *self,
              GError       **error)
{
  if (link_tmpfile_at (self, self->path))
    {
      self->committed = TRUE;
      return TRUE;
    }
  for (int attempt = 0; errno == EEXIST && attempt < 100; attempt++)
    {
      g_autofree char *tmp = g_strdup_printf ("%s.tmp-%06X", self->path,
                                              g_random_int_range (0, 0x1000000));

      if (link_tmpfile_at (self, tmp))
        {
          self->tmp_path = g_steal_pointer (&tmp);
          return TRUE;
        }
    }
  set_io_error (error, errno, _("Cannot save %s"), self->path);
  return FALSE;
}

void
sd_atomic_file_set_cancellable (SdAtomicFile *self,
                                GCancellable *cancellable)
{
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  g_set_object (&self->cancellable, cancellable);
}

/* Closes an uncommitted file and removes its temporary name: nothing of
 * it is left. */
static void
discard (SdAtomicFile *self)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  if (!self->committed && self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_clear_pointer (&self->tmp_path, g_free);
}

/* FALSE with the error when the file cannot be written any more: it was
 * cancelled (dropped now) or dropped already. */
static gboolean
check_usable (SdAtomicFile  *self,
              GError       **error)
{
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    {
      discard (self);
      return FALSE;
    }
  if (self->fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("Cannot write %s"), self->path);
      return FALSE;
    }
  return TRUE;
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

/* Hands what was written since the last call to the disk, without
 * waiting: only a head start for the commit's fsync(), which reports any
 * error. */
static void
hand_to_disk (SdAtomicFile *self)
{
#ifdef SYNC_FILE_RANGE_WRITE
  if (self->offset - self->handed >= WRITEBACK_STEP)
    {
      (void) sync_file_range (self->fd, self->handed, self->offset - self->handed,
                              SYNC_FILE_RANGE_WRITE);
      self->handed = self->offset;
    }
#endif
}

gboolean
sd_atomic_file_write (SdAtomicFile  *self,
                      const void    *data,
                      gsize          len,
                      GError       **error)
{
  const guint8 *p = data;

  if (!check_usable (self, error))
    return FALSE;
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
  hand_to_disk (self);
  return TRUE;
}

gboolean
sd_atomic_file_copy_range (SdAtomicFile  *self,
                           int            fd,
                           goffset        offset,
                           gsize          len,
                           const void    *mapped,
                           GError       **error)
{
  loff_t from = offset;

  if (!check_usable (self, error))
    return FALSE;
  while (len > 0)
    {
      ssize_t n = copy_file_range (fd, &from, self->fd, NULL, len, 0);

      if (n < 0 && errno == EINTR)
        continue;
      /* No kernel copy between these two files (or none of these bytes:
       * some filesystems copy nothing and say so with 0): the rest from
       * memory. */
      if (n == 0 || (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS
                               || errno == EOPNOTSUPP || errno == ETXTBSY)))
        return sd_atomic_file_write (self, (const guint8 *) mapped + (from - offset), len, error);
      if (n < 0)
        {
          set_io_error (error, errno, _("Cannot write %s"), self->path);
          return FALSE;
        }
      len -= n;
      self->offset += n;
    }
  hand_to_disk (self);
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

  if (!check_usable (self, error))
    return FALSE;
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

  if (!check_usable (self, error))
    return FALSE;
  if (fsync (self->fd) != 0)
    {
      set_io_error (error, errno, _("Cannot write %s"), self->path);
      return FALSE;
    }
  /* The last moment to stop: from here on the file is in place. */
  if (!check_usable (self, error))
    return FALSE;
  if (self->tmp_path == NULL && !link_tmpfile (self, error))
    return FALSE;
  if (!self->committed && g_rename (self->tmp_path, self->path) != 0)
    {
      set_io_error (error, errno, _("Cannot save %s"), self->path);
      return FALSE;
    }
  self->committed = TRUE;
  /* The lock goes with the descriptor, once the name is final. */
  if (close (self->fd) != 0)
    {
      self->fd = -1;
      set_io_error (error, errno, _("Cannot write %s"), self->path);
      return FALSE;
    }
  self->fd = -1;

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
  discard (self);
  g_clear_object (&self->cancellable);
  g_free (self->path);
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
