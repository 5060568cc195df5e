/* sd-pdf-crypt.c: encrypting the strings and streams of an incremental
 * update (ISO 32000 7.6.2 and 7.6.3) with OpenSSL */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "sd-pdf-crypt.h"
#include "sd-pdf-document.h"
#include "sd-pdf-lexer.h"
#include "sd-pdf-objects.h"
#include "sd-pdf-syntax.h"

#define AES_BLOCK 16

struct _SdPdfCrypt
{
  SdPdfCryptParams params;
};

SdPdfCrypt *
sd_pdf_crypt_new (const SdPdfCryptParams *params)
{
  SdPdfCrypt *self = g_new0 (SdPdfCrypt, 1);

  self->params = *params;
  return self;
}

void
sd_pdf_crypt_free (SdPdfCrypt *self)
{
  if (self == NULL)
    return;
  OPENSSL_cleanse (self, sizeof *self);
  g_free (self);
}

const SdPdfCryptParams *
sd_pdf_crypt_get_params (SdPdfCrypt *self)
{
  return &self->params;
}

/* RC4 lives in OpenSSL 3's legacy provider, loaded into a library context
 * of its own so that the default context (and its FIPS-friendly set of
 * algorithms) stays as it is. */
static EVP_CIPHER *
fetch_rc4 (void)
{
  static gsize once = 0;
  static EVP_CIPHER *rc4 = NULL;

  if (g_once_init_enter (&once))
    {
      OSSL_LIB_CTX *ctx = OSSL_LIB_CTX_new ();

      if (ctx != NULL && OSSL_PROVIDER_load (ctx, "legacy") != NULL)
        rc4 = EVP_CIPHER_fetch (ctx, "RC4", NULL);
      if (rc4 == NULL)
        g_debug ("OpenSSL's legacy provider has no RC4: using Sealdesk's own");
      /* The context lives as long as the process, like the cipher. */
      g_once_init_leave (&once, 1);
    }
  return rc4;
}

/* RC4 by hand, for an OpenSSL built without its legacy provider. */
static void
rc4_by_hand (const guint8 *key,
             gsize         key_length,
             const guint8 *in,
             gsize         length,
             guint8       *out)
{
  guint8 s[256];
  guint8 i = 0, j = 0;

  for (int k = 0; k < 256; k++)
    s[k] = (guint8) k;
  for (int k = 0; k < 256; k++)
    {
      guint8 t = s[k];

      j = (guint8) (j + t + key[k % key_length]);
      s[k] = s[j];
      s[j] = t;
    }
  j = 0;
  for (gsize n = 0; n < length; n++)
    {
      guint8 t;

      i++;
      t = s[i];
      j = (guint8) (j + t);
      s[i] = s[j];
      s[j] = t;
      out[n] = in[n] ^ s[(guint8) (s[i] + s[j])];
    }
  OPENSSL_cleanse (s, sizeof s);
}

/* Algorithm 1 of 7.6.3: the key for the strings and streams of @num @gen. */
static gsize
object_key (SdPdfCrypt  *self,
            SdPdfCipher  cipher,
            int          num,
            int          gen,
            guint8       key[32])
{
  const SdPdfCryptParams *p = &self->params;
  guint8 extra[9];
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  gsize extra_length = 5;

  if (cipher == SD_PDF_CIPHER_AES_256)
    {
      memcpy (key, p->key, p->key_length);
      return p->key_length;
    }
  extra[0] = num & 0xff;
  extra[1] = (num >> 8) & 0xff;
  extra[2] = (num >> 16) & 0xff;
  extra[3] = gen & 0xff;
  extra[4] = (gen >> 8) & 0xff;
  if (cipher == SD_PDF_CIPHER_AES_128)
    {
      memcpy (extra + 5, "sAlT", 4);
      extra_length += 4;
    }
  {
    EVP_MD_CTX *md = EVP_MD_CTX_new ();

    EVP_DigestInit_ex (md, EVP_md5 (), NULL);
    EVP_DigestUpdate (md, p->key, p->key_length);
    EVP_DigestUpdate (md, extra, extra_length);
    EVP_DigestFinal_ex (md, digest, &digest_length);
    EVP_MD_CTX_free (md);
  }
  memcpy (key, digest, 16);
  OPENSSL_cleanse (digest, sizeof digest);
  return MIN (p->key_length + 5, 16);
}

static gboolean
run_cipher (const EVP_CIPHER *cipher,
            const guint8     *key,
            gsize             key_length,
            const guint8     *iv,
            const guint8     *data,
            gsize             length,
            GByteArray       *out)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  guint before = out->len;
  int n = 0, last = 0;
  gboolean ok;

  g_byte_array_set_size (out, before + length + AES_BLOCK);
  ok = ctx != NULL
       && EVP_EncryptInit_ex2 (ctx, cipher, NULL, NULL, NULL)
       && EVP_CIPHER_CTX_set_key_length (ctx, (int) key_length)
       && EVP_EncryptInit_ex2 (ctx, NULL, key, iv, NULL)
       && EVP_EncryptUpdate (ctx, out->data + before, &n, data, (int) length)
       && EVP_EncryptFinal_ex (ctx, out->data + before + n, &last);
  EVP_CIPHER_CTX_free (ctx);
  g_byte_array_set_size (out, ok ? before + n + last : before);
  return ok;
}

