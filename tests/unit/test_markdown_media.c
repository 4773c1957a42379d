/* Pictures and embeds in bodies (src/render/markdown_media.c and
** markdown_embed.c): figures, galleries, each provider's URL forms,
** hostile URLs, and what the report says of alt texts. */
#include "check.h"

#include "render/markdown.h"

#include <stdlib.h>
#include <string.h>

#define HASH "0123456789abcdef0123456789abcdef"

/* Knows one image of the library: /media/HASH-*.jpg and /media/HASH.jpg. */
static bool resolve(void *ctx, const char *url, markdown_image *out) {
    (void)ctx;
    if (strncmp(url, "/media/" HASH, 7 + 32) != 0) return false;
    memset(out, 0, sizeof *out);
    out->src = "/media/" HASH "-960.jpg";
    out->srcset = "/media/" HASH "-480.jpg 480w, /media/" HASH "-960.jpg 960w, /media/" HASH "-1600.jpg 1600w";
    out->largest = "/media/" HASH "-1600.jpg";
    out->width = 2000;
    out->height = 1500;
    out->alt = "The ferry at the quay";
    out->credit = "Photo: A. <Aliyev>";
    out->name = "ferry.jpg";
    return true;
}

static char *last;
static markdown_report report;
static void free_last(void) {
    free(last);
    last = NULL;
}

/* Renders src with the resolver (lang en); the HTML, or why it failed. */
static const char *render(const char *src) {
    static int registered;
    static char why[200];
    if (!registered) registered = !atexit(free_last);
    free(last);
    last = NULL;
    markdown_options opt = {MARKDOWN_LIMITS_DEFAULT, "en", resolve, NULL};
    if (!markdown_render_with(src, strlen(src), &opt, &report, &last, NULL, why, sizeof why)) return why;
    return last;
}

