/* Front matter: the YAML head of an article file. */
#include "check.h"

#include "newsroom/frontmatter.h"

#include <string.h>

static bool parse(arena *a, const char *text, article_input *in, char *err, size_t errlen) {
    err[0] = '\0';
    return frontmatter_parse(a, text, strlen(text), in, err, errlen);
}

static int mentions(const char *err, const char *word) { return strstr(err, word) != NULL; }

TEST(frontmatter_all_fields) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    const char *text =
        "---\n"
        "title: \"New bridge over the Kura\"\n"
        "subtitle: Opening in spring\n"
        "lang: ru\n"
        "category: politics\n"
        "date: 2026-02-14T16:50:00+04:00\n"
        "author: Leyla Aliyeva\n"
        "slug: new-bridge\n"
        "translation_key: bridge-2026\n"
        "tags: [bridges, Kura, transport]\n"
        "status: draft\n"
        "---\n"
        "The **bridge** opens.\n\nSecond paragraph.\n";
    bool ok = parse(a, text, &in, err, sizeof err);
    CHECK(ok);
    if (!ok) fprintf(stderr, "# %s\n", err);
    CHECK_STR(in.title, "New bridge over the Kura");
    CHECK_STR(in.subtitle, "Opening in spring");
    CHECK_STR(in.lang, "ru");
    CHECK_STR(in.category_slug, "politics");
    CHECK_INT(in.published_at, 1771073400LL);
    CHECK_STR(in.author, "Leyla Aliyeva");
    CHECK_STR(in.slug, "new-bridge");
    CHECK_STR(in.translation_key, "bridge-2026");
    CHECK_INT(in.tag_count, 3);
    if (in.tag_count == 3) {
        CHECK_STR(in.tags[0], "bridges");
        CHECK_STR(in.tags[1], "Kura");
        CHECK_STR(in.tags[2], "transport");
    }
    CHECK_INT(in.status, ARTICLE_DRAFT);
    CHECK_STR(in.body_markdown, "The **bridge** opens.\n\nSecond paragraph.\n");
    CHECK(in.body_html == NULL);
    arena_free(a);
}

TEST(frontmatter_minimal_defaults) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    const char *text = "---\ntitle: Hello\ndate: 2026-02-14T12:50:00Z\n---\nBody";
    CHECK(parse(a, text, &in, err, sizeof err));
    CHECK_STR(in.title, "Hello");
    CHECK_INT(in.published_at, 1771073400LL);
    CHECK_INT(in.status, ARTICLE_PUBLISHED); /* the default */
    CHECK(in.lang == NULL);
    CHECK(in.slug == NULL);
    CHECK(in.category_slug == NULL);
    CHECK(in.author == NULL);
    CHECK(in.subtitle == NULL);
    CHECK_INT(in.tag_count, 0);
    CHECK_STR(in.body_markdown, "Body");
    arena_free(a);
}

TEST(frontmatter_status_published) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\nstatus: published\n---\n", &in,
                err, sizeof err));
    CHECK_INT(in.status, ARTICLE_PUBLISHED);
    CHECK_STR(in.body_markdown, "");
    arena_free(a);
}

TEST(frontmatter_tags_forms) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\ntags: ferries\n---\n", &in, err,
                sizeof err));
    CHECK_INT(in.tag_count, 1);
    if (in.tag_count == 1) CHECK_STR(in.tags[0], "ferries");
    CHECK(parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\ntags:\n  - one\n  - two words\n---\n",
                &in, err, sizeof err));
    CHECK_INT(in.tag_count, 2);
    if (in.tag_count == 2) CHECK_STR(in.tags[1], "two words");
    CHECK(parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\ntags: []\n---\n", &in, err,
                sizeof err));
    CHECK_INT(in.tag_count, 0);
    /* A mapping is not a tag list; an empty item is not a tag. */
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\ntags: {a: b}\n---\n", &in, err,
                 sizeof err));
    CHECK(mentions(err, "tags"));
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\ntags: [a, ~]\n---\n", &in, err,
                 sizeof err));
    CHECK(mentions(err, "tags"));
    arena_free(a);
}

