/* HTML escaping against hostile input. */
#include "check.h"

#include "render/escape.h"

#include <string.h>

static char *esc(arena *a, const char *s) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    html_escape(&b, s);
    return b.data;
}

static char *esc_n(arena *a, const char *s, size_t len) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    html_escape_n(&b, s, len);
    return b.data;
}

TEST(html_escape_special_characters) {
    arena *a = arena_new();
    CHECK_STR(esc(a, "&"), "&amp;");
    CHECK_STR(esc(a, "<"), "&lt;");
    CHECK_STR(esc(a, ">"), "&gt;");
    CHECK_STR(esc(a, "\""), "&quot;");
    CHECK_STR(esc(a, "'"), "&#39;");
    CHECK_STR(esc(a, "a & b < c > d \"e\" 'f'"),
              "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;");
    CHECK_STR(esc(a, "&amp;"), "&amp;amp;"); /* no double-unescaping tricks */
    CHECK_STR(esc(a, ""), "");
    CHECK_STR(esc(a, "plain text 123"), "plain text 123");
    arena_free(a);
}

TEST(html_escape_hostile_strings) {
    arena *a = arena_new();
    const char *script = esc(a, "<script>alert(\"x\")</script>");
    CHECK_STR(script, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    CHECK(strchr(script, '<') == NULL);
    CHECK(strchr(script, '"') == NULL);
    const char *attr = esc(a, "\" onmouseover=\"x");
    CHECK_STR(attr, "&quot; onmouseover=&quot;x");
    CHECK(strchr(attr, '"') == NULL);
    const char *single = esc(a, "' onfocus='alert(1)' autofocus='");
    CHECK(strchr(single, '\'') == NULL);
    CHECK_STR(esc(a, "<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    arena_free(a);
}

TEST(html_escape_appends) {
    arena *a = arena_new();
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "<p>");
    html_escape(&b, "1 < 2");
    buf_puts(&b, "</p>");
    CHECK_STR(b.data, "<p>1 &lt; 2</p>");
    arena_free(a);
}

TEST(html_escape_invalid_utf8_replaced) {
    arena *a = arena_new();
    CHECK_STR(esc(a, "a\xFF" "b"), "a\xEF\xBF\xBD" "b");
    CHECK_STR(esc(a, "\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong: each byte */
    CHECK_STR(esc(a, "\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_STR(esc(a, "end\xD0"), "end\xEF\xBF\xBD"); /* truncated at the end */
    CHECK_STR(esc(a, "\x80<"), "\xEF\xBF\xBD&lt;");
    /* A truncated sequence does not swallow the ASCII byte after it. */
    CHECK_STR(esc(a, "\xE2\x82<b"), "\xEF\xBF\xBD\xEF\xBF\xBD&lt;b");
    /* The result is always valid UTF-8 with no stray bytes. */
    const char *mess = esc(a, "\xF0\x9F\x98 \xFE\xFF \xC3\x28");
    int high_ok = 1;
    for (const unsigned char *p = (const unsigned char *)mess; *p; p++)
        if (*p == 0xFE || *p == 0xFF || *p == 0xC3 || *p == 0xF0) high_ok = 0;
    CHECK(high_ok);
    arena_free(a);
}

TEST(html_escape_control_bytes_replaced) {
    arena *a = arena_new();
    CHECK_STR(esc(a, "a\x01" "b"), "a\xEF\xBF\xBD" "b");
    CHECK_STR(esc(a, "\x1B[31m"), "\xEF\xBF\xBD[31m");
    CHECK_STR(esc(a, "del\x7F"), "del\xEF\xBF\xBD");
    CHECK_STR(esc(a, "\x0B\x0C"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* Tab and newline are kept. */
    CHECK_STR(esc(a, "a\tb\nc"), "a\tb\nc");
    /* A NUL inside a counted string is replaced too. */
    CHECK_STR(esc_n(a, "a\0b", 3), "a\xEF\xBF\xBD" "b");
    arena_free(a);
}

TEST(html_escape_valid_unicode_unchanged) {
    arena *a = arena_new();
    const char *ru = "Новый мост через Куру";
    CHECK_STR(esc(a, ru), ru);
    const char *az = "Şəki yarmarkası — “quotes” €5 😀";
    CHECK_STR(esc(a, az), az);
    CHECK_STR(esc(a, "«Кура» & <Аракс>"), "«Кура» &amp; &lt;Аракс&gt;");
    arena_free(a);
}

TEST(html_escape_n_respects_length) {
    arena *a = arena_new();
    CHECK_STR(esc_n(a, "<b>bold</b>", 3), "&lt;b&gt;");
    CHECK_STR(esc_n(a, "abc", 0), "");
    /* Cutting a multi-byte character with len makes it a replacement. */
    CHECK_STR(esc_n(a, "\xD0\x96", 1), "\xEF\xBF\xBD");
    arena_free(a);
}

/* C1 controls (U+0080..U+009F) are valid UTF-8 but control characters: the
** header promises they are replaced, and in HTML they are parse errors
** ("control-character-in-input-stream"). */
TEST(html_escape_c1_controls_replaced) {
    arena *a = arena_new();
    static const struct { const char *in, *want, *what; } cases[] = {
        {"a\xC2\x85" "b", "a\xEF\xBF\xBD" "b", "U+0085 (NEL) becomes U+FFFD"},
        {"\xC2\x9B" "31m", "\xEF\xBF\xBD" "31m", "U+009B (CSI) becomes U+FFFD"},
        {"\xC2\x80", "\xEF\xBF\xBD", "U+0080 becomes U+FFFD"},
        {"\xC2\x9F", "\xEF\xBF\xBD", "U+009F becomes U+FFFD"},
        /* The neighbours are ordinary characters and stay. */
        {"\xC2\xA0\xC2\xA9", "\xC2\xA0\xC2\xA9", "U+00A0 and U+00A9 stay"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = esc(a, cases[i].in);
        /* The detail shows bytes in hex: raw C1 bytes could break the line. */
        char detail[128];
        size_t k = (size_t)snprintf(detail, sizeof detail, "got bytes");
        for (const unsigned char *p = (const unsigned char *)got; *p && k + 4 < sizeof detail; p++)
            k += (size_t)snprintf(detail + k, sizeof detail - k, " %02X", *p);
        check_report(strcmp(got, cases[i].want) == 0, __FILE__, __LINE__, cases[i].what, detail);
    }
    arena_free(a);
}
