/* replay-main.c: runs a fuzz target over files, without libFuzzer
 *
 *   fuzz-TARGET-replay PATH...
 *
 * Each PATH is a file or a folder (every file in it, sorted). The normal
 * (gcc) test suite runs the regression inputs of tests/fuzz/regressions
 * this way: an input that once crashed a target must now pass through it.
 * Prints TAP, one test point per input.
 */
#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A target without regressions (or seeds) yet has no folder: git keeps
   * no empty ones. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("# %s: none yet\n", path);
      return;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        collect (child, files);
      }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_paths);

  printf ("1..%u\n", files->len);
  if (files->len == 0)
    printf ("# no input given\n");
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          fprintf (stderr, "cannot read %s: %s\n", path, error->message);
          continue;
        }
      /* A crash, a sanitizer report or a fatal critical ends the
       * process: meson counts the test as failed. */
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      printf ("ok %u - %s\n", i + 1, path);
      fflush (stdout);
    }
  return 0;
}
