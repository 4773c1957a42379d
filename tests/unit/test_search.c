/* Search: the tokenizer, the query builder (and the FTS5 expression the
** SQLite store makes of it), store_search() on temporary databases of both
** engines (STORE_TEST), and html_escape_marked(). */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "core/text.h"
#include "save.h"
#include "render/escape.h"
#include "search/query.h"
#include "search/tokenize.h"
#include "store/store.h"
#include "store/sqlite_internal.h"

#include "search/snippet.h"

/* The FTS5 form of a parsed query, as the SQLite store runs it. */
static const char *query_build(arena *a, search_tokenizer *t, const char *input, search_terms *terms) {
    search_query *q = search_query_build(a, t, input, terms);
    return q ? sqlite_match_expression(a, q) : NULL;
}
#define QUERY_BUILD(a, t, input, terms) query_build((a), (t), (input), (terms))

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ tokenizer */

#define MAX_TOKENS 64

typedef struct token_list {
    int count;
    struct {
        char text[SEARCH_TOKEN_MAX + 16];
        int len, start, end;
        bool cyrillic;
    } items[MAX_TOKENS];
    int stop_after; /* >0: return 7 after this many tokens */
} token_list;

static int collect(void *ctx, const char *token, int len, int start, int end, int flags) {
    bool cyrillic = flags & SEARCH_TOKEN_CYRILLIC;
    token_list *l = ctx;
    if (l->count < MAX_TOKENS) {
        int n = len < (int)sizeof l->items[0].text - 1 ? len : (int)sizeof l->items[0].text - 1;
        memcpy(l->items[l->count].text, token, (size_t)n);
        l->items[l->count].text[n] = '\0';
        l->items[l->count].len = len;
        l->items[l->count].start = start;
        l->items[l->count].end = end;
        l->items[l->count].cyrillic = cyrillic;
    }
    l->count++;
    if (l->stop_after > 0 && l->count == l->stop_after) return 7;
    return 0;
}

/* Tokenizes text (NUL-terminated) with a tokenizer for lang. */
static token_list tokens_n(const char *lang, const char *text, int len, bool stem) {
    token_list l;
    memset(&l, 0, sizeof l);
    search_tokenizer *t = search_tokenizer_new(lang);
    if (!t) {
        l.count = -1;
        return l;
    }
    search_tokenize(t, text, len, stem ? SEARCH_STEM : SEARCH_FOLD, collect, &l);
    search_tokenizer_free(t);
    return l;
}

static token_list tokens(const char *lang, const char *text, bool stem) {
    return tokens_n(lang, text, (int)strlen(text), stem);
}

/* The single token of a one-word text, or "(n tokens)". */
static const char *one(const char *lang, const char *text, bool stem) {
    static char out[8][SEARCH_TOKEN_MAX + 16];
    static int slot;
    char *o = out[slot++ % 8];
    token_list l = tokens(lang, text, stem);
    if (l.count == 1) snprintf(o, SEARCH_TOKEN_MAX + 16, "%s", l.items[0].text);
    else snprintf(o, SEARCH_TOKEN_MAX + 16, "(%d tokens)", l.count);
    return o;
}

TEST(search_tokenizer_english_stemming) {
    CHECK_STR(one("en", "timetables", true), one("en", "timetable", true));
    CHECK_STR(one("en", "RELATIONS", true), one("en", "relation", true));
    CHECK_STR(one("en", "running", true), "run");
    CHECK_STR(one("en", "ferries", true), one("en", "ferry", true));
    /* Different words stay different. */
    CHECK(strcmp(one("en", "timetable", true), one("en", "table", true)) != 0);
    CHECK(strcmp(one("en", "bridge", true), one("en", "bride", true)) != 0);
}

TEST(search_tokenizer_russian_stemming) {
    CHECK_STR(one("ru", "Азербайджан", true), one("ru", "Азербайджана", true));
    CHECK_STR(one("ru", "мосты", true), one("ru", "мост", true));
    CHECK_STR(one("ru", "мосты", true), "мост");
    CHECK_STR(one("ru", "перевозки", true), one("ru", "перевозка", true));
    /* The English edition stems Cyrillic words with the Russian stemmer too. */
    CHECK_STR(one("en", "мосты", true), "мост");
    token_list l = tokens("ru", "мосты", true);
    CHECK_INT(l.count, 1);
    CHECK(l.items[0].cyrillic);
    l = tokens("ru", "bridges", true);
    CHECK_INT(l.count, 1);
    CHECK(!l.items[0].cyrillic);
    CHECK_STR(l.items[0].text, "bridg"); /* Latin words: the English stemmer */
}

TEST(search_tokenizer_case_folding_both_alphabets) {
    CHECK_STR(one("en", "BAKU", false), "baku");
    CHECK_STR(one("en", "BaKu", false), "baku");
    CHECK_STR(one("ru", "МОСТ", false), "мост");
    CHECK_STR(one("ru", "ПаРоМ", false), "паром");
    CHECK_STR(one("ru", "АЗЕРБАЙДЖАН", true), one("ru", "азербайджан", true));
    CHECK_STR(one("en", "TIMETABLES", true), one("en", "timetable", true));
}

TEST(search_tokenizer_yo_is_ye) {
    CHECK_STR(one("ru", "ёлка", false), "елка");
    CHECK_STR(one("ru", "Ёлка", false), "елка");
    CHECK_STR(one("ru", "всё", false), "все");
    CHECK_STR(one("ru", "Ёлки", true), one("ru", "елки", true));
}

TEST(search_tokenizer_latin_diacritics) {
    CHECK_STR(one("en", "Café", false), "cafe");
    CHECK_STR(one("en", "naïve", false), "naive");
    CHECK_STR(one("en", "Café", true), one("en", "cafe", true));
    /* A decomposed accent (e + U+0301) folds the same way. */
    CHECK_STR(one("en", "Cafe\xCC\x81", false), "cafe");
    CHECK_STR(one("en", "über", false), "uber");
    /* Azerbaijani: no stemmer, letters folded. */
    CHECK_STR(one("az", "Şəki", true), "seki");
    CHECK_STR(one("az", "ŞƏKİ", true), "seki");
    CHECK_STR(one("az", "Şəkidə", true), "sekide"); /* not stemmed */
    CHECK_STR(one("az", "çığırğan", false), "cigirgan");
    CHECK_STR(one("az", "Gəncə", true), "gence");
    CHECK_STR(one("az", "Göyçay", true), "goycay");
    CHECK_STR(one("az", "üzüm", true), "uzum");
}

