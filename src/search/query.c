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
    buf *out;
    int terms;
    bool in_phrase;
    bool phrase_started;
    const char *run;   /* the text being tokenized, to look past a word */
    int run_len;
} builder;

/* Receives the stem of a single word (see add_word). */
static int take_stem(void *ctx, const char *token, int len, int start, int end, bool cyrillic) {
    (void)start; (void)end; (void)cyrillic;
    buf *stem = ctx;
    buf_append(stem, token, (size_t)len);
    return 1; /* one word is enough */
}

/* Adds one word of a plain run: quoted, with "*" for a prefix. */
static int add_word(void *ctx, const char *token, int len, int start, int end, bool cyrillic) {
    (void)start;
    builder *b = ctx;
    if (b->terms == SEARCH_QUERY_MAX_TERMS) return 1;
    if (b->in_phrase) {
        buf_puts(b->out, b->phrase_started ? " " : " \"");
        buf_append(b->out, token, (size_t)len);
        b->phrase_started = true;
        return 0;
    }
    bool explicit_prefix = end < b->run_len && b->run[end] == '*' && utf8_length(token) >= 2;
    buf_puts(b->out, b->terms ? " \"" : "\"");
    if (explicit_prefix) {
        buf_append(b->out, token, (size_t)len);
        buf_puts(b->out, "\" *");
    } else if ((cyrillic || search_tokenizer_prefix_language(b->tokenizer))) {
        /* Match by the prefix of the stem when it is long enough to mean
        ** something; short words must match whole. */
        buf stem;
        buf_init(&stem, b->out->arena);
        search_tokenize(b->tokenizer, token, len, true, take_stem, &stem);
        if (stem.len && utf8_length(stem.data) >= 4) {
            buf_append(b->out, stem.data, stem.len);
            buf_puts(b->out, "\" *");
        } else {
            buf_append(b->out, token, (size_t)len);
            buf_putc(b->out, '"');
        }
    } else {
        buf_append(b->out, token, (size_t)len);
        buf_putc(b->out, '"');
    }
    b->terms++;
    return 0;
}

char *search_query_build(arena *a, search_tokenizer *t, const char *input) {
    char *clean = search_query_clean(a, input);
    buf out;
    buf_init(&out, a);
    builder b = {.tokenizer = t, .out = &out};
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
            search_tokenize(t, b.run, b.run_len, false, add_word, &b);
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
            search_tokenize(t, b.run, b.run_len, false, add_word, &b);
            p = end;
        }
    }
    if (b.terms == 0) return NULL;
    /* A phrase opened with " \"" leaves a leading space when it comes first. */
    return out.data[0] == ' ' ? out.data + 1 : out.data;
}
