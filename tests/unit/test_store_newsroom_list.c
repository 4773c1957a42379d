/* The newsroom's list (store_articles_newsroom) on both engines: each
** filter, both orders each way, keyset pages through ties without a skip
** or a repeat, words through the search index in drafts and published
** articles alike (Cyrillic and Azerbaijani case-insensitive, stemmed), the
** public search left blind to drafts, and the trash's index. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "search/query.h"
#include "search/thread_tokenizer.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Saves an article; its id, or 0. */
static int64_t put(store *s, const config *cfg, const char *lang, const char *slug, const char *title,
                   const char *body, const char *category_slug, const char *author, int64_t when,
                   article_workflow workflow) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.title = title;
    in.category_slug = category_slug;
    in.author = author;
    in.published_at = when;
    in.workflow = workflow;
    in.status = workflow == WF_PUBLISHED || workflow == WF_SCHEDULED ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    in.body_markdown = body;
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

/* The ids of one page of f, in order, into ids (at most max); their
** number, or -1 on a failure. *more and the last item's key as the list
** gives them. */
static int page_of(store *s, const newsroom_filter *f, int64_t *ids, int max, bool *more, int64_t *key, int64_t *last) {
    arena *a = arena_new();
    newsroom_page p;
    int rc = store_articles_newsroom(s, a, f, &p);
    int n = rc == STORE_OK ? (int)p.count : -1;
    for (int i = 0; i < n && i < max; i++) ids[i] = p.items[i].article.id;
    if (more) *more = rc == STORE_OK && p.more;
    if (n > 0 && key) {
        const article *end = &p.items[n - 1].article;
        *key = f->sort == NEWSROOM_BY_UPDATED ? end->updated_at : end->published_at;
        *last = end->id;
    }
    arena_free(a);
    return n;
}

/* Every id of f, following pages of `size`, into ids; their number. */
static int all_pages(store *s, newsroom_filter f, int size, int64_t *ids, int max) {
    int n = 0;
    f.limit = size;
    f.from_position = false;
    for (int pages = 0; pages < 100; pages++) {
        bool more;
        int64_t key = 0, last = 0;
        int got = page_of(s, &f, ids + n, max - n, &more, &key, &last);
        if (got < 0) return -1;
        n += got;
        if (!more) return n;
        f.from_position = true;
        f.position_key = key;
        f.position_id = last;
    }
    return -1;
}

/* A filter on the words of q in the given editions. */
static newsroom_filter with_text(arena *a, const char *q, const char *const *langs, size_t n) {
    newsroom_filter f = {.limit = 50};
    newsroom_text *text = arena_zalloc(a, n * sizeof *text);
    for (size_t i = 0; i < n; i++)
        text[i] = (newsroom_text){langs[i], search_query_build(a, search_thread_tokenizer(langs[i]), q, NULL)};
    f.text = text;
    f.text_count = n;
    return f;
}

/* The number of hits of q in edition lang's public search. */
static int64_t public_hits(store *s, const char *lang, const char *q) {
    arena *a = arena_new();
    search_hit *hits;
    size_t n;
    search_totals t;
    search_query *query = search_query_build(a, search_thread_tokenizer(lang), q, NULL);
    int rc = store_search(s, a, lang, query, 0, 20, &hits, &n, &t);
    arena_free(a);
    return rc == STORE_OK ? (int64_t)n : -1;
}

