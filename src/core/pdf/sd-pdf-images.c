/* sd-pdf-images.c: how much memory drawing a page's images would take
 *
 * An image states its size in its dictionary (/Width, /Height, or /W and
 * /H for an image inline in a content stream) and Poppler allocates what
 * it states: a file of a megabyte can hold an image of 20,000 × 20,000
 * pixels made of Flate-compressed zeros, which took 1.6 GB to show. Before
 * a page is handed to a renderer, its images are measured here from their
 * dictionaries, through qpdf and without decoding any image: those of the
 * page's resources (inherited down the page tree), of the forms, tiling
 * patterns, Type 3 fonts and soft masks they draw (nested), of its
 * annotations' appearances, and the inline images of every content stream
 * among them. Content streams are decoded a piece at a time
 * (sd-pdf-stream-reader.h), never whole, and looked through for "BI"
 * wherever it appears (also inside strings and image data: an image found
 * there is measured too, so nothing a renderer could read is missed).
 *
 * The measure of an image is what a decoder unpacks it to: a byte for
 * each sample (two at 16 bits), width × height × components; a colour
 * space that cannot be told counts as four components. A JBIG2 image
 * also counts the bitmaps its segments claim (sd-pdf-images-jbig2.c), a
 * JPEG 2000 image the size its codestream states when that is larger
 * (sd-pdf-images-jpx.c).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-pdf-images-private.h"
#include "sd-pdf-objects.h"
#include "sd-pdf-stream-reader.h"

static void walk_resources (SdPdfImageWalk *walk, qpdf_oh resources, int depth);
static void walk_form (SdPdfImageWalk *walk, qpdf_oh form, qpdf_oh inherited, int depth);

gboolean
sd_pdf_images_over (SdPdfImageWalk *walk)
{
  return walk->result->over;
}

void
sd_pdf_images_refuse (SdPdfImageWalk *walk,
                      SdPdfPageOver   reason)
{
  if (walk->result->over)
    return;
  walk->result->over = TRUE;
  walk->result->over_reason = reason;
}

static guint64
mul_sat (guint64 a,
         guint64 b)
{
  if (a != 0 && b > G_MAXUINT64 / a)
    return G_MAXUINT64;
  return a * b;
}

/* Counts one image that decodes to @bytes. */
static void
claim_bytes (SdPdfImageWalk *walk,
             guint64         bytes)
{
  SdPdfPageImages *r = walk->result;

  r->n_images++;
  r->largest = MAX (r->largest, bytes);
  r->total = bytes > G_MAXUINT64 - r->total ? G_MAXUINT64 : r->total + bytes;
  if (r->largest > SD_PDF_MAX_IMAGE_BYTES || r->total > SD_PDF_MAX_PAGE_IMAGE_BYTES)
    r->over = TRUE;
}

guint64
sd_pdf_images_size (gint64 width,
                    gint64 height,
                    guint  components,
                    gint64 bits)
{
  if (width <= 0 || height <= 0)
    return 0;
  return mul_sat (mul_sat (mul_sat ((guint64) width, (guint64) height), MAX (components, 1)),
                  bits > 8 ? 2 : 1);
}

void
sd_pdf_images_claim (SdPdfImageWalk *walk,
                     gint64          width,
                     gint64          height,
                     guint           components,
                     gint64          bits)
{
  if (width <= 0 || height <= 0)
    return;
  claim_bytes (walk, sd_pdf_images_size (width, height, components, bits));
}

void
sd_pdf_images_claim_bits (SdPdfImageWalk *walk,
                          gint64          width,
                          gint64          height)
{
  if (width <= 0 || height <= 0)
    return;
  claim_bytes (walk, mul_sat (((guint64) width + 7) / 8, (guint64) height));
}

static gint64
get_int (qpdf_data   q,
         qpdf_oh     dict,
         const char *key)
{
  qpdf_oh value = sd_qpdf_get_key (q, dict, key);
  long long v = 0;

  if (value == 0)
    return 0;
  if (!qpdf_oh_is_number (q, value))
    v = 0;
  else if (qpdf_oh_is_integer (q, value))
    v = qpdf_oh_get_int_value (q, value);
  else
    v = (long long) CLAMP (qpdf_oh_get_numeric_value (q, value), -1.0, 9.0e18);
  qpdf_oh_release (q, value);
  return v;
}

