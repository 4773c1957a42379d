/* Building FTS5 queries from reader input. See query.h. */
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
    buf *out;
    int terms;
    bool in_phrase;
    bool phrase_started;
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
    arena *a = b->out->arena;
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

/* Adds one word of a plain run: quoted, with "*" for a prefix. */
static int add_word(void *ctx, const char *token, int len, int start, int end, int flags) {
    (void)start;
    builder *b = ctx;
    if (b->terms == SEARCH_QUERY_MAX_TERMS) return 1;
    buf stem;
    buf_init(&stem, b->out->arena);
    search_tokenize(b->tokenizer, token, len, SEARCH_STEM, take_stem, &stem);
    if (!stem.len) buf_append(&stem, token, (size_t)len);
    if (b->in_phrase) {
        buf_puts(b->out, b->phrase_started ? " " : " \"");
        buf_append(b->out, token, (size_t)len);
        b->phrase_started = true;
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
    buf_puts(b->out, b->terms ? " \"" : "\"");
    if (prefix) {
        buf_append(b->out, prefix, prefix_len);
        buf_puts(b->out, "\" *");
        note_term(b, prefix, prefix_len, true);
    } else {
        buf_append(b->out, token, (size_t)len);
        buf_putc(b->out, '"');
        note_term(b, stem.data, stem.len, false);
    }
    b->terms++;
    return 0;
}

char *search_query_build(arena *a, search_tokenizer *t, const char *input, search_terms *terms) {
    char *clean = search_query_clean(a, input);
    buf out;
    buf_init(&out, a);
    if (terms) {
        terms->items = NULL;
        terms->count = 0;
    }
    builder b = {.tokenizer = t, .noted = terms, .out = &out};
    const char *p = clean;
    while (*p && b.terms < SEARCH_QUERY_MAX_TERMS) {
        if (*p == '"') {
            /* A phrase, up to the closing quote or the end. */
            const char *close = strchr(p + 1, '"');
            const char *end = close ? close : p + strlen(p);
            b.in_phrase = true;
            b.phrase_started = false;
            b.run = p + 1;
            b.run_len = (int)(end - p - 1);
            search_tokenize(t, b.run, b.run_len, SEARCH_FOLD, add_word, &b);
            if (b.phrase_started) {
                buf_putc(&out, '"');
                b.terms++;
            }
            b.in_phrase = false;
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
    if (b.terms == 0) return NULL;
    /* A phrase opened with " \"" leaves a leading space when it comes first. */
    return out.data[0] == ' ' ? out.data + 1 : out.data;
}
