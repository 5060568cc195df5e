/* sd-atomic-file.h: write a file so that readers see all of it or none
 *
 * Every file Sealdesk writes is made nameless (O_TMPFILE) in the directory
 * of NAME, or as "NAME.tmp-XXXXXX" where the filesystem cannot, is
 * fsync'ed, then linked or renamed into place. Freeing an uncommitted
 * SdAtomicFile drops it: an interrupted run leaves no partial output and
 * never touches an existing NAME; a temporary name left by a killed writer
 * is removed by the next writer of NAME. With a cancellable set, a cancel
 * drops the file at the next write or at the commit, there and then.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SdAtomicFile SdAtomicFile;

SdAtomicFile *sd_atomic_file_new        (const char    *path,
                                         GError       **error);
/* The same with file permissions @mode (0600 for private files). */
SdAtomicFile *sd_atomic_file_new_with_mode (const char *path,
                                            int         mode,
                                            GError    **error);
/* From now on every write and the commit check @cancellable (may be
 * NULL): once it is cancelled they fail with G_IO_ERROR_CANCELLED, and the
 * file is dropped at once (its temporary name, if it has one, removed; an
 * existing NAME untouched), not only when it is freed. */
void          sd_atomic_file_set_cancellable (SdAtomicFile *self,
                                              GCancellable *cancellable);
const char   *sd_atomic_file_get_path   (SdAtomicFile  *self);
/* Bytes written so far with sd_atomic_file_write() and
 * sd_atomic_file_copy_range(). */
goffset       sd_atomic_file_get_offset (SdAtomicFile  *self);
gboolean      sd_atomic_file_write      (SdAtomicFile  *self,
                                         const void    *data,
                                         gsize          len,
                                         GError       **error);
/* Appends @len bytes of @fd from @offset (the descriptor's own offset is
 * left alone), copied by the kernel (copy_file_range(): no user-space
 * copy, none at all where the filesystem shares extents). @mapped holds the
 * same bytes in memory (the caller's mapping of them): they are written
 * instead where the kernel cannot copy between the two files. */
gboolean      sd_atomic_file_copy_range (SdAtomicFile  *self,
                                         int            fd,
                                         goffset        offset,
                                         gsize          len,
                                         const void    *mapped,
                                         GError       **error);
/* Overwrite bytes already written (does not move the write offset). */
gboolean      sd_atomic_file_pwrite     (SdAtomicFile  *self,
                                         goffset        offset,
                                         const void    *data,
                                         gsize          len,
                                         GError       **error);
/* fsync, rename into place, fsync the directory. */
gboolean      sd_atomic_file_commit     (SdAtomicFile  *self,
                                         GError       **error);
void          sd_atomic_file_free       (SdAtomicFile  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAtomicFile, sd_atomic_file_free)

/* Whole-buffer convenience. */
gboolean      sd_file_set_contents_atomic (const char  *path,
                                           const void  *data,
                                           gsize        len,
                                           GError     **error);

G_END_DECLS
