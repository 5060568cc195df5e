/* sd-sync-fs.c: files in the shared folder, opened without trusting it
 *
 * Everything is relative to a directory fd opened with O_NOFOLLOW; files
 * are opened O_NOFOLLOW | O_NONBLOCK (a FIFO never blocks us) and checked
 * with fstat before a byte is read; nothing is ever written outside our own
 * folder, and there with the temp name + fsync + rename of sd-atomic-file.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <openssl/rand.h>

#include "sd-sync-private.h"

SdSyncNameKind
sd_sync_classify_name (const char *name)
{
  if (strstr (name, ".sync-conflict-") != NULL || strstr (name, " (conflicted copy") != NULL
      || strstr (name, "(Conflict") != NULL || strstr (name, "(conflict") != NULL)
    return SD_SYNC_NAME_CONFLICT;
  if (strstr (name, ".tmp-") != NULL || g_str_has_prefix (name, "~$") || g_str_has_prefix (name, ".~lock.")
      || g_str_has_prefix (name, ".syncthing.") || g_str_has_suffix (name, ".part")
      || g_str_has_suffix (name, ".partial") || g_str_has_suffix (name, ".tmp") || g_str_has_prefix (name, "~"))
    return SD_SYNC_NAME_TEMPORARY;
  return SD_SYNC_NAME_NORMAL;
}

gboolean
sd_sync_name_is_safe (const char *name)
{
  gsize len = name != NULL ? strlen (name) : 0;

  if (len == 0 || len > 128 || name[0] == '.')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return sd_sync_classify_name (name) == SD_SYNC_NAME_NORMAL;
}

/* CON, PRN, AUX, NUL, COM0–9, LPT0–9, with or without an extension: an
 * SMB share on Windows cannot hold a folder of that name. */
static gboolean
is_windows_reserved (const char *name)
{
  static const char *const reserved[] = { "CON", "PRN", "AUX", "NUL" };
  gsize stem = strcspn (name, ".");

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (stem == 3 && g_ascii_strncasecmp (name, reserved[i], 3) == 0)
      return TRUE;
  return stem == 4 && (g_ascii_strncasecmp (name, "COM", 3) == 0 || g_ascii_strncasecmp (name, "LPT", 3) == 0)
         && g_ascii_isdigit (name[3]);
}

static gboolean
folder_char_is_allowed (gunichar c,
                        gboolean first)
{
  if (g_unichar_isalnum (c))
    return TRUE;
  if (first)
    return FALSE;
  return g_unichar_ismark (c) || c == '.' || c == '_' || c == '-';
}

gboolean
sd_sync_folder_name_is_safe (const char *name)
{
  g_autofree char *nfc = NULL;
  gsize len = name != NULL ? strlen (name) : 0;

  if (len == 0 || len > 128 || !g_utf8_validate (name, -1, NULL) || name[len - 1] == '.')
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (!folder_char_is_allowed (g_utf8_get_char (p), p == name))
      return FALSE;
  /* One spelling of each name: "é" precomposed, never "e" + U+0301. */
  nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  if (nfc == NULL || !g_str_equal (nfc, name))
    return FALSE;
  return !is_windows_reserved (name) && sd_sync_classify_name (name) == SD_SYNC_NAME_NORMAL;
}

#define MATTER_FOLDER_MAX 100   /* bytes: room for the names below it */

char *
sd_sync_matter_folder (const char *matter)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *nfc = NULL;

  if (matter == NULL || !g_utf8_validate (matter, -1, NULL)
      || (nfc = g_utf8_normalize (matter, -1, G_NORMALIZE_NFC)) == NULL)
    return NULL;
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize before = out->len;
      gboolean after_word = out->len > 0 && strchr ("._-", out->str[out->len - 1]) == NULL;

      /* '.', '_' and '-' only after a letter, mark or digit: "/../" is
       * one '_', never "_.._". */
      if (folder_char_is_allowed (c, out->len == 0) && (g_unichar_isalnum (c) || g_unichar_ismark (c) || after_word))
        g_string_append_unichar (out, c);
      else if (out->len > 0 && out->str[out->len - 1] != '_' && !g_unichar_ismark (c))
        g_string_append_c (out, '_');
      if (out->len > MATTER_FOLDER_MAX)
        {
          g_string_truncate (out, before);
          break;
        }
    }
  while (out->len > 0 && (out->str[out->len - 1] == '_' || out->str[out->len - 1] == '.'
                          || out->str[out->len - 1] == '-'))
    g_string_truncate (out, out->len - 1);
  if (is_windows_reserved (out->str))
    g_string_insert_c (out, strcspn (out->str, "."), '_');   /* "CON_", "com1_.txt" */
  if (!sd_sync_folder_name_is_safe (out->str))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
