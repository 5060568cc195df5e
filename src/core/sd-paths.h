/* sd-paths.h: where Sealdesk keeps its data */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The data directory: $SEALDESK_HOME when set and not empty, else
 * g_get_user_data_dir()/sealdesk. Not created. */
char *sd_data_dir (void);

G_END_DECLS
