/* sd-sync-private.h: the parts of the shared-folder sync (sd-sync*.c) */
#pragma once

#include "sd-sync.h"

G_BEGIN_DECLS

#define SD_SYNC_MANIFEST_NAME "manifest.json"
#define SD_SYNC_MANIFEST_MAX (16 * 1024 * 1024)
#define SD_SYNC_JSON_MAX (1024 * 1024)
#define SD_SYNC_PDF_MAX (256 * 1024 * 1024)
#define SD_SYNC_IMAGE_MAX (8 * 1024 * 1024)

/* --- sd-sync-fs.c: files relative to a directory fd, never following links */

typedef enum {
  SD_SYNC_NAME_NORMAL,
  SD_SYNC_NAME_TEMPORARY,  /* NAME.tmp-*, .part, .~lock.*#, ~$*, .syncthing.* */
  SD_SYNC_NAME_CONFLICT,   /* *.sync-conflict-*, "* (conflicted copy*", "*(Conflict*" */
} SdSyncNameKind;

SdSyncNameKind sd_sync_classify_name (const char *name);
/* One component: [A-Za-z0-9._-], 1–128 bytes, not starting with '.'. */
gboolean       sd_sync_name_is_safe  (const char *name);
/* "DIR/NAME" or "NAME", each component safe; "requests/MATTER/NAME" and
 * "completed/MATTER/NAME" with MATTER sd_sync_folder_name_is_safe(). */
gboolean       sd_sync_relpath_is_safe (const char *relpath);
/* A matter's folder: like sd_sync_name_is_safe, but letters, marks and
 * digits of any script, in NFC, at most 128 bytes, not a name Windows
 * reserves (CON, NUL, COM1…). */
gboolean       sd_sync_folder_name_is_safe (const char *name);

/* Opens the directory @name below @dirfd without following a link
 * (creating it, 0755, when @create). Returns -1 with @error. */
int            sd_sync_open_dir_at   (int          dirfd,
                                      const char  *name,
                                      gboolean     create,
                                      GError     **error);

/* "DIR" or "DIR/SUB": each folder opened (or made) in turn, no links;
 * every component must be sd_sync_folder_name_is_safe(). */
int            sd_sync_open_path_at  (int          dirfd,
                                      const char  *relpath,
                                      gboolean     create,
                                      GError     **error);

typedef enum {
  SD_SYNC_FILE_OK,
  SD_SYNC_FILE_MISSING,     /* not there (yet) */
  SD_SYNC_FILE_INCOMPLETE,  /* shorter than announced: still arriving */
  SD_SYNC_FILE_BAD,         /* a link, a device, too large, a hash mismatch */
} SdSyncFileStatus;

/* Reads @relpath below @dirfd: a regular file of at most @max_len bytes,
 * and when @size >= 0 exactly @size bytes whose SHA-256 is @sha256. */
GBytes        *sd_sync_read_at       (int               dirfd,
                                      const char       *relpath,
                                      gssize            size,
                                      const char       *sha256,
                                      gsize             max_len,
                                      SdSyncFileStatus *status,
                                      GError          **error);
/* NAME.tmp-XXXXXX below @dirfd, fsync, rename over @name, fsync @dirfd. */
gboolean       sd_sync_write_at      (int          dirfd,
                                      const char  *name,
                                      const void  *data,
                                      gsize        len,
                                      GError     **error);
/* Names of the entries of @dirfd that are conflict copies, recursively
 * one level down (char *, "DIR/NAME"). */
void           sd_sync_find_conflicts (int         dirfd,
                                       const char *prefix,
                                       int         depth,
                                       GPtrArray  *out);

/* --- sd-sync-witness.c: tree heads of peers */

typedef enum {
  SD_SYNC_HEAD_SAME,        /* the head kept, unchanged */
  SD_SYNC_HEAD_EXTENDS,     /* proven to extend the head kept */
  SD_SYNC_HEAD_UNPROVEN,    /* bigger, but no proof from the size kept */
  SD_SYNC_HEAD_INCONSISTENT,
} SdSyncHeadVerdict;

/* @head: a peer's signed head (already checked); @proofs: the manifest's
 * "consistency" array (may be NULL). */
SdSyncHeadVerdict sd_sync_compare_head (gint64      kept_size,
                                        const char *kept_root,
                                        JsonObject *head,
                                        JsonArray  *proofs,
                                        char      **message);

/* --- sd-sync-import.c / sd-sync-publish.c */

/* Reads, checks the signature of and validates the manifest of @peer
 * (opened as @peer_fd). NULL with @error when refused; *status MISSING
 * when there is none. @sha256 its hash. */
JsonNode      *sd_sync_read_manifest (int               peer_fd,
                                      const char       *peer,
                                      const char       *ledger_key_id,
                                      SdSyncFileStatus *status,
                                      char            **sha256,
                                      GError          **error);
gboolean       sd_sync_import_peer   (SdWorkspace  *workspace,
                                      int           folder_fd,
                                      const char   *peer,
                                      const char   *ledger_key_id,
                                      SdSyncReport *report,
                                      GError      **error);
gboolean       sd_sync_publish       (SdWorkspace  *workspace,
                                      int           folder_fd,
                                      const SdSyncOptions *options,
                                      SdSyncReport *report,
                                      GError      **error);
/* sd-sync-published.c: every file sync_published lists, looked at in our
 * folder @me_fd; one missing or changed is dropped from it and what it
 * belongs to queued again. *@manifest_intact: the manifest there is the
 * one we wrote last. */
gboolean       sd_sync_check_published (SdWorkspace   *workspace,
                                        int            me_fd,
                                        SdSyncReport  *report,
                                        gboolean      *manifest_intact,
                                        GError       **error);
/* Records a refusal in the ledger and in sync_seen, once per
 * (@sha256, @kind). Returns TRUE when it was new. */
gboolean       sd_sync_refuse        (SdWorkspace  *workspace,
                                      SdSyncReport *report,
                                      const char   *peer,
                                      const char   *kind,
                                      const char   *path,
                                      const char   *sha256,
                                      const char   *request,
                                      const char   *reason);
void           sd_sync_report_add    (SdSyncReport *report,
                                      const char   *format,
                                      ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
