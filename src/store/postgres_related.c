/*
** Related stories on PostgreSQL (store.h says what they are and bounds
** the work): making an article's list when it is saved, keeping it in
** related_stories (migration 25), and reading it, in a part that the
** article page folds into its own statement (postgres_pages.c), so that
** it costs the page no round trip.
**
** The list is made in one statement, which takes the article's words
** from the index itself: the lexemes of its title and lead
** (search_entries.headline, weights A and B, kept apart from the
** document by migration 23), joined with | into a tsquery (each quoted,
** as postgres_search.c quotes them). The candidates: for each of its
** first tag slugs the newest public stories carrying it
** (article_tags_by_slug backwards, a LATERAL per tag), and the newest
** matches of that tsquery among the headlines of the edition's newest
** entries (search_entries_by_edition), ranked by ts_rank with the title
** weighing 1 and the lead 0.4 (SQLite's 10 and 4). Where SQLite differs:
** its likeness is gazette_rank()'s BM25 (the length of the whole entry
** lowers it; here only the headline counts), so stories that nearly tie
** may come out the other way round. Keeping a list is one pipeline of
** six statements.
*/
#include "postgres_internal.h"

#include <stdio.h>
#include <string.h>

#define STRINGIFY(x) #x
#define STRING_OF(x) STRINGIFY(x)

/* The lexemes of a headline taken (its stems and whole words). */
#define PG_RELATED_LEXEMES (2 * STORE_RELATED_TERMS)

enum related_stmt { R_COMPUTE, R_READ, R_DROP, R_RECOUNT, R_LEAVE, R_MINE, R_THEIRS, R_TRIM, R_STALE, R_FRESH,
                    R_MARK_STALE, R_COUNT_OF };
_Static_assert(R_COUNT_OF <= PG_RELATED_SLOTS, "raise PG_RELATED_SLOTS");

/* The public stories ($2: dated at or before it) most related to article
** $1: id, tags shared, likeness in millionths; best first. */
static const char compute_sql[] =
    "WITH x AS MATERIALIZED (SELECT id, lang FROM articles WHERE id = $1),"
    " words AS (SELECT '''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''' AS w"
    "  FROM x, search_entries e, unnest(tsvector_to_array(e.headline)) l WHERE e.article_id = x.id"
    "  LIMIT " STRING_OF(PG_RELATED_LEXEMES) "),"
    " q AS MATERIALIZED (SELECT string_agg(w, ' | ')::tsquery AS query FROM words),"
    " tags AS (SELECT DISTINCT t.tag_slug FROM x, article_tags t WHERE t.article_id = x.id"
    "  AND t.tag_slug <> '' ORDER BY t.tag_slug LIMIT " STRING_OF(STORE_RELATED_TAGS) "),"
    " tagged AS (SELECT u.id, count(*) AS shared, 0::float4 AS score FROM tags t CROSS JOIN LATERAL"
    "  (SELECT DISTINCT b.id FROM x, article_tags v JOIN articles b ON b.id = v.article_id"
    "   WHERE v.tag_slug = t.tag_slug AND b.lang = x.lang AND b.status = 1 AND b.published_at <= $2"
    "   AND b.id <> x.id ORDER BY b.id DESC LIMIT " STRING_OF(STORE_RELATED_PER_TAG) ") u GROUP BY u.id),"
    " alike AS (SELECT e.article_id AS id, 0::bigint AS shared,"
    "  ts_rank('{0, 0, 0.4, 1}', e.headline, q.query, 0) AS score"
    "  FROM (SELECT s.article_id, s.headline FROM x, search_entries s WHERE s.lang = x.lang"
    "   AND s.article_id <> x.id ORDER BY s.article_id DESC LIMIT " STRING_OF(STORE_RELATED_HORIZON) ") e, q"
    "  WHERE e.headline @@ q.query ORDER BY e.article_id DESC LIMIT " STRING_OF(STORE_RELATED_WINDOW) ")"
    " SELECT a.id, c.shared, round(c.score * 1000000)::bigint FROM (SELECT id, sum(shared) AS shared,"
    "  max(score) AS score FROM (SELECT * FROM tagged UNION ALL SELECT * FROM alike) k GROUP BY id) c"
    "  JOIN articles a ON a.id = c.id WHERE a.status = 1 AND a.published_at <= $2"
    "  ORDER BY c.shared DESC, c.score DESC, a.published_at DESC, a.id DESC"
    "  LIMIT " STRING_OF(STORE_RELATED_KEPT);

