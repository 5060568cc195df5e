/* test-pdf-document.h: parts of the SdPdfDocument unit tests */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

/* Opens @path (with @password) and fails the test when it cannot. */
SdPdfDocument *test_pdf_open             (const char *path,
                                          const char *password);
/* Page @number of @doc, failing the test when it cannot be read. */
SdPdfPageInfo  test_pdf_page             (SdPdfDocument *doc,
                                          int            number);
void           test_pdf_assert_box       (const double  *box,
                                          double         llx,
                                          double         lly,
                                          double         urx,
                                          double         ury);

/* Writes a PDF made of @objects (object N is objects[N - 1], the catalog is
 * object 1, /Info is object @info_num unless 0) with a correct xref table
 * into a fresh temporary folder. @header is e.g. "%PDF-1.7"; @leading
 * bytes are written before it (offsets count from the header). */
char          *test_pdf_build            (const char         *header,
                                          const char         *leading,
                                          guint               info_num,
                                          const char * const *objects);

void           test_pdf_add_synthetic_tests (void);
void           test_pdf_add_corpus_tests    (void);
void           test_pdf_add_size_tests      (void);

G_END_DECLS
