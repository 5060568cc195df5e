/* sealdesk-page-layout.c: where each page sits in the continuous page view
 *
 * Pages are stacked top to bottom, centred horizontally, with a margin
 * around them and a gap between them. Coordinates are logical pixels in the
 * content (the whole scrollable area), before scrolling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-page-layout.h"

typedef struct
{
  int y;
  int width;
  int height;
} PagePlace;

struct _SealdeskPageLayout
{
  GArray *pages;   /* PagePlace */
  int     width;
  int     height;
};

SealdeskPageLayout *
sealdesk_page_layout_new (void)
{
  SealdeskPageLayout *self = g_new0 (SealdeskPageLayout, 1);

  self->pages = g_array_new (FALSE, TRUE, sizeof (PagePlace));

  return self;
}

void
sealdesk_page_layout_free (SealdeskPageLayout *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->pages);
  g_free (self);
}

static void
rotated_size (SealdeskDocument *document,
              guint             page,
              guint             rotation,
              double           *width,
              double           *height)
{
  double w, h;

  sealdesk_document_get_page_size (document, page, &w, &h);
  *width = (rotation == 90 || rotation == 270) ? h : w;
  *height = (rotation == 90 || rotation == 270) ? w : h;
}

/* Lays out every page of @document (NULL for none) at @scale. */
void
sealdesk_page_layout_update (SealdeskPageLayout *self,
                             SealdeskDocument   *document,
                             double              scale,
                             guint              rotation)
{
  guint n_pages = document ? sealdesk_document_get_n_pages (document) : 0;
  int y = SEALDESK_PAGE_MARGIN;
  int max_width = 0;

  g_array_set_size (self->pages, n_pages);

  for (guint i = 0; i < n_pages; i++)
    {
      PagePlace *place = &g_array_index (self->pages, PagePlace, i);
      double w, h;

      rotated_size (document, i, rotation, &w, &h);
      place->width = MAX (1, (int) round (w * scale * SEALDESK_PIXELS_PER_POINT));
      place->height = MAX (1, (int) round (h * scale * SEALDESK_PIXELS_PER_POINT));
      place->y = y;

      y += place->height + SEALDESK_PAGE_SPACING;
      max_width = MAX (max_width, place->width);
    }

  self->width = n_pages ? max_width + 2 * SEALDESK_PAGE_MARGIN : 0;
  self->height = n_pages ? y - SEALDESK_PAGE_SPACING + SEALDESK_PAGE_MARGIN : 0;
}

/* The size of the whole content for @document at @scale, without keeping
 * a layout: what the view asks for when it is measured. */
void
sealdesk_page_layout_measure (SealdeskDocument *document,
                              double            scale,
                              guint             rotation,
                              int              *width,
                              int              *height)
{
  g_autoptr(SealdeskPageLayout) layout = sealdesk_page_layout_new ();

  sealdesk_page_layout_update (layout, document, scale, rotation);
  *width = layout->width;
  *height = layout->height;
}

guint
sealdesk_page_layout_get_n_pages (SealdeskPageLayout *self)
{
  return self->pages->len;
}

int
sealdesk_page_layout_get_width (SealdeskPageLayout *self)
{
  return self->width;
}

int
sealdesk_page_layout_get_height (SealdeskPageLayout *self)
{
  return self->height;
}

/* The rectangle of @page in content coordinates, for a viewport
 * @viewport_width pixels wide (pages are centred in it when it is wider
 * than the widest page). */
void
sealdesk_page_layout_get_page_rect (SealdeskPageLayout *self,
                                    guint               page,
                                    int                 viewport_width,
                                    GdkRectangle       *rect)
{
  const PagePlace *place;

  g_return_if_fail (page < self->pages->len);

  place = &g_array_index (self->pages, PagePlace, page);
  rect->x = (MAX (self->width, viewport_width) - place->width) / 2;
  rect->y = place->y;
  rect->width = place->width;
  rect->height = place->height;
}

/* The first page whose bottom (with half the gap below it) is below @y. */
static guint
first_page_below (SealdeskPageLayout *self,
                  double              y)
{
  guint lo = 0;
  guint hi = self->pages->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const PagePlace *place = &g_array_index (self->pages, PagePlace, mid);

      if (place->y + place->height + SEALDESK_PAGE_SPACING / 2 <= y)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The pages that intersect the band [@top, @bottom); FALSE when none do. */
gboolean
sealdesk_page_layout_get_visible (SealdeskPageLayout *self,
                                  double              top,
                                  double              bottom,
                                  guint              *first,
                                  guint              *last)
{
  guint i;

  if (self->pages->len == 0 || bottom <= top)
    return FALSE;

  i = first_page_below (self, top);
  if (i >= self->pages->len)
    return FALSE;

  *first = i;
  while (i + 1 < self->pages->len &&
         g_array_index (self->pages, PagePlace, i + 1).y < bottom)
    i++;
  *last = i;

  return g_array_index (self->pages, PagePlace, *first).y < bottom;
}

/* The page at content height @y, or the nearest one. */
guint
sealdesk_page_layout_page_at (SealdeskPageLayout *self,
                              double              y)
{
  guint i = first_page_below (self, y);

  if (self->pages->len == 0)
    return 0;

  return MIN (i, self->pages->len - 1);
}

/* The zoom at which the widest page fills a viewport of the given size
 * (its width for SEALDESK_SIZING_FIT_WIDTH, the whole page for
 * SEALDESK_SIZING_FIT_PAGE), within the zoom limits. */
double
sealdesk_page_layout_fit_scale (SealdeskDocument   *document,
                                SealdeskSizingMode  mode,
                                guint               rotation,
                                int                 viewport_width,
                                int                 viewport_height)
{
  double max_w, max_h, page_w, page_h;
  double scale;

  sealdesk_document_get_max_page_size (document, &max_w, &max_h);
  page_w = (rotation == 90 || rotation == 270) ? max_h : max_w;
  page_h = (rotation == 90 || rotation == 270) ? max_w : max_h;

  scale = (viewport_width - 2.0 * SEALDESK_PAGE_MARGIN) / (page_w * SEALDESK_PIXELS_PER_POINT);
  if (mode == SEALDESK_SIZING_FIT_PAGE)
    scale = MIN (scale, (viewport_height - 2.0 * SEALDESK_PAGE_MARGIN) /
                        (page_h * SEALDESK_PIXELS_PER_POINT));

  return CLAMP (scale, SEALDESK_MIN_FIT_SCALE, SEALDESK_MAX_SCALE);
}
