/* sd-marks.c: page marks as page content in a revision of their own */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "sd-atomic-file.h"
#include "sd-marks.h"
#include "sd-marks-form-private.h"
#include "sd-pdf-document-private.h"
#include "sd-pdf-objects.h"
#include "sd-pdf-syntax.h"
#include "sd-pdf-update.h"
#include "sd-seal-image.h"

G_DEFINE_QUARK (sd-marks-error-quark, sd_marks_error)

/* Modules of white around a QR code (ISO/IEC 18004 asks for 4). */
#define QR_QUIET_ZONE 4

SdMark *
sd_mark_new (SdMarkKind kind,
             int        page)
{
  SdMark *mark = g_new0 (SdMark, 1);

  mark->kind = kind;
  mark->page = page;
  mark->n_strips = 1;
  return mark;
}

SdMark *
sd_mark_copy (const SdMark *mark)
{
  SdMark *copy = g_memdup2 (mark, sizeof *mark);

  copy->image_path = g_strdup (mark->image_path);
  copy->seal_id = g_strdup (mark->seal_id);
  copy->text = g_strdup (mark->text);
  copy->url_template = g_strdup (mark->url_template);
  return copy;
}

void
sd_mark_free (SdMark *mark)
{
  if (mark == NULL)
    return;
  g_free (mark->image_path);
  g_free (mark->seal_id);
  g_free (mark->text);
  g_free (mark->url_template);
  g_free (mark);
}

typedef struct
{
  SdPdfPageInfo  info;
  GString       *content;       /* drawing in visible space */
  GString       *xobjects;      /* "/Name N 0 R …" */
  GString       *gstates;       /* "/Name << … >> …" */
} PageMarks;

static void
page_marks_free (gpointer data)
{
  PageMarks *pm = data;

  g_string_free (pm->content, TRUE);
  g_string_free (pm->xobjects, TRUE);
  g_string_free (pm->gstates, TRUE);
  g_free (pm);
}

typedef struct
{
  SdPdfDocument *doc;
  qpdf_data      q;
  SdPdfUpdate   *update;
  GHashTable    *images;        /* path → SdSealImage */
  GHashTable    *image_objects; /* digest → GINT_TO_POINTER (obj num) */
  GHashTable    *pages;         /* page number → PageMarks */
  GHashTable    *forms;         /* watermark description → GINT_TO_POINTER (obj num) */
} Writer;

static int
image_object (Writer      *w,
              SdSealImage *image)
{
  gpointer known;
  int image_num, mask_num;
  g_autofree char *dict = NULL;
  GBytes *data;

  if (g_hash_table_lookup_extended (w->image_objects, sd_seal_image_get_digest (image),
                                    NULL, &known))
    return GPOINTER_TO_INT (known);

  image_num = sd_pdf_update_add_object (w->update);
  mask_num = sd_pdf_update_add_object (w->update);
  data = sd_seal_image_get_alpha_flate (image);
  dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                          "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                          sd_seal_image_get_width (image), sd_seal_image_get_height (image));
  sd_pdf_update_set_stream (w->update, mask_num, dict,
                            g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_free (dict);
  data = sd_seal_image_get_rgb_flate (image);
  dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                          "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
                          "/SMask %d 0 R",
                          sd_seal_image_get_width (image), sd_seal_image_get_height (image),
                          mask_num);
  sd_pdf_update_set_stream (w->update, image_num, dict,
                            g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_hash_table_insert (w->image_objects, g_strdup (sd_seal_image_get_digest (image)),
                       GINT_TO_POINTER (image_num));
  return image_num;
}

static PageMarks *
page_marks (Writer  *w,
            int      page,
            GError **error)
{
  PageMarks *pm = g_hash_table_lookup (w->pages, GINT_TO_POINTER (page));

  if (pm != NULL)
    return pm;
  pm = g_new0 (PageMarks, 1);
  if (!sd_pdf_document_get_page (w->doc, page, &pm->info, error))
    {
      g_free (pm);
      return NULL;
    }
  pm->content = g_string_new (NULL);
  pm->xobjects = g_string_new (NULL);
  pm->gstates = g_string_new (NULL);
  g_hash_table_insert (w->pages, GINT_TO_POINTER (page), pm);
  return pm;
}

static void
append_numbers (GString      *s,
                const double *values,
                int           n)
{
  for (int i = 0; i < n; i++)
    {
      sd_pdf_append_number (s, values[i]);
      g_string_append_c (s, ' ');
    }
}

static gboolean
check_rect (const SdMark        *mark,
            const SdPdfPageInfo *info,
            GError             **error)
{
  double vw, vh;

  sd_geometry_visible_size (info, &vw, &vh);
  if (mark->rect.width <= 0 || mark->rect.height <= 0
      || mark->rect.x < -0.01 || mark->rect.y < -0.01
      || mark->rect.x + mark->rect.width > vw + 0.01
      || mark->rect.y + mark->rect.height > vh + 0.01)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("The mark on page %d does not lie on the page (%g × %g points)"),
                   mark->page, vw, vh);
      return FALSE;
    }
  return TRUE;
}

