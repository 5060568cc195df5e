/* bench-app-gap.c: the longest main-loop gap of the app while it signs a large file
 *
 *   bench-app-gap FILE.pdf KEY
 *
 * Runs the application (SealdeskApplication, as `sealdesk FILE.pdf` does)
 * on the display it is given (Xvfb in bench/run), waits for the document
 * to be shown, then signs it the way "Sign…" does: win.sign, the first key
 * of the key store whose ID holds KEY (say "token=sealdesk-bench;", a
 * SoftHSM2 token), NAME-signed.pdf beside FILE.pdf, the PIN dialog
 * answered with $SD_BENCH_PIN. From the moment signing starts
 * until the window shows the signed copy and its signatures are verified,
 * a high-priority timeout beats every 5 ms and a tick callback counts the
 * frames; then it prints
 *
 *   main_loop_gap_ms N   the longest interval between two beats
 *   main_loop_gap_cpu_ms N  the most CPU time the main thread spent
 *                        between two beats: the part of a gap that is the
 *                        app's work, whatever else runs on the machine
 *   frame_gap_ms N       the longest interval between two frames
 *   frames N
 *   seconds S            signing started to the signed copy verified
 *   main_thread_cpu_ms N             the main thread's CPU time meanwhile
 *   main_thread_waiting_for_cpu_ms N and its time runnable but waiting for
 *                                    a CPU (others had it: a busy machine)
 *
 * and quits. The signed copy is removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sd-key-store.h"
#include "sd-secret.h"
#include "sealdesk-application.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-sign-dialog.h"
#include "sealdesk-window-private.h"

#define BEAT_MS 5
#define TIMEOUT_S 600

typedef enum
{
  STEP_OPENING,
  STEP_DIALOG,
  STEP_SIGNING,
  STEP_DONE,
} Step;

typedef struct
{
  GApplication   *app;
  SealdeskWindow *window;
  char           *key_id;
  GFile          *output;
  Step            step;
  gboolean        pin_given;
  gboolean        failed;
  gint64          started;
  guint64         sched_started[2];
  guint64         sched_finished[2];
  gint64          finished;
  gint64          last_beat;
  gint64          max_beat_gap;
  gint64          last_beat_cpu;       /* the main thread's CPU time, µs */
  gint64          max_beat_cpu;
  gint64          last_frame;
  gint64          max_frame_gap;
  guint           n_frames;
  guint           beat_id;
  guint           tick_id;
} Bench;

/* The main thread's time on a CPU and waiting for one, in ns, from
 * /proc/thread-self/schedstat (0 where there is none): on a busy machine
 * a gap is also the time other programs had the CPU. */
static void
read_schedstat (guint64 times[2])
{
  g_autofree char *text = NULL;

  times[0] = times[1] = 0;
  if (g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL))
    sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &times[0], &times[1]);
}

static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
beat (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  /* On stderr, each gap over 50 ms: when it began (monotonic µs, to
   * match with `perf record -k CLOCK_MONOTONIC`) and how long it was. */
  if (now - b->last_beat > 50000)
    g_printerr ("bench-app-gap: main loop stalled %.1f ms (%.1f ms of it on a CPU) from %" G_GINT64_FORMAT
                " us\n", (now - b->last_beat) / 1000.0, (cpu - b->last_beat_cpu) / 1000.0, b->last_beat);
  b->max_beat_gap = MAX (b->max_beat_gap, now - b->last_beat);
  b->max_beat_cpu = MAX (b->max_beat_cpu, cpu - b->last_beat_cpu);
  b->last_beat = now;
  b->last_beat_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  Bench *b = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (b->last_frame != 0)
    b->max_frame_gap = MAX (b->max_frame_gap, now - b->last_frame);
  b->last_frame = now;
  b->n_frames++;
  return G_SOURCE_CONTINUE;
}

/* The widget of @type or the button labelled @label under @root. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
shown_pin_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SEALDESK_IS_PIN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static void
fail (Bench      *b,
      const char *message)
{
  g_printerr ("bench-app-gap: %s\n", message);
  b->failed = TRUE;
  g_application_quit (b->app);
}

static gboolean
signed_copy_verified (Bench *b)
{
  GFile *file = sealdesk_window_get_file (b->window);
  SealdeskVerifyTask *task = sealdesk_signatures_panel_get_task (b->window->signatures_panel);

  return file != NULL && g_file_equal (file, b->output) &&
         sealdesk_window_get_state (b->window) == SEALDESK_WINDOW_STATE_DOCUMENT &&
         b->window->sign_dialog == NULL && task != NULL &&
         g_file_equal (sealdesk_verify_task_get_file (task), b->output) &&
         sealdesk_verify_task_get_status (task) != SEALDESK_VERIFY_STATUS_RUNNING;
}

static void
start_signing (Bench *b)
{
  GtkWidget *button = find_widget (b->window->sign_dialog, GTK_TYPE_BUTTON, "_Sign…");

  if (button == NULL || !gtk_widget_is_sensitive (button))
    return;                     /* the key is still being looked up */
  b->output = sealdesk_sign_dialog_default_output (sealdesk_window_get_file (b->window));
  g_unlink (g_file_peek_path (b->output));
  b->step = STEP_SIGNING;
  b->started = b->last_beat = g_get_monotonic_time ();
  b->last_beat_cpu = thread_cpu_time ();
  read_schedstat (b->sched_started);
  b->beat_id = g_timeout_add_full (G_PRIORITY_HIGH, BEAT_MS, beat, b, NULL);
  b->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (b->window), frame_tick, b, NULL);
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (b->window->sign_dialog), b->output);
}

