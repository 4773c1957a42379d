/*
** Articles in the PostgreSQL store: saving and updating them (with their
** body, tags and search entry), and what readers' pages list of them.
** The semantics are sqlite.c's, statement for statement; what differs is
** how writes stay right when several nodes write at once (SQLite has one
** writer at a time; PostgreSQL does not):
**   - article_save finds the article by edition and slug, then updates it
**     or inserts it with ON CONFLICT DO NOTHING; when another node inserted
**     the same address meanwhile, it finds that one and updates it;
**   - article_update runs its UPDATE under a savepoint, so that a taken
**     address (STORE_CONFLICT) leaves the caller's transaction usable, as
**     SQLite's callers expect;
**   - both take the content's lock first, and run in a transaction of
**     their own when the caller has none (pg_write_begin).
*/
#include "postgres_internal.h"
#include "../core/fatal.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum article_stmt {
    A_FIND, A_EXISTS, A_INSERT, A_UPDATE, A_BODY_SAVE, A_TAGS_DELETE, A_TAG_INSERT,
    A_BY_SLUG, A_LIST_ALL, A_LIST_CATEGORY, A_LIST_TAG, A_LIST_AUTHOR, A_LIST_TAG_SLUG, A_FEATURED,
    A_COUNT_ALL, A_COUNT_CATEGORY, A_COUNT_AUTHOR, A_TAGS, A_TRANSLATIONS,
    A_COUNT_OF
};
_Static_assert(A_COUNT_OF <= PG_ARTICLE_SLOTS, "raise PG_ARTICLE_SLOTS");

/* The fields an insert and an update share are $1 to $22, in the order
** bind_article() gives them; an update adds the id ($23) and the version
** the writer read ($24, 0 for any). */
#define ARTICLE_FIELDS_UPDATE                                                               \
    "UPDATE articles SET lang = $1, slug = $2, category_id = $3, title = $4, subtitle = $5," \
    " author = $6, published_at = $7,"                                                      \
    " status = CASE WHEN deleted_at IS NULL THEN $8::integer ELSE 0 END,"                   \
    " translation_key = $9, updated_at = $10, workflow = $11, owner = COALESCE($12, owner),"  \
    " featured = $13, lead_image_id = $14, lead_image_caption = $15,"                       \
    " lead_image_credit = $16, author_slug = $17, lead_image_alt = $18, seo_title = $19,"     \
    " seo_description = $20, social_image_id = $21, canonical_url = $22, version = version + 1"

/* The lists' common conditions and order: the edition ($1), older than
** the position ($2, $3), not the excluded article ($4); $5 and $6 are the
** limit and offset, $7 (and $8) what the list is of. */
#define LIST_WHERE                                                                          \
    " WHERE a.lang = $1 AND a.status = 1"                                                   \
    " AND (a.published_at, a.id) < ($2::bigint, $3::bigint) AND a.id <> $4"
#define LIST_ORDER " ORDER BY a.published_at DESC, a.id DESC LIMIT $5 OFFSET $6"

