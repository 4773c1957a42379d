/*
** Rebuilding the search index from the articles, in one transaction (so
** readers keep the old index until the new one is complete). Needed when
** the index is new (a migration created it) or the tokenizer changed.
*/
#ifndef GAZETTE_REINDEX_H
#define GAZETTE_REINDEX_H

#include <stdbool.h>
#include <stdio.h>

#include "../store/store.h"

/* Rebuilds the index, reporting progress on out: a bar that redraws itself
** when out is a terminal, plain lines otherwise. Returns false (with a
** message on out) when the store fails; nothing changes then. */
bool reindex_run(store *s, FILE *out);

#endif