static gboolean
get_bool (qpdf_data   q,
          qpdf_oh     dict,
          const char *key)
{
  qpdf_oh value = sd_qpdf_get_key (q, dict, key);
  gboolean b = FALSE;

  if (value == 0)
    return FALSE;
  b = qpdf_oh_is_bool (q, value) && qpdf_oh_get_bool_value (q, value);
  qpdf_oh_release (q, value);
  return b;
}

/* Components of a colour space by its name (without the slash), inline
 * abbreviations included; 0 when the name says nothing. */
guint
sd_pdf_images_components_of_name (const char *name,
                                  gsize       length)
{
  static const struct { const char *name; guint n; } names[] = {
    { "DeviceGray", 1 }, { "G", 1 }, { "CalGray", 1 }, { "Indexed", 1 }, { "I", 1 },
    { "Separation", 1 }, { "DeviceRGB", 3 }, { "RGB", 3 }, { "CalRGB", 3 }, { "Lab", 3 },
    { "DeviceCMYK", 4 }, { "CMYK", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strlen (names[i].name) == length && memcmp (names[i].name, name, length) == 0)
      return names[i].n;
  return 0;
}

/* Components of the colour space object @cs (a name or an array). */
static guint
components_of (qpdf_data q,
               qpdf_oh   cs)
{
  guint n = 0;

  if (cs == 0)
    return 0;
  if (qpdf_oh_is_name (q, cs))
    {
      const char *name = qpdf_oh_get_name (q, cs);

      return sd_pdf_images_components_of_name (name + 1, strlen (name + 1));
    }
  if (qpdf_oh_is_array (q, cs) && qpdf_oh_get_array_n_items (q, cs) >= 1)
    {
      qpdf_oh family = qpdf_oh_get_array_item (q, cs, 0);
      const char *name = qpdf_oh_is_name (q, family) ? qpdf_oh_get_name (q, family) : "";

      if (g_str_equal (name, "/ICCBased"))
        {
          qpdf_oh stream = qpdf_oh_get_array_item (q, cs, 1);

          if (qpdf_oh_is_stream (q, stream))
            {
              qpdf_oh dict = qpdf_oh_get_dict (q, stream);

              n = (guint) CLAMP (get_int (q, dict, "/N"), 0, 32);
              qpdf_oh_release (q, dict);
            }
          qpdf_oh_release (q, stream);
        }
      else if (g_str_equal (name, "/DeviceN"))
        {
          qpdf_oh names = qpdf_oh_get_array_item (q, cs, 1);

          if (qpdf_oh_is_array (q, names))
            n = (guint) CLAMP (qpdf_oh_get_array_n_items (q, names), 0, 32);
          qpdf_oh_release (q, names);
        }
      else if (name[0] == '/')
        n = sd_pdf_images_components_of_name (name + 1, strlen (name + 1));
      qpdf_oh_release (q, family);
    }
  return n;
}

/* Have we been here? Marks @oh when not; counts the work. */
static gboolean
seen (SdPdfImageWalk *walk,
      qpdf_oh         oh)
{
  int id = qpdf_oh_get_object_id (walk->q, oh);

  if (++walk->n_nodes > MAX_NODES)
    {
      sd_pdf_images_refuse (walk, SD_PDF_PAGE_OVER_CONTENT);
      return TRUE;
    }
  if (id == 0)
    return FALSE;
  if (g_hash_table_contains (walk->seen, GINT_TO_POINTER (id)))
    return TRUE;
  g_hash_table_add (walk->seen, GINT_TO_POINTER (id));
  return FALSE;
}

static void
claim_image (SdPdfImageWalk *walk,
             qpdf_oh         image,
             int             depth)
{
  qpdf_data q = walk->q;
  qpdf_oh dict, cs;
  guint components;
  gint64 width, height, bits;
  static const char * const masks[] = { "/SMask", "/Mask" };

  if (sd_pdf_images_over (walk) || depth > SD_PDF_MAX_DEPTH || !qpdf_oh_is_stream (q, image) || seen (walk, image))
    return;
  dict = qpdf_oh_get_dict (q, image);
  cs = sd_qpdf_get_key (q, dict, "/ColorSpace");
  if (get_bool (q, dict, "/ImageMask"))
    components = 1;
  else if ((components = components_of (q, cs)) == 0)
    components = 4;
  width = get_int (q, dict, "/Width");
  height = get_int (q, dict, "/Height");
  bits = get_int (q, dict, "/BitsPerComponent");
  sd_pdf_images_jpx_size (walk, image, dict, &width, &height, &components, &bits);
  sd_pdf_images_claim (walk, width, height, components, bits);
  if (!sd_pdf_images_over (walk))
    sd_pdf_images_claim_jbig2 (walk, image, dict, get_int (q, dict, "/Height"));
  if (cs != 0)
    qpdf_oh_release (q, cs);
  /* A soft mask or a stencil mask is an image of its own. */
  for (guint i = 0; i < G_N_ELEMENTS (masks); i++)
    {
      qpdf_oh mask = sd_qpdf_get_key (q, dict, masks[i]);

      if (mask != 0)
        {
          claim_image (walk, mask, depth + 1);
          qpdf_oh_release (q, mask);
        }
    }
  qpdf_oh_release (q, dict);
}

/* The values of a dictionary (qpdf has one key iterator, so the keys are
 * collected before anything else is read). */
static GArray *
dict_values (qpdf_data q,
             qpdf_oh   dict)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (qpdf_oh));
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  if (dict == 0 || !qpdf_oh_is_dictionary (q, dict))
    return values;
  qpdf_oh_begin_dict_key_iter (q, dict);
  while (qpdf_oh_dict_more_keys (q) && keys->len < MAX_NODES)
    g_ptr_array_add (keys, g_strdup (qpdf_oh_dict_next_key (q)));
  for (guint i = 0; i < keys->len; i++)
    {
      qpdf_oh value = qpdf_oh_get_key (q, dict, g_ptr_array_index (keys, i));

      g_array_append_val (values, value);
    }
  return values;
}

