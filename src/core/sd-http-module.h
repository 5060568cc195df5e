/* sd-http-module.h: what the module "http" exports (see sd-http.h) */
#pragma once

#include <gio/gio.h>

typedef gpointer (*SdHttpModuleNewFunc)  (guint        timeout,
                                          const char  *user_agent);
typedef void     (*SdHttpModuleFreeFunc) (gpointer     session);
typedef GBytes * (*SdHttpModuleSendFunc) (gpointer       session,
                                          const char    *url,
                                          const char    *content_type,
                                          GBytes        *body,
                                          guint         *status,
                                          char         **reason,
                                          gboolean      *bad_url,
                                          GCancellable  *cancellable,
                                          GError       **error);
