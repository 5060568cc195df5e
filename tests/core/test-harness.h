/* test-harness.h: the parts of the harness's own test executable */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void add_fixture_tests (void);   /* test-harness-fixtures.c */
void add_util_tests    (void);   /* test-harness-util.c */

G_END_DECLS
