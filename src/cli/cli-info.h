/* cli-info.h: what `sealdesk-cli info` gathers about a document, and its two
 * ways of printing it (text in cli-info-text.c, JSON in cli-info.c). */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-pdf-document.h"

G_BEGIN_DECLS

typedef struct {
  char          *file;       /* the path as given, UTF-8 for display */
  char          *sha256;
  SdPdfDocument *doc;
  GArray        *pages;      /* SdPdfPageInfo, one per page */
  char          *title;      /* /Info strings, UTF-8, or NULL */
  char          *producer;
  char          *creator;
} SdCliInfo;

void      sd_cli_info_clear      (SdCliInfo       *info);
/* "table", "stream", "hybrid": the JSON names. */
const char *sd_cli_info_xref_name (SdPdfXrefStyle  style);
JsonNode *sd_cli_info_to_json    (const SdCliInfo *info);
void      sd_cli_info_print_text (const SdCliInfo *info);

G_END_DECLS
