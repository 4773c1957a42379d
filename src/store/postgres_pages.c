/*
** A reader's article page on PostgreSQL in one round trip
** (store_article_page): two statements, sent in one pipeline with the
** read transaction's BEGIN when it is still to be sent.
**
** What the server spends on a page is mostly each statement's own cost
** (binding a cached plan, locking its tables, starting and ending its
** executor), not reading rows; so the page asks as little as it can:
**   - the article, with its tags and translations as JSON arrays and the
**     content version in the same row (no statements of their own);
**   - its category's older articles, with only what lists show;
**   - the category's slug and name come from the edition's categories,
**     which are most often the cache's (postgres_categories.c).
** The result is what the single operations give (tests/unit/
** test_store_pages.c holds both engines to it).
*/
#include "postgres_internal.h"
#include "../core/fatal.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum page_stmt { G_ARTICLE, G_OLDER, G_COUNT_OF };
_Static_assert(G_COUNT_OF <= PG_PAGE_SLOTS, "raise PG_PAGE_SLOTS");

/* The visible article x at an address: edition $1, slug $2, now $3. */
#define ARTICLE_AT "x.lang = $1 AND x.slug = $2 AND x.status = 1 AND x.published_at <= $3"

/* Columns of G_ARTICLE after the article's. */
#define COL_TAGS (PG_ARTICLE_COLUMN_COUNT)
#define COL_TRANSLATIONS (PG_ARTICLE_COLUMN_COUNT + 1)
#define COL_VERSION (PG_ARTICLE_COLUMN_COUNT + 2)

/* The article at an address ($1, $2, visible at $3) without its
** category's slug and name, then: its tags, alphabetical; every visible
** article sharing its translation key as [lang, category slug, slug, id,
** title, date] (each edition's newest is picked here, as
** store_article_translations does); the content version. */
static const char article_rest[] =
    ", (SELECT json_agg(tag ORDER BY tag) FROM article_tags WHERE article_id = a.id)"
    ", CASE WHEN a.translation_key <> '' THEN"
    " (SELECT json_agg(json_build_array(b.lang, c.slug, b.slug, b.id, b.title, b.published_at))"
    " FROM articles b JOIN categories c ON c.id = b.category_id"
    " WHERE b.translation_key = a.translation_key AND b.status = 1 AND b.published_at <= $3) END"
    ", v.at, v.generation"
    " FROM content_changes v, articles a LEFT JOIN media m ON m.id = a.lead_image_id"
    " WHERE v.id = 1 AND a.lang = $1 AND a.slug = $2 AND a.status = 1 AND a.published_at <= $3";

/* The category's articles before the one at an address, $4 of them,
** with what lists show of them (read_older): they share its edition and
** category. Scalar subqueries, not a join: the generic plan then reads
** the category's index from the article's place (a join's walked the
** edition's newest articles, filtering). */
static const char older_sql[] =
    "SELECT a.id, a.slug, a.title, a.subtitle, a.published_at, a.updated_at, a.lead_image_caption,"
    " m.id, m.hash, m.format, m.width, m.height, m.variants"
    " FROM articles a LEFT JOIN media m ON m.id = a.lead_image_id"
    " WHERE a.lang = $1 AND a.status = 1"
    " AND a.category_id = (SELECT x.category_id FROM articles x WHERE " ARTICLE_AT ")"
    " AND (a.published_at, a.id) < (SELECT x.published_at, x.id FROM articles x WHERE " ARTICLE_AT ")"
    " ORDER BY a.published_at DESC, a.id DESC LIMIT $4";

static char article_sql[4096];
static pthread_once_t article_sql_once = PTHREAD_ONCE_INIT;

/* Fills article_sql once. */
static void build_article_sql(void) {
    int n = snprintf(article_sql, sizeof article_sql, PG_ARTICLE_SELECT_WITH("NULL, NULL") "%s",
                     "(SELECT body_html FROM article_bodies WHERE article_id = a.id)", article_rest);
    if (n < 0 || (size_t)n >= sizeof article_sql) fatal("the article page's statement is too long");
}

/* Reads row of a result of older_sql into out: an article of the edition
** and category of of, with what lists show. */
static void read_older(arena *a, const PGresult *r, int row, const article *of, article *out) {
    memset(out, 0, sizeof *out);
    out->id = pg_get_int(r, row, 0);
    out->lang = of->lang;
    out->slug = pg_get_text(a, r, row, 1);
    out->category_id = of->category_id;
    out->title = pg_get_text(a, r, row, 2);
    out->subtitle = pg_get_text(a, r, row, 3);
    out->published_at = pg_get_int(r, row, 4);
    out->updated_at = pg_get_int(r, row, 5);
    out->status = ARTICLE_PUBLISHED;
    out->workflow = WF_PUBLISHED;
    out->lead_image_caption = pg_get_text(a, r, row, 6);
    postgres_read_image(a, r, row, 7, &out->lead_image);
}

/* The JSON array in column col of row 0 of r (NULL: an empty one), or
** NULL when it is not one. The caller frees it with json_decref(). */
static json_t *json_column(const PGresult *r, int col) {
    if (PQgetisnull(r, 0, col)) return json_array();
    json_error_t err;
    json_t *v = json_loadb(PQgetvalue(r, 0, col), (size_t)PQgetlength(r, 0, col), 0, &err);
    if (v && !json_is_array(v)) {
        json_decref(v);
        v = NULL;
    }
    return v;
}

/* Copies a JSON string into a; NULL when it is not one. */
static const char *json_text(arena *a, const json_t *v) {
    return json_is_string(v) ? arena_strndup(a, json_string_value(v), json_string_length(v)) : NULL;
}

