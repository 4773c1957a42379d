/*
** Keeping related stories (store.h): when to make an article's list and
** how every list is made after a migration, in terms of the backends'
** operations (related_compute ranks, related_put keeps), so that no
** engine is named here.
*/
#include "store_backend.h"

#include <string.h>

/* Makes and keeps the list of article of, when it is public. */
static int refresh(store *s, arena *a, const article *of, bool public) {
    if (!public) return STORE_OK;
    related_score *items;
    size_t n;
    int rc = store_related_compute(s, a, of, &items, &n);
    return rc != STORE_OK ? rc : store_related_put(s, of->id, items, n);
}

int store_related_refresh(store *s, int64_t id) {
    arena *a = arena_new();
    article of;
    int rc = store_article_by_id(s, a, id, &of);
    if (rc == STORE_OK) rc = refresh(s, a, &of, of.status == ARTICLE_PUBLISHED && !of.deleted_at);
    arena_free(a);
    return rc;
}

typedef struct rebuild {
    store *store;
    int64_t made;
    int rc;
} rebuild;

/* store_articles_each's callback: one article's list, in an arena of its own. */
static bool rebuild_one(void *ctx, int64_t id, const article_input *in) {
    rebuild *r = ctx;
    arena *a = arena_new();
    article of = {.id = id, .lang = in->lang, .title = in->title, .subtitle = in->subtitle};
    bool public = in->status == ARTICLE_PUBLISHED;
    r->rc = refresh(r->store, a, &of, public);
    arena_free(a);
    if (public && r->rc == STORE_OK) r->made++;
    return r->rc == STORE_OK;
}

int store_related_rebuild(store *s, int64_t *made) {
    rebuild r = {.store = s, .rc = STORE_OK};
    *made = 0;
    int rc = store_begin(s);
    if (rc != STORE_OK) return rc;
    rc = store_articles_each(s, rebuild_one, &r);
    if (rc == STORE_OK) rc = r.rc;
    if (rc == STORE_OK) rc = store_related_mark(s, true);
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) {
        store_rollback(s);
        return rc;
    }
    *made = r.made;
    return STORE_OK;
}
