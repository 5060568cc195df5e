/* sign-common.c: what the signing tests sign with, and the full check */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "sd-test-util.h"
#include "sign-checks.h"

void
sign_fail (const char *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  /* The log keeps every failure; the TAP line keeps the last; a parent
   * test that expects this failure reads it on stderr. */
  g_test_message ("FAILED: %s", msg);
  if (g_test_subprocess ())
    g_printerr ("FAILED: %s\n", msg);
  g_test_fail_printf ("%s", msg);
}

char *
sign_make_seal_png (const char *dir)
{
  char *path = g_build_filename (dir, "seal.png", NULL);
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  const double w = SIGN_SEAL_WIDTH, h = SIGN_SEAL_HEIGHT;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        SIGN_SEAL_WIDTH, SIGN_SEAL_HEIGHT);
  cr = cairo_create (surface);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);

  /* Red: top half only, touching the top edge, left of the centre. */
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_rectangle (cr, 0.1 * w, 0, 0.4 * w, 0.4 * h);
  cairo_fill (cr);
  /* Blue: bottom half only, the whole width, touching the bottom edge. */
  cairo_set_source_rgb (cr, 0, 0, 1);
  cairo_rectangle (cr, 0, 0.6 * h, w, 0.4 * h);
  cairo_fill (cr);

  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    g_error ("cannot write %s: %s", path, cairo_status_to_string (status));
  return path;
}

SdKey *
sign_open_key (const char *p12_name)
{
  g_autofree char *path = sd_test_pki_file (p12_name);
  g_autoptr(GError) error = NULL;
  SdKey *key;

  key = sd_key_p12_open (path, SD_TEST_PKI_PASSWORD, &error);
  if (key == NULL)
    sign_fail ("sd_key_p12_open (%s) failed: %s", p12_name, error->message);
  return key;
}

gboolean
sign_document (const char          *in,
               const char          *out,
               SdKey               *key,
               const SdSignOptions *opts)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = sd_sign_document (in, out, key, opts, NULL, NULL, NULL, &error);
  SIGN_CHECK (ok, "signing %s failed: %s", in,
              error != NULL ? error->message : "(FALSE without an error)");
  SIGN_CHECK (error == NULL, "sd_sign_document returned TRUE with an error set");
  SIGN_CHECK (g_file_test (out, G_FILE_TEST_IS_REGULAR),
              "signing reported success but %s does not exist", out);
  return TRUE;
}

gboolean
sign_check_no_temp_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  gboolean ok = TRUE;

  SIGN_CHECK (d != NULL, "cannot list %s", dir);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (strstr (name, ".tmp-") != NULL || g_str_has_suffix (name, ".tmp"))
        {
          sign_fail ("temporary file %s left in %s", name, dir);
          ok = FALSE;
        }
    }
  return ok;
}

