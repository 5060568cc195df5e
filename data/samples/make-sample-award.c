/* make-sample-award.c: writes the bundled sample document award.pdf
 *
 * A short, fictional bilingual (English / Chinese) arbitral award of two A4
 * pages, with a place for the arbitrators' signatures and the institution's
 * seal. Everything is drawn in black and dark grey: tests elsewhere look
 * for red seal pixels, so the sample itself must have none.
 *
 * To regenerate data/samples/award.pdf (fonts-noto-cjk must be installed
 * so that the Chinese text renders):
 *
 *   ninja -C _build data/samples/make-sample-award
 *   _build/data/samples/make-sample-award data/samples/award.pdf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define PAGE_WIDTH   595.276  /* A4 in points */
#define PAGE_HEIGHT  841.890
#define MARGIN        64.0
#define TEXT_WIDTH   (PAGE_WIDTH - 2 * MARGIN)

#define FONT_SERIF "DejaVu Serif, Noto Serif CJK SC"
#define FONT_SANS  "DejaVu Sans, Noto Sans CJK SC"

typedef struct
{
  cairo_t *cr;
  double   y;
} Writer;

static void
set_grey (cairo_t *cr,
          double   level)
{
  cairo_set_source_rgb (cr, level, level, level);
}

/* Lays out @markup in @font at the current position, wrapped to the text
 * width, aligned as asked, and moves the pen below it. */
