/* sd-pdf-lexer.c: PDF tokens over bytes in memory */
#include "config.h"

#include <string.h>

#include "sd-pdf-lexer.h"

/* Nesting deeper than this is treated as damage, never recursed into. */
#define MAX_NESTING 64

static inline gboolean
is_space (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
         || c == '\0';
}

static inline gboolean
is_delimiter (guint8 c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '['
         || c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static inline gboolean
is_regular (guint8 c)
{
  return !is_space (c) && !is_delimiter (c);
}

void
sd_pdf_lexer_init (SdPdfLexer   *lexer,
                   const guint8 *data,
                   gsize         length,
                   gsize         pos)
{
  lexer->data = data;
  lexer->length = length;
  lexer->pos = MIN (pos, length);
}

void
sd_pdf_lexer_skip_space (SdPdfLexer *lexer)
{
  while (lexer->pos < lexer->length)
    {
      guint8 c = lexer->data[lexer->pos];

      if (is_space (c))
        {
          lexer->pos++;
        }
      else if (c == '%')
        {
          while (lexer->pos < lexer->length
                 && lexer->data[lexer->pos] != '\n'
                 && lexer->data[lexer->pos] != '\r')
            lexer->pos++;
        }
      else
        {
          break;
        }
    }
}

static gboolean
skip_literal_string (SdPdfLexer *lexer)
{
  int depth = 0;

  /* At the opening parenthesis. */
  while (lexer->pos < lexer->length)
    {
      guint8 c = lexer->data[lexer->pos++];

      if (c == '\\')
        lexer->pos = MIN (lexer->pos + 1, lexer->length);
      else if (c == '(')
        depth++;
      else if (c == ')' && --depth == 0)
        return TRUE;
    }
  return FALSE;
}

static void
read_number (SdPdfLexer *lexer,
             SdPdfToken *token)
{
  gboolean negative = FALSE;
  gboolean real = FALSE;
  gboolean digits = FALSE;
  guint64 value = 0;

  if (lexer->data[lexer->pos] == '+' || lexer->data[lexer->pos] == '-')
    negative = lexer->data[lexer->pos++] == '-';
  while (lexer->pos < lexer->length && is_regular (lexer->data[lexer->pos]))
    {
      guint8 c = lexer->data[lexer->pos];

      if (c == '.' && !real)
        real = TRUE;
      else if (c < '0' || c > '9')
        break;
      else if (!real)
        {
          digits = TRUE;
          /* Saturate rather than overflow: such values are damage anyway. */
          value = value > G_MAXINT64 / 10 ? (guint64) G_MAXINT64
                                          : value * 10 + (guint64) (c - '0');
          value = MIN (value, (guint64) G_MAXINT64);
        }
      lexer->pos++;
    }
  /* "1.2.3" or "12abc": a keyword-like run, not a number. */
  if (lexer->pos < lexer->length && is_regular (lexer->data[lexer->pos]))
    {
      while (lexer->pos < lexer->length && is_regular (lexer->data[lexer->pos]))
        lexer->pos++;
      token->type = SD_PDF_TOKEN_KEYWORD;
      return;
    }
  if (real)
    {
      token->type = SD_PDF_TOKEN_REAL;
      return;
    }
  token->type = digits ? SD_PDF_TOKEN_INTEGER : SD_PDF_TOKEN_KEYWORD;
  token->integer = negative ? -(gint64) value : (gint64) value;
}

void
sd_pdf_lexer_next (SdPdfLexer *lexer,
                   SdPdfToken *token)
{
  guint8 c;

  sd_pdf_lexer_skip_space (lexer);
  token->start = lexer->pos;
  token->length = 0;
  token->integer = 0;

  if (lexer->pos >= lexer->length)
    {
      token->type = SD_PDF_TOKEN_EOF;
      return;
    }

  c = lexer->data[lexer->pos];
  token->type = SD_PDF_TOKEN_ERROR;
  switch (c)
    {
    case '/':
      lexer->pos++;
      token->start = lexer->pos;
      while (lexer->pos < lexer->length && is_regular (lexer->data[lexer->pos]))
        lexer->pos++;
      token->type = SD_PDF_TOKEN_NAME;
      token->length = lexer->pos - token->start;
      return;

    case '<':
      if (lexer->pos + 1 < lexer->length && lexer->data[lexer->pos + 1] == '<')
        {
          lexer->pos += 2;
          token->type = SD_PDF_TOKEN_DICT_START;
        }
      else
        {
          const guint8 *end = memchr (lexer->data + lexer->pos, '>',
                                      lexer->length - lexer->pos);

          if (end == NULL)
            {
              lexer->pos = lexer->length;
              break;
            }
          lexer->pos = (gsize) (end - lexer->data) + 1;
          token->type = SD_PDF_TOKEN_STRING;
        }
      break;

    case '>':
      if (lexer->pos + 1 < lexer->length && lexer->data[lexer->pos + 1] == '>')
        {
          lexer->pos += 2;
          token->type = SD_PDF_TOKEN_DICT_END;
        }
      else
        {
          lexer->pos++;
        }
      break;

    case '(':
      if (skip_literal_string (lexer))
        token->type = SD_PDF_TOKEN_STRING;
      break;

    case ')':
      lexer->pos++;
      break;

    case '[':
      lexer->pos++;
      token->type = SD_PDF_TOKEN_ARRAY_START;
      break;

    case ']':
      lexer->pos++;
      token->type = SD_PDF_TOKEN_ARRAY_END;
      break;

    case '{':
    case '}':
      lexer->pos++;
      token->type = SD_PDF_TOKEN_KEYWORD;
      break;

    default:
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
        {
          read_number (lexer, token);
        }
      else
        {
          while (lexer->pos < lexer->length
                 && is_regular (lexer->data[lexer->pos]))
            lexer->pos++;
          token->type = SD_PDF_TOKEN_KEYWORD;
        }
      break;
    }
  token->length = lexer->pos - token->start;
}

static gboolean
token_equals (const SdPdfLexer *lexer,
              const SdPdfToken *token,
              const char       *text)
{
  gsize len = strlen (text);

  return token->length == len
         && memcmp (lexer->data + token->start, text, len) == 0;
}

gboolean
sd_pdf_token_is_keyword (const SdPdfLexer *lexer,
                         const SdPdfToken *token,
                         const char       *keyword)
{
  return token->type == SD_PDF_TOKEN_KEYWORD
         && token_equals (lexer, token, keyword);
}

gboolean
sd_pdf_token_is_name (const SdPdfLexer *lexer,
                      const SdPdfToken *token,
                      const char       *name)
{
  return token->type == SD_PDF_TOKEN_NAME && token_equals (lexer, token, name);
}

/* Skips the rest of a value whose first token is @token. */
static gboolean
skip_value (SdPdfLexer       *lexer,
            const SdPdfToken *token,
            int               depth)
{
  SdPdfTokenType end;
  SdPdfToken inner;

  if (token->type == SD_PDF_TOKEN_DICT_START)
    end = SD_PDF_TOKEN_DICT_END;
  else if (token->type == SD_PDF_TOKEN_ARRAY_START)
    end = SD_PDF_TOKEN_ARRAY_END;
  else
    return token->type != SD_PDF_TOKEN_EOF
           && token->type != SD_PDF_TOKEN_ERROR
           && token->type != SD_PDF_TOKEN_DICT_END
           && token->type != SD_PDF_TOKEN_ARRAY_END;

  if (depth >= MAX_NESTING)
    return FALSE;

  for (;;)
    {
      sd_pdf_lexer_next (lexer, &inner);
      if (inner.type == end)
        return TRUE;
      if (inner.type == SD_PDF_TOKEN_EOF || inner.type == SD_PDF_TOKEN_ERROR
          || inner.type == SD_PDF_TOKEN_DICT_END
          || inner.type == SD_PDF_TOKEN_ARRAY_END)
        return FALSE;
      if (!skip_value (lexer, &inner, depth + 1))
        return FALSE;
    }
}

gboolean
sd_pdf_lexer_read_dict (SdPdfLexer *lexer,
                        SdPdfDict  *dict)
{
  SdPdfToken token;

  dict->data = lexer->data;
  dict->n_entries = 0;

  sd_pdf_lexer_next (lexer, &token);
  if (token.type != SD_PDF_TOKEN_DICT_START)
    return FALSE;

  for (;;)
    {
      SdPdfDictEntry entry = { 0 };
      SdPdfToken value;

      sd_pdf_lexer_next (lexer, &token);
      if (token.type == SD_PDF_TOKEN_DICT_END)
        return TRUE;
      if (token.type != SD_PDF_TOKEN_NAME)
        return FALSE;
      entry.key_start = token.start;
      entry.key_length = token.length;

      sd_pdf_lexer_next (lexer, &value);
      if (value.type == SD_PDF_TOKEN_INTEGER)
        {
          gsize after = lexer->pos;
          SdPdfToken gen, r;

          entry.type = SD_PDF_VALUE_INTEGER;
          entry.integer = value.integer;
          sd_pdf_lexer_next (lexer, &gen);
          if (gen.type == SD_PDF_TOKEN_INTEGER)
            {
              sd_pdf_lexer_next (lexer, &r);
              if (sd_pdf_token_is_keyword (lexer, &r, "R"))
                entry.type = SD_PDF_VALUE_REFERENCE;
            }
          if (entry.type != SD_PDF_VALUE_REFERENCE)
            lexer->pos = after;
        }
      else if (value.type == SD_PDF_TOKEN_NAME)
        {
          entry.type = SD_PDF_VALUE_NAME;
          entry.name_start = value.start;
          entry.name_length = value.length;
        }
      else if (!skip_value (lexer, &value, 1))
        {
          return FALSE;
        }

      if (dict->n_entries < SD_PDF_DICT_MAX_ENTRIES)
        dict->entries[dict->n_entries++] = entry;
    }
}

static const SdPdfDictEntry *
dict_lookup (const SdPdfDict *dict,
             const char      *key)
{
  gsize len = strlen (key);

  /* The last entry wins, as in qpdf. */
  for (guint i = dict->n_entries; i > 0; i--)
    {
      const SdPdfDictEntry *entry = &dict->entries[i - 1];

      if (entry->key_length == len
          && memcmp (dict->data + entry->key_start, key, len) == 0)
        return entry;
    }
  return NULL;
}

gboolean
sd_pdf_dict_has_key (const SdPdfDict *dict,
                     const char      *key)
{
  return dict_lookup (dict, key) != NULL;
}

gboolean
sd_pdf_dict_get_integer (const SdPdfDict *dict,
                         const char      *key,
                         gint64          *value)
{
  const SdPdfDictEntry *entry = dict_lookup (dict, key);

  if (entry == NULL || entry->type != SD_PDF_VALUE_INTEGER)
    return FALSE;
  *value = entry->integer;
  return TRUE;
}

gboolean
sd_pdf_dict_has_name (const SdPdfDict *dict,
                      const char      *key,
                      const char      *name)
{
  const SdPdfDictEntry *entry = dict_lookup (dict, key);
  gsize len = strlen (name);

  return entry != NULL && entry->type == SD_PDF_VALUE_NAME
         && entry->name_length == len
         && memcmp (dict->data + entry->name_start, name, len) == 0;
}

gssize
sd_pdf_find (const guint8 *data,
             gsize         from,
             gsize         to,
             const char   *needle)
{
  gsize len = strlen (needle);
  gsize pos = from;

  if (len == 0 || to < from || to - from < len)
    return -1;
  while (pos + len <= to)
    {
      const guint8 *hit = memchr (data + pos, needle[0], to - len + 1 - pos);

      if (hit == NULL)
        return -1;
      pos = (gsize) (hit - data);
      if (memcmp (hit, needle, len) == 0)
        return (gssize) pos;
      pos++;
    }
  return -1;
}

gssize
sd_pdf_find_last (const guint8 *data,
                  gsize         from,
                  gsize         to,
                  const char   *needle)
{
  gsize len = strlen (needle);

  if (len == 0 || to < from || to - from < len)
    return -1;
  for (gsize i = to - len + 1; i > from; i--)
    {
      if (memcmp (data + i - 1, needle, len) == 0)
        return (gssize) (i - 1);
    }
  return -1;
}
