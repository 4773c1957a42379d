/* UTF-8, slugs, percent-encoding and small string helpers. */
#include "check.h"

#include "core/text.h"

#include <stdlib.h>
#include <string.h>

static size_t decode(const char *s, size_t len, uint32_t *cp) {
    *cp = 0xDEADBEEF;
    return utf8_decode((const unsigned char *)s, len, cp);
}

TEST(utf8_decode_valid_sequences) {
    uint32_t cp;
    CHECK_INT(decode("A", 1, &cp), 1);
    CHECK_INT(cp, 0x41);
    CHECK_INT(decode("\xC3\xA9", 2, &cp), 2); /* é */
    CHECK_INT(cp, 0xE9);
    CHECK_INT(decode("\xD0\x96", 2, &cp), 2); /* Ж */
    CHECK_INT(cp, 0x416);
    CHECK_INT(decode("\xC9\x99", 2, &cp), 2); /* ə */
    CHECK_INT(cp, 0x259);
    CHECK_INT(decode("\xE2\x82\xAC", 3, &cp), 3); /* € */
    CHECK_INT(cp, 0x20AC);
    CHECK_INT(decode("\xF0\x9F\x98\x80", 4, &cp), 4); /* 😀 */
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(decode("\xF4\x8F\xBF\xBF", 4, &cp), 4); /* U+10FFFF, the last code point */
    CHECK_INT(cp, 0x10FFFF);
    CHECK_INT(decode("\xC2\x80", 2, &cp), 2); /* smallest 2-byte */
    CHECK_INT(cp, 0x80);
    CHECK_INT(decode("\xE0\xA0\x80", 3, &cp), 3); /* smallest 3-byte */
    CHECK_INT(cp, 0x800);
    CHECK_INT(decode("\xF0\x90\x80\x80", 4, &cp), 4); /* smallest 4-byte */
    CHECK_INT(cp, 0x10000);
    /* Only the first code point is consumed. */
    CHECK_INT(decode("\xD0\x96\xD0\x96", 4, &cp), 2);
}

TEST(utf8_decode_rejects_invalid) {
    uint32_t cp;
    CHECK_INT(decode("\xC0\xAF", 2, &cp), 0);          /* overlong '/' */
    CHECK_INT(decode("\xC1\xBF", 2, &cp), 0);          /* overlong */
    CHECK_INT(decode("\xE0\x80\xAF", 3, &cp), 0);      /* overlong 3-byte '/' */
    CHECK_INT(decode("\xF0\x80\x80\xAF", 4, &cp), 0);  /* overlong 4-byte '/' */
    CHECK_INT(decode("\xE0\x9F\xBF", 3, &cp), 0);      /* overlong U+07FF */
    CHECK_INT(decode("\xED\xA0\x80", 3, &cp), 0);      /* surrogate U+D800 */
    CHECK_INT(decode("\xED\xBF\xBF", 3, &cp), 0);      /* surrogate U+DFFF */
    CHECK_INT(decode("\xF4\x90\x80\x80", 4, &cp), 0);  /* U+110000, beyond Unicode */
    CHECK_INT(decode("\xF8\x88\x80\x80\x80", 5, &cp), 0); /* 5-byte form */
    CHECK_INT(decode("\xFF", 1, &cp), 0);
    CHECK_INT(decode("\xFE", 1, &cp), 0);
    CHECK_INT(decode("\x80", 1, &cp), 0);              /* lone continuation */
    CHECK_INT(decode("\xBF", 1, &cp), 0);
    CHECK_INT(decode("\xC3", 1, &cp), 0);              /* truncated 2-byte */
    CHECK_INT(decode("\xE2\x82", 2, &cp), 0);          /* truncated 3-byte */
    CHECK_INT(decode("\xF0\x9F\x98", 3, &cp), 0);      /* truncated 4-byte */
    CHECK_INT(decode("\xC3\x41", 2, &cp), 0);          /* bad continuation */
    CHECK_INT(decode("\xE2\x28\xA1", 3, &cp), 0);
    /* The length given counts, not what follows in memory. */
    CHECK_INT(decode("\xC3\xA9", 1, &cp), 0);
    CHECK_INT(decode("", 0, &cp), 0);
}

TEST(utf8_valid_strings) {
    CHECK(utf8_valid("", 0));
    CHECK(utf8_valid("plain ASCII", 11));
    const char *mixed = "Новый мост через Куру — Şəki 😀";
    CHECK(utf8_valid(mixed, strlen(mixed)));
    CHECK(!utf8_valid("ab\xC0\xAF", 4));
    CHECK(!utf8_valid("\xED\xA0\x80", 3));
    CHECK(!utf8_valid("abc\xE2\x82", 5));      /* truncated at the end */
    CHECK(!utf8_valid("\xD0", 1));
    CHECK(!utf8_valid("a\0b", 3));              /* NUL inside */
    CHECK(!utf8_valid("\0", 1));
    CHECK(!utf8_valid("ok\xFF ok", 6));
    /* A valid prefix is valid when the length stops before the bad byte. */
    CHECK(utf8_valid("ok\xFF", 2));
    /* Splitting a multi-byte character with len makes it invalid. */
    CHECK(!utf8_valid("\xD0\x96", 1));
}