TEST(search_tokenizer_mixed_text_offsets) {
    const char *text = "Baku и Актау 2026";
    token_list l = tokens("ru", text, false);
    CHECK_INT(l.count, 4);
    if (l.count == 4) {
        CHECK_STR(l.items[0].text, "baku");
        CHECK_INT(l.items[0].start, 0);
        CHECK_INT(l.items[0].end, 4);
        CHECK(!l.items[0].cyrillic);
        CHECK_STR(l.items[1].text, "и");
        CHECK_INT(l.items[1].start, 5);
        CHECK_INT(l.items[1].end, 7);
        CHECK(l.items[1].cyrillic);
        CHECK_STR(l.items[2].text, "актау");
        CHECK_INT(l.items[2].start, 8);
        CHECK_INT(l.items[2].end, 18);
        CHECK(l.items[2].cyrillic);
        CHECK_STR(l.items[3].text, "2026");
        CHECK_INT(l.items[3].start, 19);
        CHECK_INT(l.items[3].end, 23);
        /* The offsets cut the original words out of the text. */
        CHECK(memcmp(text + l.items[2].start, "Актау", 10) == 0);
    }
    /* Stemming changes the token, never the offsets. */
    token_list s = tokens("ru", text, true);
    CHECK_INT(s.count, 4);
    if (s.count == 4 && l.count == 4)
        for (int i = 0; i < 4; i++) {
            CHECK_INT(s.items[i].start, l.items[i].start);
            CHECK_INT(s.items[i].end, l.items[i].end);
        }
    /* Punctuation, spaces and symbols separate words. */
    l = tokens("en", "  Baku—Aktau, (ferry)!  ", false);
    CHECK_INT(l.count, 3);
    if (l.count == 3) {
        CHECK_STR(l.items[0].text, "baku");
        CHECK_INT(l.items[0].start, 2);
        CHECK_INT(l.items[0].end, 6);
        CHECK_STR(l.items[1].text, "aktau");
        CHECK_INT(l.items[1].start, 9); /* after the 3-byte em dash */
        CHECK_INT(l.items[1].end, 14);
        CHECK_STR(l.items[2].text, "ferry");
        CHECK_INT(l.items[2].start, 17);
        CHECK_INT(l.items[2].end, 22);
    }
}

TEST(search_tokenizer_apostrophes) {
    token_list l = tokens("en", "don't", false);
    CHECK_INT(l.count, 1);
    CHECK_STR(l.items[0].text, "dont");
    CHECK_INT(l.items[0].start, 0);
    CHECK_INT(l.items[0].end, 5);
    CHECK_STR(one("en", "don’t", false), "dont"); /* the typographic apostrophe */
    /* Apostrophes around a word are not part of it. */
    l = tokens("en", "'quoted' dogs'", false);
    CHECK_INT(l.count, 2);
    if (l.count == 2) {
        CHECK_STR(l.items[0].text, "quoted");
        CHECK_INT(l.items[0].start, 1);
        CHECK_INT(l.items[0].end, 7);
        CHECK_STR(l.items[1].text, "dogs");
        CHECK_INT(l.items[1].end, 13);
    }
}

TEST(search_tokenizer_invalid_utf8) {
    token_list l = tokens("en", "\xff\xfeword\xc3", false);
    CHECK_INT(l.count, 1);
    if (l.count == 1) {
        CHECK_STR(l.items[0].text, "word");
        CHECK_INT(l.items[0].start, 2);
        CHECK_INT(l.items[0].end, 6);
    }
    /* A bad byte in the middle splits the word. */
    l = tokens("en", "ab\xff" "cd", false);
    CHECK_INT(l.count, 2);
    if (l.count == 2) {
        CHECK_STR(l.items[0].text, "ab");
        CHECK_STR(l.items[1].text, "cd");
        CHECK_INT(l.items[1].start, 3);
    }
    /* Overlong forms, surrogates, truncated sequences: no crash, no junk. */
    const char *bad[] = {"\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80",
                         "\x80\x80\x80", "\xc3", "\xf0\x9f\x98"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        l = tokens("ru", bad[i], true);
        CHECK_INT(l.count, 0);
    }
    /* Every token of random bytes is valid UTF-8 within the input. */
    unsigned seed = 12345;
    int ok = 1;
    for (int round = 0; round < 300; round++) {
        char text[200];
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 199;
        for (int i = 0; i < len; i++) text[i] = (char)((seed = seed * 1103515245u + 12345u) >> 16);
        token_list r = tokens_n(round % 2 ? "en" : "ru", text, len, true);
        for (int i = 0; i < r.count && i < MAX_TOKENS; i++) {
            if (!utf8_valid(r.items[i].text, strlen(r.items[i].text)) || r.items[i].len <= 0 ||
                r.items[i].len > SEARCH_TOKEN_MAX || r.items[i].start < 0 ||
                r.items[i].end > len || r.items[i].start >= r.items[i].end)
                ok = 0;
            if (i > 0 && r.items[i].start < r.items[i - 1].end) ok = 0;
        }
    }
    CHECK(ok);
}

TEST(search_tokenizer_digits_and_stem_flag) {
    CHECK_STR(one("en", "2026", true), "2026");
    CHECK_STR(one("en", "A380", true), "a380");
    CHECK_STR(one("ru", "2026", true), "2026");
    token_list l = tokens("en", "Route 66, 1.5 km", true);
    CHECK_INT(l.count, 5);
    if (l.count == 5) {
        CHECK_STR(l.items[1].text, "66");
        CHECK_STR(l.items[2].text, "1");
        CHECK_STR(l.items[3].text, "5");
    }
    /* stem = false: folded but whole. */
    CHECK_STR(one("en", "Timetables", false), "timetables");
    CHECK_STR(one("en", "RUNNING", false), "running");
    CHECK_STR(one("ru", "Азербайджана", false), "азербайджана");
    CHECK_STR(one("ru", "Паромные", false), "паромные");
}

