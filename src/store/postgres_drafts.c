/*
** The editor's autosaved drafts and who has which article open in it:
** the PostgreSQL store's part, doing what sqlite_drafts.c does there with
** the same results. Nothing here is content: no statement takes the
** content lock (PG_CONTENT_LOCK), and each stands alone. Two heartbeats
** that race to hold one article meet at the partial unique index
** presence_one_holder: the second gets STORE_CONFLICT, which means only
** that the other tab holds it. A release and a hold are two statements,
** as PostgreSQL checks a unique index at each row, not at the end of a
** statement that moves the holder from one row to another.
*/
#include "postgres_internal.h"

enum draft_stmt {
    D_PUT, D_GET, D_DELETE, D_DROP_ARTICLE, D_SWEEP, D_RECORD, D_TRIM, D_RELEASE, D_HOLD_IF_FREE,
    D_HOLD, D_LIST, D_LEAVE,
    D_COUNT_OF
};
_Static_assert(D_COUNT_OF <= PG_DRAFT_SLOTS, "raise PG_DRAFT_SLOTS");

static const char *const draft_sql[D_COUNT_OF] = {
    [D_PUT] = "INSERT INTO drafts (user_id, article_id, fields, base_version, saved_at)"
              " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, article_id) DO UPDATE"
              " SET fields = EXCLUDED.fields, base_version = EXCLUDED.base_version, saved_at = EXCLUDED.saved_at",
    [D_GET] = "SELECT fields, base_version, saved_at FROM drafts WHERE user_id = $1 AND article_id = $2",
    [D_DELETE] = "DELETE FROM drafts WHERE user_id = $1 AND article_id = $2",
    [D_DROP_ARTICLE] = "DELETE FROM drafts WHERE article_id = $1 AND article_id <> 0",
    [D_SWEEP] = "DELETE FROM presence WHERE seen_at < $1",
    [D_RECORD] = "INSERT INTO presence (user_id, tab, article_id, seen_at) VALUES ($1, $2, $3, $4)"
                 " ON CONFLICT (user_id, tab) DO UPDATE SET seen_at = EXCLUDED.seen_at,"
                 " holder = CASE WHEN presence.article_id = EXCLUDED.article_id THEN presence.holder ELSE 0 END,"
                 " article_id = EXCLUDED.article_id",
    /* The tab that beats stays; of the others, the newest. */
    [D_TRIM] = "DELETE FROM presence WHERE user_id = $1 AND tab <> $3 AND tab NOT IN"
               " (SELECT tab FROM presence WHERE user_id = $1 AND tab <> $3 ORDER BY seen_at DESC, tab DESC"
               " LIMIT $2)",
    [D_RELEASE] = "UPDATE presence SET holder = 0 WHERE article_id = $1 AND holder = 1"
                  " AND NOT (user_id = $2 AND tab = $3)",
    [D_HOLD_IF_FREE] = "UPDATE presence SET holder = 1, held_since = $4 WHERE user_id = $2 AND tab = $3"
                       " AND holder = 0 AND NOT EXISTS (SELECT 1 FROM presence WHERE article_id = $1 AND holder = 1)",
    [D_HOLD] = "UPDATE presence SET holder = 1, held_since = $4 WHERE user_id = $2 AND tab = $3 AND holder = 0"
               " AND article_id = $1",
    [D_LIST] = "SELECT p.user_id, u.name, p.tab, p.seen_at, p.holder, p.held_since FROM presence p"
               " JOIN users u ON u.id = p.user_id WHERE p.article_id = $1"
               " ORDER BY p.holder DESC, p.held_since, p.user_id, p.tab",
    [D_LEAVE] = "DELETE FROM presence WHERE user_id = $1 AND tab = $2",
};

/* Runs one of this file's statements for its effect (see pg_exec). */
static int exec(pg_conn *c, enum draft_stmt id, const pg_params *p, const char *what) {
    return pg_exec(c, PG_DRAFT_FIRST + (int)id, draft_sql[id], p, NULL, what);
}

int postgres_draft_put(store *s, const article_draft *d) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, d->user_id);
    pg_int(&p, d->article_id);
    pg_text(&p, d->fields);
    pg_int(&p, d->base_version);
    pg_int(&p, d->saved_at);
    return exec(c, D_PUT, &p, "save draft");
}

