/*
** Related stories on SQLite (store.h says what they are and bounds the
** work): making an article's list when it is saved, keeping it in
** related_stories (migration 25), and reading it under the article.
**
** In-process statements cost next to nothing, so the candidates are read
** in small, bounded steps and merged here: the article's tag slugs, then
** for each the newest public stories carrying it (article_tags_by_slug
** read backwards from the newest id), then the newest matches of its
** title's and lead's words in the titles and leads of the edition's
** newest articles (FTS5, reading its doclists from the horizon up),
** ranked by gazette_rank() without frequencies (every word weighs 1;
** title 10, lead 4).
*/
#include "sqlite_internal.h"
#include "../search/thread_tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRINGIFY(x) #x
#define STRING_OF(x) STRINGIFY(x)

enum related_stmt { R_TAGS, R_TAGGED, R_READ, R_DROP_OWN, R_RECOUNT, R_LEAVE, R_ADD, R_TRIM, R_STALE, R_FRESH, R_MARK_STALE,
                    R_SIMILAR_FIRST, R_COUNT_OF = R_SIMILAR_FIRST + 3 };
_Static_assert(R_COUNT_OF <= SQLITE_RELATED_SLOTS, "raise SQLITE_RELATED_SLOTS");

/* The similar titles and leads of one edition's table T: the newest
** public matches at or above the horizon ?2 dated before ?3, but the
** article ?4. */
#define SIMILAR_SQL(T)                                                                       \
    "SELECT " T ".rowid, a.published_at, gazette_rank(" T ") FROM " T                        \
    " CROSS JOIN articles a ON a.id = " T ".rowid"                                               \
    " WHERE " T " MATCH ?1 AND " T ".rowid >= ?2 AND a.status = 1 AND a.published_at <= ?3"  \
    " AND a.id <> ?4 ORDER BY " T ".rowid DESC LIMIT " STRING_OF(STORE_RELATED_WINDOW)

static const char *const related_sql[R_COUNT_OF] = {
    [R_TAGS] = "SELECT DISTINCT tag_slug FROM article_tags WHERE article_id = ?1 AND tag_slug <> ''"
               " ORDER BY tag_slug LIMIT " STRING_OF(STORE_RELATED_TAGS),
    [R_TAGGED] = "SELECT DISTINCT t.article_id, a.published_at FROM article_tags t"
                 " JOIN articles a ON a.id = t.article_id"
                 " WHERE t.tag_slug = ?1 AND a.lang = ?2 AND a.status = 1 AND a.published_at <= ?3"
                 " AND t.article_id <> ?4 ORDER BY t.article_id DESC LIMIT " STRING_OF(STORE_RELATED_PER_TAG),
    [R_READ] = ARTICLE_SELECT_WITH("NULL") ARTICLE_FROM
               " JOIN related_stories r ON r.related_id = a.id WHERE r.article_id = ?1 AND +a.lang = ?2"
               " AND +a.status = 1 AND +a.published_at <= ?3" /* +: the list leads, not the edition's index */
               " ORDER BY r.shared DESC, r.likeness DESC, a.published_at DESC, a.id DESC LIMIT ?4",
    [R_DROP_OWN] = "DELETE FROM related_stories WHERE article_id = ?1",
    /* The lists ?1 is on: the tags it shares with each counted again, and
    ** those of another edition than its own left. */
    [R_RECOUNT] = "UPDATE related_stories SET shared = (SELECT count(DISTINCT t.tag_slug) FROM article_tags t"
                  " JOIN article_tags u ON u.tag_slug = t.tag_slug WHERE t.article_id = related_stories.article_id"
                  " AND u.article_id = ?1 AND t.tag_slug <> '') WHERE related_id = ?1",
    [R_LEAVE] = "DELETE FROM related_stories WHERE related_id = ?1 AND article_id IN (SELECT o.id FROM articles o"
                " JOIN articles x ON x.id = ?1 WHERE o.lang <> x.lang)",
    [R_ADD] = "INSERT OR REPLACE INTO related_stories (article_id, related_id, shared, likeness)"
              " VALUES (?1, ?2, ?3, ?4)",
    /* The list of ?1 cut to its best: those readers may see first. */
    [R_TRIM] = "DELETE FROM related_stories WHERE article_id = ?1 AND related_id NOT IN"
               " (SELECT r.related_id FROM related_stories r JOIN articles b ON b.id = r.related_id"
               " WHERE r.article_id = ?1 ORDER BY b.status = 1 DESC, r.shared DESC, r.likeness DESC,"
               " b.published_at DESC, b.id DESC LIMIT " STRING_OF(STORE_RELATED_KEPT) ")",
    [R_STALE] = "SELECT 1 FROM meta WHERE key = 'related_stale'",
    [R_FRESH] = "DELETE FROM meta WHERE key = 'related_stale'",
    [R_MARK_STALE] = "INSERT OR REPLACE INTO meta (key, value) VALUES ('related_stale', '1')",
    [R_SIMILAR_FIRST] = SIMILAR_SQL("search_en"),
    [R_SIMILAR_FIRST + 1] = SIMILAR_SQL("search_ru"),
    [R_SIMILAR_FIRST + 2] = SIMILAR_SQL("search_az"),
};

