/*
** Search on SQLite FTS5: the "gazette" tokenizer (src/search/tokenize.c
** seen through FTS5's tokenizer interface), the index of each edition, and
** the ranked query.
**
** Every edition has its own FTS5 table (search_en, search_ru, search_az),
** since each stems differently. The rowid of an entry is the article's id.
** Work per query is bounded (see store.h): FTS5 can restrict a MATCH to
** rowids at or above a given one, walking its doclists from there, so a
** query looks first at the newest STORE_SEARCH_HORIZON articles of the
** edition (their smallest id is the "horizon"), and within them ranks the
** newest STORE_SEARCH_WINDOW matches. That keeps the cost of common words
** and phrases flat as the archive grows, and newer stories are what a news
** reader is after; rare words fall through to the whole archive, where
** their short doclists are cheap.
*/
#include "sqlite_internal.h"
#include "../core/buf.h"
#include "../core/fatal.h"
#include "../search/tokenize.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ tokenizer */

typedef struct relay {
    void *ctx;
    int (*token)(void *, int, const char *, int, int, int);
} relay;

static int relay_token(void *ctx, const char *token, int len, int start, int end, int flags) {
    relay *r = ctx;
    return r->token(r->ctx, flags & SEARCH_TOKEN_COLOCATED ? FTS5_TOKEN_COLOCATED : 0, token, len,
                    start, end);
}

static int tokenizer_create(void *user, const char **argv, int argc, Fts5Tokenizer **out) {
    (void)user;
    search_tokenizer *t = search_tokenizer_new(argc > 0 ? argv[0] : "en");
    if (!t) return SQLITE_ERROR;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tokenizer_delete(Fts5Tokenizer *t) { search_tokenizer_free((search_tokenizer *)t); }

static int tokenizer_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                              int (*token)(void *, int, const char *, int, int, int)) {
    /* Documents are indexed with stems and, beside them, the whole folded
    ** words; a query word is stemmed; a prefix in a query is only folded
    ** (the stem of a prefix would be another prefix) and so matches the
    ** whole words. */
    relay r = {ctx, token};
    search_mode mode = flags & FTS5_TOKENIZE_PREFIX ? SEARCH_FOLD
                       : flags & FTS5_TOKENIZE_QUERY ? SEARCH_STEM
                                                     : SEARCH_INDEX;
    return search_tokenize((search_tokenizer *)t, text, len, mode, relay_token, &r);
}

int sqlite_search_register(sqlite3 *db, char *err, size_t errlen) {
    static fts5_tokenizer tokenizer = {tokenizer_create, tokenizer_delete, tokenizer_tokenize};
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "this SQLite has no FTS5: %s", sqlite3_errmsg(db));
        return STORE_ERROR;
    }
    sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->xCreateTokenizer(api, "gazette", NULL, &tokenizer, NULL) != SQLITE_OK ||
        sqlite_rank_register(api) != STORE_OK) {
        snprintf(err, errlen, "cannot register the search tokenizer and ranking with FTS5");
        return STORE_ERROR;
    }
    return STORE_OK;
}

/* ----------------------------------------------------------- statements */

enum search_stmt { Q_DELETE, Q_INSERT, Q_CLEAR, Q_WINDOW, Q_RANK, Q_COUNT, Q_EMBARGOED, Q_TEXT, Q_COUNT_OF };
enum { Q_ARTICLE = Q_COUNT_OF * 3, Q_STALE, Q_MARK_STALE, Q_MARK_FRESH, Q_EACH, Q_TOTAL,
       Q_FUTURE, Q_HORIZON, Q_SLOTS };
_Static_assert(Q_SLOTS <= SQLITE_SEARCH_SLOTS, "raise SQLITE_SEARCH_SLOTS");

static const char *const languages[3] = {"en", "ru", "az"};

