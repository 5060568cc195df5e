/* sd-module.h: libraries few commands need, loaded only when needed
 *
 * Process start-up is most of a small command's time, and most of that is
 * the dynamic loader binding every library linked in. Libraries that only a
 * few operations use (libsoup for timestamps and revocation data, zbar for
 * reading QR codes) live in private modules (src/core/modules/) that the
 * core opens with sd_module_symbol() the first time they are needed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_MODULE_ERROR (sd_module_error_quark ())
GQuark sd_module_error_quark (void);

typedef enum {
  SD_MODULE_ERROR_FAILED,       /* not installed or not loadable */
} SdModuleError;

/* The address of @symbol in the module @name ("http", "qr"), opened once
 * per process and kept; NULL with @error set when it cannot be loaded. */
gpointer sd_module_symbol (const char  *name,
                           const char  *symbol,
                           GError     **error);

G_END_DECLS
