/* sd-sign-fields.c: the objects a new signature adds to a document */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-pdf-appearance.h"
#include "sd-pdf-document-private.h"
#include "sd-pdf-objects.h"
#include "sd-pdf-syntax.h"
#include "sd-sign-fields.h"
#include "sd-geometry.h"

/* Key of our own in a seal image dictionary: the SHA-256 of its pixels,
 * so that the next signature on the document reuses the image. */
#define SEAL_DIGEST_KEY "/SealdeskSealDigest"

typedef struct
{
  SdPdfDocument       *doc;
  qpdf_data            q;
  SdPdfUpdate         *update;
  const SdSignOptions *opts;
  GHashTable          *field_names;   /* full names in use */
  GHashTable          *seal_images;   /* digest → GINT_TO_POINTER (obj num) */
  GHashTable          *page_annots;   /* page obj num → GString of refs */
  GHashTable          *page_gens;     /* page obj num → gen */
  GString             *field_refs;    /* refs to add to /Fields */
  const SdPdfSignatureField *fill;    /* an existing empty field to sign, or NULL */
} Builder;

static void
free_refs (gpointer data)
{
  g_string_free (data, TRUE);
}

/* "<< … >>" of @dict with @keys (NULL-terminated key/value text pairs)
 * replaced or added. */
static char *
dict_with_entries (qpdf_data           q,
                   qpdf_oh             dict,
                   const char * const *pairs)
{
  GString *s;

  for (int i = 0; pairs[i] != NULL; i += 2)
    qpdf_oh_remove_key (q, dict, pairs[i]);
  s = g_string_new (qpdf_oh_unparse_resolved (q, dict));
  while (s->len > 0 && g_ascii_isspace (s->str[s->len - 1]))
    g_string_truncate (s, s->len - 1);
  g_assert (g_str_has_suffix (s->str, ">>"));
  g_string_truncate (s, s->len - 2);
  for (int i = 0; pairs[i] != NULL; i += 2)
    g_string_append_printf (s, " %s %s", pairs[i], pairs[i + 1]);
  g_string_append (s, " >>");
  return g_string_free (s, FALSE);
}

/* "[ … ]" of @array with @refs appended. */
static char *
array_with_refs (qpdf_data   q,
                 qpdf_oh     array,
                 const char *refs)
{
  GString *s = g_string_new (qpdf_oh_unparse_resolved (q, array));

  while (s->len > 0 && g_ascii_isspace (s->str[s->len - 1]))
    g_string_truncate (s, s->len - 1);
  g_assert (g_str_has_suffix (s->str, "]"));
  g_string_truncate (s, s->len - 1);
  g_string_append_printf (s, " %s ]", refs);
  return g_string_free (s, FALSE);
}

/* The decoded samples of an 8-bit image stream with @components colour
 * components, exactly @width × @height of them, or NULL. */
static guint8 *
image_samples (qpdf_data   q,
               qpdf_oh     image,
               const char *colorspace,
               int         components,
               int        *width,
               int        *height)
{
  qpdf_oh dict = qpdf_oh_get_dict (q, image);
  qpdf_oh w = qpdf_oh_get_key (q, dict, "/Width");
  qpdf_oh h = qpdf_oh_get_key (q, dict, "/Height");
  qpdf_oh bpc = qpdf_oh_get_key (q, dict, "/BitsPerComponent");
  qpdf_oh cs = qpdf_oh_get_key (q, dict, "/ColorSpace");
  unsigned char *data = NULL;
  size_t len = 0;
  guint8 *samples = NULL;

  if (qpdf_oh_is_integer (q, w) && qpdf_oh_is_integer (q, h) && qpdf_oh_is_integer (q, bpc)
      && qpdf_oh_get_int_value (q, bpc) == 8
      && qpdf_oh_is_name_and_equals (q, cs, colorspace))
    {
      long long iw = qpdf_oh_get_int_value (q, w), ih = qpdf_oh_get_int_value (q, h);

      /* A seal picture is at most 8000 pixels a side, 40 megapixels. */
      if (iw > 0 && ih > 0 && iw <= 8000 && ih <= 8000 && iw * ih <= 40000000
          && (qpdf_oh_get_stream_data (q, image, qpdf_dl_generalized, NULL, &data, &len) & QPDF_ERRORS) == 0
          && len == (size_t) (iw * ih * components))
        {
          samples = g_memdup2 (data, len);
          *width = (int) iw;
          *height = (int) ih;
        }
    }
  free (data);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return samples;
}

