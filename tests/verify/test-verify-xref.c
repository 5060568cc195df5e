/* test-verify-xref.c: incremental updates with hostile cross-reference sections
 *
 * A signed file gets one more revision, written here in each form a
 * cross-reference section can take (a table, a stream, a table with an
 * /XRefStm), whose section names an object number that is negative, not
 * below the trailer's /Size or beyond PDF's limit of 8,388,607, or whose
 * /Prev loops or points outside the file, or whose /XRefStm names no
 * stream. Readers disagree on such sections (one shows an object another
 * ignores), so each must make the signature invalid with a reason that
 * says what is wrong. The same update with sound numbers stays valid.
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-document-private.h"
#include "sd-test-util.h"
#include "test-verify.h"

typedef enum { FORM_TABLE, FORM_STREAM, FORM_HYBRID } Form;

typedef enum {
  FAULT_NONE,
  FAULT_NEGATIVE,
  FAULT_BEYOND_SIZE,
  FAULT_BEYOND_LIMIT,
  FAULT_PREV_LOOP,
  FAULT_PREV_OUTSIDE,
  FAULT_XREFSTM_OUTSIDE,
} Fault;

typedef struct {
  Form        form;
  Fault       fault;
  const char *reason;     /* what a change's detail must say, NULL: valid */
} Case;

/* One entry of an xref stream with /W [1 4 2]. */
static void
append_stream_entry (GString *out,
                     gint64   offset)
{
  guint8 entry[7] = { 1, (guint8) (offset >> 24), (guint8) (offset >> 16), (guint8) (offset >> 8),
                      (guint8) offset, 0, 0 };

  g_string_append_len (out, (const char *) entry, sizeof entry);
}

/* An xref stream object @number at the end of @out naming @named at
 * @named_offset, with @dict_extra in its dictionary. */
static void
append_xref_stream (GString    *out,
                    int         number,
                    gint64      named,
                    gint64      named_offset,
                    const char *dict_extra)
{
  g_autoptr (GString) data = g_string_new (NULL);

  append_stream_entry (data, named_offset);
  g_string_append_printf (out, "%d 0 obj\n<< /Type /XRef /W [1 4 2] /Index [%" G_GINT64_FORMAT " 1] %s"
                          " /Length %u >>\nstream\n",
                          number, named, dict_extra, (guint) data->len);
  g_string_append_len (out, data->str, (gssize) data->len);
  g_string_append (out, "\nendstream\nendobj\n");
}

/* Appends to @path one revision in @form that adds an object nothing
 * refers to, with @fault in its cross-reference section. */
static void
append_update (const char *path,
               Form        form,
               Fault       fault)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
  g_autoptr (GBytes) old = NULL;
  g_autoptr (GString) out = NULL;
  g_autofree char *trailer_extra = NULL;
  qpdf_data q;
  qpdf_oh trailer, root;
  int size, root_num, root_gen;
  gint64 named, declared, prev, hidden, xref;

  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (doc);
  trailer = qpdf_get_trailer (q);
  root = qpdf_oh_get_key (q, trailer, "/Root");
  root_num = qpdf_oh_get_object_id (q, root);
  root_gen = qpdf_oh_get_generation (q, root);
  size = sd_pdf_document_get_trailer_size (doc);
  prev = sd_pdf_document_get_startxref (doc);
  old = tv_read (path);
  out = g_string_new_len (g_bytes_get_data (old, NULL), (gssize) g_bytes_get_size (old));
  if (out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  g_clear_object (&doc);

  /* Object @size, the xref stream (when there is one) @size + 1. */
  named = size;
  declared = size + 2;
  switch (fault)
    {
    case FAULT_NEGATIVE:
      named = -3;
      break;
    case FAULT_BEYOND_SIZE:
      named = size + 5;
      break;
    case FAULT_BEYOND_LIMIT:
      named = 9000000;
      declared = named + 1;
      break;
    case FAULT_PREV_OUTSIDE:
      prev = (gint64) out->len + 100000;
      break;
    default:
      break;
    }
  hidden = (gint64) out->len;
  g_string_append_printf (out, "%d 0 obj\n<< /Hidden true >>\nendobj\n", size);

  if (form == FORM_STREAM)
    {
      xref = (gint64) out->len;
      if (fault == FAULT_PREV_LOOP)
        prev = xref;
      trailer_extra = g_strdup_printf ("/Size %" G_GINT64_FORMAT " /Root %d %d R /Prev %" G_GINT64_FORMAT,
                                       declared, root_num, root_gen, prev);
      append_xref_stream (out, size + 1, named, hidden, trailer_extra);
    }
  else
    {
      gint64 stm = -1;

      if (form == FORM_HYBRID)
        {
          g_autofree char *extra = g_strdup_printf ("/Size %" G_GINT64_FORMAT, declared);

          stm = (gint64) out->len;
          append_xref_stream (out, size + 1, named, hidden, extra);
          if (fault == FAULT_XREFSTM_OUTSIDE)
            stm = (gint64) out->len + 100000;
        }
      xref = (gint64) out->len;
      if (fault == FAULT_PREV_LOOP)
        prev = xref;
      g_string_append (out, "xref\n0 1\n0000000000 65535 f \n");
      /* A hybrid section's table lists the stream; the stream lists the
       * object, as a file with object streams would. */
      if (form == FORM_TABLE)
        g_string_append_printf (out, "%" G_GINT64_FORMAT " 1\n%010" G_GINT64_FORMAT " 00000 n \n",
                                named, hidden);
      else
        g_string_append_printf (out, "%d 1\n%010" G_GINT64_FORMAT " 00000 n \n", size + 1,
                                (gint64) stm);
      g_string_append_printf (out, "trailer\n<< /Size %" G_GINT64_FORMAT " /Root %d %d R /Prev %" G_GINT64_FORMAT,
                              declared, root_num, root_gen, prev);
      if (stm >= 0)
        g_string_append_printf (out, " /XRefStm %" G_GINT64_FORMAT, stm);
      g_string_append (out, " >>\n");
    }
  g_string_append_printf (out, "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", xref);
  tv_write (path, out->str, out->len);
}

