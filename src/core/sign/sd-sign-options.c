/* sd-sign-options.c: what a signature should look like */
#include "config.h"

#include <string.h>

#include "sd-secret.h"
#include "sd-marks.h"
#include "sd-signer.h"

G_DEFINE_QUARK (sd-sign-error-quark, sd_sign_error)

static void
placement_free (gpointer data)
{
  SdSealPlacement *p = data;

  g_free (p->image_path);
  g_free (p);
}

void
sd_sign_options_init (SdSignOptions *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->placements = g_ptr_array_new_with_free_func (placement_free);
  opts->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
}

void
sd_sign_options_clear (SdSignOptions *opts)
{
  g_clear_pointer (&opts->reason, g_free);
  g_clear_pointer (&opts->location, g_free);
  g_clear_pointer (&opts->name, g_free);
  g_clear_pointer (&opts->contact, g_free);
  g_clear_pointer (&opts->field_name, g_free);
  g_clear_pointer (&opts->placements, g_ptr_array_unref);
  g_clear_pointer (&opts->marks, g_ptr_array_unref);
  g_clear_pointer (&opts->signing_time, g_date_time_unref);
  g_clear_pointer (&opts->tsa, sd_tsa_client_free);
  g_clear_pointer (&opts->validation_cache, g_free);
  g_clear_pointer (&opts->password, sd_secret_free);
}

void
sd_sign_result_clear (SdSignResult *result)
{
  g_clear_pointer (&result->tsa_url, g_free);
  g_clear_pointer (&result->repaired, g_free);
  g_clear_pointer (&result->input_sha256, g_free);
  g_clear_pointer (&result->output_sha256, g_free);
}

static const char *const level_names[] = { "B-B", "B-T", "B-LT", "B-LTA" };

const char *
sd_sign_level_to_string (SdSignLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (level_names), NULL);
  return level_names[level];
}

gboolean
sd_sign_level_from_string (const char  *text,
                           SdSignLevel *level)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (level_names); i++)
    if (g_ascii_strcasecmp (text, level_names[i]) == 0)
      {
        *level = (SdSignLevel) i;
        return TRUE;
      }
  return FALSE;
}

void
sd_sign_options_add_seal (SdSignOptions *opts,
                          int            page,
                          double         x,
                          double         y,
                          double         width,
                          double         height,
                          const char    *image_path)
{
  SdSealPlacement *p = g_new0 (SdSealPlacement, 1);

  p->page = page;
  p->x = x;
  p->y = y;
  p->width = width;
  p->height = height;
  p->image_path = g_strdup (image_path);
  g_ptr_array_add (opts->placements, p);
}
