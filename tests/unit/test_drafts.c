/* The editor's autosaved drafts and presence in the store, one scenario on
** both engines: a draft per person and article (0: new), replaced by a
** put, forgotten by a delete and, for every person, by the trash; a
** heartbeat's sweep of stale tabs, the one holder an article has, take
** over, leaving, and a person's tabs bounded. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Saves a published article; its id, or 0. */
static int64_t put_article(store *s, const config *cfg) {
    arena *a = arena_new();
    article_input in = {.lang = "en", .slug = "drafted", .category_slug = "news", .title = "Drafted",
                        .published_at = (int64_t)time(NULL) - 60, .status = ARTICLE_PUBLISHED,
                        .body_markdown = "Text."};
    int64_t id = 0;
    bool created;
    char err[320] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) check_report(0, __FILE__, __LINE__, "a saved article", err);
    arena_free(a);
    return id;
}

/* Drafts: put, get, replace, delete; the trash drops an article's. */
static void drafts_alike(store *s, arena *a, int64_t alice, int64_t bob, int64_t story) {
    article_draft d;
    CHECK_INT(store_draft_get(s, a, alice, story, &d), STORE_NOT_FOUND);
    article_draft one = {.user_id = alice, .article_id = story, .fields = "{\"title\":\"Ä one\"}", .base_version = 3,
                         .saved_at = 1000};
    CHECK_INT(store_draft_put(s, &one), STORE_OK);
    article_draft two = {.user_id = alice, .article_id = story, .fields = "{\"title\":\"two\"}", .base_version = 4,
                         .saved_at = 2000};
    CHECK_INT(store_draft_put(s, &two), STORE_OK);
    CHECK_INT(store_draft_get(s, a, alice, story, &d), STORE_OK);
    CHECK_STR(d.fields, "{\"title\":\"two\"}");
    CHECK_INT(d.base_version, 4);
    CHECK_INT(d.saved_at, 2000);
    CHECK_INT(store_draft_get(s, a, bob, story, &d), STORE_NOT_FOUND);
    article_draft fresh = {.user_id = alice, .article_id = 0, .fields = "{}", .base_version = 0, .saved_at = 3000};
    CHECK_INT(store_draft_put(s, &fresh), STORE_OK);
    article_draft theirs = {.user_id = bob, .article_id = story, .fields = "{\"b\":\"1\"}", .base_version = 4,
                            .saved_at = 2500};
    CHECK_INT(store_draft_put(s, &theirs), STORE_OK);
    CHECK_INT(store_draft_delete(s, bob, story), STORE_OK);
    CHECK_INT(store_draft_delete(s, bob, story), STORE_OK); /* none: still fine */
    CHECK_INT(store_draft_get(s, a, alice, story, &d), STORE_OK);
    CHECK_INT(store_draft_put(s, &theirs), STORE_OK);
    CHECK_INT(store_article_trash(s, story, true), STORE_OK);
    CHECK_INT(store_draft_get(s, a, alice, story, &d), STORE_NOT_FOUND);
    CHECK_INT(store_draft_get(s, a, bob, story, &d), STORE_NOT_FOUND);
    CHECK_INT(store_draft_get(s, a, alice, 0, &d), STORE_OK); /* a new article's is no article's */
    CHECK_INT(store_article_trash(s, story, false), STORE_OK);
}

/* The tab of user in list, or NULL. */
static const presence *find(const presence *list, size_t n, int64_t user, const char *tab) {
    for (size_t i = 0; i < n; i++)
        if (list[i].user_id == user && strcmp(list[i].tab, tab) == 0) return &list[i];
    return NULL;
}

