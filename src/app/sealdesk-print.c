/* sealdesk-print.c: printing a document (GtkPrintOperation)
 *
 * Each page goes on paper of its own size, turned to landscape when the
 * page is wider than tall, and is drawn at its true size: a seal of 42 mm
 * comes out of the printer 42 mm wide. Only when "shrink to fit" is on and
 * the paper the printer gives is smaller than the page is the page made
 * smaller, never larger. Poppler draws each page with what it prints
 * (poppler_page_render_for_printing: annotations and signature widgets
 * marked for printing, such as seals, but no form-field highlights) on the
 * document's worker thread, as Evince does: drawing is deferred and
 * finished when the page is done, so the window keeps redrawing while a
 * long document prints. A page the document's render guard refuses (its
 * images would decode to too much) is not given to Poppler: its paper
 * says why instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <poppler.h>

#include "sealdesk-print.h"

struct _SealdeskPrintOperation
{
  GtkPrintOperation  parent_instance;

  SealdeskDocument  *document;
  gboolean           shrink_to_fit;
};

G_DEFINE_FINAL_TYPE (SealdeskPrintOperation, sealdesk_print_operation, GTK_TYPE_PRINT_OPERATION)

typedef struct
{
  cairo_t *cr;
  guint    page;
  double   paper_width;    /* points */
  double   paper_height;
  gboolean shrink_to_fit;
  SealdeskRenderGuard *guard;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  cairo_destroy (job->cr);
  g_clear_pointer (&job->guard, sealdesk_render_guard_unref);
  g_free (job);
}

/* The paper a page goes on: its own size, portrait or landscape. */
static void
page_paper (SealdeskDocument   *document,
            guint               page,
            GtkPaperSize      **paper,
            GtkPageOrientation *orientation)
{
  double width = 0, height = 0;
  g_autofree char *name = NULL;

  sealdesk_document_get_page_size (document, page, &width, &height);
  if (width <= 0 || height <= 0)
    width = 595.0, height = 842.0;

  /* Named after its size, so that the pages of one size share a paper. */
  name = g_strdup_printf ("sealdesk_%.0fx%.0fpt", MIN (width, height), MAX (width, height));
  *paper = gtk_paper_size_new_custom (name, name, MIN (width, height), MAX (width, height),
                                      GTK_UNIT_POINTS);
  *orientation = width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE : GTK_PAGE_ORIENTATION_PORTRAIT;
}

static void
sealdesk_print_operation_begin_print (GtkPrintOperation *operation,
                                      GtkPrintContext   *context)
{
  SealdeskPrintOperation *self = SEALDESK_PRINT_OPERATION (operation);

  gtk_print_operation_set_n_pages (operation, (int) sealdesk_document_get_n_pages (self->document));
}

static void
sealdesk_print_operation_request_page_setup (GtkPrintOperation *operation,
                                             GtkPrintContext   *context,
                                             int                page_nr,
                                             GtkPageSetup      *setup)
{
  SealdeskPrintOperation *self = SEALDESK_PRINT_OPERATION (operation);
  GtkPaperSize *paper;
  GtkPageOrientation orientation;

  page_paper (self->document, (guint) page_nr, &paper, &orientation);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, orientation);
  gtk_paper_size_free (paper);
}

/* On the worker thread: @cr is not used by anyone else meanwhile. */
static void
print_page_thread (GTask           *task,
                   PopplerDocument *document,
                   gpointer         task_data,
                   GCancellable    *cancellable)
{
  PrintJob *job = task_data;
  PopplerPage *page = NULL;
  double width = 0, height = 0, scale = 1.0;
  g_autoptr(GError) refused = NULL;

  if (job->guard != NULL && !sealdesk_render_guard_check (job->guard, job->page, &refused))
    {
      sealdesk_render_guard_draw_refusal (job->cr, job->paper_width, job->paper_height,
                                          refused->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  page = poppler_document_get_page (document, job->page);
  if (page == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Page %u could not be read"), job->page + 1);
      return;
    }

  poppler_page_get_size (page, &width, &height);
  if (job->shrink_to_fit && width > 0 && height > 0 &&
      (width > job->paper_width + 0.5 || height > job->paper_height + 0.5))
    scale = MIN (job->paper_width / width, job->paper_height / height);

  cairo_save (job->cr);
  /* Centred on the paper; at true size the page fills it exactly. */
  cairo_translate (job->cr, (job->paper_width - width * scale) / 2.0,
                   (job->paper_height - height * scale) / 2.0);
  cairo_scale (job->cr, scale, scale);
  cairo_rectangle (job->cr, 0, 0, width, height);
  cairo_clip (job->cr);
  poppler_page_render_for_printing (page, job->cr);
  cairo_restore (job->cr);

  g_object_unref (page);

  if (cairo_status (job->cr) != CAIRO_STATUS_SUCCESS)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("Page %u could not be printed: %s"), job->page + 1,
                             cairo_status_to_string (cairo_status (job->cr)));
  else
    g_task_return_boolean (task, TRUE);
}

static void
print_page_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkPrintOperation) operation = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("%s", error->message);
      gtk_print_operation_cancel (operation);
    }

  gtk_print_operation_draw_page_finish (operation);
}

