/*
** The newsroom's list on SQLite: the index of the articles readers cannot
** see (one FTS5 table per edition, newsroom_search_xx, beside the public
** search_xx; an article is in exactly one of the two), the list itself
** (filters, two orders each way, keyset pages), and the newsroom's
** housekeeping of categories, tags and images.
**
** The list's text filter runs first and on its own: the newest
** STORE_NEWSROOM_TEXT_WINDOW matches (by id) of each index of each edition
** asked for, found by FTS5 walking its doclists from the newest, so a
** common word costs the same whatever the archive holds; the other
** filters, the order and the page then run over those ids (json_each).
*/
#include "sqlite_internal.h"
#include "../core/buf.h"
#include "../core/urls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statements of one edition's pair of tables, three slots each (en, ru, az). */
enum edition_stmt { E_DELETE, E_INSERT, E_CLEAR, E_KEEP, E_MATCH_PUBLIC, E_MATCH_HIDDEN, E_COUNT_OF };
/* The other statements, after them. */
enum list_stmt {
    L_LIST = E_COUNT_OF * 3, /* 8 of them: sort * 4 + descending * 2 + from a position */
    L_CATEGORY_DELETE = L_LIST + 8, L_CATEGORY_EXISTS, L_TAGS, L_TAG_COUNT, L_TAG_MOVE, L_TAG_DROP,
    L_MEDIA_PAGE, L_MEDIA_DELETE, L_MEDIA_EXISTS, L_MEDIA_FILES_DELETE, L_SLOTS
};
_Static_assert(L_SLOTS <= SQLITE_LIST_SLOTS, "raise SQLITE_LIST_SLOTS");

#define EDITION_SQL(T)                                                                          \
    {                                                                                           \
        [E_DELETE] = "DELETE FROM newsroom_search_" T " WHERE rowid = ?1",                      \
        [E_INSERT] = "INSERT INTO newsroom_search_" T " (rowid, title, subtitle, body)"         \
                     " VALUES (?1, ?2, ?3, ?4)",                                                \
        [E_CLEAR] = "DELETE FROM newsroom_search_" T,                                           \
        [E_KEEP] = "INSERT OR REPLACE INTO newsroom_search_" T " (rowid, title, subtitle, body)" \
                   " SELECT rowid, title, subtitle, body FROM search_" T " WHERE rowid = ?1",    \
        [E_MATCH_PUBLIC] = "SELECT rowid FROM search_" T " WHERE search_" T " MATCH ?1"          \
                           " ORDER BY rowid DESC LIMIT ?2",                                     \
        [E_MATCH_HIDDEN] = "SELECT rowid FROM newsroom_search_" T                               \
                           " WHERE newsroom_search_" T " MATCH ?1 ORDER BY rowid DESC LIMIT ?2", \
    }

static const char *const edition_sql[3][E_COUNT_OF] = {EDITION_SQL("en"), EDITION_SQL("ru"), EDITION_SQL("az")};
static const char *const editions[3] = {"en", "ru", "az"};

/* Who acted last on the article: read in the body's column of
** ARTICLE_COLUMNS (lists have no body). */
#define EDITED_BY                                                                               \
    "COALESCE((SELECT l.actor_name FROM audit_log l WHERE l.article_id = a.id"                  \
    " ORDER BY l.id DESC LIMIT 1), (SELECT r.actor_name FROM revisions r"                       \
    " WHERE r.article_id = a.id ORDER BY r.id DESC LIMIT 1), '')"

/* The list's filters: ?1 edition, ?2 category, ?3 workflow, ?4 the trash
** (1) or not (0), ?5 an author's slug, ?6 owner, ?7 a JSON array of ids (the
** text's matches); NULL matches everything. */
#define LIST_WHERE                                                                              \
    " WHERE (?1 IS NULL OR a.lang = ?1) AND (?2 IS NULL OR c.slug = ?2)"                        \
    " AND (?3 IS NULL OR a.workflow = ?3) AND ((?4 = 1) = (a.deleted_at IS NOT NULL))"          \
    " AND (?5 IS NULL OR a.id IN (SELECT article_id FROM article_authors WHERE author_slug = ?5))" \
    " AND (?6 IS NULL OR a.owner = ?6)"                                                          \
    " AND (?7 IS NULL OR a.id IN (SELECT value FROM json_each(?7)))"