/* The tags in column COL_TAGS of r, in a: false when they do not read. */
static bool read_tags(arena *a, const PGresult *r, const char ***out, size_t *count) {
    json_t *list = json_column(r, COL_TAGS);
    if (!list) return false;
    size_t n = json_array_size(list);
    const char **tags = arena_alloc(a, (n ? n : 1) * sizeof *tags);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) ok = (tags[i] = json_text(a, json_array_get(list, i))) != NULL;
    json_decref(list);
    *out = tags;
    *count = n;
    return ok;
}

/* Orders translations by edition (byte order, as the lang column's "C"
** collation does). */
static int by_lang(const void *x, const void *y) {
    return strcmp(((const translation *)x)->lang, ((const translation *)y)->lang);
}

/* The translations in column COL_TRANSLATIONS of r, in a: each edition's
** newest (by date, then id), in edition order, as A_TRANSLATIONS gives
** them. False when they do not read. */
static bool read_translations(arena *a, const PGresult *r, translation **out, size_t *count) {
    json_t *list = json_column(r, COL_TRANSLATIONS);
    if (!list) return false;
    size_t rows = json_array_size(list), n = 0;
    translation *items = arena_alloc(a, (rows ? rows : 1) * sizeof *items);
    int64_t *when = arena_alloc(a, (rows ? rows : 1) * sizeof *when);
    bool ok = true;
    for (size_t i = 0; i < rows && ok; i++) {
        const json_t *t = json_array_get(list, i);
        const char *lang = json_string_value(json_array_get(t, 0));
        ok = json_is_array(t) && json_array_size(t) == 6 && lang && json_is_integer(json_array_get(t, 3)) &&
             json_is_integer(json_array_get(t, 5));
        if (!ok) break;
        int64_t id = json_integer_value(json_array_get(t, 3)), at = json_integer_value(json_array_get(t, 5));
        size_t k = 0;
        while (k < n && strcmp(items[k].lang, lang) != 0) k++;
        if (k < n && (when[k] > at || (when[k] == at && items[k].id > id))) continue;
        items[k] = (translation){.id = id,
                                 .lang = json_text(a, json_array_get(t, 0)),
                                 .category_slug = json_text(a, json_array_get(t, 1)),
                                 .slug = json_text(a, json_array_get(t, 2)),
                                 .title = json_text(a, json_array_get(t, 4))};
        ok = items[k].category_slug && items[k].slug && items[k].title;
        when[k] = at;
        if (k == n) n++;
    }
    json_decref(list);
    qsort(items, n, sizeof *items, by_lang);
    *out = items;
    *count = n;
    return ok;
}

/* Fills out from the two results (the article's row is there). */
static int read_page(pg_conn *c, arena *a, const PGresult *art, const PGresult *older, article_page_data *out) {
    postgres_read_article(a, art, 0, &out->article);
    size_t n = (size_t)PQntuples(older);
    out->older = arena_alloc(a, (n ? n : 1) * sizeof *out->older);
    for (size_t i = 0; i < n; i++) read_older(a, older, (int)i, &out->article, &out->older[i]);
    out->older_count = n;
    if (!read_tags(a, art, &out->tags, &out->tag_count) ||
        !read_translations(a, art, &out->translations, &out->translation_count))
        return pg_fail(c, STORE_ERROR, "article page: the server's tags or translations do not read");
    return STORE_OK;
}

int postgres_article_page(store *s, arena *a, const char *lang, const char *slug, int older_limit,
                          article_page_data *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&article_sql_once, build_article_sql);
    pg_conn *c = postgres_conn(s);
    int64_t now = pg_now();
    pg_params at = {0}, older = {0};
    pg_text(&at, lang);
    pg_text(&at, slug);
    pg_int(&at, now);
    pg_text(&older, lang);
    pg_text(&older, slug);
    pg_int(&older, now);
    pg_int(&older, older_limit > 0 ? older_limit : 0);
    pg_batch b[G_COUNT_OF] = {
        [G_ARTICLE] = {.slot = PG_PAGE_FIRST + G_ARTICLE, .sql = article_sql, .params = &at,
                       .carries_version = true, .version_col = COL_VERSION},
        [G_OLDER] = {.slot = PG_PAGE_FIRST + G_OLDER, .sql = older_sql, .params = &older},
    };
    int rc = pg_read_batch(c, b, G_COUNT_OF, "article page");
    if (rc == STORE_OK && PQntuples(b[G_ARTICLE].result) == 0) rc = STORE_NOT_FOUND;
    if (rc == STORE_OK) rc = read_page(c, a, b[G_ARTICLE].result, b[G_OLDER].result, out);
    for (int i = 0; i < G_COUNT_OF; i++) PQclear(b[i].result);
    if (rc == STORE_OK) rc = postgres_categories(s, a, lang, &out->categories, &out->category_count);
    if (rc != STORE_OK) return rc;
    /* A visible article's category is one of its edition's; should it not
    ** be among those (it always is, within one snapshot), the article is
    ** read as the single operation reads it. */
    article *art = &out->article;
    size_t i = 0;
    while (i < out->category_count && out->categories[i].id != art->category_id) i++;
    if (i < out->category_count) {
        art->category_slug = out->categories[i].slug;
        art->category_name = out->categories[i].name;
    } else if ((rc = postgres_article_by_slug(s, a, lang, slug, art)) != STORE_OK) {
        return rc;
    }
    for (size_t j = 0; j < out->older_count; j++) {
        out->older[j].category_slug = art->category_slug;
        out->older[j].category_name = art->category_name;
    }
    return STORE_OK;
}
