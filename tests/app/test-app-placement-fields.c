/* test-app-placement-fields.c: empty signature fields, outlined and filled
 *
 * A document's empty signature field is outlined on its page; a seal
 * chosen in the palette and a click on the field fill it, and the signed
 * copy has the seal in that field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-pdf-emitter.h"
#include "sealdesk-field-outline.h"
#include "test-app-placement.h"
#include "test-app.h"

/* @n_pages A4 pages saying @text, in home_dir/@basename; the last one has
 * an empty signature field @field at 350,120 150×100 (user space = visible
 * space: no /Rotate). */
char *
make_field_document (const char *basename,
                     guint       n_pages,
                     const char *field,
                     const char *text)
{
  g_autoptr(SdPdf) pdf = sd_pdf_new ("1.7");
  g_autofree char *path = g_build_filename (home_dir, basename, NULL);
  g_autofree char *content = g_strdup_printf ("BT /F1 24 Tf 72 720 Td (%s) Tj ET", text);
  g_autoptr(GString) kids = g_string_new (NULL);
  guint contents = 3 + n_pages, widget = contents + 1, font = contents + 2;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n_pages, >, 0);
  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (kids, "%s%u 0 R", i > 0 ? " " : "", 3 + i);
  sd_pdf_object (pdf, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [%u 0 R] >> >>", widget);
  sd_pdf_object (pdf, 2, "<< /Type /Pages /Kids [%s] /Count %u >>", kids->str, n_pages);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *annots = i + 1 == n_pages ? g_strdup_printf (" /Annots [%u 0 R]", widget) : NULL;

      sd_pdf_object (pdf, 3 + i, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %u 0 R "
                                 "/Resources << /Font << /F1 %u 0 R >> >>%s >>",
                     contents, font, annots ? annots : "");
    }
  sd_pdf_stream (pdf, contents, NULL, content, strlen (content));
  sd_pdf_object (pdf, widget, "<< /FT /Sig /T (%s) /Type /Annot /Subtype /Widget "
                              "/Rect [350 120 500 220] /P %u 0 R /F 4 >>", field, 2 + n_pages);
  sd_pdf_object (pdf, font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  sd_pdf_xref_table (pdf, "/Root 1 0 R");
  g_assert_true (sd_pdf_save (pdf, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

gboolean
field_outline_shown (gpointer data)
{
  SealdeskWindow *window = data;

  return window->field_outlines != NULL && window->field_outlines->len > 0 &&
         gtk_widget_get_mapped (g_ptr_array_index (window->field_outlines, 0));
}

static void
test_fill_field (void)
{
  g_autofree char *doc = make_field_document ("fields.pdf", 2, "Arbitrator", "Award");
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autofree char *signed_path = NULL;
  g_autoptr(SealdeskPlacement) placement = NULL;
  SealdeskWindow *window;
  GListModel *placements;
  GtkWidget *outline, *row;
  SdRect rect, field = { 350, 120, 150, 100 };
  guint page;
  int sx, sy;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  seal_id = make_round_seal ("Field seal", key_uri);
  window = open_and_wait (doc);
  placements = sealdesk_session_get_placements (sealdesk_window_get_session (window));

  /* The empty field is outlined where it is. */
  g_assert_true (app_test_wait_until (field_outline_shown, window, WAIT_SECONDS));
  outline = g_ptr_array_index (window->field_outlines, 0);
  g_assert_cmpstr (sealdesk_field_outline_get_field (SEALDESK_FIELD_OUTLINE (outline)), ==, "Arbitrator");
  g_assert_true (sealdesk_page_view_get_overlay (window->page_view, outline, &page, &rect));
  g_assert_cmpuint (page, ==, 1);
  g_assert_cmpfloat_with_epsilon (rect.x, field.x, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.height, field.height, 0.01);
  app_test_iterate (50);
  assert_child_at (window->page_view, outline, 1, &field);

  /* Choose the seal, click the field. */
  row = show_palette_row (window, seal_id);
  app_test_focus_window (GTK_WIDGET (window));
  app_test_surface_point (row, 10, 10, &sx, &sy);
  app_test_xdotool ("mousemove --window %lu %d %d click 1", app_test_window_xid (GTK_WIDGET (window)), sx, sy);
  g_assert_cmpstr (sealdesk_seal_palette_get_selected (window->seal_palette), ==, seal_id);
  app_test_surface_point (outline, gtk_widget_get_width (outline) / 2.0,
                 gtk_widget_get_height (outline) / 2.0, &sx, &sy);
  app_test_xdotool ("mousemove --window %lu %d %d click 1", app_test_window_xid (GTK_WIDGET (window)), sx, sy);
  wait_n_placements (placements, 1);
  placement = g_list_model_get_item (placements, 0);
  g_assert_cmpstr (sealdesk_placement_get_field (placement), ==, "Arbitrator");
  placement_get (placement, &rect);
  g_assert_cmpfloat_with_epsilon (rect.x, field.x, 0.01);
  g_assert_cmpfloat_with_epsilon (rect.width, field.width, 0.01);
  /* Filled: no longer outlined. */
  g_assert_false (gtk_widget_get_visible (outline));

  signed_path = sign_placements (window, key_uri);
  assert_pdfsig_valid (signed_path, 1);
  {
    const char *argv[] = { "pdfsig", signed_path, NULL };
    g_autofree char *out = run_tool (argv);

    g_assert_nonnull (strstr (out, "Signature Field Name: Arbitrator"));
  }
  /* The round seal, as large as fits, centred in the field. */
  {
    SdRect centred = { field.x + (field.width - field.height) / 2, field.y, field.height, field.height };

    assert_seal_where_shown (signed_path, 1, &centred);
  }
  close_window (window);
}

void
add_placement_field_tests (void)
{
  g_test_add_func ("/app/placement/fill-field", test_fill_field);
}