static void
write_block (Writer         *w,
             const char     *font,
             const char     *markup,
             PangoAlignment  align,
             double          grey,
             double          space_after)
{
  PangoLayout *layout = pango_cairo_create_layout (w->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int width, height;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (TEXT_WIDTH * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);

  set_grey (w->cr, grey);
  cairo_move_to (w->cr, MARGIN, w->y);
  pango_cairo_show_layout (w->cr, layout);

  pango_layout_get_size (layout, &width, &height);
  w->y += (double) height / PANGO_SCALE + space_after;

  pango_font_description_free (desc);
  g_object_unref (layout);
}

static void
rule (Writer *w,
      double  space_after)
{
  set_grey (w->cr, 0.35);
  cairo_set_line_width (w->cr, 0.6);
  cairo_move_to (w->cr, MARGIN, w->y);
  cairo_line_to (w->cr, PAGE_WIDTH - MARGIN, w->y);
  cairo_stroke (w->cr);
  w->y += space_after;
}

static void
footer (cairo_t *cr,
        int      page,
        int      n_pages)
{
  Writer w = { cr, PAGE_HEIGHT - 40 };
  char text[128];

  snprintf (text, sizeof text,
            "Case No. SEAC-2026-0173 \xc2\xb7 Page %d of %d \xc2\xb7 "
            "\xe7\xac\xac %d \xe9\xa1\xb5 \xe5\x85\xb1 %d \xe9\xa1\xb5",
            page, n_pages, page, n_pages);
  write_block (&w, FONT_SANS " 7.5", text, PANGO_ALIGN_CENTER, 0.35, 0);
}

static void
heading (Writer     *w,
         const char *english,
         const char *chinese)
{
  char *markup = g_strdup_printf ("<b>%s</b>   <b>%s</b>", english, chinese);

  w->y += 6;
  write_block (w, FONT_SERIF " 10.5", markup, PANGO_ALIGN_LEFT, 0.0, 5);
  g_free (markup);
}

static void
paragraph (Writer     *w,
           const char *text)
{
  write_block (w, FONT_SERIF " 9.2", text, PANGO_ALIGN_LEFT, 0.1, 6);
}

static void
page_one (cairo_t *cr)
{
  Writer w = { cr, MARGIN };

  write_block (&w, FONT_SANS " 9",
               "SEALDESK EXAMPLE ARBITRATION COMMISSION\n"
               "示例仲裁委员会",
               PANGO_ALIGN_CENTER, 0.3, 14);
  write_block (&w, FONT_SERIF " Bold 20", "FINAL AWARD",
               PANGO_ALIGN_CENTER, 0.0, 2);
  write_block (&w, FONT_SERIF " Bold 18", "仲裁裁决书",
               PANGO_ALIGN_CENTER, 0.0, 8);
  write_block (&w, FONT_SANS " 9",
               "Case No. SEAC-2026-0173   案号：示仲字〔2026〕第0173号",
               PANGO_ALIGN_CENTER, 0.25, 14);
  rule (&w, 12);

  heading (&w, "The Parties", "当事人");
  paragraph (&w,
             "<b>Claimant / 申请人:</b> Northwind Trading Co., Ltd. "
             "(北风贸易有限公司), a company incorporated in Shanghai, "
             "represented by Ms. Lin Xiaoyu, attorney-at-law.");
  paragraph (&w,
             "<b>Respondent / 被申请人:</b> Eastbridge Logistics Ltd. "
             "(东桥物流有限公司), a company incorporated in Hong Kong, "
             "represented by Mr. Daniel Okafor, solicitor.");

  heading (&w, "The Tribunal", "仲裁庭");
  paragraph (&w,
             "Presiding arbitrator 首席仲裁员: Prof. Helena Marsh\n"
             "Co-arbitrator 仲裁员: Dr. Wang Jianguo\n"
             "Co-arbitrator 仲裁员: Ms. Priya Raman");

  heading (&w, "Procedural History", "仲裁程序");
  paragraph (&w,
             "The Claimant filed its Request for Arbitration on 3 March 2026 "
             "under the arbitration clause in Article 18 of the Carriage "
             "Agreement dated 12 January 2025. The Tribunal was constituted "
             "on 28 April 2026 and held a hearing in Shanghai on "
             "14 and 15 September 2026. The language of the arbitration is "
             "English and Chinese.");
  paragraph (&w,
             "申请人于2026年3月3日依据双方2025年1月12日签订的《货物运输协议》"
             "第十八条仲裁条款提起仲裁。仲裁庭于2026年4月28日组成，"
             "并于2026年9月14日至15日在上海开庭审理。");

  heading (&w, "The Dispute", "争议");
  paragraph (&w,
             "The Claimant seeks compensation for 412 cartons of electronic "
             "components damaged in transit between Ningbo and Rotterdam. "
             "The Respondent denies liability, relying on the limitation "
             "clause in Article 9 of the Agreement.");
  paragraph (&w,
             "申请人请求被申请人赔偿自宁波运往鹿特丹途中受损的412箱电子元件的损失。"
             "被申请人援引协议第九条责任限制条款，否认其应承担赔偿责任。");

  footer (cr, 1, 2);
}

static void
signature_line (Writer     *w,
                double      x,
                double      width,
                const char *role)
{
  Writer label = { w->cr, w->y + 6 };
  PangoLayout *layout = pango_cairo_create_layout (w->cr);
  PangoFontDescription *desc = pango_font_description_from_string (FONT_SANS " 8.5");

  set_grey (w->cr, 0.2);
  cairo_set_line_width (w->cr, 0.6);
  cairo_move_to (w->cr, x, w->y);
  cairo_line_to (w->cr, x + width, w->y);
  cairo_stroke (w->cr);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_markup (layout, role, -1);
  cairo_move_to (w->cr, x, label.y);
  pango_cairo_show_layout (w->cr, layout);

  pango_font_description_free (desc);
  g_object_unref (layout);
}

static void
page_two (cairo_t *cr)
{
  static const double dashes[] = { 4.0, 3.0 };
  Writer w = { cr, MARGIN };
  double column = (TEXT_WIDTH - 40) / 2;
  double box_size = 136;
  double box_x, box_y, top;

  heading (&w, "Findings", "仲裁庭意见");
  paragraph (&w,
             "Having considered the evidence and the submissions of both "
             "Parties, the Tribunal finds that the damage was caused by "
             "improper stowage for which the Respondent is responsible, and "
             "that the limitation clause does not apply to damage caused by "
             "the carrier's own negligence.");
  paragraph (&w,
             "仲裁庭经审查证据及双方意见，认定货损系被申请人积载不当所致，"
             "且责任限制条款不适用于承运人自身过失造成的损失。");

  heading (&w, "The Award", "裁决");
  paragraph (&w, "For the reasons set out above, the Tribunal hereby decides:");
  paragraph (&w,
             "1. The Respondent shall pay the Claimant USD 186,400 as "
             "compensation for the damaged goods, with simple interest at "
             "5 % per year from 3 March 2026 until payment.");
  paragraph (&w,
             "2. The Respondent shall bear the costs of the arbitration, "
             "fixed at USD 38,250, and reimburse the Claimant USD 21,000 "
             "of its legal costs.");
  paragraph (&w, "3. All other claims are dismissed.");
  paragraph (&w,
             "一、被申请人向申请人支付货损赔偿金186,400美元，"
             "并自2026年3月3日起按年利率5%支付单利至实际付清之日止。");
  paragraph (&w,
             "二、本案仲裁费38,250美元由被申请人承担，"
             "被申请人另向申请人补偿律师费21,000美元。");
  paragraph (&w, "三、驳回申请人的其他仲裁请求。");
  paragraph (&w,
             "This award is final and binding on the Parties from the date "
             "it is made. 本裁决为终局裁决，自作出之日起发生法律效力。");
  paragraph (&w,
             "Place of arbitration: Shanghai. Date of the award: "
             "23 November 2026.\n仲裁地：上海。裁决日期：2026年11月23日。");

  heading (&w, "Signatures of the Arbitrators", "仲裁员签名");
  w.y += 24;
  top = w.y;
  signature_line (&w, MARGIN, column,
                  "Prof. Helena Marsh\nPresiding arbitrator 首席仲裁员");
  w.y += 50;
  signature_line (&w, MARGIN, column,
                  "Dr. Wang Jianguo\nCo-arbitrator 仲裁员");
  w.y += 50;
  signature_line (&w, MARGIN, column,
                  "Ms. Priya Raman\nCo-arbitrator 仲裁员");

  /* The place for the institution's seal, to the right of the signatures. */
  box_x = MARGIN + column + 40 + (column - box_size) / 2;
  box_y = top - 20;
  set_grey (cr, 0.45);
  cairo_set_line_width (cr, 0.8);
  cairo_set_dash (cr, dashes, 2, 0);
  cairo_rectangle (cr, box_x, box_y, box_size, box_size);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  {
    Writer label = { cr, box_y + box_size / 2 - 14 };
    PangoLayout *layout = pango_cairo_create_layout (cr);
    PangoFontDescription *desc = pango_font_description_from_string (FONT_SANS " 8");

    pango_layout_set_font_description (layout, desc);
    pango_layout_set_width (layout, (int) (box_size * PANGO_SCALE));
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    pango_layout_set_text (layout, "Seal of the Commission\n仲裁委员会印章", -1);
    cairo_move_to (cr, box_x, label.y);
    pango_cairo_show_layout (cr, layout);
    pango_font_description_free (desc);
    g_object_unref (layout);
  }

  w.y += 40;
  rule (&w, 8);
  write_block (&w, FONT_SANS " 7.5",
               "This document is a fictional sample shipped with Sealdesk to "
               "show how an award is signed and sealed. Names, parties and "
               "amounts are invented.\n本文件为 Sealdesk 附带的虚构示例，"
               "其中的名称、当事人和金额均属虚构。",
               PANGO_ALIGN_LEFT, 0.35, 0);

  footer (cr, 2, 2);
}

int
main (int   argc,
      char *argv[])
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s OUTPUT.pdf\n", argv[0]);
      return 2;
    }

  surface = cairo_pdf_surface_create (argv[1], PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  "Final Award, Case No. SEAC-2026-0173");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                  "Sealdesk Example Arbitration Commission");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT,
                                  "Sample arbitral award (fictional)");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Sealdesk make-sample-award");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                  "2026-11-23T10:00:00Z");
  cr = cairo_create (surface);

  page_one (cr);
  cairo_show_page (cr);
  page_two (cr);
  cairo_show_page (cr);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      fprintf (stderr, "%s: %s\n", argv[1], cairo_status_to_string (status));
      return 1;
    }
  return 0;
}