static const char *const article_sql_fixed[A_COUNT_OF] = {
    [A_FIND] = "SELECT id FROM articles WHERE lang = $1 AND slug = $2",
    [A_EXISTS] = "SELECT 1 FROM articles WHERE id = $1",
    /* Nothing when another writer holds the address: article_save then
    ** updates that article. */
    [A_INSERT] =
        "INSERT INTO articles (lang, slug, category_id, title, subtitle, author, published_at,"
        " status, translation_key, created_at, updated_at, workflow, owner, featured,"
        " lead_image_id, lead_image_caption, lead_image_credit, author_slug, lead_image_alt,"
        " seo_title, seo_description, social_image_id, canonical_url)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, COALESCE($12, ''), $13,"
        " $14, $15, $16, $17, $18, $19, $20, $21, $22)"
        " ON CONFLICT (lang, slug) DO NOTHING RETURNING id",
    [A_UPDATE] = ARTICLE_FIELDS_UPDATE " WHERE id = $23 AND ($24::bigint = 0 OR version = $24)",
    [A_BODY_SAVE] =
        "INSERT INTO article_bodies (article_id, body_markdown, body_html) VALUES ($1, $2, $3)"
        " ON CONFLICT (article_id) DO UPDATE"
        " SET body_markdown = EXCLUDED.body_markdown, body_html = EXCLUDED.body_html",
    [A_TAGS_DELETE] = "DELETE FROM article_tags WHERE article_id = $1",
    /* SQLite's INSERT OR IGNORE: a repeated tag once, a NULL one not. */
    [A_TAG_INSERT] =
        "INSERT INTO article_tags (article_id, tag, tag_slug) SELECT $1::bigint, $2::text, $3::text"
        " WHERE $2::text IS NOT NULL ON CONFLICT DO NOTHING",
    /* The article queries are made from PG_ARTICLE_COLUMNS (build_sql). */
    [A_COUNT_ALL] =
        "SELECT COUNT(*) FROM articles WHERE lang = $1 AND status = 1 AND published_at <= $2",
    [A_COUNT_CATEGORY] =
        "SELECT COUNT(*) FROM articles"
        " WHERE lang = $1 AND category_id = $3 AND status = 1 AND published_at <= $2",
    [A_COUNT_AUTHOR] =
        "SELECT COUNT(*) FROM articles"
        " WHERE lang = $1 AND status = 1 AND published_at <= $2"
        " AND id IN (SELECT article_id FROM article_authors WHERE author_slug = $3)",
    [A_TAGS] = "SELECT tag FROM article_tags WHERE article_id = $1 ORDER BY tag",
    /* The newest per edition, editions in byte order (lang is "C"). */
    [A_TRANSLATIONS] =
        "SELECT DISTINCT ON (a.lang) a.lang, c.slug, a.slug, a.id, a.title"
        " FROM articles a JOIN categories c ON c.id = a.category_id"
        " WHERE a.translation_key = $1 AND a.status = 1 AND a.published_at <= $2"
        " ORDER BY a.lang, a.published_at DESC, a.id DESC",
    /* The article page's statements (postgres_article_page) find the
    ** article themselves, by its address ($1, $2, visible at $3), so that
    ** all go at once. */
};

/* The statements made from PG_ARTICLE_COLUMNS, filled once (build_sql). */
static char article_sql_built[A_COUNT_OF][2048];
static pthread_once_t article_sql_once = PTHREAD_ONCE_INIT;

/* Fills article_sql_built: the column list with the body column (the
** article's page) or NULL (lists), then each statement's conditions. */
static void build_sql(void) {
    static const struct { enum article_stmt id; const char *body, *rest; } parts[] = {
        {A_BY_SLUG, "(SELECT body_html FROM article_bodies WHERE article_id = a.id)",
         " WHERE a.lang = $1 AND a.slug = $2 AND a.status = 1 AND a.published_at <= $3"},
        {A_LIST_ALL, "NULL", LIST_WHERE LIST_ORDER},
        {A_LIST_CATEGORY, "NULL", LIST_WHERE " AND a.category_id = $7" LIST_ORDER},
        {A_LIST_TAG, "NULL",
         LIST_WHERE " AND ($7::bigint = 0 OR a.category_id = $7)"
                    " AND a.id IN (SELECT article_id FROM article_tags WHERE tag = $8)" LIST_ORDER},
        {A_LIST_AUTHOR, "NULL",
         LIST_WHERE " AND a.id IN (SELECT article_id FROM article_authors WHERE author_slug = $7)" LIST_ORDER},
        {A_LIST_TAG_SLUG, "NULL",
         LIST_WHERE " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_slug = $7)" LIST_ORDER},
        {A_FEATURED, "NULL",
         " WHERE a.lang = $1 AND a.status = 1 AND a.featured = 1"
         " AND a.published_at > $2 AND a.published_at <= $3"
         " ORDER BY a.published_at DESC, a.id DESC LIMIT 1"},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char *sql = article_sql_built[parts[i].id];
        size_t room = sizeof article_sql_built[0];
        int n = snprintf(sql, room, PG_ARTICLE_COLUMNS, parts[i].body);
        if (n < 0 || (size_t)n >= room || (size_t)snprintf(sql + n, room - (size_t)n, "%s", parts[i].rest) >= room - (size_t)n)
            fatal("article statement %d is too long", (int)parts[i].id);
    }
}

/* The SQL of a statement of this file (static text). */
static const char *sql_of(enum article_stmt id) {
    if (article_sql_fixed[id]) return article_sql_fixed[id];
    pthread_once(&article_sql_once, build_sql);
    return article_sql_built[id];
}

