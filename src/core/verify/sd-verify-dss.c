/* sd-verify-dss.c: the Document Security Store (PAdES LT) and PDF dates */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "sd-verify-private.h"

static void
release (qpdf_data q,
         qpdf_oh   h)
{
  if (h != 0)
    qpdf_oh_release (q, h);
}

static int
count_items (qpdf_data   q,
             qpdf_oh     dss,
             const char *key)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, dss, key);
  int n = 0;

  if (v != 0 && qpdf_oh_is_array (q, v))
    n = qpdf_oh_get_array_n_items (q, v);
  release (q, v);
  return n;
}

/* Inflates @raw into at most @cap bytes; NULL when it is not valid zlib
 * data, *@over when it would be longer (a flate bomb stops here). */
static GBytes *
inflate_capped (const guint8 *raw,
                gsize         raw_len,
                gsize         cap,
                gboolean     *over)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  z_stream z = { 0 };
  guint8 buf[16384];
  int ret = Z_OK;

  if (inflateInit (&z) != Z_OK)
    return NULL;
  z.next_in = (Bytef *) raw;
  z.avail_in = raw_len;
  while (ret != Z_STREAM_END)
    {
      z.next_out = buf;
      z.avail_out = sizeof buf;
      ret = inflate (&z, Z_NO_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
        break;
      if (out->len + (sizeof buf - z.avail_out) > cap)
        {
          *over = TRUE;
          break;
        }
      g_byte_array_append (out, buf, sizeof buf - z.avail_out);
      if (ret == Z_BUF_ERROR || (z.avail_in == 0 && z.avail_out != 0 && ret != Z_STREAM_END))
        break;                              /* truncated: keep what there is */
    }
  inflateEnd (&z);
  if (*over || out->len == 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The data of a DSS stream, decoded under the caps: raw, or /FlateDecode
 * inflated by us (qpdf would decode the whole stream into memory first).
 * Other filters are not used for validation data; such an entry is
 * skipped. */
static GBytes *
stream_bytes (qpdf_data  q,
              qpdf_oh    stream,
              gsize     *budget,
              SdVfyDss  *dss)
{
  unsigned char *data = NULL;
  size_t len = 0;
  GBytes *bytes = NULL;
  qpdf_oh filter;
  g_autofree char *name = NULL;
  gboolean ok = TRUE;

  if (!qpdf_oh_is_stream (q, stream))
    return NULL;
  filter = sd_vfy_qpdf_get (q, stream, "/Filter");
  if (filter != 0 && qpdf_oh_is_array (q, filter) && qpdf_oh_get_array_n_items (q, filter) == 1)
    {
      qpdf_oh only = qpdf_oh_get_array_item (q, filter, 0);

      name = sd_vfy_qpdf_name (q, only);
      release (q, only);
    }
  else if (filter != 0 && !qpdf_oh_is_null (q, filter))
    {
      name = sd_vfy_qpdf_name (q, filter);
      ok = name != NULL;
    }
  release (q, filter);
  if (ok && name != NULL && strcmp (name, "FlateDecode") != 0 && strcmp (name, "Fl") != 0)
    ok = FALSE;
  if (ok && (qpdf_oh_get_stream_data (q, stream, qpdf_dl_none, NULL, &data, &len) & QPDF_ERRORS) == 0
      && data != NULL)
    {
      gboolean over = FALSE;
      gsize cap = MIN (SD_VFY_MAX_STREAM_BYTES, *budget);

      if (name == NULL)
        {
          if (len > cap)
            over = TRUE;
          else
            bytes = g_bytes_new (data, len);
        }
      else
        bytes = inflate_capped (data, len, cap, &over);
      if (over)
        dss->over_cap = cap == *budget && *budget < SD_VFY_MAX_STREAM_BYTES
                        ? "decompressed-bytes-per-file" : "decompressed-bytes-per-stream";
      if (bytes != NULL)
        *budget -= g_bytes_get_size (bytes);
    }
  free (data);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return bytes;
}

SdVfyDss *
sd_verify_read_dss (qpdf_data q)
{
  SdVfyDss *dss = g_new0 (SdVfyDss, 1);
  qpdf_oh trailer = qpdf_get_trailer (q);
  qpdf_oh root = sd_vfy_qpdf_get (q, trailer, "/Root");
  qpdf_oh d = sd_vfy_qpdf_get (q, root, "/DSS");
  qpdf_oh vri;

  dss->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  dss->vri_keys = g_ptr_array_new_with_free_func (g_free);
  dss->ocsps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  dss->crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (d == 0 || !qpdf_oh_is_dictionary (q, d))
    goto out;
  dss->present = TRUE;
  dss->n_ocsps = count_items (q, d, "/OCSPs");
  dss->n_crls = count_items (q, d, "/CRLs");
  if (dss->n_ocsps > SD_VFY_MAX_DSS_ENTRIES || dss->n_crls > SD_VFY_MAX_DSS_ENTRIES)
    dss->over_cap = "dss-entries";

  {
    static const char *const keys[] = { "/Certs", "/OCSPs", "/CRLs" };
    GPtrArray *lists[] = { dss->certs, dss->ocsps, dss->crls };
    gsize budget = SD_VFY_MAX_DECODED_BYTES;

    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        qpdf_oh items = sd_vfy_qpdf_get (q, d, keys[k]);

        if (items != 0 && qpdf_oh_is_array (q, items))
          {
            int n = qpdf_oh_get_array_n_items (q, items);

            if (n > SD_VFY_MAX_DSS_ENTRIES)
              dss->over_cap = "dss-entries";
            for (int i = 0; i < n && i < SD_VFY_MAX_DSS_ENTRIES && dss->over_cap == NULL; i++)
              {
                qpdf_oh c = qpdf_oh_get_array_item (q, items, i);
                GBytes *der = stream_bytes (q, c, &budget, dss);

                if (der != NULL)
                  g_ptr_array_add (lists[k], der);
                release (q, c);
              }
          }
        release (q, items);
      }
  }

  vri = sd_vfy_qpdf_get (q, d, "/VRI");
  {
    g_autoptr(GPtrArray) keys = sd_vfy_qpdf_keys (q, vri);

    if (keys->len > SD_VFY_MAX_DSS_ENTRIES)
      dss->over_cap = "dss-entries";
    for (guint i = 0; i < keys->len && i < SD_VFY_MAX_DSS_ENTRIES; i++)
      {
        const char *k = g_ptr_array_index (keys, i);

        g_ptr_array_add (dss->vri_keys, g_ascii_strup (k[0] == '/' ? k + 1 : k, -1));
      }
  }
  release (q, vri);

out:
  release (q, d);
  release (q, root);
  release (q, trailer);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return dss;
}

void
sd_vfy_dss_free (SdVfyDss *dss)
{
  if (dss == NULL)
    return;
  g_ptr_array_unref (dss->certs);
  g_ptr_array_unref (dss->vri_keys);
  g_ptr_array_unref (dss->ocsps);
  g_ptr_array_unref (dss->crls);
  g_free (dss);
}

static gboolean
read_digits (const char **p,
             int          n,
             int         *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

/* "D:YYYYMMDDHHmmSSOHH'mm'", every part after the year optional. */
GDateTime *
sd_verify_parse_pdf_date (const char *text)
{
  int f[6] = { 0, 1, 1, 0, 0, 0 };
  static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
  const char *p = text;
  g_autoptr(GTimeZone) tz = NULL;
  int sign = 0, tzh = 0, tzm = 0;

  if (p == NULL)
    return NULL;
  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "D:"))
    p += 2;
  for (int i = 0; i < 6; i++)
    if (!read_digits (&p, widths[i], &f[i]))
      {
        if (i == 0)
          return NULL;
        break;
      }
  if (*p == '+' || *p == '-')
    {
      sign = *p == '+' ? 1 : -1;
      p++;
      if (!read_digits (&p, 2, &tzh))
        tzh = 0;
      if (*p == '\'')
        p++;
      if (!read_digits (&p, 2, &tzm))
        tzm = 0;
    }
  if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59
      || f[5] > 60 || tzh > 23 || tzm > 59)
    return NULL;
  tz = g_time_zone_new_offset (sign * (tzh * 3600 + tzm * 60));
  return g_date_time_new (tz, f[0], f[1], f[2], f[3], f[4], MIN (f[5], 59));
}
