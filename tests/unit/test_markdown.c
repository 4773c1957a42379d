/* Markdown rendering and its safety pass. */
#include "check.h"

#include "render/markdown.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Renders md and keeps the HTML in a static slot for the checks below. */
static char *last;
static void free_last(void) {
    free(last);
    last = NULL;
}

static char *md(const char *src) {
    static int registered;
    if (!registered) registered = !atexit(free_last);
    free(last);
    last = markdown_to_html(src, strlen(src));
    return last ? last : "(markdown_to_html returned NULL)";
}

static int has(const char *html, const char *needle) { return strstr(html, needle) != NULL; }

/* Case-insensitive search, for schemes written in any case. */
static int has_ci(const char *html, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = html; *p; p++)
        if (strncasecmp(p, needle, n) == 0) return 1;
    return 0;
}

TEST(markdown_paragraphs_and_emphasis) {
    char *html = md("First paragraph with *emphasis* and **strong** text.\n\nSecond one.");
    CHECK_STR(html, "<p>First paragraph with <em>emphasis</em> and <strong>strong</strong> "
                    "text.</p>\n<p>Second one.</p>\n");
    CHECK_STR(md(""), "");
    CHECK_STR(md("Tom & Jerry < 3"), "<p>Tom &amp; Jerry &lt; 3</p>\n");
    CHECK_STR(md("Кура течёт"), "<p>Кура течёт</p>\n");
}

TEST(markdown_length_argument_is_respected) {
    const char *src = "*one*\n\n*two*";
    char *html = markdown_to_html(src, 5);
    CHECK(html != NULL);
    if (html) {
        CHECK_STR(html, "<p><em>one</em></p>\n");
        free(html);
    }
}

TEST(markdown_raw_html_block_dropped) {
    char *html = md("Before\n\n<script>alert(1)</script>\n\nAfter");
    CHECK(!has_ci(html, "<script"));
    CHECK(!has(html, "alert(1)"));
    CHECK(has(html, "<p>Before</p>"));
    CHECK(has(html, "<p>After</p>"));
    html = md("<div onclick=\"steal()\">block</div>\n\ntext");
    CHECK(!has(html, "onclick"));
    CHECK(!has(html, "<div"));
    html = md("<iframe src=\"https://evil.example\"></iframe>");
    CHECK(!has(html, "<iframe"));
    html = md("<!-- comment --><style>body{display:none}</style>");
    CHECK(!has(html, "<style"));
}

TEST(markdown_inline_html_dropped) {
    char *html = md("Some <b onclick=x>bold</b> text and <img src=x onerror=alert(1)> here.");
    CHECK(!has(html, "onclick"));
    CHECK(!has(html, "onerror"));
    CHECK(!has(html, "<b"));
    CHECK(!has(html, "<img"));
    CHECK(has(html, "bold"));
    CHECK(has(html, "text and"));
    html = md("x <script>alert(1)</script> y");
    CHECK(!has_ci(html, "<script"));
    html = md("<SCRIPT SRC=//evil.example/x.js></SCRIPT>");
    CHECK(!has_ci(html, "<script"));
}