/* The kept list of the article that the query `article` selects (its id
** and lang as x), what is visible of it at the parameter `now`, at most
** the parameter `limit` of them, in the columns of the article page's
** older rows with the category's id in column 3, the byline in 8, the
** place in 14, whether it is featured in 18 and the lead image's credit
** in 20, then `kind`. */
#define RELATED_SQL(article, now, limit, kind)                                                               \
    "WITH x AS MATERIALIZED (" article "),"                                                                  \
    " chosen AS (SELECT a.id, row_number() OVER (ORDER BY r.shared DESC, r.likeness DESC,"                   \
    "  a.published_at DESC, a.id DESC) AS place FROM x JOIN related_stories r ON r.article_id = x.id"       \
    "  JOIN articles a ON a.id = r.related_id WHERE a.lang = x.lang AND a.status = 1"                       \
    "  AND a.published_at <= " now " ORDER BY place LIMIT " limit ")"                                        \
    " SELECT a.id, NULL, a.slug, a.category_id, NULL, NULL, a.title, a.subtitle, a.author, a.published_at,"  \
    " a.updated_at, NULL, NULL, NULL, r.place, NULL, NULL, NULL, a.featured, a.lead_image_caption,"          \
    " a.lead_image_credit,"                                                                                   \
    " m.id, m.hash, m.format, m.width, m.height, m.variants, NULL, NULL, NULL, NULL, NULL, NULL,"            \
    " NULL, NULL, NULL, NULL, " kind                                                                          \
    " FROM chosen r JOIN articles a ON a.id = r.id LEFT JOIN media m ON m.id = a.lead_image_id"

const char postgres_related_in_page[] =
    RELATED_SQL("SELECT x.id, x.lang FROM articles x WHERE x.lang = $1 AND x.slug = $2 AND x.status = 1"
                " AND x.published_at <= $3", "$3", "$5", "2");

static const char *const related_sql[R_COUNT_OF] = {
    [R_COMPUTE] = compute_sql,
    /* Standalone: the article $1, at $2, $3 of them. */
    [R_READ] = RELATED_SQL("SELECT id, lang FROM articles WHERE id = $1", "$2", "$3", "2"),
    [R_DROP] = "DELETE FROM related_stories WHERE article_id = $1",
    /* The lists $1 is on: the tags it shares with each counted again, and
    ** those of another edition than its own left. */
    [R_RECOUNT] = "UPDATE related_stories r SET shared = (SELECT count(DISTINCT t.tag_slug) FROM article_tags t"
                  " JOIN article_tags u ON u.tag_slug = t.tag_slug WHERE t.article_id = r.article_id"
                  " AND u.article_id = $1 AND t.tag_slug <> '') WHERE r.related_id = $1",
    [R_LEAVE] = "DELETE FROM related_stories r USING articles o, articles x WHERE r.related_id = $1"
                " AND o.id = r.article_id AND x.id = $1 AND o.lang <> x.lang",
    /* The list of $1: the stories $2, tags shared $3, likeness $4 (arrays alike). */
    [R_MINE] = "INSERT INTO related_stories (article_id, related_id, shared, likeness)"
               " SELECT $1, r, s, l FROM unnest($2::bigint[], $3::int[], $4::bigint[]) AS u (r, s, l)",
    /* $1 on the lists of $2, each cut to its best then (R_TRIM). */
    [R_THEIRS] = "INSERT INTO related_stories (article_id, related_id, shared, likeness)"
                 " SELECT r, $1, s, l FROM unnest($2::bigint[], $3::int[], $4::bigint[]) AS u (r, s, l)"
                 " ON CONFLICT (article_id, related_id) DO UPDATE SET shared = EXCLUDED.shared,"
                 " likeness = EXCLUDED.likeness",
    /* The lists of $1 cut to their best: those readers may see first. */
    [R_TRIM] = "DELETE FROM related_stories d USING (SELECT r.article_id, r.related_id, row_number() OVER"
               " (PARTITION BY r.article_id ORDER BY b.status = 1 DESC, r.shared DESC, r.likeness DESC,"
               " b.published_at DESC, b.id DESC) AS place FROM related_stories r JOIN articles b"
               " ON b.id = r.related_id WHERE r.article_id = ANY ($1::bigint[])) k"
               " WHERE d.article_id = k.article_id AND d.related_id = k.related_id"
               " AND k.place > " STRING_OF(STORE_RELATED_KEPT),
    [R_STALE] = "SELECT 1 FROM meta WHERE key = 'related_stale'",
    [R_FRESH] = "DELETE FROM meta WHERE key = 'related_stale'",
    [R_MARK_STALE] = "INSERT INTO meta (key, value) VALUES ('related_stale', '1')"
                     " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
};

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
    out->lead_image_credit = pg_get_text(a, r, row, 20);
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
    PGresult *r = pg_read_first(c, PG_RELATED_FIRST + R_READ, related_sql[R_READ], &p, &rc, "related stories");
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

