/*
** The newsroom's list on PostgreSQL, as on SQLite (sqlite_newsroom_list.c):
** the articles readers cannot see are indexed in newsroom_search_entries
** (their tsvectors made in postgres_search.c, beside search_entries, an
** article in exactly one of the two), the text filter takes the newest
** STORE_NEWSROOM_TEXT_WINDOW matches of each index of each edition asked
** for, and the other filters, the order and the keyset page run over those
** ids. Also the newsroom's housekeeping of categories, tags and images.
*/
#include "postgres_internal.h"
#include "../core/buf.h"
#include "../core/urls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum list_stmt {
    L_LIST,                 /* 8 of them: sort * 4 + descending * 2 + from a position */
    L_MATCH_PUBLIC = 8, L_MATCH_HIDDEN, L_KEEP_HIDDEN,
    L_CATEGORY_DELETE, L_CATEGORY_EXISTS, L_TAGS, L_TAG_COUNT, L_TAG_MOVE, L_TAG_DROP,
    L_MEDIA_PAGE, L_MEDIA_DELETE, L_MEDIA_EXISTS, L_MEDIA_FILES_DELETE, L_COUNT_OF
};
_Static_assert(L_COUNT_OF <= PG_LIST_SLOTS, "raise PG_LIST_SLOTS");

/* Who acted last on the article, in the body's column (lists have none). */
#define EDITED_BY                                                                               \
    "COALESCE((SELECT l.actor_name FROM audit_log l WHERE l.article_id = a.id"                  \
    " ORDER BY l.id DESC LIMIT 1), (SELECT r.actor_name FROM revisions r"                       \
    " WHERE r.article_id = a.id ORDER BY r.id DESC LIMIT 1), '')"

/* The filters (see sqlite_newsroom_list.c): $7 the text's matches. */
#define LIST_WHERE                                                                              \
    " WHERE ($1::text IS NULL OR a.lang = $1::text) AND ($2::text IS NULL OR c.slug = $2::text)" \
    " AND ($3::text IS NULL OR a.workflow = $3::text)"                                          \
    " AND (($4::integer = 1) = (a.deleted_at IS NOT NULL))"                                     \
    " AND ($5::text IS NULL OR a.id IN (SELECT article_id FROM article_authors WHERE author_slug = $5::text))" \
    " AND ($6::text IS NULL OR a.owner = $6::text)" \
    " AND ($7::bigint[] IS NULL OR a.id = ANY ($7::bigint[]))"

static const char *const other_sql[L_COUNT_OF] = {
    [L_MATCH_PUBLIC] = "SELECT article_id FROM search_entries WHERE lang = $1 AND document @@ $2::tsquery"
                       " ORDER BY article_id DESC LIMIT $3",
    [L_MATCH_HIDDEN] = "SELECT article_id FROM newsroom_search_entries WHERE lang = $1"
                       " AND document @@ $2::tsquery ORDER BY article_id DESC LIMIT $3",
    [L_KEEP_HIDDEN] = "INSERT INTO newsroom_search_entries (article_id, lang, document)"
                      " SELECT article_id, lang, document FROM search_entries WHERE article_id = $1"
                      " ON CONFLICT (article_id) DO UPDATE SET lang = EXCLUDED.lang, document = EXCLUDED.document",
    [L_CATEGORY_DELETE] = "DELETE FROM categories WHERE id = $1"
                          " AND NOT EXISTS (SELECT 1 FROM articles WHERE category_id = $1)",
    [L_CATEGORY_EXISTS] = "SELECT 1 FROM categories WHERE id = $1",
    [L_TAGS] = "SELECT tag, count(*) FROM article_tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT $1",
    [L_TAG_COUNT] = "SELECT count(*) FROM article_tags WHERE tag = $1",
    [L_TAG_MOVE] = "UPDATE article_tags t SET tag = $2, tag_slug = $3 WHERE t.tag = $1 AND NOT EXISTS"
                   " (SELECT 1 FROM article_tags u WHERE u.article_id = t.article_id AND u.tag = $2)",
    [L_TAG_DROP] = "DELETE FROM article_tags WHERE tag = $1",
    [L_MEDIA_PAGE] = PG_MEDIA_COLUMNS " WHERE ($1::bigint = 0 OR id < $1::bigint) ORDER BY id DESC LIMIT $2",
    [L_MEDIA_DELETE] = "DELETE FROM media WHERE id = $1"
                       " AND NOT EXISTS (SELECT 1 FROM articles WHERE lead_image_id = $1 OR social_image_id = $1)",
    [L_MEDIA_EXISTS] = "SELECT hash FROM media WHERE id = $1",
    [L_MEDIA_FILES_DELETE] = "DELETE FROM media_files WHERE left(name, length($1) + 1) = $1 || '-'",
};

