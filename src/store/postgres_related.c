/*
** Related stories on PostgreSQL (store_article_related; store.h says what
** they are and bounds the work), in one statement that the article page
** also folds into its own (postgres_pages.c), so that they cost it no
** round trip.
**
** The statement takes the article's words from the index itself: the
** lexemes of its title and lead (search_entries.headline, weights A and
** B, kept apart from the document by migration 23), joined with | into a
** tsquery (each quoted, as postgres_search.c quotes them). The candidates:
** for each of its first tag slugs the newest stories carrying it
** (article_tags_by_slug backwards, a LATERAL per tag), and the newest
** matches of that tsquery among the headlines of the edition's newest
** entries (search_entries_by_edition), ranked by ts_rank with the
** title weighing 1 and the lead 0.4 (SQLite's 10 and 4); the visible ones
** are ordered and numbered in SQL, and only the few shown are read.
** Where SQLite differs: its similarity is gazette_rank()'s BM25 (the
** length of the whole entry lowers it; here only the headline counts), so
** stories that nearly tie may come out the other way round.
*/
#include "postgres_internal.h"

#include <stdio.h>
#include <string.h>

#define STRINGIFY(x) #x
#define STRING_OF(x) STRINGIFY(x)

/* The related stories of the article that the query `article` selects
** (its id and lang as x), visible at the parameter `now`, at most the
** parameter `limit` of them, in the columns of the article page's older
** rows with the category's id in column 3, the byline in 8, the place in
** 14 and whether it is featured in 18, then `kind`. */
#define RELATED_SQL(article, now, limit, kind)                                                               \
    "WITH x AS MATERIALIZED (" article "),"                                                                               \
    " words AS (SELECT '''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''' AS w"                 \
    "  FROM x, search_entries e, unnest(tsvector_to_array(e.headline)) l WHERE e.article_id = x.id"          \
    "  LIMIT " STRING_OF(PG_RELATED_LEXEMES) "),"                                                            \
    " q AS MATERIALIZED (SELECT string_agg(w, ' | ')::tsquery AS query FROM words),"                                      \
    " tags AS (SELECT DISTINCT t.tag_slug FROM x, article_tags t WHERE t.article_id = x.id"                  \
    "  AND t.tag_slug <> '' ORDER BY t.tag_slug LIMIT " STRING_OF(STORE_RELATED_TAGS) "),"                   \
    " tagged AS (SELECT u.id, count(*) AS shared, 0::float4 AS score FROM tags t CROSS JOIN LATERAL"         \
    "  (SELECT DISTINCT b.id FROM x, article_tags v JOIN articles b ON b.id = v.article_id"                  \
    "   WHERE v.tag_slug = t.tag_slug AND b.lang = x.lang AND b.status = 1 AND b.published_at <= " now       \
    "   AND b.id <> x.id ORDER BY b.id DESC LIMIT " STRING_OF(STORE_RELATED_PER_TAG) ") u GROUP BY u.id),"   \
    " alike AS (SELECT e.article_id AS id, 0::bigint AS shared,"                                           \
    "  ts_rank('{0, 0, 0.4, 1}', e.headline, q.query, 0) AS score"                                       \
    "  FROM (SELECT s.article_id, s.headline FROM x, search_entries s WHERE s.lang = x.lang"                 \
    "   AND s.article_id <> x.id ORDER BY s.article_id DESC LIMIT " STRING_OF(STORE_RELATED_HORIZON) ") e, q" \
    "  WHERE e.headline @@ q.query ORDER BY e.article_id DESC LIMIT " STRING_OF(STORE_RELATED_WINDOW) "),"   \
    " chosen AS (SELECT a.id, row_number() OVER (ORDER BY c.shared DESC, c.score DESC, a.published_at DESC," \
    "  a.id DESC) AS place FROM (SELECT id, sum(shared) AS shared, max(score) AS score FROM"                 \
    "  (SELECT * FROM tagged UNION ALL SELECT * FROM alike) k GROUP BY id) c"                              \
    "  JOIN articles a ON a.id = c.id WHERE a.status = 1 AND a.published_at <= " now                         \
    "  ORDER BY place LIMIT " limit ")"                                                                      \
    " SELECT a.id, NULL, a.slug, a.category_id, NULL, NULL, a.title, a.subtitle, a.author, a.published_at,"  \
    " a.updated_at, NULL, NULL, NULL, r.place, NULL, NULL, NULL, a.featured, a.lead_image_caption, NULL,"    \
    " m.id, m.hash, m.format, m.width, m.height, m.variants, NULL, NULL, NULL, NULL, NULL, NULL,"            \
    " NULL, NULL, NULL, NULL, " kind                                                                          \
    " FROM chosen r JOIN articles a ON a.id = r.id LEFT JOIN media m ON m.id = a.lead_image_id"