TEST(frontmatter_missing_opening) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "title: T\ndate: 2026-02-14T12:50:00Z\n---\nBody\n", &in, err, sizeof err));
    CHECK(mentions(err, "---"));
    CHECK(!parse(a, "", &in, err, sizeof err));
    CHECK(!parse(a, "Just a body.\n", &in, err, sizeof err));
    CHECK(!parse(a, " ---\ntitle: T\n---\n", &in, err, sizeof err));
    arena_free(a);
}

TEST(frontmatter_missing_closing) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\nBody without a closing line\n",
                 &in, err, sizeof err));
    CHECK(mentions(err, "closing"));
    CHECK(!parse(a, "---", &in, err, sizeof err));
    /* "----" is not a closing line. */
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\n----\n", &in, err, sizeof err));
    arena_free(a);
}

TEST(frontmatter_dots_close) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\n...\nBody", &in, err, sizeof err));
    CHECK_STR(in.body_markdown, "Body");
    arena_free(a);
}

TEST(frontmatter_missing_title) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "---\ndate: 2026-02-14T12:50:00Z\ncategory: x\n---\nBody", &in, err,
                 sizeof err));
    CHECK(mentions(err, "'title'"));
    /* An empty title is no title. */
    CHECK(!parse(a, "---\ntitle:\ndate: 2026-02-14T12:50:00Z\n---\nBody", &in, err, sizeof err));
    CHECK(mentions(err, "title"));
    arena_free(a);
}

TEST(frontmatter_missing_date) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "---\ntitle: T\n---\nBody", &in, err, sizeof err));
    CHECK(mentions(err, "'date'"));
    CHECK(!parse(a, "---\ntitle: T\ndate:\n---\nBody", &in, err, sizeof err));
    CHECK(mentions(err, "date"));
    arena_free(a);
}

TEST(frontmatter_bad_date) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    static const char *const bad[] = {
        "---\ntitle: T\ndate: 2026-02-30T10:00:00Z\n---\n",
        "---\ntitle: T\ndate: 2026-02-14T16:50:00\n---\n", /* no offset */
        "---\ntitle: T\ndate: 2026-02-14\n---\n",
        "---\ntitle: T\ndate: yesterday\n---\n",
        "---\ntitle: T\ndate: [2026]\n---\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!parse(a, bad[i], &in, err, sizeof err));
        CHECK(mentions(err, "'date'"));
    }
    arena_free(a);
}

TEST(frontmatter_unknown_field) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\ncolour: red\n---\n", &in, err,
                 sizeof err));
    CHECK(mentions(err, "colour"));
    arena_free(a);
}

TEST(frontmatter_bad_status) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\nstatus: maybe\n---\n", &in, err,
                 sizeof err));
    CHECK(mentions(err, "status"));
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\nstatus:\n---\n", &in, err,
                 sizeof err));
    CHECK(mentions(err, "status"));
    arena_free(a);
}

TEST(frontmatter_list_for_scalar_field) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "---\ntitle: [a, b]\ndate: 2026-02-14T12:50:00Z\n---\n", &in, err,
                 sizeof err));
    CHECK(mentions(err, "title"));
    arena_free(a);
}

TEST(frontmatter_yaml_syntax_error) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(!parse(a, "---\ntitle: \"unterminated\ndate: 2026-02-14T12:50:00Z\n---\nBody", &in, err,
                 sizeof err));
    CHECK(strstr(err, "YAML") != NULL);
    CHECK(!parse(a, "---\ntitle: T\n  date: : :\n\t- x\n---\n", &in, err, sizeof err));
    CHECK(strstr(err, "YAML") != NULL);
    /* A list is not a mapping of fields. */
    CHECK(!parse(a, "---\n- title\n- date\n---\n", &in, err, sizeof err));
    CHECK(err[0] != '\0');
    /* Nor is an empty head. */
    CHECK(!parse(a, "---\n---\nBody", &in, err, sizeof err));
    CHECK(err[0] != '\0');
    arena_free(a);
}