TEST(search_tokenizer_long_word_is_cut) {
    char word[1001];
    memset(word, 'a', 1000);
    word[1000] = '\0';
    token_list l = tokens("en", word, true);
    CHECK_INT(l.count, 1);
    CHECK(l.items[0].len > 0 && l.items[0].len <= SEARCH_TOKEN_MAX);
    CHECK_INT(l.items[0].start, 0);
    CHECK_INT(l.items[0].end, 1000); /* the whole word is consumed */
    /* Two-byte letters: cut on a character boundary. */
    char cyr[2001];
    for (int i = 0; i < 1000; i++) {
        cyr[2 * i] = '\xD0';
        cyr[2 * i + 1] = '\x96'; /* Ж */
    }
    cyr[2000] = '\0';
    l = tokens("ru", cyr, false);
    CHECK_INT(l.count, 1);
    CHECK(l.items[0].len > 0 && l.items[0].len <= SEARCH_TOKEN_MAX);
    CHECK(utf8_valid(l.items[0].text, strlen(l.items[0].text)));
    /* Letters that fold to two ("ß" is "ss") never overflow either. */
    char ss[1201];
    for (int i = 0; i < 600; i++) {
        ss[2 * i] = '\xC3';
        ss[2 * i + 1] = '\x9F';
    }
    ss[1200] = '\0';
    l = tokens("en", ss, false);
    CHECK_INT(l.count, 1);
    CHECK(l.items[0].len > 0 && l.items[0].len <= SEARCH_TOKEN_MAX);
    /* A word after the long one is still found. */
    char two[1010];
    snprintf(two, sizeof two, "%s ferry", word);
    l = tokens("en", two, false);
    CHECK_INT(l.count, 2);
    if (l.count == 2) CHECK_STR(l.items[1].text, "ferry");
}

TEST(search_tokenizer_languages_and_stop) {
    CHECK(search_tokenizer_new("de") == NULL);
    CHECK(search_tokenizer_new("") == NULL);
    CHECK(search_tokenizer_new("EN") == NULL);
    search_tokenizer *en = search_tokenizer_new("en");
    search_tokenizer *ru = search_tokenizer_new("ru");
    search_tokenizer *az = search_tokenizer_new("az");
    CHECK(en && ru && az);
    if (en && ru && az) {
        CHECK(!search_tokenizer_prefix_language(en));
        CHECK(!search_tokenizer_prefix_language(ru));
        CHECK(search_tokenizer_prefix_language(az));
        /* A nonzero return stops and is returned. */
        token_list l;
        memset(&l, 0, sizeof l);
        l.stop_after = 2;
        CHECK_INT(search_tokenize(en, "one two three four", 18, SEARCH_STEM, collect, &l), 7);
        CHECK_INT(l.count, 2);
        memset(&l, 0, sizeof l);
        CHECK_INT(search_tokenize(en, "one two three four", 18, SEARCH_STEM, collect, &l), 0);
        CHECK_INT(l.count, 4);
        /* len bounds the text: nothing past it is read. */
        memset(&l, 0, sizeof l);
        search_tokenize(en, "one two", 3, SEARCH_STEM, collect, &l);
        CHECK_INT(l.count, 1);
        memset(&l, 0, sizeof l);
        CHECK_INT(search_tokenize(ru, "", 0, SEARCH_STEM, collect, &l), 0);
        CHECK_INT(l.count, 0);
    }
    search_tokenizer_free(en);
    search_tokenizer_free(ru);
    search_tokenizer_free(az);
    search_tokenizer_free(NULL);
}

/* -------------------------------------------------------- query builder */

/* True when everything outside double-quoted strings is spaces or '*', the
** quotes are balanced, and no quoted string is empty. */
static bool only_quoted(const char *q) {
    if (!q) return true;
    bool in = false;
    const char *open = NULL;
    for (const char *p = q; *p; p++) {
        if (*p == '"') {
            if (in && p == open + 1) return false; /* "" */
            in = !in;
            open = p;
            continue;
        }
        if (!in && *p != ' ' && *p != '*') return false;
    }
    return !in;
}

static int count_quoted(const char *q) {
    int n = 0;
    for (const char *p = q; p && *p; p++)
        if (*p == '"') n++;
    return n / 2;
}

static const char *build(arena *a, const char *lang, const char *input) {
    search_tokenizer *t = search_tokenizer_new(lang);
    const char *q = QUERY_BUILD(a, t, input, (search_terms *)NULL);
    search_tokenizer_free(t);
    return q;
}

TEST(search_query_plain_words_and_phrases) {
    arena *a = arena_new();
    CHECK_STR(build(a, "en", "timetable"), "\"timetable\"");
    CHECK_STR(build(a, "en", "Ferry Timetables"), "\"ferry\" \"timetables\"");
    CHECK_STR(build(a, "en", "  ferry,   timetable!  "), "\"ferry\" \"timetable\"");
    CHECK_STR(build(a, "en", "\"ferry timetable\""), "\"ferry timetable\"");
    CHECK_STR(build(a, "en", "\"Ferry  Timetable\" baku"), "\"ferry timetable\" \"baku\"");
    CHECK_STR(build(a, "en", "port \"new ferry\" Aktau"), "\"port\" \"new ferry\" \"aktau\"");
    CHECK_STR(build(a, "en", "Café"), "\"cafe\"");
    arena_free(a);
}