TEST(markdown_dangerous_links_removed_text_kept) {
    struct { const char *src, *text; } cases[] = {
        {"[click me](javascript:alert(1))", "click me"},
        {"[upper](JAVASCRIPT:alert(1))", "upper"},
        {"[mixed](JaVaScRiPt:alert(1))", "mixed"},
        {"[tab](<java\tscript:alert(1)>)", "tab"},
        {"[tab entity](java&#9;script:alert(1))", "tab entity"},
        {"[nl entity](java&#10;script:alert(1))", "nl entity"},
        {"[colon entity](javascript&#58;alert(1))", "colon entity"},
        {"[vb](vbscript:msgbox(1))", "vb"},
        {"[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data"},
        {"[file](file:///etc/passwd)", "file"},
        {"[lead space](< javascript:alert(1)>)", "lead space"},
        {"[ftp](ftp://example.com/file)", "ftp"},      /* not an allowed scheme */
        {"[long](averyveryverylongscheme:x)", "long"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *html = md(cases[i].src);
        CHECK(!has_ci(html, "javascript"));
        CHECK(!has_ci(html, "script:"));
        CHECK(!has_ci(html, "vbscript"));
        CHECK(!has_ci(html, "data:"));
        CHECK(!has_ci(html, "file:"));
        CHECK(!has_ci(html, "ftp:"));
        CHECK(!has_ci(html, "scheme:"));
        CHECK(!has(html, "<a"));
        CHECK(!has(html, "href"));
        CHECK(has(html, cases[i].text));
    }
}

TEST(markdown_dangerous_reference_and_autolinks) {
    char *html = md("See [the docs][1].\n\n[1]: javascript:alert(document.cookie)\n");
    CHECK(!has_ci(html, "javascript"));
    CHECK(!has(html, "href"));
    CHECK(has(html, "the docs"));
    /* An autolink's text is its URL: it may stay as text, never as a link. */
    html = md("Go <javascript:alert(1)> now");
    CHECK(!has(html, "<a"));
    CHECK(!has(html, "href"));
    CHECK(has(html, "now"));
    /* Formatting inside a removed link survives. */
    html = md("[**bold** words](javascript:x)");
    CHECK(has(html, "<strong>bold</strong> words"));
    CHECK(!has(html, "href"));
}

TEST(markdown_safe_links_kept) {
    char *html = md("[site](https://example.com/a?b=1&c=2)");
    CHECK(has(html, "<a href=\"https://example.com/a?b=1&amp;c=2\">site</a>"));
    html = md("[plain](http://example.com)");
    CHECK(has(html, "<a href=\"http://example.com\">plain</a>"));
    html = md("[Write](mailto:desk@example.com)");
    CHECK(has(html, "<a href=\"mailto:desk@example.com\">Write</a>"));
    html = md("[Call](tel:+994123456)");
    CHECK(has(html, "href=\"tel:+994123456\""));
    html = md("[other](/en/politics/new-bridge)");
    CHECK(has(html, "<a href=\"/en/politics/new-bridge\">other</a>"));
    html = md("[rel](../about)");
    CHECK(has(html, "href=\"../about\""));
    html = md("[frag](#section-2)");
    CHECK(has(html, "href=\"#section-2\""));
    html = md("[upper](HTTPS://EXAMPLE.COM)");
    CHECK(has(html, "href=\"HTTPS://EXAMPLE.COM\""));
    /* A colon after a slash is not a scheme. */
    html = md("[path](/a/b:c)");
    CHECK(has(html, "href=\"/a/b:c\""));
    html = md("<https://example.com/auto>");
    CHECK(has(html, "href=\"https://example.com/auto\""));
}

TEST(markdown_images) {
    /* (Alone in a paragraph an image is a figure: test_markdown_media.c.) */
    char *html = md("See ![a bridge](https://example.com/bridge.jpg)");
    CHECK(has(html, "<img src=\"https://example.com/bridge.jpg\" alt=\"a bridge\""));
    html = md("![evil pic](javascript:alert(1))");
    CHECK(!has(html, "<img"));
    CHECK(!has_ci(html, "javascript"));
    CHECK(has(html, "evil pic"));
    html = md("![pixel](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)");
    CHECK(!has(html, "<img"));
    CHECK(!has_ci(html, "data:"));
    /* cmark itself lets data:image/png through; the safety pass must not. */
    html = md("![png](data:image/png;base64,iVBORw0KGgo=)");
    CHECK(!has(html, "<img"));
    CHECK(!has_ci(html, "data:"));
    CHECK(has(html, "png"));
    /* A relative image stays. */
    html = md("![rel](/media/a.jpg)");
    CHECK(has(html, "<img src=\"/media/a.jpg\" class=\"external\" alt=\"rel\""));
    /* An image inside a bad link: both go, the alt text stays. */
    html = md("[![inner](javascript:a)](javascript:b)");
    CHECK(!has(html, "<img"));
    CHECK(!has(html, "<a"));
    CHECK(has(html, "inner"));
    /* A good image inside a bad link keeps the image. */
    html = md("[![ok](/img/ok.png)](vbscript:x)");
    CHECK(has(html, "<img src=\"/img/ok.png\""));
    CHECK(!has(html, "<a"));
}

TEST(markdown_headings_shift_h1) {
    char *html = md("# Title\n\nText\n\n## Sub");
    CHECK(has(html, "<h2>Title</h2>"));
    CHECK(!has(html, "<h1"));
    CHECK(has(html, "<h2>Sub</h2>"));
    html = md("Setext\n======");
    CHECK(has(html, "<h2>Setext</h2>"));
    CHECK(!has(html, "<h1"));
    html = md("### Third");
    CHECK(has(html, "<h3>Third</h3>"));
}

TEST(markdown_gfm_extensions) {
    char *html = md("| Route | Time |\n|---|---|\n| Baku–Aktau | 18:00 |\n");
    CHECK(has(html, "<table>"));
    CHECK(has(html, "<th>Route</th>"));
    CHECK(has(html, "<td>Baku–Aktau</td>"));
    html = md("The ferry is ~~late~~ on time.");
    CHECK(has(html, "<del>late</del>"));
    html = md("Visit www.example.com today.");
    CHECK(has(html, "href=\"http://www.example.com\""));
}

TEST(markdown_smart_punctuation) {
    char *html = md("\"Quoted\" -- and --- dashes...");
    CHECK(has(html, "“Quoted”"));
    CHECK(has(html, "…"));
    CHECK(has(html, "—"));
}

TEST(markdown_invalid_utf8_is_repaired) {
    char *html = md("bad \xFF byte");
    CHECK(has(html, "\xEF\xBF\xBD"));
    CHECK(!has(html, "\xFF"));
}
