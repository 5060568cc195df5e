/* sd-secret.c: handling of PINs and passphrases */
#include "config.h"

#include <string.h>
#include <stdlib.h>
#include <malloc.h>
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

/* OpenSSL's allocator, wiping each block before it goes back to malloc.
 * OpenSSL 3.0 frees some buffers that held key material without
 * cleansing them (its DER decoders' input, for one); freed blocks kept
 * by malloc's caches would then show the key in a core dump. */
static void *
wiping_malloc (size_t      size,
               const char *file,
               int         line)
{
  return malloc (size);
}

static void
wiping_free (void       *block,
             const char *file,
             int         line)
{
  if (block == NULL)
    return;
  OPENSSL_cleanse (block, malloc_usable_size (block));
  free (block);
}

static void *
wiping_realloc (void       *block,
                size_t      size,
                const char *file,
                int         line)
{
  size_t old_size;
  void *moved;

  if (block == NULL)
    return malloc (size);
  if (size == 0)
    {
      wiping_free (block, file, line);
      return NULL;
    }
  /* Never let realloc() move a block and leave the old copy behind. */
  old_size = malloc_usable_size (block);
  if (size <= old_size)
    return block;
  moved = malloc (size);
  if (moved == NULL)
    return NULL;
  memcpy (moved, block, old_size);
  wiping_free (block, file, line);
  return moved;
}

gboolean
sd_secret_harden_openssl (void)
{
  return CRYPTO_set_mem_functions (wiping_malloc, wiping_realloc, wiping_free) == 1;
}