TEST(utf8_length_counts_code_points) {
    CHECK_INT(utf8_length(""), 0);
    CHECK_INT(utf8_length("abc"), 3);
    CHECK_INT(utf8_length("Куру"), 4);
    CHECK_INT(utf8_length("Şəki"), 4);
    CHECK_INT(utf8_length("€😀x"), 3);
}

TEST(slugify_titles) {
    arena *a = arena_new();
    CHECK_STR(slugify(a, "Новый мост через Куру", 80), "novyy-most-cherez-kuru");
    CHECK_STR(slugify(a, "Ferry timetables: what's new?", 80), "ferry-timetables-whats-new");
    CHECK_STR(slugify(a, "Şəki yarmarkası", 80), "sheki-yarmarkasi");
    CHECK_STR(slugify(a, "Hello World", 80), "hello-world");
    CHECK_STR(slugify(a, "  --Leading and trailing--  ", 80), "leading-and-trailing");
    CHECK_STR(slugify(a, "Multiple   spaces,,, and -- dashes", 80),
              "multiple-spaces-and-dashes");
    CHECK_STR(slugify(a, "COVID-19 in 2026", 80), "covid-19-in-2026");
    CHECK_STR(slugify(a, "Don’t panic", 80), "dont-panic"); /* typographic apostrophe */
    CHECK_STR(slugify(a, "Съезд объявил", 80), "sezd-obyavil");   /* hard sign vanishes */
    CHECK_STR(slugify(a, "Çay və Ölkə", 80), "chay-ve-olke");
    CHECK_STR(slugify(a, "Café Ñandú", 80), "cafe-nandu");
    CHECK_STR(slugify(a, "Ёлка и щука", 80), "yolka-i-shchuka");
    CHECK_STR(slugify(a, "Emoji 😀 here", 80), "emoji-here");
    arena_free(a);
}

TEST(slugify_nothing_usable) {
    arena *a = arena_new();
    char *s = slugify(a, "?!… — ###", 80);
    CHECK(s != NULL);
    CHECK_STR(s, "");
    CHECK_STR(slugify(a, "", 80), "");
    CHECK_STR(slugify(a, "中文标题", 80), "");
    arena_free(a);
}

TEST(slugify_invalid_utf8_separates_words) {
    arena *a = arena_new();
    char *s = slugify(a, "abc\xFF" "def", 80);
    CHECK_STR(s, "abc-def");
    CHECK(slug_valid(s, 80));
    arena_free(a);
}

TEST(slugify_max_len_cuts_at_word) {
    arena *a = arena_new();
    const char *title = "alpha beta gamma delta";
    /* "alpha-beta-gamma-delta" is 22 bytes. */
    CHECK_STR(slugify(a, title, 22), "alpha-beta-gamma-delta");
    CHECK_STR(slugify(a, title, 21), "alpha-beta-gamma");
    CHECK_STR(slugify(a, title, 16), "alpha-beta-gamma");
    CHECK_STR(slugify(a, title, 15), "alpha-beta");
    CHECK_STR(slugify(a, title, 11), "alpha-beta");
    CHECK_STR(slugify(a, title, 10), "alpha-beta");
    CHECK_STR(slugify(a, title, 9), "alpha");
    /* One over-long word is cut hard. */
    CHECK_STR(slugify(a, "supercalifragilistic", 5), "super");
    CHECK_STR(slugify(a, "supercalifragilistic word", 8), "supercal");
    /* Transliteration counts in output bytes. */
    char *s = slugify(a, "Новый мост через Куру", 12);
    CHECK_STR(s, "novyy-most");
    CHECK(strlen(s) <= 12);
    /* Every cut result is still a valid slug. */
    int ok = 1;
    for (size_t n = 1; n <= 30; n++) {
        char *cut = slugify(a, "Ferry timetables: what's new in the port?", n);
        if (strlen(cut) > n || (*cut && !slug_valid(cut, n))) ok = 0;
    }
    CHECK(ok);
    arena_free(a);
}

