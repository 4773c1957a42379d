/*
** Turning what a reader typed into an FTS5 MATCH expression, safely: the
** expression is built from the words the tokenizer finds, each quoted, so
** no FTS5 syntax can come in from outside. What readers may use:
**   words          all must match (stemmed: "timetables" finds "timetable")
**   "a phrase"     the words in this order
**   word*          a prefix
** Russian words, and every word in the Azerbaijani edition (which has no
** Snowball stemmer), match by prefix ("паром" finds "паромные", "körpü"
** finds "körpünün"), since Snowball's stems do not join a noun and the
** adjectives made from it. The index holds whole words beside the stems
** for this (see SEARCH_INDEX).
*/
#ifndef GAZETTE_QUERY_H
#define GAZETTE_QUERY_H

#include "../core/arena.h"
#include "snippet.h"
#include "tokenize.h"

#define SEARCH_QUERY_MAX_BYTES 512
#define SEARCH_QUERY_MAX_TERMS 12

/* The MATCH expression for input, in a; NULL when input has no words.
** When terms is not NULL it receives the terms as the index holds them
** (stemmed, or prefixes), for highlighting. */
char *search_query_build(arena *a, search_tokenizer *t, const char *input, search_terms *terms);

/* The input as it may be shown back: at most SEARCH_QUERY_MAX_BYTES, valid
** UTF-8, control characters as spaces, trimmed. Still to be escaped. */
char *search_query_clean(arena *a, const char *input);

#endif
