/* sd-sync-private.h: the parts of the shared-folder sync (sd-sync*.c) */
#pragma once

#include "sd-canonical-json.h"
#include "sd-db.h"
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

/* --- small getters for JSON from the folder: NULL, FALSE when absent or
 * of another type */

static inline const char *
sd_sync_get_string (JsonObject *object,
                    const char *name)
{
  return sd_json_get_string (object, name, NULL);
}

static inline gboolean
sd_sync_has_int (JsonObject *object,
                 const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static inline JsonArray *
sd_sync_get_array (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Exactly @len lower-case hex digits. */
static inline gboolean
sd_sync_is_hex (const char *text,
                gsize       len)
{
  gsize i;

  if (text == NULL)
    return FALSE;
  for (i = 0; text[i] != '\0'; i++)
    if (i >= len || !g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return i == len;
}

/* --- sd-sync-manifest.c: a peer's manifest, and what was seen of it */

/* Reads, checks the signature of and validates the manifest of @peer
 * (opened as @peer_fd). NULL with @error when refused; *status MISSING
 * when there is none. @sha256 its hash. */
JsonNode      *sd_sync_read_manifest (int               peer_fd,
                                      const char       *peer,
                                      const char       *ledger_key_id,
                                      SdSyncFileStatus *status,
                                      char            **sha256,
                                      GError          **error);

/* What is taken from one peer's manifest in a pass. */
typedef struct {
  SdWorkspace  *workspace;
  SdDb         *db;
  SdSyncReport *report;
  int           peer_fd;
  char         *peer;
  JsonNode     *root;
  JsonObject   *manifest;
  char         *sha256;       /* of the manifest */
  gint64        serial;
  gint64        last_serial;  /* the one taken before */
  guint         waiting;      /* objects that wait for a later pass */
  GHashTable   *by_ref;       /* "kind\nref" -> the first such object */
} SdSyncPeerImport;

/* The peer's manifest when there is one to take: NULL when the peer has
 * published nothing, nothing new, or a manifest that is refused (recorded)
 * or a replay. Conflict copies in its folder are reported. */
SdSyncPeerImport *sd_sync_peer_import_open   (SdWorkspace   *workspace,
                                              int            folder_fd,
                                              const char    *peer,
                                              const char    *ledger_key_id,
                                              SdSyncReport  *report,
                                              GError       **error);
void              sd_sync_peer_import_free   (SdSyncPeerImport *im);
/* Inside the batch: notes the manifest as taken in full, or when objects
 * wait, only that the peer was seen. */
gboolean          sd_sync_peer_import_finish (SdSyncPeerImport *im,
                                              GError          **error);
/* The first object of the manifest of (@kind, @ref), looked up by hash. */
JsonObject       *sd_sync_find_object        (SdSyncPeerImport *im,
                                              const char       *kind,
                                              const char       *ref);

/* Was (@sha256, @kind) imported or refused already? */
gboolean       sd_sync_seen          (SdDb        *db,
                                      const char  *sha256,
                                      const char  *kind);
void           sd_sync_mark_seen     (SdWorkspace *workspace,
                                      const char  *peer,
                                      const char  *sha256,
                                      const char  *kind,
                                      const char  *state,
                                      const char  *reason);
/* Records a refusal in the ledger and in sync_seen, once per
 * (@sha256, @kind) (@sha256 NULL: the hash of @reason). Returns TRUE when
 * it was new. */
gboolean       sd_sync_refuse        (SdWorkspace  *workspace,
                                      SdSyncReport *report,
                                      const char   *peer,
                                      const char   *kind,
                                      const char   *path,
                                      const char   *sha256,
                                      const char   *request,
                                      const char   *reason);

/* --- sd-sync-import.c / sd-sync-publish.c */

/* Imports what the paired workstations @peers (with their @keys) published
 * that is new: first every peer's tree head and profiles, then their
 * seals (grants name profiles of any peer), then
 * every peer's requests, then the decisions of all of them in the order
 * of their requests and steps, so that a decision made on a third
 * workstation finds the profiles, request and earlier steps it needs. */
gboolean       sd_sync_import        (SdWorkspace  *workspace,
                                      int           folder_fd,
                                      GPtrArray    *peers,
                                      GPtrArray    *keys,
                                      SdSyncReport *report,
                                      GError      **error);
gboolean       sd_sync_publish       (SdWorkspace  *workspace,
                                      int           folder_fd,
                                      const SdSyncOptions *options,
                                      SdSyncReport *report,
                                      GError      **error);
/* sd-sync-manifest-body.c: arrays of our manifest's body, from the
 * database, in a stable order. */
void           sd_sync_add_profiles  (SdDb         *db,
                                      JsonBuilder  *b);
void           sd_sync_add_objects   (SdDb         *db,
                                      JsonBuilder  *b);
void           sd_sync_add_proofs    (SdWorkspace  *workspace,
                                      JsonBuilder  *b,
                                      gint64        size);
void           sd_sync_add_witnessed (SdDb         *db,
                                      JsonBuilder  *b);
/* sd-sync-published.c: every file sync_published lists, looked at in our
 * folder @me_fd; one missing or changed is dropped from it and what it
 * belongs to queued again. *@manifest_intact: the manifest there is the
 * one we wrote last. */
gboolean       sd_sync_check_published (SdWorkspace   *workspace,
                                        int            me_fd,
                                        SdSyncReport  *report,
                                        gboolean      *manifest_intact,
                                        GError       **error);
void           sd_sync_report_add    (SdSyncReport *report,
                                      const char   *format,
                                      ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
