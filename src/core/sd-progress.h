/* sd-progress.h: progress reports from long work in the core */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @fraction goes from 0 to 1. Called from the thread doing the work. */
typedef void (*SdProgressFunc) (double   fraction,
                                gpointer user_data);

G_END_DECLS
