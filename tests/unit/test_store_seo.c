/* An article's search and social overrides (migration 15) on both
** engines: they round-trip through every read (by id, by slug, the
** article's page, lists), clear again, leave a syndicated story's
** canonical URL to the sitemap, keep a social image from being deleted,
** and go with gazette copy; and what article_prepare refuses of them. */
#include "check.h"
#include "testdb.h"

#include "core/buf.h"
#include "core/config.h"
#include "save.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SEO_HASH "0123456789abcdef0123456789abcdef"

/* A store on url, or NULL with a note. */
static store *seo_open(const char *url) {
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    if (!s) fprintf(stderr, "# store_open: %s\n", err);
    return s;
}

/* A published article of the English edition. */
static article_input seo_story(const char *slug) {
    article_input in = {0};
    in.lang = "en";
    in.slug = slug;
    in.category_slug = "world";
    in.title = "The visible headline";
    in.subtitle = "The lead";
    in.published_at = (int64_t)time(NULL) - 60;
    in.status = ARTICLE_PUBLISHED;
    in.workflow = WF_PUBLISHED;
    in.body_markdown = "Words.";
    return in;
}

/* What a sitemap lists: "slug=canonical_url;" for each entry. */
static bool collect_entry(void *ctx, const sitemap_entry *e) {
    buf *b = ctx;
    buf_printf(b, "%s=%s;", e->slug, e->canonical_url ? e->canonical_url : "(null)");
    return true;
}

/* The four fields of art are those given. */
static void check_seo(const article *art, const char *title, const char *description, int64_t image,
                      const char *canonical) {
    CHECK_STR(art->seo_title, title);
    CHECK_STR(art->seo_description, description);
    CHECK_INT(art->social_image_id, image);
    CHECK_STR(art->canonical_url, canonical);
}

STORE_TEST(store_seo_fields_round_trip_sitemap_and_copy) {
    char url[TESTDB_URL_MAX], copy_url[TESTDB_URL_MAX] = "";
    config cfg;
    config_defaults(&cfg);
    store *s = NULL, *copy = NULL;
    if (!testdb_create(url, sizeof url) || !(s = seo_open(url)) || !testdb_create(copy_url, sizeof copy_url) ||
        !(copy = seo_open(copy_url))) {
        check_report(0, __FILE__, __LINE__, "two stores on fresh databases", NULL);
        if (s) store_close(s);
        config_free(&cfg);
        testdb_remove(url);
        testdb_remove(copy_url);
        return;
    }
    arena *a = arena_new();
    media m = {.hash = SEO_HASH, .format = "jpeg", .width = 2400, .height = 1260, .variants = "480 960 1600",
               .bytes = 1000, .original_name = "card.jpg", .uploaded_by = "test"};
    int64_t image = 0, id = 0, plain = 0;
    bool created = false;
    char err[320] = "";
    CHECK_INT(store_media_add(s, &m, &image, &created), STORE_OK);

    article_input in = seo_story("syndicated");
    in.seo_title = "Search «title» <b>";
    in.seo_description = "What the results say — in one line";
    in.social_image_id = image;
    in.canonical_url = "https://wire.example.org/2026/story?id=7&x=1";
    CHECK(save_article(s, &cfg, a, &in, &id, &created, err, sizeof err));
    article_input other = seo_story("own-story");
    CHECK(save_article(s, &cfg, a, &other, &plain, &created, err, sizeof err));

    article art;
    CHECK_INT(store_article_by_id(s, a, id, &art), STORE_OK);
    check_seo(&art, "Search «title» <b>", "What the results say — in one line", image,
              "https://wire.example.org/2026/story?id=7&x=1");
    CHECK_STR(art.title, "The visible headline");
    CHECK_INT(store_article_by_slug(s, a, "en", "syndicated", &art), STORE_OK);
    check_seo(&art, "Search «title» <b>", "What the results say — in one line", image,
              "https://wire.example.org/2026/story?id=7&x=1");
    article_page_data d;
    CHECK_INT(store_article_page(s, a, "en", "syndicated", 7, 0, &d), STORE_OK);
    check_seo(&d.article, "Search «title» <b>", "What the results say — in one line", image,
              "https://wire.example.org/2026/story?id=7&x=1");
    CHECK_INT(store_article_page(s, a, "en", "own-story", 7, 0, &d), STORE_OK);
    check_seo(&d.article, "", "", 0, "");

    /* The sitemap's rows carry the canonical URL (the site leaves such
    ** stories out). */
    buf listed;
    buf_init(&listed, a);
    CHECK_INT(store_sitemap(s, 0, 0, 100, collect_entry, &listed), STORE_OK);
    CHECK_STR(listed.data, "syndicated=https://wire.example.org/2026/story?id=7&x=1;own-story=;");

    /* An image that is an article's social image is not deleted. */
    CHECK_INT(store_media_delete(s, image), STORE_CONFLICT);

    /* gazette copy carries the four columns. */
    CHECK_INT(store_copy(s, copy, false, NULL, NULL, err, sizeof err), STORE_OK);
    CHECK_INT(store_article_by_id(copy, a, id, &art), STORE_OK);
    check_seo(&art, "Search «title» <b>", "What the results say — in one line", image,
              "https://wire.example.org/2026/story?id=7&x=1");
    CHECK_INT(store_article_by_id(copy, a, plain, &art), STORE_OK);
    check_seo(&art, "", "", 0, "");

    /* Cleared, they are empty again, and the image may go. */
    in = seo_story("syndicated");
    in.expected_version = 0;
    article_problem problem;
    CHECK(article_update(s, &cfg, a, id, &in, &problem));
    CHECK_INT(store_article_by_id(s, a, id, &art), STORE_OK);
    check_seo(&art, "", "", 0, "");
    CHECK_INT(store_media_delete(s, image), STORE_OK);

    arena_free(a);
    store_close(s);
    store_close(copy);
    config_free(&cfg);
    testdb_remove(url);
    testdb_remove(copy_url);
}

