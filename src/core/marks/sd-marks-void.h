/* sd-marks-void.h: the "VOID / 作废" stamp of a withdrawn document
 *
 * A void is a signature of its own, added after the others: its visible
 * seal is this stamp (on every page), and its signature dictionary says
 * /SealdeskVoid true so that verifiers report the document voided, by
 * whom and when. The earlier signatures stay as they were.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Width / height of the stamp picture. */
#define SD_VOID_STAMP_ASPECT 2.0

/* Writes the stamp (red, on transparent) as a PNG at @path: "VOID / 作废"
 * and the statement: who voided the document, when, and why. */
gboolean sd_void_stamp_write_png (const char  *path,
                                  const char  *signer,
                                  GDateTime   *when,
                                  const char  *reason,
                                  GError     **error);

G_END_DECLS
