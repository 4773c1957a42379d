/* Feed bodies with every URL absolute (src/site/feed_html.c). */
#include "check.h"

#include "core/arena.h"
#include "render/markdown.h"
#include "site/feed_html.h"

#include <stdlib.h>
#include <string.h>

#define ARTICLE "https://news.example.com/en/politics/new-bridge"

/* The feed body of Markdown src, as the store keeps it (rendered once). */
static const char *feed_body(arena *a, const char *src) {
    char *html = markdown_to_html(src, strlen(src));
    if (!html) return "(markdown_to_html returned NULL)";
    const char *out = feed_html_absolute(a, arena_strdup(a, html), ARTICLE);
    free(html);
    return out ? out : "(NULL)";
}

TEST(feed_html_makes_links_and_images_absolute) {
    arena *a = arena_new();
    CHECK_STR(feed_body(a, "See [the map](/media/map.jpg) and [notes](#notes)."),
              "<p>See <a href=\"https://news.example.com/media/map.jpg\">the map</a> and "
              "<a href=\"https://news.example.com/en/politics/new-bridge#notes\">notes</a>.</p>\n");
    CHECK_STR(feed_body(a, "![A ferry](/media/ferry-960.jpg)"),
              "<figure class=\"body-figure\"><img src=\"https://news.example.com/media/ferry-960.jpg\" class=\"external\""
              " alt=\"A ferry\" loading=\"eager\" decoding=\"async\"></figure>\n");
    /* Relative to the article's folder, as the page resolves it. */
    CHECK_STR(feed_body(a, "[Earlier](older-story) [Up](../economy/) [Q](?page=2)"),
              "<p><a href=\"https://news.example.com/en/politics/older-story\">Earlier</a> "
              "<a href=\"https://news.example.com/en/economy/\">Up</a> "
              "<a href=\"https://news.example.com/en/politics/new-bridge?page=2\">Q</a></p>\n");
    arena_free(a);
}

TEST(feed_html_keeps_absolute_urls_and_text) {
    arena *a = arena_new();
    CHECK_STR(feed_body(a, "[Out](https://example.org/a?b=1&c=2) [Mail](mailto:desk@example.com) "
                           "[Call](tel:+994123) //[cdn](//cdn.example.net/x.png)"),
              "<p><a href=\"https://example.org/a?b=1&amp;c=2\">Out</a> "
              "<a href=\"mailto:desk@example.com\">Mail</a> <a href=\"tel:+994123\">Call</a> "
              "//<a href=\"https://cdn.example.net/x.png\">cdn</a></p>\n");
    const char *text = "<p>Tom &amp; Jerry &lt; 3 — Кура течёт</p>\n";
    CHECK(feed_html_absolute(a, text, ARTICLE) == text);
    CHECK_STR(feed_body(a, "Кура & [мост](/ru/politics/most) <b>*x*</b>\n\n```\n<a href=\"/x\">\n```"),
              "<p>Кура &amp; <a href=\"https://news.example.com/ru/politics/most\">мост</a> <em>x</em></p>\n"
              "<pre><code>&lt;a href=\"/x\"&gt;\n</code></pre>\n");
    arena_free(a);
}

TEST(feed_html_resolves_every_srcset_candidate) {
    arena *a = arena_new();
    const char *html = "<p><img src=\"/media/h-960.jpg\" srcset=\"/media/h-480.jpg 480w, /media/h-960.jpg 960w,"
                       "https://cdn.example.net/h.jpg 2x,,/media/h,1.jpg\" alt=\"\"></p>";
    CHECK_STR(feed_html_absolute(a, html, ARTICLE),
              "<p><img src=\"https://news.example.com/media/h-960.jpg\" srcset=\"https://news.example.com/media/h-480.jpg 480w, "
              "https://news.example.com/media/h-960.jpg 960w, https://cdn.example.net/h.jpg 2x, "
              "https://news.example.com/media/h,1.jpg\" alt=\"\"></p>");
    arena_free(a);
}
