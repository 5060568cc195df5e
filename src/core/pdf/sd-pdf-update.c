/* sd-pdf-update.c: an incremental update appended to a PDF */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/rand.h>

#include "sd-pdf-document-private.h"
#include "sd-pdf-syntax.h"
#include "sd-pdf-update.h"

/* New objects are numbered from the trailer's /Size, so a file declaring
 * more than SD_PDF_MAX_OBJECTS cannot be updated without numbers readers
 * reject (and far below G_MAXINT, so numbering never overflows). */
#define MAX_OBJECTS SD_PDF_MAX_OBJECTS

typedef struct
{
  int     num;
  int     gen;
  GBytes *body;        /* a stream's: its dictionary's entries, without /Length */
  GBytes *stream;      /* a stream's data (as filtered), or NULL */
  gssize  offset;      /* within the section, after serialising */
} UpdateObject;

struct _SdPdfUpdate
{
  SdPdfDocument *doc;
  qpdf_data      qpdf;
  int            next_num;
  GArray        *objects;   /* UpdateObject, sorted by num when serialising */
};

static void
update_object_clear (gpointer data)
{
  UpdateObject *obj = data;

  g_clear_pointer (&obj->body, g_bytes_unref);
  g_clear_pointer (&obj->stream, g_bytes_unref);
}

SdPdfUpdate *
sd_pdf_update_new (SdPdfDocument  *doc,
                   GError        **error)
{
  SdPdfUpdate *self;
  int size = sd_pdf_document_get_trailer_size (doc);

  if (size <= 0)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                   _("%s has no valid trailer /Size"),
                   sd_pdf_document_get_path (doc));
      return NULL;
    }
  if (size > MAX_OBJECTS)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                   /* TRANSLATORS: %s is a file name, then its declared number of objects, then the limit */
                   _("%s declares %d objects (its trailer /Size), more than the %d a PDF file may have: "
                     "the objects added to it could not be numbered so that PDF readers accept them"),
                   sd_pdf_document_get_path (doc), size, MAX_OBJECTS);
      return NULL;
    }

  self = g_new0 (SdPdfUpdate, 1);
  self->doc = g_object_ref (doc);
  self->qpdf = sd_pdf_document_get_qpdf (doc);
  self->next_num = size;
  self->objects = g_array_new (FALSE, TRUE, sizeof (UpdateObject));
  g_array_set_clear_func (self->objects, update_object_clear);
  return self;
}

void
sd_pdf_update_free (SdPdfUpdate *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->objects);
  g_object_unref (self->doc);
  g_free (self);
}

int
sd_pdf_update_add_object (SdPdfUpdate *self)
{
  return self->next_num++;
}

static UpdateObject *
find_object (SdPdfUpdate *self,
             int          num)
{
  for (guint i = 0; i < self->objects->len; i++)
    {
      UpdateObject *obj = &g_array_index (self->objects, UpdateObject, i);

      if (obj->num == num)
        return obj;
    }
  return NULL;
}

static void
set_body (SdPdfUpdate *self,
          int          num,
          int          gen,
          GBytes      *body,
          GBytes      *stream)
{
  UpdateObject *obj = find_object (self, num);

  if (obj == NULL)
    {
      UpdateObject fresh = { num, gen, NULL, NULL, -1 };

      g_array_append_val (self->objects, fresh);
      obj = &g_array_index (self->objects, UpdateObject, self->objects->len - 1);
    }
  g_clear_pointer (&obj->body, g_bytes_unref);
  g_clear_pointer (&obj->stream, g_bytes_unref);
  obj->gen = gen;
  obj->body = body;
  obj->stream = stream;
}

void
sd_pdf_update_set_object (SdPdfUpdate *self,
                          int          num,
                          int          gen,
                          const char  *body)
{
  set_body (self, num, gen, g_bytes_new (body, strlen (body)), NULL);
}

void
sd_pdf_update_set_stream (SdPdfUpdate  *self,
                          int           num,
                          const char   *dict,
                          const guint8 *data,
                          gsize         len)
{
  set_body (self, num, 0, g_bytes_new (dict, strlen (dict)), g_bytes_new (data, len));
}

char *
sd_pdf_update_dup_object_body (SdPdfUpdate *self,
                               int          num,
                               int          gen)
{
  qpdf_oh oh = qpdf_get_object_by_id (self->qpdf, num, gen);
  const char *text = qpdf_oh_unparse_resolved (self->qpdf, oh);
  char *body = g_strdup (text);

  qpdf_oh_release (self->qpdf, oh);
  return body;
}

static int
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  return ((const UpdateObject *) a)->num - ((const UpdateObject *) b)->num;
}

/* Trailer entries copied from the original: /Root, /Info, and /ID with its
 * first element kept and the second one new. */