static const char *const editions[3] = {"en", "ru", "az"};

/* Statement q of this file on connection c. */
static sqlite3_stmt *rstmt(connection *c, int q) {
    return sqlite_stmt(c, SQLITE_RELATED_FIRST + q, related_sql[q]);
}

/* One candidate: a story that shares a tag, or whose title or lead holds
** one of the article's words. */
typedef struct candidate {
    int64_t id, published_at;
    int shared;        /* tags shared */
    double similarity; /* higher is closer; 0: none found */
} candidate;

/* The candidates read so far. */
typedef struct candidates {
    arena *arena;
    candidate *items;
    size_t count, cap;
} candidates;

static void add_candidate(candidates *set, int64_t id, int64_t published_at, int shared, double similarity) {
    set->items = sqlite_grow(set->arena, set->items, set->count, &set->cap, sizeof *set->items);
    set->items[set->count++] = (candidate){id, published_at, shared, similarity};
}

/* Steps st (reset by the caller) adding a candidate for each row: id, date,
** then (with_rank) gazette_rank's score, lower being better. */
static int read_candidates(connection *c, sqlite3_stmt *st, bool with_rank, candidates *set, const char *what) {
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        add_candidate(set, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), with_rank ? 0 : 1,
                      with_rank ? -sqlite3_column_double(st, 2) : 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, what);
}

/* The stories that share each of the article's first tags. */
static int tagged_candidates(connection *c, const article *of, int64_t now, candidates *set) {
    sqlite3_stmt *tags = rstmt(c, R_TAGS);
    sqlite3_bind_int64(tags, 1, of->id);
    const char *slugs[STORE_RELATED_TAGS];
    size_t n = 0;
    int rc;
    while (n < STORE_RELATED_TAGS && (rc = sqlite3_step(tags)) == SQLITE_ROW)
        slugs[n++] = sqlite_column_text(set->arena, tags, 0);
    sqlite3_reset(tags);
    if (n < STORE_RELATED_TAGS && rc != SQLITE_DONE) return sqlite_fail(c, "related: tags");
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = rstmt(c, R_TAGGED);
        sqlite_bind_text(st, 1, slugs[i]);
        sqlite_bind_text(st, 2, of->lang);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, of->id);
        if (read_candidates(c, st, false, set, "related: tagged") != STORE_OK) return STORE_ERROR;
    }
    return STORE_OK;
}

/* The newest stories whose title or lead holds one of the article's words. */
static int similar_candidates(connection *c, const article *of, int64_t now, candidates *set) {
    int edition = 0;
    while (edition < 3 && strcmp(of->lang, editions[edition]) != 0) edition++;
    if (edition == 3) return STORE_OK; /* an edition without an index */
    const char *texts[] = {of->title, of->subtitle};
    search_query *words = search_query_any_words(set->arena, search_thread_tokenizer(of->lang), texts, 2,
                                                 STORE_RELATED_TERMS);
    if (!words) return STORE_OK;
    int64_t horizon;
    if (sqlite_search_horizon(c, of->lang, STORE_RELATED_HORIZON, &horizon) != STORE_OK) return STORE_ERROR;
    sqlite3_stmt *st = rstmt(c, R_SIMILAR_FIRST + edition);
    sqlite_bind_text(st, 1, sqlite_match_any(set->arena, words, "title subtitle"));
    sqlite3_bind_int64(st, 2, horizon);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, of->id);
    return read_candidates(c, st, true, set, "related: similar");
}

static int by_id(const void *x, const void *y) {
    const candidate *p = x, *q = y;
    return (p->id > q->id) - (p->id < q->id);
}

