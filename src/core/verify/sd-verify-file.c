/* sd-verify-file.c: reading the bytes of the document being verified
 *
 * The verifier never holds the whole file in memory: the signed byte ranges
 * and the file's SHA-256 are hashed in one streaming pass of 1 MiB reads,
 * and only the bytes around a signature's /Contents gap are read on their
 * own to check that the gap is exactly that signature's hex string.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-verify-private.h"

#define CHUNK_SIZE (1024 * 1024)
/* No signature value is this large; a gap that claims to hold one is not
 * decoded further (hostile files must not make the verifier allocate). */
#define MAX_VALUE_SIZE (16 * 1024 * 1024)
/* How far before a /Contents gap the enclosing "N G obj" may be. */
#define MAX_DICT_PREFIX (1024 * 1024)

struct _SdVerifyFile
{
  int      fd;
  goffset  size;
  char    *path;
};

SdVerifyFile *
sd_verify_file_open (const char  *path,
                     GError     **error)
{
  SdVerifyFile *file;
  GStatBuf st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_IO,
                   _("“%s” is not a regular file"), display);
      close (fd);
      return NULL;
    }
  file = g_new0 (SdVerifyFile, 1);
  file->fd = fd;
  file->size = st.st_size;
  file->path = g_strdup (path);
  return file;
}

void
sd_verify_file_free (SdVerifyFile *file)
{
  if (file == NULL)
    return;
  close (file->fd);
  g_free (file->path);
  g_free (file);
}

goffset
sd_verify_file_get_size (SdVerifyFile *file)
{
  return file->size;
}

/* Reads up to @len bytes at @offset; returns how many (short only at the
 * end of the file) or -1 with @error set. */
gssize
sd_verify_file_pread (SdVerifyFile  *file,
                      goffset        offset,
                      guint8        *buf,
                      gsize          len,
                      GError       **error)
{
  gsize done = 0;

  if (offset < 0)
    return 0;
  while (done < len)
    {
      gssize n = pread (file->fd, buf + done, len - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_IO,
                       _("Cannot read the document: %s"), g_strerror (saved));
          return -1;
        }
      if (n == 0)
        break;
      done += n;
    }
  return done;
}

/* A job whose first range starts the file shares that prefix with @whole
 * when both use the same digest: the prefix is hashed once and @whole's
 * state copied into the job's context where the range ends. The signed
 * ranges cover nearly all of a document, so this halves the hashing. */
typedef struct {
  goffset  at;                  /* where the job's first range ends */
  guint    job;
} Fork;

static int
fork_cmp (gconstpointer a,
          gconstpointer b)
{
  const Fork *x = a;
  const Fork *y = b;

  return x->at < y->at ? -1 : x->at > y->at;
}

static Fork *
find_forks (SdVerifyFile *file,
            EVP_MD_CTX   *whole,
            SdHashJob    *jobs,
            guint         n_jobs,
            gboolean     *shared,
            guint        *n_forks)
{
  Fork *forks = g_new0 (Fork, MAX (n_jobs, 1));

  *n_forks = 0;
  for (guint j = 0; j < n_jobs && whole != NULL; j++)
    {
      shared[j] = jobs[j].n_ranges > 0 && jobs[j].ranges[0] == 0 && jobs[j].ranges[1] >= 0
                  && EVP_MD_get_type (EVP_MD_CTX_get0_md (whole))
                     == EVP_MD_get_type (EVP_MD_CTX_get0_md (jobs[j].ctx));
      if (shared[j])
        forks[(*n_forks)++] = (Fork) { MIN (jobs[j].ranges[1], file->size), j };
    }
  qsort (forks, *n_forks, sizeof *forks, fork_cmp);
  return forks;
}

/* Feeds @whole with @len bytes at @off, copying its state into the job of
 * each fork reached; *@next is the first fork not reached yet. */
static gboolean
feed_whole (EVP_MD_CTX   *whole,
            SdHashJob    *jobs,
            const Fork   *forks,
            guint         n_forks,
            guint        *next,
            goffset       off,
            const guint8 *buf,
            gsize         len,
            GError      **error)
{
  goffset pos = off;
  goffset end = off + (goffset) len;

  for (;;)
    {
      goffset stop;

      for (; *next < n_forks && forks[*next].at <= pos; (*next)++)
        if (!EVP_MD_CTX_copy_ex (jobs[forks[*next].job].ctx, whole))
          {
            g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_IO,
                         _("Cannot read the document: %s"), g_strerror (ENOMEM));
            return FALSE;
          }
      if (pos >= end)
        return TRUE;
      stop = *next < n_forks ? MIN (forks[*next].at, end) : end;
      EVP_DigestUpdate (whole, buf + (pos - off), stop - pos);
      pos = stop;
    }
}