/* Does @image hold exactly the pixels whose digest it claims? (An input
 * document can claim anything: an image is reused only for its pixels.) */
static gboolean
image_has_digest (qpdf_data   q,
                  qpdf_oh     image,
                  const char *claimed)
{
  qpdf_oh mask = qpdf_oh_get_key (q, qpdf_oh_get_dict (q, image), "/SMask");
  g_autofree guint8 *rgb = NULL;
  g_autofree guint8 *alpha = NULL;
  g_autoptr(GChecksum) sum = NULL;
  int w = 0, h = 0, mw = 0, mh = 0;

  if (!qpdf_oh_is_stream (q, mask)
      || (rgb = image_samples (q, image, "/DeviceRGB", 3, &w, &h)) == NULL
      || (alpha = image_samples (q, mask, "/DeviceGray", 1, &mw, &mh)) == NULL
      || mw != w || mh != h)
    return FALSE;
  /* As sd-seal-image.c computes it. */
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) &w, sizeof w);
  g_checksum_update (sum, (const guchar *) &h, sizeof h);
  g_checksum_update (sum, rgb, (gsize) w * h * 3);
  g_checksum_update (sum, alpha, (gsize) w * h);
  return g_strcmp0 (g_checksum_get_string (sum), claimed) == 0;
}

static void
note_seal_images (Builder *b,
                  qpdf_oh  widget)
{
  qpdf_oh ap = qpdf_oh_get_key (b->q, widget, "/AP");
  qpdf_oh n = qpdf_oh_get_key (b->q, ap, "/N");
  qpdf_oh res, xobjects;

  if (!qpdf_oh_is_stream (b->q, n))
    return;
  res = qpdf_oh_get_key (b->q, qpdf_oh_get_dict (b->q, n), "/Resources");
  xobjects = qpdf_oh_get_key (b->q, res, "/XObject");
  if (!qpdf_oh_is_dictionary (b->q, xobjects))
    return;

  qpdf_oh_begin_dict_key_iter (b->q, xobjects);
  while (qpdf_oh_dict_more_keys (b->q))
    {
      const char *key = qpdf_oh_dict_next_key (b->q);
      qpdf_oh image = qpdf_oh_get_key (b->q, xobjects, key);
      qpdf_oh digest;

      if (!qpdf_oh_is_indirect (b->q, image) || !qpdf_oh_is_stream (b->q, image)
          || qpdf_oh_get_generation (b->q, image) != 0)
        continue;
      digest = qpdf_oh_get_key (b->q, qpdf_oh_get_dict (b->q, image), SEAL_DIGEST_KEY);
      if (qpdf_oh_is_string (b->q, digest))
        {
          /* qpdf's string is only valid until its next call. */
          char *claimed = g_strdup (qpdf_oh_get_utf8_value (b->q, digest));

          if (!g_hash_table_contains (b->seal_images, claimed)
              && image_has_digest (b->q, image, claimed))
            g_hash_table_insert (b->seal_images, claimed,
                                 GINT_TO_POINTER (qpdf_oh_get_object_id (b->q, image)));
          else
            g_free (claimed);
        }
    }
}

/* Names in use, and seal images of signature widgets: the object layer's
 * field walk (sd_pdf_walk_fields), the one the verifier uses too. */
static gboolean
collect_field (qpdf_data             q,
               const SdPdfFieldNode *node,
               gpointer              data)
{
  Builder *b = data;

  if (node->is_field && node->name != NULL)
    g_hash_table_add (b->field_names, g_strdup (node->name));
  note_seal_images (b, node->node);
  return TRUE;
}

static char *
choose_field_name (Builder  *b,
                   GError  **error)
{
  const char *wanted = b->opts->field_name;

  if (wanted != NULL)
    {
      if (*wanted == '\0' || strchr (wanted, '.') != NULL || !g_utf8_validate (wanted, -1, NULL))
        {
          g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                       _("“%s” cannot be a signature field name: use a non-empty name without dots"),
                       wanted);
          return NULL;
        }
      if (b->fill != NULL)
        return g_strdup (wanted);
      if (g_hash_table_contains (b->field_names, wanted))
        {
          g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                       _("The document already has a field named “%s”"), wanted);
          return NULL;
        }
      return g_strdup (wanted);
    }

  for (int i = 1;; i++)
    {
      char *name = g_strdup_printf ("Signature%d", i);

      if (!g_hash_table_contains (b->field_names, name))
        return name;
      g_free (name);
    }
}

