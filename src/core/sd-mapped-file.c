/* sd-mapped-file.c: read-only mappings of documents that survive the file
 * being cut short (see sd-mapped-file.h)
 *
 * The table of mappings is read by the SIGBUS handler, so it takes no
 * lock: a slot is claimed with a compare-and-swap (FREE → BUSY), filled,
 * then published (USED); it is withdrawn (BUSY) before its mapping is
 * unmapped, then freed. The handler only reads USED slots and calls
 * mmap(), which is async-signal-safe.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-mapped-file.h"

/* Mappings alive at once: documents open in the app (two each: Poppler's
 * and the core's), the CLI's one or two, the signer's window. */
#define N_SLOTS 1024

enum
{
  SLOT_FREE,
  SLOT_BUSY,
  SLOT_USED,
};

typedef struct
{
  atomic_int       state;
  atomic_uintptr_t start;     /* page-aligned */
  atomic_size_t    length;    /* rounded up to whole pages */
  atomic_int       truncated;
} Slot;

G_STATIC_ASSERT (ATOMIC_INT_LOCK_FREE == 2);
G_STATIC_ASSERT (ATOMIC_POINTER_LOCK_FREE == 2);
G_STATIC_ASSERT (ATOMIC_LONG_LOCK_FREE == 2);

static Slot slots[N_SLOTS];
static atomic_int n_slots_seen; /* slots at or above this were never used */
static struct sigaction previous;
static uintptr_t page_size;

/* The SIGBUS handler that was there before ours: called for any fault
 * outside our mappings. One that kills by default (SIG_DFL, or SIG_IGN,
 * which cannot skip a fault) is put back: the fault repeats when the
 * handler returns (a signal sent with kill() is sent again) and the
 * process dies of it as it would have. */
static void
hand_over (int        sig,
           siginfo_t *info,
           void      *context)
{
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != NULL)
    {
      previous.sa_sigaction (sig, info, context);
      return;
    }
  if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN)
    {
      previous.sa_handler (sig);
      return;
    }
  signal (sig, SIG_DFL);
  if (info == NULL || info->si_code <= 0)
    raise (sig);
}

static void
on_sigbus (int        sig,
           siginfo_t *info,
           void      *context)
{
  uintptr_t addr = info != NULL ? (uintptr_t) info->si_addr : 0;
  int n = atomic_load (&n_slots_seen);
  int saved_errno = errno;

  for (int i = 0; info != NULL && info->si_code > 0 && i < n; i++)
    {
      Slot *slot = &slots[i];
      uintptr_t start, end, from;

      if (atomic_load (&slot->state) != SLOT_USED)
        continue;
      start = atomic_load (&slot->start);
      end = start + atomic_load (&slot->length);
      if (addr < start || addr >= end)
        continue;
      /* The file ends before this page now: from here on, zeros. */
      from = addr & ~(page_size - 1);
      if (mmap ((void *) from, end - from, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
          == MAP_FAILED)
        break;
      atomic_store (&slot->truncated, 1);
      errno = saved_errno;
      return;
    }
  errno = saved_errno;
  hand_over (sig, info, context);
}

static gpointer
install_handler (gpointer data)
{
  struct sigaction action = { 0 };

  (void) data;
  page_size = (uintptr_t) sysconf (_SC_PAGESIZE);
  action.sa_sigaction = on_sigbus;
  /* SA_ONSTACK: on the thread's alternate stack when it has one (the
   * sanitizers set one up), as the handler it may hand over to expects. */
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset (&action.sa_mask);
  if (sigaction (SIGBUS, &action, &previous) != 0)
    g_warning ("Cannot install the SIGBUS handler: %s", g_strerror (errno));
  return NULL;
}

static void
ensure_handler (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install_handler, NULL);
}

/* Registers [@start, @start + @length): FALSE when the table is full
 * (the mapping then works as a plain one). */
static gboolean
register_range (gpointer start,
                gsize    length)
{
  for (int i = 0; i < N_SLOTS; i++)
    {
      Slot *slot = &slots[i];
      int expected = SLOT_FREE;
      int seen;

      if (!atomic_compare_exchange_strong (&slot->state, &expected, SLOT_BUSY))
        continue;
      atomic_store (&slot->start, (uintptr_t) start);
      atomic_store (&slot->length, (length + page_size - 1) & ~(page_size - 1));
      atomic_store (&slot->truncated, 0);
      seen = atomic_load (&n_slots_seen);
      while (seen <= i && !atomic_compare_exchange_weak (&n_slots_seen, &seen, i + 1))
        ;
      atomic_store (&slot->state, SLOT_USED);
      return TRUE;
    }
  g_debug ("%d files are mapped: the next is not protected from being cut short", N_SLOTS);
  return FALSE;
}