gboolean
sd_verify_file_hash (SdVerifyFile          *file,
                     EVP_MD_CTX            *whole,
                     SdVfyNesting          *nesting,
                     SdHashJob             *jobs,
                     guint                  n_jobs,
                     SdProgressFunc         progress,
                     gpointer               progress_data,
                     GCancellable          *cancellable,
                     GError               **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK_SIZE);
  g_autofree gboolean *shared = g_new0 (gboolean, MAX (n_jobs, 1));
  g_autofree Fork *forks = NULL;
  guint n_forks = 0;
  guint next_fork = 0;
  goffset end = 0;

  /* Read only as far as someone needs. */
  if (whole != NULL || nesting != NULL)
    end = file->size;
  for (guint j = 0; j < n_jobs; j++)
    for (int r = 0; r < jobs[j].n_ranges; r++)
      end = MAX (end, MIN (file->size, jobs[j].ranges[2 * r] + jobs[j].ranges[2 * r + 1]));
  forks = find_forks (file, whole, jobs, n_jobs, shared, &n_forks);
  posix_fadvise (file->fd, 0, end, POSIX_FADV_SEQUENTIAL);

  for (goffset off = 0; off < end; off += CHUNK_SIZE)
    {
      gsize want = MIN ((goffset) CHUNK_SIZE, end - off);
      gssize got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      got = sd_verify_file_pread (file, off, buf, want, error);
      if (got < 0)
        return FALSE;
      if ((gsize) got < want)
        {
          g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_IO,
                       _("The document changed while it was being verified"));
          return FALSE;
        }
      if (whole != NULL && !feed_whole (whole, jobs, forks, n_forks, &next_fork, off, buf, got, error))
        return FALSE;
      if (nesting != NULL)
        sd_vfy_nesting_feed (nesting, buf, got);
      for (guint j = 0; j < n_jobs; j++)
        for (int r = shared[j] ? 1 : 0; r < jobs[j].n_ranges; r++)
          {
            gint64 rs = jobs[j].ranges[2 * r];
            gint64 re = rs + jobs[j].ranges[2 * r + 1];
            gint64 from = MAX (rs, off);
            gint64 to = MIN (re, off + got);

            if (from < to)
              EVP_DigestUpdate (jobs[j].ctx, buf + (from - off), to - from);
          }
      if (progress != NULL && end > 0)
        progress ((double) (off + got) / end, progress_data);
    }
  return TRUE;
}