TEST(slug_valid_rules) {
    CHECK(slug_valid("novyy-most", 120));
    CHECK(slug_valid("a", 120));
    CHECK(slug_valid("2026-budget", 120));
    CHECK(!slug_valid("", 120));
    CHECK(!slug_valid("-lead", 120));
    CHECK(!slug_valid("trail-", 120));
    CHECK(!slug_valid("double--dash", 120));
    CHECK(!slug_valid("Upper", 120));
    CHECK(!slug_valid("with space", 120));
    CHECK(!slug_valid("under_score", 120));
    CHECK(!slug_valid("dot.dot", 120));
    CHECK(!slug_valid("../etc", 120));
    CHECK(!slug_valid("кура", 120));
    CHECK(slug_valid("abcde", 5));
    CHECK(!slug_valid("abcdef", 5));
}

static char *encoded(arena *a, const char *s) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, ""); /* make sure data exists even for "" */
    url_encode(&b, s);
    return b.data;
}

TEST(url_encode_values) {
    arena *a = arena_new();
    CHECK_STR(encoded(a, "a b"), "a%20b");
    CHECK_STR(encoded(a, "x&y=z"), "x%26y%3Dz");
    CHECK_STR(encoded(a, "AZaz09-._~"), "AZaz09-._~");
    CHECK_STR(encoded(a, "Кура"), "%D0%9A%D1%83%D1%80%D0%B0");
    CHECK_STR(encoded(a, "ə"), "%C9%99");
    CHECK_STR(encoded(a, "100%+/?#"), "100%25%2B%2F%3F%23");
    CHECK_STR(encoded(a, "\"<'>"), "%22%3C%27%3E");
    CHECK_STR(encoded(a, ""), "");
    /* Appends: what was in the buffer stays. */
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "?q=");
    url_encode(&b, "a b");
    CHECK_STR(b.data, "?q=a%20b");
    arena_free(a);
}

TEST(parse_int_bounds_and_junk) {
    long long v = -999;
    CHECK(parse_int("42", 0, 100, &v));
    CHECK_INT(v, 42);
    CHECK(parse_int("0", 0, 100, &v));
    CHECK_INT(v, 0);
    CHECK(parse_int("100", 0, 100, &v));
    CHECK_INT(v, 100);
    CHECK(parse_int("-5", -10, 10, &v));
    CHECK_INT(v, -5);
    CHECK(parse_int("007", 0, 10, &v));
    CHECK_INT(v, 7);
    CHECK(parse_int("9223372036854775807", 0, 9223372036854775807LL, &v));
    CHECK_INT(v, 9223372036854775807LL);
    v = 12345;
    CHECK(!parse_int("101", 0, 100, &v));
    CHECK(!parse_int("-1", 0, 100, &v));
    CHECK(!parse_int("", 0, 100, &v));
    CHECK(!parse_int(NULL, 0, 100, &v));
    CHECK(!parse_int("12abc", 0, 100, &v));
    CHECK(!parse_int("abc", 0, 100, &v));
    CHECK(!parse_int(" 12", 0, 100, &v));
    CHECK(!parse_int("12 ", 0, 100, &v));
    CHECK(!parse_int("+12", 0, 100, &v));
    CHECK(!parse_int("1.5", 0, 100, &v));
    CHECK(!parse_int("0x10", 0, 100, &v));
    CHECK(!parse_int("-", -10, 10, &v));
    CHECK(!parse_int("--1", -10, 10, &v));
    CHECK(!parse_int("1-1", -10, 10, &v));
    CHECK(!parse_int("99999999999999999999", 0, 9223372036854775807LL, &v));
    CHECK(!parse_int("-99999999999999999999", -9223372036854775807LL, 0, &v));
    CHECK_INT(v, 12345); /* failures leave *out alone */
}

TEST(contains_ignore_case_matches) {
    CHECK(contains_ignore_case("Mozilla/5.0 Googlebot/2.1", "googlebot"));
    CHECK(contains_ignore_case("abc", "ABC"));
    CHECK(contains_ignore_case("xxABCxx", "bc"));
    CHECK(contains_ignore_case("anything", ""));
    CHECK(contains_ignore_case("", ""));
    CHECK(!contains_ignore_case("", "a"));
    CHECK(!contains_ignore_case("abc", "abcd"));
    CHECK(!contains_ignore_case("robot", "bots"));
    CHECK(contains_ignore_case("tail end", "END"));
}

TEST(trim_in_place) {
    char s1[] = "  hello world \t\n";
    char *r = trim(s1);
    CHECK(r == s1);
    CHECK_STR(s1, "hello world");
    char s2[] = "nothing";
    CHECK_STR(trim(s2), "nothing");
    char s3[] = " \t\r\n ";
    CHECK_STR(trim(s3), "");
    char s4[] = "";
    CHECK_STR(trim(s4), "");
    char s5[] = "\tinner  space\t";
    CHECK_STR(trim(s5), "inner  space");
}

TEST(starts_with_prefix) {
    CHECK(starts_with("https://x", "https://"));
    CHECK(starts_with("abc", ""));
    CHECK(!starts_with("http", "https"));
    CHECK(!starts_with("xhttps", "https"));
}