/* article_prepare's message for in, or "ok". */
static const char *seo_problem(store *s, const config *cfg, arena *a, article_input in) {
    article_problem p;
    if (article_prepare(s, cfg, a, &in, &p)) return "ok";
    return arena_printf(a, "%s [%s]", p.message, p.field ? p.field : "");
}

STORE_TEST(article_prepare_checks_seo_fields) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = NULL;
    if (!testdb_create(url, sizeof url) || !(s = seo_open(url))) {
        check_report(0, __FILE__, __LINE__, "a store on a fresh database", NULL);
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    arena *a = arena_new();
    article_input in = seo_story("checked");

    /* Titles and descriptions: one line, valid UTF-8, within the limits. */
    char long_title[SEO_TITLE_MAX_CHARS + 2];
    memset(long_title, 'x', sizeof long_title - 1);
    long_title[sizeof long_title - 1] = '\0';
    article_input t = in;
    t.seo_title = long_title;
    CHECK_STR(seo_problem(s, &cfg, a, t), "field 'seo_title': is longer than 200 characters [seo_title]");
    long_title[SEO_TITLE_MAX_CHARS] = '\0';
    CHECK_STR(seo_problem(s, &cfg, a, t), "ok");
    t.seo_title = "two\nlines";
    CHECK_STR(seo_problem(s, &cfg, a, t), "field 'seo_title': must be one line without control characters [seo_title]");
    t.seo_title = "bad \xff byte";
    CHECK_STR(seo_problem(s, &cfg, a, t), "field 'seo_title': is not valid UTF-8 [seo_title]");
    t = in;
    char long_description[SEO_DESCRIPTION_MAX_CHARS + 2];
    memset(long_description, 'y', sizeof long_description - 1);
    long_description[sizeof long_description - 1] = '\0';
    t.seo_description = long_description;
    CHECK_STR(seo_problem(s, &cfg, a, t),
              "field 'seo_description': is longer than 320 characters [seo_description]");
    t.seo_description = "a\x7f" "b";
    CHECK_STR(seo_problem(s, &cfg, a, t),
              "field 'seo_description': must be one line without control characters [seo_description]");

    /* Canonical URLs: absolute http(s), no credentials, bounded. */
    static const struct {
        const char *url, *want;
    } urls[] = {
        {"https://wire.example.org/a?b=c#d", "ok"},
        {"http://[2001:db8::1]:8080/x", "ok"},
        {"HTTPS://Wire.Example.org", "ok"},
        {"javascript:alert(1)", "field 'canonical_url': must be an absolute address starting with https:// (or http://) [canonical_url]"},
        {"data:text/html,<b>", "field 'canonical_url': must be one address without spaces, quotes or other characters than ASCII (percent-encode them) [canonical_url]"},
        {"data:text/html;base64,AAAA", "field 'canonical_url': must be an absolute address starting with https:// (or http://) [canonical_url]"},
        {"/en/world/own", "field 'canonical_url': must be an absolute address starting with https:// (or http://) [canonical_url]"},
        {"//wire.example.org/x", "field 'canonical_url': must be an absolute address starting with https:// (or http://) [canonical_url]"},
        {"ftp://wire.example.org/x", "field 'canonical_url': must be an absolute address starting with https:// (or http://) [canonical_url]"},
        {"https://", "field 'canonical_url': must name a host after https:// [canonical_url]"},
        {"https:///path", "field 'canonical_url': must name a host after https:// [canonical_url]"},
        {"https://user:secret@wire.example.org/", "field 'canonical_url': must not carry a user name or password [canonical_url]"},
        {"https://wire.example.org/a b", "field 'canonical_url': must be one address without spaces, quotes or other characters than ASCII (percent-encode them) [canonical_url]"},
        {"https://wire.example.org/\"onmouseover=\"x", "field 'canonical_url': must be one address without spaces, quotes or other characters than ASCII (percent-encode them) [canonical_url]"},
        {"https://wire.example.org/\nx", "field 'canonical_url': must be one address without spaces, quotes or other characters than ASCII (percent-encode them) [canonical_url]"},
        {"https://wire_example!org/", "field 'canonical_url': has a host that is not a domain name or an address [canonical_url]"},
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        t = in;
        t.canonical_url = urls[i].url;
        CHECK_STR(seo_problem(s, &cfg, a, t), urls[i].want);
    }
    char long_url[CANONICAL_URL_MAX_BYTES + 2];
    memset(long_url, 'a', sizeof long_url - 1);
    memcpy(long_url, "https://x.org/", 14);
    long_url[sizeof long_url - 1] = '\0';
    t = in;
    t.canonical_url = long_url;
    CHECK_STR(seo_problem(s, &cfg, a, t), "field 'canonical_url': is longer than 2000 bytes [canonical_url]");
    long_url[CANONICAL_URL_MAX_BYTES] = '\0';
    CHECK_STR(seo_problem(s, &cfg, a, t), "ok");

    /* The social image must be in the library. */
    t = in;
    t.social_image_id = 4242;
    CHECK_STR(seo_problem(s, &cfg, a, t), "field 'social_image_id': image 4242 is not in the library [social_image_id]");
    t.social_image_id = -1;
    CHECK_STR(seo_problem(s, &cfg, a, t),
              "field 'social_image_id': must be the id of an image in the library, or 0 [social_image_id]");
    media m = {.hash = SEO_HASH, .format = "jpeg", .width = 1200, .height = 630, .variants = "480 960",
               .bytes = 10, .original_name = "c.jpg", .uploaded_by = "test"};
    bool created;
    CHECK_INT(store_media_add(s, &m, &t.social_image_id, &created), STORE_OK);
    CHECK_STR(seo_problem(s, &cfg, a, t), "ok");

    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

/* Saves the two stories of the copy tests into s: one with every
** override, one with none (NULL social image). False when one fails. */
static bool seo_two_stories(store *s, const config *cfg, arena *a, int64_t *image, int64_t *with, int64_t *without) {
    media m = {.hash = SEO_HASH, .format = "jpeg", .width = 1200, .height = 630, .variants = "480 960",
               .bytes = 10, .original_name = "c.jpg", .uploaded_by = "test"};
    bool created;
    char err[320] = "";
    if (store_media_add(s, &m, image, &created) != STORE_OK) return false;
    article_input in = seo_story("with-overrides");
    in.seo_title = "Cross-engine title";
    in.seo_description = "Cross-engine description";
    in.social_image_id = *image;
    in.canonical_url = "https://wire.example.org/cross";
    article_input plain = seo_story("without-overrides");
    bool ok = save_article(s, cfg, a, &in, with, &created, err, sizeof err) &&
              save_article(s, cfg, a, &plain, without, &created, err, sizeof err);
    if (!ok) fprintf(stderr, "# %s\n", err);
    return ok;
}

/* gazette copy across engines carries the overrides both ways, a story
** without a social image (NULL) included. */
POSTGRES_TEST(store_seo_fields_copied_across_engines) {
    char pg_url[TESTDB_URL_MAX], lite[] = "/tmp/gazette-seo-XXXXXX";
    config cfg;
    config_defaults(&cfg);
    int fd = mkstemp(lite);
    if (fd >= 0) close(fd);
    store *pg = NULL, *sq = fd >= 0 ? seo_open(lite) : NULL;
    if (!sq || !testdb_create(pg_url, sizeof pg_url) || !(pg = seo_open(pg_url))) {
        check_report(0, __FILE__, __LINE__, "a SQLite and a PostgreSQL store", NULL);
        if (sq) store_close(sq);
        config_free(&cfg);
        return;
    }
    arena *a = arena_new();
    int64_t image = 0, with = 0, without = 0;
    char err[512] = "";
    CHECK(seo_two_stories(sq, &cfg, a, &image, &with, &without));
    CHECK_INT(store_copy(sq, pg, false, NULL, NULL, err, sizeof err), STORE_OK);
    article art;
    CHECK_INT(store_article_by_id(pg, a, with, &art), STORE_OK);
    check_seo(&art, "Cross-engine title", "Cross-engine description", image, "https://wire.example.org/cross");
    CHECK_INT(store_article_by_id(pg, a, without, &art), STORE_OK);
    check_seo(&art, "", "", 0, "");
    /* And back, over what SQLite had. */
    CHECK_INT(store_copy(pg, sq, true, NULL, NULL, err, sizeof err), STORE_OK);
    CHECK_INT(store_article_by_id(sq, a, with, &art), STORE_OK);
    check_seo(&art, "Cross-engine title", "Cross-engine description", image, "https://wire.example.org/cross");
    CHECK_INT(store_article_by_id(sq, a, without, &art), STORE_OK);
    check_seo(&art, "", "", 0, "");
    arena_free(a);
    store_close(sq);
    store_close(pg);
    config_free(&cfg);
    testdb_remove(pg_url);
    char path[64];
    static const char *const tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", lite, tails[i]);
        unlink(path);
    }
}
