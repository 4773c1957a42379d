/*
** The archive generator. Vocabulary: every word of the embedded demo
** articles of a language, counted; sampling draws a word with probability
** proportional to its count (a Zipf-like distribution, as in real text).
*/
#include "generate.h"
#include "article_save.h"
#include "frontmatter.h"
#include "../core/embedded.h"
#include "../core/fatal.h"
#include "../core/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 500

typedef struct vocabulary {
    char **words;
    uint64_t *cumulative; /* running total of counts, for sampling */
    size_t count, cap;
    uint64_t total;
} vocabulary;

/* A small, fast, seedable generator (splitmix64), so runs repeat. */
static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* qsort's order of two words (char *), by bytes. */
static int compare_words(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the words of text (lowercased when ASCII) to a list. */
static void collect_words(const char *text, char ***list, size_t *n, size_t *cap) {
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, len - i, &cp);
        bool letter = k && (isalpha((int)(cp < 128 ? cp : 0)) || (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000));
        if (!letter) { i += k ? k : 1; continue; }
        size_t start = i;
        while (i < len) {
            k = utf8_decode(p + i, len - i, &cp);
            bool in = k && (isalpha((int)(cp < 128 ? cp : 0)) || (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000) || cp == '-');
            if (!in) break;
            i += k;
        }
        if (*n == *cap) *list = xrealloc(*list, (*cap = *cap ? *cap * 2 : 4096) * sizeof **list);
        char *w = xmalloc(i - start + 1);
        memcpy(w, text + start, i - start);
        w[i - start] = '\0';
        for (char *c = w; *c; c++)
            if ((unsigned char)*c < 128) *c = (char)tolower((unsigned char)*c);
        (*list)[(*n)++] = w;
    }
}

/* Counts the words of the embedded demo articles of lang. */
static bool build_vocabulary(const char *lang, vocabulary *v) {
    char prefix[16];
    snprintf(prefix, sizeof prefix, "demo/%s/", lang);
    char **all = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < embedded_file_count; i++) {
        if (!starts_with(embedded_files[i].name, prefix)) continue;
        arena *a = arena_new();
        article_input in;
        char err[256];
        if (frontmatter_parse(a, (const char *)embedded_files[i].data, embedded_files[i].size, &in,
                              err, sizeof err))
            collect_words(in.body_markdown, &all, &n, &cap);
        arena_free(a);
    }
    if (n == 0) return false;
    qsort(all, n, sizeof *all, compare_words);
    memset(v, 0, sizeof *v);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(all[j], all[i]) == 0) j++;
        if (v->count == v->cap) {
            v->cap = v->cap ? v->cap * 2 : 1024;
            v->words = xrealloc(v->words, v->cap * sizeof *v->words);
            v->cumulative = xrealloc(v->cumulative, v->cap * sizeof *v->cumulative);
        }
        v->total += j - i;
        v->words[v->count] = all[i];
        v->cumulative[v->count++] = v->total;
        for (size_t k = i + 1; k < j; k++) free(all[k]);
        i = j;
    }
    free(all);
    return true;
}

/* Frees the words and counts of v (not v itself). */
static void free_vocabulary(vocabulary *v) {
    for (size_t i = 0; i < v->count; i++) free(v->words[i]);
    free(v->words);
    free(v->cumulative);
}

/* A word drawn with the frequency it has in the demo text. */
static const char *draw(const vocabulary *v, uint64_t *rng) {
    uint64_t x = next_random(rng) % v->total;
    size_t lo = 0, hi = v->count - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->cumulative[mid] > x) hi = mid;
        else lo = mid + 1;
    }
    return v->words[lo];
}

/* Appends a sentence of n words, capitalised (ASCII) and ended with a period. */
static void sentence(buf *b, const vocabulary *v, uint64_t *rng, int n) {
    for (int i = 0; i < n; i++) {
        const char *w = draw(v, rng);
        if (i) buf_putc(b, ' ');
        size_t at = b->len;
        buf_puts(b, w);
        if (i == 0 && b->data[at] >= 'a' && b->data[at] <= 'z') b->data[at] = (char)(b->data[at] - 32);
    }
    buf_putc(b, '.');
}

/* A number from lo to hi, both included. */
static int between(uint64_t *rng, int lo, int hi) { return lo + (int)(next_random(rng) % (uint64_t)(hi - lo + 1)); }

