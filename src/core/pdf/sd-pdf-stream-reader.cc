/* sd-pdf-stream-reader.cc: a stream's decoded data in pieces, through
 * qpdf's C++ pipelines (see sd-pdf-stream-reader.h)
 */
#include "config.h"

#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>

/* qpdf 11: no deprecated PointerHolder in its headers. */
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFLogger.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFXRefEntry.hh>

#include "sd-pdf-stream-reader.h"

struct _SdPdfStreamReader
{
  const guint8              *data;
  gsize                      length;
  std::string                display_name;
  std::string                password;
  std::unique_ptr<QPDF>      qpdf;      /* lazily */
  bool                       unreadable;
};

namespace {

/* Thrown by the pipe to end the read: qpdf catches it. */
struct Stop : std::runtime_error
{
  Stop () : std::runtime_error ("stopped") {}
};

class ChunkPipe : public Pipeline
{
public:
  ChunkPipe (SdPdfChunkFunc func, gpointer user_data)
    : Pipeline ("sealdesk chunks", nullptr), func (func), user_data (user_data)
  {
  }

  void
  write (unsigned char const *data, size_t len) override
  {
    if (stopped)
      throw Stop ();
    if (len > 0 && !func (data, len, user_data))
      {
        stopped = true;
        throw Stop ();
      }
  }

  void
  finish () override
  {
  }

  bool stopped = false;

private:
  SdPdfChunkFunc func;
  gpointer       user_data;
};

/* Counts what passes; stops past a limit. */
class CountPipe : public Pipeline
{
public:
  CountPipe (guint64 limit)
    : Pipeline ("sealdesk count", nullptr), limit (limit)
  {
  }

  void
  write (unsigned char const *, size_t len) override
  {
    count += len;
    if (count > limit)
      throw Stop ();
  }

  void
  finish () override
  {
  }

  guint64 count = 0;

private:
  guint64 limit;
};

bool
ensure_open (SdPdfStreamReader *self)
{
  if (self->qpdf || self->unreadable)
    return !self->unreadable;
  try
    {
      auto qpdf = std::make_unique<QPDF> ();
      std::shared_ptr<QPDFLogger> logger = QPDFLogger::create ();

      /* What cannot be read is for the caller to decide on: nothing on
       * stderr. */
      logger->setInfo (logger->discard ());
      logger->setWarn (logger->discard ());
      logger->setError (logger->discard ());
      qpdf->setLogger (logger);
      qpdf->setSuppressWarnings (true);
      qpdf->processMemoryFile (self->display_name.c_str (),
                               reinterpret_cast<const char *> (self->data), self->length,
                               self->password.c_str ());
      self->qpdf = std::move (qpdf);
    }
  catch (std::exception &)
    {
      self->unreadable = true;
    }
  return !self->unreadable;
}

} // namespace

extern "C" SdPdfStreamReader *
sd_pdf_stream_reader_new (const guint8 *data,
                          gsize         length,
                          const char   *display_name,
                          const char   *password)
{
  SdPdfStreamReader *self = new SdPdfStreamReader ();

  self->data = data;
  self->length = length;
  self->display_name = display_name != nullptr ? display_name : "";
  self->password = password != nullptr ? password : "";
  self->unreadable = false;
  return self;
}

extern "C" SdPdfStreamRead
sd_pdf_stream_reader_pipe (SdPdfStreamReader *self,
                           int                id,
                           int                generation,
                           SdPdfChunkFunc     func,
                           gpointer           user_data)
{
  if (!ensure_open (self))
    return SD_PDF_STREAM_READ_FAILED;
  try
    {
      QPDFObjectHandle stream = self->qpdf->getObjectByID (id, generation);
      ChunkPipe pipe (func, user_data);
      bool ok;

      if (!stream.isStream ())
        return SD_PDF_STREAM_READ_FAILED;
      ok = stream.pipeStreamData (&pipe, 0, qpdf_dl_generalized, true, false);
      if (pipe.stopped)
        return SD_PDF_STREAM_READ_STOPPED;
      return ok ? SD_PDF_STREAM_READ_DONE : SD_PDF_STREAM_READ_FAILED;
    }
  catch (Stop &)
    {
      return SD_PDF_STREAM_READ_STOPPED;
    }
  catch (std::exception &)
    {
      return SD_PDF_STREAM_READ_FAILED;
    }
}

extern "C" gboolean
sd_pdf_stream_reader_object_streams_over (SdPdfStreamReader *self,
                                          guint64            max_each,
                                          guint64            max_all)
{
  std::set<int> streams;
  guint64 all = 0;

  if (!ensure_open (self))
    return FALSE;
  try
    {
      for (auto const &entry : self->qpdf->getXRefTable ())
        if (entry.second.getType () == 2)
          streams.insert (entry.second.getObjStreamNumber ());
    }
  catch (std::exception &)
    {
      return FALSE;
    }
  for (int number : streams)
    {
      CountPipe pipe (max_each);

      try
        {
          QPDFObjectHandle stream = self->qpdf->getObjectByID (number, 0);

          if (stream.isStream ())
            stream.pipeStreamData (&pipe, 0, qpdf_dl_generalized, true, false);
        }
      catch (Stop &)
        {
          return TRUE;
        }
      catch (std::exception &)
        {
          /* What cannot be decoded is qpdf's to report when it is read. */
        }
      if (pipe.count > max_each)
        return TRUE;
      all += pipe.count;
      if (all > max_all)
        return TRUE;
    }
  return FALSE;
}

extern "C" void
sd_pdf_stream_reader_free (SdPdfStreamReader *self)
{
  if (self == nullptr)
    return;
  if (!self->password.empty ())
    {
      volatile char *p = &self->password[0];

      for (size_t i = 0; i < self->password.size (); i++)
        p[i] = 0;
    }
  delete self;
}