static void
add_to_page (Builder             *b,
             const SdPdfPageInfo *page,
             int                  widget_num)
{
  GString *refs = g_hash_table_lookup (b->page_annots, GINT_TO_POINTER (page->obj_num));

  if (refs == NULL)
    {
      refs = g_string_new (NULL);
      g_hash_table_insert (b->page_annots, GINT_TO_POINTER (page->obj_num), refs);
      g_hash_table_insert (b->page_gens, GINT_TO_POINTER (page->obj_num),
                           GINT_TO_POINTER (page->obj_gen));
    }
  g_string_append_printf (refs, "%s%d 0 R", refs->len ? " " : "", widget_num);
}

static int
seal_image_object (Builder     *b,
                   SdSealImage *image)
{
  gpointer known;
  int image_num, mask_num;
  g_autofree char *dict = NULL;
  GBytes *data;

  if (g_hash_table_lookup_extended (b->seal_images, sd_seal_image_get_digest (image),
                                    NULL, &known))
    return GPOINTER_TO_INT (known);

  image_num = sd_pdf_update_add_object (b->update);
  mask_num = sd_pdf_update_add_object (b->update);

  data = sd_seal_image_get_alpha_flate (image);
  dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                          "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                          sd_seal_image_get_width (image), sd_seal_image_get_height (image));
  sd_pdf_update_set_stream (b->update, mask_num, dict,
                            g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_free (dict);

  data = sd_seal_image_get_rgb_flate (image);
  dict = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d "
                          "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
                          "/SMask %d 0 R " SEAL_DIGEST_KEY " (%s)",
                          sd_seal_image_get_width (image), sd_seal_image_get_height (image),
                          mask_num, sd_seal_image_get_digest (image));
  sd_pdf_update_set_stream (b->update, image_num, dict,
                            g_bytes_get_data (data, NULL), g_bytes_get_size (data));

  g_hash_table_insert (b->seal_images, g_strdup (sd_seal_image_get_digest (image)),
                       GINT_TO_POINTER (image_num));
  return image_num;
}

/* The appearance stream of one widget; an empty form for an invisible one. */
static int
appearance_object (Builder             *b,
                   const SdPdfPageInfo *page,
                   double               vis_width,
                   double               vis_height,
                   SdSealImage         *image)
{
  int ap_num = sd_pdf_update_add_object (b->update);
  GString *dict = g_string_new ("/Type /XObject /Subtype /Form /BBox [0 0 ");
  g_autofree char *content = NULL;

  sd_pdf_append_number (dict, vis_width);
  g_string_append_c (dict, ' ');
  sd_pdf_append_number (dict, vis_height);
  g_string_append (dict, "]");

  if (image != NULL)
    {
      int image_num = seal_image_object (b, image);

      g_string_append_printf (dict, " /Matrix %s /Resources << /XObject << /Seal %d 0 R >> >>",
                              sd_pdf_appearance_matrix (page->rotate), image_num);
      content = sd_pdf_seal_appearance_content (vis_width, vis_height,
                                                sd_seal_image_get_width (image),
                                                sd_seal_image_get_height (image),
                                                "Seal");
    }
  else
    content = g_strdup ("");

  sd_pdf_update_set_stream (b->update, ap_num, dict->str,
                            (const guint8 *) content, strlen (content));
  g_string_free (dict, TRUE);
  return ap_num;
}

/* The signature field merged with its widget, on the first placement (or
 * invisible on page 1). Further placements of the same signature become
 * locked Stamp annotations drawn with the same seal in the same revision, so
 * the signature covers them. (A field with one widget per placement is what
 * the PDF specification allows, but Poppler reports such a field as
 * unsigned, and the output must verify everywhere.) */
/* The empty signature field @b->fill, signed: its widget keeps its place
 * and gets our appearance (the first seal, drawn into its rectangle). */
