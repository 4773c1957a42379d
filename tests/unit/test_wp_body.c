/* WordPress bodies as Markdown (src/newsroom/wordpress/body.c with
** shortcodes.c and autop.c): each construct's Markdown, and what Gazette's
** own renderer makes of it, so that what a reader finally sees is checked:
** text stays text, markup from the post never comes through raw. */
#include "check.h"

#include "newsroom/wordpress/body.h"
#include "render/markdown.h"

#include <stdlib.h>
#include <string.h>

/* The test's import: images keep their address with "/media/" before the
** file's name; a gallery of ids "1,2" gives two images. */
static const char *fake_image(void *ctx, arena *a, const char *url) {
    (void)ctx;
    if (strstr(url, "missing")) return url;
    const char *slash = strrchr(url, '/');
    return arena_printf(a, "/media/%s", slash ? slash + 1 : url);
}

static void fake_gallery(void *ctx, arena *a, const char *ids, wp_image **images, size_t *count) {
    (void)ctx;
    *count = 0;
    *images = arena_alloc(a, 2 * sizeof **images);
    if (strcmp(ids, "1,2") == 0 || !*ids) {
        (*images)[0] = (wp_image){"/media/one.jpg", "First", "Caption one"};
        (*images)[1] = (wp_image){"/media/two.jpg", "Second", NULL};
        *count = 2;
    }
}

static const wp_body_env env = {"https://old.example.com", fake_image, fake_gallery, NULL};

/* The Markdown of html, in a (notes into r). */
static const char *md(arena *a, const char *html, wp_report *r) {
    wp_report_init(r, a);
    return wp_body_to_markdown(a, html, &env, r);
}

/* What the site renders of markdown (the caller frees). */
static char *html_of(const char *markdown) { return markdown_to_html(markdown, strlen(markdown)); }

/* True when r has a note containing text. */
static bool noted(const wp_report *r, const char *text) {
    for (size_t i = 0; i < r->count; i++)
        if (strstr(r->notes[i], text)) return true;
    return false;
}

TEST(wp_body_classic_paragraphs_and_breaks) {
    arena *a = arena_new();
    wp_report r;
    CHECK_STR(md(a, "First paragraph\nwith a break.\n\nSecond one.", &r), "First paragraph\\\nwith a break.\n\nSecond one.\n");
    CHECK_STR(md(a, "<h2>Heading</h2>\nText after.", &r), "## Heading\n\nText after.\n");
    CHECK_STR(md(a, "<!-- wp:paragraph -->\n<p>Block <strong>bold</strong> and <em>em</em>.</p>\n<!-- /wp:paragraph -->", &r),
              "Block **bold** and *em*.\n");
    /* A break before a block (a [caption]'s figure) ends the paragraph: no stray backslash. */
    CHECK_STR(md(a, "For the pier.\n[caption]<img src=\"https://old.example.com/a.jpg\" alt=\"A\"> Cap[/caption]", &r),
              "For the pier.\n\n![A](/media/a.jpg \"Cap\")\n");
    /* The text's own backslashes, escaped in pairs, stay. */
    CHECK_STR(md(a, "<p>Ends with a backslash \\<br></p>", &r), "Ends with a backslash \\\\\n");
    CHECK_INT(r.count, 0);
    arena_free(a);
}

TEST(wp_body_text_stays_text) {
    arena *a = arena_new();
    wp_report r;
    const char *m = md(a, "<p>1. Not a list *not em* _x_ [not](link) &lt;script&gt; # no | pipe</p>", &r);
    CHECK_STR(m, "1\\. Not a list \\*not em\\* \\_x\\_ \\[not\\](link) \\<script\\> # no \\| pipe\n");
    char *h = html_of(m);
    CHECK(strstr(h, "<p>1. Not a list *not em* _x_ [not](link) &lt;script&gt; # no | pipe</p>") != NULL);
    free(h);
    m = md(a, "<p># Not a heading</p><p>- not an item</p><p>&gt; not a quote</p>", &r);
    h = html_of(m);
    CHECK(strstr(h, "<h1") == NULL && strstr(h, "<li>") == NULL && strstr(h, "<blockquote>") == NULL);
    free(h);
    arena_free(a);
}

