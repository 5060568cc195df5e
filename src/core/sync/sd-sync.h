/* sd-sync.h: publish to and import from a shared folder
 *
 * A shared folder is any directory that something else replicates between
 * workstations (Syncthing, Nextcloud, SMB, a USB stick). Each workstation
 * writes only below FOLDER/<its workstation ID>/ (temp name, fsync,
 * rename), and reads what the workstations it is paired with (sync_peer)
 * published below theirs. What a workstation publishes is listed in
 * FOLDER/<ID>/manifest.json, a canonical JSON document signed with its
 * ledger key (format in docs/sync-manifest.md): its profiles, seals and
 * grants, the stamp requests, decisions and completed documents it made,
 * its signed ledger tree head with consistency proofs, and the heads of
 * its peers it holds (witnessing).
 *
 * Nothing in the folder is trusted: a manifest counts only when signed by
 * the paired ledger key, every file is opened relative to the folder
 * without following links and checked for type, size and SHA-256, every
 * request and decision goes through the store's own checks
 * (sd-store-remote.h), and what is refused is recorded in the ledger, once.
 * Files still being written wait for a later pass. The calls block: run
 * them off the main thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SD_SYNC_ERROR (sd_sync_error_quark ())

typedef enum {
  SD_SYNC_ERROR_FAILED,
  SD_SYNC_ERROR_FOLDER,      /* the shared folder cannot be used */
  SD_SYNC_ERROR_INVALID,     /* a bad peer ID or key ID */
  SD_SYNC_ERROR_NOT_FOUND,   /* no such peer */
} SdSyncError;

GQuark sd_sync_error_quark (void);

typedef struct {
  guint      published;     /* files written to our folder */
  guint      imported;      /* things taken into the store */
  guint      waiting;       /* incomplete or not yet importable: next pass */
  guint      refused;       /* refused (recorded in the ledger) this pass */
  guint      conflicts;     /* conflict copies seen (ignored) */
  GPtrArray *messages;      /* char *: what happened, for a person */
} SdSyncReport;

void      sd_sync_report_clear   (SdSyncReport  *report);
JsonNode *sd_sync_report_to_json (SdSyncReport  *report);

/* What a pass publishes (Preferences, `sync --publish`). What is left
 * out stays in the publish queue ("what waits to go out") and goes out on
 * a pass that publishes it. The signed ledger tree head is always
 * published: peers witness it (see "The seal-use ledger" in DESIGN.md). */
typedef enum {
  SD_SYNC_PUBLISH_REQUESTS  = 1 << 0,  /* stamp requests with their documents */
  SD_SYNC_PUBLISH_DECISIONS = 1 << 1,  /* signed decisions and what they signed */
  SD_SYNC_PUBLISH_COMPLETED = 1 << 2,  /* completed documents (completed/REQ.pdf) */
  SD_SYNC_PUBLISH_REPORTS   = 1 << 3,  /* their verification reports, JSON and PDF */
  SD_SYNC_PUBLISH_ALL       = 0x0f,
} SdSyncPublish;

typedef struct {
  SdSyncPublish publish;
  /* requests/MATTER/ and completed/MATTER/ for requests with a matter
   * (sd_sync_matter_folder() names the folder) */
  gboolean      matter_folders;
} SdSyncOptions;

/* Everything published, no matter folders. */
void      sd_sync_options_init   (SdSyncOptions *options);
/* "requests,decisions,completed,reports" (or "all", "none"). */
gboolean  sd_sync_publish_parse  (const char    *text,
                                  SdSyncPublish *out,
                                  GError       **error);
/* The folder for a matter's requests and completed documents, from the
 * matter as the requester typed it ("Smith v. Jones 2024/17" →
 * "Smith_v._Jones_2024_17", "仲裁 2026/5" → "仲裁_2026_5"): letters,
 * marks and digits of any script (NFC), '.', '_', '-'; NULL when nothing
 * of it is usable (then the request goes in requests/ itself). */
char     *sd_sync_matter_folder  (const char    *matter);

/* One pass: imports what paired workstations published that is new, then
 * publishes what the publish queue holds and a new manifest when anything
 * changed. Remembers @folder as the workspace's shared folder. @options
 * may be NULL (sd_sync_options_init). */
gboolean  sd_sync_run            (SdWorkspace         *workspace,
                                  const char          *folder,
                                  const SdSyncOptions *options,
                                  SdSyncReport        *report,
                                  GError             **error);
gboolean  sd_sync_run_once       (SdWorkspace   *workspace,
                                  const char    *folder,
                                  SdSyncReport  *report,
                                  GError       **error);
/* Pairing: @workstation and @ledger_key_id as `ledger head` prints them
 * ("workstation", "key_id") on the other workstation. */
gboolean  sd_sync_peer_add       (SdWorkspace   *workspace,
                                  const char    *workstation,
                                  const char    *ledger_key_id,
                                  const char    *label,
                                  GError       **error);
gboolean  sd_sync_peer_remove    (SdWorkspace   *workspace,
                                  const char    *workstation,
                                  GError       **error);
/* [{workstation, ledger_key_id, label, added, last_seen, last_serial,
 *   witnessed_head: {tree_size, root_hash, seen} | null, conflict}] */
JsonNode *sd_sync_peer_list      (SdWorkspace   *workspace,
                                  GError       **error);
/* {workstation, ledger_key_id, folder, queued, last_sync, last_report, peers} */
JsonNode *sd_sync_status         (SdWorkspace   *workspace,
                                  GError       **error);

typedef struct {
  char     *workstation;
  char     *label;
  gboolean  consistent;
  char     *message;
} SdSyncPeerCheck;

void      sd_sync_peer_check_free (SdSyncPeerCheck *check);

/* For every peer: is its newest head published in @folder (NULL: the
 * remembered folder) consistent with the head kept of it? Returns an
 * array of SdSyncPeerCheck, NULL on error. */
GPtrArray *sd_sync_check_peers   (SdWorkspace   *workspace,
                                  const char    *folder,
                                  GError       **error);

G_END_DECLS
