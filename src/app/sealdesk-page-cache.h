/* sealdesk-page-cache.h: rendered pages, by (page, rotation, size), within a memory budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* 256 MiB: several full pages at 400 % on a HiDPI screen, plus thumbnails. */
#define SEALDESK_PAGE_CACHE_DEFAULT_BUDGET ((gsize) 256 * 1024 * 1024)

#define SEALDESK_TYPE_PAGE_CACHE (sealdesk_page_cache_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPageCache, sealdesk_page_cache, SEALDESK, PAGE_CACHE, GObject)

SealdeskPageCache *sealdesk_page_cache_new         (gsize              budget);
gsize              sealdesk_page_cache_get_budget  (SealdeskPageCache *self);
void               sealdesk_page_cache_set_budget  (SealdeskPageCache *self,
                                                    gsize              budget);
gsize              sealdesk_page_cache_get_size    (SealdeskPageCache *self);
guint              sealdesk_page_cache_get_n_items (SealdeskPageCache *self);
gboolean           sealdesk_page_cache_insert      (SealdeskPageCache *self,
                                                    guint              page,
                                                    guint              rotation,
                                                    GdkTexture        *texture);
GdkTexture        *sealdesk_page_cache_lookup      (SealdeskPageCache *self,
                                                    guint              page,
                                                    guint              rotation,
                                                    int                width);
GdkTexture        *sealdesk_page_cache_lookup_best (SealdeskPageCache *self,
                                                    guint              page,
                                                    guint              rotation,
                                                    int                width);
void               sealdesk_page_cache_clear       (SealdeskPageCache *self);

G_END_DECLS
