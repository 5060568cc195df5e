/* sealdesk-render-guard.h: which pages of a document may be handed to Poppler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SealdeskRenderGuard SealdeskRenderGuard;

/* For the document in @file (its path names it in messages), read from
 * @fd when it is not -1 (the guard takes it), with @password (may be
 * NULL). Nothing is read before the first check. */
SealdeskRenderGuard *sealdesk_render_guard_new           (GFile               *file,
                                                          int                  fd,
                                                          const char          *password);
SealdeskRenderGuard *sealdesk_render_guard_ref           (SealdeskRenderGuard *self);
void                 sealdesk_render_guard_unref         (SealdeskRenderGuard *self);

/* May page @page (0-based) be rendered? FALSE with the translated reason
 * (SD_PDF_ERROR_TOO_LARGE) when its images would decode to more than is
 * safe (sd_pdf_document_check_page_images()), when the file cannot be
 * read to tell, or once another program cut the file short (what Poppler
 * reads of it then is zeros: sd-mapped-file.h; the render queue asks
 * again after drawing a page). Any thread; each page is looked at once,
 * a page found fine again whether the file is still whole. */
gboolean             sealdesk_render_guard_check         (SealdeskRenderGuard *self,
                                                          guint                page,
                                                          GError             **error);
/* Why @page is not rendered, once a check refused it; else NULL. */
char                *sealdesk_render_guard_dup_refusal   (SealdeskRenderGuard *self,
                                                          guint                page);
/* How many pages were refused so far. */
guint                sealdesk_render_guard_get_n_refused (SealdeskRenderGuard *self);

/* The placeholder of a refused page: @message on a grey page of @width ×
 * @height in the user space of @cr. Any thread. */
void                 sealdesk_render_guard_draw_refusal  (cairo_t             *cr,
                                                          double               width,
                                                          double               height,
                                                          const char          *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SealdeskRenderGuard, sealdesk_render_guard_unref)

G_END_DECLS
