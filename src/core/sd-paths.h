/* sd-paths.h: where Sealdesk keeps its data; file names */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The data directory: $SEALDESK_HOME when set and not empty, else
 * g_get_user_data_dir()/sealdesk. Not created. */
char     *sd_data_dir       (void);

/* TRUE when @a and @b are the same name, or name the same existing file
 * (the same device and inode: another spelling, a hard or symbolic
 * link). */
gboolean  sd_path_same_file (const char *a,
                             const char *b);

G_END_DECLS