TEST(search_query_prefixes) {
    arena *a = arena_new();
    CHECK_STR(build(a, "en", "timet*"), "\"timet\" *");
    CHECK_STR(build(a, "en", "ferry timet*"), "\"ferry\" \"timet\" *");
    /* Russian words match by the prefix of their stem. */
    const char *q = build(a, "ru", "мосты");
    CHECK_STR(q, "\"мост\" *");
    /* A long stem may match whole or as a prefix; either way it is the
    ** stem of "Азербайджана" too (see store_search_russian_forms). */
    q = build(a, "ru", "Азербайджан");
    CHECK(q && (strcmp(q, "\"азербайджа\" *") == 0 || strcmp(q, "\"азербайджан\"") == 0));
    /* "паром" must become a prefix term that reaches "паромные" (stem
    ** "паромн"): a quoted prefix of it followed by " *". */
    q = build(a, "ru", "паром");
    const char *star = q ? strstr(q, "\" *") : NULL;
    if (q && star) {
        const char *term = q + 1; /* after the opening quote */
        size_t n = (size_t)(star - term);
        const char *stem = "паромн";
        check_report(q[0] == '"' && n > 0 && n <= strlen(stem) && strncmp(term, stem, n) == 0,
                     __FILE__, __LINE__, "паром gives a prefix of паромн", q);
    } else {
        check_report(0, __FILE__, __LINE__, "паром gives a stem-prefix term", q ? q : "(null)");
    }
    /* Azerbaijani: every long enough word by prefix, unstemmed. */
    CHECK_STR(build(a, "az", "Şəki"), "\"seki\" *");
    arena_free(a);
}

TEST(search_query_never_lets_fts5_syntax_through) {
    arena *a = arena_new();
    static const char *const hostile[] = {
        "a AND b", "a OR b", "NOT a", "a NOT b", "NEAR(a b)", "NEAR(a b, 3)", "NEAR(",
        "(a OR b) AND c", "title:bridge", "{title subtitle}:bridge", "^bridge", "-bridge",
        "+bridge", "bridge*", "*bridge", "**", "a* *b", "\"a\" \"b", "\"\"\"", "a\"\"b",
        "\"a OR b\" NOT", "col:\"x\"", "x : y", "AND", "OR", "NOT", "NEAR", "a + b - c",
        "\"unbalanced", "unbalanced\"", "\\\"escaped\\\"", "rank:x", "bm25(x)",
        "' OR 1=1 --", "'; DROP TABLE articles; --", "\x01\x02\x03", "%00", "\t\n\r",
        "мост AND паром", "мост*", "ё*", "a*b*c*", "don't*", "1*", "\xff\xfe*",
        "\"паром\" NEAR/2 мост", "x\"y\"z\"w",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        for (int lang = 0; lang < 3; lang++) {
            const char *q = build(a, lang == 0 ? "en" : lang == 1 ? "ru" : "az", hostile[i]);
            char what[160];
            snprintf(what, sizeof what, "only quoted terms for input %zu", i);
            check_report(only_quoted(q), __FILE__, __LINE__, what, q ? q : "(null)");
        }
    }
    /* Operators typed as words are just words. */
    CHECK_STR(build(a, "en", "a AND b"), "\"a\" \"and\" \"b\"");
    CHECK_STR(build(a, "en", "NEAR(a b)"), "\"near\" \"a\" \"b\"");
    CHECK_STR(build(a, "en", "title:bridge -port"), "\"title\" \"bridge\" \"port\"");
    /* Random bytes. */
    unsigned seed = 777;
    int bad = 0;
    char first_bad[300] = "";
    for (int round = 0; round < 2000; round++) {
        char in[80];
        int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 79;
        static const char alphabet[] = "ab \"*():^-+NEARORNOTAND\xd0\xbc\xff,.'";
        for (int i = 0; i < len; i++) {
            unsigned r = (seed = seed * 1103515245u + 12345u) >> 16;
            in[i] = round % 2 ? (char)(r & 0xff) : alphabet[r % (sizeof alphabet - 1)];
            if (in[i] == '\0') in[i] = ' ';
        }
        in[len] = '\0';
        const char *q = build(a, round % 3 == 0 ? "ru" : "en", in);
        if (!only_quoted(q) || (q && count_quoted(q) > SEARCH_QUERY_MAX_TERMS)) {
            if (!bad) snprintf(first_bad, sizeof first_bad, "%s", q ? q : "(null)");
            bad++;
        }
    }
    check_report(bad == 0, __FILE__, __LINE__, "random input gives only quoted terms", first_bad);
    arena_free(a);
}

TEST(search_query_unbalanced_empty_and_limits) {
    arena *a = arena_new();
    CHECK_STR(build(a, "en", "\"unbalanced phrase"), "\"unbalanced phrase\"");
    CHECK_STR(build(a, "en", "say \"hello"), "\"say\" \"hello\"");
    CHECK_STR(build(a, "en", "foo\"bar"), "\"foo\" \"bar\"");
    CHECK_STR(build(a, "en", "bridge \""), "\"bridge\"");
    CHECK_STR(build(a, "en", "\"\" bridge"), "\"bridge\"");
    /* No words: NULL. */
    static const char *const empty[] = {"", "   ", "!!! ??? ...", "\"\"", "\"", "*", "***",
                                        "-+^():", "\" * \"", "\x01\x02", "\xff\xfe", "—…«»"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        const char *q = build(a, "en", empty[i]);
        check_report(q == NULL, __FILE__, __LINE__, "no words gives NULL", q ? q : "(null)");
    }
    CHECK(build(a, "ru", NULL) == NULL);
    /* At most SEARCH_QUERY_MAX_TERMS terms. */
    char many[400] = "";
    for (int i = 1; i <= SEARCH_QUERY_MAX_TERMS + 5; i++) {
        char w[16];
        snprintf(w, sizeof w, "w%d ", i);
        strcat(many, w);
    }
    const char *q = build(a, "en", many);
    CHECK_INT(count_quoted(q), SEARCH_QUERY_MAX_TERMS);
    char last[16], over[16];
    snprintf(last, sizeof last, "\"w%d\"", SEARCH_QUERY_MAX_TERMS);
    snprintf(over, sizeof over, "\"w%d\"", SEARCH_QUERY_MAX_TERMS + 1);
    CHECK(q && strstr(q, last) != NULL);
    CHECK(q && strstr(q, over) == NULL);
    /* A phrase counts as one term. */
    q = build(a, "en", "\"a b c d e f g h i j k l m n\" x");
    CHECK_INT(count_quoted(q), 2);
    arena_free(a);
}