static gboolean
draw_image (Writer        *w,
            PageMarks     *pm,
            const SdMark  *mark,
            GError       **error)
{
  SdSealImage *image;
  int num, iw, ih;
  g_autofree char *name = NULL;
  double box[4];

  if (mark->image_path == NULL)
    {
      /* TRANSLATORS: %s is the ID of a seal of the library */
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("The seal %s of the library is placed through the sealing operation, which checks and records its use"),
                   mark->seal_id != NULL ? mark->seal_id : "?");
      return FALSE;
    }
  image = g_hash_table_lookup (w->images, mark->image_path);
  if (image == NULL)
    {
      image = sd_seal_image_load_png (mark->image_path, error);
      if (image == NULL)
        return FALSE;
      g_hash_table_insert (w->images, g_strdup (mark->image_path), image);
    }
  num = image_object (w, image);
  name = g_strdup_printf ("SdMk%d", num);
  if (strstr (pm->xobjects->str, name) == NULL)
    g_string_append_printf (pm->xobjects, " /%s %d 0 R", name, num);
  iw = sd_seal_image_get_width (image);
  ih = sd_seal_image_get_height (image);

  g_string_append (pm->content, "q ");
  if (mark->kind == SD_MARK_STRIP)
    {
      /* The whole picture is n_strips rectangles wide; this page shows
       * the strip_index-th of them. */
      double full = mark->rect.width * mark->n_strips;

      box[0] = mark->rect.x; box[1] = mark->rect.y;
      box[2] = mark->rect.width; box[3] = mark->rect.height;
      append_numbers (pm->content, box, 4);
      g_string_append (pm->content, "re W n ");
      box[0] = full; box[1] = 0; box[2] = 0; box[3] = mark->rect.height;
      append_numbers (pm->content, box, 4);
      box[0] = mark->rect.x - mark->strip_index * mark->rect.width;
      box[1] = mark->rect.y;
      append_numbers (pm->content, box, 2);
    }
  else
    {
      double scale = MIN (mark->rect.width / iw, mark->rect.height / ih);
      double dw = iw * scale, dh = ih * scale;

      box[0] = dw; box[1] = 0; box[2] = 0; box[3] = dh;
      append_numbers (pm->content, box, 4);
      box[0] = mark->rect.x + (mark->rect.width - dw) / 2;
      box[1] = mark->rect.y + (mark->rect.height - dh) / 2;
      append_numbers (pm->content, box, 2);
    }
  g_string_append_printf (pm->content, "cm /%s Do Q\n", name);
  return TRUE;
}

