/*
** Highlights and snippets for search results, made here rather than by
** FTS5's snippet() and highlight(): those re-run the MATCH expression for
** every result (a prefix query re-merges its whole doclist each time),
** while this reads the stored text once and marks the words that match
** the query's terms, using the same tokenizer as the index.
**
** Marks: \x01 before and \x02 after each matched word (html_escape_marked()
** turns them into <mark> and </mark>).
*/
#ifndef GAZETTE_SNIPPET_H
#define GAZETTE_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "tokenize.h"

/* A query term as the index holds it: folded and stemmed, or a prefix. */
typedef struct search_term {
    const char *text;
    int len;
    bool prefix;
} search_term;

typedef struct search_terms {
    search_term *items;
    size_t count;
} search_terms;

/* text with every word that matches a term marked. */
char *search_highlight(arena *a, search_tokenizer *t, const search_terms *terms,
                       const char *text);

/* True when a word of text matches a term. */
bool search_matches(arena *a, search_tokenizer *t, const search_terms *terms, const char *text);

/* About `words` words of text around the best cluster of matches (most
** distinct terms, then most matches), marked, with "…" where it is cut.
** Text without matches gives its opening words. */
char *search_snippet(arena *a, search_tokenizer *t, const search_terms *terms, const char *text,
                     int words);

#endif