sd_sync_relpath_is_safe (const char *relpath)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (relpath == NULL || strlen (relpath) > 400)
    return FALSE;
  parts = g_strsplit (relpath, "/", -1);
  n = g_strv_length (parts);
  if (n < 1 || n > 3)
    return FALSE;
  /* A matter's folder only where matter folders are. */
  if (n == 3 && !(g_str_equal (parts[0], "requests") || g_str_equal (parts[0], "completed")))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!(i == 1 && n == 3 ? sd_sync_folder_name_is_safe (parts[i]) : sd_sync_name_is_safe (parts[i])))
      return FALSE;
  return TRUE;
}

static gboolean
set_errno_error (GError    **error,
                 int         saved,
                 const char *what)
{
  g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER, "%s: %s", what, g_strerror (saved));
  return FALSE;
}

int
sd_sync_open_dir_at (int          dirfd,
                     const char  *name,
                     gboolean     create,
                     GError     **error)
{
  int fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT && create)
    {
      if (mkdirat (dirfd, name, 0755) != 0 && errno != EEXIST)
        {
          set_errno_error (error, errno, name);
          return -1;
        }
      fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ELOOP || saved == ENOTDIR)
        g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER,
                     _("“%s” in the shared folder is a link or not a folder: not used"), name);
      else
        set_errno_error (error, saved, name);
      errno = saved;
    }
  return fd;
}

int
sd_sync_open_path_at (int          dirfd,
                      const char  *relpath,
                      gboolean     create,
                      GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (relpath, "/", -1);
  int fd = -1;

  for (guint i = 0; parts[i] != NULL; i++)
    if (!sd_sync_folder_name_is_safe (parts[i]))
      {
        g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                     _("The name “%s” is not allowed in the shared folder (path components, hidden or temporary names)"), relpath);
        return -1;
      }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      int next = sd_sync_open_dir_at (fd >= 0 ? fd : dirfd, parts[i], create, error);

      if (fd >= 0)
        close (fd);
      if ((fd = next) < 0)
        return -1;
    }
  return fd;
}