static char list_sql[8][3072];
static pthread_once_t list_once = PTHREAD_ONCE_INIT;

/* Writes the eight list statements: $8 and $9 the position when there is
** one, then the limit. */
static void build_list_sql(void) {
    for (int v = 0; v < 8; v++) {
        const char *key = v & 4 ? "a.updated_at" : "a.published_at";
        const char *dir = v & 2 ? "DESC" : "ASC";
        char columns[2048], position[160];
        snprintf(position, sizeof position, " AND (%s, a.id) %s ($8::bigint, $9::bigint)", key, v & 2 ? "<" : ">");
        int m = snprintf(columns, sizeof columns, PG_ARTICLE_COLUMNS, EDITED_BY);
        int n = snprintf(list_sql[v], sizeof list_sql[v], "%s" LIST_WHERE "%s ORDER BY %s %s, a.id %s LIMIT $%d",
                         columns, v & 1 ? position : "", key, dir, dir, v & 1 ? 10 : 8);
        if (m < 0 || (size_t)m >= sizeof columns || n < 0 || (size_t)n >= sizeof list_sql[v]) abort();
    }
}

/* The SQL of statement id. */
static const char *sql_of(int id) {
    if (id >= L_MATCH_PUBLIC) return other_sql[id];
    pthread_once(&list_once, build_list_sql);
    return list_sql[id];
}

/* Runs statement id: the result (the caller clears it), or NULL with *rc. */
static PGresult *run(pg_conn *c, int id, const pg_params *p, int *rc, const char *what) {
    return pg_query(c, PG_LIST_FIRST + id, sql_of(id), p, rc, what);
}

/* Runs statement id for its effect; *rows the rows it touched. */
static int exec(pg_conn *c, int id, const pg_params *p, int64_t *rows, const char *what) {
    return pg_exec(c, PG_LIST_FIRST + id, sql_of(id), p, rows, what);
}

int postgres_newsroom_keep_hidden(pg_conn *c, int64_t id) {
    pg_params p = {0};
    pg_int(&p, id);
    return exec(c, L_KEEP_HIDDEN, &p, NULL, "index article for the newsroom");
}

/* ----------------------------------------------------------------- list */

/* Appends to ids (an array literal being written) the newest matches of
** tsquery in edition lang of one index; *full when it held more. */
static int text_matches(pg_conn *c, int id, const char *lang, const char *tsquery, buf *ids, size_t *n,
                        bool *full) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, tsquery);
    pg_int(&p, STORE_NEWSROOM_TEXT_WINDOW + 1);
    int rc;
    PGresult *r = run(c, id, &p, &rc, "find articles by their words");
    if (!r) return rc;
    int rows = PQntuples(r);
    if (rows > STORE_NEWSROOM_TEXT_WINDOW) {
        *full = true;
        rows = STORE_NEWSROOM_TEXT_WINDOW;
    }
    for (int i = 0; i < rows; i++) buf_printf(ids, "%s%lld", (*n)++ ? "," : "", (long long)pg_get_int(r, i, 0));
    PQclear(r);
    return STORE_OK;
}