/* The lexemes of a headline taken (its stems and whole words). */
#define PG_RELATED_LEXEMES (2 * STORE_RELATED_TERMS)

const char postgres_related_in_page[] =
    RELATED_SQL("SELECT x.id, x.lang FROM articles x WHERE x.lang = $1 AND x.slug = $2 AND x.status = 1"
                " AND x.published_at <= $3", "$3", "$5", "2");

/* Standalone: the article $1, at $2, $3 of them. */
static const char related_sql[] = RELATED_SQL("SELECT id, lang FROM articles WHERE id = $1", "$2", "$3", "2");

void postgres_read_related(arena *a, const PGresult *r, int row, const char *lang, article *out) {
    memset(out, 0, sizeof *out);
    out->id = pg_get_int(r, row, 0);
    out->lang = lang;
    out->slug = pg_get_text(a, r, row, 2);
    out->category_id = pg_get_int(r, row, 3);
    out->title = pg_get_text(a, r, row, 6);
    out->subtitle = pg_get_text(a, r, row, 7);
    out->author = pg_get_text(a, r, row, 8);
    out->featured = pg_get_int(r, row, 18) != 0;
    out->published_at = pg_get_int(r, row, 9);
    out->updated_at = pg_get_int(r, row, 10);
    out->status = ARTICLE_PUBLISHED;
    out->workflow = WF_PUBLISHED;
    out->lead_image_caption = pg_get_text(a, r, row, 19);
    postgres_read_image(a, r, row, 21, &out->lead_image);
}

int postgres_related_name(const category *categories, size_t n, article *items, size_t count) {
    for (size_t i = 0; i < count; i++) {
        size_t k = 0;
        while (k < n && categories[k].id != items[i].category_id) k++;
        if (k == n) return STORE_NOT_FOUND;
        items[i].category_slug = categories[k].slug;
        items[i].category_name = categories[k].name;
    }
    return STORE_OK;
}

int postgres_article_related(store *s, arena *a, const article *of, int limit, article **out, size_t *count) {
    *out = NULL;
    *count = 0;
    if (limit > STORE_RELATED_MAX) limit = STORE_RELATED_MAX;
    if (limit <= 0 || !of->lang) return STORE_OK;
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, of->id);
    pg_int(&p, pg_now());
    pg_int(&p, limit);
    int rc;
    PGresult *r = pg_read_first(c, PG_RELATED_FIRST, related_sql, &p, &rc, "related stories");
    if (!r) return rc;
    int rows = PQntuples(r);
    article *items = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof *items);
    for (int i = 0; i < rows; i++) {
        /* In their places: rows come in any order. */
        int64_t place = pg_get_int(r, i, PG_RELATED_PLACE_COL);
        if (place >= 1 && place <= rows) postgres_read_related(a, r, i, of->lang, &items[place - 1]);
    }
    PQclear(r);
    category *categories;
    size_t n;
    rc = postgres_categories(s, a, of->lang, &categories, &n);
    /* A category not among the edition's (it always is, within a moment):
    ** the stories are read again, as any list would be, by the next page. */
    if (rc == STORE_OK && postgres_related_name(categories, n, items, (size_t)rows) != STORE_OK)
        return pg_fail(c, STORE_ERROR, "related stories: a category is missing");
    if (rc != STORE_OK) return rc;
    *out = items;
    *count = (size_t)rows;
    return STORE_OK;
}
