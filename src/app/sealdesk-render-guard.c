/* sealdesk-render-guard.c: which pages of a document may be handed to Poppler
 *
 * Poppler allocates what an image claims: a file of about a megabyte with
 * an image of 20,000 × 20,000 pixels took 1.6 GB to show. Before a page is
 * rendered (on screen, as a thumbnail, in a preview or on paper), the
 * guard asks the core what its images would decode to
 * (sd_pdf_document_check_page_images(), through qpdf, without decoding
 * them); a page over the limit is not given to Poppler, and its
 * placeholder says why. The verdict of each page is kept. The guard's
 * own SdPdfDocument is opened at the first check and used under a lock,
 * so any render worker may ask. A file qpdf cannot read at all is not
 * rendered either: nothing could tell what its pages hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <sys/stat.h>

#include "sd-pdf-document.h"
#include "sd-secret.h"
#include "sealdesk-render-guard.h"

struct _SealdeskRenderGuard
{
  gatomicrefcount  ref_count;
  GMutex           mutex;
  char            *path;
  int              fd;
  char            *password;
  SdPdfDocument   *pdf;        /* at the first check */
  char            *unreadable; /* why it could not be opened */
  GHashTable      *verdicts;   /* page + 1 -> refusal or "" */
  guint            n_refused;
};

SealdeskRenderGuard *
sealdesk_render_guard_new (GFile      *file,
                           int         fd,
                           const char *password)
{
  SealdeskRenderGuard *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_new0 (SealdeskRenderGuard, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->path = g_file_get_path (file);
  self->fd = fd;
  self->password = password != NULL ? sd_secret_dup (password) : NULL;
  self->verdicts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  return self;
}

SealdeskRenderGuard *
sealdesk_render_guard_ref (SealdeskRenderGuard *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sealdesk_render_guard_unref (SealdeskRenderGuard *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_object (&self->pdf);
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  g_clear_pointer (&self->password, sd_secret_free);
  g_free (self->unreadable);
  g_free (self->path);
  g_hash_table_unref (self->verdicts);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/* With the lock held. */
static gboolean
ensure_open (SealdeskRenderGuard *self)
{
  g_autoptr(GError) error = NULL;

  if (self->pdf != NULL || self->unreadable != NULL)
    return self->pdf != NULL;
  if (self->path == NULL)
    self->unreadable = g_strdup (_("This page cannot be checked for images too large to show safely: "
                                   "the document is not a local file."));
  else
    {
      if (self->fd >= 0)
        self->pdf = sd_pdf_document_open_fd (self->fd, self->path, self->password, &error);
      else
        self->pdf = sd_pdf_document_open (self->path, self->password, &error);
      if (self->pdf == NULL)
        /* TRANSLATORS: %s says why the document could not be read */
        self->unreadable = g_strdup_printf (_("This page cannot be checked for images too large to show safely: %s"),
                                            error->message);
    }
  g_clear_pointer (&self->password, sd_secret_free);
  return self->pdf != NULL;
}

/* With the lock held: FALSE once another program cut the file short
 * (its pages then read as zeros, in Poppler's mapping and in ours:
 * sd-mapped-file.h). */
static gboolean
still_whole (SealdeskRenderGuard  *self,
             GError              **error)
{
  g_autofree char *name = NULL;
  struct stat st;

  if (self->pdf == NULL)
    return TRUE;
  if (!sd_pdf_document_check_unchanged (self->pdf, error))
    return FALSE;
  if (self->fd < 0 || fstat (self->fd, &st) != 0 || st.st_size >= sd_pdf_document_get_file_size (self->pdf))
    return TRUE;
  name = g_filename_display_name (self->path);
  g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_CHANGED,
               /* TRANSLATORS: %s is a file name; the file was cut short
                * (truncated) by another program while Sealdesk read it */
               _("“%s” was changed by another program while it was read"), name);
  return FALSE;
}

gboolean
sealdesk_render_guard_check (SealdeskRenderGuard  *self,
                             guint                 page,
                             GError              **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  const char *verdict = g_hash_table_lookup (self->verdicts, GUINT_TO_POINTER (page + 1));

  if (verdict == NULL || verdict[0] == '\0')
    {
      g_autoptr(GError) refused = NULL;
      g_autoptr(GError) changed = NULL;
      const char *now = verdict;

      if (now != NULL)
        ;
      /* Cut short already: qpdf is not given the zeros to parse. */
      else if (!still_whole (self, &changed))
        now = changed->message;
      else if (!ensure_open (self))
        now = self->unreadable;
      else if (sd_pdf_document_check_page_images (self->pdf, (int) page + 1, &refused))
        now = "";
      /* A page qpdf does not see is Poppler's to report. */
      else if (g_error_matches (refused, SD_PDF_ERROR, SD_PDF_ERROR_NO_PAGE))
        now = "";
      else
        now = refused->message;
      /* Cut short by another program: every page reads zeros now (and
       * what was found wrong with this one may come of that). */
      if ((verdict == NULL || now[0] == '\0') && changed == NULL && !still_whole (self, &changed))
        now = changed->message;
      if (now != verdict)
        {
          if (now[0] != '\0')
            {
              self->n_refused++;
              g_debug ("Page %u is not rendered: %s", page + 1, now);
            }
          verdict = g_strdup (now);
          g_hash_table_insert (self->verdicts, GUINT_TO_POINTER (page + 1), (char *) verdict);
        }
    }
  if (verdict[0] == '\0')
    return TRUE;
  g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_TOO_LARGE, verdict);
  return FALSE;
}

char *
sealdesk_render_guard_dup_refusal (SealdeskRenderGuard *self,
                                   guint                page)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  const char *verdict = g_hash_table_lookup (self->verdicts, GUINT_TO_POINTER (page + 1));

  return verdict != NULL && verdict[0] != '\0' ? g_strdup (verdict) : NULL;
}

guint
sealdesk_render_guard_get_n_refused (SealdeskRenderGuard *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->n_refused;
}

void
sealdesk_render_guard_draw_refusal (cairo_t    *cr,
                                    double      width,
                                    double      height,
                                    const char *message)
{
  PangoLayout *layout;
  PangoFontDescription *font;
  int text_width, text_height;
  double margin = width / 10.0;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
  cairo_fill (cr);

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (font, MAX (width / 28.0, 1.0) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) MAX ((width - 2 * margin) * PANGO_SCALE, 1));
  pango_layout_set_text (layout, message, -1);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  cairo_move_to (cr, margin, MAX ((height - text_height) / 2.0, 0));
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  pango_cairo_show_layout (cr, layout);

  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_restore (cr);
}
