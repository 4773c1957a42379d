/* An edition's static pages in the store, on both engines: made, found by
** edition and slug (drafts only when asked), listed in the footer's order,
** a slug taken in the same edition refused (another edition's is free),
** an update from a stale version refused and changing nothing, deleted;
** and the change log: a published page's change names its edition (and
** both when it moves), a draft's change names nothing. */
#include "check.h"
#include "testdb.h"

#include "store/store.h"

#include <string.h>

/* The scopes the change log has after generation *after (moved on). */
static void log_since(store *s, arena *a, int64_t *after, char *out, size_t size) {
    content_change *log;
    size_t n;
    bool complete;
    int64_t latest = *after;
    out[0] = '\0';
    if (store_content_log(s, a, *after, 1000, &latest, &log, &n, &complete) != STORE_OK) return;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s", len ? " " : "", log[i].scope ? log[i].scope : "-");
    }
    *after = latest;
}

STORE_TEST(store_static_pages) {
    char url[TESTDB_URL_MAX];
    store *s = testdb_open(url, sizeof url);
    if (!s) return;
    arena *a = arena_new();
    char scopes[256];
    int64_t after = 0, about = 0, contacts = 0, draft = 0, ru = 0, version = 0;
    log_since(s, a, &after, scopes, sizeof scopes);
    static_page in = {.lang = "en", .slug = "about-us", .title = "About us", .description = "Who we are",
                      .body_markdown = "We *write*.", .body_html = "<p>We <em>write</em>.</p>", .published = true,
                      .menu_position = 2, .updated_by = "Eda"};
    CHECK_INT(store_page_add(s, &in, &about), STORE_OK);
    in.slug = "contacts", in.title = "Contacts", in.menu_position = 1;
    CHECK_INT(store_page_add(s, &in, &contacts), STORE_OK);
    log_since(s, a, &after, scopes, sizeof scopes);
    CHECK_STR(scopes, "en en");
    in.slug = "drafted", in.title = "Drafted", in.published = false, in.menu_position = 3;
    CHECK_INT(store_page_add(s, &in, &draft), STORE_OK);
    log_since(s, a, &after, scopes, sizeof scopes);
    CHECK_STR(scopes, ""); /* no reader sees a draft */
    /* The slug is the edition's: taken in en, free in ru. */
    in.slug = "about-us";
    CHECK_INT(store_page_add(s, &in, &draft), STORE_CONFLICT);
    in.lang = "ru", in.title = "О нас", in.published = true, in.menu_position = 1;
    CHECK_INT(store_page_add(s, &in, &ru), STORE_OK);
    CHECK(about > 0 && contacts > about && ru > contacts);

    static_page got;
    CHECK_INT(store_page_by_slug(s, a, "en", "about-us", true, &got), STORE_OK);
    CHECK_STR(got.title, "About us");
    CHECK_STR(got.body_html, "<p>We <em>write</em>.</p>");
    CHECK_STR(got.description, "Who we are");
    CHECK_STR(got.updated_by, "Eda");
    CHECK_INT(got.version, 1);
    CHECK(got.published);
    CHECK_INT(store_page_by_slug(s, a, "en", "drafted", true, &got), STORE_NOT_FOUND);
    CHECK_INT(store_page_by_slug(s, a, "en", "drafted", false, &got), STORE_OK);
    CHECK_INT(store_page_by_slug(s, a, "az", "about-us", false, &got), STORE_NOT_FOUND);
    CHECK_INT(store_page_by_id(s, a, about, &got), STORE_OK);
    CHECK_STR(got.body_markdown, "We *write*.");
    CHECK_INT(store_page_by_id(s, a, 999999, &got), STORE_NOT_FOUND);

    /* Lists: by edition, the footer's order, drafts when asked. */
    static_page *list;
    size_t n;
    CHECK_INT(store_pages(s, a, "en", false, &list, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(list[0].slug, "contacts");
        CHECK_STR(list[1].slug, "about-us");
        CHECK_STR(list[2].slug, "drafted");
        CHECK(list[0].body_html == NULL && list[0].body_markdown == NULL);
    }
    CHECK_INT(store_pages(s, a, "en", true, &list, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK_INT(store_pages(s, a, NULL, true, &list, &n), STORE_OK);
    CHECK_INT(n, 3);
    CHECK_INT(store_pages_menu(s, a, &list, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(list[0].slug, "contacts");
        CHECK_STR(list[2].lang, "ru");
    }

    /* Updates: at the version read, else stale and unchanged. */
    log_since(s, a, &after, scopes, sizeof scopes);
    static_page up = {.lang = "en", .slug = "about-us", .title = "About the Herald", .body_markdown = "New.",
                      .body_html = "<p>New.</p>", .published = true, .menu_position = 2, .updated_by = "Ada"};
    CHECK_INT(store_page_update(s, about, &up, 1, &version), STORE_OK);
    CHECK_INT(version, 2);
    up.title = "Stale title";
    CHECK_INT(store_page_update(s, about, &up, 1, &version), STORE_STALE);
    CHECK_INT(store_page_by_id(s, a, about, &got), STORE_OK);
    CHECK_STR(got.title, "About the Herald");
    CHECK_INT(got.version, 2);
    CHECK_INT(store_page_update(s, 999999, &up, 0, &version), STORE_NOT_FOUND);
    up.slug = "contacts";
    CHECK_INT(store_page_update(s, about, &up, 0, &version), STORE_CONFLICT);
    CHECK_INT(store_page_by_id(s, a, about, &got), STORE_OK);
    CHECK_STR(got.slug, "about-us");
    log_since(s, a, &after, scopes, sizeof scopes);
    CHECK_STR(scopes, "en");
    /* Moving to another edition names both. */
    up.slug = "about-us", up.lang = "az";
    CHECK_INT(store_page_update(s, about, &up, 0, &version), STORE_OK);
    log_since(s, a, &after, scopes, sizeof scopes);
    CHECK(strcmp(scopes, "az en") == 0 || strcmp(scopes, "en az") == 0);
    /* Deleting: gone, once; a draft's deletion names nothing. */
    CHECK_INT(store_page_delete(s, about), STORE_OK);
    CHECK_INT(store_page_delete(s, about), STORE_NOT_FOUND);
    CHECK_INT(store_page_delete(s, draft), STORE_OK);
    log_since(s, a, &after, scopes, sizeof scopes);
    CHECK_STR(scopes, "az");
    CHECK_INT(store_page_by_id(s, a, about, &got), STORE_NOT_FOUND);
    arena_free(a);
    store_close(s);
    testdb_remove(url);
}
