/* Search on PostgreSQL (store/postgres_search.c) against SQLite's: the same
** articles in both stores, the same parsed queries, and the same hits,
** order, totals and indexed texts from both; then what only PostgreSQL
** has, the bounds of a tsvector and the rebuild of search_entries.
**
** Needs GAZETTE_TEST_POSTGRES, the URL of a server where it may create
** databases (tests/pg-cluster start prints one); skipped without it. The
** articles go into PostgreSQL as rows written here on a connection of the
** test's own, indexed through store_search_put(), so that these tests need
** nothing of the PostgreSQL store but its search. */
#include "check.h"

#include "core/config.h"
#include "newsroom/article_save.h"
#include "newsroom/reindex.h"
#include "search/query.h"
#include "store/store.h"
#include "store/store_backend.h"

#include <postgresql/libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The admin URL, or NULL (said once on stderr) when the tests are off. */
static const char *admin_url(void) {
    static bool told;
    const char *url = getenv("GAZETTE_TEST_POSTGRES");
    if ((!url || !*url) && !told) {
        fprintf(stderr, "# test_pg_search: GAZETTE_TEST_POSTGRES is unset: PostgreSQL search not tested\n");
        told = true;
    }
    return url && *url ? url : NULL;
}

/* Runs sql on a new connection to url; false with a note on failure. */
static bool admin_exec(const char *url, const char *sql) {
    PGconn *c = PQconnectdb(url);
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "# %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok;
}

/* Both stores, empty, with the three editions. */
typedef struct pair {
    config cfg;
    char path[64], name[64];
    store *sqlite, *pg;
    PGconn *raw; /* the test's own connection to the PostgreSQL database */
    arena *a;
    search_tokenizer *tokenizers[3];
    int64_t category_id; /* "news", in both */
} pair;

static bool pair_open(pair *p) {
    const char *admin = admin_url();
    if (!admin) return false;
    memset(p, 0, sizeof *p);
    config_defaults(&p->cfg);
    p->cfg.languages[1] = strdup("ru");
    p->cfg.languages[2] = strdup("az");
    p->cfg.language_count = 3;
    snprintf(p->path, sizeof p->path, "/tmp/gazette-pg-search-XXXXXX");
    int fd = mkstemp(p->path);
    if (fd >= 0) close(fd);
    static int serial;
    snprintf(p->name, sizeof p->name, "gazette_pg_search_%d_%d", (int)getpid(), ++serial);
    char sql[160], url[512], err[512] = "";
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", p->name);
    const char *slash = strrchr(admin, '/');
    snprintf(url, sizeof url, "%.*s/%s", slash ? (int)(slash - admin) : (int)strlen(admin), admin, p->name);
    p->sqlite = store_open(p->path, err, sizeof err);
    p->pg = p->sqlite && admin_exec(admin, sql) ? store_open(url, err, sizeof err) : NULL;
    if (!p->pg) {
        fprintf(stderr, "# test_pg_search: %s\n", err);
        return false;
    }
    p->raw = PQconnectdb(url);
    static const char *const langs[3] = {"en", "ru", "az"};
    for (int i = 0; i < 3; i++) p->tokenizers[i] = search_tokenizer_new(langs[i]);
    p->a = arena_new();
    return store_search_mark_fresh(p->pg) == STORE_OK;
}

static void pair_close(pair *p) {
    for (int i = 0; i < 3; i++) search_tokenizer_free(p->tokenizers[i]);
    arena_free(p->a);
    store_close(p->sqlite);
    store_close(p->pg);
    PQfinish(p->raw);
    config_free(&p->cfg);
    char extra[96];
    remove(p->path);
    snprintf(extra, sizeof extra, "%s-wal", p->path);
    remove(extra);
    snprintf(extra, sizeof extra, "%s-shm", p->path);
    remove(extra);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP DATABASE %s", p->name);
    admin_exec(admin_url(), sql);
}

/* Runs sql with params on the test's own connection. */
static bool pg_run(pair *p, const char *sql, int n, const char *const *values) {
    PGresult *r = PQexecParams(p->raw, sql, n, NULL, values, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) fprintf(stderr, "# %s: %s", sql, PQerrorMessage(p->raw));
    PQclear(r);
    return ok;
}