static void
sealdesk_print_operation_draw_page (GtkPrintOperation *operation,
                                    GtkPrintContext   *context,
                                    int                page_nr)
{
  SealdeskPrintOperation *self = SEALDESK_PRINT_OPERATION (operation);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->cr = cairo_reference (gtk_print_context_get_cairo_context (context));
  job->page = (guint) page_nr;
  job->paper_width = gtk_print_context_get_width (context);
  job->paper_height = gtk_print_context_get_height (context);
  job->shrink_to_fit = self->shrink_to_fit;
  if (sealdesk_document_get_render_guard (self->document) != NULL)
    job->guard = sealdesk_render_guard_ref (sealdesk_document_get_render_guard (self->document));

  gtk_print_operation_set_defer_drawing (operation);
  sealdesk_render_queue_run_async (sealdesk_document_get_render_queue (self->document),
                                   SEALDESK_RENDER_PRIORITY_NEARBY,
                                   print_page_thread, job, print_job_free,
                                   NULL, print_page_done, g_object_ref (operation));
}

static void
sealdesk_print_operation_dispose (GObject *object)
{
  SealdeskPrintOperation *self = (SealdeskPrintOperation *)object;

  g_clear_object (&self->document);

  G_OBJECT_CLASS (sealdesk_print_operation_parent_class)->dispose (object);
}

static void
sealdesk_print_operation_class_init (SealdeskPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->dispose = sealdesk_print_operation_dispose;
  operation_class->begin_print = sealdesk_print_operation_begin_print;
  operation_class->request_page_setup = sealdesk_print_operation_request_page_setup;
  operation_class->draw_page = sealdesk_print_operation_draw_page;
}

static void
sealdesk_print_operation_init (SealdeskPrintOperation *self)
{
}

/* Prints @document, offering @current_page (from 0) as "current page". */
SealdeskPrintOperation *
sealdesk_print_operation_new (SealdeskDocument *document,
                              guint             current_page)
{
  SealdeskPrintOperation *self;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autofree char *job_name = NULL;
  GtkPaperSize *paper;
  GtkPageOrientation orientation;
  GFile *file;

  g_return_val_if_fail (SEALDESK_IS_DOCUMENT (document), NULL);

  self = g_object_new (SEALDESK_TYPE_PRINT_OPERATION, NULL);
  self->document = g_object_ref (document);

  file = sealdesk_document_get_file (document);
  job_name = file ? g_file_get_basename (file) : g_strdup (_("Document"));
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), job_name);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  /* The page's own margins are on it: nothing is added. */
  gtk_print_operation_set_use_full_page (GTK_PRINT_OPERATION (self), TRUE);
  /* The paper follows the pages (request_page_setup): no paper to choose. */
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), FALSE);
  gtk_print_operation_set_support_selection (GTK_PRINT_OPERATION (self), FALSE);
  if (sealdesk_document_get_n_pages (document) > 0)
    {
      gtk_print_operation_set_current_page (GTK_PRINT_OPERATION (self),
                                            (int) MIN (current_page,
                                                       sealdesk_document_get_n_pages (document) - 1));
      page_paper (document, 0, &paper, &orientation);
      gtk_page_setup_set_paper_size (setup, paper);
      gtk_page_setup_set_orientation (setup, orientation);
      gtk_paper_size_free (paper);
    }
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);

  return self;
}

SealdeskDocument *
sealdesk_print_operation_get_document (SealdeskPrintOperation *self)
{
  g_return_val_if_fail (SEALDESK_IS_PRINT_OPERATION (self), NULL);

  return self->document;
}

gboolean
sealdesk_print_operation_get_shrink_to_fit (SealdeskPrintOperation *self)
{
  g_return_val_if_fail (SEALDESK_IS_PRINT_OPERATION (self), FALSE);

  return self->shrink_to_fit;
}

/* Off by default: pages print at their true size. On, a page is made
 * smaller when the printer gives less paper than asked for (a printer
 * that ignores custom sizes); never larger. */
void
sealdesk_print_operation_set_shrink_to_fit (SealdeskPrintOperation *self,
                                            gboolean                shrink)
{
  g_return_if_fail (SEALDESK_IS_PRINT_OPERATION (self));

  self->shrink_to_fit = !!shrink;
}