TEST(search_query_clean_cuts_and_replaces) {
    arena *a = arena_new();
    CHECK_STR(search_query_clean(a, NULL), "");
    CHECK_STR(search_query_clean(a, "  ferry  "), "ferry");
    CHECK_STR(search_query_clean(a, "a\x01" "b\x7f" "c\td\ne"), "a b c d e");
    CHECK_STR(search_query_clean(a, "a\xc2\x85" "b"), "a b"); /* C1 control U+0085 */
    CHECK_STR(search_query_clean(a, "a\xff\xfe" "b"), "a  b"); /* invalid bytes */
    CHECK_STR(search_query_clean(a, "\x01\x02"), "");
    CHECK_STR(search_query_clean(a, "<script>alert(1)</script>"), "<script>alert(1)</script>");
    CHECK_STR(search_query_clean(a, "Баку ə ё"), "Баку ə ё");
    /* Cut to SEARCH_QUERY_MAX_BYTES on a character boundary. */
    char long_in[3000];
    size_t n = 0;
    long_in[n++] = 'x';
    for (int i = 0; i < 1000; i++) {
        long_in[n++] = '\xC3';
        long_in[n++] = '\xA9'; /* é */
    }
    long_in[n] = '\0';
    const char *c = search_query_clean(a, long_in);
    CHECK(strlen(c) <= SEARCH_QUERY_MAX_BYTES);
    CHECK(strlen(c) >= SEARCH_QUERY_MAX_BYTES - 3);
    CHECK(utf8_valid(c, strlen(c)));
    /* Four-byte characters. */
    n = 0;
    for (int i = 0; i < 300; i++) {
        memcpy(long_in + n, "\xF0\x9F\x9A\xA2", 4); /* a ship */
        n += 4;
    }
    long_in[n] = '\0';
    long_in[1] = 'a'; /* breaks the first one: an invalid byte run at the start */
    c = search_query_clean(a, long_in);
    CHECK(strlen(c) <= SEARCH_QUERY_MAX_BYTES);
    CHECK(utf8_valid(c, strlen(c)));
    /* The query built from a long input is bounded too. */
    char words[3000];
    n = 0;
    while (n < 2900) n += (size_t)snprintf(words + n, sizeof words - n, "ferry ");
    const char *q = build(a, "en", words);
    CHECK(q && strlen(q) < 2 * SEARCH_QUERY_MAX_BYTES);
    arena_free(a);
}

/* ------------------------------------------------------------- the store */

typedef struct db {
    char url[TESTDB_URL_MAX];
    config cfg;
    store *s;
    arena *a;
    search_tokenizer *en, *ru, *az;
} db;

static bool db_open(db *d) {
    config_defaults(&d->cfg);
    d->cfg.languages[1] = strdup("ru");
    d->cfg.languages[2] = strdup("az");
    d->cfg.language_count = 3;
    char err[512] = "";
    d->s = testdb_create(d->url, sizeof d->url) ? store_open(d->url, err, sizeof err) : NULL;
    if (!d->s) {
        if (d->url[0]) fprintf(stderr, "# store_open: %s\n", err);
        config_free(&d->cfg);
        testdb_remove(d->url);
        return false;
    }
    d->a = arena_new();
    d->en = search_tokenizer_new("en");
    d->ru = search_tokenizer_new("ru");
    d->az = search_tokenizer_new("az");
    return true;
}

static void db_close(db *d) {
    search_tokenizer_free(d->en);
    search_tokenizer_free(d->ru);
    search_tokenizer_free(d->az);
    arena_free(d->a);
    store_close(d->s);
    config_free(&d->cfg);
    testdb_remove(d->url);
}

static int64_t now(void) { return (int64_t)time(NULL); }

static int64_t put(db *d, const char *lang, const char *slug, const char *title,
                   const char *subtitle, const char *body, int64_t when, article_status status) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.category_slug = "news";
    in.title = title;
    in.subtitle = subtitle;
    in.body_markdown = body;
    in.published_at = when;
    in.status = status;
    int64_t id = 0;
    bool created = false;
    char err[256] = "";
    if (!save_article(d->s, &d->cfg, a, &in, &id, &created, err, sizeof err)) {
        fprintf(stderr, "# article_save %s: %s\n", slug, err);
        id = 0;
    }
    arena_free(a);
    return id;
}

typedef struct found {
    search_tokenizer *tokenizer; /* the db's, for marks */
    search_terms terms;
    int rc;
    search_hit *hits;
    size_t count;
    int64_t total;
    bool capped;
    search_totals totals;
    const char *match;        /* its FTS5 form, for messages (on either engine) */
    const search_query *query;
} found;

/* Searches what a reader typed, the way the site does. */
static found find(db *d, const char *lang, const char *input, int offset, int limit) {
    found f = {0};
    search_tokenizer *t = strcmp(lang, "ru") == 0 ? d->ru : strcmp(lang, "az") == 0 ? d->az : d->en;
    f.tokenizer = t;
    f.query = search_query_build(d->a, t, input, &f.terms);
    if (!f.query) {
        f.rc = -100;
        return f;
    }
    f.match = sqlite_match_expression(d->a, f.query);
    f.rc = store_search(d->s, d->a, lang, f.query, offset, limit, &f.hits, &f.count, &f.totals);
    f.total = f.totals.total;
    f.capped = f.totals.newest_ranked || f.totals.more_exist;
    return f;
}

static bool has(const found *f, int64_t id) {
    for (size_t i = 0; i < f->count; i++)
        if (f->hits[i].article.id == id) return true;
    return false;
}

