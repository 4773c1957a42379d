/*
** Turning what a reader typed into a parsed query, safely: the query holds
** only the words the tokenizer finds, so no operator of any search engine
** can come in from outside; each store backend turns it into its engine's
** own syntax (an FTS5 MATCH expression, a tsquery). What readers may use:
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

/* What one clause of a query asks for. All must match. */
typedef enum search_clause_kind {
    SEARCH_WORD,   /* one word, folded; the backend stems it as the index does */
    SEARCH_PREFIX, /* the start of a word, folded (never stemmed) */
    SEARCH_PHRASE  /* words, folded, in this order; the backend stems each */
} search_clause_kind;

typedef struct search_clause {
    search_clause_kind kind;
    const char **words; /* one for a word or a prefix */
    size_t count;
} search_clause;

/* A parsed query: at most SEARCH_QUERY_MAX_TERMS clauses, every word of
** them non-empty and free of any character but letters and digits. */
typedef struct search_query {
    search_clause *clauses;
    size_t count;
} search_query;

/* The parsed query for input, in a; NULL when input has no words. When
** terms is not NULL it receives the terms as the index holds them
** (stemmed, or prefixes), for highlighting. */
search_query *search_query_build(arena *a, search_tokenizer *t, const char *input, search_terms *terms);

/* The distinct words of texts (n of them, NULL ones skipped), folded, as
** SEARCH_WORD clauses in the order they first come, at most max of them,
** in a; NULL when they hold no words. Unlike search_query_build's, its
** clauses are alternatives (related stories match any of them) and a
** reader's syntax means nothing in them. */
search_query *search_query_any_words(arena *a, search_tokenizer *t, const char *const *texts, size_t n,
                                     size_t max);

/* The input as it may be shown back: at most SEARCH_QUERY_MAX_BYTES, valid
** UTF-8, control characters as spaces, trimmed. Still to be escaped. */
char *search_query_clean(arena *a, const char *input);

#endif
