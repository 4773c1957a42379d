/*
** Tags in the SQLite store: a tag page's name and count (store_tag_by_slug).
** The list of a tag's articles is sqlite.c's (S_LIST_TAG_SLUG).
*/
#include "sqlite_internal.h"

enum tag_stmt { G_NAME, G_COUNT, G_COUNT_OF };
_Static_assert(G_COUNT_OF <= SQLITE_TAG_SLOTS, "raise SQLITE_TAG_SLOTS");

/* The tag's text most of the edition's visible articles with its slug
** use, and how many articles those are. */
static const char *const tag_sql[G_COUNT_OF] = {
    [G_NAME] = "SELECT t.tag FROM article_tags t JOIN articles a ON a.id = t.article_id"
               " WHERE t.tag_slug = ?1 AND a.lang = ?2 AND a.status = 1 AND a.published_at <= ?3"
               " GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT 1",
    [G_COUNT] = "SELECT count(*) FROM articles a"
                " WHERE a.lang = ?2 AND a.status = 1 AND a.published_at <= ?3"
                " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_slug = ?1)",
};

/* Binds a tag statement's slug, edition and now. */
static sqlite3_stmt *bound(connection *c, enum tag_stmt id, const char *lang, const char *tag_slug) {
    sqlite3_stmt *st = sqlite_stmt(c, SQLITE_TAG_FIRST + (int)id, tag_sql[id]);
    sqlite_bind_text(st, 1, tag_slug);
    sqlite_bind_text(st, 2, lang);
    sqlite3_bind_int64(st, 3, sqlite_now());
    return st;
}

int sqlite_tag_by_slug(store *s, arena *a, const char *lang, const char *tag_slug, const char **name,
                       int64_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = bound(c, G_NAME, lang, tag_slug);
    int rc = sqlite_step_one(c, st, "find tag");
    if (rc != STORE_OK) return rc;
    *name = sqlite_column_text(a, st, 0);
    sqlite3_reset(st);
    st = bound(c, G_COUNT, lang, tag_slug);
    if ((rc = sqlite_step_one(c, st, "count tag")) != STORE_OK) return rc == STORE_NOT_FOUND ? STORE_ERROR : rc;
    *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}
