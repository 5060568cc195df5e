/* sealdesk-document.c: an opened PDF document, loaded off the main thread
 *
 * Loading (reading the file, parsing it with Poppler, measuring every page)
 * runs in a GTask thread. What the user interface needs afterwards, page
 * sizes, labels and the title, is copied out while still in that thread;
 * from then on the PopplerDocument belongs to the document's render queue
 * and its worker thread, and the main thread never touches it. Every
 * page it renders is first checked by the document's render guard
 * (sealdesk-render-guard.h), which reads the same file through qpdf.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "sd-mapped-file.h"
#include "sealdesk-document.h"

/* The file the render queue's workers read: a descriptor of the very file
 * the first document was read from, so that every worker shows the same
 * bytes even if the path is replaced meanwhile, and the file mapped once
 * for all of them. Poppler reads a document opened from a descriptor 256
 * bytes a system call (half the time of drawing a scanned page went into
 * reading it); from memory it reads the page cache directly. */
typedef struct
{
  int     fd;
  GBytes *bytes;
} CloneSource;

static void
clone_source_free (gpointer data)
{
  CloneSource *source = data;

  g_close (source->fd, NULL);
  g_clear_pointer (&source->bytes, g_bytes_unref);
  g_free (source);
}

static PopplerDocument *
open_clone (gpointer   data,
            GError   **error)
{
  CloneSource *source = data;
  g_autofree char *path = NULL;
  int fd;

  if (source->bytes != NULL)
    return poppler_document_new_from_bytes (source->bytes, NULL, error);

  path = g_strdup_printf ("/proc/self/fd/%d", source->fd);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  /* Takes the descriptor, also when it fails. */
  return poppler_document_new_from_fd (fd, NULL, error);
}

/* Where "%PDF-" may start: readers accept some bytes of junk before it. */
#define PDF_HEADER_WINDOW 1024

typedef struct
{
  double  width;
  double  height;
  char   *label;
} PageInfo;

struct _SealdeskDocument
{
  GObject              parent_instance;

  GFile               *file;
  char                *title;
  gboolean             can_print;
  PageInfo            *pages;
  guint                n_pages;
  double               max_width;
  double               max_height;
  SealdeskRenderQueue *render_queue;
  SealdeskRenderGuard *render_guard;
  SealdeskPageCache   *page_cache;
};

G_DEFINE_FINAL_TYPE (SealdeskDocument, sealdesk_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (sealdesk-document-error-quark, sealdesk_document_error)

typedef struct
{
  GFile *file;
  char  *password;
} LoadData;

static void
load_data_free (LoadData *data)
{
  if (data->password != NULL)
    {
      explicit_bzero (data->password, strlen (data->password));
      g_free (data->password);
    }
  g_clear_object (&data->file);
  g_free (data);
}

static void
sealdesk_document_finalize (GObject *object)
{
  SealdeskDocument *self = (SealdeskDocument *)object;

  for (guint i = 0; i < self->n_pages; i++)
    g_free (self->pages[i].label);
  g_clear_pointer (&self->pages, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->render_queue);
  g_clear_pointer (&self->render_guard, sealdesk_render_guard_unref);
  g_clear_object (&self->page_cache);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (sealdesk_document_parent_class)->finalize (object);
}

static void
sealdesk_document_class_init (SealdeskDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sealdesk_document_finalize;
}

static void
sealdesk_document_init (SealdeskDocument *self)
{
}

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename ? basename : "");
}

static gboolean
has_pdf_header (const char *buffer,
                gsize       length)
{
  static const char header[] = "%PDF-";

  for (gsize i = 0; i + sizeof header - 1 <= length; i++)
    if (memcmp (buffer + i, header, sizeof header - 1) == 0)
      return TRUE;

  return FALSE;
}

