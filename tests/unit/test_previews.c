/* Preview links in the store, on both engines: a link is found by its
** token's hash while it lives, not after its end, not once revoked, not
** by another hash; the newsroom's list shows the live ones newest first;
** a revoke is for that article's live link only; deleting the article
** takes its links. And the tokens: their shape, their hash. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "site/preview.h"
#include "store/store.h"

#include <string.h>
#include <time.h>

static int64_t put_story(store *s, const config *cfg, const char *slug) {
    arena *a = arena_new();
    article_input in = {.lang = "en", .slug = slug, .category_slug = "news", .title = "Previewed",
                        .published_at = (int64_t)time(NULL) - 60, .status = ARTICLE_DRAFT, .body_markdown = "Text."};
    int64_t id = 0;
    bool created;
    char err[320] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) check_report(0, __FILE__, __LINE__, "a saved draft", err);
    arena_free(a);
    return id;
}

TEST(preview_tokens) {
    char token[PREVIEW_TOKEN_CHARS + 1], other[PREVIEW_TOKEN_CHARS + 1];
    unsigned char h1[PREVIEW_HASH_BYTES], h2[PREVIEW_HASH_BYTES], again[PREVIEW_HASH_BYTES];
    CHECK(preview_token_new(token, h1));
    CHECK(preview_token_new(other, h2));
    CHECK_INT(strlen(token), PREVIEW_TOKEN_CHARS);
    CHECK(strcmp(token, other) != 0);
    CHECK(memcmp(h1, h2, sizeof h1) != 0);
    CHECK(preview_token_hash(token, again));
    CHECK(memcmp(h1, again, sizeof h1) == 0);
    char bad[PREVIEW_TOKEN_CHARS + 2];
    memcpy(bad, token, sizeof token);
    bad[5] = '/';
    CHECK(!preview_token_hash(bad, again));
    bad[5] = '=';
    CHECK(!preview_token_hash(bad, again));
    CHECK(!preview_token_hash("", again));
    CHECK(!preview_token_hash(NULL, again));
    memcpy(bad, token, sizeof token);
    bad[PREVIEW_TOKEN_CHARS] = 'A';
    bad[PREVIEW_TOKEN_CHARS + 1] = '\0';
    CHECK(!preview_token_hash(bad, again));
}

STORE_TEST(store_preview_links) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = testdb_open(url, sizeof url);
    if (!s) {
        config_free(&cfg);
        return;
    }
    arena *a = arena_new();
    int64_t story = put_story(s, &cfg, "previewed"), other = put_story(s, &cfg, "another");
    unsigned char h1[PREVIEW_HASH_BYTES], h2[PREVIEW_HASH_BYTES], h3[PREVIEW_HASH_BYTES];
    char t[PREVIEW_TOKEN_CHARS + 1];
    CHECK(preview_token_new(t, h1) && preview_token_new(t, h2) && preview_token_new(t, h3));
    int64_t now = 1000000, l1 = 0, l2 = 0, l3 = 0, found = 0;
    CHECK_INT(store_preview_add(s, story, h1, sizeof h1, "Ed", now, now + 3600, &l1), STORE_OK);
    CHECK_INT(store_preview_add(s, story, h2, sizeof h2, "Öz", now + 1, now + 60, &l2), STORE_OK);
    CHECK_INT(store_preview_add(s, other, h3, sizeof h3, "Ed", now, now + 3600, &l3), STORE_OK);
    CHECK(l1 > 0 && l2 > l1 && l3 > l2);
    CHECK_INT(store_preview_find(s, h1, sizeof h1, now + 10, &found), STORE_OK);
    CHECK_INT(found, story);
    CHECK_INT(store_preview_find(s, h3, sizeof h3, now + 10, &found), STORE_OK);
    CHECK_INT(found, other);
    /* Ended: at its time and after. */
    CHECK_INT(store_preview_find(s, h2, sizeof h2, now + 60, &found), STORE_NOT_FOUND);
    preview_link *list;
    size_t n;
    CHECK_INT(store_previews(s, a, story, now + 10, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(list[0].id, l2);
        CHECK_STR(list[0].created_by, "Öz");
        CHECK_INT(list[1].expires_at, now + 3600);
    }
    CHECK_INT(store_previews(s, a, story, now + 61, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    /* Revoked: only that article's live link, once. */
    CHECK_INT(store_preview_revoke(s, other, l1, now + 20), STORE_NOT_FOUND);
    CHECK_INT(store_preview_revoke(s, story, l2, now + 120), STORE_NOT_FOUND); /* ended already */
    CHECK_INT(store_preview_revoke(s, story, l1, now + 20), STORE_OK);
    CHECK_INT(store_preview_revoke(s, story, l1, now + 21), STORE_NOT_FOUND);
    CHECK_INT(store_preview_find(s, h1, sizeof h1, now + 30, &found), STORE_NOT_FOUND);
    CHECK_INT(store_previews(s, a, story, now + 30, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    /* Another hash finds nothing. */
    unsigned char none[PREVIEW_HASH_BYTES] = {0};
    CHECK_INT(store_preview_find(s, none, sizeof none, now, &found), STORE_NOT_FOUND);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
