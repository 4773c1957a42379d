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

struct search_tokenizer {
    struct sb_stemmer *english; /* NULL in the Azerbaijani edition */
    struct sb_stemmer *russian;
    bool prefix_language;
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

/* True for characters that belong inside a word. */
static bool is_word_char(ucs4_t c) {
    return uc_is_general_category(c, UC_CATEGORY_L) || uc_is_general_category(c, UC_CATEGORY_N) ||
           uc_is_general_category(c, UC_CATEGORY_Mn);
}

/* Appends the folded form of c to out (at most 4 bytes per code point,
** 2 code points); returns the new length. */
static int fold_char(ucs4_t c, uint8_t *out, int len) {
    if (len > SEARCH_TOKEN_MAX - 8) return len;
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

/* Stems word (len bytes) in place when a stemmer applies; returns the new length. */
static int stem_word(search_tokenizer *t, uint8_t *word, int len, bool cyrillic) {
    struct sb_stemmer *stemmer = cyrillic ? t->russian : t->english;
    if (!stemmer) return len;
    const sb_symbol *stem = sb_stemmer_stem(stemmer, word, len);
    if (!stem) return len; /* out of memory in the stemmer: keep the word */
    int n = sb_stemmer_length(stemmer);
    if (n <= 0 || n > len) return len;
    memcpy(word, stem, (size_t)n);
    return n;
}

int search_tokenize(search_tokenizer *t, const char *text, int len, bool stem,
                    search_token_fn fn, void *ctx) {
    const uint8_t *s = (const uint8_t *)text;
    int i = 0;
    while (i < len) {
        /* Skip to the start of a word. */
        ucs4_t c;
        int n = u8_mbtoucr(&c, s + i, (size_t)(len - i));
        if (n <= 0) { i++; continue; }
        if (!is_word_char(c) || uc_is_general_category(c, UC_CATEGORY_Mn)) { i += n; continue; }
        int start = i, end = i;
        uint8_t word[SEARCH_TOKEN_MAX + 8];
        int wlen = 0, cyrillic = 0, letters = 0;
        while (i < len) {
            n = u8_mbtoucr(&c, s + i, (size_t)(len - i));
            if (n <= 0) break;
            if (c == '\'' || c == 0x2019) {
                /* An apostrophe joins letters: "don't". */
                ucs4_t next;
                int m = i + n < len ? u8_mbtoucr(&next, s + i + n, (size_t)(len - i - n)) : 0;
                if (m > 0 && is_word_char(next) && end > start) { i += n; continue; }
                break;
            }
            if (!is_word_char(c)) break;
            if (uc_is_general_category(c, UC_CATEGORY_L)) {
                letters++;
                if (is_cyrillic(c)) cyrillic++;
            }
            wlen = fold_char(c, word, wlen);
            i += n;
            end = i;
        }
        if (wlen == 0) continue;
        bool is_cyr = cyrillic * 2 > letters;
        if (stem && letters > 0) wlen = stem_word(t, word, wlen, is_cyr);
        word[wlen] = '\0';
        int rc = fn(ctx, (const char *)word, wlen, start, end, is_cyr);
        if (rc) return rc;
    }
    return 0;
}