STORE_TEST(store_search_ranks_title_then_lead_then_body) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now() - 100000;
    /* The body-only match is the newest, the title match the oldest: only
    ** the ranking can put them in this order. */
    int64_t title = put(&d, "en", "in-title", "Heliograph network restored", "Mirrors again.",
                        "Signal towers on the hills were repaired this week.", t, ARTICLE_PUBLISHED);
    int64_t lead = put(&d, "en", "in-lead", "Hill towers repaired",
                       "The old heliograph towers work again.",
                       "Signal stations on the hills were repaired this week.", t + 1000,
                       ARTICLE_PUBLISHED);
    int64_t body = put(&d, "en", "in-body", "Mountain signal stations reopen", "Mirrors again.",
                       "The heliograph stations on the hills were repaired this week.", t + 2000,
                       ARTICLE_PUBLISHED);
    put(&d, "en", "other", "Unrelated story", "", "Nothing to see.", t + 3000, ARTICLE_PUBLISHED);
    CHECK(title && lead && body);
    found f = find(&d, "en", "heliograph", 0, 10);
    CHECK_INT(f.rc, STORE_OK);
    CHECK_INT(f.total, 3);
    CHECK_INT(f.count, 3);
    CHECK(!f.capped);
    if (f.count == 3) {
        CHECK_INT(f.hits[0].article.id, title);
        CHECK_INT(f.hits[1].article.id, lead);
        CHECK_INT(f.hits[2].article.id, body);
        CHECK_STR(f.hits[0].article.slug, "in-title");
        CHECK_STR(f.hits[0].article.title, "Heliograph network restored");
    }
    /* Stemmed: the plural finds them too. */
    f = find(&d, "en", "HELIOGRAPHS", 0, 10);
    CHECK_INT(f.total, 3);
    db_close(&d);
}

STORE_TEST(store_search_newer_first_among_equals) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now() - 100000;
    /* The same text; the newer one is saved first (a smaller id). */
    int64_t newer = put(&d, "en", "samovar-b", "Samovar census published", "",
                        "Counting samovars across the country.", t + 500, ARTICLE_PUBLISHED);
    int64_t older = put(&d, "en", "samovar-a", "Samovar census published", "",
                        "Counting samovars across the country.", t, ARTICLE_PUBLISHED);
    int64_t newest = put(&d, "en", "samovar-c", "Samovar census published", "",
                         "Counting samovars across the country.", t + 900, ARTICLE_PUBLISHED);
    found f = find(&d, "en", "samovar census", 0, 10);
    CHECK_INT(f.count, 3);
    if (f.count == 3) {
        CHECK_INT(f.hits[0].article.id, newest);
        CHECK_INT(f.hits[1].article.id, newer);
        CHECK_INT(f.hits[2].article.id, older);
    }
    db_close(&d);
}

STORE_TEST(store_search_hides_drafts_and_future_articles) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now();
    int64_t shown = put(&d, "en", "shown", "Zeppelin lands in Baku", "", "A zeppelin.", t - 600,
                        ARTICLE_PUBLISHED);
    int64_t draft = put(&d, "en", "draft", "Zeppelin draft", "", "A zeppelin draft.", t - 600,
                        ARTICLE_DRAFT);
    int64_t future = put(&d, "en", "future", "Zeppelin embargo", "", "A zeppelin later.",
                         t + 86400, ARTICLE_PUBLISHED);
    CHECK(shown && draft && future);
    found f = find(&d, "en", "zeppelin", 0, 10);
    CHECK_INT(f.rc, STORE_OK);
    CHECK_INT(f.total, 1);
    CHECK_INT(f.count, 1);
    CHECK(has(&f, shown));
    CHECK(!has(&f, draft));
    CHECK(!has(&f, future));
    /* Unpublishing takes it out of the index. */
    put(&d, "en", "shown", "Zeppelin lands in Baku", "", "A zeppelin.", t - 600, ARTICLE_DRAFT);
    f = find(&d, "en", "zeppelin", 0, 10);
    CHECK_INT(f.total, 0);
    CHECK_INT(f.count, 0);
    /* Publishing the draft brings it in. */
    put(&d, "en", "draft", "Zeppelin draft", "", "A zeppelin draft.", t - 600, ARTICLE_PUBLISHED);
    f = find(&d, "en", "zeppelin", 0, 10);
    CHECK_INT(f.total, 1);
    CHECK(has(&f, draft));
    db_close(&d);
}

STORE_TEST(store_search_editions_are_separate) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now() - 1000;
    int64_t en = put(&d, "en", "kura", "Kura bridge opens", "", "The Kura bridge.", t,
                     ARTICLE_PUBLISHED);
    int64_t ru = put(&d, "ru", "kura", "Мост через Kura открыт", "", "Мост Kura.", t,
                     ARTICLE_PUBLISHED);
    int64_t az = put(&d, "az", "kura", "Kura körpüsü açıldı", "", "Kura.", t, ARTICLE_PUBLISHED);
    CHECK(en && ru && az);
    found f = find(&d, "en", "kura", 0, 10);
    CHECK_INT(f.total, 1);
    CHECK(has(&f, en) && !has(&f, ru) && !has(&f, az));
    f = find(&d, "ru", "kura", 0, 10);
    CHECK_INT(f.total, 1);
    CHECK(has(&f, ru));
    if (f.count == 1) CHECK_STR(f.hits[0].article.lang, "ru");
    f = find(&d, "az", "kura", 0, 10);
    CHECK_INT(f.total, 1);
    CHECK(has(&f, az));
    /* A Russian word is only in the Russian edition. */
    f = find(&d, "en", "мост", 0, 10);
    CHECK_INT(f.total, 0);
    f = find(&d, "ru", "мост", 0, 10);
    CHECK_INT(f.total, 1);
    /* An edition without an index answers nothing, without an error. */
    search_hit *hits = NULL;
    size_t count = 9;
    search_totals totals = {9, true, true};
    CHECK_INT(store_search(d.s, d.a, "de", search_query_build(d.a, d.en, "kura", NULL), 0, 10, &hits, &count, &totals), STORE_OK);
    CHECK_INT(count, 0);
    CHECK_INT(totals.total, 0);
    CHECK(!totals.more_exist);
    db_close(&d);
}