gboolean
sd_pdf_crypt_encrypt (SdPdfCrypt    *self,
                      gboolean       is_stream,
                      int            num,
                      int            gen,
                      const guint8  *data,
                      gsize          length,
                      GByteArray    *out,
                      GError       **error)
{
  SdPdfCipher cipher = is_stream ? self->params.streams : self->params.strings;
  guint8 key[32];
  gsize key_length;
  gboolean ok = TRUE;

  if (length > G_MAXINT - 2 * AES_BLOCK)
    {
      g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
                           _("An object is too large to encrypt"));
      return FALSE;
    }
  if (cipher == SD_PDF_CIPHER_NONE)
    {
      g_byte_array_append (out, data, length);
      return TRUE;
    }

  key_length = object_key (self, cipher, num, gen, key);
  if (cipher == SD_PDF_CIPHER_RC4)
    {
      EVP_CIPHER *rc4 = fetch_rc4 ();

      if (rc4 != NULL)
        ok = run_cipher (rc4, key, key_length, NULL, data, length, out);
      else
        {
          guint before = out->len;

          g_byte_array_set_size (out, before + length);
          rc4_by_hand (key, key_length, data, length, out->data + before);
        }
    }
  else
    {
      guint8 iv[AES_BLOCK];

      /* The IV comes first, then the data padded as in PKCS#5. */
      ok = RAND_bytes (iv, sizeof iv) == 1;
      if (ok)
        {
          g_byte_array_append (out, iv, sizeof iv);
          ok = run_cipher (cipher == SD_PDF_CIPHER_AES_128 ? EVP_aes_128_cbc () : EVP_aes_256_cbc (),
                           key, key_length, iv, data, length, out);
        }
    }
  OPENSSL_cleanse (key, sizeof key);
  if (!ok)
    g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
                         _("OpenSSL could not encrypt the new objects"));
  return ok;
}

void
sd_pdf_string_decode (const guint8 *token,
                      gsize         length,
                      GByteArray   *out)
{
  if (length >= 2 && token[0] == '<')
    {
      int high = -1;

      for (gsize i = 1; i < length && token[i] != '>'; i++)
        {
          int v = g_ascii_xdigit_value (token[i]);

          if (v < 0)
            continue;
          if (high < 0)
            high = v;
          else
            {
              guint8 b = (guint8) (high << 4 | v);

              g_byte_array_append (out, &b, 1);
              high = -1;
            }
        }
      if (high >= 0)
        {
          guint8 b = (guint8) (high << 4);

          g_byte_array_append (out, &b, 1);
        }
      return;
    }

  /* "(…)": escapes, and end-of-line markers read as LF. */
  for (gsize i = 1; i + 1 < length; i++)
    {
      guint8 c = token[i];

      if (c == '\r')
        {
          c = '\n';
          if (i + 2 < length && token[i + 1] == '\n')
            i++;
        }
      else if (c == '\\' && i + 2 < length)
        {
          c = token[++i];
          switch (c)
            {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '\r':
              /* A line continuation: nothing. */
              if (i + 2 < length && token[i + 1] == '\n')
                i++;
              continue;
            case '\n':
              continue;
            default:
              if (c >= '0' && c <= '7')
                {
                  int v = c - '0';

                  for (int k = 0; k < 2 && i + 2 < length && token[i + 1] >= '0' && token[i + 1] <= '7'; k++)
                    v = v * 8 + (token[++i] - '0');
                  c = (guint8) v;
                }
              /* "\(", "\)", "\\" and unknown escapes: the character. */
              break;
            }
        }
      g_byte_array_append (out, &c, 1);
    }
}

typedef struct
{
  SdPdfCrypt   *crypt;
  int           num;
  int           gen;
  const guint8 *body;
  gsize         copied;     /* bytes of @body already in @out */
  GString      *out;
  GError      **error;
} Rewrite;

static gboolean
replace_string (Rewrite          *rw,
                const SdPdfToken *token)
{
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  g_autoptr(GByteArray) sealed = g_byte_array_new ();
  gboolean ok;

  sd_pdf_string_decode (rw->body + token->start, token->length, plain);
  ok = sd_pdf_crypt_encrypt (rw->crypt, FALSE, rw->num, rw->gen, plain->data, plain->len, sealed,
                             rw->error);
  OPENSSL_cleanse (plain->data, plain->len);
  if (!ok)
    return FALSE;
  g_string_append_len (rw->out, (const char *) rw->body + rw->copied, token->start - rw->copied);
  sd_pdf_append_hex_string (rw->out, sealed->data, sealed->len);
  rw->copied = token->start + token->length;
  return TRUE;
}