/* Saves an article in SQLite (article_save), and the same row, with the
** same id, in PostgreSQL, indexed by store_search_put(). Its id, or 0. */
static int64_t put(pair *p, const char *lang, const char *slug, const char *title,
                   const char *subtitle, const char *body, int64_t when, article_status status) {
    arena *a = arena_new();
    article_input in = {.lang = lang, .slug = slug, .category_slug = "news", .title = title,
                        .subtitle = subtitle, .body_markdown = body, .published_at = when,
                        .status = status};
    int64_t id = 0;
    bool created;
    article_problem problem;
    if (!article_save(p->sqlite, &p->cfg, a, &in, &id, &created, &problem)) {
        fprintf(stderr, "# save %s: %s\n", slug, problem.message);
        arena_free(a);
        return 0;
    }
    if (!p->category_id && store_category_find(p->sqlite, "news", &p->category_id) == STORE_OK) {
        const char *v[] = {arena_printf(a, "%lld", (long long)p->category_id)};
        pg_run(p, "INSERT INTO categories (id, slug) VALUES ($1, 'news')", 1, v);
    }
    const char *v[] = {arena_printf(a, "%lld", (long long)id), lang, slug, title, subtitle,
                       arena_printf(a, "%lld", (long long)when),
                       store_input_public(&in) ? "1" : "0",
                       arena_printf(a, "%lld", (long long)p->category_id)};
    const char *b[] = {v[0], in.body_markdown, in.body_html};
    bool ok = pg_run(p, "INSERT INTO articles (id, lang, slug, category_id, title, subtitle, author,"
                        " published_at, status, created_at, updated_at)"
                        " VALUES ($1, $2, $3, $8, $4, $5, '', $6, $7, $6, $6)"
                        " ON CONFLICT (lang, slug) DO UPDATE SET title = EXCLUDED.title,"
                        " subtitle = EXCLUDED.subtitle, published_at = EXCLUDED.published_at,"
                        " status = EXCLUDED.status", 8, v) &&
              pg_run(p, "INSERT INTO article_bodies (article_id, body_markdown, body_html)"
                        " VALUES ($1, $2, $3) ON CONFLICT (article_id) DO UPDATE"
                        " SET body_markdown = EXCLUDED.body_markdown, body_html = EXCLUDED.body_html", 3, b) &&
              store_search_put(p->pg, id, &in) == STORE_OK;
    arena_free(a);
    return ok ? id : 0;
}

/* One engine's answer. */
typedef struct answer {
    int rc;
    search_hit *hits;
    size_t count;
    search_totals totals;
} answer;

