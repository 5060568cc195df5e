/* cli-request.c: sealdesk-cli request … (stamp requests) */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-store.h"
#include "sd-request.h"
#include "sd-sealing.h"
#include "sd-secret.h"

#define OPINION_MAX_LEN (1024 * 1024)

static void
print_request_text (SdRequest *request)
{
  SdRequestStep *step = sd_request_current_step (request);

  /* TRANSLATORS: "req-1a2b… pending: contract.pdf — Sign the lease" */
  g_print (_("%s %s: %s — %s\n"), request->id, request->state, request->doc_name, request->reason);
  if (step != NULL && (g_str_equal (request->state, "pending") || g_str_equal (request->state, "approved")))
    {
      g_autofree char *names = g_strjoinv (", ", step->profiles);

      /* TRANSLATORS: "  next: step 2, stamp by keeper" */
      g_print (_("  next: step %d, %s by %s\n"), step->index, sd_step_kind_to_string (step->kind), names);
    }
  if (request->output != NULL)
    g_print (_("  signed document: %s\n"), request->output);
}

static int
print_request (SdRequest *request,
               gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = sd_request_to_json (request);

      sd_cli_print_json (node);
    }
  else
    print_request_text (request);
  return SD_CLI_EXIT_OK;
}

static int
request_create (int    argc,
                char **argv)
{
  g_autofree char *as = NULL, *pin_env = NULL, *reason = NULL, *matter = NULL;
  g_auto(GStrv) seals = NULL, pages = NULL, rects = NULL, steps = NULL, rest = NULL;
  gboolean lock = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("The requester's profile"), "PROFILE" },
    { "pin-env", 0, 0, G_OPTION_ARG_STRING, &pin_env, N_("Read the key's PIN or passphrase from environment variable VAR"), "VAR" },
    { "seal", 0, 0, G_OPTION_ARG_STRING_ARRAY, &seals, N_("Seal ID from the seal library; may be repeated"), "ID" },
    { "page", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pages, N_("Page of the seal, from 1; may be repeated"), "N" },
    { "rect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rects, N_("Where the seal goes, in points from the bottom-left of the page, or field:NAME for an empty signature field; may be repeated"), "X,Y,W,H" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the seal is needed"), "TEXT" },
    { "matter", 0, 0, G_OPTION_ARG_STRING, &matter, N_("Matter or case number"), "TEXT" },
    { "step", 0, 0, G_OPTION_ARG_STRING_ARRAY, &steps, N_("A step, in order: KIND:PROFILE[,PROFILE…][:all], KIND approve, sign or stamp"), "STEP" },
    { "lock", 0, 0, G_OPTION_ARG_NONE, &lock, N_("Lock the document with the last signature"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the request as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("DOC.pdf"), N_("Ask for seals and signatures on a document"), entries);
  g_autoptr(GPtrArray) placements = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_placement_free);
  g_autoptr(GPtrArray) step_list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SdRequestSpec spec = { 0 };
  SdCliPin pin = { 0 };
  guint n_seals, n_pages, n_rects;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one PDF document for the request"));
  if (as == NULL)
    return sd_cli_failf (_("Say who makes the request with --as PROFILE"));
  n_seals = seals != NULL ? g_strv_length (seals) : 0;
  n_pages = pages != NULL ? g_strv_length (pages) : 0;
  n_rects = rects != NULL ? g_strv_length (rects) : 0;
  if (n_seals != n_rects || (n_pages != n_rects && n_pages > 1))
    return sd_cli_failf (_("Give one --rect (and one --page, or one --page for all) per --seal"));
  for (guint i = 0; i < n_seals; i++)
    {
      SdRequestPlacement *p = g_new0 (SdRequestPlacement, 1);
      double rect[4];

      g_ptr_array_add (placements, p);
      p->seal = g_strdup (seals[i]);
      p->page = 1;
      /* "field:NAME": into the document's empty signature field NAME. */
      if (g_str_has_prefix (rects[i], "field:") && rects[i][6] != '\0')
        {
          p->field = g_strdup (rects[i] + 6);
          continue;
        }
      if (!sd_cli_parse_rect (rects[i], rect, &error)
          || (n_pages > 0 && !sd_cli_parse_page (pages[n_pages == 1 ? 0 : i], &p->page, &error)))
        return sd_cli_fail (error);
      p->x = rect[0];
      p->y = rect[1];
      p->width = rect[2];
      p->height = rect[3];
    }
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      SdRequestStep *step = sd_request_step_parse (steps[i], &error);

      if (step == NULL)
        return sd_cli_fail (error);
      step->index = (int) i + 1;
      g_ptr_array_add (step_list, step);
    }

  spec.document = rest[0];
  spec.requester = as;
  spec.reason = reason;
  spec.matter = matter;
  spec.placements = placements;
  spec.steps = step_list;
  spec.lock = lock;
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_cli_pin_from_env (&pin, pin_env, &error))
    return sd_cli_fail (error);
  request = sd_request_create (workspace, &spec, sd_cli_pin_cb, &pin, &error);
  sd_cli_pin_clear (&pin);
  if (request == NULL)
    return sd_cli_fail (error);
  return print_request (request, json);
}