static void
answer_pin (Bench *b)
{
  GtkWidget *pin = shown_pin_dialog ();
  GtkWidget *entry = pin != NULL ? find_widget (pin, GTK_TYPE_PASSWORD_ENTRY, NULL) : NULL;

  if (entry == NULL)
    return;
  b->pin_given = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), g_getenv ("SD_BENCH_PIN"));
  g_signal_emit_by_name (entry, "activate");
}

/* Every 20 ms: the next step once the app is ready for it. */
static gboolean
drive (gpointer data)
{
  Bench *b = data;

  switch (b->step)
    {
    case STEP_OPENING:
      if (b->window == NULL || sealdesk_window_get_state (b->window) == SEALDESK_WINDOW_STATE_LOADING)
        break;
      if (sealdesk_window_get_state (b->window) != SEALDESK_WINDOW_STATE_DOCUMENT)
        {
          fail (b, "the document did not open");
          return G_SOURCE_REMOVE;
        }
      if (_sealdesk_window_sign_blocker (b->window) != NULL)
        break;                  /* the workspace is still opening */
      if (!gtk_widget_activate_action (GTK_WIDGET (b->window), "win.sign", NULL) ||
          b->window->sign_dialog == NULL)
        {
          fail (b, "win.sign did not open the sign dialog");
          return G_SOURCE_REMOVE;
        }
      g_object_set (b->window->sign_dialog, "key-id", b->key_id, NULL);
      b->step = STEP_DIALOG;
      break;
    case STEP_DIALOG:
      start_signing (b);
      break;
    case STEP_SIGNING:
      if (!b->pin_given)
        answer_pin (b);
      if (!signed_copy_verified (b))
        break;
      b->finished = g_get_monotonic_time ();
      read_schedstat (b->sched_finished);
      beat (b);
      g_clear_handle_id (&b->beat_id, g_source_remove);
      gtk_widget_remove_tick_callback (GTK_WIDGET (b->window), b->tick_id);
      b->step = STEP_DONE;
      g_application_quit (b->app);
      return G_SOURCE_REMOVE;
    case STEP_DONE:
    default:
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () - (b->started ? b->started : b->last_beat) > TIMEOUT_S * G_USEC_PER_SEC)
    {
      fail (b, "timed out");
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
window_added (GtkApplication *app,
              GtkWindow      *window,
              Bench          *b)
{
  if (b->window == NULL && SEALDESK_IS_WINDOW (window))
    b->window = SEALDESK_WINDOW (window);
}

/* The ID of the first key whose ID holds @match, or NULL. */
static char *
find_key (const char *match)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = sd_key_store_list (NULL, NULL, &error);

  for (guint i = 0; keys != NULL && i < keys->len; i++)
    if (strstr (sd_key_get_id (g_ptr_array_index (keys, i)), match) != NULL)
      return g_strdup (sd_key_get_id (g_ptr_array_index (keys, i)));
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SealdeskApplication) app = NULL;
  Bench b = { 0 };
  char *app_argv[3];
  int status;

  sd_secret_harden_openssl ();
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);
  if (argc != 3 || g_getenv ("SD_BENCH_PIN") == NULL)
    {
      g_printerr ("usage: SD_BENCH_PIN=… bench-app-gap FILE.pdf KEY\n");
      return 2;
    }
  if ((b.key_id = find_key (argv[2])) == NULL)
    {
      g_printerr ("bench-app-gap: no key matches “%s”\n", argv[2]);
      return 1;
    }
  b.last_beat = g_get_monotonic_time ();
  app = sealdesk_application_new ();
  b.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added), &b);
  g_timeout_add (20, drive, &b);
  app_argv[0] = argv[0];
  app_argv[1] = argv[1];
  app_argv[2] = NULL;
  status = g_application_run (G_APPLICATION (app), 2, app_argv);
  if (b.output != NULL)
    {
      g_unlink (g_file_peek_path (b.output));
      g_object_unref (b.output);
    }
  g_free (b.key_id);
  if (b.failed || b.step != STEP_DONE)
    return status != 0 ? status : 1;
  g_printerr ("bench-app-gap: signing from %" G_GINT64_FORMAT " us to %" G_GINT64_FORMAT " us\n",
              b.started, b.finished);
  printf ("main_loop_gap_ms %.1f\n", b.max_beat_gap / 1000.0);
  printf ("main_loop_gap_cpu_ms %.1f\n", b.max_beat_cpu / 1000.0);
  printf ("frame_gap_ms %.1f\n", b.max_frame_gap / 1000.0);
  printf ("frames %u\n", b.n_frames);
  printf ("seconds %.3f\n", (b.finished - b.started) / (double) G_USEC_PER_SEC);
  printf ("main_thread_cpu_ms %.1f\n", (b.sched_finished[0] - b.sched_started[0]) / 1e6);
  printf ("main_thread_waiting_for_cpu_ms %.1f\n", (b.sched_finished[1] - b.sched_started[1]) / 1e6);
  return 0;
}
