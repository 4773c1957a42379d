/* Word splitting, folding and stemming for search. See tokenize.h. */
#include "tokenize.h"
#include "../core/fatal.h"
#include "../core/text.h"

#include <libstemmer.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* Stemming is the costly part of indexing and of making snippets, and
** news text repeats its words: a small direct-mapped cache of recent
** word -> stem pairs saves most of the work. */
#define STEM_CACHE_SLOTS 4096
#define STEM_CACHE_WORD 24

typedef struct stem_entry {
    uint8_t word_len, stem_len; /* word_len 0: empty slot */
    bool cyrillic;
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
} stem_entry;

struct search_tokenizer {
    struct sb_stemmer *english; /* NULL in the Azerbaijani edition */
    struct sb_stemmer *russian;
    bool prefix_language;
    stem_entry cache[STEM_CACHE_SLOTS];
};

search_tokenizer *search_tokenizer_new(const char *lang) {
    bool az = strcmp(lang, "az") == 0;
    if (!az && strcmp(lang, "en") != 0 && strcmp(lang, "ru") != 0) return NULL;
    search_tokenizer *t = xcalloc(1, sizeof *t);
    t->prefix_language = az;
    if (!az) t->english = sb_stemmer_new("english", "UTF_8");
    t->russian = sb_stemmer_new("russian", "UTF_8");
    if ((!az && !t->english) || !t->russian) fatal("libstemmer has no English or Russian stemmer");
    return t;
}

void search_tokenizer_free(search_tokenizer *t) {
    if (!t) return;
    if (t->english) sb_stemmer_delete(t->english);
    sb_stemmer_delete(t->russian);
    free(t);
}

bool search_tokenizer_prefix_language(const search_tokenizer *t) { return t->prefix_language; }

static bool is_cyrillic(ucs4_t c) { return c >= 0x400 && c <= 0x52F; }

/* True for characters that belong inside a word. ASCII is answered
** without the Unicode tables: it is most of the text of every edition. */
static bool is_word_char(ucs4_t c) {
    if (c < 0x80) return (c | 0x20) - 'a' < 26 || c - '0' < 10;
    return uc_is_general_category(c, UC_CATEGORY_L) || uc_is_general_category(c, UC_CATEGORY_N) ||
           uc_is_general_category(c, UC_CATEGORY_Mn);
}

static bool is_letter(ucs4_t c) {
    if (c < 0x80) return (c | 0x20) - 'a' < 26;
    return uc_is_general_category(c, UC_CATEGORY_L);
}

/* Appends the folded form of c to out (at most 4 bytes per code point,
** 2 code points); returns the new length. */
static int fold_char(ucs4_t c, uint8_t *out, int len) {
    if (len > SEARCH_TOKEN_MAX - 8) return len;
    if (c < 0x80) {
        out[len] = (uint8_t)(c - 'A' < 26 ? c + 32 : c);
        return len + 1;
    }
    ucs4_t lower = uc_tolower(c);
    const char *special = NULL;
    if (is_cyrillic(lower)) {
        if (lower == 0x451) lower = 0x435; /* ё -> е */
    } else {
        switch (lower) {
        case 0x259: special = "e"; break;  /* ə */
        case 0x131: special = "i"; break;  /* dotless ı */
        case 0xDF: special = "ss"; break;
        case 0xE6: special = "ae"; break;
        case 0x153: special = "oe"; break;
        case 0xF8: special = "o"; break;
        case 0x111: special = "d"; break;
        case 0x142: special = "l"; break;
        case 0xFE: special = "th"; break;
        default: {
            if (uc_is_general_category(lower, UC_CATEGORY_Mn)) return len; /* a bare accent */
            ucs4_t parts[UC_DECOMPOSITION_MAX_LENGTH];
            /* Canonical decomposition puts the base letter first: keep it. */
            while (uc_canonical_decomposition(lower, parts) > 0) lower = parts[0];
        }
        }
    }
    if (special) {
        size_t n = strlen(special);
        memcpy(out + len, special, n);
        return len + (int)n;
    }
    int n = u8_uctomb(out + len, lower, 6);
    return n > 0 ? len + n : len;
}