static gboolean
fill_field (Builder     *b,
            SdSealImage *image,
            int          sig_num,
            GError     **error)
{
  const SdPdfSignatureField *f = b->fill;
  qpdf_oh field = qpdf_get_object_by_id (b->q, f->obj_num, f->obj_gen);
  SdPdfPageInfo page;
  g_autofree char *v = g_strdup_printf ("%d 0 R", sig_num);
  g_autofree char *ap = NULL;
  g_autofree char *p = NULL;
  g_autofree char *body = NULL;
  SdRect visible;
  int ap_num;
  gboolean ok = FALSE;

  if (!qpdf_oh_is_dictionary (b->q, field) || qpdf_oh_has_key (b->q, field, "/Kids")
      || !qpdf_oh_has_key (b->q, field, "/Rect") || f->page < 1)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_UNSUPPORTED,
                   _("The signature field “%s” is not one widget on a page: Sealdesk can only sign such empty fields"),
                   f->name);
      goto out;
    }
  if (!sd_pdf_document_get_page (b->doc, f->page, &page, error))
    goto out;
  sd_geometry_user_rect_to_visible (&page, f->rect, &visible);
  ap_num = appearance_object (b, &page, visible.width, visible.height, image);
  ap = g_strdup_printf ("<< /N %d 0 R >>", ap_num);
  p = g_strdup_printf ("%d %d R", page.obj_num, page.obj_gen);
  {
    const char *pairs[] = { "/V", v, "/AP", ap, "/F", "132", "/P", p,
                            b->opts->lock_document && b->opts->certify == SD_CERTIFY_NONE ? "/Lock" : NULL,
                            "<< /Type /SigFieldLock /Action /All /P 1 >>", NULL };

    body = dict_with_entries (b->q, field, pairs);
  }
  sd_pdf_update_set_object (b->update, f->obj_num, f->obj_gen, body);
  ok = TRUE;

out:
  qpdf_oh_release (b->q, field);
  return ok;
}

static gboolean
add_widgets (Builder     *b,
             GPtrArray   *images,
             int          sig_num,
             const char  *field_name,
             GError     **error)
{
  GPtrArray *placements = b->opts->placements;
  guint n = placements != NULL ? placements->len : 0;

  if (b->fill != NULL
      && !fill_field (b, images != NULL && images->len > 0 ? g_ptr_array_index (images, 0) : NULL,
                      sig_num, error))
    return FALSE;

  for (guint i = b->fill != NULL ? 1 : 0; i < MAX (n, 1); i++)
    {
      SdPdfPageInfo page;
      double rect[4] = { 0, 0, 0, 0 };
      double vis_w = 0, vis_h = 0;
      SdSealImage *image = NULL;
      int annot_num = sd_pdf_update_add_object (b->update);
      int ap_num;
      GString *annot;

      if (n > 0)
        {
          const SdSealPlacement *p = g_ptr_array_index (placements, i);

          if (!sd_pdf_document_get_page (b->doc, p->page, &page, error)
              || !sd_pdf_visible_rect_to_user (&page, p->x, p->y, p->width, p->height,
                                               rect, error))
            return FALSE;
          vis_w = p->width;
          vis_h = p->height;
          image = images != NULL && i < images->len ? g_ptr_array_index (images, i) : NULL;
        }
      else if (!sd_pdf_document_get_page (b->doc, 1, &page, error))
        return FALSE;

      ap_num = appearance_object (b, &page, vis_w, vis_h, image);
      annot = g_string_new (i == 0 ? "<< /Type /Annot /Subtype /Widget /Rect "
                                   : "<< /Type /Annot /Subtype /Stamp /Rect ");
      sd_pdf_append_rect (annot, rect);
      g_string_append_printf (annot, " /P %d %d R /F 132 /AP << /N %d 0 R >>",
                              page.obj_num, page.obj_gen, ap_num);
      if (i == 0)
        {
          g_string_append (annot, " /FT /Sig /T ");
          sd_pdf_append_text_string (annot, field_name);
          g_string_append_printf (annot, " /V %d 0 R", sig_num);
          if (b->opts->lock_document && b->opts->certify == SD_CERTIFY_NONE)
            g_string_append (annot, " /Lock << /Type /SigFieldLock /Action /All /P 1 >>");
          g_string_append_printf (b->field_refs, "%d 0 R", annot_num);
        }
      else
        {
          g_autofree char *what = g_strdup_printf (_("Seal of signature %s"), field_name);

          g_string_append (annot, " /Contents ");
          sd_pdf_append_text_string (annot, what);
        }
      g_string_append (annot, " >>");
      sd_pdf_update_set_object (b->update, annot_num, 0, annot->str);
      g_string_free (annot, TRUE);
      add_to_page (b, &page, annot_num);
    }
  return TRUE;
}

