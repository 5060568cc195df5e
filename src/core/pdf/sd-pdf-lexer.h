/* sd-pdf-lexer.h: PDF tokens over bytes in memory (internal to src/core/pdf)
 *
 * qpdf parses objects; this small lexer only reads what qpdf does not expose:
 * the raw cross-reference sections, their trailers and where they end, so
 * that revisions can be located byte by byte. It never allocates per token
 * and never reads past the end of the buffer it was given.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SD_PDF_TOKEN_EOF,
  SD_PDF_TOKEN_ERROR,
  SD_PDF_TOKEN_INTEGER,
  SD_PDF_TOKEN_REAL,
  SD_PDF_TOKEN_NAME,            /* text without the slash, escapes kept */
  SD_PDF_TOKEN_STRING,          /* (literal) or <hex> */
  SD_PDF_TOKEN_DICT_START,
  SD_PDF_TOKEN_DICT_END,
  SD_PDF_TOKEN_ARRAY_START,
  SD_PDF_TOKEN_ARRAY_END,
  SD_PDF_TOKEN_KEYWORD,         /* obj, endobj, R, xref, trailer, true, … */
} SdPdfTokenType;

typedef struct {
  SdPdfTokenType type;
  gsize          start;         /* offset of the token in the buffer */
  gsize          length;
  gint64         integer;       /* value of SD_PDF_TOKEN_INTEGER */
} SdPdfToken;

typedef struct {
  const guint8 *data;
  gsize         length;
  gsize         pos;
} SdPdfLexer;

void     sd_pdf_lexer_init             (SdPdfLexer       *lexer,
                                        const guint8     *data,
                                        gsize             length,
                                        gsize             pos);
/* Skips white space and comments. */
void     sd_pdf_lexer_skip_space       (SdPdfLexer       *lexer);
void     sd_pdf_lexer_next             (SdPdfLexer       *lexer,
                                        SdPdfToken       *token);
gboolean sd_pdf_token_is_keyword       (const SdPdfLexer *lexer,
                                        const SdPdfToken *token,
                                        const char       *keyword);
gboolean sd_pdf_token_is_name          (const SdPdfLexer *lexer,
                                        const SdPdfToken *token,
                                        const char       *name);

/* The top-level entries of a dictionary that matter to the structure
 * reader: integers, references and names. Other values are skipped. */
#define SD_PDF_DICT_MAX_ENTRIES 48

typedef enum {
  SD_PDF_VALUE_OTHER,
  SD_PDF_VALUE_INTEGER,
  SD_PDF_VALUE_REFERENCE,
  SD_PDF_VALUE_NAME,
} SdPdfValueType;

typedef struct {
  gsize          key_start;     /* key name in the buffer, without slash */
  gsize          key_length;
  SdPdfValueType type;
  gint64         integer;       /* integer, or object number of a reference */
  gsize          name_start;    /* name value, without slash */
  gsize          name_length;
} SdPdfDictEntry;

typedef struct {
  const guint8   *data;
  guint           n_entries;
  SdPdfDictEntry  entries[SD_PDF_DICT_MAX_ENTRIES];
} SdPdfDict;

/* Reads a dictionary starting at the lexer position ("<<" next). On success
 * the lexer is just after the closing ">>". */
gboolean sd_pdf_lexer_read_dict        (SdPdfLexer       *lexer,
                                        SdPdfDict        *dict);
gboolean sd_pdf_dict_has_key           (const SdPdfDict  *dict,
                                        const char       *key);
/* A direct integer entry. */
gboolean sd_pdf_dict_get_integer       (const SdPdfDict  *dict,
                                        const char       *key,
                                        gint64           *value);
gboolean sd_pdf_dict_has_name          (const SdPdfDict  *dict,
                                        const char       *key,
                                        const char       *name);

/* First occurrence of @needle in [@from, @to) of @data, or -1. */
gssize   sd_pdf_find                   (const guint8     *data,
                                        gsize             from,
                                        gsize             to,
                                        const char       *needle);
/* Last occurrence of @needle in [@from, @to), or -1. */
gssize   sd_pdf_find_last              (const guint8     *data,
                                        gsize             from,
                                        gsize             to,
                                        const char       *needle);

G_END_DECLS