static const char *const other_sql[] = {
    [L_CATEGORY_DELETE - L_LIST - 8] = "DELETE FROM categories WHERE id = ?1"
                                       " AND NOT EXISTS (SELECT 1 FROM articles WHERE category_id = ?1)",
    [L_CATEGORY_EXISTS - L_LIST - 8] = "SELECT 1 FROM categories WHERE id = ?1",
    [L_TAGS - L_LIST - 8] = "SELECT tag, count(*) FROM article_tags GROUP BY tag"
                            " ORDER BY count(*) DESC, tag LIMIT ?1",
    [L_TAG_COUNT - L_LIST - 8] = "SELECT count(*) FROM article_tags WHERE tag = ?1",
    [L_TAG_MOVE - L_LIST - 8] = "UPDATE article_tags SET tag = ?2, tag_slug = ?3 WHERE tag = ?1 AND NOT EXISTS"
                                " (SELECT 1 FROM article_tags u WHERE u.article_id = article_tags.article_id"
                                " AND u.tag = ?2)",
    [L_TAG_DROP - L_LIST - 8] = "DELETE FROM article_tags WHERE tag = ?1",
    [L_MEDIA_PAGE - L_LIST - 8] = SQLITE_MEDIA_COLUMNS " WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2",
    [L_MEDIA_DELETE - L_LIST - 8] = "DELETE FROM media WHERE id = ?1"
                                    " AND NOT EXISTS (SELECT 1 FROM articles WHERE lead_image_id = ?1 OR social_image_id = ?1)",
    [L_MEDIA_EXISTS - L_LIST - 8] = "SELECT hash FROM media WHERE id = ?1",
    [L_MEDIA_FILES_DELETE - L_LIST - 8] = "DELETE FROM media_files WHERE substr(name, 1, length(?1) + 1) = ?1 || '-'",
};

static char list_sql[8][3072];
static pthread_once_t list_once = PTHREAD_ONCE_INIT;

/* The number of list statement for an order (see L_LIST). */
static int list_variant(newsroom_sort sort, bool ascending, bool from_position) {
    return (sort == NEWSROOM_BY_UPDATED ? 4 : 0) + (ascending ? 0 : 2) + (from_position ? 1 : 0);
}

/* Writes the eight list statements: ?8 and ?9 the position, ?10 the limit. */
static void build_list_sql(void) {
    for (int v = 0; v < 8; v++) {
        const char *key = v & 4 ? "a.updated_at" : "a.published_at";
        const char *dir = v & 2 ? "DESC" : "ASC";
        char where[3072], position[160];
        snprintf(position, sizeof position, " AND (%s, a.id) %s (?8, ?9)", key, v & 2 ? "<" : ">");
        snprintf(where, sizeof where, ARTICLE_COLUMNS, EDITED_BY);
        int n = snprintf(list_sql[v], sizeof list_sql[v], "%s" LIST_WHERE "%s ORDER BY %s %s, a.id %s LIMIT ?10",
                         where, v & 1 ? position : "", key, dir, dir);
        if (n < 0 || (size_t)n >= sizeof list_sql[v]) abort();
    }
}

/* One of this file's statements (an edition's: slot * 3 + lang). */
static sqlite3_stmt *lstmt(connection *c, int slot) {
    const char *sql;
    if (slot < L_LIST) sql = edition_sql[slot % 3][slot / 3];
    else if (slot < L_LIST + 8) {
        pthread_once(&list_once, build_list_sql);
        sql = list_sql[slot - L_LIST];
    } else sql = other_sql[slot - L_LIST - 8];
    return sqlite_stmt(c, SQLITE_LIST_FIRST + slot, sql);
}

static sqlite3_stmt *estmt(connection *c, enum edition_stmt q, int lang) { return lstmt(c, (int)q * 3 + lang); }

/* The index of an edition with tables, or -1. */
static int edition_of(const char *lang) {
    for (int i = 0; lang && i < 3; i++)
        if (strcmp(lang, editions[i]) == 0) return i;
    return -1;
}

/* ------------------------------------------------------ newsroom index */

