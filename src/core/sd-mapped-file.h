/* sd-mapped-file.h: read-only mappings of documents that survive the file
 * being cut short
 *
 * A file that another program truncates while it is mapped raises SIGBUS
 * at the next read past its new end, and the process dies. Every mapping
 * made here is registered in a fixed table; a SIGBUS handler (installed
 * at the first mapping) replaces the part of a registered mapping from
 * the faulting page on with zero pages and marks the mapping truncated,
 * so the read goes on and reads zeros. Callers then ask
 * sd_mapped_file_was_truncated() and turn what they read into an error.
 * A SIGBUS anywhere else goes to the handler that was there before (or
 * kills the process as it always did).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Maps the whole of @fd (a regular file; not closed here) read-only.
 * The GBytes unmaps it when it is freed; an empty file gives an empty
 * GBytes (its data is NULL). FALSE (G_FILE_ERROR) when it cannot be
 * mapped. */
GBytes   *sd_mapped_file_map_fd        (int          fd,
                                        GError     **error);

/* Opens @path read-only and maps it whole (sd_mapped_file_map_fd()). */
GBytes   *sd_mapped_file_map_path      (const char  *path,
                                        GError     **error);

/* Whether the file behind @bytes (a GBytes of sd_mapped_file_map_fd(), or
 * a sub-GBytes of one) was cut short while it was mapped: what was read
 * from it since may be zeros. FALSE for any other GBytes. */
gboolean  sd_mapped_file_was_truncated (GBytes      *bytes);

/* FALSE, with G_IO_ERROR_FAILED and a sentence naming @display_name, when
 * sd_mapped_file_was_truncated (@bytes). */
gboolean  sd_mapped_file_check_unchanged (GBytes      *bytes,
                                          const char  *display_name,
                                          GError     **error);

/* A mapping of @length bytes of @fd from @offset (a multiple of the page
 * size) made with MAP_SHARED | MAP_POPULATE, registered like the others:
 * the signer's windows. NULL (G_FILE_ERROR) when it cannot be mapped. */
gpointer  sd_mapped_window_map         (int          fd,
                                        goffset      offset,
                                        gsize        length,
                                        GError     **error);

/* Unmaps a window of sd_mapped_window_map(). Returns FALSE when the file
 * was cut short while it was mapped (what was read from it may be
 * zeros). */
gboolean  sd_mapped_window_unmap       (gpointer     data,
                                        gsize        length);

G_END_DECLS
