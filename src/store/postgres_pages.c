/*
** A reader's article page on PostgreSQL in one statement
** (store_article_page).
**
** What the server spends on a page is mostly each statement's own cost
** (binding a cached plan, locking its tables, starting and ending its
** executor; a transaction's BEGIN and COMMIT are statements too), not
** reading rows; so the page asks as little as it can:
**   - one statement reads it all: the article, with its tags and
**     translations as JSON arrays and the content version in its row,
**     and below it its category's older articles and its related
**     stories (postgres_related.c), with only what lists show (UNION
**     ALL; the kind column tells the rows apart);
**   - the category's slug and name come from the edition's categories,
**     most often the cache's (postgres_categories.c).
** One statement is one moment of the content without a transaction: when
** the page is its read's first, no BEGIN or COMMIT is sent. The cached
** categories are of that moment when their generation is the one the
** statement carries; when none are cached this second, their statement
** goes in the same pipeline, its rows carrying the version too. When the
** two differ (a change came between), the page is read again in a
** transaction, as it is when a read transaction is already going.
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

enum page_stmt { G_PAGE, G_CATEGORIES, G_COUNT_OF };
_Static_assert(G_COUNT_OF <= PG_PAGE_SLOTS, "raise PG_PAGE_SLOTS");

/* The visible article x at an address: edition $1, slug $2, now $3. */
#define ARTICLE_AT "x.lang = $1 AND x.slug = $2 AND x.status = 1 AND x.published_at <= $3"

/* Columns of G_PAGE after the article's, then which row it is. */
#define COL_TAGS (PG_ARTICLE_COLUMN_COUNT)
#define COL_TRANSLATIONS (PG_ARTICLE_COLUMN_COUNT + 1)
#define COL_VERSION (PG_ARTICLE_COLUMN_COUNT + 2)
#define COL_KIND (PG_ARTICLE_COLUMN_COUNT + 4)
enum { KIND_ARTICLE, KIND_OLDER, KIND_RELATED };

/* The article at an address ($1, $2, visible at $3) without its
** category's slug and name, then: its tags, alphabetical; every visible
** article sharing its translation key as [lang, category slug, slug, id,
** title, date] (each edition's newest is picked here, as
** store_article_translations does); the content version; its kind. */
static const char article_rest[] =
    ", (SELECT json_agg(tag ORDER BY tag) FROM article_tags WHERE article_id = a.id)"
    ", CASE WHEN a.translation_key <> '' THEN"
    " (SELECT json_agg(json_build_array(b.lang, c.slug, b.slug, b.id, b.title, b.published_at))"
    " FROM articles b JOIN categories c ON c.id = b.category_id"
    " WHERE b.translation_key = a.translation_key AND b.status = 1 AND b.published_at <= $3) END"
    ", v.at, v.generation, 0"
    " FROM content_changes v, articles a LEFT JOIN media m ON m.id = a.lead_image_id"
    " WHERE v.id = 1 AND a.lang = $1 AND a.slug = $2 AND a.status = 1 AND a.published_at <= $3";

/* The category's articles before the one at an address, $4 of them,
** with what lists show of them, in the article's columns (read_older):
** they share its edition and category. Scalar subqueries, not a join:
** the generic plan then reads the category's index from the article's
** place (a join's walked the edition's newest articles, filtering). */
static const char older_sql[] =
    "SELECT a.id, NULL, a.slug, NULL, NULL, NULL, a.title, a.subtitle, NULL, a.published_at,"
    " a.updated_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, a.lead_image_caption, a.lead_image_credit,"
     " m.id, m.hash, m.format, m.width, m.height, m.variants, NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, 1"
    " FROM articles a LEFT JOIN media m ON m.id = a.lead_image_id"
    " WHERE a.lang = $1 AND a.status = 1"
    " AND a.category_id = (SELECT x.category_id FROM articles x WHERE " ARTICLE_AT ")"
    " AND (a.published_at, a.id) < (SELECT x.published_at, x.id FROM articles x WHERE " ARTICLE_AT ")"
    " ORDER BY a.published_at DESC, a.id DESC LIMIT $4";

/* The edition's categories ($1, at $2) as postgres_categories reads
** them, each row carrying the content version (columns 5 and 6). */
static const char categories_sql[] =
    PG_CATEGORY_SELECT ", v.at, v.generation" PG_CATEGORY_FROM " CROSS JOIN content_changes v"
    " WHERE v.id = 1 AND" PG_CATEGORY_IN_EDITION " ORDER BY c.position, c.id";
#define CATEGORIES_VERSION 5

static char page_sql[12288];
static pthread_once_t page_sql_once = PTHREAD_ONCE_INIT;