static void
release_values (qpdf_data  q,
                GArray    *values)
{
  for (guint i = 0; i < values->len; i++)
    qpdf_oh_release (q, g_array_index (values, qpdf_oh, i));
  g_array_unref (values);
}

static gboolean
has_name (qpdf_data   q,
          qpdf_oh     dict,
          const char *key,
          const char *name)
{
  qpdf_oh value = sd_qpdf_get_key (q, dict, key);
  gboolean found;

  if (value == 0)
    return FALSE;
  found = qpdf_oh_is_name (q, value) && g_str_equal (qpdf_oh_get_name (q, value), name);
  qpdf_oh_release (q, value);
  return found;
}

/* A form, a tiling pattern or a glyph: the content stream @form, drawn
 * with its own /Resources or else with @inherited (those of what draws
 * it, as PDF 1.1 readers allowed). */
static void
walk_form (SdPdfImageWalk *walk,
           qpdf_oh         form,
           qpdf_oh         inherited,
           int             depth)
{
  qpdf_data q = walk->q;
  qpdf_oh dict, resources;

  if (sd_pdf_images_over (walk) || depth > SD_PDF_MAX_DEPTH || !qpdf_oh_is_stream (q, form) || seen (walk, form))
    return;
  dict = qpdf_oh_get_dict (q, form);
  resources = sd_qpdf_get_key (q, dict, "/Resources");
  if (resources != 0)
    walk_resources (walk, resources, depth + 1);
  else if (inherited != 0)
    walk_resources (walk, inherited, depth + 1);
  sd_pdf_images_scan_content (walk, form);
  if (resources != 0)
    qpdf_oh_release (q, resources);
  qpdf_oh_release (q, dict);
}

static void
walk_xobjects (SdPdfImageWalk *walk,
               qpdf_oh         resources,
               int             depth)
{
  qpdf_data q = walk->q;
  qpdf_oh xobjects = sd_qpdf_get_key (q, resources, "/XObject");
  GArray *values;

  if (xobjects == 0)
    return;
  values = dict_values (q, xobjects);
  for (guint i = 0; i < values->len && !sd_pdf_images_over (walk); i++)
    {
      qpdf_oh xobject = g_array_index (values, qpdf_oh, i);
      qpdf_oh dict;

      if (!qpdf_oh_is_stream (q, xobject))
        continue;
      dict = qpdf_oh_get_dict (q, xobject);
      if (has_name (q, dict, "/Subtype", "/Image"))
        claim_image (walk, xobject, depth + 1);
      else
        walk_form (walk, xobject, resources, depth + 1);
      qpdf_oh_release (q, dict);
    }
  release_values (q, values);
  qpdf_oh_release (q, xobjects);
}