/* The text filter's matches as an array literal of ids, in a; *n of them. */
static int text_ids(pg_conn *c, arena *a, const newsroom_filter *f, const char **ids_out, size_t *n, bool *full) {
    buf ids;
    buf_init(&ids, a);
    buf_putc(&ids, '{');
    *n = 0;
    for (size_t i = 0; i < f->text_count; i++) {
        const char *tsquery = postgres_tsquery(a, f->text[i].lang, f->text[i].query);
        if (!tsquery) continue;
        int rc = text_matches(c, L_MATCH_PUBLIC, f->text[i].lang, tsquery, &ids, n, full);
        if (rc == STORE_OK) rc = text_matches(c, L_MATCH_HIDDEN, f->text[i].lang, tsquery, &ids, n, full);
        if (rc != STORE_OK) return rc;
    }
    buf_putc(&ids, '}');
    *ids_out = ids.data;
    return STORE_OK;
}

/* s when it filters (not NULL, not empty), else NULL. */
static const char *filter_text(const char *s) { return s && *s ? s : NULL; }

int postgres_articles_newsroom(store *s, arena *a, const newsroom_filter *f, newsroom_page *out) {
    pg_conn *c = postgres_conn(s);
    memset(out, 0, sizeof *out);
    int limit = f->limit < 1 ? 1 : f->limit > STORE_NEWSROOM_MAX ? STORE_NEWSROOM_MAX : f->limit;
    const char *ids = NULL;
    if (f->text_count) {
        size_t n;
        int rc = text_ids(c, a, f, &ids, &n, &out->text_window_full);
        if (rc != STORE_OK || n == 0) return rc;
    }
    int variant = (f->sort == NEWSROOM_BY_UPDATED ? 4 : 0) + (f->ascending ? 0 : 2) + (f->from_position ? 1 : 0);
    pg_params p = {0};
    pg_text(&p, filter_text(f->lang));
    pg_text(&p, filter_text(f->category_slug));
    pg_text(&p, !f->trash && f->workflow != WF_UNSET ? workflow_name(f->workflow) : NULL);
    pg_int(&p, f->trash ? 1 : 0);
    pg_text(&p, filter_text(f->author_slug));
    pg_text(&p, filter_text(f->owner));
    pg_text(&p, ids);
    if (f->from_position) {
        pg_int(&p, f->position_key);
        pg_int(&p, f->position_id);
    }
    pg_int(&p, limit + 1); /* one more tells whether more follow */
    int rc;
    PGresult *r = run(c, L_LIST + variant, &p, &rc, "list articles");
    if (!r) return rc;
    int rows = PQntuples(r);
    if (rows > limit) {
        out->more = true;
        rows = limit;
    }
    newsroom_item *items = rows ? arena_zalloc(a, (size_t)rows * sizeof *items) : NULL;
    for (int i = 0; i < rows; i++) {
        postgres_read_article(a, r, i, &items[i].article);
        items[i].edited_by = items[i].article.body_html ? items[i].article.body_html : "";
        items[i].article.body_html = NULL;
    }
    PQclear(r);
    out->items = items;
    out->count = (size_t)rows;
    return STORE_OK;
}

/* ------------------------------------------------ categories, tags, media */

/* A delete guarded by NOT EXISTS, under the content lock: STORE_OK when
** it deleted, else STORE_CONFLICT when the row is there (in use) or
** STORE_NOT_FOUND. */
static int guarded_delete(store *s, int64_t id, int delete_id, int exists_id, const char *what) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, id);
    int64_t rows = 0;
    rc = exec(c, delete_id, &p, &rows, what);
    if (rc == STORE_OK && rows == 0) {
        PGresult *r = run(c, exists_id, &p, &rc, what);
        if (r) rc = PQntuples(r) ? STORE_CONFLICT : STORE_NOT_FOUND;
        PQclear(r);
    }
    /* A refusal changed nothing: not a failure of the caller's transaction. */
    int end = pg_write_end(s, own, rc == STORE_CONFLICT || rc == STORE_NOT_FOUND ? STORE_OK : rc);
    return end != STORE_OK ? end : rc;
}

