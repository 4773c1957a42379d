/* Parsing what readers type into a search. See query.h. */
#include "query.h"
#include "../core/buf.h"
#include "../core/text.h"

#include <string.h>

char *search_query_clean(arena *a, const char *input) {
    if (!input) return arena_strdup(a, "");
    size_t len = strlen(input);
    buf out;
    buf_init(&out, a);
    const unsigned char *p = (const unsigned char *)input;
    for (size_t i = 0; i < len && out.len < SEARCH_QUERY_MAX_BYTES;) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            buf_putc(&out, ' ');
            i += n ? n : 1;
            continue;
        }
        if (out.len + n > SEARCH_QUERY_MAX_BYTES) break;
        buf_append(&out, p + i, n);
        i += n;
    }
    return trim(out.data ? out.data : arena_strdup(a, ""));
}

typedef struct builder {
    search_tokenizer *tokenizer;
    search_terms *noted; /* may be NULL */
    size_t terms_cap;
    arena *arena;
    search_query *query;
    search_clause *phrase; /* the phrase being read, or NULL */
    size_t phrase_cap;
    const char *run;   /* the text being tokenized, to look past a word */
    int run_len;
} builder;

/* Receives the stem of a single word (see add_word). */
static int take_stem(void *ctx, const char *token, int len, int start, int end, int flags) {
    (void)start; (void)end; (void)flags;
    buf *stem = ctx;
    buf_append(stem, token, (size_t)len);
    return 1; /* one word is enough */
}

/* Records a term for highlighting. */
static void note_term(builder *b, const char *text, size_t len, bool prefix) {
    if (!b->noted) return;
    arena *a = b->arena;
    if (b->noted->count == b->terms_cap) {
        size_t cap = b->terms_cap ? b->terms_cap * 2 : 16;
        search_term *items = arena_alloc(a, cap * sizeof *items);
        if (b->noted->count) memcpy(items, b->noted->items, b->noted->count * sizeof *items);
        b->noted->items = items;
        b->terms_cap = cap;
    }
    b->noted->items[b->noted->count++] =
        (search_term){arena_strndup(a, text, len), (int)len, prefix};
}

/* Russian and Azerbaijani words match by prefix: the stem when it has 4 to
** 6 letters, else the word itself when it has 3 to 6 (Snowball cuts
** "паром" to "пар", which would find "партия"). A longer stem is specific
** enough to match as a stem, and prefixes longer than 6 letters are not in
** the index's prefix lists (matching them merges every word that starts
** so, a cost that grows with the archive). */
#define PREFIX_STEM_MIN 4
#define PREFIX_WORD_MIN 3
#define PREFIX_MAX 6

/* The next clause of the query (room for SEARCH_QUERY_MAX_TERMS is made
** at the start). */
static search_clause *add_clause(builder *b, search_clause_kind kind, const char *word, size_t len) {
    search_clause *c = &b->query->clauses[b->query->count++];
    c->kind = kind;
    c->words = arena_alloc(b->arena, sizeof *c->words);
    c->words[0] = arena_strndup(b->arena, word, len);
    c->count = 1;
    return c;
}

/* Adds one word of a plain run (a word or a prefix clause), or of a phrase. */
static int add_word(void *ctx, const char *token, int len, int start, int end, int flags) {
    (void)start;
    builder *b = ctx;
    if (b->query->count == SEARCH_QUERY_MAX_TERMS && !b->phrase) return 1;
    buf stem;
    buf_init(&stem, b->arena);
    search_tokenize(b->tokenizer, token, len, SEARCH_STEM, take_stem, &stem);
    if (!stem.len) buf_append(&stem, token, (size_t)len);
    if (b->phrase) {
        search_clause *c = b->phrase;
        if (c->count == b->phrase_cap) {
            size_t cap = b->phrase_cap * 2;
            const char **words = arena_alloc(b->arena, cap * sizeof *words);
            memcpy(words, c->words, c->count * sizeof *words);
            c->words = words;
            b->phrase_cap = cap;
        }
        c->words[c->count++] = arena_strndup(b->arena, token, (size_t)len);
        note_term(b, stem.data, stem.len, false);
        return 0;
    }
    bool explicit_prefix = end < b->run_len && b->run[end] == '*' && utf8_length(token) >= 2;
    const char *prefix = NULL;
    size_t prefix_len = 0;
    if (explicit_prefix) {
        prefix = token;
        prefix_len = (size_t)len;
    } else if ((flags & SEARCH_TOKEN_CYRILLIC) || search_tokenizer_prefix_language(b->tokenizer)) {
        size_t stem_chars = utf8_length(stem.data), word_chars = utf8_length(token);
        if (stem_chars >= PREFIX_STEM_MIN && stem_chars <= PREFIX_MAX) {
            prefix = stem.data;
            prefix_len = stem.len;
        } else if (stem_chars < PREFIX_STEM_MIN && word_chars >= PREFIX_WORD_MIN &&
                   word_chars <= PREFIX_MAX) {
            prefix = token;
            prefix_len = (size_t)len;
        }
    }
    if (prefix) {
        add_clause(b, SEARCH_PREFIX, prefix, prefix_len);
        note_term(b, prefix, prefix_len, true);
    } else {
        add_clause(b, SEARCH_WORD, token, (size_t)len);
        note_term(b, stem.data, stem.len, false);
    }
    return 0;
}

