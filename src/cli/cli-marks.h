/* cli-marks.h: the page-mark options of `sealdesk-cli sign`
 *
 *   --qr [--qr-pages all|last|N] [--qr-url TEMPLATE]
 *   --cross-page SEAL.png [--pages A-B]
 *
 * The marks are written as a revision of their own just before the
 * signature, which covers them.
 */
#pragma once

#include <glib.h>

#include "sd-key.h"
#include "sd-signer.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  qr;
  char     *qr_pages;
  char     *qr_url;
  char     *cross_page;
  char     *pages;
} SdCliMarks;

/* The option group of @marks (owned by the context it is added to). */
GOptionGroup *sd_cli_marks_option_group (SdCliMarks *marks);
void          sd_cli_marks_clear        (SdCliMarks *marks);

/* Signs @in_path into @out_path, with the marks first when any were asked
 * for (they need opts->signing_time, which is set when NULL). */
gboolean      sd_cli_marks_sign         (SdCliMarks    *marks,
                                         const char    *in_path,
                                         const char    *out_path,
                                         SdKey         *key,
                                         SdSignOptions *opts,
                                         SdSignResult  *result,
                                         GError       **error);

G_END_DECLS