/* Tiling patterns (streams) of /Pattern. */
static void
walk_patterns (SdPdfImageWalk *walk,
               qpdf_oh         resources,
               int             depth)
{
  qpdf_data q = walk->q;
  qpdf_oh patterns = sd_qpdf_get_key (q, resources, "/Pattern");
  GArray *values;

  if (patterns == 0)
    return;
  values = dict_values (q, patterns);
  for (guint i = 0; i < values->len && !sd_pdf_images_over (walk); i++)
    walk_form (walk, g_array_index (values, qpdf_oh, i), resources, depth + 1);
  release_values (q, values);
  qpdf_oh_release (q, patterns);
}

/* Type 3 fonts: their glyphs are content streams with resources. */
static void
walk_fonts (SdPdfImageWalk *walk,
            qpdf_oh         resources,
            int             depth)
{
  qpdf_data q = walk->q;
  qpdf_oh fonts = sd_qpdf_get_key (q, resources, "/Font");
  GArray *values;

  if (fonts == 0)
    return;
  values = dict_values (q, fonts);
  for (guint i = 0; i < values->len && !sd_pdf_images_over (walk); i++)
    {
      qpdf_oh font = g_array_index (values, qpdf_oh, i);
      qpdf_oh procs, own;
      GArray *glyphs;

      if (!qpdf_oh_is_dictionary (q, font) || seen (walk, font))
        continue;
      sd_pdf_images_claim_font (walk, font);
      if (!has_name (q, font, "/Subtype", "/Type3"))
        continue;
      own = sd_qpdf_get_key (q, font, "/Resources");
      procs = sd_qpdf_get_key (q, font, "/CharProcs");
      glyphs = dict_values (q, procs);
      for (guint j = 0; j < glyphs->len && !sd_pdf_images_over (walk); j++)
        walk_form (walk, g_array_index (glyphs, qpdf_oh, j), own != 0 ? own : resources, depth + 1);
      release_values (q, glyphs);
      if (procs != 0)
        qpdf_oh_release (q, procs);
      if (own != 0)
        qpdf_oh_release (q, own);
    }
  release_values (q, values);
  qpdf_oh_release (q, fonts);
}

/* Soft masks of graphics states: /SMask << /G form >>. */
static void
walk_ext_gstates (SdPdfImageWalk *walk,
                  qpdf_oh         resources,
                  int             depth)
{
  qpdf_data q = walk->q;
  qpdf_oh states = sd_qpdf_get_key (q, resources, "/ExtGState");
  GArray *values;

  if (states == 0)
    return;
  values = dict_values (q, states);
  for (guint i = 0; i < values->len && !sd_pdf_images_over (walk); i++)
    {
      qpdf_oh smask = sd_qpdf_get_key (q, g_array_index (values, qpdf_oh, i), "/SMask");
      qpdf_oh group;

      if (smask == 0)
        continue;
      if ((group = sd_qpdf_get_key (q, smask, "/G")) != 0)
        {
          walk_form (walk, group, resources, depth + 1);
          qpdf_oh_release (q, group);
        }
      qpdf_oh_release (q, smask);
    }
  release_values (q, values);
  qpdf_oh_release (q, states);
}

static void
walk_resources (SdPdfImageWalk *walk,
                qpdf_oh         resources,
                int             depth)
{
  qpdf_data q = walk->q;

  if (sd_pdf_images_over (walk) || depth > SD_PDF_MAX_DEPTH || !qpdf_oh_is_dictionary (q, resources)
      || seen (walk, resources))
    return;
  walk_xobjects (walk, resources, depth);
  walk_patterns (walk, resources, depth);
  walk_fonts (walk, resources, depth);
  walk_ext_gstates (walk, resources, depth);
}

/* The appearance streams of the page's annotations (/AP /N, /R, /D, each
 * a form or a dictionary of forms by state). */