static bool same_text(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* True when both answers hold the same hits in the same order, the same
** totals and the same indexed texts. */
static bool same_answers(const answer *x, const answer *y) {
    if (x->rc != y->rc || x->count != y->count || x->totals.total != y->totals.total ||
        x->totals.more_exist != y->totals.more_exist || x->totals.newest_ranked != y->totals.newest_ranked)
        return false;
    for (size_t i = 0; i < x->count; i++) {
        const search_hit *a = &x->hits[i], *b = &y->hits[i];
        if (a->article.id != b->article.id || !same_text(a->article.slug, b->article.slug) ||
            !same_text(a->article.title, b->article.title) || !same_text(a->title_text, b->title_text) ||
            !same_text(a->subtitle_text, b->subtitle_text) || !same_text(a->body_text, b->body_text))
            return false;
    }
    return true;
}

/* The ids and totals of an answer, for a failure's message. */
static const char *describe(arena *a, const answer *x) {
    char *s = arena_printf(a, "rc %d, total %lld%s%s:", x->rc, (long long)x->totals.total,
                           x->totals.more_exist ? " more" : "", x->totals.newest_ranked ? " newest" : "");
    for (size_t i = 0; i < x->count && i < 12; i++) s = arena_printf(a, "%s %lld", s, (long long)x->hits[i].article.id);
    return s;
}

/* Runs q on both stores and checks that they agree; SQLite's answer. */
static answer compare(pair *p, const char *what, const char *lang, const search_query *q, int offset, int limit) {
    answer x = {0}, y = {0};
    x.rc = store_search(p->sqlite, p->a, lang, q, offset, limit, &x.hits, &x.count, &x.totals);
    y.rc = store_search(p->pg, p->a, lang, q, offset, limit, &y.hits, &y.count, &y.totals);
    char *label = arena_printf(p->a, "PostgreSQL finds what SQLite finds: %s (%s, %d+%d)", what, lang, offset, limit);
    check_report(same_answers(&x, &y), __FILE__, __LINE__, label,
                 arena_printf(p->a, "SQLite %s; PostgreSQL %s", describe(p->a, &x), describe(p->a, &y)));
    return x;
}

/* The same for what a reader typed; rc -100 when it has no words. */
static answer find(pair *p, const char *lang, const char *input, int offset, int limit) {
    int i = strcmp(lang, "ru") == 0 ? 1 : strcmp(lang, "az") == 0 ? 2 : 0;
    search_query *q = search_query_build(p->a, p->tokenizers[i], input, NULL);
    if (!q) return (answer){.rc = -100};
    return compare(p, input, lang, q, offset, limit);
}

TEST(pg_search_same_as_sqlite) {
    pair p;
    if (!pair_open(&p)) return;
    int64_t t = (int64_t)time(NULL);
    int64_t title = put(&p, "en", "in-title", "Heliograph network restored", "Mirrors again.",
                        "Signal towers on the hills were repaired this week.", t - 9000, ARTICLE_PUBLISHED);
    int64_t lead = put(&p, "en", "in-lead", "Hill towers repaired", "The old heliograph towers work again.",
                       "Signal stations on the hills were repaired this week.", t - 8000, ARTICLE_PUBLISHED);
    int64_t body = put(&p, "en", "in-body", "Mountain signal stations reopen", "Mirrors again.",
                       "The heliograph stations on the hills were repaired this week.", t - 7000, ARTICLE_PUBLISHED);
    for (int i = 0; i < 3; i++) {
        char slug[16];
        snprintf(slug, sizeof slug, "samovar-%d", i);
        put(&p, "en", slug, "Samovar census published", "", "Counting samovars.", t - 5000 + (i == 1 ? 900 : i * 100),
            ARTICLE_PUBLISHED);
    }
    put(&p, "en", "draft", "Zeppelin draft", "", "A zeppelin draft.", t - 600, ARTICLE_DRAFT);
    put(&p, "en", "future", "Zeppelin embargo", "", "A zeppelin later.", t + 86400, ARTICLE_PUBLISHED);
    put(&p, "en", "shown", "Zeppelin lands in Baku", "", "A zeppelin, the ferry timetable.", t - 600, ARTICLE_PUBLISHED);
    put(&p, "en", "ports", "Ports news today", "", "Nothing here.", t - 400, ARTICLE_PUBLISHED);
    put(&p, "en", "port", "Port news today", "", "Nothing here.", t - 300, ARTICLE_PUBLISHED);
    put(&p, "en", "hostile", "Quotes 'like' this \\ and \"that\" a:b c&d e|f !g <-> h", "x'y z\\w",
        "Colons: a:b; ops & | ! <-> <2> (x) 'q' \\' \\\\ '' AND NEAR NOT", t - 200, ARTICLE_PUBLISHED);
    put(&p, "ru", "paromy", "Паромные перевозки растут", "Рейсы из Азербайджана в Казахстан.",
        "Паромные перевозки между портами выросли.", t - 1000, ARTICLE_PUBLISHED);
    put(&p, "ru", "mosty", "Мосты через Куру", "", "Новые мосты. Мост через Kura.", t - 900, ARTICLE_PUBLISHED);
    put(&p, "ru", "most", "Мост открыт", "", "Мост через реку.", t - 800, ARTICLE_PUBLISHED);
    put(&p, "az", "kura", "Kura körpüsü açıldı", "Şəkidə yeni körpü", "Körpünün açılışı.", t - 700, ARTICLE_PUBLISHED);
    answer x = find(&p, "en", "heliograph", 0, 10);
    CHECK_INT(x.count, 3);
    if (x.count == 3) CHECK(x.hits[0].article.id == title && x.hits[1].article.id == lead && x.hits[2].article.id == body);
    static const char *const inputs[] = {
        "heliographs", "helio*", "heliograph towers", "\"heliograph towers\"", "\"old heliograph\"",
        "\"again signal\"", "\"restored mirrors\"", "samovar census", "samo*", "zeppelin", "por*",
        "port", "ferry timetable", "\"ferry timetable\"", "a AND b", "NEAR(a b)", "title:ferry",
        "\"ferry", "(ferry) OR (port)", "\x01\x02" "ferry", "\xff\xfe" "ferry", "a:b", "'like'",
        "x'y", "\\", "c&d", "e|f", "!g", "<->", "h <-> g", "'a':*", "\"colons a b\"", "z\\w",
        "don't*", "NOT ferry", "NEAR ferry", "ops*", "мост", "мосты", "паром", "паромные*",
        "\"паромные перевозки\"", "Азербайджан", "kura", "körpü", "şəki", "açıldı",
    };
    static const char *const langs[] = {"en", "ru", "az"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        for (int l = 0; l < 3; l++) find(&p, langs[l], inputs[i], 0, 5);
    find(&p, "en", "samovar", 1, 1);
    find(&p, "en", "samovar", 5, 10);
    /* Words query.c never makes: the quoting of each engine must hold. */
    static const char *const words[] = {"a'b", "a\\b", "a:b", "a&b", "a|b", "!a", "a<->b", "'", "\\",
                                        "ops''", ":*", "x'); DROP TABLE articles; --"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        for (int kind = 0; kind < 3; kind++) {
            const char *w[2] = {words[i], "ops"};
            search_clause c = {kind == 0 ? SEARCH_WORD : kind == 1 ? SEARCH_PREFIX : SEARCH_PHRASE, w,
                               kind == 2 ? 2 : 1};
            search_query q = {&c, 1};
            CHECK_INT(compare(&p, words[i], "en", &q, 0, 5).rc, STORE_OK);
        }
    /* The index follows the caller's transaction, and its rollback. */
    x = find(&p, "en", "zeppelin", 0, 10);
    CHECK_INT(x.count, 1);
    int64_t shown = x.count ? x.hits[0].article.id : 0;
    article_input in = {.lang = "en", .title = "Giraffe lands in Baku", .subtitle = "",
                        .body_text = "A giraffe.", .status = ARTICLE_PUBLISHED, .workflow = WF_PUBLISHED};
    search_query *giraffe = search_query_build(p.a, p.tokenizers[0], "giraffe", NULL);
    search_query *zeppelin = search_query_build(p.a, p.tokenizers[0], "zeppelin", NULL);
    answer y = {0};
    CHECK_INT(store_begin(p.pg), STORE_OK);
    CHECK_INT(store_search_put(p.pg, shown, &in), STORE_OK);
    CHECK_INT(store_search(p.pg, p.a, "en", giraffe, 0, 10, &y.hits, &y.count, &y.totals), STORE_OK);
    CHECK(y.count == 1 && y.hits[0].article.id == shown && same_text(y.hits[0].body_text, "A giraffe."));
    CHECK_INT(store_search(p.pg, p.a, "en", zeppelin, 0, 10, &y.hits, &y.count, &y.totals), STORE_OK);
    CHECK_INT(y.count, 0);
    store_rollback(p.pg);
    x = find(&p, "en", "zeppelin", 0, 10);
    CHECK_INT(x.count, 1);
    /* Unpublished, it is gone from both. */
    put(&p, "en", "shown", "Zeppelin lands in Baku", "", "A zeppelin.", t - 600, ARTICLE_DRAFT);
    CHECK_INT(find(&p, "en", "zeppelin", 0, 10).count, 0);
    pair_close(&p);
}

/* More than the first slice and than the window: totals, more_exist,
** newest_ranked and pages as on SQLite, embargoed articles in the window. */
TEST(pg_search_slices_and_window) {
    pair p;
    if (!pair_open(&p)) return;
    int64_t t = (int64_t)time(NULL) - 3000000;
    /* One transaction on SQLite; none on PostgreSQL, whose rows this
    ** test writes on a connection of its own: a store transaction holds
    ** the content lock (postgres_internal.h), which those rows' triggers
    ** would wait for. */
    CHECK_INT(store_begin(p.sqlite), STORE_OK);
    static const char *const words[] = {"ferry", "port", "harbour", "cargo", "winter", "signal"};
    for (int i = 0; i < 2300; i++) {
        char slug[24], title[96], body[160];
        snprintf(slug, sizeof slug, "s-%d", i);
        snprintf(title, sizeof title, "Daily %s %s", words[i % 6], i % 7 == 0 ? "bulletin" : "report");
        snprintf(body, sizeof body, "The %s and the %s%s.", words[(i / 6) % 6], words[(i * 5) % 6],
                 i % 400 == 3 ? " rare" : "");
        int64_t when = i % 300 == 299 ? (int64_t)time(NULL) + 86400 : t + i * 600;
        put(&p, i % 11 == 5 ? "ru" : "en", slug, title, "", body, when,
            i % 97 == 13 ? ARTICLE_DRAFT : ARTICLE_PUBLISHED);
    }
    CHECK_INT(store_commit(p.sqlite), STORE_OK);
    static const char *const queries[] = {"daily", "ferry", "bulletin", "rare", "\"daily ferry\"",
                                          "ferry port", "harb*", "rare daily", "nothing"};
    static const int pages[][2] = {{0, 20}, {20, 20}, {1990, 20}, {0, 2000}};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        for (size_t k = 0; k < sizeof pages / sizeof pages[0]; k++)
            find(&p, "en", queries[i], pages[k][0], pages[k][1]);
    answer x = find(&p, "en", "daily", 0, 20);
    CHECK(x.totals.more_exist || x.totals.newest_ranked);
    x = find(&p, "en", "daily", 0, 2000);
    CHECK(x.totals.newest_ranked);
    pair_close(&p);
}

/* PostgreSQL's own bounds: positions stop at 16383, 256 positions a
** lexeme, a tsvector under 1 MB; phrases stay inside a field. */
TEST(pg_search_document_bounds) {
    pair p;
    if (!pair_open(&p)) return;
    size_t cap = 2 << 20, n = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 20000; i++) n += (size_t)snprintf(text + n, cap - n, "alpha beta ");
    snprintf(text + n, cap - n, "closing phrase");
    int64_t long_one = put(&p, "en", "long", "Gamma title", "Delta lead", text, (int64_t)time(NULL) - 100, ARTICLE_PUBLISHED);
    CHECK(long_one > 0);
    find(&p, "en", "alpha", 0, 10);
    find(&p, "en", "\"alpha beta\"", 0, 10);
    find(&p, "en", "closing", 0, 10); /* found: the word is there, at the last position */
    find(&p, "en", "\"gamma title\"", 0, 10);
    find(&p, "en", "\"title delta\"", 0, 10); /* across title and lead: no */
    find(&p, "en", "\"lead alpha\"", 0, 10);  /* across lead and body: no */
    /* A phrase past the 16383rd word is not found on PostgreSQL. */
    search_hit *hits;
    size_t count;
    search_totals totals;
    search_query *q = search_query_build(p.a, p.tokenizers[0], "\"closing phrase\"", NULL);
    CHECK_INT(store_search(p.pg, p.a, "en", q, 0, 10, &hits, &count, &totals), STORE_OK);
    CHECK_INT(count, 0);
    /* Past a megabyte of lexemes: no error, the start indexed. */
    n = (size_t)snprintf(text, cap, "opening ");
    unsigned seed = 7;
    while (n + 16 < cap) {
        for (int i = 0; i < 11; i++) text[n++] = (char)('a' + (seed = seed * 1103515245u + 12345u) % 26);
        text[n++] = ' ';
    }
    text[n] = '\0';
    article_input in = {.lang = "en", .title = "Huge", .subtitle = "", .body_text = text,
                        .status = ARTICLE_PUBLISHED, .workflow = WF_PUBLISHED};
    CHECK_INT(store_search_put(p.pg, long_one, &in), STORE_OK);
    q = search_query_build(p.a, p.tokenizers[0], "opening", NULL);
    CHECK_INT(store_search(p.pg, p.a, "en", q, 0, 10, &hits, &count, &totals), STORE_OK);
    CHECK_INT(count, 1);
    free(text);
    pair_close(&p);
}

/* The rebuild on PostgreSQL: stale after a clear, fresh after it, and the
** same answers as before. */
TEST(pg_search_rebuild) {
    pair p;
    if (!pair_open(&p)) return;
    int64_t t = (int64_t)time(NULL) - 10000;
    for (int i = 0; i < 300; i++) {
        char slug[16];
        snprintf(slug, sizeof slug, "r-%d", i);
        put(&p, i % 3 ? "en" : "ru", slug, i % 2 ? "Ferry news" : "Bridge news", "",
            "Body of **the** story, [linked](https://example.com).", t + i, i % 5 ? ARTICLE_PUBLISHED : ARTICLE_DRAFT);
    }
    CHECK(!store_search_stale(p.pg));
    int64_t total = 0;
    CHECK_INT(store_articles_total(p.pg, &total), STORE_OK);
    CHECK_INT(total, 300);
    CHECK_INT(store_begin(p.pg), STORE_OK);
    CHECK_INT(store_search_clear(p.pg), STORE_OK);
    CHECK(store_search_stale(p.pg));
    store_rollback(p.pg);
    CHECK(!store_search_stale(p.pg));
    FILE *out = fopen("/dev/null", "w");
    CHECK(out && reindex_run(p.pg, out));
    if (out) fclose(out);
    CHECK(!store_search_stale(p.pg));
    find(&p, "en", "ferry", 0, 300);
    find(&p, "en", "story", 0, 50);
    find(&p, "en", "linked", 0, 50);
    find(&p, "ru", "bridge", 0, 300);
    pair_close(&p);
}