TEST(wp_body_scripts_styles_and_handlers_never_come_through) {
    arena *a = arena_new();
    wp_report r;
    const char *m = md(a, "<p onclick=\"alert(1)\">Hi<script>alert(2)</script><style>p{}</style>"
                          "<a href=\"javascript:alert(3)\">click</a> <img src=\"x.jpg\" onerror=\"alert(4)\" alt=\"X\">"
                          "<iframe src=\"javascript:alert(5)\"></iframe></p><form><input name=q></form>", &r);
    CHECK(strstr(m, "alert") == NULL);
    CHECK(strstr(m, "click") != NULL);
    CHECK(noted(&r, "<script> removed"));
    CHECK(noted(&r, "<form> removed"));
    char *h = html_of(m);
    CHECK(strstr(h, "<script") == NULL && strstr(h, "onerror") == NULL && strstr(h, "javascript:") == NULL);
    free(h);
    arena_free(a);
}

TEST(wp_body_links) {
    arena *a = arena_new();
    wp_report r;
    CHECK_STR(md(a, "<p>See <a href=\"https://news.example.org/a_b(c)\">the <b>report</b></a>.</p>", &r),
              "See [the **report**](https://news.example.org/a_b%28c%29).\n");
    CHECK_STR(md(a, "<p><a href=\"https://old.example.com/2023/05/story/\">old</a> "
                    "<a href=\"/about/\">rel</a> <a href=\"mailto:desk@example.com\">mail</a></p>", &r),
              "[old](/2023/05/story/) [rel](/about/) [mail](mailto:desk@example.com)\n");
    arena_free(a);
}

TEST(wp_body_lists_quotes_code) {
    arena *a = arena_new();
    wp_report r;
    CHECK_STR(md(a, "<ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul>", &r), "- One\n- Two\n  - Nested\n");
    CHECK_STR(md(a, "<ol start=\"3\"><li>Three</li><li>Four</li></ol>", &r), "3. Three\n4. Four\n");
    CHECK_STR(md(a, "<blockquote><p>Said.</p><p>Again.</p></blockquote>", &r), "> Said.\n>\n> Again.\n");
    CHECK_STR(md(a, "<pre class=\"wp-block-code\"><code class=\"language-c\">int x = 1;\n\nreturn `x`;</code></pre>", &r),
              "```c\nint x = 1;\n\nreturn `x`;\n```\n");
    CHECK_STR(md(a, "<p>Use <code>a `b`</code> here.</p>", &r), "Use `` a `b` `` here.\n");
    char *h = html_of(md(a, "<ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul>", &r));
    CHECK(strstr(h, "<li>Two") != NULL && strstr(h, "<li>Nested</li>") != NULL);
    free(h);
    arena_free(a);
}

TEST(wp_body_tables) {
    arena *a = arena_new();
    wp_report r;
    const char *m = md(a, "<figure class=\"wp-block-table\"><table><thead><tr><th>Year</th><th>Sum | total</th></tr></thead>"
                          "<tbody><tr><td>2024</td><td><b>12</b></td></tr><tr><td colspan=2>Note</td></tr></tbody></table>"
                          "<figcaption>Source: desk</figcaption></figure>", &r);
    CHECK_STR(m, "| Year | Sum \\| total |\n| --- | --- |\n| 2024 | **12** |\n| Note |  |\n\nSource: desk\n");
    CHECK(noted(&r, "spanning"));
    char *h = html_of(m);
    CHECK(strstr(h, "<table>") != NULL && strstr(h, "Sum | total") != NULL);
    free(h);
    arena_free(a);
}

TEST(wp_body_images_captions_galleries) {
    arena *a = arena_new();
    wp_report r;
    CHECK_STR(md(a, "[caption id=\"attachment_7\" align=\"alignnone\" width=\"300\"]<a href=\"https://old.example.com/wp-content/uploads/2023/05/big.jpg\">"
                    "<img src=\"https://old.example.com/wp-content/uploads/2023/05/big-300x200.jpg\" alt=\"A [big] ferry\"></a> The \"new\" ferry[/caption]", &r),
              "![A \\[big\\] ferry](/media/big-300x200.jpg \"The \\\"new\\\" ferry\")\n");
    CHECK_STR(md(a, "<!-- wp:image --><figure class=\"wp-block-image\"><img src=\"/wp-content/uploads/x.jpg\" alt=\"X\"/>"
                    "<figcaption>Cap <em>it</em></figcaption></figure><!-- /wp:image -->", &r),
              "![X](/media/x.jpg \"Cap it\")\n");
    CHECK_STR(md(a, "Before\n\n[gallery ids=\"1,2\"]\n\nAfter", &r),
              "Before\n\n![First](/media/one.jpg \"Caption one\")\n![Second](/media/two.jpg)\n\nAfter\n");
    char *h = html_of(md(a, "[gallery ids=\"1,2\"]", &r));
    CHECK(strstr(h, "gallery") != NULL || strstr(h, "<img") != NULL);
    free(h);
    CHECK_STR(md(a, "[gallery ids=\"9\"]", &r), "");
    CHECK(noted(&r, "no image found"));
    arena_free(a);
}