/* One form per distinct watermark (text, size, angle, tiling, area). */
static gboolean
draw_text_mark (Writer        *w,
                PageMarks     *pm,
                const SdMark  *mark,
                GError       **error)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%g\x1f%g\x1f%d\x1f%g\x1f%g", mark->text,
                                          mark->font_size, mark->angle, mark->tiled,
                                          mark->rect.width, mark->rect.height);
  int num = GPOINTER_TO_INT (g_hash_table_lookup (w->forms, key));
  g_autofree char *name = NULL;
  double box[6];

  if (num == 0)
    {
      num = sd_marks_text_form (w->update, mark, mark->rect.width, mark->rect.height, error);
      if (num == 0)
        return FALSE;
      g_hash_table_insert (w->forms, g_steal_pointer (&key), GINT_TO_POINTER (num));
    }
  name = g_strdup_printf ("SdMk%d", num);
  if (strstr (pm->xobjects->str, name) == NULL)
    g_string_append_printf (pm->xobjects, " /%s %d 0 R", name, num);
  box[0] = 1; box[1] = 0; box[2] = 0; box[3] = 1; box[4] = mark->rect.x; box[5] = mark->rect.y;
  g_string_append (pm->content, "q ");
  append_numbers (pm->content, box, 6);
  g_string_append_printf (pm->content, "cm /%s Do Q\n", name);
  return TRUE;
}

static gboolean
draw_qr (PageMarks     *pm,
         const SdMark  *mark,
         GError       **error)
{
  QRcode *code;
  double size, module, x0, y0, box[4];

  if (mark->text == NULL || *mark->text == '\0')
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("The QR code on page %d has nothing to say"), mark->page);
      return FALSE;
    }
  code = QRcode_encodeString8bit (mark->text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_FAILED,
                   _("Cannot make a QR code of %lu bytes"), (unsigned long) strlen (mark->text));
      return FALSE;
    }
  size = MIN (mark->rect.width, mark->rect.height);
  module = size / (code->width + 2 * QR_QUIET_ZONE);
  x0 = mark->rect.x + (mark->rect.width - size) / 2;
  y0 = mark->rect.y + (mark->rect.height - size) / 2;

  g_string_append (pm->content, "q 1 g ");
  box[0] = x0; box[1] = y0; box[2] = size; box[3] = size;
  append_numbers (pm->content, box, 4);
  g_string_append (pm->content, "re f 0 g\n");
  /* One rectangle per run of dark modules in a row: no seams between
   * them where an antialiasing renderer would show hairlines. */
  for (int row = 0; row < code->width; row++)
    for (int col = 0; col < code->width; col++)
      if (code->data[row * code->width + col] & 1)
        {
          int run = 1;

          while (col + run < code->width && (code->data[row * code->width + col + run] & 1))
            run++;
          box[0] = x0 + (QR_QUIET_ZONE + col) * module;
          box[1] = y0 + size - (QR_QUIET_ZONE + row + 1) * module;
          box[2] = module * run;
          box[3] = module;
          append_numbers (pm->content, box, 4);
          g_string_append (pm->content, "re\n");
          col += run - 1;
        }
  g_string_append (pm->content, "f Q\n");
  QRcode_free (code);
  return TRUE;
}

/* "<< … >>" of @dict with the keys of @pairs (key, value text, …, NULL)
 * replaced or added. @dict itself is not changed. */
static char *
dict_text (qpdf_data           q,
           qpdf_oh             dict,
           const char * const *pairs)
{
  GString *s = g_string_new ("<<");

  if (qpdf_oh_is_dictionary (q, dict))
    {
      qpdf_oh_begin_dict_key_iter (q, dict);
      while (qpdf_oh_dict_more_keys (q))
        {
          const char *key = qpdf_oh_dict_next_key (q);
          gboolean replaced = FALSE;

          for (int i = 0; pairs[i] != NULL; i += 2)
            replaced |= strcmp (key, pairs[i]) == 0;
          if (!replaced)
            g_string_append_printf (s, " %s %s", key,
                                    qpdf_oh_unparse (q, qpdf_oh_get_key (q, dict, key)));
        }
    }
  for (int i = 0; pairs[i] != NULL; i += 2)
    g_string_append_printf (s, " %s %s", pairs[i], pairs[i + 1]);
  g_string_append (s, " >>");
  return g_string_free (s, FALSE);
}

