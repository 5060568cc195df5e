/* sd-http.h: HTTP GET and POST for timestamps, OCSP and CRLs
 *
 * libsoup does the work in the module "http" (modules/sd-http-soup.c),
 * loaded with the first session: commands that never go online do not
 * load libsoup, GnuTLS, Kerberos and the rest at start-up.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SdHttpSession SdHttpSession;

/* A session with one @timeout (seconds) for connecting and idling; NULL
 * with @error set (SD_MODULE_ERROR) when the module cannot be loaded. */
SdHttpSession *sd_http_session_new  (guint           timeout,
                                     GError        **error);
void           sd_http_session_free (SdHttpSession  *session);

/* A GET (@body NULL) or a POST of @body as @content_type to @url. The
 * answer's body whatever its status (in *@status, the reason phrase in
 * *@reason, may be NULL); NULL with @error set when it did not arrive, and
 * *@bad_url TRUE when @url is not an http(s) address that can be used. */
GBytes        *sd_http_session_send (SdHttpSession  *session,
                                     const char     *url,
                                     const char     *content_type,
                                     GBytes         *body,
                                     guint          *status,
                                     char          **reason,
                                     gboolean       *bad_url,
                                     GCancellable   *cancellable,
                                     GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdHttpSession, sd_http_session_free)

G_END_DECLS
