/*
** Words for search: the tokenizer that both the index (through the FTS5
** tokenizer in store/sqlite_search.c) and the query builder use, so that a
** query word and an indexed word meet in the same form.
**
** A word is a run of letters and digits (apostrophes inside a word are
** dropped: "don't" is "dont"). Each word is lowercased and folded: Latin
** letters lose their diacritics ("é" is "e", and the Azerbaijani "ə", "ı",
** "ş", "ç", "ğ", "ö", "ü" become "e", "i", "s", "c", "g", "o", "u"),
** Cyrillic "ё" is "е". Then, unless asked not to, it is stemmed with the
** Snowball stemmers (libstemmer): Cyrillic words with the Russian one,
** Latin words with the English one (not in the Azerbaijani edition, which
** has no Snowball stemmer and is matched by prefix instead).
**
** A tokenizer owns its stemmers, which are not thread-safe: one tokenizer
** per thread (SQLite gives each connection its own).
*/
#ifndef GAZETTE_TOKENIZE_H
#define GAZETTE_TOKENIZE_H

#include <stdbool.h>

typedef struct search_tokenizer search_tokenizer;

/* Longest word kept, in bytes after folding; longer ones are cut. */
#define SEARCH_TOKEN_MAX 120

/* A tokenizer for an edition ("en", "ru", "az"), or NULL for an unknown
** language. The caller frees it with search_tokenizer_free(). */
search_tokenizer *search_tokenizer_new(const char *lang);
void search_tokenizer_free(search_tokenizer *t);

/* What search_tokenize() hands over for each word. */
typedef enum search_mode {
    SEARCH_FOLD = 0,  /* the folded word */
    SEARCH_STEM = 1,  /* its stem */
    SEARCH_INDEX = 2, /* its stem, then (when different) the folded word at the
                      ** same place, flagged SEARCH_TOKEN_COLOCATED: prefix
                      ** queries then match whole words, not just stems */
} search_mode;

/* Flags of a token. */
enum { SEARCH_TOKEN_CYRILLIC = 1, SEARCH_TOKEN_COLOCATED = 2 };

/* Called for each token: its text, and where the word stands in the text
** (byte offsets). A nonzero return stops. */
typedef int (*search_token_fn)(void *ctx, const char *token, int len, int start, int end,
                               int flags);

/* Splits len bytes of text into words and calls fn as mode says. Invalid
** UTF-8 separates words. Returns 0, or the first nonzero value fn returned. */
int search_tokenize(search_tokenizer *t, const char *text, int len, search_mode mode,
                    search_token_fn fn, void *ctx);

/* True when the edition matches words by prefix rather than by stem
** (Azerbaijani), see query.c. */
bool search_tokenizer_prefix_language(const search_tokenizer *t);

#endif