GBytes *
sd_sync_read_at (int               dirfd,
                 const char       *relpath,
                 gssize            size,
                 const char       *sha256,
                 gsize             max_len,
                 SdSyncFileStatus *status,
                 GError          **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *data = NULL;
  g_autofree char *sha = NULL;
  struct stat st;
  int sub = -1, fd;
  gsize done = 0;

  *status = SD_SYNC_FILE_BAD;
  if (!sd_sync_relpath_is_safe (relpath))
    {
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                   _("The name “%s” is not allowed in the shared folder (path components, hidden or temporary names)"), relpath);
      return NULL;
    }
  parts = g_strsplit (relpath, "/", -1);
  /* Folder by folder, never following a link. */
  for (guint i = 0; parts[i + 1] != NULL; i++)
    {
      int next = openat (sub >= 0 ? sub : dirfd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int saved = errno;

      if (sub >= 0)
        close (sub);
      sub = next;
      if (sub < 0)
        {
          if (saved == ENOENT)
            *status = SD_SYNC_FILE_MISSING;
          if (saved == ELOOP || saved == ENOTDIR)
            g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID,
                         _("A folder on the way to %s is a symbolic link or not a folder: not followed"), relpath);
          else
            g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER, _("%s cannot be opened: %s"), relpath, g_strerror (saved));
          return NULL;
        }
    }
  fd = openat (sub >= 0 ? sub : dirfd, parts[g_strv_length (parts) - 1],
               O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (sub >= 0)
    {
      int saved = errno;

      close (sub);
      errno = saved;
    }
  if (fd < 0)
    {
      if (errno == ENOENT)
        *status = SD_SYNC_FILE_MISSING;
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER,
                   errno == ELOOP ? _("%s is a symbolic link: not followed") : _("%s cannot be opened: %s"),
                   relpath, g_strerror (errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER, _("%s cannot be opened: %s"), relpath, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      if (S_ISDIR (st.st_mode))
        g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s is a folder, not a regular file"), relpath);
      else if (S_ISFIFO (st.st_mode))
        g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s is a FIFO, not a regular file"), relpath);
      else if (S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode))
        g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s is a device file, not a regular file"), relpath);
      else if (S_ISSOCK (st.st_mode))
        g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s is a socket, not a regular file"), relpath);
      else
        g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s is not a regular file"), relpath);
      return NULL;
    }
  /* Another name for the same file may lie outside the folder. */
  if (st.st_nlink != 1)
    {
      close (fd);
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s has other names (hard links): not read"), relpath);
      return NULL;
    }
  if ((gsize) st.st_size > max_len || (size >= 0 && st.st_size > size))
    {
      close (fd);
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s is larger than allowed or announced (%lld bytes)"),
                   relpath, (long long) st.st_size);
      return NULL;
    }
  if (size >= 0 && st.st_size < size)
    {
      close (fd);
      *status = SD_SYNC_FILE_INCOMPLETE;
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER, _("%s is not complete yet (%lld of %lld bytes)"),
                   relpath, (long long) st.st_size, (long long) size);
      return NULL;
    }
  data = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      ssize_t n = read (fd, data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  close (fd);
  if (done != (gsize) st.st_size)
    {
      *status = SD_SYNC_FILE_INCOMPLETE;
      g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_FOLDER, _("%s changed while it was read"), relpath);
      return NULL;
    }
  if (sha256 != NULL)
    {
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, done);
      if (!g_str_equal (sha, sha256))
        {
          g_set_error (error, SD_SYNC_ERROR, SD_SYNC_ERROR_INVALID, _("%s does not have the SHA-256 its manifest gives"), relpath);
          return NULL;
        }
    }
  data[done] = '\0';
  *status = SD_SYNC_FILE_OK;
  return g_bytes_new_take (g_steal_pointer (&data), done);
}

gboolean
sd_sync_write_at (int          dirfd,
                  const char  *name,
                  const void  *data,
                  gsize        len,
                  GError     **error)
{
  guint8 rnd[6];
  g_autofree char *hex = NULL;
  g_autofree char *tmp = NULL;
  const guint8 *p = data;
  int fd;

  if (RAND_bytes (rnd, sizeof rnd) != 1)
    for (guint i = 0; i < sizeof rnd; i++)
      rnd[i] = (guint8) g_random_int ();
  hex = g_strdup_printf ("%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
  tmp = g_strconcat (name, ".tmp-", hex, NULL);
  fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return set_errno_error (error, errno, name);
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          unlinkat (dirfd, tmp, 0);
          return set_errno_error (error, saved, name);
        }
      p += n;
      len -= n;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || renameat (dirfd, tmp, dirfd, name) != 0)
    {
      int saved = errno;

      unlinkat (dirfd, tmp, 0);
      return set_errno_error (error, saved, name);
    }
  fsync (dirfd);
  return TRUE;
}

void
sd_sync_find_conflicts (int         dirfd,
                        const char *prefix,
                        int         depth,
                        GPtrArray  *out)
{
  int fd = dup (dirfd);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *entry;

  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  rewinddir (dir);
  while ((entry = readdir (dir)) != NULL && out->len < 1000)
    {
      g_autofree char *name = prefix != NULL ? g_strconcat (prefix, "/", entry->d_name, NULL) : g_strdup (entry->d_name);

      if (entry->d_name[0] == '.' && (entry->d_name[1] == '\0' || g_str_equal (entry->d_name, "..")))
        continue;
      if (sd_sync_classify_name (entry->d_name) == SD_SYNC_NAME_CONFLICT)
        g_ptr_array_add (out, g_steal_pointer (&name));
      else if (depth > 0 && entry->d_type == DT_DIR)
        {
          int sub = openat (dirfd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

          if (sub >= 0)
            {
              sd_sync_find_conflicts (sub, name, depth - 1, out);
              close (sub);
            }
        }
    }
  closedir (dir);
}