static void
append_trailer_entries (SdPdfUpdate *self,
                        GString     *out)
{
  qpdf_oh trailer = qpdf_get_trailer (self->qpdf);
  qpdf_oh root = qpdf_oh_get_key (self->qpdf, trailer, "/Root");
  qpdf_oh info = qpdf_oh_get_key (self->qpdf, trailer, "/Info");
  qpdf_oh id = qpdf_oh_get_key (self->qpdf, trailer, "/ID");
  qpdf_oh encrypt = qpdf_oh_get_key (self->qpdf, trailer, "/Encrypt");
  guint8 fresh[16];

  RAND_bytes (fresh, sizeof fresh);

  g_string_append_printf (out, " /Root %d %d R",
                          qpdf_oh_get_object_id (self->qpdf, root),
                          qpdf_oh_get_generation (self->qpdf, root));
  if (qpdf_oh_is_indirect (self->qpdf, info))
    g_string_append_printf (out, " /Info %d %d R",
                            qpdf_oh_get_object_id (self->qpdf, info),
                            qpdf_oh_get_generation (self->qpdf, info));

  /* Readers take the security handler from the last trailer. */
  if (qpdf_oh_is_indirect (self->qpdf, encrypt))
    g_string_append_printf (out, " /Encrypt %d %d R",
                            qpdf_oh_get_object_id (self->qpdf, encrypt),
                            qpdf_oh_get_generation (self->qpdf, encrypt));
  else if (qpdf_oh_is_dictionary (self->qpdf, encrypt))
    g_string_append_printf (out, " /Encrypt %s", qpdf_oh_unparse (self->qpdf, encrypt));
  g_string_append (out, " /ID [");
  if (qpdf_oh_is_array (self->qpdf, id) && qpdf_oh_get_array_n_items (self->qpdf, id) >= 1)
    {
      qpdf_oh first = qpdf_oh_get_array_item (self->qpdf, id, 0);
      size_t len = 0;
      const char *bytes = qpdf_oh_get_binary_string_value (self->qpdf, first, &len);

      sd_pdf_append_hex_string (out, (const guint8 *) bytes, len);
      qpdf_oh_release (self->qpdf, first);
    }
  else
    sd_pdf_append_hex_string (out, fresh, sizeof fresh);
  g_string_append_c (out, ' ');
  sd_pdf_append_hex_string (out, fresh, sizeof fresh);
  g_string_append (out, "]");

  qpdf_oh_release (self->qpdf, root);
  qpdf_oh_release (self->qpdf, info);
  qpdf_oh_release (self->qpdf, id);
  qpdf_oh_release (self->qpdf, encrypt);
  qpdf_oh_release (self->qpdf, trailer);
}

/* Runs of consecutive object numbers: "first count" pairs. */
static GArray *
object_runs (GArray *objects)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < objects->len;)
    {
      guint j = i + 1;
      int first = g_array_index (objects, UpdateObject, i).num;
      int count;

      while (j < objects->len
             && g_array_index (objects, UpdateObject, j).num
                == g_array_index (objects, UpdateObject, j - 1).num + 1)
        j++;
      count = j - i;
      g_array_append_val (runs, first);
      g_array_append_val (runs, count);
      i = j;
    }
  return runs;
}

static void
write_xref_table (SdPdfUpdate *self,
                  GString     *out,
                  goffset      base,
                  goffset      prev)
{
  g_autoptr(GArray) runs = object_runs (self->objects);
  guint k = 0;

  g_string_append (out, "xref\n");
  for (guint r = 0; r < runs->len; r += 2)
    {
      int first = g_array_index (runs, int, r);
      int count = g_array_index (runs, int, r + 1);

      g_string_append_printf (out, "%d %d\n", first, count);
      for (int c = 0; c < count; c++, k++)
        {
          UpdateObject *obj = &g_array_index (self->objects, UpdateObject, k);

          g_string_append_printf (out, "%010" G_GINT64_FORMAT " %05d n\r\n",
                                  (gint64) (base + obj->offset), obj->gen);
        }
    }
  g_string_append_printf (out, "trailer\n<< /Size %d", self->next_num);
  append_trailer_entries (self, out);
  g_string_append_printf (out, " /Prev %" G_GINT64_FORMAT " >>\n", (gint64) prev);
}

static void
put_be (GString *out,
        guint64  value,
        int      width)
{
  for (int i = width - 1; i >= 0; i--)
    g_string_append_c (out, (char) ((value >> (8 * i)) & 0xff));
}

/* A cross-reference stream, itself the last object of the section. */
static void
write_xref_stream (SdPdfUpdate *self,
                   GString     *out,
                   goffset      base,
                   goffset      prev)
{
  int xref_num = sd_pdf_update_add_object (self);
  goffset xref_offset = base + out->len;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GString) data = g_string_new (NULL);
  int width = 1;
  UpdateObject self_entry = { xref_num, 0, NULL, NULL, (gssize) out->len };

  g_array_append_val (self->objects, self_entry);
  runs = object_runs (self->objects);

  while (width < 8 && (guint64) xref_offset >= ((guint64) 1 << (8 * width)))
    width++;

  for (guint k = 0; k < self->objects->len; k++)
    {
      UpdateObject *obj = &g_array_index (self->objects, UpdateObject, k);

      put_be (data, 1, 1);
      put_be (data, (guint64) (base + obj->offset), width);
      put_be (data, obj->gen, 2);
    }

  g_string_append_printf (out, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 %d 2] /Index [",
                          xref_num, self->next_num, width);
  for (guint r = 0; r < runs->len; r += 2)
    g_string_append_printf (out, "%s%d %d", r ? " " : "",
                            g_array_index (runs, int, r),
                            g_array_index (runs, int, r + 1));
  g_string_append (out, "]");
  append_trailer_entries (self, out);
  g_string_append_printf (out, " /Prev %" G_GINT64_FORMAT " /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          (gint64) prev, data->len);
  g_string_append_len (out, data->str, data->len);
  g_string_append (out, "\nendstream\nendobj\n");
}

