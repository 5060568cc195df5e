/* sd-ltv.c: extending a signed document to B-LT or B-LTA
 *
 * The /DSS revision (its data collected by sd-ltv-collect.c, written by
 * sd-ltv-dss.c), then for B-LTA a document timestamp
 * (sd-ltv-timestamp.c); the files in between are private temporary ones.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-private-temp.h"
#include "sd-atomic-file.h"
#include "sd-ltv-private.h"
#include "sd-paths.h"
#include "sd-pdf-document-private.h"
#include "sd-sign-checks.h"
#include "sd-sign-copy.h"

G_DEFINE_QUARK (sd-ltv-error-quark, sd_ltv_error)

void
sd_ltv_result_clear (SdLtvResult *result)
{
  g_clear_pointer (&result->tsa_url, g_free);
  g_clear_pointer (&result->doc_timestamp_time, g_date_time_unref);
}

static gboolean
append_section_with_mode (const char    *in_path,
                          const char    *out_path,
                          GBytes        *section,
                          int            mode,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SdAtomicFile) out = NULL;
  GStatBuf st;
  int fd = g_open (in_path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = FALSE;

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s"), in_path, g_strerror (saved_errno));
      goto out;
    }
  out = sd_atomic_file_new_with_mode (out_path, mode >= 0 ? mode : (int) ((st.st_mode & 0777) | 0600),
                                      error);
  if (out == NULL)
    goto out;
  sd_atomic_file_set_cancellable (out, cancellable);
  {
    SdSignCopy how = { NULL, NULL, NULL, NULL, 0,
                       _("The document changed or became unreadable while it was being extended") };

    if (!sd_sign_copy_input (fd, &st, st.st_size, out, &how, cancellable, error))
      goto out;
  }
  ok = (section == NULL
        || sd_atomic_file_write (out, g_bytes_get_data (section, NULL), g_bytes_get_size (section), error))
       && sd_atomic_file_commit (out, error);

out:
  if (fd >= 0)
    close (fd);
  return ok;
}

gboolean
sd_ltv_append_section (const char    *in_path,
                       const char    *out_path,
                       GBytes        *section,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return append_section_with_mode (in_path, out_path, section, -1, cancellable, error);
}

gboolean
sd_ltv_last_byte_is_eol (const char *path,
                         goffset     size)
{
  char c = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean eol = FALSE;

  if (fd >= 0 && size > 0 && pread (fd, &c, 1, size - 1) == 1)
    eol = c == '\n' || c == '\r';
  if (fd >= 0)
    close (fd);
  return eol;
}

static gboolean
add_dss (const char          *in_path,
         const char          *out_path,
         const SdLtvOptions  *opts,
         SdLtvResult         *result,
         GCancellable        *cancellable,
         GError             **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GBytes) section = NULL;
  SdLtvCollection c;
  gboolean ok = FALSE;
  goffset size;

  /* An encrypted document: the DSS's streams are encrypted with its key. */
  doc = sd_pdf_document_open (in_path, opts->password, error);
  if (doc == NULL || !sd_sign_check_encryption (doc, error))
    return FALSE;
  sd_ltv_collection_init (&c, opts);
  if (!sd_ltv_collect (&c, doc, cancellable, error))
    goto out;
  size = sd_pdf_document_get_file_size (doc);
  section = sd_ltv_build_dss_section (&c, doc, size, !sd_ltv_last_byte_is_eol (in_path, size), result, error);
  if (section == NULL)
    goto out;
  g_clear_object (&doc);
  if (!sd_ltv_append_section (in_path, out_path, section, cancellable, error))
    goto out;
  result->n_from_cache = c.fetcher.n_from_cache;
  result->dss_added = TRUE;
  ok = TRUE;

out:
  sd_ltv_collection_clear (&c);
  return ok;
}

gboolean
sd_ltv_copy_file (const char  *from,
                  const char  *to,
                  GError     **error)
{
  GStatBuf st;

  /* A file replaced keeps its permissions. */
  return append_section_with_mode (from, to, NULL,
                                   g_stat (to, &st) == 0 ? (int) (st.st_mode & 0777) : -1,
                                   NULL, error);
}

/* A private temporary file for an intermediate revision. */
static char *
temporary_path (GError **error)
{
  char *path = NULL;
  int fd = sd_private_temp_open ("ltv", &path, error);

  if (fd < 0)
    return NULL;
  close (fd);
  return path;
}

gboolean
sd_ltv_extend (const char          *in_path,
               const char          *out_path,
               const SdLtvOptions  *opts,
               SdLtvResult         *result,
               GCancellable        *cancellable,
               GError             **error)
{
  SdLtvResult local_result = { 0 };
  g_autofree char *tmp = NULL;
  gboolean ok;

  g_return_val_if_fail (in_path != NULL && out_path != NULL && opts != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  if (sd_path_same_file (in_path, out_path))
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("The extended document must be saved under another name than %s: the original stays as it is"),
                   in_path);
      return FALSE;
    }
  if (opts->level < SD_SIGN_LEVEL_B_LT)
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("Extending goes to B-LT or B-LTA, not %s"), sd_sign_level_to_string (opts->level));
      return FALSE;
    }
  if (opts->level == SD_SIGN_LEVEL_B_LTA && opts->tsa == NULL)
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("The level %s needs a timestamp authority: give one with --tsa URL"),
                   sd_sign_level_to_string (opts->level));
      return FALSE;
    }

  if (opts->level == SD_SIGN_LEVEL_B_LT)
    ok = add_dss (in_path, out_path, opts, result, cancellable, error);
  else
    {
      ok = (tmp = temporary_path (error)) != NULL
           && add_dss (in_path, tmp, opts, result, cancellable, error)
           && sd_ltv_add_doc_timestamp (tmp, out_path, opts, result, cancellable, error);
      if (tmp != NULL)
        g_unlink (tmp);
    }
  if (ok)
    result->level = opts->level;
  sd_ltv_result_clear (&local_result);
  return ok;
}