/* A clear reason why @file is not a PDF, or TRUE when it starts like one. */
static gboolean
check_pdf_header (GFile         *file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = display_name (file);
  char buffer[PDF_HEADER_WINDOW];
  gsize n_read = 0;

  if (!(stream = g_file_read (file, cancellable, &local_error)) ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, sizeof buffer,
                                &n_read, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SEALDESK_DOCUMENT_ERROR, SEALDESK_DOCUMENT_ERROR_UNREADABLE,
                     _("“%s” could not be read: %s"), name, local_error->message);
      return FALSE;
    }

  if (n_read == 0)
    {
      g_set_error (error, SEALDESK_DOCUMENT_ERROR, SEALDESK_DOCUMENT_ERROR_NOT_PDF,
                   _("“%s” is empty: it is not a PDF document"), name);
      return FALSE;
    }

  if (!has_pdf_header (buffer, n_read))
    {
      g_set_error (error, SEALDESK_DOCUMENT_ERROR, SEALDESK_DOCUMENT_ERROR_NOT_PDF,
                   _("“%s” is not a PDF document: it does not start with a PDF header"),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* Copies out of @poppler what the user interface needs, then hands it
 * to a new render queue. */
static SealdeskDocument *
sealdesk_document_new_for_poppler (GFile            *file,
                                   PopplerDocument  *poppler,
                                   CloneSource      *clones,
                                   const char       *password,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autoptr(SealdeskDocument) self = NULL;
  g_autofree char *name = display_name (file);
  int n_pages = poppler_document_get_n_pages (poppler);
  int n_readable = 0;

  if (n_pages <= 0)
    {
      g_set_error (error, SEALDESK_DOCUMENT_ERROR, SEALDESK_DOCUMENT_ERROR_DAMAGED,
                   _("“%s” is damaged: it has no pages"), name);
      return NULL;
    }

  self = g_object_new (SEALDESK_TYPE_DOCUMENT, NULL);
  self->file = g_object_ref (file);
  self->title = poppler_document_get_title (poppler);
  if (self->title != NULL && g_strstrip (self->title)[0] == '\0')
    g_clear_pointer (&self->title, g_free);
  self->can_print = (poppler_document_get_permissions (poppler) & POPPLER_PERMISSIONS_OK_TO_PRINT) != 0;
  self->n_pages = n_pages;
  self->pages = g_new0 (PageInfo, n_pages);

  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page;
      PageInfo *info = &self->pages[i];

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if ((page = poppler_document_get_page (poppler, i)))
        {
          poppler_page_get_size (page, &info->width, &info->height);
          info->label = poppler_page_get_label (page);
          g_object_unref (page);
          n_readable++;
        }

      /* A page without a usable size is shown as A4 rather than refused. */
      if (!(info->width >= 1.0 && info->height >= 1.0))
        {
          info->width = 595.0;
          info->height = 842.0;
        }
      if (info->label == NULL || info->label[0] == '\0')
        {
          g_free (info->label);
          info->label = g_strdup_printf ("%d", i + 1);
        }

      self->max_width = MAX (self->max_width, info->width);
      self->max_height = MAX (self->max_height, info->height);
    }

  /* A page tree that loops or is not made of pages: nothing to show. */
  if (n_readable == 0)
    {
      g_set_error (error, SEALDESK_DOCUMENT_ERROR, SEALDESK_DOCUMENT_ERROR_DAMAGED,
                   /* TRANSLATORS: %s is the document's file name */
                   _("“%s” is damaged: none of its pages can be read"), name);
      return NULL;
    }

  self->page_cache = sealdesk_page_cache_new (SEALDESK_PAGE_CACHE_DEFAULT_BUDGET);
  if (clones != NULL)
    self->render_queue = sealdesk_render_queue_new_parallel (poppler, open_clone, clones,
                                                             clone_source_free);
  else
    self->render_queue = sealdesk_render_queue_new (poppler);
  /* The guard reads the very file Poppler read, when it can. */
  self->render_guard = sealdesk_render_guard_new (file,
                                                  clones != NULL ? fcntl (clones->fd, F_DUPFD_CLOEXEC, 0) : -1,
                                                  password);
  sealdesk_render_queue_set_guard (self->render_queue, self->render_guard);

  return g_steal_pointer (&self);
}

static void
sealdesk_document_load_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  LoadData *data = task_data;
  PopplerDocument *poppler = NULL;
  SealdeskDocument *self;
  CloneSource *clones = NULL;
  g_autofree char *path = NULL;
  int fd;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = display_name (data->file);

  if (!check_pdf_header (data->file, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A local file without a password is read through a descriptor that
   * the render queue's further workers can open again. */
  if (data->password == NULL && (path = g_file_get_path (data->file)) != NULL &&
      (fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) >= 0)
    {
      int dup_fd = fcntl (fd, F_DUPFD_CLOEXEC, 0);

      if (dup_fd >= 0)
        {
          /* Zeros past the end of a file cut short meanwhile, not a
           * SIGBUS (sd-mapped-file.h). */
          g_autoptr(GBytes) mapped = sd_mapped_file_map_fd (fd, NULL);

          clones = g_new0 (CloneSource, 1);
          clones->fd = fd;
          if (mapped != NULL && g_bytes_get_size (mapped) > 0)
            clones->bytes = g_steal_pointer (&mapped);
          if (clones->bytes != NULL)
            {
              g_close (dup_fd, NULL);
              poppler = poppler_document_new_from_bytes (clones->bytes, NULL, &error);
            }
          else
            poppler = poppler_document_new_from_fd (dup_fd, NULL, &error);
        }
      else
        g_close (fd, NULL);
    }
  if (clones == NULL)
    poppler = poppler_document_new_from_gfile (data->file, data->password, cancellable, &error);

  if (poppler == NULL)
    {
      g_clear_pointer (&clones, clone_source_free);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED) &&
               data->password == NULL)
        g_task_return_new_error (task, SEALDESK_DOCUMENT_ERROR,
                                 SEALDESK_DOCUMENT_ERROR_NEEDS_PASSWORD,
                                 _("“%s” is protected by a password"), name);
      else if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_task_return_new_error (task, SEALDESK_DOCUMENT_ERROR,
                                 SEALDESK_DOCUMENT_ERROR_BAD_PASSWORD,
                                 _("The password for “%s” is not correct"), name);
      else
        g_task_return_new_error (task, SEALDESK_DOCUMENT_ERROR,
                                 SEALDESK_DOCUMENT_ERROR_DAMAGED,
                                 _("“%s” is damaged and could not be read: %s"),
                                 name, error->message);
      return;
    }

  self = sealdesk_document_new_for_poppler (data->file, poppler, clones, data->password,
                                            cancellable, &error);
  g_object_unref (poppler);
  if (self == NULL)
    g_clear_pointer (&clones, clone_source_free);

  if (self == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/* Opens @file, with @password when not NULL. Fails with
 * SEALDESK_DOCUMENT_ERROR_NEEDS_PASSWORD when the file is encrypted and no
 * password was given, SEALDESK_DOCUMENT_ERROR_BAD_PASSWORD when the
 * password is wrong. */
void
sealdesk_document_load_async (GFile               *file,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sealdesk_document_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, sealdesk_document_load_thread);
}

SealdeskDocument *
sealdesk_document_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
sealdesk_document_get_file (SealdeskDocument *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), NULL);

  return self->file;
}