/* Fills page_sql once: the article's row, then the older ones', then the
** related ones'. */
static void build_page_sql(void) {
    int n = snprintf(page_sql, sizeof page_sql,
                     "(" PG_ARTICLE_SELECT_WITH("NULL, NULL") "%s) UNION ALL (%s) UNION ALL (%s)",
                     "(SELECT body_html FROM article_bodies WHERE article_id = a.id)", article_rest, older_sql,
                     postgres_related_in_page);
    if (n < 0 || (size_t)n >= sizeof page_sql) fatal("the article page's statement is too long");
}

/* Reads row of a result of G_PAGE, an older article's, into out: one of
** the edition and category of of, with what lists show. */
static void read_older(arena *a, const PGresult *r, int row, const article *of, article *out) {
    postgres_read_related(a, r, row, of->lang, out); /* the same columns, but the category's id */
    out->category_id = of->category_id;
}

/* Newest first, as the older ones are listed. */
static int newest_first(const void *x, const void *y) {
    const article *p = x, *q = y;
    if (p->published_at != q->published_at) return p->published_at < q->published_at ? 1 : -1;
    return (p->id < q->id) - (p->id > q->id);
}

/* The JSON array in column col of row of r (NULL: an empty one), or
** NULL when it is not one. The caller frees it with json_decref(). */
static json_t *json_column(const PGresult *r, int row, int col) {
    if (PQgetisnull(r, row, col)) return json_array();
    json_error_t err;
    json_t *v = json_loadb(PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col), 0, &err);
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

