/* URL shapes: paths, cursors and reserved category names. */
#include "check.h"

#include "core/urls.h"

#include <stdint.h>

static int parses(const char *s, int64_t *t, int64_t *id) {
    *t = -7;
    *id = -7;
    return urls_cursor_parse(s, t, id);
}

TEST(urls_cursor_parse_accepts) {
    int64_t t, id;
    CHECK(parses("1771073400-42", &t, &id));
    CHECK_INT(t, 1771073400LL);
    CHECK_INT(id, 42);
    CHECK(parses("0-1", &t, &id));
    CHECK_INT(t, 0);
    CHECK_INT(id, 1);
    CHECK(parses("9223372036854775807-9223372036854775807", &t, &id));
    CHECK_INT(t, INT64_MAX);
    CHECK_INT(id, INT64_MAX);
}

TEST(urls_cursor_parse_rejects) {
    static const char *const bad[] = {
        "", "-1-2", "12", "a-b", "12-", "12-0", "99999999999999999999-1",
        "-", "12--3", "12-3-4", "12-x", "x-12", " 12-3", "12-3 ", "+12-3", "12-+3",
        "1.5-3", "12-3\n", "9223372036854775808-1", "1-9223372036854775808",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t, id;
        int ok = parses(bad[i], &t, &id);
        /* Show the input on one line: control bytes as '?'. */
        char shown[48];
        size_t k = 0;
        for (const char *c = bad[i]; *c && k + 1 < sizeof shown; c++)
            shown[k++] = (unsigned char)*c < 0x20 ? '?' : *c;
        shown[k] = '\0';
        char what[96];
        snprintf(what, sizeof what, "cursor \"%s\" is rejected", shown);
        check_report(!ok, __FILE__, __LINE__, what, NULL);
        /* Nothing is written on failure. */
        check_report(t == -7 && id == -7, __FILE__, __LINE__, "outputs untouched", NULL);
    }
    int64_t t, id;
    CHECK(!urls_cursor_parse(NULL, &t, &id));
}

TEST(urls_cursor_round_trip) {
    arena *a = arena_new();
    char *s = urls_cursor_format(a, 1771073400LL, 42);
    CHECK_STR(s, "1771073400-42");
    int64_t t, id;
    CHECK(urls_cursor_parse(s, &t, &id));
    CHECK_INT(t, 1771073400LL);
    CHECK_INT(id, 42);
    s = urls_cursor_format(a, INT64_MAX, INT64_MAX);
    CHECK(urls_cursor_parse(s, &t, &id));
    CHECK_INT(t, INT64_MAX);
    arena_free(a);
}

TEST(urls_reserved_categories) {
    CHECK(urls_reserved_category("search"));
    CHECK(urls_reserved_category("static"));
    CHECK(urls_reserved_category("api"));
    CHECK(urls_reserved_category("admin"));
    CHECK(urls_reserved_category("feed"));
    CHECK(urls_reserved_category("sitemap"));
    CHECK(urls_reserved_category("most-read")); /* /{lang}/most-read */
    CHECK(!urls_reserved_category("most-read-today"));
    CHECK(!urls_reserved_category("economy"));
    CHECK(!urls_reserved_category("politics"));
    CHECK(!urls_reserved_category("searches"));
    CHECK(!urls_reserved_category("Search"));
    CHECK(!urls_reserved_category(""));
}

TEST(urls_paths) {
    arena *a = arena_new();
    CHECK_STR(urls_article_path(a, "en", "politics", "new-bridge"), "/en/politics/new-bridge");
    CHECK_STR(urls_article_path(a, "ru", "economy", "novyy-most"), "/ru/economy/novyy-most");
    CHECK_STR(urls_category_path(a, "en", "politics"), "/en/politics/");
    CHECK_STR(urls_category_path(a, "az", "medeniyyet"), "/az/medeniyyet/");
    arena_free(a);
}