STORE_TEST(store_search_russian_forms) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now() - 1000;
    int64_t ferry = put(&d, "ru", "paromy", "Паромные перевозки растут",
                        "Рейсы из Азербайджана в Казахстан.",
                        "Паромные перевозки между портами выросли.", t, ARTICLE_PUBLISHED);
    int64_t council = put(&d, "ru", "parlament", "Парламент одобрил бюджет", "",
                          "Депутаты проголосовали.", t, ARTICLE_PUBLISHED);
    int64_t bridges = put(&d, "ru", "mosty", "Мосты через Куру", "", "Новые мосты.", t,
                          ARTICLE_PUBLISHED);
    CHECK(ferry && council && bridges);
    found f = find(&d, "ru", "Азербайджан", 0, 10);
    CHECK_INT(f.total, 1);
    CHECK(has(&f, ferry));
    f = find(&d, "ru", "перевозка", 0, 10);
    CHECK(has(&f, ferry));
    f = find(&d, "ru", "мост", 0, 10);
    CHECK(has(&f, bridges));
    f = find(&d, "ru", "ПАРОМНЫЕ", 0, 10);
    CHECK(has(&f, ferry));
    /* A star must not make a Russian word find less than without it. */
    f = find(&d, "ru", "паромные*", 0, 10);
    check_report(has(&f, ferry), __FILE__, __LINE__, "паромные* finds Паромные перевозки",
                 f.match ? f.match : "(null)");
    /* The noun finds the adjective made from it (query.h's own example). */
    f = find(&d, "ru", "паром", 0, 10);
    check_report(has(&f, ferry), __FILE__, __LINE__, "паром finds Паромные перевозки",
                 f.match ? f.match : "(null)");
    CHECK(!has(&f, council));
    db_close(&d);
}

STORE_TEST(store_search_update_reindexes_in_the_transaction) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now() - 1000;
    int64_t id = put(&d, "en", "zoo", "Zebra arrives at the zoo", "", "A zebra.", t,
                     ARTICLE_PUBLISHED);
    CHECK(id > 0);
    CHECK_INT(find(&d, "en", "zebra", 0, 10).total, 1);
    CHECK_INT(find(&d, "en", "giraffe", 0, 10).total, 0);
    /* Inside a transaction the index follows the article... */
    CHECK_INT(store_begin(d.s), STORE_OK);
    CHECK_INT(put(&d, "en", "zoo", "Giraffe arrives at the zoo", "", "A giraffe.", t,
                  ARTICLE_PUBLISHED),
              id);
    CHECK_INT(find(&d, "en", "zebra", 0, 10).total, 0);
    found f = find(&d, "en", "giraffe", 0, 10);
    CHECK_INT(f.total, 1);
    if (f.count == 1) CHECK_STR(f.hits[0].article.title, "Giraffe arrives at the zoo");
    /* ...and a rollback takes both back. */
    store_rollback(d.s);
    CHECK_INT(find(&d, "en", "zebra", 0, 10).total, 1);
    CHECK_INT(find(&d, "en", "giraffe", 0, 10).total, 0);
    /* Committed: the old word is gone, the new one found, once. */
    CHECK_INT(store_begin(d.s), STORE_OK);
    put(&d, "en", "zoo", "Giraffe arrives at the zoo", "", "A giraffe.", t, ARTICLE_PUBLISHED);
    CHECK_INT(store_commit(d.s), STORE_OK);
    CHECK_INT(find(&d, "en", "zebra", 0, 10).total, 0);
    f = find(&d, "en", "giraffe", 0, 10);
    CHECK_INT(f.total, 1);
    CHECK_INT(f.count, 1);
    /* Saving the same text again does not make a second entry. */
    put(&d, "en", "zoo", "Giraffe arrives at the zoo", "", "A giraffe.", t, ARTICLE_PUBLISHED);
    CHECK_INT(find(&d, "en", "giraffe", 0, 10).total, 1);
    db_close(&d);
}

STORE_TEST(store_search_pages_and_total) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now() - 1000000;
    int64_t ids[25];
    CHECK_INT(store_begin(d.s), STORE_OK);
    for (int i = 0; i < 25; i++) {
        char slug[32], title[64];
        snprintf(slug, sizeof slug, "bulletin-%02d", i);
        snprintf(title, sizeof title, "Bulletin number %02d", i);
        ids[i] = put(&d, "en", slug, title, "", "The daily bulletin.", t + i * 60,
                     ARTICLE_PUBLISHED);
    }
    CHECK_INT(store_commit(d.s), STORE_OK);
    int64_t seen[30];
    size_t nseen = 0;
    for (int offset = 0; offset < 30; offset += 10) {
        found f = find(&d, "en", "bulletin", offset, 10);
        CHECK_INT(f.rc, STORE_OK);
        CHECK_INT(f.total, 25);
        CHECK_INT(f.count, offset < 20 ? 10 : 5);
        for (size_t i = 0; i < f.count && nseen < 30; i++) seen[nseen++] = f.hits[i].article.id;
    }
    CHECK_INT(nseen, 25);
    /* Newest first, no repeats, no gaps. */
    int in_order = nseen == 25;
    for (size_t i = 0; i < nseen && in_order; i++)
        if (seen[i] != ids[24 - i]) in_order = 0;
    CHECK(in_order);
    found past = find(&d, "en", "bulletin", 30, 10);
    CHECK_INT(past.rc, STORE_OK);
    CHECK_INT(past.count, 0);
    CHECK_INT(past.total, 25);
    found few = find(&d, "en", "bulletin", 0, 3);
    CHECK_INT(few.count, 3);
    CHECK_INT(few.total, 25);
    /* limit 0: nothing, no error. */
    found none = find(&d, "en", "bulletin", 0, 0);
    CHECK_INT(none.rc, STORE_OK);
    CHECK_INT(none.count, 0);
    db_close(&d);
}

/* The title and the snippet of hit i with the matched words marked, as the
** site shows them (30 words of snippet). */
static const char *title_marked(db *d, const found *f, size_t i) {
    return search_highlight(d->a, f->tokenizer, &f->terms, f->hits[i].title_text);
}

static const char *snippet_marked(db *d, const found *f, size_t i) {
    return search_snippet(d->a, f->tokenizer, &f->terms, f->hits[i].body_text, 30);
}

static bool contains(const char *haystack, const char *needle) {
    return haystack && strstr(haystack, needle) != NULL;
}