static int has(const char *html, const char *needle) { return strstr(html, needle) != NULL; }
static int count(const char *html, const char *needle) {
    int n = 0;
    for (const char *p = strstr(html, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

TEST(markdown_media_figure_of_a_library_image) {
    const char *html = render("![A ferry](/media/" HASH "-960.jpg \"The morning ferry\")\n");
    CHECK_STR(html, "<figure class=\"body-figure\"><img src=\"/media/" HASH "-960.jpg\" srcset=\"/media/" HASH
                    "-480.jpg 480w, /media/" HASH "-960.jpg 960w, /media/" HASH "-1600.jpg 1600w\" sizes=\"(min-width:"
                    " 48rem) 46rem, 100vw\" width=\"2000\" height=\"1500\" alt=\"A ferry\" loading=\"eager\""
                    " decoding=\"async\"><figcaption>The morning ferry <span class=\"credit\">Photo: A. &lt;Aliyev&gt;"
                    "</span></figcaption></figure>\n");
    CHECK_INT(report.images, 1);
    CHECK_INT(report.missing_alt, 0);
    /* Not the first block: lazy. Empty alt: the library's default. */
    html = render("Text first.\n\n![](/media/" HASH ".jpg)\n");
    CHECK(has(html, "<p>Text first.</p>"));
    CHECK(has(html, "alt=\"The ferry at the quay\" loading=\"lazy\""));
    CHECK_INT(report.missing_alt, 0);
}

TEST(markdown_media_external_image_and_inline_images) {
    const char *html = render("Intro\n\n![Baku at night](https://images.example.org/baku.jpg)\n");
    CHECK(has(html, "<figure class=\"body-figure\"><img src=\"https://images.example.org/baku.jpg\" class=\"external\""
                    " alt=\"Baku at night\" loading=\"lazy\" decoding=\"async\"></figure>"));
    CHECK(!has(html, "srcset"));
    /* An image among words stays an inline image. */
    html = render("See ![a map](https://example.org/map.png) here.\n");
    CHECK(has(html, "<p>See <img src=\"https://example.org/map.png\" alt=\"a map\" /> here.</p>"));
    CHECK(!has(html, "<figure"));
    CHECK_INT(report.images, 1);
}

TEST(markdown_media_galleries) {
    const char *html = render("![One](/media/" HASH "-480.jpg)\n\n![Two](https://example.org/2.jpg)\n\nAfter\n");
    CHECK(has(html, "<div class=\"gallery\" data-gallery><figure class=\"body-figure\"><a class=\"gallery-link\""
                    " href=\"/media/" HASH "-1600.jpg\"><img "));
    CHECK(has(html, "<a class=\"gallery-link\" href=\"https://example.org/2.jpg\"><img src=\"https://example.org/2.jpg\""));
    CHECK_INT(count(html, "<figure"), 2);
    CHECK_INT(count(html, "loading=\"eager\""), 1);
    CHECK(has(html, "</figure></div>\n<p>After</p>"));
    /* One paragraph, an image a line. */
    html = render("Before\n\n![A](https://example.org/a.jpg)\n![B](https://example.org/b.jpg)\n![C](https://example.org/c.jpg)\n");
    CHECK_INT(count(html, "<figure"), 3);
    CHECK_INT(count(html, "data-gallery"), 1);
    CHECK_INT(count(html, "loading=\"eager\""), 0);
    /* Two galleries apart. */
    html = render("![A](/a.jpg)\n\n![B](/b.jpg)\n\ntext\n\n![C](/c.jpg)\n\n![D](/d.jpg)\n");
    CHECK_INT(count(html, "data-gallery"), 2);
}

TEST(markdown_media_alt_text_report) {
    render("![Good](https://example.org/1.jpg)\n\n![](https://example.org/photos/ferry.jpg?w=2)\n\n![ ](x.png)\n");
    CHECK_INT(report.images, 3);
    CHECK_INT(report.missing_alt, 2);
    CHECK_STR(report.missing_alt_name, "ferry.jpg");
    /* Inside a list, too; the library's name when it has one. */
    render("- ![alt](https://example.org/a.png)\n- ![](https://example.org/b.png)\n");
    CHECK_INT(report.missing_alt, 2);
    CHECK_STR(report.missing_alt_name, "b.png");
    render("Words\n\n![](/media/" HASH "-480.jpg)\n");
    CHECK_INT(report.missing_alt, 0); /* the library's default */
    markdown_options opt = {MARKDOWN_LIMITS_DEFAULT, "en", NULL, NULL};
    char *html = NULL;
    const char *src = "![](/media/" HASH "-480.jpg)";
    CHECK(markdown_render_with(src, strlen(src), &opt, &report, &html, NULL, NULL, 0));
    CHECK_INT(report.missing_alt, 1);
    CHECK_STR(report.missing_alt_name, HASH "-480.jpg");
    free(html);
}

/* The data-src of the embed src renders to, or "" when none. */
static const char *embed_src(const char *src) {
    static char out[512];
    const char *html = render(src);
    const char *p = strstr(html, "data-src=\"");
    out[0] = '\0';
    if (p) {
        p += 10;
        size_t n = strcspn(p, "\"");
        if (n >= sizeof out) n = sizeof out - 1;
        memcpy(out, p, n);
        out[n] = '\0';
    }
    return out;
}

TEST(markdown_media_youtube_forms) {
    const char *want = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
    CHECK_STR(embed_src("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), want);
    CHECK_STR(embed_src("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=10"), want);
    CHECK_STR(embed_src("https://m.youtube.com/watch?v=dQw4w9WgXcQ"), want);
    CHECK_STR(embed_src("https://youtu.be/dQw4w9WgXcQ"), want);
    CHECK_STR(embed_src("https://youtu.be/dQw4w9WgXcQ?si=abc"), want);
    CHECK_STR(embed_src("https://www.youtube.com/shorts/dQw4w9WgXcQ"), want);
    CHECK_STR(embed_src("<https://www.youtube.com/embed/dQw4w9WgXcQ>"), want);
    const char *html = render("https://youtu.be/dQw4w9WgXcQ");
    CHECK_STR(html, "<figure class=\"embed embed-youtube\" data-embed=\"youtube\" data-src=\"https://www.youtube-nocookie"
                    ".com/embed/dQw4w9WgXcQ\" data-title=\"YouTube video\"><p class=\"embed-provider\">YouTube</p>"
                    "<a class=\"embed-link\" href=\"https://youtu.be/dQw4w9WgXcQ\" rel=\"noopener\">https://youtu.be/"
                    "dQw4w9WgXcQ</a><button type=\"button\" class=\"embed-load js-only\" data-embed-load>Load the"
                    " YouTube video</button></figure>\n");
    /* Ids of another length or with other characters: a card. */
    CHECK_STR(embed_src("https://youtu.be/dQw4w9WgXc"), "");
    CHECK_STR(embed_src("https://youtu.be/dQw4w9WgXcQQ"), "");
    CHECK_STR(embed_src("https://www.youtube.com/watch?v=dQw4w9WgXc%22"), "");
    CHECK(has(render("https://youtu.be/dQw4w9WgXc"), "class=\"embed-card\""));
    /* Not alone in its paragraph, or a link with words: left as it is. */
    CHECK_STR(render("Watch https://youtu.be/dQw4w9WgXcQ now"),
              "<p>Watch <a href=\"https://youtu.be/dQw4w9WgXcQ\">https://youtu.be/dQw4w9WgXcQ</a> now</p>\n");
    CHECK_STR(render("[the video](https://youtu.be/dQw4w9WgXcQ)"),
              "<p><a href=\"https://youtu.be/dQw4w9WgXcQ\">the video</a></p>\n");
}

TEST(markdown_media_other_providers) {
    CHECK_STR(embed_src("https://twitter.com/jack/status/20"), "https://platform.twitter.com/embed/Tweet.html?id=20");
    CHECK_STR(embed_src("https://x.com/Some_User/status/1790000000000000001?s=20"),
              "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001");
    CHECK_STR(embed_src("https://x.com/Some_User/likes"), "");
    CHECK_STR(embed_src("https://www.instagram.com/p/C1a2B3c-_d/"), "https://www.instagram.com/p/C1a2B3c-_d/embed");
    CHECK_STR(embed_src("https://instagram.com/reel/Cx9/"), "https://www.instagram.com/p/Cx9/embed");
    CHECK_STR(embed_src("https://www.facebook.com/herald/posts/pfbid02abc"),
              "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fherald%2Fposts%2Fpfbid02abc");
    CHECK_STR(embed_src("https://www.facebook.com/herald/videos/123456/"),
              "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fherald%2Fvideos%2F123456%2F");
    CHECK_STR(embed_src("https://fb.watch/abcDEF/"),
              "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.watch%2FabcDEF%2F");
    CHECK_STR(embed_src("https://t.me/caspian_herald/1234"), "https://t.me/caspian_herald/1234?embed=1");
    CHECK_STR(embed_src("https://t.me/caspian_herald"), "");
    CHECK(has(render("https://t.me/durov/1"), "Load the Telegram post</button>"));
    CHECK(has(render("https://x.com/a/status/1"), "data-title=\"Post on X\""));
    /* Anything else: a bookmark card, host and address, nothing fetched. */
    CHECK_STR(render("https://www.Example.org/news/story?id=1&x=2"),
              "<p class=\"embed-bookmark\"><a class=\"embed-card\" href=\"https://www.Example.org/news/story?id=1&amp;"
              "x=2\" rel=\"noopener\"><span class=\"embed-host\">example.org</span> <span class=\"embed-url\">"
              "https://www.Example.org/news/story?id=1&amp;x=2</span></a></p>\n");
    /* A look-alike host is not the provider. */
    CHECK_STR(embed_src("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"), "");
    CHECK_STR(embed_src("https://notyoutube.com/watch?v=dQw4w9WgXcQ"), "");
    CHECK_STR(embed_src("https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ"), "");
}

TEST(markdown_media_hostile_urls) {
    /* Unsafe schemes lose their link first: never a figure or an embed. */
    const char *html = render("![x](javascript:alert(1))\n\n<javascript:alert(1)>\n\n![y](data:image/png;base64,AAAA)\n");
    CHECK(!has(html, "=\"javascript:"));
    CHECK(!has(html, "=\"data:"));
    CHECK(!has(html, "<figure"));
    CHECK(!has(html, "<a"));
    /* Quotes and angle brackets stay inside their attributes. */
    html = render("![a&quot; onerror=&quot;alert(1)](https://example.org/x.jpg \"t\\\" onload=\\\"y\")\n");
    CHECK(has(html, "alt=\"a&quot; onerror=&quot;alert(1)\""));
    CHECK(has(html, "<figcaption>t&quot; onload=&quot;y</figcaption>"));
    CHECK(!has(html, "\" onerror=\""));
    html = render("![x](<https://example.org/a\"b'c d>)\n");
    CHECK(has(html, "src=\"https://example.org/a%22b&#39;c%20d\""));
    html = render("https://www.youtube.com/watch?v=dQw4w9WgXcQ&x=\"><script>\n");
    CHECK(!has(html, "<script"));
    /* A very long URL stays a plain link. */
    char *long_url = malloc(6000);
    strcpy(long_url, "https://youtu.be/dQw4w9WgXcQ?");
    memset(long_url + strlen(long_url), 'a', 5000);
    long_url[5029] = '\0';
    html = render(long_url);
    CHECK(!has(html, "<figure"));
    CHECK(has(html, "<p><a href=\"https://youtu.be/"));
    free(long_url);
}

TEST(markdown_media_words_follow_the_edition) {
    markdown_options opt = {MARKDOWN_LIMITS_DEFAULT, NULL, NULL, NULL};
    char *html = NULL;
    const char *src = "https://youtu.be/dQw4w9WgXcQ";
    CHECK(markdown_render_with(src, strlen(src), &opt, NULL, &html, NULL, NULL, 0));
    CHECK(html && strstr(html, "Load the YouTube video"));
    free(html);
}

TEST(markdown_media_within_the_output_bound) {
    /* Many short embeds would make far more HTML than their text: the
    ** bound refuses them, naming it. */
    size_t n = 20000;
    char *src = malloc(n * 20 + 1), *p = src;
    for (size_t i = 0; i < n; i++) p += sprintf(p, "https://t.me/a/%zu\n\n", i % 10);
    markdown_options opt = {MARKDOWN_LIMITS_DEFAULT, "en", NULL, NULL};
    opt.limits.max_output_ratio = 10; /* the tree's own estimate passes: the embeds' HTML does not */
    char *html = NULL, why[200] = "";
    CHECK(!markdown_render_with(src, strlen(src), &opt, NULL, &html, NULL, why, sizeof why));
    CHECK(html == NULL);
    CHECK(strstr(why, "KB of HTML") != NULL);
    free(src);
}
