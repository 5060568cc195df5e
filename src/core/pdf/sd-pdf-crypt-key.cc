/* sd-pdf-crypt-key.cc: the file key of an encrypted PDF, from qpdf
 *
 * qpdf's C API checks a password but does not give the key it computed;
 * its C++ API does (QPDF::getEncryptionKey()). This file is the one place
 * in the core that uses it: it opens the same bytes once more (lazily, so
 * only the cross-reference table and the /Encrypt dictionary are read) and
 * copies out the key, the ciphers and what the password allows.
 */
#include "config.h"

#include <cstring>
#include <memory>
#include <string>

/* qpdf 11: no deprecated PointerHolder in its headers. */
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFLogger.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <glib/gi18n-lib.h>

#include "sd-pdf-crypt.h"
#include "sd-pdf-document.h"

namespace {

void
wipe (std::string &text)
{
  if (!text.empty ())
    {
      volatile char *p = &text[0];

      for (size_t i = 0; i < text.size (); i++)
        p[i] = 0;
    }
}

/* The cipher of the crypt filter named @name (/StmF or /StrF) of a V4 or
 * V5 handler; FALSE when it is none that Sealdesk can write. */
bool
crypt_filter_cipher (QPDFObjectHandle  encrypt,
                     const char       *entry,
                     SdPdfCipher      *cipher,
                     std::string      &name)
{
  QPDFObjectHandle filter = encrypt.getKey (entry);
  QPDFObjectHandle cf = encrypt.getKey ("/CF");

  name = filter.isName () ? filter.getName () : std::string ("/Identity");
  if (name == "/Identity")
    {
      *cipher = SD_PDF_CIPHER_NONE;
      return true;
    }
  if (!cf.isDictionary () || !cf.getKey (name).isDictionary ())
    return false;

  QPDFObjectHandle cfm = cf.getKey (name).getKey ("/CFM");
  std::string method = cfm.isName () ? cfm.getName () : std::string ();

  name = method.empty () ? name : method;
  if (method == "/V2")
    *cipher = SD_PDF_CIPHER_RC4;
  else if (method == "/AESV2")
    *cipher = SD_PDF_CIPHER_AES_128;
  else if (method == "/AESV3")
    *cipher = SD_PDF_CIPHER_AES_256;
  else
    return false;
  return true;
}

bool
cipher_fits (int         V,
             SdPdfCipher cipher)
{
  if (cipher == SD_PDF_CIPHER_NONE)
    return true;
  return (V == 5) == (cipher == SD_PDF_CIPHER_AES_256);
}

gboolean
read_params (QPDF             &qpdf,
             const char       *display_name,
             SdPdfCryptParams *params,
             GError          **error)
{
  QPDFObjectHandle encrypt = qpdf.getTrailer ().getKey ("/Encrypt");
  int R = 0, P = 0, V = 0;
  QPDF::encryption_method_e stream_method, string_method, file_method;
  std::string key;

  if (!qpdf.isEncrypted (R, P, V, stream_method, string_method, file_method)
      || !encrypt.isDictionary ())
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
                   _("“%s” is not encrypted"), display_name);
      return FALSE;
    }

  params->V = V;
  params->R = R;
  if (V == 1 || V == 2)
    params->strings = params->streams = SD_PDF_CIPHER_RC4;
  else if (V == 4 || V == 5)
    {
      std::string name;

      if (!crypt_filter_cipher (encrypt, "/StrF", &params->strings, name)
          || !crypt_filter_cipher (encrypt, "/StmF", &params->streams, name))
        {
          g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                       _("“%s” is encrypted with the crypt filter %s, which Sealdesk cannot write: "
                         "remove the password (for example with “qpdf --decrypt”) and sign that copy"),
                       display_name, name.c_str ());
          return FALSE;
        }
    }
  else
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                   _("“%s” is encrypted with a method (/V %d) that Sealdesk cannot write: "
                     "remove the password (for example with “qpdf --decrypt”) and sign that copy"),
                   display_name, V);
      return FALSE;
    }
  /* AES-256 goes with V5 only (its key is not derived per object), and
   * V5 with nothing else. */
  if (V >= 4 && (!cipher_fits (V, params->strings) || !cipher_fits (V, params->streams)))
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                   _("“%s” mixes encryption methods in a way that Sealdesk cannot write: "
                     "remove the password (for example with “qpdf --decrypt”) and sign that copy"),
                   display_name);
      return FALSE;
    }

  key = qpdf.getEncryptionKey ();
  if (key.size () == 0 || key.size () > sizeof params->key
      || (V == 5 && key.size () != 32))
    {
      wipe (key);
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                   _("The encryption key of “%s” could not be computed"), display_name);
      return FALSE;
    }
  memcpy (params->key, key.data (), key.size ());
  params->key_length = key.size ();
  wipe (key);

  params->owner = qpdf.ownerPasswordMatched ();
  params->may_sign = params->owner || qpdf.allowModifyAnnotation () || qpdf.allowModifyForm ();
  return TRUE;
}

} // namespace

extern "C" gboolean
sd_pdf_crypt_read_params (const guint8      *data,
                          gsize              length,
                          const char        *display_name,
                          const char        *password,
                          SdPdfCryptParams  *params,
                          GError           **error)
{
  memset (params, 0, sizeof *params);
  try
    {
      QPDF qpdf;
      std::shared_ptr<QPDFLogger> logger = QPDFLogger::create ();

      /* Errors are ours to report: nothing on stderr. */
      logger->setInfo (logger->discard ());
      logger->setWarn (logger->discard ());
      logger->setError (logger->discard ());
      qpdf.setLogger (logger);
      qpdf.setSuppressWarnings (true);
      qpdf.processMemoryFile (display_name, reinterpret_cast<const char *> (data), length,
                              password != nullptr ? password : "");
      return read_params (qpdf, display_name, params, error);
    }
  catch (QPDFExc &e)
    {
      if (e.getErrorCode () == qpdf_e_password)
        {
          if (password == nullptr || *password == '\0')
            g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD,
                         _("“%s” is protected by a password: give its password to open it"),
                         display_name);
          else
            g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_BAD_PASSWORD,
                         _("The password given for “%s” is not correct"), display_name);
        }
      else
        g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                     _("The encryption of “%s” cannot be read: %s"), display_name,
                     e.getMessageDetail ().c_str ());
    }
  catch (std::exception &e)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                   _("The encryption of “%s” cannot be read: %s"), display_name, e.what ());
    }
  memset (params, 0, sizeof *params);
  return FALSE;
}