gboolean
sign_text_has_any (const char         *haystack,
                   const char * const *needles)
{
  g_autofree char *lower = NULL;

  if (haystack == NULL)
    return FALSE;
  lower = g_utf8_strdown (haystack, -1);
  for (guint i = 0; needles[i] != NULL; i++)
    {
      g_autofree char *needle = g_utf8_strdown (needles[i], -1);

      if (strstr (lower, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

void
sign_options_add_rects (SdSignOptions  *opts,
                        const SignRect *rects,
                        guint           n_rects,
                        const char     *png)
{
  for (guint i = 0; i < n_rects; i++)
    sd_sign_options_add_seal (opts, rects[i].page, rects[i].x, rects[i].y,
                              rects[i].w, rects[i].h, png);
}

/* With $SIGN_TEST_KEEP set to a folder, a failing output is copied there
 * (the test's own folder is removed at the end of the test). */
void
sign_keep_for_inspection (const char *out)
{
  const char *keep = g_getenv ("SIGN_TEST_KEEP");
  g_autofree char *test = g_strdelimit (g_strdup (g_test_get_path ()), "/", '_');
  g_autofree char *base = g_path_get_basename (out);
  g_autofree char *name = g_strdup_printf ("%s-%s", test, base);
  g_autofree char *copy = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (keep == NULL || !g_file_get_contents (out, &data, &len, NULL))
    return;
  copy = g_build_filename (keep, name, NULL);
  if (g_file_set_contents (copy, data, len, NULL))
    g_test_message ("kept the failing output as %s", copy);
}

gboolean
sign_check_signed_file (const char     *in,
                        const char     *out,
                        guint           n_signatures,
                        const SignRect *rects,
                        guint           n_rects,
                        const char     *workdir)
{
  g_autofree char *out_dir = g_path_get_dirname (out);
  gboolean ok = TRUE;

  /* Every check runs, so that one test reports every problem. */
  if (!sd_test_file_is_prefix (in, out))
    {
      sign_fail ("the original %s is not a byte prefix of %s", in, out);
      ok = FALSE;
    }
  ok &= sign_check_qpdf (in, out);
  ok &= sign_check_update (in, out);
  if (n_signatures != SIGN_PDFSIG_BY_CALLER)
    ok &= sign_check_pdfsig (out, n_signatures);
  ok &= sign_check_cms (out, workdir);
  if (n_rects > 0)
    ok &= sign_check_seals_visible (in, out, rects, n_rects,
                                    SIGN_RENDER_MUTOOL, workdir);
  ok &= sign_check_no_temp_files (out_dir);
  if (!ok)
    sign_keep_for_inspection (out);
  return ok;
}

/* One refusal: @out is absent before, or holds @previous. */
static GError *
refuse_once (const char          *in,
             const char          *out,
             SdKey               *key,
             const SdSignOptions *opts,
             GCancellable        *cancellable,
             const char * const  *needles,
             const char          *previous)
{
  g_autofree char *out_dir = g_path_get_dirname (out);
  g_autofree char *now = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  gboolean ok;

  ok = sd_sign_document (in, out, key, opts, NULL, NULL, cancellable, &error);
  if (ok)
    {
      sign_fail ("signing %s succeeded, expected a refusal", in);
      return NULL;
    }
  if (error == NULL || error->message == NULL || error->message[0] == '\0')
    {
      sign_fail ("signing %s failed without an error message", in);
      return NULL;
    }
  g_test_message ("refused as expected: %s", error->message);
  if (needles != NULL && !sign_text_has_any (error->message, needles))
    {
      g_autofree char *list = g_strjoinv ("\", \"", (char **) needles);

      sign_fail ("the error \"%s\" does not name the problem (expected one of \"%s\")",
                 error->message, list);
    }
  if (previous == NULL)
    {
      if (g_file_test (out, G_FILE_TEST_EXISTS))
        sign_fail ("a refused signing left a file at %s", out);
    }
  else if (!g_file_get_contents (out, &now, &len, NULL)
           || len != strlen (previous) || memcmp (now, previous, len) != 0)
    sign_fail ("a refused signing changed the file already at %s", out);
  sign_check_no_temp_files (out_dir);
  return g_steal_pointer (&error);
}

GError *
sign_expect_refusal (const char          *in,
                     SdKey               *key,
                     const SdSignOptions *opts,
                     GCancellable        *cancellable,
                     const char * const  *needles,
                     const char          *workdir)
{
  static const char previous[] = "an earlier file that must survive a refused signing\n";
  g_autofree char *out = g_build_filename (workdir, "refused.pdf", NULL);
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;

  g_unlink (out);
  first = refuse_once (in, out, key, opts, cancellable, needles, NULL);
  if (first == NULL)
    return NULL;
  if (!g_file_set_contents (out, previous, -1, NULL))
    g_error ("cannot write %s", out);
  second = refuse_once (in, out, key, opts, cancellable, needles, previous);
  g_unlink (out);
  return g_steal_pointer (&first);
}
