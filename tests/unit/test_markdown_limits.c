/* What rendering Markdown may cost: the limits of render/markdown.h, each
** refused before the work it would cost, with a message naming it. */
#include "check.h"

#include "core/buf.h"
#include "render/markdown.h"

#include <stdlib.h>
#include <string.h>

static const markdown_limits defaults = MARKDOWN_LIMITS_DEFAULT;
/* The defaults but for the count of markup, to reach the other limits. */
static const markdown_limits lavish = {64, 20000, 32, 20, 10000000, 2000};

/* Renders src within lim; returns whether it was taken, the reason in why. */
static bool render(const buf *src, const markdown_limits *lim, char *why, size_t whylen) {
    char *html = NULL, *text = NULL;
    why[0] = '\0';
    bool ok = markdown_render(src->data ? src->data : "", src->len, lim, &html, &text, why, whylen);
    CHECK(ok == (html != NULL));
    free(html);
    free(text);
    return ok;
}

TEST(markdown_limits_the_issue_table_is_refused_by_its_columns) {
    /* A 2,000-column header and 20,000 one-cell rows: 68 KB that cmark-gfm
    ** would pad to 40 million cells. */
    buf b;
    buf_init(&b, NULL);
    buf_putc(&b, '|');
    for (int i = 0; i < 2000; i++) buf_puts(&b, "h|");
    buf_puts(&b, "\n|");
    for (int i = 0; i < 2000; i++) buf_puts(&b, "-|");
    buf_putc(&b, '\n');
    for (int i = 0; i < 20000; i++) buf_puts(&b, "x\n");
    char why[200];
    CHECK(!render(&b, &defaults, why, sizeof why));
    CHECK_STR(why, "a table has 2000 columns; at most 64 are taken");
    buf_free(&b);
}

TEST(markdown_limits_many_small_tables_count_together) {
    buf b;
    buf_init(&b, NULL);
    for (int t = 0; t < 200; t++) {
        buf_puts(&b, "|a|b|c|d|e|f|g|h|\n|-|-|-|-|-|-|-|-|\n");
        for (int i = 0; i < 20; i++) buf_puts(&b, "x\n");
        buf_putc(&b, '\n');
    }
    char why[200];
    CHECK(!render(&b, &defaults, why, sizeof why));
    CHECK(strstr(why, "the tables have more than 20000 cells") != NULL);
    buf_free(&b);
}

TEST(markdown_limits_tables_in_code_are_not_tables) {
    buf b;
    buf_init(&b, NULL);
    buf_puts(&b, "```\n|");
    for (int i = 0; i < 200; i++) buf_puts(&b, "-|");
    buf_puts(&b, "\n```\n");
    char why[200];
    CHECK(render(&b, &defaults, why, sizeof why));
    buf_free(&b);
}

TEST(markdown_limits_a_reasonable_table_renders) {
    buf b;
    buf_init(&b, NULL);
    buf_puts(&b, "| District | Votes | Share |\n|---|--:|:-:|\n");
    for (int i = 0; i < 100; i++) buf_printf(&b, "| D%d | %d | %d%% |\n", i, 1000 + i, i % 100);
    char why[200];
    CHECK(render(&b, &defaults, why, sizeof why));
    markdown_limits narrow = defaults;
    narrow.max_table_columns = 2;
    CHECK(!render(&b, &narrow, why, sizeof why));
    CHECK_STR(why, "a table has 3 columns; at most 2 are taken");
    buf_free(&b);
}

TEST(markdown_limits_link_reference_bomb_is_refused_before_parsing) {
    /* One 2 KB URL, used 600,000 times: cmark-gfm copies it into each use. */
    buf b;
    buf_init(&b, NULL);
    buf_puts(&b, "[a]: https://example.com/");
    for (int i = 0; i < 2000; i++) buf_putc(&b, 'x');
    buf_puts(&b, "\n\n");
    while (b.len < 2000000) buf_puts(&b, "[a]");
    char why[200];
    CHECK(!render(&b, &defaults, why, sizeof why)); /* by its markup, with the defaults */
    CHECK(!render(&b, &lavish, why, sizeof why));
    CHECK(strstr(why, "link references would expand") != NULL);
    buf_free(&b);
}