/* The statements of one edition's table T. BM25 (gazette_rank, see
** sqlite_rank.c: title 10, lead 4, body 1). Q_RANK ranks the whole window at once (at most
** STORE_SEARCH_WINDOW rows), so one evaluation of the expression gives
** both the page and, when the window holds every match, the count. */
#define SEARCH_SQL(T)                                                                      \
    {                                                                                      \
        [Q_DELETE] = "DELETE FROM " T " WHERE rowid = ?1",                                 \
        [Q_INSERT] = "INSERT INTO " T " (rowid, title, subtitle, body) VALUES (?1, ?2, ?3, ?4)", \
        [Q_CLEAR] = "DELETE FROM " T,                                                      \
        [Q_WINDOW] = "SELECT rowid FROM " T " WHERE " T " MATCH ?1 AND rowid >= ?3"        \
                     " ORDER BY rowid DESC LIMIT 1 OFFSET ?2",                             \
        [Q_RANK] = "SELECT " T ".rowid FROM " T " JOIN articles a ON a.id = " T ".rowid"   \
                   " WHERE " T " MATCH ?1 AND " T ".rowid >= ?2 AND a.published_at <= ?3"  \
                   " ORDER BY gazette_rank(" T ", ?4), a.published_at DESC, a.id DESC",    \
        [Q_COUNT] = "SELECT count(*) FROM " T " WHERE " T " MATCH ?1 AND rowid >= ?2",     \
        [Q_EMBARGOED] = "SELECT count(*) FROM " T " WHERE " T " MATCH ?1 AND rowid IN"      \
                        " (SELECT id FROM articles WHERE lang = ?2 AND status = 1"         \
                        " AND published_at > ?3)",                                         \
        [Q_TEXT] = "SELECT title, subtitle, body FROM " T " WHERE rowid = ?1",             \
    }

static const char *const search_sql[3][Q_COUNT_OF] = {
    SEARCH_SQL("search_en"), SEARCH_SQL("search_ru"), SEARCH_SQL("search_az"),
};

static char article_by_id_sql[1024];
static pthread_once_t article_by_id_once = PTHREAD_ONCE_INIT;

static void build_article_by_id(void) {
    snprintf(article_by_id_sql, sizeof article_by_id_sql, ARTICLE_COLUMNS " WHERE a.id = ?1",
             "NULL");
}

static const char *const other_sql[] = {
    [Q_STALE - Q_ARTICLE] = "SELECT 1 FROM meta WHERE key = 'search_stale'",
    [Q_MARK_STALE - Q_ARTICLE] = "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_stale', '1')",
    [Q_MARK_FRESH - Q_ARTICLE] = "DELETE FROM meta WHERE key = 'search_stale'",
    [Q_EACH - Q_ARTICLE] = "SELECT a.id, a.lang, a.slug, a.title, a.subtitle, a.status, b.body_markdown"
                           " FROM articles a JOIN article_bodies b ON b.article_id = a.id ORDER BY a.id",
    [Q_TOTAL - Q_ARTICLE] = "SELECT count(*) FROM articles",
    [Q_FUTURE - Q_ARTICLE] = "SELECT count(*) FROM articles"
                             " WHERE lang = ?1 AND status = 1 AND published_at > ?2",
    /* The id just below the newest ?2 (so ids above it are those ?2). */
    [Q_HORIZON - Q_ARTICLE] = "SELECT id + 1 FROM articles WHERE lang = ?1 AND status = 1"
                              " ORDER BY id DESC LIMIT 1 OFFSET ?2",
};

static int lang_index(const char *lang) {
    for (int i = 0; i < 3; i++)
        if (strcmp(lang, languages[i]) == 0) return i;
    return -1;
}

/* An edition's statement q. */
static sqlite3_stmt *qstmt(connection *c, int lang, enum search_stmt q) {
    return sqlite_stmt(c, SQLITE_STORE_SLOTS + (int)q * 3 + lang, search_sql[lang][q]);
}

/* One of the other statements of this file. */
static sqlite3_stmt *ostmt(connection *c, int id) {
    if (id == Q_ARTICLE) {
        pthread_once(&article_by_id_once, build_article_by_id);
        return sqlite_stmt(c, SQLITE_STORE_SLOTS + id, article_by_id_sql);
    }
    return sqlite_stmt(c, SQLITE_STORE_SLOTS + id, other_sql[id - Q_ARTICLE]);
}

/* ---------------------------------------------------------------- index */

