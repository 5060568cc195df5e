/* sd-http-soup.c: the module "http": sd-http.h done with libsoup
 *
 * Only glib and libsoup here: the module takes nothing from the core.
 */
#include <gmodule.h>
#include <libsoup/soup.h>

#include "sd-http-module.h"

G_MODULE_EXPORT gpointer sd_http_module_session_new  (guint        timeout,
                                                      const char  *user_agent);
G_MODULE_EXPORT void     sd_http_module_session_free (gpointer     session);
G_MODULE_EXPORT GBytes  *sd_http_module_session_send (gpointer       session,
                                                      const char    *url,
                                                      const char    *content_type,
                                                      GBytes        *body,
                                                      guint         *status,
                                                      char         **reason,
                                                      gboolean      *bad_url,
                                                      GCancellable  *cancellable,
                                                      GError       **error);

gpointer
sd_http_module_session_new (guint       timeout,
                            const char *user_agent)
{
  return soup_session_new_with_options ("timeout", timeout,
                                        "idle-timeout", timeout,
                                        "user-agent", user_agent,
                                        NULL);
}

void
sd_http_module_session_free (gpointer session)
{
  g_object_unref (session);
}

GBytes *
sd_http_module_session_send (gpointer       session,
                             const char    *url,
                             const char    *content_type,
                             GBytes        *body,
                             guint         *status,
                             char         **reason,
                             gboolean      *bad_url,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  GBytes *answer;

  msg = soup_message_new (body != NULL ? "POST" : "GET", url);
  if (msg == NULL)
    {
      *bad_url = TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", url);
      return NULL;
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (session, msg, cancellable, error);
  if (answer == NULL)
    return NULL;
  *status = soup_message_get_status (msg);
  if (reason != NULL)
    *reason = g_strdup (soup_message_get_reason_phrase (msg));
  return answer;
}