static Slot *
find_slot (gconstpointer address)
{
  uintptr_t addr = (uintptr_t) address;
  int n = atomic_load (&n_slots_seen);

  for (int i = 0; i < n; i++)
    {
      Slot *slot = &slots[i];
      uintptr_t start;

      if (atomic_load (&slot->state) != SLOT_USED)
        continue;
      start = atomic_load (&slot->start);
      if (addr >= start && addr < start + atomic_load (&slot->length))
        return slot;
    }
  return NULL;
}

/* Withdraws the range that starts at @start; returns whether it was cut
 * short. */
static gboolean
unregister_range (gpointer start)
{
  Slot *slot = find_slot (start);
  int expected = SLOT_USED;
  gboolean truncated;

  if (slot == NULL || !atomic_compare_exchange_strong (&slot->state, &expected, SLOT_BUSY))
    return FALSE;
  truncated = atomic_load (&slot->truncated) != 0;
  atomic_store (&slot->state, SLOT_FREE);
  return truncated;
}

static gpointer
map_range (int       fd,
           goffset   offset,
           gsize     length,
           int       flags,
           GError  **error)
{
  void *data;

  ensure_handler ();
  data = mmap (NULL, length, PROT_READ, flags, fd, offset);
  if (data == MAP_FAILED)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }
  register_range (data, length);
  return data;
}

typedef struct
{
  gpointer data;
  gsize    length;
} Mapping;

static void
mapping_free (gpointer user_data)
{
  Mapping *mapping = user_data;

  unregister_range (mapping->data);
  munmap (mapping->data, mapping->length);
  g_free (mapping);
}

GBytes *
sd_mapped_file_map_fd (int      fd,
                       GError **error)
{
  struct stat st;
  Mapping *mapping;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }
  if (st.st_size == 0)
    return g_bytes_new (NULL, 0);
  if ((guint64) st.st_size > G_MAXSIZE)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, g_strerror (EFBIG));
      return NULL;
    }
  mapping = g_new (Mapping, 1);
  mapping->length = (gsize) st.st_size;
  mapping->data = map_range (fd, 0, mapping->length, MAP_PRIVATE, error);
  if (mapping->data == NULL)
    {
      g_free (mapping);
      return NULL;
    }
  return g_bytes_new_with_free_func (mapping->data, mapping->length, mapping_free, mapping);
}

GBytes *
sd_mapped_file_map_path (const char  *path,
                         GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display = NULL;
  GBytes *bytes;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      bytes = sd_mapped_file_map_fd (fd, &local_error);
      close (fd);
      if (bytes != NULL)
        return bytes;
    }
  else
    {
      int saved_errno = errno;

      g_set_error_literal (&local_error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
    }
  display = g_filename_display_name (path);
  /* TRANSLATORS: %s is a file name, then why it cannot be read */
  g_set_error (error, G_FILE_ERROR, local_error->code, _("Cannot read “%s”: %s"), display,
               local_error->message);
  return NULL;
}

gboolean
sd_mapped_file_was_truncated (GBytes *bytes)
{
  gsize length;
  gconstpointer data;
  Slot *slot;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  if (data == NULL || length == 0)
    return FALSE;
  slot = find_slot (data);
  return slot != NULL && atomic_load (&slot->truncated) != 0;
}

gboolean
sd_mapped_file_check_unchanged (GBytes      *bytes,
                                const char  *display_name,
                                GError     **error)
{
  if (!sd_mapped_file_was_truncated (bytes))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* TRANSLATORS: %s is a file name; the file was cut short
                * (truncated) by another program while Sealdesk read it */
               _("“%s” was changed by another program while it was read"), display_name);
  return FALSE;
}

gpointer
sd_mapped_window_map (int       fd,
                      goffset   offset,
                      gsize     length,
                      GError  **error)
{
  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (length > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return map_range (fd, offset, length, MAP_SHARED | MAP_POPULATE, error);
}

gboolean
sd_mapped_window_unmap (gpointer data,
                        gsize    length)
{
  gboolean truncated;

  g_return_val_if_fail (data != NULL, TRUE);

  truncated = unregister_range (data);
  munmap (data, length);
  return !truncated;
}