int sqlite_search_index(connection *c, int64_t id, const article_input *in) {
    int lang = lang_index(in->lang);
    if (lang < 0) return STORE_OK; /* an edition without an index */
    sqlite3_stmt *st = qstmt(c, lang, Q_DELETE);
    sqlite3_bind_int64(st, 1, id);
    if (sqlite_exec_done(c, st, "unindex article") != STORE_OK) return STORE_ERROR;
    /* Readers never see the newsroom's index: an article is in one of the two. */
    if (sqlite_newsroom_unindex(c, id) != STORE_OK) return STORE_ERROR;
    if (!store_input_public(in)) return sqlite_newsroom_index(c, lang, id, in);
    st = qstmt(c, lang, Q_INSERT);
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, in->title);
    sqlite_bind_text(st, 3, in->subtitle ? in->subtitle : "");
    sqlite_bind_text(st, 4, in->body_text ? in->body_text : "");
    return sqlite_exec_done(c, st, "index article");
}

int sqlite_search_put(store *s, int64_t id, const article_input *in) {
    return sqlite_search_index(sqlite_conn(s), id, in);
}

int sqlite_search_clear(store *s) {
    connection *c = sqlite_conn(s);
    for (int lang = 0; lang < 3; lang++)
        if (sqlite_exec_done(c, qstmt(c, lang, Q_CLEAR), "clear index") != STORE_OK) return STORE_ERROR;
    if (sqlite_newsroom_clear(c) != STORE_OK) return STORE_ERROR;
    return sqlite_exec_done(c, ostmt(c, Q_MARK_STALE), "mark index stale");
}

int sqlite_search_mark_fresh(store *s) {
    connection *c = sqlite_conn(s);
    return sqlite_exec_done(c, ostmt(c, Q_MARK_FRESH), "mark index fresh");
}

bool sqlite_search_stale(store *s) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = ostmt(c, Q_STALE);
    bool stale = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return stale;
}

int sqlite_articles_each(store *s, store_article_fn fn, void *ctx) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = ostmt(c, Q_EACH);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        article_input in = {0};
        in.lang = (const char *)sqlite3_column_text(st, 1);
        in.slug = (const char *)sqlite3_column_text(st, 2);
        in.title = (const char *)sqlite3_column_text(st, 3);
        in.subtitle = (const char *)sqlite3_column_text(st, 4);
        in.status = sqlite3_column_int(st, 5) ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
        in.body_markdown = (const char *)sqlite3_column_text(st, 6);
        if (!fn(ctx, sqlite3_column_int64(st, 0), &in)) break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "read articles");
}

int sqlite_articles_total(store *s, int64_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = ostmt(c, Q_TOTAL);
    int rc = sqlite3_step(st);
    *count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? STORE_OK : sqlite_fail(c, "count articles");
}

/* ---------------------------------------------------------------- query */

int sqlite_search_horizon(connection *c, const char *lang_code, int size, int64_t *horizon) {
    sqlite3_stmt *st = ostmt(c, Q_HORIZON);
    sqlite_bind_text(st, 1, lang_code);
    sqlite3_bind_int(st, 2, size);
    int rc = sqlite3_step(st);
    *horizon = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "search horizon");
}

/* The id of the newest match (at or above horizon) that still falls in
** the ranking window; horizon itself when fewer match. */
static int window_start(connection *c, int lang, const char *match, int64_t horizon,
                        int64_t *from, bool *capped) {
    sqlite3_stmt *st = qstmt(c, lang, Q_WINDOW);
    sqlite_bind_text(st, 1, match);
    sqlite3_bind_int(st, 2, STORE_SEARCH_WINDOW - 1);
    sqlite3_bind_int64(st, 3, horizon);
    int rc = sqlite3_step(st);
    *capped = rc == SQLITE_ROW;
    *from = *capped ? sqlite3_column_int64(st, 0) : horizon;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "search window");
}