/* Does a change after a signature, or the report, give @reason? */
static gboolean
says (SdVerifyReport *report,
      const char     *reason)
{
  for (guint i = 0; i < report->signatures->len; i++)
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);

      for (guint j = 0; j < sig->changes_after->len; j++)
        {
          SdVerifyChange *change = g_ptr_array_index (sig->changes_after, j);

          if (!change->allowed && change->detail != NULL && strstr (change->detail, reason) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_hostile_section (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *path = g_build_filename (dir, "signed.pdf", NULL);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  const char *args[] = { "verify", path, "--trust", ca, "--no-system-trust", NULL };
  g_autoptr (SdVerifyReport) report = NULL;
  g_autofree char *out = NULL;

  tv_sign (in, path, NULL);
  append_update (path, c->form, c->fault);
  report = tv_verify (path, ca);
  g_assert_cmpuint (report->signatures->len, ==, 1);
  if (c->reason == NULL)
    {
      /* The update itself is harmless: only its section can make it bad. */
      g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_VALID);
      g_assert_cmpint (tv_cli (args, NULL, NULL), ==, 0);
      return;
    }
  if (!says (report, c->reason))
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, 0);

      for (guint j = 0; j < sig->changes_after->len; j++)
        g_test_message ("change: %s", ((SdVerifyChange *) g_ptr_array_index (sig->changes_after, j))->detail);
      g_test_fail_printf ("no change says “%s”", c->reason);
    }
  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_INVALID);
  g_assert_cmpint (tv_cli (args, &out, NULL), ==, 1);
  g_assert_nonnull (strstr (out, c->reason));
}

void
tv_register_xref_tests (void)
{
  static const struct {
    const char *name;
    Form        form;
  } forms[] = {
    { "table", FORM_TABLE },
    { "stream", FORM_STREAM },
    { "hybrid", FORM_HYBRID },
  };
  static const struct {
    const char *name;
    Fault       fault;
    const char *reason;
  } faults[] = {
    { "sound", FAULT_NONE, NULL },
    { "negative", FAULT_NEGATIVE, "cannot be negative" },
    { "beyond-size", FAULT_BEYOND_SIZE, "declares only" },
    { "beyond-limit", FAULT_BEYOND_LIMIT, "8388607 objects a PDF file may have" },
    { "prev-loop", FAULT_PREV_LOOP, "form a loop" },
    { "prev-outside", FAULT_PREV_OUTSIDE, "no cross-reference section at byte" },
    { "xrefstm-outside", FAULT_XREFSTM_OUTSIDE, "/XRefStm" },
  };
  static Case cases[G_N_ELEMENTS (forms) * G_N_ELEMENTS (faults)];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    for (guint j = 0; j < G_N_ELEMENTS (faults); j++)
      {
        g_autofree char *test_path = NULL;

        if (faults[j].fault == FAULT_XREFSTM_OUTSIDE && forms[i].form != FORM_HYBRID)
          continue;
        cases[n] = (Case) { forms[i].form, faults[j].fault, faults[j].reason };
        test_path = g_strdup_printf ("/verify/xref/%s/%s", forms[i].name, faults[j].name);
        g_test_add_data_func (test_path, &cases[n], test_hostile_section);
        n++;
      }
}