/* The order readers see: most tags shared, most similar, newest. */
static int closest_first(const void *x, const void *y) {
    const candidate *p = x, *q = y;
    if (p->shared != q->shared) return q->shared - p->shared;
    if (p->similarity != q->similarity) return p->similarity < q->similarity ? 1 : -1;
    if (p->published_at != q->published_at) return p->published_at < q->published_at ? 1 : -1;
    return (p->id < q->id) - (p->id > q->id);
}

/* Merges the rows of one story into one candidate: its tags counted, its
** similarity kept. Returns the number left. */
static size_t merge_candidates(candidate *items, size_t n) {
    qsort(items, n, sizeof *items, by_id);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && items[k - 1].id == items[i].id) {
            items[k - 1].shared += items[i].shared;
            if (items[i].similarity > items[k - 1].similarity) items[k - 1].similarity = items[i].similarity;
        } else {
            items[k++] = items[i];
        }
    }
    return k;
}

/* A candidate's likeness as kept: millionths, higher closer. */
static int64_t likeness_of(double similarity) {
    if (!(similarity > 0)) return 0;
    return similarity > 1e9 ? (int64_t)1e15 : (int64_t)(similarity * 1e6 + 0.5);
}

int sqlite_related_compute(store *s, arena *a, const article *of, related_score **out, size_t *count) {
    *out = NULL;
    *count = 0;
    if (!of->lang) return STORE_OK;
    connection *c = sqlite_conn(s);
    /* Public stories: published, or scheduled (readers see them from their time). */
    int64_t until = INT64_MAX;
    candidates set = {.arena = a};
    if (tagged_candidates(c, of, until, &set) != STORE_OK || similar_candidates(c, of, until, &set) != STORE_OK)
        return STORE_ERROR;
    if (set.count == 0) return STORE_OK;
    size_t n = merge_candidates(set.items, set.count);
    qsort(set.items, n, sizeof *set.items, closest_first);
    if (n > STORE_RELATED_KEPT) n = STORE_RELATED_KEPT;
    related_score *items = arena_alloc(a, n * sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = (related_score){set.items[i].id, set.items[i].shared, likeness_of(set.items[i].similarity)};
    *out = items;
    *count = n;
    return STORE_OK;
}

/* Runs statement q of this file with the integers args (n of them). */
static int run(connection *c, int q, const int64_t *args, int n, const char *what) {
    sqlite3_stmt *st = rstmt(c, q);
    for (int i = 0; i < n; i++) sqlite3_bind_int64(st, i + 1, args[i]);
    return sqlite_exec_done(c, st, what);
}

int sqlite_related_put(store *s, int64_t id, const related_score *items, size_t n) {
    connection *c = sqlite_conn(s);
    int rc = run(c, R_DROP_OWN, &id, 1, "related: forget the list");
    if (rc == STORE_OK) rc = run(c, R_RECOUNT, &id, 1, "related: count shared tags again");
    if (rc == STORE_OK) rc = run(c, R_LEAVE, &id, 1, "related: leave another edition's lists");
    for (size_t i = 0; i < n && rc == STORE_OK; i++) {
        int64_t mine[] = {id, items[i].id, items[i].shared, items[i].likeness};
        int64_t theirs[] = {items[i].id, id, items[i].shared, items[i].likeness};
        rc = run(c, R_ADD, mine, 4, "related: keep the list");
        if (rc == STORE_OK) rc = run(c, R_ADD, theirs, 4, "related: join a list");
        if (rc == STORE_OK) rc = run(c, R_TRIM, &items[i].id, 1, "related: cut a list");
    }
    return rc;
}

bool sqlite_related_stale(store *s) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = rstmt(c, R_STALE);
    bool stale = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return stale;
}

int sqlite_related_mark(store *s, bool made) {
    return run(sqlite_conn(s), made ? R_FRESH : R_MARK_STALE, NULL, 0, "related: mark made or to make");
}

int sqlite_article_related(store *s, arena *a, const article *of, int limit, article **out, size_t *count) {
    *out = NULL;
    *count = 0;
    if (limit > STORE_RELATED_MAX) limit = STORE_RELATED_MAX;
    if (limit <= 0 || !of->lang) return STORE_OK;
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = rstmt(c, R_READ);
    sqlite3_bind_int64(st, 1, of->id);
    sqlite_bind_text(st, 2, of->lang);
    sqlite3_bind_int64(st, 3, sqlite_now());
    sqlite3_bind_int64(st, 4, limit);
    article *items = arena_zalloc(a, (size_t)limit * sizeof *items);
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit) sqlite_read_article(a, st, &items[n++]);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_fail(c, "related: read");
    *out = n ? items : NULL;
    *count = n;
    return STORE_OK;
}