/* Fills a hit: the article and the indexed text of its title and body. */
static int read_hit(connection *c, arena *a, int lang, int64_t id, search_hit *hit) {
    sqlite3_stmt *st = ostmt(c, Q_ARTICLE);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) sqlite_read_article(a, st, &hit->article);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return sqlite_fail(c, "search result");
    st = qstmt(c, lang, Q_TEXT);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    hit->title_text = rc == SQLITE_ROW ? sqlite_column_text(a, st, 0) : hit->article.title;
    hit->subtitle_text = rc == SQLITE_ROW ? sqlite_column_text(a, st, 1) : "";
    hit->body_text = rc == SQLITE_ROW ? sqlite_column_text(a, st, 2) : "";
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "search text");
}

/* A count(*) statement's answer. */
static int count_of(connection *c, sqlite3_stmt *st, int64_t *n, const char *what) {
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? STORE_OK : sqlite_fail(c, what);
}

/* Counts the matches at or above horizon, taking off those embargoed
** (dated after now), when there are any. */
static int count_matches(connection *c, int lang, const char *lang_code, const char *match,
                         int64_t horizon, int64_t now, int64_t *total) {
    int64_t future;
    sqlite3_stmt *st = ostmt(c, Q_FUTURE);
    sqlite_bind_text(st, 1, lang_code);
    sqlite3_bind_int64(st, 2, now);
    if (count_of(c, st, &future, "search embargo") != STORE_OK) return STORE_ERROR;
    st = qstmt(c, lang, Q_COUNT);
    sqlite_bind_text(st, 1, match);
    sqlite3_bind_int64(st, 2, horizon);
    if (count_of(c, st, total, "search count") != STORE_OK) return STORE_ERROR;
    if (future == 0) return STORE_OK;
    int64_t embargoed;
    st = qstmt(c, lang, Q_EMBARGOED);
    sqlite_bind_text(st, 1, match);
    sqlite_bind_text(st, 2, lang_code);
    sqlite3_bind_int64(st, 3, now);
    if (count_of(c, st, &embargoed, "search count") != STORE_OK) return STORE_ERROR;
    *total -= embargoed;
    return STORE_OK;
}

/* Appends the FTS5 expression of one clause: each word quoted (a word
** never holds a quote, see query.h; one would be doubled), a prefix
** followed by " *". */
static void clause_expression(buf *b, const search_clause *c) {
    buf_putc(b, '"');
    for (size_t i = 0; i < c->count; i++) {
        if (i) buf_putc(b, ' ');
        for (const char *p = c->words[i]; *p; p++) {
            if (*p == '"') buf_putc(b, '"');
            buf_putc(b, *p);
        }
    }
    buf_puts(b, c->kind == SEARCH_PREFIX ? "\" *" : "\"");
}

char *sqlite_match_expression(arena *a, const search_query *q) {
    buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < q->count; i++) {
        if (i) buf_putc(&b, ' ');
        clause_expression(&b, &q->clauses[i]);
    }
    return b.data ? b.data : arena_strdup(a, "");
}

char *sqlite_match_any(arena *a, const search_query *q, const char *columns) {
    buf b;
    buf_init(&b, a);
    buf_printf(&b, "{%s} : (", columns);
    for (size_t i = 0; i < q->count; i++) {
        if (i) buf_puts(&b, " OR ");
        clause_expression(&b, &q->clauses[i]);
    }
    buf_putc(&b, ')');
    return b.data;
}

/* gazette_rank's argument: "N df1 df2 ..." counted within the slice at or
** above horizon of `size` articles (0: the whole table, N then read by the
** function). A single phrase needs no frequencies: its IDF scales every
** score alike. */
static int rank_spec(connection *c, arena *a, int lang, const search_query *q, int64_t horizon,
                     int size, const char **spec) {
    buf b;
    buf_init(&b, a);
    buf_printf(&b, "%d", size);
    for (size_t i = 0; q->count > 1 && i < q->count; i++) {
        int64_t df;
        buf one;
        buf_init(&one, a);
        clause_expression(&one, &q->clauses[i]);
        sqlite3_stmt *st = qstmt(c, lang, Q_COUNT);
        sqlite_bind_text(st, 1, one.data);
        sqlite3_bind_int64(st, 2, horizon);
        if (count_of(c, st, &df, "search frequency") != STORE_OK) return STORE_ERROR;
        buf_printf(&b, " %lld", (long long)df);
    }
    *spec = b.data;
    return STORE_OK;
}