int sqlite_newsroom_unindex(connection *c, int64_t id) {
    for (int lang = 0; lang < 3; lang++) {
        sqlite3_stmt *st = estmt(c, E_DELETE, lang);
        sqlite3_bind_int64(st, 1, id);
        if (sqlite_exec_done(c, st, "unindex article") != STORE_OK) return STORE_ERROR;
    }
    return STORE_OK;
}

int sqlite_newsroom_index(connection *c, int lang, int64_t id, const article_input *in) {
    sqlite3_stmt *st = estmt(c, E_INSERT, lang);
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, in->title ? in->title : "");
    sqlite_bind_text(st, 3, in->subtitle ? in->subtitle : "");
    sqlite_bind_text(st, 4, in->body_text ? in->body_text : "");
    return sqlite_exec_done(c, st, "index article for the newsroom");
}

int sqlite_newsroom_clear(connection *c) {
    for (int lang = 0; lang < 3; lang++)
        if (sqlite_exec_done(c, estmt(c, E_CLEAR, lang), "clear the newsroom's index") != STORE_OK) return STORE_ERROR;
    return STORE_OK;
}

int sqlite_newsroom_keep_hidden(connection *c, int64_t id) {
    for (int lang = 0; lang < 3; lang++) {
        sqlite3_stmt *st = estmt(c, E_KEEP, lang);
        sqlite3_bind_int64(st, 1, id);
        if (sqlite_exec_done(c, st, "index article for the newsroom") != STORE_OK) return STORE_ERROR;
    }
    return STORE_OK;
}

/* ----------------------------------------------------------------- list */

/* Appends to ids (a JSON array being written) the newest matches of
** match in one table; *full when the table held more than the window. */
static int text_matches(connection *c, sqlite3_stmt *st, const char *match, buf *ids, size_t *n, bool *full) {
    sqlite_bind_text(st, 1, match);
    sqlite3_bind_int(st, 2, STORE_NEWSROOM_TEXT_WINDOW + 1);
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (++rows > STORE_NEWSROOM_TEXT_WINDOW) {
            *full = true;
            break;
        }
        buf_printf(ids, "%s%lld", (*n)++ ? "," : "", (long long)sqlite3_column_int64(st, 0));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "find articles by their words");
}

/* The text filter's matches as a JSON array of ids, in a; *n of them. */
static int text_ids(connection *c, arena *a, const newsroom_filter *f, const char **json, size_t *n, bool *full) {
    buf ids;
    buf_init(&ids, a);
    buf_putc(&ids, '[');
    *n = 0;
    for (size_t i = 0; i < f->text_count; i++) {
        int lang = edition_of(f->text[i].lang);
        if (lang < 0 || !f->text[i].query || f->text[i].query->count == 0) continue;
        const char *match = sqlite_match_expression(a, f->text[i].query);
        if (text_matches(c, estmt(c, E_MATCH_PUBLIC, lang), match, &ids, n, full) != STORE_OK ||
            text_matches(c, estmt(c, E_MATCH_HIDDEN, lang), match, &ids, n, full) != STORE_OK)
            return STORE_ERROR;
    }
    buf_putc(&ids, ']');
    *json = ids.data;
    return STORE_OK;
}

int sqlite_articles_newsroom(store *s, arena *a, const newsroom_filter *f, newsroom_page *out) {
    connection *c = sqlite_conn(s);
    memset(out, 0, sizeof *out);
    int limit = f->limit < 1 ? 1 : f->limit > STORE_NEWSROOM_MAX ? STORE_NEWSROOM_MAX : f->limit;
    const char *ids = NULL;
    if (f->text_count) {
        size_t n;
        if (text_ids(c, a, f, &ids, &n, &out->text_window_full) != STORE_OK) return STORE_ERROR;
        if (n == 0) return STORE_OK;
    }
    sqlite3_stmt *st = lstmt(c, L_LIST + list_variant(f->sort, f->ascending, f->from_position));
    sqlite_bind_text(st, 1, f->lang && *f->lang ? f->lang : NULL);
    sqlite_bind_text(st, 2, f->category_slug && *f->category_slug ? f->category_slug : NULL);
    sqlite_bind_text(st, 3, !f->trash && f->workflow != WF_UNSET ? workflow_name(f->workflow) : NULL);
    sqlite3_bind_int(st, 4, f->trash ? 1 : 0);
    sqlite_bind_text(st, 5, f->author_slug && *f->author_slug ? f->author_slug : NULL);
    sqlite_bind_text(st, 6, f->owner && *f->owner ? f->owner : NULL);
    sqlite_bind_text(st, 7, ids);
    if (f->from_position) {
        sqlite3_bind_int64(st, 8, f->position_key);
        sqlite3_bind_int64(st, 9, f->position_id);
    }
    sqlite3_bind_int(st, 10, limit + 1); /* one more tells whether more follow */
    size_t n = 0, cap = 0;
    newsroom_item *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)limit) {
            out->more = true;
            break;
        }
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        sqlite_read_article(a, st, &items[n].article);
        items[n].edited_by = items[n].article.body_html ? items[n].article.body_html : "";
        items[n].article.body_html = NULL;
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_fail(c, "list articles");
    out->items = items;
    out->count = n;
    return STORE_OK;
}