/* Reads the phrase of run (b->run, b->run_len) into a new clause; a phrase
** without words adds nothing. */
static void add_phrase(builder *b) {
    search_query *q = b->query;
    search_clause *c = &q->clauses[q->count];
    c->kind = SEARCH_PHRASE;
    b->phrase_cap = 4;
    c->words = arena_alloc(b->arena, b->phrase_cap * sizeof *c->words);
    c->count = 0;
    b->phrase = c;
    search_tokenize(b->tokenizer, b->run, b->run_len, SEARCH_FOLD, add_word, b);
    b->phrase = NULL;
    if (c->count) q->count++;
}

search_query *search_query_build(arena *a, search_tokenizer *t, const char *input, search_terms *terms) {
    char *clean = search_query_clean(a, input);
    if (terms) {
        terms->items = NULL;
        terms->count = 0;
    }
    search_query *q = arena_zalloc(a, sizeof *q);
    q->clauses = arena_zalloc(a, SEARCH_QUERY_MAX_TERMS * sizeof *q->clauses);
    builder b = {.tokenizer = t, .noted = terms, .arena = a, .query = q};
    const char *p = clean;
    while (*p && q->count < SEARCH_QUERY_MAX_TERMS) {
        if (*p == '"') {
            /* A phrase, up to the closing quote or the end. */
            const char *close = strchr(p + 1, '"');
            const char *end = close ? close : p + strlen(p);
            b.run = p + 1;
            b.run_len = (int)(end - p - 1);
            add_phrase(&b);
            p = close ? close + 1 : end;
        } else {
            const char *end = p;
            while (*end && *end != '"') end++;
            b.run = p;
            b.run_len = (int)(end - p);
            search_tokenize(t, b.run, b.run_len, SEARCH_FOLD, add_word, &b);
            p = end;
        }
    }
    return q->count ? q : NULL;
}

/* What collect_word gathers into. */
typedef struct word_set {
    arena *arena;
    search_query *query;
    size_t max;
} word_set;

/* Adds a folded word to the set unless it is there already or the set is
** full (which stops the tokenizer). */
static int collect_word(void *ctx, const char *token, int len, int start, int end, int flags) {
    (void)start; (void)end; (void)flags;
    word_set *w = ctx;
    search_query *q = w->query;
    if (q->count == w->max) return 1;
    for (size_t i = 0; i < q->count; i++)
        if (strlen(q->clauses[i].words[0]) == (size_t)len && memcmp(q->clauses[i].words[0], token, (size_t)len) == 0)
            return 0;
    search_clause *c = &q->clauses[q->count++];
    c->kind = SEARCH_WORD;
    c->words = arena_alloc(w->arena, sizeof *c->words);
    c->words[0] = arena_strndup(w->arena, token, (size_t)len);
    c->count = 1;
    return 0;
}

search_query *search_query_any_words(arena *a, search_tokenizer *t, const char *const *texts, size_t n,
                                     size_t max) {
    search_query *q = arena_zalloc(a, sizeof *q);
    q->clauses = arena_zalloc(a, (max ? max : 1) * sizeof *q->clauses);
    word_set w = {.arena = a, .query = q, .max = max};
    for (size_t i = 0; i < n && q->count < max; i++)
        if (texts[i]) search_tokenize(t, texts[i], (int)strlen(texts[i]), SEARCH_FOLD, collect_word, &w);
    return q->count ? q : NULL;
}