/* Pages, the catalog and its AcroForm are rewritten with
 * dict_with_entries(): each must be a dictionary, not a stream (a damaged
 * or hostile file can make one a stream). */
static gboolean
check_rewritten (Builder  *b,
                 GError  **error)
{
  GHashTableIter iter;
  gpointer key;
  qpdf_oh root = qpdf_get_root (b->q);
  qpdf_oh acro = qpdf_oh_get_key (b->q, root, "/AcroForm");
  gboolean ok = !qpdf_oh_is_stream (b->q, root) && !qpdf_oh_is_stream (b->q, acro)
                && !qpdf_oh_is_stream (b->q, qpdf_oh_get_key (b->q, root, "/Perms"));

  g_hash_table_iter_init (&iter, b->page_annots);
  while (ok && g_hash_table_iter_next (&iter, &key, NULL))
    {
      qpdf_oh page = qpdf_get_object_by_id (b->q, GPOINTER_TO_INT (key),
                                            GPOINTER_TO_INT (g_hash_table_lookup (b->page_gens, key)));

      ok = qpdf_oh_is_dictionary (b->q, page) && !qpdf_oh_is_stream (b->q, page);
    }
  if (!ok)
    g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                         _("The document is damaged: a page or its form is not a dictionary"));
  return ok;
}

static void
update_pages (Builder *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, b->page_annots);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int num = GPOINTER_TO_INT (key);
      int gen = GPOINTER_TO_INT (g_hash_table_lookup (b->page_gens, key));
      GString *refs = value;
      qpdf_oh page = qpdf_get_object_by_id (b->q, num, gen);
      qpdf_oh annots = qpdf_oh_get_key (b->q, page, "/Annots");

      if (qpdf_oh_is_indirect (b->q, annots) && qpdf_oh_is_array (b->q, annots))
        {
          /* Only the shared array changes; the page stays as it is. */
          g_autofree char *body = array_with_refs (b->q, annots, refs->str);

          sd_pdf_update_set_object (b->update, qpdf_oh_get_object_id (b->q, annots),
                                    qpdf_oh_get_generation (b->q, annots), body);
        }
      else
        {
          g_autofree char *value_text = qpdf_oh_is_array (b->q, annots)
                                          ? array_with_refs (b->q, annots, refs->str)
                                          : g_strdup_printf ("[ %s ]", refs->str);
          const char *pairs[] = { "/Annots", value_text, NULL };
          g_autofree char *body = dict_with_entries (b->q, page, pairs);

          sd_pdf_update_set_object (b->update, num, gen, body);
        }
    }
}

/* AcroForm with the new field in /Fields and /SigFlags 3; the catalog
 * rewritten when the AcroForm is direct, new, or /Perms is added. */