int postgres_category_delete(store *s, int64_t id) {
    return guarded_delete(s, id, L_CATEGORY_DELETE, L_CATEGORY_EXISTS, "delete category");
}

int postgres_tags(store *s, arena *a, int limit, tag_use **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, limit);
    int rc;
    PGresult *r = run(c, L_TAGS, &p, &rc, "list tags");
    if (!r) return rc;
    size_t n = (size_t)PQntuples(r);
    tag_use *items = n ? arena_alloc(a, n * sizeof *items) : NULL;
    for (size_t i = 0; i < n; i++) {
        items[i].tag = pg_get_text(a, r, (int)i, 0);
        items[i].count = pg_get_int(r, (int)i, 1);
    }
    PQclear(r);
    *out = items;
    *count = n;
    return STORE_OK;
}

int postgres_tag_rename(store *s, const char *from, const char *to, int64_t *changed) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_text(&p, from);
    PGresult *r = run(c, L_TAG_COUNT, &p, &rc, "count tag");
    if (r) {
        *changed = PQntuples(r) ? pg_get_int(r, 0, 0) : 0;
        PQclear(r);
        if (*changed == 0) {
            rc = pg_write_end(s, own, STORE_OK);
            return rc != STORE_OK ? rc : STORE_NOT_FOUND;
        }
        pg_params q = {0};
        pg_text(&q, from);
        pg_text(&q, to);
        arena *a = arena_new();
        pg_text(&q, urls_tag_slug(a, to));
        rc = exec(c, L_TAG_MOVE, &q, NULL, "rename tag");
        arena_free(a);
        if (rc == STORE_OK) rc = exec(c, L_TAG_DROP, &p, NULL, "rename tag"); /* those that had both */
    }
    return pg_write_end(s, own, rc);
}

int postgres_media_page(store *s, arena *a, int64_t before_id, int limit, media **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, before_id > 0 ? before_id : 0);
    pg_int(&p, limit);
    int rc;
    PGresult *r = run(c, L_MEDIA_PAGE, &p, &rc, "list media");
    if (!r) return rc;
    size_t n = (size_t)PQntuples(r);
    media *items = n ? arena_alloc(a, n * sizeof *items) : NULL;
    for (size_t i = 0; i < n; i++) postgres_read_media(a, r, (int)i, &items[i]);
    PQclear(r);
    *out = items;
    *count = n;
    return STORE_OK;
}

int postgres_media_delete(store *s, int64_t id) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, id);
    int rc;
    PGresult *r = run(c, L_MEDIA_EXISTS, &p, &rc, "find image");
    if (!r) return rc;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return STORE_NOT_FOUND;
    }
    arena *a = arena_new();
    const char *hash = pg_get_text(a, r, 0, 0);
    PQclear(r);
    bool own;
    rc = pg_write_begin(s, c, &own);
    if (rc == STORE_OK) {
        int64_t rows = 0;
        rc = exec(c, L_MEDIA_DELETE, &p, &rows, "delete image");
        if (rc == STORE_OK && rows == 0) rc = STORE_CONFLICT; /* it was there: in use */
        if (rc == STORE_OK) {
            pg_params q = {0};
            pg_text(&q, hash);
            rc = exec(c, L_MEDIA_FILES_DELETE, &q, NULL, "delete image files");
        }
        int end = pg_write_end(s, own, rc == STORE_CONFLICT ? STORE_OK : rc);
        if (end != STORE_OK) rc = end;
    }
    arena_free(a);
    return rc;
}