/* Runs a statement of this file for its rows (see pg_query). */
static PGresult *query(pg_conn *c, enum article_stmt id, const pg_params *p, int *rc, const char *what) {
    return pg_query(c, PG_ARTICLE_FIRST + (int)id, sql_of(id), p, rc, what);
}

/* Runs a statement of this file that returns one row or none. */
static PGresult *query_one(pg_conn *c, enum article_stmt id, const pg_params *p, int *rc, const char *what) {
    return pg_query_one(c, PG_ARTICLE_FIRST + (int)id, sql_of(id), p, rc, what);
}

/* Runs a statement of this file for its effect; *rows (may be NULL) gets
** the rows it touched. */
static int exec(pg_conn *c, enum article_stmt id, const pg_params *p, int64_t *rows, const char *what) {
    return pg_exec(c, PG_ARTICLE_FIRST + (int)id, sql_of(id), p, rows, what);
}

/* ---------------------------------------------------------------- rows */

void postgres_read_image(arena *a, const PGresult *r, int row, int col, media *out) {
    memset(out, 0, sizeof *out);
    out->id = pg_get_int(r, row, col);
    if (!out->id) return;
    out->hash = pg_get_text(a, r, row, col + 1);
    out->format = pg_get_text(a, r, row, col + 2);
    out->width = (int)pg_get_int(r, row, col + 3);
    out->height = (int)pg_get_int(r, row, col + 4);
    out->variants = pg_get_text(a, r, row, col + 5);
}

void postgres_read_article(arena *a, const PGresult *r, int row, article *out) {
    out->id = pg_get_int(r, row, 0);
    out->lang = pg_get_text(a, r, row, 1);
    out->slug = pg_get_text(a, r, row, 2);
    out->category_id = pg_get_int(r, row, 3);
    out->category_slug = pg_get_text(a, r, row, 4);
    out->category_name = pg_get_text(a, r, row, 5);
    if (!out->category_name && out->category_slug)
        out->category_name = store_default_category_name(a, out->category_slug);
    out->title = pg_get_text(a, r, row, 6);
    out->subtitle = pg_get_text(a, r, row, 7);
    out->author = pg_get_text(a, r, row, 8);
    out->published_at = pg_get_int(r, row, 9);
    out->updated_at = pg_get_int(r, row, 10);
    out->status = pg_get_int(r, row, 11) ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    out->body_html = pg_get_text(a, r, row, 12);
    out->translation_key = pg_get_text(a, r, row, 13);
    out->views = pg_get_int(r, row, 14);
    if (pg_is_null(r, row, 15) || !workflow_parse(PQgetvalue(r, row, 15), &out->workflow))
        out->workflow = out->status == ARTICLE_PUBLISHED ? WF_PUBLISHED : WF_DRAFT;
    out->deleted_at = pg_get_int(r, row, 16);
    out->owner = pg_get_text(a, r, row, 17);
    out->featured = pg_get_int(r, row, 18) != 0;
    out->lead_image_caption = pg_get_text(a, r, row, 19);
    out->lead_image_credit = pg_get_text(a, r, row, 20);
    postgres_read_image(a, r, row, 21, &out->lead_image);
    out->version = pg_get_int(r, row, 27);
    out->lead_image_alt = pg_get_text(a, r, row, 28);
    out->seo_title = pg_get_text(a, r, row, 29);
    out->seo_description = pg_get_text(a, r, row, 30);
    out->social_image_id = pg_get_int(r, row, 31);
    out->canonical_url = pg_get_text(a, r, row, 32);
    out->body_markdown = NULL;
}

/* ------------------------------------------------------------- saving */

