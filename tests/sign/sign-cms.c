/* sign-cms.c: the last signature's CMS (openssl) and the update (qpdf) */
#include "config.h"

#include <string.h>

#include "sd-test-util.h"
#include "sign-checks.h"

/* Offset of the last @needle in @data, or -1. */
static gssize
find_last (const char *data,
           gsize       len,
           const char *needle)
{
  gsize n = strlen (needle);

  if (len < n)
    return -1;
  for (gsize i = len - n + 1; i-- > 0;)
    if (memcmp (data + i, needle, n) == 0)
      return i;
  return -1;
}

static gboolean
parse_byte_range (const char *data,
                  gsize       len,
                  gsize       at,
                  gint64      range[4])
{
  const char *p = data + at + strlen ("/ByteRange");
  const char *end = data + len;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '[')
    return FALSE;
  p++;
  for (int i = 0; i < 4; i++)
    {
      char *next = NULL;

      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      range[i] = g_ascii_strtoll (p, &next, 10);
      p = next;
    }
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p < end && *p == ']';
}

/* Length of the DER element at the start of @der, or 0. */
static gsize
der_length (const guint8 *der,
            gsize         len)
{
  gsize body = 0, header;

  if (len < 2 || der[0] != 0x30)
    return 0;
  if (der[1] < 0x80)
    {
      header = 2;
      body = der[1];
    }
  else
    {
      guint n = der[1] & 0x7f;

      if (n == 0 || n > 4 || len < 2 + n)
        return 0;
      for (guint i = 0; i < n; i++)
        body = (body << 8) | der[2 + i];
      header = 2 + n;
    }
  return header + body <= len ? header + body : 0;
}

gboolean
sign_extract_last_signature (const char  *out,
                             const char  *workdir,
                             char       **der_path,
                             char       **content_path,
                             gint64       byte_range[4])
{
  g_autofree char *data = NULL;
  g_autofree guint8 *der = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) signed_bytes = g_byte_array_new ();
  gsize len, hex_len, der_len, used;
  gssize at, k;
  gint64 r[4];

  SIGN_CHECK (g_file_get_contents (out, &data, &len, &error),
              "cannot read %s: %s", out, error ? error->message : "");
  at = find_last (data, len, "/ByteRange");
  SIGN_CHECK (at >= 0, "no /ByteRange in %s", out);
  SIGN_CHECK (parse_byte_range (data, len, at, r),
              "cannot read the last /ByteRange of %s (at byte %" G_GSSIZE_FORMAT ")",
              out, at);
  g_test_message ("last /ByteRange [%" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                  " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "], file %" G_GSIZE_FORMAT
                  " bytes", r[0], r[1], r[2], r[3], len);
  SIGN_CHECK (r[0] == 0 && r[1] > 0 && r[2] > r[1] + 1 && r[3] > 0
              && (guint64) (r[2] + r[3]) == len,
              "/ByteRange of %s does not cover the whole file (%" G_GSIZE_FORMAT
              " bytes) but one gap", out, len);
  SIGN_CHECK (data[r[1]] == '<' && data[r[2] - 1] == '>',
              "the /ByteRange gap of %s is not a hex string", out);
  /* The gap is the value of /Contents and nothing else. */
  for (k = r[1] - 1; k > 0 && g_ascii_isspace (data[k]); k--)
    ;
  SIGN_CHECK (k >= 8 && memcmp (data + k - 8, "/Contents", 9) == 0,
              "the /ByteRange gap of %s is not the value of /Contents", out);

  hex_len = r[2] - r[1] - 2;
  SIGN_CHECK (hex_len % 2 == 0, "odd number of hex digits in /Contents of %s", out);
  der = g_malloc (hex_len / 2);
  for (gsize i = 0; i < hex_len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (data[r[1] + 1 + 2 * i]);
      int lo = g_ascii_xdigit_value (data[r[1] + 2 + 2 * i]);

      SIGN_CHECK (hi >= 0 && lo >= 0, "non-hex byte in /Contents of %s", out);
      der[i] = (hi << 4) | lo;
    }
  der_len = der_length (der, hex_len / 2);
  SIGN_CHECK (der_len > 0, "/Contents of %s does not start with a DER SEQUENCE", out);
  for (used = der_len; used < hex_len / 2; used++)
    SIGN_CHECK (der[used] == 0, "non-zero bytes after the CMS in /Contents of %s", out);

  if (byte_range != NULL)
    memcpy (byte_range, r, sizeof r);
  g_byte_array_append (signed_bytes, (const guint8 *) data, r[1]);
  g_byte_array_append (signed_bytes, (const guint8 *) data + r[2], r[3]);
  *der_path = g_build_filename (workdir, "sig.der", NULL);
  *content_path = g_build_filename (workdir, "signed-bytes", NULL);
  SIGN_CHECK (g_file_set_contents (*der_path, (const char *) der, der_len, &error)
              && g_file_set_contents (*content_path, (const char *) signed_bytes->data,
                                      signed_bytes->len, &error),
              "cannot write to %s: %s", workdir, error->message);
  return TRUE;
}