/* Presence: first holds, take over moves it, stale tabs and leavers go. */
static void presence_alike(store *s, arena *a, int64_t alice, int64_t bob, int64_t story) {
    presence *list;
    size_t n;
    int64_t now = 100000;
    CHECK_INT(store_presence_beat(s, a, story, alice, "alice-tab-1", now, now - 30, 8, false, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK(n == 1 && list[0].holder && list[0].held_since == now);
    if (n == 1) CHECK_STR(list[0].user_name, "Alice");
    CHECK_INT(store_presence_beat(s, a, story, bob, "bob-tab-1", now + 1, now - 29, 8, false, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    const presence *b = find(list, n, bob, "bob-tab-1"), *al = find(list, n, alice, "alice-tab-1");
    CHECK(b && !b->holder);
    CHECK(al && al->holder);
    CHECK(n == 2 && list[0].user_id == alice); /* the holder first */
    /* Bob takes over: one holder, him. */
    CHECK_INT(store_presence_beat(s, a, story, bob, "bob-tab-1", now + 2, now - 28, 8, true, &list, &n), STORE_OK);
    b = find(list, n, bob, "bob-tab-1");
    al = find(list, n, alice, "alice-tab-1");
    CHECK(b && b->holder && b->held_since == now + 2);
    CHECK(al && !al->holder);
    /* Alice's next beat does not take it back. */
    CHECK_INT(store_presence_beat(s, a, story, alice, "alice-tab-1", now + 3, now - 27, 8, false, &list, &n), STORE_OK);
    CHECK((al = find(list, n, alice, "alice-tab-1")) && !al->holder);
    /* Bob falls silent: 31 s on, his tab is swept and Alice holds it again. */
    CHECK_INT(store_presence_beat(s, a, story, alice, "alice-tab-1", now + 33, now + 3, 8, false, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK(n == 1 && list[0].user_id == alice && list[0].holder);
    /* Leaving is at once. */
    CHECK_INT(store_presence_beat(s, a, story, bob, "bob-tab-1", now + 34, now + 4, 8, false, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_INT(store_presence_leave(s, alice, "alice-tab-1"), STORE_OK);
    CHECK_INT(store_presence_beat(s, a, story, bob, "bob-tab-1", now + 35, now + 5, 8, false, &list, &n), STORE_OK);
    CHECK(n == 1 && list[0].user_id == bob && list[0].holder);
    /* At most three tabs of Alice: the beating one always stays. */
    char tab[32];
    for (int i = 0; i < 6; i++) {
        snprintf(tab, sizeof tab, "alice-many-%d", i);
        CHECK_INT(store_presence_beat(s, a, story, alice, tab, now + 36 + i, now + 6, 3, false, &list, &n), STORE_OK);
        CHECK(find(list, n, alice, tab) != NULL);
    }
    CHECK_INT(n, 4); /* three of hers and Bob's */
    CHECK(find(list, n, alice, "alice-many-5") && find(list, n, alice, "alice-many-4") &&
          find(list, n, alice, "alice-many-3") && !find(list, n, alice, "alice-many-2"));
    /* A tab that opens another article lets go of this one. */
    CHECK_INT(store_presence_beat(s, a, story + 1000, bob, "bob-tab-1", now + 50, now + 20, 8, false, &list, &n), STORE_OK);
    CHECK(n == 1 && list[0].holder);
    CHECK_INT(store_presence_beat(s, a, story, alice, "alice-many-5", now + 51, now + 21, 3, false, &list, &n), STORE_OK);
    CHECK((al = find(list, n, alice, "alice-many-5")) && al->holder);
    CHECK(find(list, n, bob, "bob-tab-1") == NULL);
}

STORE_TEST(store_drafts_and_presence) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = testdb_open(url, sizeof url);
    if (!s) {
        config_free(&cfg);
        return;
    }
    arena *a = arena_new();
    int64_t alice = 0, bob = 0;
    CHECK_INT(store_user_add(s, "alice@example.com", "Alice", ROLE_EDITOR, "h", &alice), STORE_OK);
    CHECK_INT(store_user_add(s, "bob@example.com", "Bob", ROLE_EDITOR, "h", &bob), STORE_OK);
    int64_t story = put_article(s, &cfg);
    CHECK(story > 0);
    drafts_alike(s, a, alice, bob, story);
    presence_alike(s, a, alice, bob, story);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
