/* sealdesk-page-mark.c: one page mark added to an open document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-page-mark.h"

struct _SealdeskPageMark
{
  GObject               parent_instance;

  SealdeskPageMarkKind  kind;
  GPtrArray            *marks;
  double               *page_sizes;
  int                   n_pages;
};

G_DEFINE_FINAL_TYPE (SealdeskPageMark, sealdesk_page_mark, G_TYPE_OBJECT)

static void
sealdesk_page_mark_finalize (GObject *object)
{
  SealdeskPageMark *self = SEALDESK_PAGE_MARK (object);

  g_clear_pointer (&self->marks, g_ptr_array_unref);
  g_free (self->page_sizes);

  G_OBJECT_CLASS (sealdesk_page_mark_parent_class)->finalize (object);
}

static void
sealdesk_page_mark_class_init (SealdeskPageMarkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sealdesk_page_mark_finalize;
}

static void
sealdesk_page_mark_init (SealdeskPageMark *self)
{
}

SealdeskPageMark *
sealdesk_page_mark_new (SealdeskPageMarkKind  kind,
                        GPtrArray            *marks,
                        const double         *page_sizes,
                        int                   n_pages)
{
  SealdeskPageMark *self = g_object_new (SEALDESK_TYPE_PAGE_MARK, NULL);

  self->kind = kind;
  self->marks = marks;
  self->page_sizes = g_memdup2 (page_sizes, sizeof (double) * 2 * n_pages);
  self->n_pages = n_pages;
  return self;
}

SealdeskPageMarkKind
sealdesk_page_mark_get_kind (SealdeskPageMark *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_MARK (self), 0);

  return self->kind;
}

GPtrArray *
sealdesk_page_mark_get_marks (SealdeskPageMark *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_MARK (self), NULL);

  return self->marks;
}

void
sealdesk_page_mark_get_page_size (SealdeskPageMark *self,
                                  int               page,
                                  double           *width,
                                  double           *height)
{
  g_return_if_fail (SEALDESK_IS_PAGE_MARK (self));
  g_return_if_fail (page >= 1 && page <= self->n_pages);

  *width = self->page_sizes[2 * (page - 1)];
  *height = self->page_sizes[2 * (page - 1) + 1];
}

char *
sealdesk_page_mark_describe (SealdeskPageMark *self)
{
  int first = G_MAXINT, last = 0;

  g_return_val_if_fail (SEALDESK_IS_PAGE_MARK (self), NULL);

  for (guint i = 0; i < self->marks->len; i++)
    {
      SdMark *mark = g_ptr_array_index (self->marks, i);

      first = MIN (first, mark->page);
      last = MAX (last, mark->page);
    }
  switch (self->kind)
    {
    case SEALDESK_PAGE_MARK_QR:
      return first == last
               /* TRANSLATORS: %d is a page number */
               ? g_strdup_printf (_("QR verification code on page %d"), first)
               /* TRANSLATORS: pages %d to %d */
               : g_strdup_printf (_("QR verification code on pages %d to %d"), first, last);
    case SEALDESK_PAGE_MARK_WATERMARK:
      return first == last
               /* TRANSLATORS: %d is a page number */
               ? g_strdup_printf (_("Watermark on page %d"), first)
               /* TRANSLATORS: pages %d to %d */
               : g_strdup_printf (_("Watermark on pages %d to %d"), first, last);
    case SEALDESK_PAGE_MARK_CROSS_PAGE:
    default:
      /* TRANSLATORS: pages %d to %d */
      return g_strdup_printf (_("Cross-page seal on pages %d to %d"), first, last);
    }
}