static gboolean
is_space (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static gboolean
is_delimiter (guint8 c)
{
  return is_space (c) || strchr ("()<>[]{}/%", c) != NULL;
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

gboolean
sd_verify_file_has_content_after (SdVerifyFile  *file,
                                  goffset        offset,
                                  GError       **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK_SIZE);

  for (goffset off = offset; off < file->size; off += CHUNK_SIZE)
    {
      gssize got = sd_verify_file_pread (file, off, buf, CHUNK_SIZE, error);

      if (got <= 0)
        return FALSE;
      for (gssize i = 0; i < got; i++)
        if (!is_space (buf[i]))
          return TRUE;
    }
  return FALSE;
}

/* Is the keyword @kw at @buf[@i] with delimiters on both sides? */
static gboolean
keyword_at (const guint8 *buf,
            gsize         len,
            gsize         i,
            const char   *kw)
{
  gsize n = strlen (kw);

  if (i + n > len || memcmp (buf + i, kw, n) != 0)
    return FALSE;
  if (i > 0 && !is_delimiter (buf[i - 1]))
    return FALSE;
  if (i + n < len && !is_delimiter (buf[i + n]))
    return FALSE;
  return TRUE;
}

/* Parses "N G obj" ending at @buf[@obj] (the position of "obj"): fills the
 * numbers and returns TRUE when the two integers are there. */
static gboolean
parse_obj_header (const guint8 *buf,
                  gsize         obj,
                  int          *num,
                  int          *gen)
{
  gssize i = (gssize) obj - 1;
  gint64 g = 0, n = 0, mul = 1;
  gboolean digits = FALSE;

  while (i >= 0 && is_space (buf[i]))
    i--;
  for (; i >= 0 && g_ascii_isdigit (buf[i]) && mul < 1000000; i--, mul *= 10)
    g += (buf[i] - '0') * mul, digits = TRUE;
  if (!digits || i < 0 || !is_space (buf[i]))
    return FALSE;
  while (i >= 0 && is_space (buf[i]))
    i--;
  digits = FALSE;
  for (mul = 1; i >= 0 && g_ascii_isdigit (buf[i]) && mul < 10000000000; i--, mul *= 10)
    n += (buf[i] - '0') * mul, digits = TRUE;
  if (!digits || (i >= 0 && !is_delimiter (buf[i])))
    return FALSE;
  *num = (int) n;
  *gen = (int) g;
  return TRUE;
}

/* What precedes the gap: "/Contents" and the enclosing object header. */
static gboolean
inspect_before_gap (SdVerifyFile  *file,
                    gint64         start,
                    SdGapInfo     *info,
                    GError       **error)
{
  gsize window = MIN ((gint64) MAX_DICT_PREFIX, start);
  g_autofree guint8 *buf = g_malloc (window + 1);
  gssize got, i;
  static const char key[] = "/Contents";

  got = sd_verify_file_pread (file, start - window, buf, window, error);
  if (got < 0)
    return FALSE;
  i = got - 1;
  while (i >= 0 && is_space (buf[i]))
    i--;
  i = i + 1 - (gssize) strlen (key);
  info->after_contents_key = i >= 0 && memcmp (buf + i, key, strlen (key)) == 0;

  /* The nearest "obj" keyword before the gap, with no "endobj" between. */
  for (; i >= 0; i--)
    {
      if (keyword_at (buf, got, i, "endobj") || keyword_at (buf, got, i, "stream"))
        break;
      if (keyword_at (buf, got, i, "obj"))
        {
          if (!parse_obj_header (buf, i, &info->obj_num, &info->obj_gen))
            info->obj_num = info->obj_gen = 0;
          break;
        }
    }
  return TRUE;
}

/* After the string: the next token must continue the dictionary. */
static gboolean
inspect_after_gap (SdVerifyFile  *file,
                   gint64         end,
                   SdGapInfo     *info,
                   GError       **error)
{
  guint8 buf[256];
  gssize got = sd_verify_file_pread (file, end, buf, sizeof buf, error);
  gssize i = 0;

  if (got < 0)
    return FALSE;
  while (i < got && is_space (buf[i]))
    i++;
  info->followed_by_dict_entry = i < got && (buf[i] == '/' || buf[i] == '>');
  return TRUE;
}

gboolean
sd_verify_inspect_gap (SdVerifyFile  *file,
                       gint64         start,
                       gint64         end,
                       SdGapInfo     *info,
                       GError       **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK_SIZE);
  g_autoptr(GByteArray) value = g_byte_array_new ();
  gboolean in_string = TRUE, closed = FALSE;
  int pending = -1;

  memset (info, 0, sizeof *info);
  if (start < 0 || end <= start || end > file->size)
    return TRUE;

  if (!inspect_before_gap (file, start, info, error))
    return FALSE;

  for (gint64 off = start; off < end; off += CHUNK_SIZE)
    {
      gssize got = sd_verify_file_pread (file, off, buf, MIN (CHUNK_SIZE, end - off), error);

      if (got < 0)
        return FALSE;
      for (gssize i = 0; i < got; i++)
        {
          guint8 c = buf[i];
          gint64 pos = off + i;

          if (pos == start)
            {
              if (c != '<')
                in_string = FALSE;
              continue;
            }
          if (in_string)
            {
              int v = hex_value (c);

              if (v >= 0 && value->len >= MAX_VALUE_SIZE)
                in_string = FALSE;
              else if (v >= 0)
                {
                  if (pending < 0)
                    pending = v;
                  else
                    {
                      g_byte_array_append (value, (guint8[]) { (guint8) (pending << 4 | v) }, 1);
                      pending = -1;
                    }
                }
              else if (c == '>')
                {
                  in_string = FALSE;
                  closed = TRUE;
                  info->string_length = pos + 1 - start;
                }
              else if (!is_space (c))
                in_string = FALSE;
              continue;
            }
          /* Past the string: other PDF structure inside the gap? */
          if (keyword_at (buf, got, i, "obj") || keyword_at (buf, got, i, "xref")
              || keyword_at (buf, got, i, "trailer") || keyword_at (buf, got, i, "startxref"))
            info->contains_objects = TRUE;
        }
    }
  if (pending >= 0)
    g_byte_array_append (value, (guint8[]) { (guint8) (pending << 4) }, 1);

  info->is_hex_string = closed && info->string_length == (gsize) (end - start);
  if (closed)
    info->value = g_byte_array_free_to_bytes (g_steal_pointer (&value));
  if (info->is_hex_string && !inspect_after_gap (file, end, info, error))
    return FALSE;
  return TRUE;
}

void
sd_vfy_gap_info_clear (SdGapInfo *info)
{
  g_clear_pointer (&info->value, g_bytes_unref);
}