static guint
count_after (const char *text,
             const char *section,
             const char *needle)
{
  const char *p = strstr (text, section);
  guint n = 0;

  while (p != NULL && (p = strstr (p, needle)) != NULL)
    {
      n++;
      p += strlen (needle);
    }
  return n;
}

gboolean
sign_check_cms (const char *out,
                const char *workdir)
{
  g_autofree char *der = NULL;
  g_autofree char *content = NULL;
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autofree char *vout = NULL;
  g_autofree char *verr = NULL;
  g_autofree char *print = NULL;
  gboolean ok = TRUE;
  int status;

  if (!sign_extract_last_signature (out, workdir, &der, &content, NULL))
    return FALSE;

  status = sd_test_run ((const char *[]) { "openssl", "cms", "-verify", "-binary",
                                            "-inform", "DER", "-in", der,
                                            "-content", content, "-CAfile", ca,
                                            "-purpose", "any", "-out", "/dev/null",
                                            NULL }, NULL, &vout, &verr);
  if (status != 0)
    {
      sign_fail ("openssl cms -verify on the last signature of %s failed (%d):\n%s",
                 out, status, verr);
      ok = FALSE;
    }

  status = sd_test_run ((const char *[]) { "openssl", "cms", "-cmsout", "-print",
                                            "-inform", "DER", "-in", der, NULL },
                        NULL, &print, NULL);
  SIGN_CHECK (status == 0 && print != NULL, "openssl cms -print failed on %s", out);
  if (!strstr (print, "contentType: pkcs7-signedData (1.2.840.113549.1.7.2)"))
    {
      sign_fail ("the CMS of %s is not SignedData", out);
      ok = FALSE;
    }
  if (!strstr (print, "eContentType: pkcs7-data (1.2.840.113549.1.7.1)"))
    {
      sign_fail ("the CMS of %s does not sign id-data content", out);
      ok = FALSE;
    }
  if (!strstr (print, "eContent: <ABSENT>"))
    {
      sign_fail ("the CMS of %s is not detached (eContent present)", out);
      ok = FALSE;
    }
  if (!strstr (print, "(1.2.840.113549.1.9.16.2.47)"))
    {
      sign_fail ("the CMS of %s has no ESS signingCertificateV2 attribute", out);
      ok = FALSE;
    }
  if (strstr (print, "(1.2.840.113549.1.9.5)"))
    {
      sign_fail ("the CMS of %s has a signingTime attribute (PAdES forbids it)", out);
      ok = FALSE;
    }
  if (count_after (print, "signerInfos:", "signatureAlgorithm:") != 1)
    {
      sign_fail ("the CMS of %s does not have exactly one SignerInfo", out);
      ok = FALSE;
    }
  return ok;
}