/* Writes one article of lang number i. */
static bool write_one(store *s, const config *cfg, const vocabulary *v, const char *lang,
                      int64_t i, const generate_options *opt, uint64_t *rng, char *err,
                      size_t errlen) {
    static const char *const categories[] = {"politics", "economy", "analytics", "society",
                                             "world", "culture", "sport", "technology"};
    static const char *const authors[] = {"Leyla Mammadli", "Rashad Mammadov", "Elena Volkova",
                                          "Thomas Reid", "Aysel Karimova", "Herald Desk"};
    arena *a = arena_new();
    buf title, lead, body;
    buf_init(&title, a);
    buf_init(&lead, a);
    buf_init(&body, a);
    sentence(&title, v, rng, between(rng, 6, 11));
    title.data[--title.len] = '\0'; /* headlines have no period */
    sentence(&lead, v, rng, between(rng, 15, 30));
    int words = between(rng, 150, 800);
    while (words > 0) {
        int paragraph = between(rng, 40, 120);
        for (int left = paragraph; left > 0 && words > 0;) {
            int n = between(rng, 8, 24);
            if (n > words) n = words;
            sentence(&body, v, rng, n);
            buf_putc(&body, ' ');
            left -= n;
            words -= n;
        }
        buf_puts(&body, "\n\n");
    }
    article_input in = {0};
    in.lang = lang;
    in.slug = arena_printf(a, "gen-%lld", (long long)i);
    in.category_slug = categories[next_random(rng) % 8];
    in.title = title.data;
    in.subtitle = lead.data;
    in.author = authors[next_random(rng) % 6];
    in.published_at = opt->newest - (i * 86400) / (opt->per_day > 0 ? opt->per_day : 100);
    in.status = ARTICLE_PUBLISHED;
    in.body_markdown = body.data;
    int64_t id;
    bool created;
    article_problem problem;
    bool ok = article_save(s, cfg, a, &in, &id, &created, &problem);
    if (!ok) snprintf(err, errlen, "%s", problem.message);
    arena_free(a);
    return ok;
}

/* See generate.h. The editions of opt->languages are checked first: each
** must be the site's and have demo text, and there must be one at least. */
bool generate_run(store *s, const config *cfg, const generate_options *opt, FILE *out) {
    char *langs = xstrdup(opt->languages), *save = NULL;
    const char *list[CONFIG_MAX_LANGUAGES];
    vocabulary vocab[CONFIG_MAX_LANGUAGES];
    size_t nlang = 0;
    bool ok = true;
    for (char *t = strtok_r(langs, ", ", &save); t && nlang < CONFIG_MAX_LANGUAGES; t = strtok_r(NULL, ", ", &save)) {
        if (!config_has_language(cfg, t) || !build_vocabulary(t, &vocab[nlang])) {
            fprintf(out, "gen: '%s' is not an edition of the site with demo text to draw words from\n", t);
            ok = false;
            break;
        }
        list[nlang++] = t;
    }
    /* "," or " ": the articles would be spread over no edition at all. */
    if (ok && nlang == 0) {
        fprintf(out, "gen: --langs names no edition (give one or more, e.g. --langs en,ru)\n");
        ok = false;
    }
    uint64_t rng = opt->seed;
    char err[512];
    /* Oldest first, so that ids grow with dates as in a real archive. */
    for (int64_t i = opt->count - 1; ok && i >= 0; i--) {
        int64_t done = opt->count - 1 - i;
        if (done % BATCH == 0 && store_begin(s) != STORE_OK) {
            fprintf(out, "gen: %s\n", store_error(s));
            ok = false;
            break;
        }
        if (!write_one(s, cfg, &vocab[i % (int64_t)nlang], list[i % (int64_t)nlang], i, opt, &rng, err, sizeof err)) {
            fprintf(out, "gen: article %lld: %s\n", (long long)i, err);
            store_rollback(s);
            ok = false;
            break;
        }
        if ((done + 1) % BATCH == 0 || i == 0) {
            if (store_commit(s) != STORE_OK) {
                fprintf(out, "gen: %s\n", store_error(s));
                ok = false;
                break;
            }
            if ((done + 1) % 10000 == 0 || i == 0)
                fprintf(out, "gen: %lld of %lld articles\n", (long long)(done + 1), (long long)opt->count);
        }
    }
    for (size_t k = 0; k < nlang; k++) free_vocabulary(&vocab[k]);
    free(langs);
    return ok;
}
