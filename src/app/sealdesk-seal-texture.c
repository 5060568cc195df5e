/* sealdesk-seal-texture.c: seal pictures of the seal library as textures
 *
 * The library keeps each seal's PNG in its database; a texture is decoded
 * once per picture and kept in a small cache keyed by the picture's
 * SHA-256, so that the seals view, the palette and the overlay share it.
 * The cache holds at most CACHE_SIZE pictures; when full it is emptied
 * (textures in use stay alive through their own references).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-seal-image.h"
#include "sealdesk-seal-texture.h"

#define CACHE_SIZE 64

static GMutex      cache_lock;
static GHashTable *cache; /* image SHA-256 -> GdkTexture */

static GdkTexture *
cache_lookup (const char *sha256)
{
  GdkTexture *texture = NULL;

  g_mutex_lock (&cache_lock);
  if (cache != NULL && sha256 != NULL)
    texture = g_hash_table_lookup (cache, sha256);
  if (texture != NULL)
    g_object_ref (texture);
  g_mutex_unlock (&cache_lock);

  return texture;
}

static void
cache_insert (const char *sha256,
              GdkTexture *texture)
{
  if (sha256 == NULL)
    return;

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (g_hash_table_size (cache) >= CACHE_SIZE)
    g_hash_table_remove_all (cache);
  g_hash_table_replace (cache, g_strdup (sha256), g_object_ref (texture));
  g_mutex_unlock (&cache_lock);
}

GdkTexture *
sealdesk_seal_texture_for_seal (SdSeal  *seal,
                                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GdkTexture *texture;
  gint64 claimed_width = 0, claimed_height = 0;

  g_return_val_if_fail (seal != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((texture = cache_lookup (seal->image_sha256)) != NULL)
    return texture;

  if (seal->image == NULL || g_bytes_get_size (seal->image) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The seal “%s” has no picture"), seal->name);
      return NULL;
    }
  /* A picture synchronised from another workstation was never imported
   * here: its size is checked before GTK allocates what it claims. */
  if (!sd_seal_png_fits (g_bytes_get_data (seal->image, NULL), g_bytes_get_size (seal->image),
                         &claimed_width, &claimed_height))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* TRANSLATORS: a seal's name, then the picture's width and height in pixels */
                   _("The picture of the seal “%s” is %d × %d pixels: a seal must be at most 4096 × 4096"),
                   seal->name, (int) MIN (claimed_width, G_MAXINT), (int) MIN (claimed_height, G_MAXINT));
      return NULL;
    }
  texture = gdk_texture_new_from_bytes (seal->image, &local_error);
  if (texture == NULL)
    {
      /* TRANSLATORS: "The picture of the seal “Firm seal” cannot be read: …" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The picture of the seal “%s” cannot be read: %s"), seal->name,
                   local_error->message);
      return NULL;
    }
  cache_insert (seal->image_sha256, texture);

  return texture;
}

GdkTexture *
sealdesk_seal_texture_new (SdWorkspace *workspace,
                           const char  *seal_id,
                           GError     **error)
{
  g_autoptr(SdSeal) seal = NULL;

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (seal_id != NULL, NULL);

  if ((seal = sd_seal_library_get (workspace, seal_id, error)) == NULL)
    return NULL;

  return sealdesk_seal_texture_for_seal (seal, error);
}

void
sealdesk_seal_true_size (SdSeal *seal,
                         double *width_pt,
                         double *height_pt)
{
  g_return_if_fail (seal != NULL);

  if (width_pt != NULL)
    *width_pt = seal->width_mm * SEALDESK_PT_PER_MM;
  if (height_pt != NULL)
    *height_pt = seal->height_mm * SEALDESK_PT_PER_MM;
}