TEST(wp_body_embeds_and_media) {
    arena *a = arena_new();
    wp_report r;
    CHECK_STR(md(a, "Watch:\n\nhttps://www.youtube.com/watch?v=ab_cd-EF123\n\n[embed]https://youtu.be/ab_cd-EF123[/embed]", &r),
              "Watch:\n\nhttps://www.youtube.com/watch?v=ab_cd-EF123\n\nhttps://youtu.be/ab_cd-EF123\n");
    CHECK_STR(md(a, "[youtube=https://www.youtube.com/watch?v=ab_cd-EF123]", &r), "https://www.youtube.com/watch?v=ab_cd-EF123\n");
    CHECK_STR(md(a, "<iframe src=\"https://www.youtube.com/embed/ab_cd-EF123?rel=0\" width=560></iframe>", &r),
              "https://www.youtube.com/watch?v=ab_cd-EF123\n");
    CHECK_STR(md(a, "[video width=\"640\" mp4=\"https://old.example.com/wp-content/uploads/clip.mp4\"][/video]", &r),
              "[clip.mp4](/wp-content/uploads/clip.mp4)\n");
    CHECK(noted(&r, "video kept as a link"));
    CHECK_STR(md(a, "[audio src=\"https://cdn.example.net/a b.mp3\"]", &r), "[a b.mp3](https://cdn.example.net/a%20b.mp3)\n");
    char *h = html_of("https://www.youtube.com/watch?v=ab_cd-EF123\n");
    CHECK(strstr(h, "ab_cd-EF123") != NULL);
    free(h);
    arena_free(a);
}

TEST(wp_body_unknown_shortcodes_and_elements_are_kept_as_text_and_noted) {
    arena *a = arena_new();
    wp_report r;
    const char *m = md(a, "[contact-form-7 id=\"5\" title=\"Contact\"] and [[gallery]] and [Update] x<sup>2</sup> <u>under</u>", &r);
    CHECK_STR(m, "\\[contact-form-7 id=\"5\" title=\"Contact\"\\] and \\[gallery\\] and \\[Update\\] x2 under\n");
    CHECK(noted(&r, "shortcode [contact-form-7] kept as text"));
    CHECK(!noted(&r, "[Update]"));
    CHECK(!noted(&r, "[gallery]"));
    CHECK(noted(&r, "<sup> has no Markdown form"));
    CHECK(noted(&r, "<u> has no Markdown form"));
    arena_free(a);
}

TEST(wp_body_hostile_shapes_are_bounded) {
    arena *a = arena_new();
    wp_report r;
    /* Deep nesting, unclosed shortcodes and tags, a huge attribute. */
    char *deep = malloc(200 * 12 + 100);
    char *p = deep;
    for (int i = 0; i < 200; i++) p += sprintf(p, "<blockquote>");
    strcpy(p, "deep");
    const char *m = md(a, deep, &r);
    CHECK(strstr(m, "deep") != NULL);
    free(deep);
    CHECK(strstr(md(a, "[caption]<img src=x.jpg> no end", &r), "no end") != NULL);
    CHECK(noted(&r, "without its [/caption]"));
    char *big = malloc(100000);
    memset(big, 'a', 99999);
    big[0] = '[';
    big[1] = 'x';
    big[2] = ' ';
    big[99999] = '\0';
    CHECK(strlen(md(a, big, &r)) > 99000);
    free(big);
    CHECK_STR(md(a, "", &r), "");
    CHECK_STR(md(a, "<p></p><div> </div>", &r), "");
    arena_free(a);
}
