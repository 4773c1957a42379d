/* The demo newsroom, compiled into the binary from demo/ and loaded through
** the importer, so `gazette init --demo` works from any directory. */
#ifndef GAZETTE_DEMO_H
#define GAZETTE_DEMO_H

#include <stdio.h>

#include "import.h"

/* Imports demo/categories.yaml, then the demo/{lang}/ articles of each edition the
** site runs, then its static pages (demo/pages/{lang}/). Failures are
** reported on messages and counted in stats. */
void demo_load(store *s, const config *cfg, FILE *messages, import_stats *stats);

/* For "demo/pages/{lang}/....md", a static page of the demo (demo_pages.c),
** the edition it belongs to (copied into code, 8 bytes); false otherwise. */
bool demo_page_edition(const char *name, char code[8]);

/* Saves the demo's static pages of each edition the site runs, published,
** in their footer places; those already as the demo has them are left
** alone. Failures go to messages and count in stats->failed; stats->pages
** counts the pages made or changed. */
void demo_pages_load(store *s, const config *cfg, FILE *messages, import_stats *stats);

#endif
