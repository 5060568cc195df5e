/* sd-seal-text-private.h: seal lettering, character by character
 *
 * Used by sd-seal-generate.c. All lengths are in the user units of the
 * cairo context (millimetres there). Each character is laid out on its own
 * with Pango and added as an outline, so it can be turned to face the rim,
 * narrowed the way engravers narrow a long name, and thickened a little.
 * Hinting is off and glyph positions are not rounded: the pixels depend on
 * the text alone.
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define SD_SEAL_MIN_NARROW 0.5 /* narrowest character, as width / usual width */

/* One line of text, split into characters and measured. A character drawn
 * h tall (the ink height of "国", or of "H" in text without wide
 * characters) is h × advance × narrow wide. */
typedef struct
{
  PangoLayout *layout;       /* shared, not owned */
  GArray      *glyphs;       /* private */
  double       ref_w, ref_h; /* ink size of the reference character */
  double       ref_cy;       /* its ink centre, below the layout top */
  double       advance;      /* sum of the characters' advances */
  gboolean     letters;      /* has letters that are not wide: set close */
  double       bold;         /* outline stroke that thickens it, / height */
} SdSealRun;

/* A row of characters along an ellipse around (cx, cy): their centres on
 * (a, b), spaced along (ai, bi), the ellipse of their inner edges, so that
 * neighbours never touch there. Upper arc: tops outwards, read clockwise;
 * bottom: tops towards the centre, read left to right. */
typedef struct
{
  double   cx, cy, a, b, ai, bi;
  gboolean bottom;
} SdSealArc;

/* The bold seal font (Noto Serif CJK SC first), for simplified Chinese. */
PangoLayout *sd_seal_layout_new    (void);

/* NULL and an error if @text has a control character or one no font has. */
SdSealRun   *sd_seal_run_new       (PangoLayout     *layout,
                                    const char      *text,
                                    GError         **error);
void         sd_seal_run_free      (SdSealRun       *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSealRun, sd_seal_run_free)
guint        sd_seal_run_length    (const SdSealRun *run);
/* Space between characters @h tall, @spacing of their height (less for
 * Latin letters). */
double       sd_seal_run_gap       (const SdSealRun *run,
                                    double           h,
                                    double           spacing);

/* Fills character @i with its centre at (@x, @y), turned by @angle
 * (clockwise; 0 is upright), @h tall and @narrow times its usual width. */
void         sd_seal_draw_glyph    (cairo_t         *cr,
                                    const SdSealRun *run,
                                    guint            i,
                                    double           x,
                                    double           y,
                                    double           angle,
                                    double           narrow,
                                    double           h);

/* Sets @narrow so that @run (@h tall, @gap apart) is @width long, at most
 * @max_narrow; FALSE if it would be narrower than SD_SEAL_MIN_NARROW. */
gboolean     sd_seal_fit_width     (const SdSealRun *run,
                                    double           h,
                                    double           gap,
                                    double           width,
                                    double           max_narrow,
                                    double          *narrow);
/* A horizontal row centred on (@cx, @cy). */
void         sd_seal_draw_row      (cairo_t         *cr,
                                    const SdSealRun *run,
                                    double           cx,
                                    double           cy,
                                    double           h,
                                    double           narrow,
                                    double           gap);

/* Fits @run, @h tall, inside the ellipse (@rim_a, @rim_b) around
 * (@arc->cx, @arc->cy): sets the rest of @arc, @narrow and @gap so that the
 * row covers at most @max_deg and, when the characters allow, about
 * @min_deg. FALSE if it does not fit. */
gboolean     sd_seal_fit_arc       (const SdSealRun *run,
                                    SdSealArc       *arc,
                                    double           rim_a,
                                    double           rim_b,
                                    double           h,
                                    double           min_deg,
                                    double           max_deg,
                                    double           max_narrow,
                                    double           spacing,
                                    double          *narrow,
                                    double          *gap);
void         sd_seal_draw_arc      (cairo_t         *cr,
                                    const SdSealRun *run,
                                    const SdSealArc *arc,
                                    double           h,
                                    double           narrow,
                                    double           gap);

G_END_DECLS