/* ------------------------------------------------ categories, tags, media */

/* Runs a delete guarded by NOT EXISTS: STORE_OK when it deleted, else
** STORE_CONFLICT when the row is there (in use) or STORE_NOT_FOUND. */
static int guarded_delete(connection *c, int64_t id, int delete_slot, int exists_slot, const char *what) {
    sqlite3_stmt *st = lstmt(c, delete_slot);
    sqlite3_bind_int64(st, 1, id);
    if (sqlite_exec_done(c, st, what) != STORE_OK) return STORE_ERROR;
    if (sqlite3_changes(c->db) > 0) return STORE_OK;
    st = lstmt(c, exists_slot);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite_step_one(c, st, what);
    if (rc == STORE_OK) sqlite3_reset(st);
    return rc == STORE_OK ? STORE_CONFLICT : rc;
}

int sqlite_category_delete(store *s, int64_t id) {
    return guarded_delete(sqlite_conn(s), id, L_CATEGORY_DELETE, L_CATEGORY_EXISTS, "delete category");
}

int sqlite_tags(store *s, arena *a, int limit, tag_use **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = lstmt(c, L_TAGS);
    sqlite3_bind_int(st, 1, limit);
    size_t n = 0, cap = 0;
    tag_use *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        items[n].tag = sqlite_column_text(a, st, 0);
        items[n++].count = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list tags");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_tag_rename(store *s, const char *from, const char *to, int64_t *changed) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = lstmt(c, L_TAG_COUNT);
    sqlite_bind_text(st, 1, from);
    int rc = sqlite_step_one(c, st, "count tag");
    if (rc != STORE_OK) return rc;
    *changed = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (*changed == 0) return STORE_NOT_FOUND;
    st = lstmt(c, L_TAG_MOVE);
    sqlite_bind_text(st, 1, from);
    sqlite_bind_text(st, 2, to);
    arena *a = arena_new();
    sqlite_bind_text(st, 3, urls_tag_slug(a, to));
    rc = sqlite_exec_done(c, st, "rename tag");
    arena_free(a);
    if (rc != STORE_OK) return STORE_ERROR;
    st = lstmt(c, L_TAG_DROP); /* those that had both */
    sqlite_bind_text(st, 1, from);
    return sqlite_exec_done(c, st, "rename tag");
}

int sqlite_media_page(store *s, arena *a, int64_t before_id, int limit, media **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = lstmt(c, L_MEDIA_PAGE);
    sqlite3_bind_int64(st, 1, before_id > 0 ? before_id : 0);
    sqlite3_bind_int(st, 2, limit);
    size_t n = 0, cap = 0;
    media *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        sqlite_read_media(a, st, &items[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list media");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_media_delete(store *s, int64_t id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = lstmt(c, L_MEDIA_EXISTS);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite_step_one(c, st, "find image");
    if (rc != STORE_OK) return rc;
    arena *a = arena_new();
    const char *hash = sqlite_column_text(a, st, 0);
    sqlite3_reset(st);
    rc = guarded_delete(c, id, L_MEDIA_DELETE, L_MEDIA_EXISTS, "delete image");
    if (rc == STORE_OK) {
        st = lstmt(c, L_MEDIA_FILES_DELETE);
        sqlite_bind_text(st, 1, hash);
        rc = sqlite_exec_done(c, st, "delete image files");
    }
    arena_free(a);
    return rc;
}
