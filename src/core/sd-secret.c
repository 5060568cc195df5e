/* sd-secret.c: handling of PINs and passphrases */
#include "config.h"

#include <string.h>
#include <stdlib.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>

#include "sd-secret.h"

void
sd_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  OPENSSL_cleanse (secret, strlen (secret));
  g_free (secret);
}

char *
sd_secret_dup (const char *secret)
{
  return g_strdup (secret);
}

char *
sd_secret_from_env (const char  *name,
                    GError     **error)
{
  const char *value = g_getenv (name);
  char *copy;

  if (value == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The environment variable %s is not set"), name);
      return NULL;
    }
  copy = g_strdup (value);
  /* Overwrite the environment copy before unsetting it. */
  OPENSSL_cleanse ((char *) value, strlen (value));
  g_unsetenv (name);
  return copy;
}
