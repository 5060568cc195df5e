/* test-cli-empty.c: the `list` commands of `sealdesk-cli` on a new workspace
 *
 * Each runs in a fresh SEALDESK_HOME: as text it prints one line saying
 * that there is nothing yet and which command adds something (never
 * nothing at all), exit 0 and nothing on stderr; with --json it prints
 * the same empty array or object as before. Once something was added,
 * that line is gone.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sd-test-util.h"

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* Runs sealdesk-cli with @args in the workspace @home; returns stdout. */
static char *
run_in (const char         *home,
        const char * const *args)
{
  g_autofree char *program = sd_test_built_program ("src/cli/sealdesk-cli");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "SEALDESK_HOME", home, TRUE);
  envp = g_environ_setenv (envp, "SEALDESK_LEDGER_KEY_STORE", "file", TRUE);
  envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");

  status = sd_test_run ((const char * const *) argv->pdata,
                        (const char * const *) envp, &out, &err);
  g_test_message ("%s %s: exit %d\nstdout: %s\nstderr: %s", args[0], args[1], status, out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  return out;
}

typedef struct
{
  const char *args[4];   /* the command, NULL-terminated */
  const char *hint;      /* the command the line points at */
  const char *member;    /* the JSON member holding the list; NULL: a bare array */
} ListCase;

static const ListCase cases[] = {
  { { "ledger", "list", NULL }, "sealdesk-cli profile add", "entries" },
  { { "request", "list", NULL }, "sealdesk-cli request create", "requests" },
  { { "seal", "list", NULL }, "sealdesk-cli seal import", "seals" },
  { { "profile", "list", NULL }, "sealdesk-cli profile add", "profiles" },
  { { "trust", "list", NULL }, "sealdesk-cli trust add", "anchors" },
  { { "sync", "peer", "list", NULL }, "sealdesk-cli sync peer add", NULL },
};

static void
test_empty_lists (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ListCase *c = &cases[i];
      g_autofree char *home = sd_test_make_tmpdir ();
      g_autofree char *text = run_in (home, c->args);
      const char *with_json[6] = { 0 };
      g_autofree char *json = NULL;
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonArray *array;
      guint n = 0;

      /* One line, naming the command that adds one. */
      g_assert_true (g_str_has_suffix (text, "\n"));
      g_assert_true (strchr (text, '\n') == text + strlen (text) - 1);
      g_assert_nonnull (strstr (text, c->hint));

      for (; c->args[n] != NULL; n++)
        with_json[n] = c->args[n];
      with_json[n] = "--json";
      json = run_in (home, with_json);
      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      root = json_parser_get_root (parser);
      if (c->member == NULL)
        {
          g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
          array = json_node_get_array (root);
        }
      else
        {
          JsonObject *object;

          g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
          object = json_node_get_object (root);
          g_assert_true (json_object_has_member (object, c->member));
          array = json_object_get_array_member (object, c->member);
          if (g_str_equal (c->member, "entries"))
            {
              g_assert_cmpint (json_object_get_int_member (object, "tree_size"), ==, 0);
              g_assert_cmpuint (json_object_get_size (object), ==, 2);
            }
          else
            g_assert_cmpuint (json_object_get_size (object), ==, 1);
        }
      g_assert_nonnull (array);
      g_assert_cmpuint (json_array_get_length (array), ==, 0);
    }
}

/* With one certificate authority, "trust list" lists it and says nothing
 * of an empty list. */
static void
test_not_empty (void)
{
  g_autofree char *home = sd_test_make_tmpdir ();
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autofree char *added = run_in (home, ARGS ("trust", "add", ca));
  g_autofree char *text = run_in (home, ARGS ("trust", "list"));

  g_assert_nonnull (strstr (text, "Sealdesk Test Root CA"));
  g_assert_null (strstr (text, "trust add"));
  g_assert_true (strchr (text, '\n') == text + strlen (text) - 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/empty/lists", test_empty_lists);
  g_test_add_func ("/cli/empty/not-empty", test_not_empty);

  return g_test_run ();
}