STORE_TEST(store_search_marks_matched_words) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t t = now() - 1000;
    put(&d, "en", "ferry", "Ferry Timetables for winter", "",
        "The new timetable starts in December. Ferries sail daily.", t, ARTICLE_PUBLISHED);
    found f = find(&d, "en", "timetable", 0, 10);
    CHECK_INT(f.count, 1);
    if (f.count == 1) {
        /* The original word and case, between \x01 and \x02. */
        CHECK_STR(title_marked(&d, &f, 0), "Ferry \x01Timetables\x02 for winter");
        CHECK(contains(snippet_marked(&d, &f, 0), "\x01timetable\x02"));
        CHECK(contains(snippet_marked(&d, &f, 0), "December"));
        CHECK(!contains(snippet_marked(&d, &f, 0), "\x01" "December"));
    }
    f = find(&d, "en", "timet*", 0, 10);
    CHECK_INT(f.count, 1);
    if (f.count == 1) {
        CHECK(contains(title_marked(&d, &f, 0), "\x01Timetables\x02"));
        CHECK(contains(snippet_marked(&d, &f, 0), "\x01timetable\x02"));
    }
    f = find(&d, "en", "ferry", 0, 10);
    if (f.count == 1) {
        CHECK_STR(title_marked(&d, &f, 0), "\x01" "Ferry\x02 Timetables for winter");
        CHECK(contains(snippet_marked(&d, &f, 0), "\x01" "Ferries\x02"));
    }
    CHECK_INT(f.count, 1);
    db_close(&d);
}

/* The index holds stems ("timetable" is "timet", "relation" is "relat"):
** a prefix of the word that is longer than its stem must still find it. */
STORE_TEST(store_search_prefix_longer_than_the_stem) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    int64_t id = put(&d, "en", "ferry", "Ferry timetable and relations", "",
                     "The timetable of the ferry.", now() - 1000, ARTICLE_PUBLISHED);
    CHECK(id > 0);
    /* Prefixes no longer than the stem work... */
    CHECK_INT(find(&d, "en", "timet*", 0, 10).total, 1);
    CHECK_INT(find(&d, "en", "rel*", 0, 10).total, 1);
    CHECK_INT(find(&d, "en", "ferr*", 0, 10).total, 1);
    /* ...and so must longer ones. */
    static const char *const longer[] = {"timeta*", "timetab*", "timetabl*", "relati*",
                                         "relatio*", "ferry*"};
    for (size_t i = 0; i < sizeof longer / sizeof longer[0]; i++) {
        found f = find(&d, "en", longer[i], 0, 10);
        char what[64];
        snprintf(what, sizeof what, "%s finds the article", longer[i]);
        check_report(f.total == 1 && has(&f, id), __FILE__, __LINE__, what,
                     f.match ? f.match : "(null)");
    }
    db_close(&d);
}

STORE_TEST(store_search_runs_every_built_query) {
    db d;
    if (!db_open(&d)) {
        CHECK(0);
        return;
    }
    put(&d, "en", "a", "Ferry timetable AND more", "", "NEAR the port, a ferry.", now() - 100,
        ARTICLE_PUBLISHED);
    put(&d, "ru", "b", "Паром и мост", "", "Текст.", now() - 100, ARTICLE_PUBLISHED);
    static const char *const inputs[] = {
        "a AND b", "NEAR(a b)", "NEAR(", "title:ferry", "^ferry", "-ferry", "+ferry",
        "\"ferry", "ferry\"", "\"\"\"ferry", "ferry*", "fe*", "f*", "(ferry) OR (port)",
        "\x01\x02" "ferry", "\xff\xfe" "ferry", "мост*", "\"паром и\"", "ё", "AND", "NOT ferry",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        for (int l = 0; l < 3; l++) {
            found f = find(&d, l == 0 ? "en" : l == 1 ? "ru" : "az", inputs[i], 0, 5);
            char what[64];
            snprintf(what, sizeof what, "store_search OK for input %zu", i);
            check_report(f.rc == STORE_OK || f.rc == -100, __FILE__, __LINE__, what,
                         f.match ? f.match : "(null)");
        }
    }
    /* Operators are words: "AND" and "NEAR" are found as words. */
    found f = find(&d, "en", "NEAR ferry", 0, 5);
    CHECK_INT(f.total, 1);
    f = find(&d, "en", "NOT ferry", 0, 5);
    CHECK_INT(f.total, 0); /* "not" is nowhere */
    db_close(&d);
}

/* ---------------------------------------------------- html_escape_marked */

static char *marked(arena *a, const char *s) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    html_escape_marked(&b, s);
    return b.data;
}

TEST(html_escape_marked_marks_and_escapes) {
    arena *a = arena_new();
    CHECK_STR(marked(a, "Ferry \x01Timetables\x02 for winter"),
              "Ferry <mark>Timetables</mark> for winter");
    CHECK_STR(marked(a, "\x01" "a\x02 b \x01" "c\x02"), "<mark>a</mark> b <mark>c</mark>");
    CHECK_STR(marked(a, "<b>\x01x & y\x02</b> \"q\" 'r'"),
              "&lt;b&gt;<mark>x &amp; y</mark>&lt;/b&gt; &quot;q&quot; &#39;r&#39;");
    CHECK_STR(marked(a, "\x01<script>\x02" "alert(1)"),
              "<mark>&lt;script&gt;</mark>alert(1)");
    /* Unbalanced marks: an open one is closed, a stray close dropped. */
    CHECK_STR(marked(a, "open \x01word"), "open <mark>word</mark>");
    CHECK_STR(marked(a, "stray\x02 close"), "stray close");
    CHECK_STR(marked(a, "\x01" "a\x01" "b\x02" "c\x02"), "<mark>ab</mark>c");
    CHECK_STR(marked(a, "\x01"), "<mark></mark>");
    CHECK_STR(marked(a, ""), "");
    CHECK_STR(marked(a, "plain"), "plain");
    /* Broken bytes still become U+FFFD. */
    CHECK_STR(marked(a, "\x01\xff\x02"), "<mark>\xEF\xBF\xBD</mark>");
    arena_free(a);
}
