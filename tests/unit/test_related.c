/* Related stories kept with each article (store_related_*), on both
** engines: a list is made when an article is saved, a story saved later
** joins the lists of those it relates to, a list keeps its best
** STORE_RELATED_KEPT, readers see only what they may, an article moved
** to another edition leaves the lists it was on, and a rebuild (what a
** migration asks for) makes every public article's list again. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Saves (or saves again, by slug) a story of edition lang with the tags
** (n of them); its id, or 0. */
static int64_t story(store *s, const config *cfg, const char *lang, const char *slug, const char *title,
                     int64_t when, const char **tags, size_t n) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.category_slug = "world";
    in.title = title;
    in.published_at = when;
    in.status = ARTICLE_PUBLISHED;
    in.tags = tags;
    in.tag_count = n;
    in.body_markdown = "Body of the story.";
    int64_t id = 0;
    bool created = false;
    char err[256] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) {
        fprintf(stderr, "# save %s: %s\n", slug, err);
        id = 0;
    }
    arena_free(a);
    return id;
}

/* The ids readers see under article id (of edition lang), up to 8, in
** order, written into ids; their number. */
static size_t shown(store *s, int64_t id, const char *lang, int64_t *ids) {
    arena *a = arena_new();
    article of = {.id = id, .lang = lang};
    article *items = NULL;
    size_t n = 0;
    CHECK_INT(store_article_related(s, a, &of, STORE_RELATED_MAX, &items, &n), STORE_OK);
    for (size_t i = 0; i < n; i++) ids[i] = items[i].id;
    arena_free(a);
    return n;
}

static bool holds(const int64_t *ids, size_t n, int64_t id) {
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id) return true;
    return false;
}

STORE_TEST(related_lists_are_kept_when_stories_are_saved) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    cfg.languages[1] = strdup("ru");
    cfg.language_count = 2;
    store *s = testdb_open(url, sizeof url);
    if (!s) {
        config_free(&cfg);
        return;
    }
    int64_t now = (int64_t)time(NULL), ids[STORE_RELATED_MAX];
    const char *one[] = {"harbour"}, *two[] = {"harbour", "ferries"};
    int64_t first = story(s, &cfg, "en", "first", "Quorvast ferry timetable", now - 900, one, 1);
    CHECK(first > 0);
    CHECK_INT(shown(s, first, "en", ids), 0);
    /* Saved later, it joins the list of the story it relates to. */
    int64_t second = story(s, &cfg, "en", "second", "Quorvast ferry fares", now - 800, two, 2);
    CHECK_INT(shown(s, first, "en", ids), 1);
    CHECK(ids[0] == second);
    CHECK_INT(shown(s, second, "en", ids), 1);
    CHECK(ids[0] == first);
    /* More of them than a list keeps: it keeps its best, those sharing tags first. */
    char slug[32];
    int64_t alike[12];
    for (int i = 0; i < 12; i++) {
        snprintf(slug, sizeof slug, "alike-%02d", i);
        alike[i] = story(s, &cfg, "en", slug, "Quorvast ferry notice", now - 700 + i, NULL, 0);
        CHECK(alike[i] > 0);
    }
    size_t n = shown(s, first, "en", ids);
    CHECK_INT(n, STORE_RELATED_KEPT);
    CHECK(ids[0] == second);
    /* A scheduled story is on the lists, shown from its time. */
    int64_t later = story(s, &cfg, "en", "later", "Quorvast ferry strike", now + 3600, two, 2);
    n = shown(s, first, "en", ids);
    CHECK(!holds(ids, n, later));
    CHECK(ids[0] == second);
    /* Moved to another edition, a story leaves the lists it was on. */
    arena *a = arena_new();
    article_input in = {.lang = "ru", .slug = "second", .category_slug = "world", .title = "Quorvast ferry fares",
                        .published_at = now - 800, .status = ARTICLE_PUBLISHED, .tags = two, .tag_count = 2,
                        .body_markdown = "Body of the story."};
    article_problem p;
    CHECK(article_update(s, &cfg, a, second, &in, &p));
    arena_free(a);
    n = shown(s, first, "en", ids);
    CHECK(!holds(ids, n, second));
    /* A rebuild makes them all again, and says they are made. */
    CHECK_INT(store_related_mark(s, false), STORE_OK);
    CHECK(store_related_stale(s));
    int64_t made = 0;
    CHECK_INT(store_related_rebuild(s, &made), STORE_OK);
    CHECK(!store_related_stale(s));
    CHECK(made >= 14);
    n = shown(s, first, "en", ids); /* the scheduled story is kept first, not yet shown */
    CHECK_INT(n, STORE_RELATED_KEPT - 1);
    CHECK(!holds(ids, n, first));
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