STORE_TEST(newsroom_list_filters_orders_pages_and_words) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    cfg.languages[1] = strdup("ru");
    cfg.languages[2] = strdup("az");
    cfg.language_count = 3;
    store *s = testdb_open(url, sizeof url);
    if (!s) {
        config_free(&cfg);
        return;
    }
    const int64_t day = 86400, base = 1700000000;
    /* Five stories on one date (ties), others apart. */
    int64_t tied[5];
    char slug[32];
    for (int i = 0; i < 5; i++) {
        snprintf(slug, sizeof slug, "tied-%d", i);
        tied[i] = put(s, &cfg, "en", slug, slug, "Nothing much.", "news", "Tie Desk", base, i % 2 ? WF_DRAFT : WF_PUBLISHED);
    }
    int64_t ferry = put(s, &cfg, "en", "ferry", "Ferry timetables", "The islands' boats.", "transport", "Nigar Aliyeva",
                        base - 3 * day, WF_DRAFT);
    int64_t review = put(s, &cfg, "en", "review", "For review", "Text.", "news", "Nigar Aliyeva", base - 2 * day, WF_REVIEW);
    int64_t ru = put(s, &cfg, "ru", "parom", "ПАРОМ в Баку", "Новое РАСПИСАНИЕ.", "transport", "Редакция", base - day, WF_DRAFT);
    int64_t az = put(s, &cfg, "az", "bere", "Bərə Şəkiyə", "İSMAYILLI yolu.", "transport", "Redaksiya", base - day, WF_PUBLISHED);
    CHECK(tied[4] && ferry && review && ru && az);
    arena *a = arena_new();
    int64_t ids[64];

    /* Filters. */
    newsroom_filter f = {.limit = 50, .workflow = WF_REVIEW};
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    CHECK_INT(ids[0], review);
    f = (newsroom_filter){.limit = 50, .lang = "ru"};
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    CHECK_INT(ids[0], ru);
    f = (newsroom_filter){.limit = 50, .category_slug = "transport"};
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 3);
    f = (newsroom_filter){.limit = 50, .author_slug = "nigar-aliyeva", .sort = NEWSROOM_BY_PUBLISHED, .ascending = true};
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 2);
    CHECK_INT(ids[0], ferry);
    CHECK_INT(ids[1], review);
    f = (newsroom_filter){.limit = 50, .workflow = WF_DRAFT, .author_slug = "tie-desk"};
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 2);

    /* Orders, and keyset pages through the tie: no skip, no repeat. */
    f = (newsroom_filter){.author_slug = "tie-desk", .sort = NEWSROOM_BY_PUBLISHED};
    int n = all_pages(s, f, 2, ids, 64);
    CHECK_INT(n, 5);
    for (int i = 0; i < n && i < 5; i++) CHECK_INT(ids[i], tied[4 - i]);
    f.ascending = true;
    n = all_pages(s, f, 2, ids, 64);
    CHECK_INT(n, 5);
    for (int i = 0; i < n && i < 5; i++) CHECK_INT(ids[i], tied[i]);
    f = (newsroom_filter){.sort = NEWSROOM_BY_UPDATED};
    int64_t by_change[64];
    int all = all_pages(s, f, 3, by_change, 64);
    CHECK_INT(all, 9);
    f.ascending = true;
    CHECK_INT(all_pages(s, f, 4, ids, 64), all);
    for (int i = 0; i < all; i++) CHECK_INT(ids[i], by_change[all - 1 - i]);
    f = (newsroom_filter){.limit = 9};
    bool more = true;
    CHECK_INT(page_of(s, &f, ids, 64, &more, NULL, NULL), 9);
    CHECK(!more);
    f.limit = 8;
    CHECK_INT(page_of(s, &f, ids, 64, &more, NULL, NULL), 8);
    CHECK(more);

    /* Words: stemmed, any order, drafts too, each edition's own stemming. */
    const char *en[] = {"en"}, *every[] = {"en", "ru", "az"}, *rus[] = {"ru"};
    f = with_text(a, "timetable FERRY", every, 3);
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    CHECK_INT(ids[0], ferry);
    f = with_text(a, "паром", every, 3);
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    CHECK_INT(ids[0], ru);
    f = with_text(a, "РАСПИСАНИЕ паромы", rus, 1);
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    f = with_text(a, "ŞƏKİYƏ", every, 3);
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    CHECK_INT(ids[0], az);
    f = with_text(a, "ismayıllı", every, 3);
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    f = with_text(a, "паром", en, 1);
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 0);
    f = with_text(a, "ferry", every, 3);
    f.workflow = WF_PUBLISHED;
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 0);
    /* The public search never sees a draft. */
    CHECK_INT(public_hits(s, "en", "ferry"), 0);
    CHECK_INT(public_hits(s, "ru", "паром"), 0);
    CHECK_INT(public_hits(s, "az", "bərə"), 1);

    /* The trash: out of the list, in the trash's, still found by its words. */
    CHECK_INT(store_article_trash(s, az, true), STORE_OK);
    f = with_text(a, "bərə", every, 3);
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 0);
    f.trash = true;
    CHECK_INT(page_of(s, &f, ids, 64, NULL, NULL, NULL), 1);
    CHECK_INT(ids[0], az);
    CHECK_INT(public_hits(s, "az", "bərə"), 0);

    arena_free(a);
    store_close(s);
    testdb_remove(url);
    config_free(&cfg);
}

STORE_TEST(newsroom_categories_tags_and_media_housekeeping) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = testdb_open(url, sizeof url);
    if (!s) {
        config_free(&cfg);
        return;
    }
    int64_t empty, used;
    CHECK_INT(store_category_ensure(s, "empty", &empty), STORE_OK);
    int64_t story = put(s, &cfg, "en", "one", "One", "Text.", "used", "Desk", 1700000000, WF_DRAFT);
    CHECK_INT(store_category_find(s, "used", &used), STORE_OK);
    CHECK_INT(store_category_delete(s, used), STORE_CONFLICT);
    CHECK_INT(store_category_find(s, "used", &used), STORE_OK);
    CHECK_INT(store_category_delete(s, empty), STORE_OK);
    CHECK_INT(store_category_delete(s, empty), STORE_NOT_FOUND);
    CHECK(story > 0);

    media m = {.hash = "0123456789abcdef0123456789abcdef", .format = "jpeg", .width = 10, .height = 10,
               .variants = "480", .bytes = 100, .original_name = "a.jpg", .uploaded_by = "test"};
    int64_t first, second;
    bool created;
    CHECK_INT(store_media_add(s, &m, &first, &created), STORE_OK);
    m.hash = "fedcba9876543210fedcba9876543210";
    CHECK_INT(store_media_add(s, &m, &second, &created), STORE_OK);
    arena *a = arena_new();
    media *list;
    size_t n;
    CHECK_INT(store_media_page(s, a, 0, 1, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(n ? list[0].id : 0, second);
    CHECK_INT(store_media_page(s, a, second, 10, &list, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(n ? list[0].id : 0, first);
    CHECK_INT(store_media_file_put(s, "fedcba9876543210fedcba9876543210-480.webp", "x", 1), STORE_OK);
    CHECK_INT(store_media_delete(s, second), STORE_OK);
    int64_t size;
    CHECK_INT(store_media_file_size(s, "fedcba9876543210fedcba9876543210-480.webp", &size), STORE_NOT_FOUND);
    CHECK_INT(store_media_delete(s, second), STORE_NOT_FOUND);
    CHECK_INT(store_media_delete(s, first), STORE_OK);
    arena_free(a);
    store_close(s);
    testdb_remove(url);
    config_free(&cfg);
}