/* The body of @obj, its strings and stream data encrypted with @crypt
 * (when not NULL). */
static gboolean
append_object (UpdateObject  *obj,
               SdPdfCrypt    *crypt,
               GString       *out,
               GError       **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GByteArray) sealed = NULL;
  const guint8 *data = NULL;
  gsize len = 0;

  if (obj->stream != NULL)
    {
      data = g_bytes_get_data (obj->stream, &len);
      if (crypt != NULL)
        {
          sealed = g_byte_array_sized_new (len + 48);
          if (!sd_pdf_crypt_encrypt (crypt, TRUE, obj->num, obj->gen, data, len, sealed, error))
            return FALSE;
          data = sealed->data;
          len = sealed->len;
        }
      {
        GString *dict = g_string_new ("<< ");

        g_string_append_len (dict, g_bytes_get_data (obj->body, NULL), g_bytes_get_size (obj->body));
        g_string_append_printf (dict, " /Length %" G_GSIZE_FORMAT " >>", len);
        text = g_string_free_to_bytes (dict);
      }
    }
  else
    text = g_bytes_ref (obj->body);

  if (crypt != NULL)
    {
      gsize text_len;
      const guint8 *plain = g_bytes_get_data (text, &text_len);
      GBytes *encrypted = sd_pdf_crypt_encrypt_body (crypt, obj->num, obj->gen, plain, text_len, error);

      if (encrypted == NULL)
        return FALSE;
      g_bytes_unref (text);
      text = encrypted;
    }
  g_string_append_len (out, g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  if (obj->stream != NULL)
    {
      g_string_append (out, "\nstream\n");
      g_string_append_len (out, (const char *) data, len);
      g_string_append (out, "\nendstream");
    }
  return TRUE;
}

GBytes *
sd_pdf_update_serialize (SdPdfUpdate  *self,
                         goffset       base,
                         gboolean      needs_leading_eol,
                         GError      **error)
{
  GString *out;
  goffset xref_pos;
  goffset prev = sd_pdf_document_get_startxref (self->doc);
  SdPdfCrypt *crypt = NULL;

  /* An encrypted document: the new strings and streams are encrypted with
   * its key, or nothing is written. */
  if (!sd_pdf_document_get_crypt (self->doc, &crypt, error))
    return NULL;
  out = g_string_sized_new (4096);

  /* Offsets in a PDF count from its "%PDF-" header, which bytes may
   * precede. */
  base -= sd_pdf_document_get_header_offset (self->doc);

  if (self->objects->len == 0)
    {
      g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
                           "an incremental update needs at least one object");
      g_string_free (out, TRUE);
      return NULL;
    }
  /* The new objects are numbered from /Size on: the file would then
   * declare next_num objects. */
  if (self->next_num > MAX_OBJECTS)
    {
      int size = sd_pdf_document_get_trailer_size (self->doc);

      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_UNSUPPORTED,
                   /* TRANSLATORS: %s is a file name; then its declared number of objects, the
                    * number of objects the change adds, the total, and the limit */
                   _("%s declares %d objects (its trailer /Size) and this change adds %d: "
                     "%d would be more than the %d a PDF file may have, which PDF readers reject; "
                     "nothing is written"),
                   sd_pdf_document_get_path (self->doc), size, self->next_num - size,
                   self->next_num, MAX_OBJECTS);
      g_string_free (out, TRUE);
      return NULL;
    }

  g_array_sort (self->objects, compare_objects);

  if (needs_leading_eol)
    g_string_append_c (out, '\n');

  for (guint i = 0; i < self->objects->len; i++)
    {
      UpdateObject *obj = &g_array_index (self->objects, UpdateObject, i);

      obj->offset = out->len;
      g_string_append_printf (out, "%d %d obj\n", obj->num, obj->gen);
      if (!append_object (obj, crypt, out, error))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append (out, "\nendobj\n");
    }

  xref_pos = base + out->len;
  if (sd_pdf_document_get_xref_style (self->doc) == SD_PDF_XREF_STREAM)
    write_xref_stream (self, out, base, prev);
  else
    write_xref_table (self, out, base, prev);

  g_string_append_printf (out, "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n",
                          (gint64) xref_pos);
  return g_string_free_to_bytes (out);
}

gssize
sd_pdf_update_get_object_offset (SdPdfUpdate *self,
                                 int          num)
{
  UpdateObject *obj = find_object (self, num);

  return obj != NULL ? obj->offset : -1;
}
