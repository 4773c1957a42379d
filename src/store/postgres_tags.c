/*
** Tags in the PostgreSQL store: a tag page's name and count
** (store_tag_by_slug, as sqlite_tags.c), and the slugs of the tags saved
** before tag pages came (PostgreSQL has no slugify(): filled when the
** store opens). The list of a tag's articles is postgres_articles.c's.
*/
#include "postgres_internal.h"
#include "../core/urls.h"

#include <stdio.h>

enum tag_stmt { G_NAME, G_COUNT, G_UNSLUGGED, G_FILL, G_COUNT_OF };
_Static_assert(G_COUNT_OF <= PG_TAG_SLOTS, "raise PG_TAG_SLOTS");

static const char *const tag_sql[G_COUNT_OF] = {
    [G_NAME] = "SELECT t.tag FROM article_tags t JOIN articles a ON a.id = t.article_id"
               " WHERE t.tag_slug = $1 AND a.lang = $2 AND a.status = 1 AND a.published_at <= $3"
               " GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT 1",
    [G_COUNT] = "SELECT count(*) FROM articles a"
                " WHERE a.lang = $2 AND a.status = 1 AND a.published_at <= $3"
                " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_slug = $1)",
    [G_UNSLUGGED] = "SELECT DISTINCT tag FROM article_tags WHERE tag_slug IS NULL LIMIT 1000",
    [G_FILL] = "UPDATE article_tags SET tag_slug = $2 WHERE tag = $1 AND tag_slug IS NULL",
};

/* Runs a statement of this file with p: its result, or NULL with *rc. */
static PGresult *query(pg_conn *c, enum tag_stmt id, const pg_params *p, int *rc, const char *what) {
    return pg_query(c, PG_TAG_FIRST + (int)id, tag_sql[id], p, rc, what);
}

int postgres_tag_by_slug(store *s, arena *a, const char *lang, const char *tag_slug, const char **name,
                         int64_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, tag_slug);
    pg_text(&p, lang);
    pg_int(&p, pg_now());
    int rc;
    PGresult *r = query(c, G_NAME, &p, &rc, "find tag");
    if (!r) return rc;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return STORE_NOT_FOUND;
    }
    *name = pg_get_text(a, r, 0, 0);
    PQclear(r);
    if (!(r = query(c, G_COUNT, &p, &rc, "count tag"))) return rc;
    *count = PQntuples(r) ? pg_get_int(r, 0, 0) : 0;
    PQclear(r);
    return STORE_OK;
}

int postgres_tags_fill(pg_conn *c) {
    arena *a = arena_new();
    int rc = STORE_OK;
    /* A thousand tags at a time, until none is left without its slug. */
    for (;;) {
        PGresult *r = query(c, G_UNSLUGGED, NULL, &rc, "tags without slugs");
        if (!r) break;
        int n = PQntuples(r);
        for (int i = 0; i < n && rc == STORE_OK; i++) {
            const char *tag = pg_get_text(a, r, i, 0);
            pg_params p = {0};
            pg_text(&p, tag);
            pg_text(&p, urls_tag_slug(a, tag));
            rc = pg_exec(c, PG_TAG_FIRST + G_FILL, tag_sql[G_FILL], &p, NULL, "fill a tag's slug");
        }
        PQclear(r);
        if (rc != STORE_OK || n == 0) break;
    }
    arena_free(a);
    return rc;
}