TEST(markdown_limits_references_used_sensibly_render) {
    buf b;
    buf_init(&b, NULL);
    buf_puts(&b, "[ministry]: https://example.gov/press/2026/statement-on-the-bridge \"The statement\"\n\n");
    for (int i = 0; i < 200; i++) buf_puts(&b, "The [ministry] said so. ");
    char why[200];
    CHECK(render(&b, &defaults, why, sizeof why));
    buf_free(&b);
}

TEST(markdown_limits_deep_nesting_is_refused) {
    buf b;
    buf_init(&b, NULL);
    for (int i = 0; i < 100000; i++) buf_putc(&b, '>');
    buf_puts(&b, " deep");
    char why[200];
    CHECK(!render(&b, &defaults, why, sizeof why));
    CHECK_STR(why, "quotes, lists or emphasis are nested more than 32 deep");
    buf_clear(&b);
    for (int i = 0; i < 10; i++) buf_putc(&b, '>');
    buf_puts(&b, " ten deep is fine");
    CHECK(render(&b, &defaults, why, sizeof why));
    buf_free(&b);
}

TEST(markdown_limits_output_bound_counts_against_the_input) {
    /* Many short emphasis runs are fine: HTML stays near the Markdown's size. */
    buf b;
    buf_init(&b, NULL);
    while (b.len < 500000) buf_puts(&b, "*a* ");
    char why[200];
    CHECK(render(&b, &lavish, why, sizeof why));
    markdown_limits tight = lavish;
    tight.max_output_ratio = 1;
    CHECK(!render(&b, &tight, why, sizeof why));
    CHECK(strstr(why, "KB of HTML (1 times its Markdown)") != NULL);
    buf_free(&b);
}

TEST(markdown_limits_the_convenience_functions_are_bounded_too) {
    buf b;
    buf_init(&b, NULL);
    buf_putc(&b, '|');
    for (int i = 0; i < 500; i++) buf_puts(&b, "h|");
    buf_puts(&b, "\n|");
    for (int i = 0; i < 500; i++) buf_puts(&b, "-|");
    buf_putc(&b, '\n');
    CHECK(markdown_to_html(b.data, b.len) == NULL);
    CHECK(markdown_to_text(b.data, b.len) == NULL);
    buf_free(&b);
}

TEST(markdown_limits_links_beside_emphasis_are_counted) {
    /* cmark-gfm 0.29: 20,000 of these take ten seconds; refused at once. */
    buf b;
    buf_init(&b, NULL);
    for (int i = 0; i < 20000; i++) buf_puts(&b, "a *b* [c](d)\n\n");
    char why[200];
    CHECK(!render(&b, &defaults, why, sizeof why));
    CHECK_STR(why, "it has more than 2000 links and images");
    buf_clear(&b);
    for (int i = 0; i < 1500; i++) buf_puts(&b, "See *this* [report](https://example.com/r) and ![a chart](/media/c.jpg).\n\n");
    CHECK(!render(&b, &defaults, why, sizeof why)); /* 3,000 */
    buf_clear(&b);
    for (int i = 0; i < 900; i++) buf_puts(&b, "See *this* [report](https://example.com/r) and ![a chart](/media/c.jpg).\n\n");
    CHECK(render(&b, &defaults, why, sizeof why));
    buf_free(&b);
}

TEST(markdown_limits_markup_is_counted_before_parsing) {
    buf b;
    buf_init(&b, NULL);
    while (b.len < 1000000) buf_puts(&b, "[a] ");
    char why[200];
    CHECK(!render(&b, &defaults, why, sizeof why));
    CHECK(strstr(why, "more than 100000 pieces of markup") != NULL);
    buf_free(&b);
}