TEST(frontmatter_crlf_line_endings) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    const char *text = "---\r\ntitle: Windows title\r\ndate: 2026-02-14T16:50:00+04:00\r\n"
                       "category: world\r\n---\r\nBody line\r\n";
    bool ok = parse(a, text, &in, err, sizeof err);
    CHECK(ok);
    if (!ok) fprintf(stderr, "# %s\n", err);
    CHECK_STR(in.title, "Windows title");
    CHECK_STR(in.category_slug, "world");
    CHECK_INT(in.published_at, 1771073400LL);
    CHECK(in.body_markdown && strncmp(in.body_markdown, "Body line", 9) == 0);
    arena_free(a);
}

TEST(frontmatter_byte_order_mark) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    CHECK(parse(a, "\xEF\xBB\xBF---\ntitle: T\ndate: 2026-02-14T12:50:00Z\n---\nB", &in, err,
                sizeof err));
    CHECK_STR(in.title, "T");
    arena_free(a);
}

TEST(frontmatter_body_preserved) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    const char *body = "First line\n\n---\n\nA horizontal rule above, and `code: yes`.\n"
                       "Кириллица тоже.\n";
    char text[512];
    snprintf(text, sizeof text, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\n---\n%s", body);
    CHECK(parse(a, text, &in, err, sizeof err));
    CHECK_STR(in.body_markdown, body);
    arena_free(a);
}

TEST(frontmatter_nul_byte_rejected) {
    arena *a = arena_new();
    article_input in;
    char err[256] = "";
    const char text[] = "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\n---\nBo\0dy";
    CHECK(!frontmatter_parse(a, text, sizeof text - 1, &in, err, sizeof err));
    CHECK(err[0] != '\0');
    arena_free(a);
}

TEST(frontmatter_quoted_values_kept) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    /* Quoted "null" and "~" are texts, not nothing. */
    CHECK(parse(a, "---\ntitle: \"null\"\nsubtitle: '~'\ndate: 2026-02-14T12:50:00Z\n---\n", &in,
                err, sizeof err));
    CHECK_STR(in.title, "null");
    CHECK_STR(in.subtitle, "~");
    /* A plain null title is missing. */
    CHECK(!parse(a, "---\ntitle: null\ndate: 2026-02-14T12:50:00Z\n---\n", &in, err, sizeof err));
    CHECK(mentions(err, "title"));
    arena_free(a);
}

TEST(frontmatter_seo_fields) {
    arena *a = arena_new();
    article_input in;
    char err[256];
    const char *text =
        "---\n"
        "title: The headline\n"
        "category: world\n"
        "date: 2026-02-14T12:50:00Z\n"
        "seo_title: \"Kura bridge: what changes\"\n"
        "seo_description: The short text results show.\n"
        "canonical_url: https://wire.example.org/kura-bridge\n"
        "---\n"
        "Body.\n";
    bool ok = parse(a, text, &in, err, sizeof err);
    CHECK(ok);
    if (!ok) fprintf(stderr, "# %s\n", err);
    CHECK_STR(in.seo_title, "Kura bridge: what changes");
    CHECK_STR(in.seo_description, "The short text results show.");
    CHECK_STR(in.canonical_url, "https://wire.example.org/kura-bridge");
    CHECK_STR(in.title, "The headline");
    /* The image is chosen in the newsroom, not in a file. */
    CHECK(!parse(a, "---\ntitle: T\ndate: 2026-02-14T12:50:00Z\nsocial_image_id: 3\n---\n", &in, err, sizeof err));
    CHECK(mentions(err, "social_image_id"));
    arena_free(a);
}
