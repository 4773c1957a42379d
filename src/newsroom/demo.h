/* The demo newsroom, compiled into the binary from demo/ and loaded through
** the importer, so `gazette init --demo` works from any directory. */
#ifndef GAZETTE_DEMO_H
#define GAZETTE_DEMO_H

#include <stdio.h>

#include "import.h"

/* Imports demo/categories.yaml, then the demo/{lang}/ articles of each edition the
** site runs. Failures are reported on messages and counted in stats. */
void demo_load(store *s, const config *cfg, FILE *messages, import_stats *stats);

#endif