/* Ranks the matches at or above horizon; keeps the ids of the page asked
** for in ids (limit of them) and sets *n and the totals. */
static int rank_matches(connection *c, arena *a, int lang, const char *lang_code,
                        const search_query *q, const char *match, int64_t horizon, int size,
                        bool small_horizon, int64_t now, int offset, int limit, int64_t *ids,
                        size_t *n, search_totals *totals) {
    const char *spec;
    if (rank_spec(c, a, lang, q, horizon, size, &spec) != STORE_OK) return STORE_ERROR;
    int64_t from = horizon;
    totals->newest_ranked = false;
    if (!small_horizon && window_start(c, lang, match, horizon, &from, &totals->newest_ranked) != STORE_OK)
        return STORE_ERROR;
    int64_t ranked = 0;
    *n = 0;
    sqlite3_stmt *st = qstmt(c, lang, Q_RANK);
    sqlite_bind_text(st, 1, match);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, now);
    sqlite_bind_text(st, 4, spec);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ranked >= offset && *n < (size_t)limit) ids[(*n)++] = sqlite3_column_int64(st, 0);
        ranked++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "search rank");
    totals->total = ranked;
    /* A full window leaves matches uncounted: count them all. */
    if (totals->newest_ranked)
        return count_matches(c, lang, lang_code, match, horizon, now, &totals->total);
    return STORE_OK;
}

int sqlite_search(store *s, arena *a, const char *lang_code, const search_query *q, int offset,
                 int limit, search_hit **out, size_t *count, search_totals *totals) {
    connection *c = sqlite_conn(s);
    int lang = lang_index(lang_code);
    *out = NULL;
    *count = 0;
    memset(totals, 0, sizeof *totals);
    if (lang < 0 || limit <= 0 || offset < 0 || !q || q->count == 0) return STORE_OK;
    const char *match = sqlite_match_expression(a, q);
    int64_t now = sqlite_now();
    int64_t *ids = arena_alloc(a, (size_t)limit * sizeof *ids);
    size_t n = 0;
    /* Ever wider slices of the newest articles, then all (see store.h):
    ** each step costs about three times the one before, so the work done
    ** is at most about 1.5 times that of the slice that holds the page. */
    static const int horizons[] = {1000, 3000, 10000, 30000, 100000, 0};
    int64_t horizon = 0;
    int previous = 0; /* the slice searched before, and its matches in totals->total */
    for (size_t h = 0; h < sizeof horizons / sizeof horizons[0]; h++) {
        horizon = 0;
        if (horizons[h] && sqlite_search_horizon(c, lang_code, horizons[h], &horizon) != STORE_OK)
            return STORE_ERROR;
        if (horizons[h] && horizon == 0) continue; /* the edition is smaller than this */
        /* The window's start is looked for only when this slice may hold
        ** more matches than the window ranks: never when the slice is no
        ** wider than the window, nor when the matches of the previous slice,
        ** scaled to this one (the whole archive counted as ten times the
        ** last slice), stay well below it. Looking costs a pass. */
        int64_t scale = horizons[h] ? horizons[h] / (previous ? previous : 1) : 10;
        bool small = (horizons[h] && horizons[h] <= STORE_SEARCH_WINDOW) ||
                     (previous && (totals->total + 1) * scale * 2 < STORE_SEARCH_WINDOW);
        previous = horizons[h];
        if (rank_matches(c, a, lang, lang_code, q, match, horizon, horizons[h], small, now, offset,
                         limit, ids, &n, totals) != STORE_OK)
            return STORE_ERROR;
        if (totals->total >= (int64_t)offset + limit) break;
    }
    totals->more_exist = horizon > 0;

    search_hit *hits = arena_zalloc(a, (n ? n : 1) * sizeof *hits);
    for (size_t i = 0; i < n; i++)
        if (read_hit(c, a, lang, ids[i], &hits[i]) != STORE_OK) return STORE_ERROR;
    *out = hits;
    *count = n;
    return STORE_OK;
}
