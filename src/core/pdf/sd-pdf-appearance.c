/* sd-pdf-appearance.c: where a seal lands on a page and how it is drawn */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-geometry.h"
#include "sd-pdf-appearance.h"
#include "sd-pdf-syntax.h"

gboolean
sd_pdf_visible_rect_to_user (const SdPdfPageInfo *page,
                             double               x,
                             double               y,
                             double               width,
                             double               height,
                             double               user_rect[4],
                             GError             **error)
{
  SdRect visible = { x, y, width, height };
  double vw, vh;
  /* Rounding in the caller's arithmetic must not refuse a seal that
   * touches the page edge. */
  const double slack = 0.01;

  sd_geometry_visible_size (page, &vw, &vh);

  if (!(width > 0) || !(height > 0))
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
                   _("The seal rectangle on page %d must have a positive width and height"),
                   page->number);
      return FALSE;
    }
  if (x < -slack || y < -slack || x + width > vw + slack || y + height > vh + slack)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
                   _("The seal rectangle %g,%g,%g,%g does not fit on page %d, which is %g × %g points"),
                   x, y, width, height, page->number, vw, vh);
      return FALSE;
    }

  sd_geometry_visible_rect_to_user (page, &visible, user_rect);
  return TRUE;
}

const char *
sd_pdf_appearance_matrix (int rotate)
{
  /* Turn the appearance counter-clockwise by the page rotation, so that the
   * viewer's clockwise turn of the page brings it back upright. */
  switch (rotate)
    {
    case 90:
      return "[0 1 -1 0 0 0]";
    case 180:
      return "[-1 0 0 -1 0 0]";
    case 270:
      return "[0 -1 1 0 0 0]";
    default:
      return "[1 0 0 1 0 0]";
    }
}

char *
sd_pdf_seal_appearance_content (double      width,
                                double      height,
                                int         image_width,
                                int         image_height,
                                const char *name)
{
  GString *s = g_string_new ("q ");
  double scale = MIN (width / image_width, height / image_height);
  double w = image_width * scale, h = image_height * scale;

  sd_pdf_append_number (s, w);
  g_string_append (s, " 0 0 ");
  sd_pdf_append_number (s, h);
  g_string_append_c (s, ' ');
  sd_pdf_append_number (s, (width - w) / 2);
  g_string_append_c (s, ' ');
  sd_pdf_append_number (s, (height - h) / 2);
  g_string_append_printf (s, " cm /%s Do Q\n", name);
  return g_string_free (s, FALSE);
}
