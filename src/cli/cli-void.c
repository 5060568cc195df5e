/* cli-void.c: `sealdesk-cli void FILE.pdf -o OUT.pdf --reason TEXT KEY`
 *
 * Declares a signed document void: a new signature whose seal is the
 * "VOID / 作废" stamp and statement on every page and whose dictionary
 * says /SealdeskVoid true. The earlier signatures stay verifiable; `verify`
 * then reports who voided the document and when; the ledger records it.
 * The key options are those of `sign`, which does the work.
 */
#include "config.h"

#include <string.h>

#include "cli-commands.h"
#include "cli-marks.h"

int
sd_cli_void (int    argc,
             char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **sign_argv = NULL;
  gboolean has_reason = FALSE;

  g_ptr_array_add (args, g_strdup ("sign"));
  for (int i = 1; i < argc; i++)
    {
      /* --reason is the reason of the void. */
      if (strcmp (argv[i], "--reason") == 0)
        {
          g_ptr_array_add (args, g_strdup ("--void-reason"));
          has_reason = TRUE;
        }
      else if (g_str_has_prefix (argv[i], "--reason="))
        {
          g_ptr_array_add (args, g_strconcat ("--void-reason=", argv[i] + strlen ("--reason="), NULL));
          has_reason = TRUE;
        }
      else
        g_ptr_array_add (args, g_strdup (argv[i]));
    }
  if (!has_reason)
    g_ptr_array_add (args, g_strdup ("--void-reason="));
  /* Option parsing rearranges the vector: @args keeps the strings. */
  sign_argv = g_new0 (char *, args->len + 1);
  memcpy (sign_argv, args->pdata, args->len * sizeof (char *));
  return sd_cli_sign (args->len, sign_argv);
}
