/* sd-private-temp.h: intermediate files that a killed program does not leave behind
 *
 * Intermediate revisions (a signature before its validation data, page
 * marks before the signature, a repaired copy, an extension) are written
 * to files of the temporary folder named "sealdesk-KIND-PID-XXXXXX.pdf",
 * PID being the writer's process. Their writers remove them when done; a
 * writer killed meanwhile cannot, so sd_private_temp_sweep() removes the
 * ones whose process no longer runs (the workspace does when it opens).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Like g_file_open_tmp() for the file "sealdesk-@kind-PID-XXXXXX.pdf"
 * (@kind: lower-case letters and '-'); readable and writable by the user
 * only. Returns the open descriptor, or -1 with @error set. */
int  sd_private_temp_open  (const char  *kind,
                            char       **path,
                            GError     **error);
/* Removes this user's files of the temporary folder that
 * sd_private_temp_open() made for a process that has ended. */
void sd_private_temp_sweep (void);

G_END_DECLS