/* Adds the fields an insert and an update share ($1 to $22) for in, in
** category_id. The byline's slug (author pages find articles by it) is
** made in a, which must outlive the statement. */
static void bind_article(pg_params *p, arena *a, const article_input *in, int64_t category_id) {
    pg_text(p, in->lang);
    pg_text(p, in->slug);
    pg_int(p, category_id);
    pg_text(p, in->title);
    pg_text(p, in->subtitle ? in->subtitle : "");
    pg_text(p, in->author);
    pg_int(p, in->published_at);
    pg_int(p, store_input_public(in));
    pg_text(p, in->translation_key);
    pg_int(p, pg_now());
    pg_text(p, workflow_name(store_input_workflow(in)));
    pg_text(p, in->owner);
    pg_int(p, in->featured ? 1 : 0);
    if (in->lead_image_id) pg_int(p, in->lead_image_id);
    else pg_text(p, NULL);
    pg_text(p, in->lead_image_caption ? in->lead_image_caption : "");
    pg_text(p, in->lead_image_credit ? in->lead_image_credit : "");
    pg_text(p, in->author_count ? in->authors[0].slug : slugify(a, in->author ? in->author : "", SLUG_MAX));
    pg_text(p, in->lead_image_alt ? in->lead_image_alt : "");
    pg_text(p, in->seo_title ? in->seo_title : "");
    pg_text(p, in->seo_description ? in->seo_description : "");
    if (in->social_image_id) pg_int(p, in->social_image_id);
    else pg_text(p, NULL);
    pg_text(p, in->canonical_url ? in->canonical_url : "");
}

/* Saves the body and replaces the tags of article id (sqlite.c's
** sqlite_save_tags_and_body): STORE_OK or the error's class. */
static int save_tags_and_body(pg_conn *c, int64_t id, const article_input *in) {
    pg_params p = {0};
    pg_int(&p, id);
    pg_text(&p, in->body_markdown ? in->body_markdown : "");
    pg_text(&p, in->body_html ? in->body_html : "");
    int rc = exec(c, A_BODY_SAVE, &p, NULL, "save body");
    if (rc != STORE_OK) return rc;
    pg_params q = {0};
    pg_int(&q, id);
    if ((rc = exec(c, A_TAGS_DELETE, &q, NULL, "clear tags")) != STORE_OK) return rc;
    arena *a = arena_new();
    for (size_t i = 0; i < in->tag_count && rc == STORE_OK; i++) {
        pg_params t = {0};
        pg_int(&t, id);
        pg_text(&t, in->tags[i]);
        pg_text(&t, in->tags[i] ? urls_tag_slug(a, in->tags[i]) : NULL);
        rc = exec(c, A_TAG_INSERT, &t, NULL, "add tag");
    }
    arena_free(a);
    if (rc != STORE_OK) return rc;
    return postgres_authors_save(c, id, in);
}

/* Runs the update of article id to in (in category_id), expecting version
** (0: any): STORE_OK with the rows changed (0 or 1) in *rows, or the
** error's class. guarded: the address may be taken (another article's),
** which must leave a transaction usable. */
static int update_row(pg_conn *c, int64_t id, const article_input *in, int64_t category_id,
                      int64_t version, bool guarded, int64_t *rows) {
    arena *a = arena_new();
    pg_params p = {0};
    bind_article(&p, a, in, category_id);
    pg_int(&p, id);
    pg_int(&p, version);
    int slot = PG_ARTICLE_FIRST + A_UPDATE;
    int rc = guarded ? pg_exec_guarded(c, slot, sql_of(A_UPDATE), &p, rows, "update article")
                     : pg_exec(c, slot, sql_of(A_UPDATE), &p, rows, "update article");
    arena_free(a);
    return rc;
}

/* Why an update changed nothing: STORE_STALE when the article is there
** (it is past the version the writer read), else STORE_NOT_FOUND. */
static int update_missed(pg_conn *c, int64_t id, const article_input *in) {
    if (in->expected_version == 0) return STORE_NOT_FOUND;
    pg_params p = {0};
    pg_int(&p, id);
    int rc;
    PGresult *r = query_one(c, A_EXISTS, &p, &rc, "find article");
    PQclear(r);
    if (rc == STORE_OK)
        return pg_fail(c, STORE_STALE, "the article was changed by someone else since it was read");
    return rc;
}

/* article_update inside pg_write_begin() and pg_write_end(). */
static int update_article(store *s, pg_conn *c, int64_t id, const article_input *in) {
    int64_t category_id, rows = 0;
    int rc = store_category_ensure(s, in->category_slug, &category_id);
    if (rc != STORE_OK) return rc;
    rc = update_row(c, id, in, category_id, in->expected_version, true, &rows);
    if (rc == STORE_CONFLICT)
        pg_fail(c, rc, "another article of this edition already uses the address %s/%s",
                in->category_slug, in->slug);
    if (rc != STORE_OK) return rc;
    if (rows == 0) return update_missed(c, id, in);
    if ((rc = save_tags_and_body(c, id, in)) != STORE_OK) return rc;
    return postgres_search_index(c, id, in);
}

