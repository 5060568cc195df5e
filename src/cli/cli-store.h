/* cli-store.h: what the workflow commands (profile, seal, request,
 * ledger) share */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

/* The workspace of $SEALDESK_HOME (or the XDG data folder). */
SdWorkspace *sd_cli_open_workspace  (GError     **error);

/* "X,Y,W,H" in points. */
gboolean     sd_cli_parse_rect      (const char  *text,
                                     double       rect[4],
                                     GError     **error);
/* A page number from 1. */
gboolean     sd_cli_parse_page      (const char  *text,
                                     int         *page,
                                     GError     **error);
/* Reads a small UTF-8 text file (an opinion, a comment). */
char        *sd_cli_read_text_file  (const char  *path,
                                     gsize        max_len,
                                     GError     **error);
/* Reads a JSON file of at most @max_len bytes. */
JsonNode    *sd_cli_read_json_file  (const char  *path,
                                     gsize        max_len,
                                     GError     **error);
/* Prints {"@member": @array} (taken) as JSON. */
gboolean     sd_cli_print_list      (const char  *member,
                                     JsonArray   *array);
/* Writes @node as pretty JSON to @path atomically, or to stdout when
 * @path is NULL. */
gboolean     sd_cli_write_json      (JsonNode    *node,
                                     const char  *path,
                                     GError     **error);

G_END_DECLS
