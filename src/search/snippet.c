/* Highlights and snippets. See snippet.h. */
#include "snippet.h"
#include "../core/buf.h"

#include <string.h>

typedef struct span {
    int start, end; /* byte offsets in the text */
    int term;       /* index of the matched term, or -1 */
} span;

typedef struct collect {
    const search_terms *terms;
    span *spans;
    int count, cap;
    arena *arena;
} collect;

/* Which term a word (as the index holds it) matches, or -1. */
static int match_term(const search_terms *terms, const char *token, int len) {
    for (size_t i = 0; i < terms->count; i++) {
        const search_term *t = &terms->items[i];
        if (t->prefix ? len >= t->len && memcmp(token, t->text, (size_t)t->len) == 0
                      : len == t->len && memcmp(token, t->text, (size_t)len) == 0)
            return (int)i;
    }
    return -1;
}

static int add_span(void *ctx, const char *token, int len, int start, int end, int flags) {
    collect *c = ctx;
    if (flags & SEARCH_TOKEN_COLOCATED) {
        /* The whole word beside its stem: the same span, matched if either is. */
        span *last = &c->spans[c->count - 1];
        if (last->term < 0) last->term = match_term(c->terms, token, len);
        return 0;
    }
    if (c->count == c->cap) {
        int cap = c->cap ? c->cap * 2 : 256;
        span *bigger = arena_alloc(c->arena, (size_t)cap * sizeof *bigger);
        if (c->count) memcpy(bigger, c->spans, (size_t)c->count * sizeof *bigger);
        c->spans = bigger;
        c->cap = cap;
    }
    c->spans[c->count++] = (span){start, end, match_term(c->terms, token, len)};
    return 0;
}

static void collect_spans(arena *a, search_tokenizer *t, const search_terms *terms,
                          const char *text, collect *c) {
    memset(c, 0, sizeof *c);
    c->terms = terms;
    c->arena = a;
    search_tokenize(t, text, (int)strlen(text), SEARCH_INDEX, add_span, c);
}

/* Copies text[from, to) with marks around the matched spans in it. */
static void copy_marked(buf *out, const char *text, int from, int to, const collect *c) {
    int at = from;
    for (int i = 0; i < c->count; i++) {
        const span *s = &c->spans[i];
        if (s->term < 0 || s->start < from || s->end > to) continue;
        buf_append(out, text + at, (size_t)(s->start - at));
        buf_putc(out, '\x01');
        buf_append(out, text + s->start, (size_t)(s->end - s->start));
        buf_putc(out, '\x02');
        at = s->end;
    }
    buf_append(out, text + at, (size_t)(to - at));
}

char *search_highlight(arena *a, search_tokenizer *t, const search_terms *terms,
                       const char *text) {
    collect c;
    collect_spans(a, t, terms, text, &c);
    buf out;
    buf_init(&out, a);
    copy_marked(&out, text, 0, (int)strlen(text), &c);
    return out.data ? out.data : arena_strdup(a, "");
}

/* Scores the window of spans [first, first + n): distinct terms first. */
static long window_score(const collect *c, int first, int n) {
    unsigned long seen = 0;
    long matches = 0;
    for (int i = first; i < first + n && i < c->count; i++) {
        if (c->spans[i].term < 0) continue;
        matches++;
        if (c->spans[i].term < 64) seen |= 1ul << c->spans[i].term;
    }
    return (long)__builtin_popcountl(seen) * 1000 + matches;
}

/* True when a collection has a matched word. */
static bool has_match(const collect *c) {
    for (int i = 0; i < c->count; i++)
        if (c->spans[i].term >= 0) return true;
    return false;
}

bool search_matches(arena *a, search_tokenizer *t, const search_terms *terms, const char *text) {
    collect c;
    collect_spans(a, t, terms, text, &c);
    return has_match(&c);
}

char *search_snippet(arena *a, search_tokenizer *t, const search_terms *terms, const char *text,
                     int words) {
    collect c;
    collect_spans(a, t, terms, text, &c);
    buf out;
    buf_init(&out, a);
    if (c.count == 0) return arena_strdup(a, "");
    /* The best window, starting a few words before its first match so the
    ** reader sees the match in context. */
    int best = 0;
    long best_score = -1;
    for (int i = 0; i < c.count; i++) {
        if (c.spans[i].term < 0) continue;
        int first = i > 4 ? i - 4 : 0;
        long score = window_score(&c, first, words);
        if (score > best_score) {
            best_score = score;
            best = first;
        }
    }
    int last = best + words - 1 < c.count ? best + words - 1 : c.count - 1;
    int from = best == 0 ? 0 : c.spans[best].start;
    int to = last == c.count - 1 ? (int)strlen(text) : c.spans[last].end;
    if (best > 0) buf_puts(&out, "…");
    copy_marked(&out, text, from, to, &c);
    if (last < c.count - 1) buf_puts(&out, "…");
    return out.data;
}