/* The title in the document's information dictionary, or NULL. */
const char *
sealdesk_document_get_title (SealdeskDocument *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), NULL);

  return self->title;
}

/* FALSE when the document's author does not allow it to be printed (the
 * permissions of an encrypted document). */
gboolean
sealdesk_document_get_can_print (SealdeskDocument *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), FALSE);

  return self->can_print;
}

guint
sealdesk_document_get_n_pages (SealdeskDocument *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), 0);

  return self->n_pages;
}

/* The size of @page in PDF points, before any rotation the viewer adds. */
void
sealdesk_document_get_page_size (SealdeskDocument *self,
                                 guint             page,
                                 double           *width,
                                 double           *height)
{
  g_return_if_fail (SEALDESK_IS_DOCUMENT (self));
  g_return_if_fail (page < self->n_pages);

  if (width)
    *width = self->pages[page].width;
  if (height)
    *height = self->pages[page].height;
}

void
sealdesk_document_get_max_page_size (SealdeskDocument *self,
                                     double           *width,
                                     double           *height)
{
  g_return_if_fail (SEALDESK_IS_DOCUMENT (self));

  if (width)
    *width = self->max_width;
  if (height)
    *height = self->max_height;
}

/* The page's label ("iii", "A-1"), or its number when it has none. */
const char *
sealdesk_document_get_page_label (SealdeskDocument *self,
                                  guint             page)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (page < self->n_pages, NULL);

  return self->pages[page].label;
}

SealdeskRenderQueue *
sealdesk_document_get_render_queue (SealdeskDocument *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), NULL);

  return self->render_queue;
}

/* The guard every rendering of the document's pages asks first (the
 * render queue does; printing does). */
SealdeskRenderGuard *
sealdesk_document_get_render_guard (SealdeskDocument *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), NULL);

  return self->render_guard;
}

SealdeskPageCache *
sealdesk_document_get_page_cache (SealdeskDocument *self)
{
  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (self), NULL);

  return self->page_cache;
}