int postgres_article_update(store *s, int64_t id, const article_input *in) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    return pg_write_end(s, own, update_article(s, c, id, in));
}

/* The id of the article at in's edition and slug: STORE_OK,
** STORE_NOT_FOUND, or the error's class. */
static int find_article(pg_conn *c, const article_input *in, int64_t *id) {
    pg_params p = {0};
    pg_text(&p, in->lang);
    pg_text(&p, in->slug);
    int rc;
    PGresult *r = query_one(c, A_FIND, &p, &rc, "find article");
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* Inserts in (in category_id): STORE_OK with its id, STORE_NOT_FOUND when
** another article holds the address (inserted since it was looked for),
** or the error's class. */
static int insert_article(pg_conn *c, const article_input *in, int64_t category_id, int64_t *id) {
    arena *a = arena_new();
    pg_params p = {0};
    bind_article(&p, a, in, category_id);
    int rc;
    PGresult *r = query_one(c, A_INSERT, &p, &rc, "insert article");
    arena_free(a);
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* Saves in as a new article or over the one at its address: STORE_OK with
** *id and *created, or the error's class. Another node may insert the
** address between the look and the insert, or delete the article between
** the look and the update: each time the article is looked for again
** (three times at most, which only a storm of writers to one address
** exhausts). Writers that took the content lock (pg_write_begin) see each
** other's commits, so with them this is only a safety net. */
static int save_row(pg_conn *c, const article_input *in, int64_t category_id, int64_t *id,
                    bool *created) {
    for (int attempt = 0; attempt < 3; attempt++) {
        int64_t existing = 0, rows = 0;
        int rc = find_article(c, in, &existing);
        if (rc == STORE_OK) {
            /* Unguarded: the address is the one it was found at. */
            if ((rc = update_row(c, existing, in, category_id, 0, false, &rows)) != STORE_OK) return rc;
            if (rows == 0) continue; /* deleted meanwhile */
            *id = existing;
            *created = false;
            return STORE_OK;
        }
        if (rc != STORE_NOT_FOUND) return rc;
        rc = insert_article(c, in, category_id, id);
        if (rc == STORE_OK) *created = true;
        if (rc != STORE_NOT_FOUND) return rc;
    }
    return pg_fail(c, STORE_CONFLICT, "the address %s/%s kept changing hands while it was saved",
                   in->category_slug, in->slug);
}

/* article_save inside pg_write_begin() and pg_write_end(). */
static int save_article(store *s, pg_conn *c, const article_input *in, int64_t *id, bool *created) {
    int64_t category_id;
    int rc = store_category_ensure(s, in->category_slug, &category_id);
    if (rc != STORE_OK) return rc;
    if ((rc = save_row(c, in, category_id, id, created)) != STORE_OK) return rc;
    if ((rc = save_tags_and_body(c, *id, in)) != STORE_OK) return rc;
    return postgres_search_index(c, *id, in);
}

int postgres_article_save(store *s, const article_input *in, int64_t *id, bool *created) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    return pg_write_end(s, own, save_article(s, c, in, id, created));
}

/* ------------------------------------------------------------ reading */

int postgres_article_by_slug(store *s, arena *a, const char *lang, const char *slug, article *out) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, slug);
    pg_int(&p, pg_now());
    int rc;
    PGresult *r = query_one(c, A_BY_SLUG, &p, &rc, "find article");
    if (!r) return rc;
    postgres_read_article(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

/* Runs one of the list statements (A_LIST_ALL, A_LIST_CATEGORY,
** A_LIST_TAG, A_LIST_AUTHOR) and reads at most limit rows into *out, in
** a. category_id is $7 of the category and tag lists; text (a tag, an
** author's slug) is the last parameter of the tag and author lists. */
/* Binds the parameters of a list statement (A_LIST_ALL, A_LIST_CATEGORY,
** A_LIST_TAG, A_LIST_AUTHOR) into p: category_id is $7 of the category
** and tag lists; text (a tag, an author's slug) the last parameter of
** the tag and author lists; text must outlive p. */
static void bind_list(pg_params *p, enum article_stmt id, const char *lang, int64_t category_id,
                      const char *text, const list_cursor *cursor, int offset, int limit, int64_t exclude_id) {
    /* Nothing dated after now: such articles are embargoed until their time. */
    int64_t now = pg_now();
    list_cursor before = {now, INT64_MAX};
    if (cursor && (cursor->published_at < now || (cursor->published_at == now && cursor->id < INT64_MAX)))
        before = *cursor;
    *p = (pg_params){0};
    pg_text(p, lang);
    pg_int(p, before.published_at);
    pg_int(p, before.id);
    pg_int(p, exclude_id);
    pg_int(p, limit);
    pg_int(p, offset);
    if (id == A_LIST_CATEGORY || id == A_LIST_TAG) pg_int(p, category_id);
    if (id == A_LIST_TAG || id == A_LIST_AUTHOR || id == A_LIST_TAG_SLUG) pg_text(p, text);
}

/* Reads at most limit rows of a list's result r into *out, in a. */
static void read_list(arena *a, const PGresult *r, int limit, article **out, size_t *count) {
    int rows = PQntuples(r);
    size_t n = rows < limit ? (size_t)rows : (size_t)limit;
    article *items = arena_alloc(a, (n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) postgres_read_article(a, r, (int)i, &items[i]);
    *out = items;
    *count = n;
}

/* Runs one of the list statements and reads at most limit rows into
** *out, in a (see bind_list). */
static int run_list(pg_conn *c, enum article_stmt id, arena *a, const char *lang, int64_t category_id,
                    const char *text, const list_cursor *cursor, int offset, int limit,
                    int64_t exclude_id, article **out, size_t *count) {
    *out = NULL;
    *count = 0;
    if (limit <= 0) return STORE_OK;
    pg_params p;
    bind_list(&p, id, lang, category_id, text, cursor, offset, limit, exclude_id);
    int rc;
    PGresult *r = query(c, id, &p, &rc, "list articles");
    if (!r) return rc;
    read_list(a, r, limit, out, count);
    PQclear(r);
    return STORE_OK;
}

/* The lists go PG_LISTS_AT_ONCE to a pipeline: one round trip for a home
** page's sections. */
#define PG_LISTS_AT_ONCE PG_READ_BATCH_MAX

int postgres_articles_lists(store *s, arena *a, const char *lang, const list_request *requests, size_t n,
                            article **out, size_t *counts) {
    pg_conn *c = postgres_conn(s);
    for (size_t i = 0; i < n; i++) out[i] = NULL, counts[i] = 0;
    for (size_t first = 0; first < n; first += PG_LISTS_AT_ONCE) {
        size_t k = n - first < PG_LISTS_AT_ONCE ? n - first : PG_LISTS_AT_ONCE;
        pg_params p[PG_LISTS_AT_ONCE];
        pg_batch b[PG_LISTS_AT_ONCE];
        size_t at[PG_LISTS_AT_ONCE], sent = 0;
        for (size_t i = first; i < first + k; i++) {
            const list_request *q = &requests[i];
            if (q->limit <= 0) continue;
            enum article_stmt id = q->category_id ? A_LIST_CATEGORY : A_LIST_ALL;
            bind_list(&p[sent], id, lang, q->category_id, NULL, q->cursor, q->offset, q->limit, q->exclude_id);
            b[sent] = (pg_batch){.slot = PG_ARTICLE_FIRST + (int)id, .sql = sql_of(id), .params = &p[sent]};
            at[sent++] = i;
        }
        if (sent == 0) continue;
        int rc = pg_read_batch(c, b, sent, "list articles");
        for (size_t j = 0; j < sent; j++) {
            if (rc == STORE_OK) read_list(a, b[j].result, requests[at[j]].limit, &out[at[j]], &counts[at[j]]);
            PQclear(b[j].result);
        }
        if (rc != STORE_OK) return rc;
    }
    return STORE_OK;
}

int postgres_articles_list(store *s, arena *a, const char *lang, int64_t category_id,
                           const list_cursor *cursor, int offset, int limit, int64_t exclude_id,
                           article **out, size_t *count) {
    return run_list(postgres_conn(s), category_id ? A_LIST_CATEGORY : A_LIST_ALL, a, lang, category_id,
                    NULL, cursor, offset, limit, exclude_id, out, count);
}

int postgres_articles_tagged(store *s, arena *a, const char *lang, int64_t category_id, const char *tag,
                             const list_cursor *cursor, int limit, article **out, size_t *count) {
    return run_list(postgres_conn(s), A_LIST_TAG, a, lang, category_id, tag, cursor, 0, limit, 0, out,
                    count);
}

int postgres_articles_by_author(store *s, arena *a, const char *lang, const char *author_slug,
                                const list_cursor *cursor, int offset, int limit, article **out,
                                size_t *count) {
    return run_list(postgres_conn(s), A_LIST_AUTHOR, a, lang, 0, author_slug, cursor, offset, limit, 0,
                    out, count);
}

int postgres_articles_by_tag(store *s, arena *a, const char *lang, const char *tag_slug, const list_cursor *cursor,
                            int offset, int limit, article **out, size_t *count) {
    return run_list(postgres_conn(s), A_LIST_TAG_SLUG, a, lang, 0, tag_slug, cursor, offset, limit, 0, out, count);
}

/* Runs a COUNT statement (A_COUNT_*) of an edition's visible articles,
** in category_id or by author_slug for the statements of those: STORE_OK
** with *count, or the error's class. */
static int run_count(pg_conn *c, enum article_stmt id, const char *lang, int64_t category_id,
                     const char *author_slug, int64_t *count, const char *what) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, pg_now());
    if (id == A_COUNT_CATEGORY) pg_int(&p, category_id);
    if (id == A_COUNT_AUTHOR) pg_text(&p, author_slug);
    int rc;
    PGresult *r = query_one(c, id, &p, &rc, what);
    if (!r) return rc == STORE_NOT_FOUND ? pg_fail(c, STORE_ERROR, "%s: no count", what) : rc;
    *count = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

int postgres_articles_count_by_author(store *s, const char *lang, const char *author_slug, int64_t *count) {
    return run_count(postgres_conn(s), A_COUNT_AUTHOR, lang, 0, author_slug, count,
                     "count an author's articles");
}

int postgres_articles_count(store *s, const char *lang, int64_t category_id, int64_t *count) {
    return run_count(postgres_conn(s), category_id ? A_COUNT_CATEGORY : A_COUNT_ALL, lang, category_id,
                     NULL, count, "count articles");
}

int postgres_featured(store *s, arena *a, const char *lang, int64_t since, article *out) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, since);
    pg_int(&p, pg_now());
    int rc;
    PGresult *r = query_one(c, A_FEATURED, &p, &rc, "find featured article");
    if (!r) return rc;
    postgres_read_article(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

/* Reads a result of A_TRANSLATIONS, in a. */
static void read_translations(arena *a, const PGresult *r, translation **out, size_t *count) {
    size_t n = (size_t)PQntuples(r);
    translation *items = arena_alloc(a, (n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) {
        items[i].lang = pg_get_text(a, r, (int)i, 0);
        items[i].category_slug = pg_get_text(a, r, (int)i, 1);
        items[i].slug = pg_get_text(a, r, (int)i, 2);
        items[i].id = pg_get_int(r, (int)i, 3);
        items[i].title = pg_get_text(a, r, (int)i, 4);
    }
    *out = items;
    *count = n;
}

int postgres_article_translations(store *s, arena *a, const char *translation_key, translation **out,
                                  size_t *count) {
    *out = NULL;
    *count = 0;
    if (!translation_key || !*translation_key) return STORE_OK;
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, translation_key);
    pg_int(&p, pg_now());
    int rc;
    PGresult *r = query(c, A_TRANSLATIONS, &p, &rc, "find translations");
    if (!r) return rc;
    read_translations(a, r, out, count);
    PQclear(r);
    return STORE_OK;
}

/* Reads a result of A_TAGS, in a. */
static void read_tags(arena *a, const PGresult *r, const char ***out, size_t *count) {
    size_t n = (size_t)PQntuples(r);
    const char **tags = arena_alloc(a, (n ? n : 1) * sizeof *tags);
    for (size_t i = 0; i < n; i++) tags[i] = pg_get_text(a, r, (int)i, 0);
    *out = tags;
    *count = n;
}

int postgres_article_tags(store *s, arena *a, int64_t article_id, const char ***out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, article_id);
    int rc;
    PGresult *r = query(c, A_TAGS, &p, &rc, "list tags");
    if (!r) return rc;
    read_tags(a, r, out, count);
    PQclear(r);
    return STORE_OK;
}