int postgres_draft_get(store *s, arena *a, int64_t user_id, int64_t article_id, article_draft *out) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, user_id);
    pg_int(&p, article_id);
    int rc;
    PGresult *r = pg_query_one(c, PG_DRAFT_FIRST + D_GET, draft_sql[D_GET], &p, &rc, "read draft");
    if (!r) return rc;
    out->user_id = user_id;
    out->article_id = article_id;
    out->fields = pg_get_text(a, r, 0, 0);
    out->base_version = pg_get_int(r, 0, 1);
    out->saved_at = pg_get_int(r, 0, 2);
    PQclear(r);
    return STORE_OK;
}

int postgres_draft_delete(store *s, int64_t user_id, int64_t article_id) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, user_id);
    pg_int(&p, article_id);
    return exec(c, D_DELETE, &p, "delete draft");
}

int postgres_drafts_drop_article(pg_conn *c, int64_t id) {
    pg_params p = {0};
    pg_int(&p, id);
    return exec(c, D_DROP_ARTICLE, &p, "drop the article's drafts");
}

/* Runs one of the heartbeat's statements on (article $1, user $2, tab $3,
** now $4): STORE_OK, STORE_CONFLICT (another tab became the holder
** first), or the error's class. */
static int beat_step(pg_conn *c, enum draft_stmt id, int64_t article_id, int64_t user_id, const char *tab,
                     int64_t now) {
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, user_id);
    pg_text(&p, tab);
    if (id != D_RELEASE) pg_int(&p, now);
    return exec(c, id, &p, "hold the article");
}

/* The open tabs of an article, holder first, strings in a. */
static int presence_list(pg_conn *c, arena *a, int64_t article_id, presence **out, size_t *count) {
    pg_params p = {0};
    pg_int(&p, article_id);
    int rc;
    PGresult *r = pg_query(c, PG_DRAFT_FIRST + D_LIST, draft_sql[D_LIST], &p, &rc, "list who has the article open");
    if (!r) return rc;
    size_t n = (size_t)PQntuples(r);
    presence *items = n ? arena_alloc(a, n * sizeof *items) : NULL;
    for (size_t i = 0; i < n; i++) {
        int row = (int)i;
        items[i] = (presence){
            .user_id = pg_get_int(r, row, 0),
            .user_name = pg_get_text(a, r, row, 1),
            .tab = pg_get_text(a, r, row, 2),
            .seen_at = pg_get_int(r, row, 3),
            .holder = pg_get_bool(r, row, 4),
            .held_since = pg_get_int(r, row, 5),
        };
    }
    PQclear(r);
    *out = items;
    *count = n;
    return STORE_OK;
}

int postgres_presence_beat(store *s, arena *a, int64_t article_id, int64_t user_id, const char *tab, int64_t now,
                           int64_t stale_before, int max_tabs, bool take_over, presence **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params sweep = {0};
    pg_int(&sweep, stale_before);
    int rc = exec(c, D_SWEEP, &sweep, "forget closed editors");
    if (rc != STORE_OK) return rc;
    pg_params record = {0};
    pg_int(&record, user_id);
    pg_text(&record, tab);
    pg_int(&record, article_id);
    pg_int(&record, now);
    if ((rc = exec(c, D_RECORD, &record, "record an open editor")) != STORE_OK) return rc;
    pg_params trim = {0};
    pg_int(&trim, user_id);
    pg_int(&trim, max_tabs - 1);
    pg_text(&trim, tab);
    if ((rc = exec(c, D_TRIM, &trim, "forget a person's oldest editors")) != STORE_OK) return rc;
    if (take_over && (rc = beat_step(c, D_RELEASE, article_id, user_id, tab, now)) != STORE_OK) return rc;
    rc = beat_step(c, take_over ? D_HOLD : D_HOLD_IF_FREE, article_id, user_id, tab, now);
    if (rc != STORE_OK && rc != STORE_CONFLICT) return rc; /* a conflict: another tab holds it now */
    return presence_list(c, a, article_id, out, count);
}

int postgres_presence_leave(store *s, int64_t user_id, const char *tab) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, user_id);
    pg_text(&p, tab);
    return exec(c, D_LEAVE, &p, "forget an open editor");
}
