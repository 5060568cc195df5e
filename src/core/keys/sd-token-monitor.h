/* sd-token-monitor.h: tells when a PKCS#11 token is inserted or removed
 *
 * A thread polls the slots of every PKCS#11 module (see sd-pkcs11-modules.h)
 * and emits "changed" on the main context that was the thread-default one
 * when the monitor was created, whenever the set of tokens present differs
 * from the last poll. No GTK: the app lists keys again on "changed".
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SD_TYPE_TOKEN_MONITOR (sd_token_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SdTokenMonitor, sd_token_monitor, SD, TOKEN_MONITOR, GObject)

/* @data_dir: NULL for sd_data_dir(). @interval_ms: time between polls
 * (0: two seconds). Polling starts at once and stops on dispose. */
SdTokenMonitor *sd_token_monitor_new (const char *data_dir, guint interval_ms);
/* Labels of the tokens present at the last poll (empty before the first
 * poll finished). Free with g_strfreev(). */
char **sd_token_monitor_dup_tokens (SdTokenMonitor *self);

G_END_DECLS
