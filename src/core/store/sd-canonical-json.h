/* sd-canonical-json.h: the one byte form of a JSON value that is hashed
 *
 * The seal-use ledger and signed decisions hash and sign JSON, so each value
 * has exactly one serialization:
 *
 *  - UTF-8; no insignificant whitespace;
 *  - object members sorted by the UTF-8 bytes of their keys (memcmp order,
 *    a shorter prefix first); duplicate keys are an error;
 *  - strings escape only '"' as \", '\' as \\ and U+0000 .. U+001F (\b \f
 *    \n \r \t, else \u00XX in lower-case hex); everything else, '/' and
 *    non-ASCII included, is written as raw UTF-8;
 *  - numbers are integers (gint64) in plain decimal: no '+', no leading
 *    zeros, no fraction, no exponent, no "-0". A double is accepted by the
 *    writer only when integral and within ±2^53 (then written as an
 *    integer); the parser rejects any number written as a double;
 *  - true, false and null as is;
 *  - containers nest at most SD_CANONICAL_JSON_MAX_DEPTH deep.
 *
 * json-glib strings end at the first NUL, so U+0000 never occurs in a value
 * and "\u0000" is never accepted.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SD_CANONICAL_JSON_ERROR (sd_canonical_json_error_quark ())

/* Arrays and objects inside one another, the outermost counting as 1. */
#define SD_CANONICAL_JSON_MAX_DEPTH 64

typedef enum {
  SD_CANONICAL_JSON_ERROR_INVALID,        /* not JSON, not UTF-8, empty */
  SD_CANONICAL_JSON_ERROR_NOT_CANONICAL,  /* JSON, but not its canonical form */
  SD_CANONICAL_JSON_ERROR_UNSUPPORTED,    /* a value with no canonical form */
  SD_CANONICAL_JSON_ERROR_TOO_LARGE,      /* longer than allowed, or too deep */
} SdCanonicalJsonError;

GQuark    sd_canonical_json_error_quark (void);

/* The canonical form of @node, NUL-terminated; its length (without the NUL)
 * in @length when not NULL. */
char     *sd_canonical_json_write       (JsonNode     *node,
                                         gsize        *length,
                                         GError      **error);
/* Parses @data (@len bytes, need not be NUL-terminated) and fails unless it
 * is exactly the canonical form of what it parses to. Inputs longer than
 * @max_len bytes and nesting deeper than SD_CANONICAL_JSON_MAX_DEPTH are
 * rejected before json-glib sees them. */
JsonNode *sd_canonical_json_parse       (const char   *data,
                                         gsize         len,
                                         gsize         max_len,
                                         GError      **error);

/* Parses any JSON text of at most @max_len bytes (need not be canonical,
 * need not be NUL-terminated) with json-glib, after checking that it is one
 * value nested at most SD_CANONICAL_JSON_MAX_DEPTH deep: json-glib's parser
 * recurses (a file of 100,000 '[' overflows the stack) and silently keeps
 * one of several top-level values. For JSON files from outside (proofs,
 * saved heads) that are not hashed. */
JsonNode *sd_json_parse_bounded         (const char   *data,
                                         gsize        len,
                                         gsize        max_len,
                                         GError      **error);

/* Typed members of JSON from outside: @fallback unless @member is there
 * with that exact type (never json-glib's critical for an object or an
 * array where a value was expected). */
gint64      sd_json_get_int             (JsonObject   *object,
                                         const char   *member,
                                         gint64        fallback);
const char *sd_json_get_string          (JsonObject   *object,
                                         const char   *member,
                                         const char   *fallback);

G_END_DECLS
