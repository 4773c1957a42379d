/* Images' alt texts and credits on both engines (store_media_describe,
** migration 12), the lead image's own alt text, and what article_prepare
** makes of the library's images in a body: figures with their variants,
** and the rule that a published body image has alt text. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define HASH "00112233445566778899aabbccddeeff"

/* A store on url, or NULL with a note. */
static store *open_at(const char *url) {
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    if (!s) fprintf(stderr, "# store_open: %s\n", err);
    return s;
}

/* An article of the English edition with body md, published or a draft. */
static article_input story(const char *slug, const char *md, bool published) {
    article_input in = {0};
    in.lang = "en";
    in.slug = slug;
    in.category_slug = "world";
    in.title = slug;
    in.published_at = (int64_t)time(NULL) - 60;
    in.status = published ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    in.workflow = published ? WF_PUBLISHED : WF_DRAFT;
    in.body_markdown = md;
    return in;
}

STORE_TEST(store_media_alt_credit_and_body_figures) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = NULL;
    if (!testdb_create(url, sizeof url) || !(s = open_at(url))) {
        check_report(0, __FILE__, __LINE__, "a store on a fresh database", NULL);
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    arena *a = arena_new();
    media m = {.hash = HASH, .format = "jpeg", .width = 1800, .height = 1200, .variants = "480 960 1600",
               .bytes = 1000, .original_name = "ferry.jpg", .uploaded_by = "test"};
    int64_t id = 0;
    bool created = false;
    CHECK_INT(store_media_add(s, &m, &id, &created), STORE_OK);
    media got;
    CHECK_INT(store_media_by_id(s, a, id, &got), STORE_OK);
    CHECK_STR(got.alt, "");
    CHECK_STR(got.credit, "");
    CHECK_INT(store_media_describe(s, id + 100, "x", "y"), STORE_NOT_FOUND);

    /* Without alt text: a draft saves, publishing is refused naming it. */
    const char *md = "Words.\n\n![](/media/" HASH "-960.jpg \"At the quay\")\n";
    article_input in = story("ferry-draft", md, false);
    int64_t article_id = 0;
    char err[320] = "";
    CHECK(save_article(s, &cfg, a, &in, &article_id, &created, err, sizeof err));
    in = story("ferry-published", md, true);
    CHECK(!save_article(s, &cfg, a, &in, &article_id, &created, err, sizeof err));
    CHECK_STR(err, "body: image 1 (ferry.jpg) has no alt text; describe it before publishing");

    /* With the library's default alt text and credit it publishes. */
    CHECK_INT(store_media_describe(s, id, "A white ferry", "Photo: R. Mammadov"), STORE_OK);
    CHECK_INT(store_media_by_hash(s, a, HASH, &got), STORE_OK);
    CHECK_STR(got.alt, "A white ferry");
    CHECK_STR(got.credit, "Photo: R. Mammadov");
    in = story("ferry-published", md, true);
    in.lead_image_id = id;
    in.lead_image_alt = "The ferry from above";
    CHECK(save_article(s, &cfg, a, &in, &article_id, &created, err, sizeof err));
    CHECK(strstr(in.body_html, "<figure class=\"body-figure\"><img src=\"/media/" HASH "-960.jpg\" srcset=\"/media/" HASH
                               "-480.jpg 480w, /media/" HASH "-960.jpg 960w, /media/" HASH "-1600.jpg 1600w\"") != NULL);
    CHECK(strstr(in.body_html, "width=\"1800\" height=\"1200\" alt=\"A white ferry\" loading=\"lazy\"") != NULL);
    CHECK(strstr(in.body_html, "<figcaption>At the quay <span class=\"credit\">Photo: R. Mammadov</span></figcaption>") !=
          NULL);
    article art;
    CHECK_INT(store_article_by_id(s, a, article_id, &art), STORE_OK);
    CHECK_STR(art.lead_image_alt, "The ferry from above");
    CHECK_INT(store_article_by_slug(s, a, "en", "ferry-published", &art), STORE_OK);
    CHECK_STR(art.lead_image_alt, "The ferry from above");
    CHECK(strstr(art.body_html, "Photo: R. Mammadov") != NULL);

    /* The site's address before /media/ is the site's image too; an
    ** unknown hash is any other picture. */
    char *own_base = cfg.base_url, site_base[] = "https://news.example.com";
    cfg.base_url = site_base;
    in = story("ferry-absolute", "![Ferry](https://news.example.com/media/" HASH ".jpg)\n\n"
                                 "![Other](/media/ffffffffffffffffffffffffffffffff-960.jpg)", true);
    CHECK(save_article(s, &cfg, a, &in, &article_id, &created, err, sizeof err));
    CHECK(strstr(in.body_html, "srcset=\"/media/" HASH "-480.jpg 480w") != NULL);
    CHECK(strstr(in.body_html, "<img src=\"/media/ffffffffffffffffffffffffffffffff-960.jpg\" class=\"external\"") != NULL);
    cfg.base_url = own_base;

    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
