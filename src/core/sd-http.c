/* sd-http.c: the HTTP session, forwarded to the module "http" */
#include "config.h"

#include "sd-http.h"
#include "sd-http-module.h"
#include "sd-module.h"

struct _SdHttpSession
{
  gpointer              handle;
  SdHttpModuleSendFunc  send;
  SdHttpModuleFreeFunc  free;
};

SdHttpSession *
sd_http_session_new (guint    timeout,
                     GError **error)
{
  SdHttpModuleNewFunc new_func;
  SdHttpSession *session;

  new_func = sd_module_symbol ("http", "sd_http_module_session_new", error);
  if (new_func == NULL)
    return NULL;
  session = g_new0 (SdHttpSession, 1);
  session->send = sd_module_symbol ("http", "sd_http_module_session_send", error);
  if (session->send != NULL)
    session->free = sd_module_symbol ("http", "sd_http_module_session_free", error);
  if (session->send == NULL || session->free == NULL)
    {
      g_free (session);
      return NULL;
    }
  session->handle = new_func (timeout, "Sealdesk/" PACKAGE_VERSION);
  return session;
}

void
sd_http_session_free (SdHttpSession *session)
{
  if (session == NULL)
    return;
  session->free (session->handle);
  g_free (session);
}

GBytes *
sd_http_session_send (SdHttpSession  *session,
                      const char     *url,
                      const char     *content_type,
                      GBytes         *body,
                      guint          *status,
                      char          **reason,
                      gboolean       *bad_url,
                      GCancellable   *cancellable,
                      GError        **error)
{
  *status = 0;
  *bad_url = FALSE;
  if (reason != NULL)
    *reason = NULL;
  return session->send (session->handle, url, content_type, body, status, reason, bad_url,
                        cancellable, error);
}