/* Is the dictionary starting at @pos a signature dictionary? */
static gboolean
is_signature_dict (const SdPdfLexer *lexer,
                   gsize             pos)
{
  SdPdfLexer probe;
  SdPdfDict dict;

  sd_pdf_lexer_init (&probe, lexer->data, lexer->length, pos);
  return sd_pdf_lexer_read_dict (&probe, &dict)
         && (sd_pdf_dict_has_name (&dict, "Type", "Sig")
             || sd_pdf_dict_has_name (&dict, "Type", "DocTimeStamp"))
         && sd_pdf_dict_has_key (&dict, "ByteRange")
         && sd_pdf_dict_has_key (&dict, "Contents");
}

static gboolean
malformed (Rewrite *rw)
{
  g_set_error (rw->error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
               "object %d %d of the update cannot be encrypted: its text is malformed",
               rw->num, rw->gen);
  return FALSE;
}

/* After an integer: consumes "G R" when the integer starts a reference. */
static void
skip_reference_tail (SdPdfLexer *lexer)
{
  gsize after = lexer->pos;
  SdPdfToken gen, r;

  sd_pdf_lexer_next (lexer, &gen);
  if (gen.type == SD_PDF_TOKEN_INTEGER)
    {
      sd_pdf_lexer_next (lexer, &r);
      if (sd_pdf_token_is_keyword (lexer, &r, "R"))
        return;
    }
  lexer->pos = after;
}

/* Encrypts every string of the value whose first token is @token. */
static gboolean
rewrite_value (Rewrite          *rw,
               SdPdfLexer       *lexer,
               const SdPdfToken *token,
               int               depth)
{
  SdPdfToken inner;
  gboolean sig;

  switch (token->type)
    {
    case SD_PDF_TOKEN_STRING:
      return replace_string (rw, token);

    case SD_PDF_TOKEN_ARRAY_START:
      if (depth >= SD_PDF_MAX_DEPTH)
        return malformed (rw);
      for (;;)
        {
          sd_pdf_lexer_next (lexer, &inner);
          if (inner.type == SD_PDF_TOKEN_ARRAY_END)
            return TRUE;
          if (!rewrite_value (rw, lexer, &inner, depth + 1))
            return FALSE;
        }

    case SD_PDF_TOKEN_DICT_START:
      if (depth >= SD_PDF_MAX_DEPTH)
        return malformed (rw);
      sig = is_signature_dict (lexer, token->start);
      for (;;)
        {
          gboolean contents;

          sd_pdf_lexer_next (lexer, &inner);
          if (inner.type == SD_PDF_TOKEN_DICT_END)
            return TRUE;
          if (inner.type != SD_PDF_TOKEN_NAME)
            return malformed (rw);
          contents = sd_pdf_token_is_name (lexer, &inner, "Contents");
          sd_pdf_lexer_next (lexer, &inner);
          if (inner.type == SD_PDF_TOKEN_EOF || inner.type == SD_PDF_TOKEN_ERROR
              || inner.type == SD_PDF_TOKEN_DICT_END)
            return malformed (rw);
          /* ISO 32000-2 7.6.2: the signature value is not encrypted. */
          if (sig && contents && inner.type == SD_PDF_TOKEN_STRING)
            continue;
          if (!rewrite_value (rw, lexer, &inner, depth + 1))
            return FALSE;
        }

    case SD_PDF_TOKEN_EOF:
    case SD_PDF_TOKEN_ERROR:
    case SD_PDF_TOKEN_DICT_END:
    case SD_PDF_TOKEN_ARRAY_END:
      return malformed (rw);

    case SD_PDF_TOKEN_INTEGER:
      skip_reference_tail (lexer);
      return TRUE;

    default:
      /* Numbers, names, keywords (true, null): as they are. */
      return TRUE;
    }
}

GBytes *
sd_pdf_crypt_encrypt_body (SdPdfCrypt    *self,
                           int            num,
                           int            gen,
                           const guint8  *body,
                           gsize          length,
                           GError       **error)
{
  Rewrite rw = { self, num, gen, body, 0, g_string_sized_new (length + 64), error };
  SdPdfLexer lexer;
  SdPdfToken token;

  sd_pdf_lexer_init (&lexer, body, length, 0);
  for (;;)
    {
      sd_pdf_lexer_next (&lexer, &token);
      if (token.type == SD_PDF_TOKEN_EOF)
        break;
      if (!rewrite_value (&rw, &lexer, &token, 0))
        {
          g_string_free (rw.out, TRUE);
          return NULL;
        }
    }
  g_string_append_len (rw.out, (const char *) body + rw.copied, length - rw.copied);
  return g_string_free_to_bytes (rw.out);
}