/* FNV-1a, to pick a cache slot. */
static unsigned hash_word(const uint8_t *word, int len) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < len; i++) h = (h ^ word[i]) * 16777619u;
    return h & (STEM_CACHE_SLOTS - 1);
}

/* Stems word (len bytes) in place when a stemmer applies; returns the new length. */
static int stem_word(search_tokenizer *t, uint8_t *word, int len, bool cyrillic) {
    struct sb_stemmer *stemmer = cyrillic ? t->russian : t->english;
    if (!stemmer) return len;
    stem_entry *e = NULL;
    if (len < STEM_CACHE_WORD) {
        e = &t->cache[hash_word(word, len)];
        if (e->word_len == len && e->cyrillic == cyrillic && memcmp(e->word, word, (size_t)len) == 0) {
            memcpy(word, e->stem, e->stem_len);
            return e->stem_len;
        }
    }
    const sb_symbol *stem = sb_stemmer_stem(stemmer, word, len);
    if (!stem) return len; /* out of memory in the stemmer: keep the word */
    int n = sb_stemmer_length(stemmer);
    if (n <= 0 || n > len) return len;
    if (e) {
        e->word_len = (uint8_t)len;
        e->cyrillic = cyrillic;
        memcpy(e->word, word, (size_t)len);
        e->stem_len = (uint8_t)n;
        memcpy(e->stem, stem, (size_t)n);
    }
    memcpy(word, stem, (size_t)n);
    return n;
}

int search_tokenize(search_tokenizer *t, const char *text, int len, search_mode mode,
                    search_token_fn fn, void *ctx) {
    const uint8_t *s = (const uint8_t *)text;
    int i = 0;
    while (i < len) {
        /* Skip to the start of a word. */
        ucs4_t c;
        int n = s[i] < 0x80 ? (c = s[i], 1) : u8_mbtoucr(&c, s + i, (size_t)(len - i));
        if (n <= 0) { i++; continue; }
        if (!is_word_char(c) || (c >= 0x80 && uc_is_general_category(c, UC_CATEGORY_Mn))) {
            i += n;
            continue;
        }
        int start = i, end = i;
        uint8_t word[SEARCH_TOKEN_MAX + 8];
        int wlen = 0, cyrillic = 0, letters = 0;
        while (i < len) {
            n = s[i] < 0x80 ? (c = s[i], 1) : u8_mbtoucr(&c, s + i, (size_t)(len - i));
            if (n <= 0) break;
            if (c == '\'' || c == 0x2019) {
                /* An apostrophe joins letters: "don't". */
                ucs4_t next;
                int m = i + n < len ? u8_mbtoucr(&next, s + i + n, (size_t)(len - i - n)) : 0;
                if (m > 0 && is_word_char(next) && end > start) { i += n; continue; }
                break;
            }
            if (!is_word_char(c)) break;
            if (is_letter(c)) {
                letters++;
                if (is_cyrillic(c)) cyrillic++;
            }
            if (c == 0x306 && wlen >= 2 && word[wlen - 2] == 0xD0 && word[wlen - 1] == 0xB8) {
                word[wlen - 1] = 0xB9; /* и with a combining breve is й, as precomposed */
            } else {
                wlen = fold_char(c, word, wlen);
            }
            i += n;
            end = i;
        }
        if (wlen == 0) continue;
        bool is_cyr = cyrillic * 2 > letters;
        int flags = is_cyr ? SEARCH_TOKEN_CYRILLIC : 0;
        word[wlen] = '\0';
        if (mode == SEARCH_FOLD || letters == 0) {
            int rc = fn(ctx, (const char *)word, wlen, start, end, flags);
            if (rc) return rc;
            continue;
        }
        uint8_t stem[SEARCH_TOKEN_MAX + 8];
        memcpy(stem, word, (size_t)wlen + 1);
        int slen = stem_word(t, stem, wlen, is_cyr);
        stem[slen] = '\0';
        int rc = fn(ctx, (const char *)stem, slen, start, end, flags);
        if (rc) return rc;
        if (mode == SEARCH_INDEX && (slen != wlen || memcmp(stem, word, (size_t)wlen) != 0)) {
            rc = fn(ctx, (const char *)word, wlen, start, end, flags | SEARCH_TOKEN_COLOCATED);
            if (rc) return rc;
        }
    }
    return 0;
}
