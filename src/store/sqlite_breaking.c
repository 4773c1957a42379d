/*
** Breaking news in the SQLite store: marking a published story, ending
** it, and the stories breaking now (store.h). A change shows on every
** page of the story's edition: besides the article's own change (its
** triggers log that), the edition is logged.
*/
#include "sqlite_internal.h"

enum breaking_stmt { K_SET, K_STATE, K_LOG, K_NOW, K_COUNT_OF };
_Static_assert(K_COUNT_OF <= SQLITE_BREAKING_SLOTS, "raise SQLITE_BREAKING_SLOTS");

static const char *const breaking_sql[K_COUNT_OF] = {
    [K_SET] = "UPDATE articles SET breaking_label = ?2, breaking_since = CASE WHEN ?3 = 0 THEN 0"
              " WHEN breaking_until > ?4 THEN breaking_since ELSE ?4 END, breaking_until = ?3"
              " WHERE id = ?1 AND status = 1 AND deleted_at IS NULL",
    [K_STATE] = "SELECT status = 1 AND deleted_at IS NULL, lang FROM articles WHERE id = ?1",
    [K_LOG] = "INSERT INTO content_log (at, scope, lang) VALUES (?2, ?1, ?1)",
    [K_NOW] = "SELECT a.id, a.lang, c.slug, a.slug, a.title, a.breaking_label, a.breaking_since, a.breaking_until"
              " FROM articles a JOIN categories c ON c.id = a.category_id"
              " WHERE a.breaking_until > ?1 AND a.status = 1 AND a.published_at <= ?1 AND a.deleted_at IS NULL"
              " ORDER BY a.breaking_since DESC, a.id DESC LIMIT ?2",
};

/* One of this file's statements, in its slots. */
static sqlite3_stmt *kstmt(connection *c, enum breaking_stmt id) {
    return sqlite_stmt(c, SQLITE_BREAKING_FIRST + (int)id, breaking_sql[id]);
}

int sqlite_article_set_breaking(store *s, int64_t id, const char *label, int64_t until) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = kstmt(c, K_STATE);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite_step_one(c, st, "find article");
    if (rc != STORE_OK) return rc;
    bool visible = sqlite3_column_int(st, 0) != 0;
    arena *a = arena_new();
    const char *lang = sqlite_column_text(a, st, 1);
    sqlite3_reset(st);
    if (!visible) {
        arena_free(a);
        return STORE_CONFLICT;
    }
    bool own = sqlite3_get_autocommit(c->db) != 0; /* else in the caller's transaction */
    if (own && (rc = sqlite_begin(s)) != STORE_OK) {
        arena_free(a);
        return rc;
    }
    int64_t now = sqlite_now();
    st = kstmt(c, K_SET);
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, until ? (label ? label : "") : "");
    sqlite3_bind_int64(st, 3, until);
    sqlite3_bind_int64(st, 4, now);
    rc = sqlite_exec_done(c, st, "mark breaking");
    if (rc == STORE_OK) {
        st = kstmt(c, K_LOG);
        sqlite_bind_text(st, 1, lang);
        sqlite3_bind_int64(st, 2, now);
        rc = sqlite_exec_done(c, st, "log breaking");
    }
    arena_free(a);
    if (own) {
        if (rc == STORE_OK) rc = sqlite_commit(s);
        if (rc != STORE_OK) sqlite_rollback(s);
    }
    return rc;
}

int sqlite_breaking(store *s, arena *a, int64_t now, breaking_story **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = kstmt(c, K_NOW);
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, BREAKING_MAX);
    breaking_story *items = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        breaking_story *b = &items[n++];
        b->article_id = sqlite3_column_int64(st, 0);
        b->lang = sqlite_column_text(a, st, 1);
        b->category_slug = sqlite_column_text(a, st, 2);
        b->slug = sqlite_column_text(a, st, 3);
        b->title = sqlite_column_text(a, st, 4);
        b->label = sqlite_column_text(a, st, 5);
        b->since = sqlite3_column_int64(st, 6);
        b->until = sqlite3_column_int64(st, 7);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "breaking news");
    *out = items;
    *count = n;
    return STORE_OK;
}