static void
update_acroform_and_catalog (Builder *b,
                             int      sig_num)
{
  qpdf_oh root = qpdf_get_root (b->q);
  qpdf_oh acro = qpdf_oh_get_key (b->q, root, "/AcroForm");
  g_autofree char *acro_value = NULL;
  g_autofree char *perms_value = NULL;
  gboolean rewrite_root = FALSE;

  if (qpdf_oh_is_dictionary (b->q, acro))
    {
      qpdf_oh fields = qpdf_oh_get_key (b->q, acro, "/Fields");
      g_autofree char *fields_value = NULL;
      g_autofree char *body = NULL;

      if (qpdf_oh_is_indirect (b->q, fields) && qpdf_oh_is_array (b->q, fields))
        {
          g_autofree char *array = array_with_refs (b->q, fields, b->field_refs->str);

          sd_pdf_update_set_object (b->update, qpdf_oh_get_object_id (b->q, fields),
                                    qpdf_oh_get_generation (b->q, fields), array);
          fields_value = g_strdup_printf ("%d %d R", qpdf_oh_get_object_id (b->q, fields),
                                          qpdf_oh_get_generation (b->q, fields));
        }
      else if (qpdf_oh_is_array (b->q, fields))
        fields_value = array_with_refs (b->q, fields, b->field_refs->str);
      else
        fields_value = g_strdup_printf ("[ %s ]", b->field_refs->str);

      {
        const char *pairs[] = { "/Fields", fields_value, "/SigFlags", "3", NULL };

        body = dict_with_entries (b->q, acro, pairs);
      }
      if (qpdf_oh_is_indirect (b->q, acro))
        sd_pdf_update_set_object (b->update, qpdf_oh_get_object_id (b->q, acro),
                                  qpdf_oh_get_generation (b->q, acro), body);
      else
        {
          acro_value = g_steal_pointer (&body);
          rewrite_root = TRUE;
        }
    }
  else
    {
      int acro_num = sd_pdf_update_add_object (b->update);
      g_autofree char *body = g_strdup_printf ("<< /Fields [ %s ] /SigFlags 3 >>",
                                               b->field_refs->str);

      sd_pdf_update_set_object (b->update, acro_num, 0, body);
      acro_value = g_strdup_printf ("%d 0 R", acro_num);
      rewrite_root = TRUE;
    }

  if (b->opts->certify != SD_CERTIFY_NONE)
    {
      qpdf_oh perms = qpdf_oh_get_key (b->q, root, "/Perms");

      if (qpdf_oh_is_dictionary (b->q, perms))
        {
          g_autofree char *ref = g_strdup_printf ("%d 0 R", sig_num);
          const char *pairs[] = { "/DocMDP", ref, NULL };

          perms_value = dict_with_entries (b->q, perms, pairs);
        }
      else
        perms_value = g_strdup_printf ("<< /DocMDP %d 0 R >>", sig_num);
      rewrite_root = TRUE;
    }

  if (rewrite_root)
    {
      const char *pairs[5] = { NULL };
      int k = 0;
      g_autofree char *body = NULL;

      if (acro_value != NULL)
        {
          pairs[k++] = "/AcroForm";
          pairs[k++] = acro_value;
        }
      if (perms_value != NULL)
        {
          pairs[k++] = "/Perms";
          pairs[k++] = perms_value;
        }
      body = dict_with_entries (b->q, root, pairs);
      sd_pdf_update_set_object (b->update, qpdf_oh_get_object_id (b->q, root),
                                qpdf_oh_get_generation (b->q, root), body);
    }
}

gboolean
sd_sign_fields_build (SdPdfDocument       *doc,
                      SdPdfUpdate         *update,
                      const SdSignOptions *opts,
                      GPtrArray           *images,
                      int                  sig_num,
                      char               **field_name,
                      GError             **error)
{
  Builder b = { 0 };
  g_autofree char *name = NULL;
  gboolean ok = FALSE;

  b.doc = doc;
  b.q = sd_pdf_document_get_qpdf (doc);
  b.update = update;
  b.opts = opts;
  b.field_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b.seal_images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b.page_annots = g_hash_table_new_full (NULL, NULL, NULL, free_refs);
  b.page_gens = g_hash_table_new (NULL, NULL);
  b.field_refs = g_string_new (NULL);

  sd_pdf_walk_fields (b.q, collect_field, &b);
  if (opts->field_name != NULL)
    {
      GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);

      for (guint i = 0; fields != NULL && i < fields->len; i++)
        {
          const SdPdfSignatureField *f = g_ptr_array_index (fields, i);

          if (g_strcmp0 (f->name, opts->field_name) == 0)
            {
              if (f->is_signed)
                {
                  g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                               _("The signature field “%s” is already signed"), f->name);
                  goto out;
                }
              b.fill = f;
            }
        }
    }

  name = choose_field_name (&b, error);
  if (name == NULL)
    goto out;
  if (!add_widgets (&b, images, sig_num, name, error))
    goto out;
  if (!check_rewritten (&b, error))
    goto out;
  update_pages (&b);
  update_acroform_and_catalog (&b, sig_num);

  *field_name = g_steal_pointer (&name);
  ok = TRUE;

out:
  g_hash_table_unref (b.field_names);
  g_hash_table_unref (b.seal_images);
  g_hash_table_unref (b.page_annots);
  g_hash_table_unref (b.page_gens);
  g_string_free (b.field_refs, TRUE);
  return ok;
}