static int
request_list (int    argc,
              char **argv)
{
  g_autofree char *state = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("Only requests in this state: pending, approved, rejected, completed or withdrawn"), "STATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  static const char *const states[] = { "pending", "approved", "rejected", "completed", "withdrawn" };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("List stamp requests"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (state != NULL && !g_strv_contains (states, state))
    return sd_cli_failf (_("--state takes pending, approved, rejected, completed or withdrawn, not “%s”"), state);
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (requests = sd_request_list (workspace, state, &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < requests->len; i++)
        json_array_add_element (array, sd_request_to_json (g_ptr_array_index (requests, i)));
      sd_cli_print_list ("requests", array);
      return SD_CLI_EXIT_OK;
    }
  if (requests->len == 0 && state != NULL)
    /* TRANSLATORS: "request list --state pending" found none; %s is the state as given */
    g_print (_("No stamp request is %s.\n"), state);
  else if (requests->len == 0)
    /* TRANSLATORS: "request list" of a new workspace */
    g_print ("%s\n", _("No stamp requests yet. Create one with “sealdesk-cli request create DOC.pdf --as PROFILE --seal ID --page N --rect X,Y,W,H --step KIND:PROFILE”."));
  for (guint i = 0; i < requests->len; i++)
    print_request_text (g_ptr_array_index (requests, i));
  return SD_CLI_EXIT_OK;
}

static int
request_show (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the request as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("ID"), N_("Show a stamp request and its decisions"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one request ID (see “sealdesk-cli request list”)"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (request = sd_request_get (workspace, rest[0], &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    return print_request (request, TRUE);
  print_request_text (request);
  for (guint i = 0; i < request->decisions->len; i++)
    {
      SdDecision *d = g_ptr_array_index (request->decisions, i);

      /* TRANSLATORS: "  2026-12-04T10:00:00Z step 1: partner approve" */
      g_print (_("  %s step %d: %s %s\n"), d->time, d->step, d->profile, d->action);
      if (d->comment != NULL)
        g_print ("    %s\n", d->comment);
      if (d->opinion != NULL)
        g_print (_("    opinion: %s\n"), d->opinion);
    }
  return SD_CLI_EXIT_OK;
}

static int
decide (int            argc,
        char         **argv,
        SdDecideAction action,
        const char    *summary)
{
  g_autofree char *as = NULL, *pin_env = NULL, *seal_pin_env = NULL, *comment = NULL;
  g_autofree char *opinion_file = NULL, *out = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("The deciding profile"), "PROFILE" },
    { "pin-env", 0, 0, G_OPTION_ARG_STRING, &pin_env, N_("Read the key's PIN or passphrase from environment variable VAR"), "VAR" },
    { "seal-pin-env", 0, 0, G_OPTION_ARG_STRING, &seal_pin_env, N_("PIN of the seal's key, when it is another key (default: --pin-env)"), "VAR" },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Comment kept with the decision"), "TEXT" },
    { "opinion", 0, 0, G_OPTION_ARG_FILENAME, &opinion_file, N_("Written opinion (UTF-8 text file) when declining"), "FILE" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Where the last step writes the signed document"), "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the request as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("ID"), summary, entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opinion = NULL;
  SdDecideOptions opts = { 0 };
  SdCliPin pin = { 0 }, seal_pin = { 0 };

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one request ID (see “sealdesk-cli request list”)"));
  if (as == NULL)
    return sd_cli_failf (_("Say who decides with --as PROFILE"));
  if (opinion_file != NULL && (opinion = sd_cli_read_text_file (opinion_file, OPINION_MAX_LEN, &error)) == NULL)
    return sd_cli_fail (error);
  if ((workspace = sd_cli_open_workspace (&error)) == NULL)
    return sd_cli_fail (error);
  /* The seal's key is asked for the same PIN unless told otherwise; the
   * environment variable is read once, so copy it for both. */
  if (!sd_cli_pin_from_env (&pin, pin_env, &error))
    return sd_cli_fail (error);
  if (seal_pin_env != NULL && !sd_cli_pin_from_env (&seal_pin, seal_pin_env, &error))
    {
      sd_cli_pin_clear (&pin);
      return sd_cli_fail (error);
    }
  if (seal_pin_env == NULL && pin.pin != NULL)
    seal_pin.pin = sd_secret_dup (pin.pin);

  opts.request_id = rest[0];
  opts.actor = as;
  opts.action = action;
  opts.comment = comment;
  opts.opinion = opinion;
  opts.output_path = out;
  opts.pin_cb = sd_cli_pin_cb;
  opts.pin_data = &pin;
  opts.seal_pin_cb = sd_cli_pin_cb;
  opts.seal_pin_data = &seal_pin;
  request = sd_sealing_decide (workspace, &opts, &error);
  sd_cli_pin_clear (&pin);
  sd_cli_pin_clear (&seal_pin);
  if (request == NULL)
    return sd_cli_fail (error);
  return print_request (request, json);
}

static int
request_approve (int argc, char **argv)
{
  return decide (argc, argv, SD_DECIDE_APPROVE, N_("Approve, sign or stamp the request's current step"));
}

static int
request_reject (int argc, char **argv)
{
  return decide (argc, argv, SD_DECIDE_REJECT, N_("Reject the request (a comment is required)"));
}

static int
request_decline (int argc, char **argv)
{
  return decide (argc, argv, SD_DECIDE_DECLINE, N_("Decline to sign, with a written opinion"));
}

static int
request_withdraw (int argc, char **argv)
{
  return decide (argc, argv, SD_DECIDE_WITHDRAW, N_("Withdraw the request (the requester only)"));
}

int
sd_cli_request (int    argc,
                char **argv)
{
  static const SdCliSubcommand subcommands[] = {
    { "create", N_("Ask for seals and signatures on a document"), request_create },
    { "list", N_("List stamp requests"), request_list },
    { "show", N_("Show a request and its decisions"), request_show },
    { "approve", N_("Approve, sign or stamp the current step"), request_approve },
    { "reject", N_("Reject a request"), request_reject },
    { "decline", N_("Decline to sign, with a written opinion"), request_decline },
    { "withdraw", N_("Withdraw a request"), request_withdraw },
  };

  return sd_cli_dispatch ("request", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