int postgres_related_compute(store *s, arena *a, const article *of, related_score **out, size_t *count) {
    *out = NULL;
    *count = 0;
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, of->id);
    pg_int(&p, INT64_MAX); /* public: published, or scheduled */
    int rc;
    PGresult *r = pg_query(c, PG_RELATED_FIRST + R_COMPUTE, compute_sql, &p, &rc, "related stories: make");
    if (!r) return rc;
    int rows = PQntuples(r);
    related_score *items = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof *items);
    for (int i = 0; i < rows; i++)
        items[i] = (related_score){pg_get_int(r, i, 0), (int)pg_get_int(r, i, 1), pg_get_int(r, i, 2)};
    PQclear(r);
    *out = rows ? items : NULL;
    *count = (size_t)rows;
    return STORE_OK;
}

/* One field of items (0 id, 1 shared, 2 likeness) as a PostgreSQL
** array's text, in a. */
static const char *array_of(arena *a, const related_score *items, size_t n, int field) {
    size_t size = n * 22 + 3;
    char *text = arena_alloc(a, size);
    size_t len = 0;
    text[len++] = '{';
    for (size_t i = 0; i < n; i++) {
        int64_t v = field == 0 ? items[i].id : field == 1 ? items[i].shared : items[i].likeness;
        len += (size_t)snprintf(text + len, size - len, "%s%lld", i ? "," : "", (long long)v);
    }
    snprintf(text + len, size - len, "}");
    return text;
}

int postgres_related_put(store *s, int64_t id, const related_score *items, size_t n) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    arena *a = arena_new();
    pg_params drop = {0}, rows = {0}, trim = {0};
    pg_int(&drop, id);
    pg_int(&rows, id);
    pg_text(&rows, array_of(a, items, n, 0));
    pg_text(&rows, array_of(a, items, n, 1));
    pg_text(&rows, array_of(a, items, n, 2));
    pg_text(&trim, array_of(a, items, n, 0));
    pg_batch b[] = {
        {.slot = PG_RELATED_FIRST + R_DROP, .sql = related_sql[R_DROP], .params = &drop},
        {.slot = PG_RELATED_FIRST + R_RECOUNT, .sql = related_sql[R_RECOUNT], .params = &drop},
        {.slot = PG_RELATED_FIRST + R_LEAVE, .sql = related_sql[R_LEAVE], .params = &drop},
        {.slot = PG_RELATED_FIRST + R_MINE, .sql = related_sql[R_MINE], .params = &rows},
        {.slot = PG_RELATED_FIRST + R_THEIRS, .sql = related_sql[R_THEIRS], .params = &rows},
        {.slot = PG_RELATED_FIRST + R_TRIM, .sql = related_sql[R_TRIM], .params = &trim},
    };
    size_t count = sizeof b / sizeof b[0] - (n ? 0 : 3); /* an empty list: only what was */
    rc = pg_pipeline(c, b, count, "related stories: keep");
    for (size_t i = 0; i < count; i++) PQclear(b[i].result);
    arena_free(a);
    return pg_write_end(s, own, rc);
}

bool postgres_related_stale(store *s) {
    int rc;
    PGresult *r = pg_query(postgres_conn(s), PG_RELATED_FIRST + R_STALE, related_sql[R_STALE], NULL, &rc,
                           "related stories: are they made");
    bool stale = r && PQntuples(r) > 0;
    PQclear(r);
    return stale;
}

int postgres_related_mark(store *s, bool made) {
    int q = made ? R_FRESH : R_MARK_STALE;
    return pg_exec(postgres_conn(s), PG_RELATED_FIRST + q, related_sql[q], NULL, NULL,
                   "related stories: mark made or to make");
}