static void
walk_annotations (SdPdfImageWalk *walk,
                  qpdf_oh         page,
                  qpdf_oh         resources)
{
  qpdf_data q = walk->q;
  static const char * const kinds[] = { "/N", "/R", "/D" };
  qpdf_oh annots = sd_qpdf_get_key (q, page, "/Annots");
  int n;

  if (annots == 0)
    return;
  n = qpdf_oh_is_array (q, annots) ? MIN (qpdf_oh_get_array_n_items (q, annots), MAX_NODES) : 0;
  for (int i = 0; i < n && !sd_pdf_images_over (walk); i++)
    {
      qpdf_oh annot = qpdf_oh_get_array_item (q, annots, i);
      qpdf_oh ap = sd_qpdf_get_key (q, annot, "/AP");

      for (guint k = 0; ap != 0 && k < G_N_ELEMENTS (kinds) && !sd_pdf_images_over (walk); k++)
        {
          qpdf_oh appearance = sd_qpdf_get_key (q, ap, kinds[k]);

          if (appearance == 0)
            continue;
          if (qpdf_oh_is_stream (q, appearance))
            walk_form (walk, appearance, 0, 1);
          else
            {
              GArray *values = dict_values (q, appearance);

              for (guint j = 0; j < values->len && !sd_pdf_images_over (walk); j++)
                walk_form (walk, g_array_index (values, qpdf_oh, j), 0, 1);
              release_values (q, values);
            }
          qpdf_oh_release (q, appearance);
        }
      if (ap != 0)
        qpdf_oh_release (q, ap);
      qpdf_oh_release (q, annot);
    }
  qpdf_oh_release (q, annots);
  (void) resources;
}

/* The page's own content streams. */
static void
walk_contents (SdPdfImageWalk *walk,
               qpdf_oh         page)
{
  qpdf_data q = walk->q;
  qpdf_oh contents = sd_qpdf_get_key (q, page, "/Contents");

  if (contents == 0)
    return;
  if (qpdf_oh_is_array (q, contents))
    {
      int n = MIN (qpdf_oh_get_array_n_items (q, contents), MAX_NODES);

      for (int i = 0; i < n && !sd_pdf_images_over (walk); i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, contents, i);

          sd_pdf_images_scan_content (walk, item);
          qpdf_oh_release (q, item);
        }
    }
  else
    sd_pdf_images_scan_content (walk, contents);
  qpdf_oh_release (q, contents);
}

gboolean
sd_pdf_document_measure_page_images (SdPdfDocument    *self,
                                     int               number,
                                     SdPdfPageImages  *images,
                                     GError          **error)
{
  qpdf_data q;
  qpdf_oh page, resources;
  SdPdfImageWalk walk = { 0 };

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  g_return_val_if_fail (images != NULL, FALSE);

  memset (images, 0, sizeof *images);
  if (number < 1 || number > sd_pdf_document_get_n_pages (self))
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NO_PAGE,
                   _("Page %d does not exist: the document has %d pages"),
                   number, sd_pdf_document_get_n_pages (self));
      return FALSE;
    }
  q = sd_pdf_document_get_qpdf (self);
  walk.doc = self;
  walk.q = q;
  walk.result = images;
  walk.seen = g_hash_table_new (NULL, NULL);
  page = qpdf_get_page_n (q, (size_t) (number - 1));
  resources = sd_qpdf_get_inherited (q, page, "/Resources");
  if (resources != 0)
    walk_resources (&walk, resources, 0);
  walk_contents (&walk, page);
  walk_annotations (&walk, page, resources);
  if (resources != 0)
    qpdf_oh_release (q, resources);
  qpdf_oh_release (q, page);
  g_hash_table_unref (walk.seen);
  /* What cannot be read is the renderer's to report. */
  sd_pdf_document_check_qpdf (self, NULL);
  return TRUE;
}

gboolean
sd_pdf_document_check_page_images (SdPdfDocument  *self,
                                   int             number,
                                   GError        **error)
{
  SdPdfPageImages images;

  if (!sd_pdf_document_measure_page_images (self, number, &images, error))
    return FALSE;
  if (images.over)
    {
      const char *sentence;

      switch (images.over_reason)
        {
        case SD_PDF_PAGE_OVER_CONTENT:
          sentence = _("This page has too much content to show safely.");
          break;
        case SD_PDF_PAGE_OVER_FONT:
          sentence = _("This page uses a font too large to show safely.");
          break;
        case SD_PDF_PAGE_OVER_IMAGE:
        default:
          sentence = _("This page has an image too large to show safely.");
          break;
        }
      g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_TOO_LARGE, sentence);
      return FALSE;
    }
  return TRUE;
}
