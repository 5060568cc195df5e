/* cli-marks.h: the page-mark options of `sealdesk-cli sign`
 *
 *   --qr [--qr-pages all|last|N] [--qr-url TEMPLATE]
 *   --cross-page SEAL_ID|SEAL.png [--pages A-B]
 *   --watermark TEXT (one per line) | --watermark-image PNG
 *     [--watermark-pages all|N|A-B] [--watermark-layout tiled|centred]
 *     [--watermark-angle DEG] [--watermark-opacity 0..1] [--watermark-size PT]
 *
 * The marks are written as a revision of their own just before the
 * signature, which covers them.
 */
#pragma once

#include <glib.h>

#include "sd-key.h"
#include "sd-sealing.h"
#include "sd-signer.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  qr;
  char     *qr_pages;
  char     *qr_url;
  char     *cross_page;
  char     *pages;
  char    **watermark;
  char     *watermark_image;
  char     *watermark_pages;
  char     *watermark_layout;
  double    watermark_angle;
  double    watermark_opacity;
  double    watermark_size;
  char     *void_reason;            /* `sealdesk-cli void`: the reason */
  SdWorkspace *workspace;           /* borrowed: where the ledger is */
} SdCliMarks;

/* The option group of @marks (owned by the context it is added to). */
GOptionGroup *sd_cli_marks_option_group (SdCliMarks *marks);
void          sd_cli_marks_clear        (SdCliMarks *marks);

/* Signs @in_path into @out_path, with this document's marks when any
 * were asked for (they need opts->signing_time, which is set when NULL).
 * Through sd_sealing_seal_document() whenever @marks has a workspace, so
 * that the seals' state is checked and the signature recorded in the
 * ledger, with seals of the library (@uses, or --cross-page SEAL_ID) or
 * with the pictures of @opts. */
gboolean      sd_cli_marks_sign         (SdCliMarks      *marks,
                                         const char      *in_path,
                                         const char      *out_path,
                                         SdKey           *key,
                                         SdSignOptions   *opts,
                                         const SdSealUse *uses,
                                         guint            n_uses,
                                         SdSignResult    *result,
                                         GError         **error);

/* `sealdesk-cli void FILE -o OUT --reason TEXT KEY`: sign with the void
 * stamp (cli-void.c). */
int           sd_cli_void               (int            argc,
                                         char         **argv);

G_END_DECLS