/* The tags in column COL_TAGS of row of r, in a: false when they do not
** read. */
static bool read_tags(arena *a, const PGresult *r, int row, const char ***out, size_t *count) {
    json_t *list = json_column(r, row, COL_TAGS);
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

/* The translations in column COL_TRANSLATIONS of row of r, in a: each
** edition's newest (by date, then id), in edition order, as
** A_TRANSLATIONS gives them. False when they do not read. */
static bool read_translations(arena *a, const PGresult *r, int row, translation **out, size_t *count) {
    json_t *list = json_column(r, row, COL_TRANSLATIONS);
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

/* The row of r with the article, or -1 when it is not there. */
static int article_row(const PGresult *r) {
    for (int i = 0; i < PQntuples(r); i++)
        if (pg_get_int(r, i, COL_KIND) == KIND_ARTICLE) return i;
    return -1;
}

/* Fills out from a result of G_PAGE whose article is at row art. */
static int read_page(pg_conn *c, arena *a, const PGresult *r, int art, article_page_data *out) {
    postgres_read_article(a, r, art, &out->article);
    int rows = PQntuples(r);
    out->older = arena_alloc(a, (size_t)(rows > 1 ? rows - 1 : 1) * sizeof *out->older);
    out->related = arena_zalloc(a, (size_t)(rows > 1 ? rows - 1 : 1) * sizeof *out->related);
    size_t n = 0, related = 0;
    for (int i = 0; i < rows; i++) {
        if (i == art) continue;
        if (pg_get_int(r, i, COL_KIND) == KIND_RELATED) {
            /* In their places (1, 2, ...): rows come in any order. */
            int64_t place = pg_get_int(r, i, PG_RELATED_PLACE_COL);
            if (place < 1 || place >= rows) return pg_fail(c, STORE_ERROR, "article page: a related story's place");
            postgres_read_related(a, r, i, out->article.lang, &out->related[place - 1]);
            related++;
        } else {
            read_older(a, r, i, &out->article, &out->older[n++]);
        }
    }
    qsort(out->older, n, sizeof *out->older, newest_first);
    out->older_count = n;
    out->related_count = related;
    if (!read_tags(a, r, art, &out->tags, &out->tag_count) ||
        !read_translations(a, r, art, &out->translations, &out->translation_count))
        return pg_fail(c, STORE_ERROR, "article page: the server's tags or translations do not read");
    return STORE_OK;
}

/* Gives the article and the older ones their category's slug and name,
** from the edition's categories in out. */
static int name_category(store *s, arena *a, const char *lang, const char *slug, article_page_data *out) {
    /* A visible article's category is one of its edition's; should it not
    ** be among those (it always is, within one moment), the article is
    ** read as the single operation reads it. */
    article *art = &out->article;
    size_t i = 0;
    while (i < out->category_count && out->categories[i].id != art->category_id) i++;
    if (i < out->category_count) {
        art->category_slug = out->categories[i].slug;
        art->category_name = out->categories[i].name;
    } else {
        int rc = postgres_article_by_slug(s, a, lang, slug, art);
        if (rc != STORE_OK) return rc;
    }
    for (size_t j = 0; j < out->older_count; j++) {
        out->older[j].category_slug = art->category_slug;
        out->older[j].category_name = art->category_name;
    }
    if (postgres_related_name(out->categories, out->category_count, out->related, out->related_count) != STORE_OK)
        return postgres_article_related(s, a, art, (int)out->related_count, &out->related, &out->related_count);
    return STORE_OK;
}

/* The parameters of G_PAGE and G_CATEGORIES. */
typedef struct page_params {
    pg_params page, categories;
} page_params;

static void bind_page(page_params *p, const char *lang, const char *slug, int64_t now, int older_limit,
                      int related_limit) {
    memset(p, 0, sizeof *p);
    pg_text(&p->page, lang);
    pg_text(&p->page, slug);
    pg_int(&p->page, now);
    pg_int(&p->page, older_limit > 0 ? older_limit : 0);
    pg_int(&p->page, related_limit < 0 ? 0 : related_limit > STORE_RELATED_MAX ? STORE_RELATED_MAX : related_limit);
    pg_text(&p->categories, lang);
    pg_int(&p->categories, now);
}

/* The page read inside a transaction (the read's, begun now when still
** to be begun, or the caller's), its categories through
** postgres_categories. */
static int page_in_transaction(store *s, pg_conn *c, arena *a, const page_params *p, const char *lang,
                               article_page_data *out) {
    pg_batch b = {.slot = PG_PAGE_FIRST + G_PAGE, .sql = page_sql, .params = &p->page,
                  .carries_version = true, .version_col = COL_VERSION};
    int rc = pg_read_batch(c, &b, 1, "article page");
    int art = rc == STORE_OK ? article_row(b.result) : -1;
    if (rc == STORE_OK && art < 0) rc = STORE_NOT_FOUND;
    if (rc == STORE_OK) rc = read_page(c, a, b.result, art, out);
    PQclear(b.result);
    if (rc == STORE_OK) rc = postgres_categories(s, a, lang, &out->categories, &out->category_count);
    return rc;
}

/* The page as a read's first statement, without a transaction: STORE_OK
** when its categories are of its moment (cached, or read beside it),
** STORE_STALE when they are not, or the failure's class. */
static int page_alone(store *s, pg_conn *c, arena *a, const page_params *p, const char *lang, int64_t now,
                      article_page_data *out) {
    pg_store *ps = (pg_store *)s;
    int64_t cached_generation = 0;
    bool cached = postgres_categories_newest(ps, a, lang, now, &cached_generation, &out->categories,
                                             &out->category_count);
    pg_batch b[G_COUNT_OF] = {
        [G_PAGE] = {.slot = PG_PAGE_FIRST + G_PAGE, .sql = page_sql, .params = &p->page},
        [G_CATEGORIES] = {.slot = PG_PAGE_FIRST + G_CATEGORIES, .sql = categories_sql, .params = &p->categories},
    };
    int rc = pg_read_alone(c, b, cached ? 1 : 2, "article page");
    const PGresult *page = b[G_PAGE].result, *cats = b[G_CATEGORIES].result;
    int art = rc == STORE_OK ? article_row(page) : -1;
    if (rc == STORE_OK && art < 0) rc = STORE_NOT_FOUND;
    int64_t changed_at = 0, generation = 0;
    if (rc == STORE_OK) {
        changed_at = pg_get_int(page, art, COL_VERSION);
        generation = pg_get_int(page, art, COL_VERSION + 1);
        if (!cached) {
            /* A visible article's edition has a category at least. */
            bool same = PQntuples(cats) > 0 && pg_get_int(cats, 0, CATEGORIES_VERSION + 1) == generation;
            if (same) postgres_read_categories(a, cats, &out->categories, &out->category_count);
            cached_generation = same ? generation : -1;
        }
        if (cached_generation != generation) rc = STORE_STALE;
    }
    if (rc == STORE_OK) rc = read_page(c, a, page, art, out);
    if (rc == STORE_OK) {
        pg_read_settle(c, changed_at, generation);
        if (!cached) postgres_categories_keep(ps, lang, generation, now, out->categories, out->category_count);
    }
    for (int i = 0; i < G_COUNT_OF; i++) PQclear(b[i].result);
    return rc;
}

int postgres_article_page(store *s, arena *a, const char *lang, const char *slug, int older_limit,
                          int related_limit, article_page_data *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&page_sql_once, build_page_sql);
    pg_conn *c = postgres_conn(s);
    int64_t now = pg_now();
    page_params p;
    bind_page(&p, lang, slug, now, older_limit, related_limit);
    int rc = STORE_STALE;
    if (c->begin_pending) rc = page_alone(s, c, a, &p, lang, now, out);
    if (rc == STORE_STALE) {
        memset(out, 0, sizeof *out);
        rc = page_in_transaction(s, c, a, &p, lang, out);
    }
    if (rc != STORE_OK) return rc;
    return name_category(s, a, lang, slug, out);
}
