/* make-ledger.c: fill a workspace's seal-use ledger for benchmarks
 *
 *   make-ledger DATA_DIR N [PER_HEAD]
 *
 * Appends N lifecycle entries (each like a seal grant: about 300 bytes) to
 * the workspace in DATA_DIR, PER_HEAD entries (default 1000) per
 * transaction and signed tree head, then prints how long one more entry
 * takes to append on its own: entry, proof nodes, signed head, commit
 * (fsync), as the CLI does it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sd-ledger.h"
#include "sd-workspace.h"

static JsonObject *
details_for (gint64 i)
{
  JsonObject *details = json_object_new ();
  g_autofree char *profile = g_strdup_printf ("profile-%lld", (long long) (i % 97));

  json_object_set_string_member (details, "action", "grant");
  json_object_set_string_member (details, "profile", profile);
  json_object_set_string_member (details, "may", "approve");
  json_object_set_int_member (details, "n", i);
  return details;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  SdLedger *ledger;
  SdDb *db;
  gint64 n, per_head = 1000, t0, t1;

  if (argc < 3 || (n = g_ascii_strtoll (argv[2], NULL, 10)) <= 0)
    {
      fprintf (stderr, "usage: make-ledger DATA_DIR N [PER_HEAD]\n");
      return 2;
    }
  if (argc > 3)
    per_head = MAX (1, g_ascii_strtoll (argv[3], NULL, 10));
  if ((workspace = sd_workspace_open (argv[1], &error)) == NULL)
    goto fail;
  ledger = sd_workspace_get_ledger (workspace);
  db = sd_workspace_get_db (workspace);

  for (gint64 done = 0; done < n;)
    {
      if (!sd_db_begin (db, &error))
        goto fail;
      for (gint64 k = 0; k < per_head && done < n; k++, done++)
        if (sd_ledger_append (ledger, SD_LEDGER_LIFECYCLE, "bench", "seal-0000000000000000", NULL, NULL,
                              details_for (done), &error) == 0)
          goto fail;
      if (!sd_ledger_sign_head (ledger, &error) || !sd_db_commit (db, &error))
        goto fail;
    }

  /* One entry the way every command records one. */
  t0 = g_get_monotonic_time ();
  if (sd_ledger_record (ledger, SD_LEDGER_LIFECYCLE, "bench", NULL, NULL, NULL, details_for (n), &error) == 0)
    goto fail;
  t1 = g_get_monotonic_time ();
  printf ("append_ms %.3f\n", (t1 - t0) / 1000.0);
  return 0;

fail:
  fprintf (stderr, "make-ledger: %s\n", error != NULL ? error->message : "failed");
  return 1;
}