/* The visible-space drawing of @pm, as a content stream in user space. */
static void
write_page (Writer    *w,
            PageMarks *pm)
{
  qpdf_data q = w->q;
  qpdf_oh page = qpdf_get_object_by_id (q, pm->info.obj_num, pm->info.obj_gen);
  qpdf_oh contents = qpdf_oh_get_key (q, page, "/Contents");
  qpdf_oh resources = sd_qpdf_get_inherited (q, page, "/Resources");
  int before = sd_pdf_update_add_object (w->update);
  int after = sd_pdf_update_add_object (w->update);
  g_autoptr(GString) body = g_string_new ("q 1 0 0 1 0 0 cm\n");
  g_autoptr(GString) array = g_string_new ("[");
  g_autofree char *xobjects = NULL;
  g_autofree char *gstates = NULL;
  g_autofree char *res_text = NULL;
  g_autofree char *page_text = NULL;
  double x0, y0, x1, y1, x2, y2, m[6];

  /* Visible space → user space, from the one geometry helper. */
  sd_geometry_visible_to_user (&pm->info, 0, 0, &x0, &y0);
  sd_geometry_visible_to_user (&pm->info, 1, 0, &x1, &y1);
  sd_geometry_visible_to_user (&pm->info, 0, 1, &x2, &y2);
  m[0] = x1 - x0; m[1] = y1 - y0; m[2] = x2 - x0; m[3] = y2 - y0; m[4] = x0; m[5] = y0;

  sd_pdf_update_set_stream (w->update, before, "", (const guint8 *) "q\n", 2);
  g_string_assign (body, "Q q ");
  append_numbers (body, m, 6);
  g_string_append (body, "cm\n");
  g_string_append (body, pm->content->str);
  g_string_append (body, "Q\n");
  sd_pdf_update_set_stream (w->update, after, "", (const guint8 *) body->str, body->len);

  g_string_append_printf (array, " %d 0 R", before);
  if (qpdf_oh_is_array (q, contents))
    {
      int n = qpdf_oh_get_array_n_items (q, contents);

      for (int i = 0; i < n; i++)
        g_string_append_printf (array, " %s",
                                qpdf_oh_unparse (q, qpdf_oh_get_array_item (q, contents, i)));
    }
  else if (qpdf_oh_is_stream (q, contents))
    g_string_append_printf (array, " %d %d R", qpdf_oh_get_object_id (q, contents),
                            qpdf_oh_get_generation (q, contents));
  g_string_append_printf (array, " %d 0 R ]", after);

  {
    qpdf_oh old_xo = qpdf_oh_get_key (q, resources, "/XObject");
    qpdf_oh old_gs = qpdf_oh_get_key (q, resources, "/ExtGState");
    const char *no_pairs[] = { NULL };
    g_autofree char *xo_old = dict_text (q, old_xo, no_pairs);
    g_autofree char *gs_old = dict_text (q, old_gs, no_pairs);

    /* Our names (SdMk<num>) are new object numbers: no clash. */
    xo_old[strlen (xo_old) - 2] = '\0';
    gs_old[strlen (gs_old) - 2] = '\0';
    xobjects = g_strdup_printf ("%s%s >>", xo_old, pm->xobjects->str);
    gstates = g_strdup_printf ("%s%s >>", gs_old, pm->gstates->str);
  }
  {
    const char *pairs[] = { "/XObject", xobjects, "/ExtGState", gstates, NULL };

    res_text = dict_text (q, resources, pairs);
  }
  {
    const char *pairs[] = { "/Contents", array->str, "/Resources", res_text, NULL };

    page_text = dict_text (q, page, pairs);
  }
  sd_pdf_update_set_object (w->update, pm->info.obj_num, pm->info.obj_gen, page_text);
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

gboolean
sd_marks_apply (const char  *in_path,
                const char  *out_path,
                GPtrArray   *marks,
                GError     **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdPdfUpdate) update = NULL;
  g_autoptr(GHashTable) images = NULL;
  g_autoptr(GHashTable) image_objects = NULL;
  g_autoptr(GHashTable) pages = NULL;
  g_autoptr(GHashTable) forms = NULL;
  g_autoptr(GBytes) section = NULL;
  g_autoptr(SdAtomicFile) out = NULL;
  g_autoptr(GList) numbers = NULL;
  const guint8 *bytes;
  gsize size;
  Writer w = { 0 };

  g_return_val_if_fail (marks != NULL, FALSE);

  doc = sd_pdf_document_open (in_path, NULL, error);
  if (doc == NULL)
    return FALSE;
  if (sd_pdf_document_is_encrypted (doc))
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("%s is encrypted: Sealdesk cannot mark encrypted documents yet"), in_path);
      return FALSE;
    }
  if (sd_pdf_document_get_n_signatures (doc) > 0)
    {
      g_autofree char *base = g_path_get_basename (in_path);

      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("%s is already signed: page marks would change what its signatures cover. Add the QR code, watermark or cross-page seal with the first signature"),
                   base);
      return FALSE;
    }
  update = sd_pdf_update_new (doc, error);
  if (update == NULL)
    return FALSE;
  images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) sd_seal_image_unref);
  image_objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pages = g_hash_table_new_full (NULL, NULL, NULL, page_marks_free);
  forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w = (Writer) { doc, sd_pdf_document_get_qpdf (doc), update, images, image_objects, pages, forms };

  for (guint i = 0; i < marks->len; i++)
    {
      const SdMark *mark = g_ptr_array_index (marks, i);
      PageMarks *pm = page_marks (&w, mark->page, error);

      if (pm == NULL || !check_rect (mark, &pm->info, error))
        return FALSE;
      if (mark->opacity > 0 && mark->opacity < 1)
        {
          g_string_append_printf (pm->gstates, " /SdGs%u << /Type /ExtGState /ca %.3f /CA %.3f >>",
                                  i, mark->opacity, mark->opacity);
          g_string_append_printf (pm->content, "q /SdGs%u gs\n", i);
        }
      else
        g_string_append (pm->content, "q\n");
      switch (mark->kind)
        {
        case SD_MARK_IMAGE:
        case SD_MARK_STRIP:
          if (!draw_image (&w, pm, mark, error))
            return FALSE;
          break;
        case SD_MARK_QR:
          if (!draw_qr (pm, mark, error))
            return FALSE;
          break;
        case SD_MARK_TEXT:
          if (!draw_text_mark (&w, pm, mark, error))
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
      g_string_append (pm->content, "Q\n");
    }

  numbers = g_list_sort (g_hash_table_get_keys (pages), compare_numbers);
  for (GList *l = numbers; l != NULL; l = l->next)
    write_page (&w, g_hash_table_lookup (pages, l->data));
  if (!sd_pdf_document_check_qpdf (doc, error))
    return FALSE;

  bytes = sd_pdf_document_get_bytes (doc, &size);
  section = sd_pdf_update_serialize (update, size,
                                     size > 0 && bytes[size - 1] != '\n' && bytes[size - 1] != '\r',
                                     error);
  if (section == NULL)
    return FALSE;
  out = sd_atomic_file_new (out_path, error);
  if (out == NULL
      || !sd_atomic_file_write (out, bytes, size, error)
      || !sd_atomic_file_write (out, g_bytes_get_data (section, NULL), g_bytes_get_size (section),
                                error))
    return FALSE;
  return sd_atomic_file_commit (out, error);
}
