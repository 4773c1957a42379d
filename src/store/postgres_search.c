/*
** Search on PostgreSQL: Gazette's own tokenizer (src/search/tokenize.c)
** makes the lexemes, in C, exactly as it does for SQLite's FTS5 tables;
** PostgreSQL only stores them, as a tsvector in search_entries.document
** under a GIN index, and matches them against a tsquery written here from
** the parsed query. PostgreSQL's parsers and dictionaries (to_tsvector,
** to_tsquery) are never used: they would split and stem otherwise.
**
** The document: the tokens of the title (weight A), the lead (B) and the
** body (D), each stem with the whole folded word beside it at the same
** position (SEARCH_INDEX), positions counted across the three fields with
** one left empty between fields, so that a phrase never runs from one
** field into the next (FTS5's phrases stay in a column). PostgreSQL's own
** bounds are kept before sending: positions stop at 16383 (later words are
** all there, at 16383, but take no part in phrases), 256 positions a
** lexeme, lexemes under 2 KB (the tokenizer cuts words at 120 bytes) and
** a tsvector under 1 MB (what does not fit is not indexed).
**
** The query: a word is stemmed, a prefix only folded ('x':*), a phrase
** stemmed word by word ('a' <-> 'b'), every clause ANDed; each lexeme is
** quoted, so nothing a reader types can become an operator. Colocated
** whole words share their stem's position, so <-> behaves as FTS5's
** phrases over colocated tokens do.
**
** Work per query is bounded as on SQLite (see sqlite_search.c and
** store.h): the newest 1,000 articles of the edition first, then ever
** wider slices, each only when the one before held too few results; in a
** slice, the newest STORE_SEARCH_WINDOW matches are ranked (found through
** the GIN index and the edition's index of ids, as the planner sees fit).
** What PostgreSQL cannot do as cheaply as FTS5 is check a phrase: the GIN
** index knows lexemes, not positions, so every article of the slice that
** holds all the words of a phrase is read to see whether they stand in
** order. Phrases of common words cost the most; so that a wider slice
** does not read again what a narrower one read, it takes the matches the
** narrower one found and looks only at the articles below it.
**
** Ranking is SQLite's gazette_rank() (sqlite_rank.c) computed in SQL, so
** that both engines order alike: BM25 (k1 1.2, b 0.75) summed over the
** clauses, with the same inverse document frequencies (counted within the
** slice; none for a single clause) and the same lengths (the words of an
** entry, kept in search_entries.tokens as FTS5 keeps them). A clause's
** frequency, the title counting 10, the lead 4 and the body 1, is
** ts_rank_cd() with weights {D 0.1, C 0, B 0.4, A 1.0} times 10: for one
** lexeme or one phrase, its cover density is the sum of the weights of
** its occurrences (rounded, as those are whole numbers). ts_rank() was
** not chosen: it scores an AND of words by their proximity and has
** neither BM25's saturation nor its lengths, so it orders otherwise. What
** differs: FTS5 divides by the average length of the whole edition, which
** PostgreSQL would have to count on every query; here it is the average of
** the edition's newest 1,000 entries (the same up to 1,000), so that in a
** larger edition scores that nearly tie may come out the other way round.
** Where the scores tie, newer articles come first, as on SQLite.
*/
#include "postgres_internal.h"
#include "../core/buf.h"
#include "../core/fatal.h"
#include "../search/tokenize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRINGIFY(x) #x
#define STRING_OF(x) STRINGIFY(x)

/* ----------------------------------------------------------- statements */

enum search_stmt { Q_UPSERT, Q_DELETE, Q_CLEAR, Q_MARK_STALE, Q_MARK_FRESH, Q_STALE, Q_EACH,
                   Q_TOTAL, Q_HORIZON, Q_ROWS, Q_COUNT, Q_COUNT_SHOWN, Q_RANK, Q_HITS, Q_TEXTS,
                   Q_HIDDEN_UPSERT, Q_HIDDEN_DELETE, Q_HIDDEN_CLEAR, Q_COUNT_OF };
_Static_assert(Q_COUNT_OF <= PG_SEARCH_SLOTS, "raise PG_SEARCH_SLOTS");

/* The rows articles_each() reads at a time. */
#define EACH_BATCH 200

static const char *const search_sql[Q_COUNT_OF] = {
    [Q_UPSERT] = "INSERT INTO search_entries (article_id, lang, document, title, subtitle, body, tokens, headline)"
                 " VALUES ($1, $2, $3::tsvector, $4, $5, $6, $7, ts_filter($3::tsvector, '{a,b}'))"
                 " ON CONFLICT (article_id) DO UPDATE SET lang = EXCLUDED.lang,"
                 " document = EXCLUDED.document, headline = EXCLUDED.headline, title = EXCLUDED.title,"
                 " subtitle = EXCLUDED.subtitle, body = EXCLUDED.body, tokens = EXCLUDED.tokens",
    [Q_DELETE] = "DELETE FROM search_entries WHERE article_id = $1",
    [Q_CLEAR] = "DELETE FROM search_entries",
    [Q_MARK_STALE] = "INSERT INTO meta (key, value) VALUES ('search_stale', '1')"
                     " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    [Q_MARK_FRESH] = "DELETE FROM meta WHERE key = 'search_stale'",
    [Q_STALE] = "SELECT 1 FROM meta WHERE key = 'search_stale'",
    [Q_EACH] = "SELECT a.id, a.lang, a.slug, a.title, a.subtitle, a.status, b.body_markdown"
               " FROM articles a JOIN article_bodies b ON b.article_id = a.id"
               " WHERE a.id > $1 ORDER BY a.id LIMIT " STRING_OF(EACH_BATCH),
    [Q_TOTAL] = "SELECT count(*) FROM articles",
    /* One more than the id of the edition's ($2 + 1)th newest published
    ** article: the ids from it up are those of the newest $2. */
    [Q_HORIZON] = "SELECT id + 1 FROM articles WHERE lang = $1 AND status = 1"
                  " ORDER BY id DESC LIMIT 1 OFFSET $2",
    [Q_ROWS] = "SELECT count(*) FROM search_entries WHERE lang = $1",
    [Q_COUNT] = "SELECT count(*) FROM search_entries"
                " WHERE lang = $1 AND document @@ $2::tsquery AND article_id >= $3 AND article_id < $4",
    [Q_COUNT_SHOWN] = "SELECT count(*) FROM search_entries e JOIN articles a ON a.id = e.article_id"
                      " WHERE e.lang = $1 AND e.document @@ $2::tsquery AND e.article_id >= $3"
                      " AND a.published_at <= $4",
    /* The newest matches of the slice from $3 (the window), embargoed ones
    ** (dated after $4) last and unranked, the others best first; $5 the
    ** clauses' queries, $6 their inverse document frequencies; $7 the
    ** matches from $8 up, found by a narrower slice. See the comment atop
    ** the file. */
    [Q_RANK] =
        "WITH matches AS ("
        " SELECT e.article_id, e.document, e.tokens FROM search_entries e"
        " WHERE e.article_id = ANY ($7::bigint[])"
        " UNION ALL (SELECT e.article_id, e.document, e.tokens FROM search_entries e"
        " WHERE e.lang = $1 AND e.document @@ $2::tsquery AND e.article_id >= $3 AND e.article_id < $8"
        " ORDER BY e.article_id DESC LIMIT " STRING_OF(STORE_SEARCH_WINDOW) " - cardinality($7::bigint[]))"
        "), sizes AS (SELECT GREATEST(avg(tokens)::float8, 1) AS average FROM"
        " (SELECT tokens FROM search_entries WHERE lang = $1 ORDER BY article_id DESC LIMIT 1000) n)"
        " SELECT m.article_id, a.published_at <= $4 AS shown"
        " FROM matches m JOIN articles a ON a.id = m.article_id CROSS JOIN sizes s"
        " ORDER BY shown DESC,"
        " (SELECT sum(c.idf * c.f * 2.2 / (c.f + 1.2 * (0.25 + 0.75 * m.tokens / s.average)))"
        "  FROM (SELECT q.idf, round(10 * ts_rank_cd('{0.1, 0, 0.4, 1}', m.document, q.query, 0)) AS f"
        "   FROM unnest($5::tsquery[], $6::float8[]) AS q(query, idf) OFFSET 0) c) DESC," /* f once */
        " a.published_at DESC, a.id DESC",
    [Q_HITS] = NULL, /* PG_ARTICLE_COLUMNS, built once */
    [Q_TEXTS] = "SELECT article_id, title, subtitle, body FROM search_entries"
                " WHERE article_id = ANY ($1::bigint[])",
    /* The newsroom's index of what readers cannot see (postgres_newsroom_list.c). */
    [Q_HIDDEN_UPSERT] = "INSERT INTO newsroom_search_entries (article_id, lang, document)"
                        " VALUES ($1, $2, $3::tsvector) ON CONFLICT (article_id) DO UPDATE"
                        " SET lang = EXCLUDED.lang, document = EXCLUDED.document",
    [Q_HIDDEN_DELETE] = "DELETE FROM newsroom_search_entries WHERE article_id = $1",
    [Q_HIDDEN_CLEAR] = "DELETE FROM newsroom_search_entries",
};

static char hits_sql[1536];
static pthread_once_t hits_once = PTHREAD_ONCE_INIT;

/* Writes Q_HITS's SQL: the articles of a page, by id. */
static void build_hits_sql(void) {
    snprintf(hits_sql, sizeof hits_sql, PG_ARTICLE_COLUMNS " WHERE a.id = ANY ($1::bigint[])",
             "NULL");
}

/* The SQL of statement q. */
static const char *sql_of(enum search_stmt q) {
    if (q != Q_HITS) return search_sql[q];
    pthread_once(&hits_once, build_hits_sql);
    return hits_sql;
}

/* Runs statement q for its effect: STORE_OK or the error's class. */
static int run(pg_conn *c, enum search_stmt q, const pg_params *p, const char *what) {
    return pg_exec(c, PG_SEARCH_FIRST + (int)q, sql_of(q), p, NULL, what);
}

/* Runs statement q: its result (the caller frees it), or NULL with the
** error's class in *rc. */
static PGresult *query(pg_conn *c, enum search_stmt q, const pg_params *p, int *rc,
                       const char *what) {
    return pg_query(c, PG_SEARCH_FIRST + (int)q, sql_of(q), p, rc, what);
}

/* Runs a statement that answers one number into *n (0 for no row). */
static int number_of(pg_conn *c, enum search_stmt q, const pg_params *p, int64_t *n,
                     const char *what) {
    int rc;
    PGresult *r = query(c, q, p, &rc, what);
    *n = r && PQntuples(r) > 0 ? pg_get_int(r, 0, 0) : 0;
    PQclear(r);
    return rc;
}

/* ----------------------------------------------------------- tokenizers */

static const char *const languages[3] = {"en", "ru", "az"};

/* The index of an edition in languages, or -1 for one without an index. */
static int lang_index(const char *lang) {
    for (int i = 0; lang && i < 3; i++)
        if (strcmp(lang, languages[i]) == 0) return i;
    return -1;
}

/* Tokenizers are not thread-safe: each thread has its own, one per
** edition, made on first use and freed when the thread ends. */
static pthread_key_t tokenizer_key;
static pthread_once_t tokenizer_once = PTHREAD_ONCE_INIT;

/* Frees a thread's tokenizers when it ends. */
static void tokenizers_free(void *p) {
    search_tokenizer **set = p;
    for (int i = 0; i < 3; i++) search_tokenizer_free(set[i]);
    free(set);
}

/* Makes the key of the threads' tokenizers, once. */
static void tokenizer_key_make(void) {
    if (pthread_key_create(&tokenizer_key, tokenizers_free) != 0) fatal("pthread_key_create failed");
}

/* The calling thread's tokenizer of edition lang (an index into
** languages), owned by the thread. */
static search_tokenizer *tokenizer_of(int lang) {
    pthread_once(&tokenizer_once, tokenizer_key_make);
    search_tokenizer **set = pthread_getspecific(tokenizer_key);
    if (!set) {
        set = xcalloc(3, sizeof *set);
        if (pthread_setspecific(tokenizer_key, set) != 0) fatal("pthread_setspecific failed");
    }
    if (!set[lang] && !(set[lang] = search_tokenizer_new(languages[lang])))
        fatal("no search tokenizer for %s", languages[lang]);
    return set[lang];
}

/* ------------------------------------------------------------- lexemes */

/* Appends token quoted as a lexeme of a tsvector or tsquery: in single
** quotes, a quote doubled, a backslash escaped. Tokens are letters and
** digits, but nothing here relies on it. */
static void put_lexeme(buf *b, const char *token, size_t len) {
    buf_putc(b, '\'');
    for (size_t i = 0; i < len; i++) {
        if (token[i] == '\'') buf_putc(b, '\'');
        else if (token[i] == '\\') buf_putc(b, '\\');
        buf_putc(b, token[i]);
    }
    buf_putc(b, '\'');
}

/* PostgreSQL's bounds on a tsvector (tsearch/ts_type.h). */
#define TSV_MAX_POSITION 16383     /* MAXENTRYPOS - 1 */
#define TSV_MAX_POSITIONS 256      /* of one lexeme: MAXNUMPOS */
#define TSV_MAX_LEXEME 2046        /* bytes, under MAXSTRLEN */
#define TSV_MAX_BYTES 1000000      /* lexemes and positions, under MAXSTRPOS (1 MB) */

/* One lexeme of a document and its positions, each position << 2 | its
** weight (3 A, 2 B, 0 D). */
typedef struct lexeme {
    const char *text; /* NULL: a free slot */
    int len;
    int count, cap;
    uint16_t *positions;
} lexeme;

/* A document being built: a hash table of its lexemes. */
typedef struct document {
    arena *arena;
    lexeme *slots;
    size_t cap, used;
    int position; /* of the word being read; 0 before the first */
    int64_t words; /* read, all of them (the length BM25 divides by) */
    int weight;   /* of the field being read */
    size_t bytes; /* what PostgreSQL will store, bounded by TSV_MAX_BYTES */
} document;

/* FNV-1a of len bytes, for the table of lexemes. */
static size_t hash_of(const char *s, int len) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Doubles the table (its memory stays in the arena until it is freed). */
static void document_grow(document *d) {
    size_t cap = d->cap ? d->cap * 2 : 256;
    lexeme *slots = arena_zalloc(d->arena, cap * sizeof *slots);
    for (size_t i = 0; i < d->cap; i++) {
        if (!d->slots[i].text) continue;
        size_t j = hash_of(d->slots[i].text, d->slots[i].len) & (cap - 1);
        while (slots[j].text) j = (j + 1) & (cap - 1);
        slots[j] = d->slots[i];
    }
    d->slots = slots;
    d->cap = cap;
}

/* The entry of token in d, added when new (with room for its first
** position); NULL when it no longer fits. */
static lexeme *document_lexeme(document *d, const char *token, int len) {
    if ((d->used + 1) * 4 > d->cap * 3) document_grow(d);
    size_t i = hash_of(token, len) & (d->cap - 1);
    while (d->slots[i].text) {
        if (d->slots[i].len == len && memcmp(d->slots[i].text, token, (size_t)len) == 0)
            return &d->slots[i];
        i = (i + 1) & (d->cap - 1);
    }
    size_t cost = 4 + (size_t)len + 1 + 2 + 2; /* entry, text aligned, count, a position */
    if (d->bytes + cost > TSV_MAX_BYTES) return NULL;
    d->bytes += cost - 2; /* the position is counted when it comes */
    d->used++;
    d->slots[i].text = arena_strndup(d->arena, token, (size_t)len);
    d->slots[i].len = len;
    return &d->slots[i];
}

/* search_tokenize()'s callback: a token of the field being read. */
static int document_token(void *ctx, const char *token, int len, int start, int end, int flags) {
    (void)start; (void)end;
    document *d = ctx;
    if (!(flags & SEARCH_TOKEN_COLOCATED)) {
        d->words++;
        if (d->position < TSV_MAX_POSITION) d->position++;
    }
    if (len <= 0 || len > TSV_MAX_LEXEME || d->position == 0) return 0;
    lexeme *x = document_lexeme(d, token, len);
    if (!x || x->count == TSV_MAX_POSITIONS || (x->count && d->bytes + 2 > TSV_MAX_BYTES)) return 0;
    /* Past the last position every word stands at it, once. */
    if (x->count && x->positions[x->count - 1] >> 2 == d->position) return 0;
    if (x->count == x->cap) {
        int cap = x->cap ? x->cap * 4 : 4;
        if (cap > TSV_MAX_POSITIONS) cap = TSV_MAX_POSITIONS;
        uint16_t *positions = arena_alloc(d->arena, (size_t)cap * sizeof *positions);
        if (x->count) memcpy(positions, x->positions, (size_t)x->count * sizeof *positions);
        x->positions = positions;
        x->cap = cap;
    }
    x->positions[x->count++] = (uint16_t)(d->position << 2 | d->weight);
    d->bytes += 2;
    return 0;
}

/* Reads one field of an article into d with weight (3 A, 2 B, 0 D), then
** leaves a position empty. */
static void document_field(document *d, search_tokenizer *t, const char *text, int weight) {
    if (!text || !*text) return;
    d->weight = weight;
    size_t len = strlen(text);
    search_tokenize(t, text, len > INT32_MAX ? INT32_MAX : (int)len, SEARCH_INDEX, document_token, d);
    if (d->position > 0 && d->position < TSV_MAX_POSITION) d->position++;
}

/* Appends n in decimal. */
static void put_number(buf *b, unsigned n) {
    char digits[12];
    int i = (int)sizeof digits;
    do digits[--i] = (char)('0' + n % 10); while ((n /= 10) && i > 0);
    buf_append(b, digits + i, sizeof digits - (size_t)i);
}

/* The text form of the tsvector of an article, in a:
** 'lexeme':1A,7A 'other':3B ...; its number of words in *words. */
static const char *document_text(arena *a, search_tokenizer *t, const article_input *in,
                                 int64_t *words) {
    document d = {.arena = a};
    document_grow(&d);
    document_field(&d, t, in->title, 3);
    document_field(&d, t, in->subtitle, 2);
    document_field(&d, t, in->body_text, 0);
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    for (size_t i = 0; i < d.cap; i++) {
        const lexeme *x = &d.slots[i];
        if (!x->text) continue;
        if (b.len) buf_putc(&b, ' ');
        put_lexeme(&b, x->text, (size_t)x->len);
        for (int k = 0; k < x->count; k++) {
            buf_putc(&b, k ? ',' : ':');
            put_number(&b, x->positions[k] >> 2);
            int w = x->positions[k] & 3;
            if (w) buf_putc(&b, w == 3 ? 'A' : 'B'); /* D, the body's, is the default */
        }
    }
    *words = d.words;
    return b.data;
}

/* ---------------------------------------------------------------- index */

/* An article of an edition without an index has no entry; one readers
** cannot see has its entry in the newsroom's index instead. */
int postgres_search_index(pg_conn *c, int64_t id, const article_input *in) {
    int lang = lang_index(in->lang);
    pg_params p = {0};
    pg_int(&p, id);
    int rc = run(c, Q_HIDDEN_DELETE, &p, "unindex article");
    if (rc != STORE_OK) return rc;
    if (lang < 0 || !store_input_public(in)) {
        rc = run(c, Q_DELETE, &p, "unindex article");
        if (rc != STORE_OK || lang < 0) return rc;
        arena *a = arena_new();
        int64_t words;
        pg_text(&p, in->lang);
        pg_text(&p, document_text(a, tokenizer_of(lang), in, &words));
        rc = run(c, Q_HIDDEN_UPSERT, &p, "index article for the newsroom");
        arena_free(a);
        return rc;
    }
    arena *a = arena_new();
    int64_t words;
    pg_text(&p, in->lang);
    pg_text(&p, document_text(a, tokenizer_of(lang), in, &words));
    pg_text(&p, in->title ? in->title : "");
    pg_text(&p, in->subtitle ? in->subtitle : "");
    pg_text(&p, in->body_text ? in->body_text : "");
    pg_int(&p, words < INT32_MAX ? words : INT32_MAX);
    rc = run(c, Q_UPSERT, &p, "index article");
    arena_free(a);
    return rc;
}

int postgres_search_put(store *s, int64_t id, const article_input *in) {
    return postgres_search_index(postgres_conn(s), id, in);
}

int postgres_search_clear(store *s) {
    pg_conn *c = postgres_conn(s);
    int rc = run(c, Q_CLEAR, NULL, "clear index");
    if (rc == STORE_OK) rc = run(c, Q_HIDDEN_CLEAR, NULL, "clear the newsroom's index");
    return rc != STORE_OK ? rc : run(c, Q_MARK_STALE, NULL, "mark index stale");
}

int postgres_search_mark_fresh(store *s) {
    return run(postgres_conn(s), Q_MARK_FRESH, NULL, "mark index fresh");
}

bool postgres_search_stale(store *s) {
    int rc;
    PGresult *r = query(postgres_conn(s), Q_STALE, NULL, &rc, "read index state");
    bool stale = r && PQntuples(r) > 0;
    PQclear(r);
    return stale;
}

int postgres_articles_each(store *s, store_article_fn fn, void *ctx) {
    pg_conn *c = postgres_conn(s);
    int64_t after = 0;
    /* In batches, so that a large archive never sits in memory whole. */
    for (;;) {
        pg_params p = {0};
        pg_int(&p, after);
        int rc;
        PGresult *r = query(c, Q_EACH, &p, &rc, "read articles");
        if (!r) return rc;
        int rows = PQntuples(r);
        for (int i = 0; i < rows; i++) {
            article_input in = {0};
            in.lang = PQgetvalue(r, i, 1);
            in.slug = PQgetvalue(r, i, 2);
            in.title = PQgetvalue(r, i, 3);
            in.subtitle = PQgetvalue(r, i, 4);
            in.status = pg_get_int(r, i, 5) ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
            in.body_markdown = PQgetvalue(r, i, 6);
            after = pg_get_int(r, i, 0);
            if (!fn(ctx, after, &in)) {
                PQclear(r);
                return STORE_OK;
            }
        }
        PQclear(r);
        if (rows < EACH_BATCH) return STORE_OK;
    }
}

int postgres_articles_total(store *s, int64_t *count) {
    return number_of(postgres_conn(s), Q_TOTAL, NULL, count, "count articles");
}

/* ---------------------------------------------------------------- query */

/* What search_tokenize() hands a clause's lexemes to. */
typedef struct clause_builder {
    buf *out;
    int lexemes;
} clause_builder;

/* search_tokenize()'s callback: the next lexeme of a clause. */
static int clause_token(void *ctx, const char *token, int len, int start, int end, int flags) {
    (void)start; (void)end; (void)flags;
    clause_builder *b = ctx;
    if (len <= 0 || len > TSV_MAX_LEXEME) return 0;
    if (b->lexemes++) buf_puts(b->out, " <-> ");
    put_lexeme(b->out, token, (size_t)len);
    return 0;
}

/* The tsquery of one clause, in a, as FTS5 reads the clause's quoted
** string: a word and each word of a phrase stemmed (SEARCH_STEM, FTS5's
** query mode), a prefix only folded and its last lexeme matched as a
** prefix; the lexemes of more than one token in order (<->). NULL when
** the clause has no lexeme at all. */
static const char *clause_query(arena *a, search_tokenizer *t, const search_clause *cl) {
    buf out;
    buf_init(&out, a);
    clause_builder b = {&out, 0};
    search_mode mode = cl->kind == SEARCH_PREFIX ? SEARCH_FOLD : SEARCH_STEM;
    for (size_t i = 0; i < cl->count; i++)
        if (cl->words[i]) search_tokenize(t, cl->words[i], (int)strlen(cl->words[i]), mode, clause_token, &b);
    if (!b.lexemes) return NULL;
    if (cl->kind == SEARCH_PREFIX) buf_puts(&out, ":*");
    return out.data;
}

/* A query as PostgreSQL runs it: the whole (every clause ANDed), and each
** clause alone with its inverse document frequency, for ranking. */
typedef struct pg_query_text {
    const char *all;
    const char **clauses;
    double *idf;
    int64_t *df; /* each clause's matches from seen.below up */
    size_t count;
    /* What the slices searched so far found, so that a wider one reads
    ** only the articles the narrower ones did not (a phrase is checked by
    ** reading the article): every match (the window's rows) from `below`
    ** up, when that window was not full; else below is INT64_MAX. */
    struct {
        int64_t below;
        int64_t *matches;
        size_t count;
    } seen;
} pg_query_text;

/* Builds q's tsqueries in a; false when no clause has a lexeme. Clauses
** without one (query.h never makes them) are left out. */
static bool query_build(arena *a, search_tokenizer *t, const search_query *q, pg_query_text *out) {
    out->clauses = arena_alloc(a, (q->count ? q->count : 1) * sizeof *out->clauses);
    out->idf = arena_alloc(a, (q->count ? q->count : 1) * sizeof *out->idf);
    out->df = arena_zalloc(a, (q->count ? q->count : 1) * sizeof *out->df);
    out->count = 0;
    out->seen.below = INT64_MAX;
    out->seen.matches = arena_alloc(a, STORE_SEARCH_WINDOW * sizeof *out->seen.matches);
    out->seen.count = 0;
    buf all;
    buf_init(&all, a);
    for (size_t i = 0; i < q->count; i++) {
        const char *one = clause_query(a, t, &q->clauses[i]);
        if (!one) continue;
        if (out->count) buf_puts(&all, " & ");
        buf_printf(&all, "(%s)", one);
        out->idf[out->count] = 1.0;
        out->clauses[out->count++] = one;
    }
    out->all = all.data;
    return out->count > 0;
}

const char *postgres_tsquery(arena *a, const char *lang, const search_query *q) {
    int edition = lang_index(lang);
    pg_query_text qt;
    if (edition < 0 || !q || q->count == 0 || !query_build(a, tokenizer_of(edition), q, &qt)) return NULL;
    return qt.all;
}

/* Appends text as an element of an array literal: double-quoted, quotes
** and backslashes escaped. */
static void put_array_element(buf *b, const char *text) {
    buf_putc(b, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\') buf_putc(b, '\\');
        buf_putc(b, *p);
    }
    buf_putc(b, '"');
}

/* The array literals of the clauses' queries and frequencies, in a. */
static void clause_arrays(arena *a, const pg_query_text *qt, const char **queries,
                          const char **idfs) {
    buf qb, fb;
    buf_init(&qb, a);
    buf_init(&fb, a);
    buf_putc(&qb, '{');
    buf_putc(&fb, '{');
    for (size_t i = 0; i < qt->count; i++) {
        if (i) {
            buf_putc(&qb, ',');
            buf_putc(&fb, ',');
        }
        put_array_element(&qb, qt->clauses[i]);
        buf_printf(&fb, "%.17g", qt->idf[i]);
    }
    buf_putc(&qb, '}');
    buf_putc(&fb, '}');
    *queries = qb.data;
    *idfs = fb.data;
}

/* The array literal of n ids, in a. */
static const char *id_array(arena *a, const int64_t *ids, size_t n) {
    buf b;
    buf_init(&b, a);
    buf_putc(&b, '{');
    for (size_t i = 0; i < n; i++) buf_printf(&b, i ? ",%lld" : "%lld", (long long)ids[i]);
    buf_putc(&b, '}');
    return b.data;
}

/* The smallest id of the newest `size` published articles of the
** edition, or 0 when it has no more than that. */
static int horizon_of(pg_conn *c, const char *lang, int size, int64_t *horizon) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, size);
    return number_of(c, Q_HORIZON, &p, horizon, "search horizon");
}

/* Counts the matches of tsquery from horizon up to below (excluded). */
static int count_matches(pg_conn *c, const char *lang, const char *tsquery, int64_t horizon,
                         int64_t below, int64_t *n) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, tsquery);
    pg_int(&p, horizon);
    pg_int(&p, below);
    return number_of(c, Q_COUNT, &p, n, "search frequency");
}

/* Counts the matches of tsquery from horizon up, dated at or before now. */
static int count_shown(pg_conn *c, const char *lang, const char *tsquery, int64_t horizon,
                       int64_t now, int64_t *n) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, tsquery);
    pg_int(&p, horizon);
    pg_int(&p, now);
    return number_of(c, Q_COUNT_SHOWN, &p, n, "search count");
}

/* Sets the clauses' inverse document frequencies as gazette_rank() has
** them: within the slice at or above horizon of `size` articles (0: the
** whole edition), none (all 1) for a single clause, whose IDF scales every
** score alike. */
static int clause_frequencies(pg_conn *c, const char *lang, pg_query_text *qt, int64_t horizon,
                              int size) {
    if (qt->count < 2) return STORE_OK;
    int64_t n = size;
    if (!size) {
        pg_params p = {0};
        pg_text(&p, lang);
        int rc = number_of(c, Q_ROWS, &p, &n, "search frequency");
        if (rc != STORE_OK) return rc;
    }
    for (size_t i = 0; i < qt->count; i++) {
        int64_t more;
        int rc = count_matches(c, lang, qt->clauses[i], horizon, qt->seen.below, &more);
        if (rc != STORE_OK) return rc;
        double df = (double)(qt->df[i] += more);
        double idf = log(((double)n - df + 0.5) / (df + 0.5));
        qt->idf[i] = idf > 1e-6 ? idf : 1e-6; /* as bm25(): very common words still count */
    }
    return STORE_OK;
}

/* Keeps what the slice from horizon found (r, Q_RANK's rows) for the next
** one: all its matches when its window was not full; else nothing, and
** the next slice is read whole. */
static void remember(pg_query_text *qt, const PGresult *r, int64_t horizon) {
    int rows = PQntuples(r);
    qt->seen.count = 0;
    if (rows >= STORE_SEARCH_WINDOW) {
        qt->seen.below = INT64_MAX;
        memset(qt->df, 0, qt->count * sizeof *qt->df);
        return;
    }
    qt->seen.below = horizon;
    for (int i = 0; i < rows; i++) qt->seen.matches[qt->seen.count++] = pg_get_int(r, i, 0);
}

/* Ranks the window of the matches at or above horizon; keeps the ids of
** the page asked for in ids (limit of them) and sets *n and the totals. */
static int rank_matches(pg_conn *c, arena *a, const char *lang, pg_query_text *qt,
                        int64_t horizon, int size, int64_t now, int offset, int limit,
                        int64_t *ids, size_t *n, search_totals *totals) {
    int rc = clause_frequencies(c, lang, qt, horizon, size);
    if (rc != STORE_OK) return rc;
    const char *queries, *idfs;
    clause_arrays(a, qt, &queries, &idfs);
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, qt->all);
    pg_int(&p, horizon);
    pg_int(&p, now);
    pg_text(&p, queries);
    pg_text(&p, idfs);
    pg_text(&p, id_array(a, qt->seen.matches, qt->seen.count));
    pg_int(&p, qt->seen.below);
    PGresult *r = query(c, Q_RANK, &p, &rc, "search rank");
    if (!r) return rc;
    int rows = PQntuples(r);
    int64_t ranked = 0;
    *n = 0;
    for (int i = 0; i < rows && pg_get_bool(r, i, 1); i++) {
        if (ranked >= offset && *n < (size_t)limit) ids[(*n)++] = pg_get_int(r, i, 0);
        ranked++;
    }
    totals->total = ranked;
    totals->newest_ranked = rows >= STORE_SEARCH_WINDOW;
    remember(qt, r, horizon);
    PQclear(r);
    /* A full window leaves matches uncounted: count them all. */
    if (totals->newest_ranked) return count_shown(c, lang, qt->all, horizon, now, &totals->total);
    return STORE_OK;
}

/* The place of id in ids, or -1. */
static long place_of(const int64_t *ids, size_t n, int64_t id) {
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id) return (long)i;
    return -1;
}

/* Fills hits[i] for ids[i]: the article and the indexed text of its
** title, lead and body (the title alone when the entry is gone). */
static int read_hits(pg_conn *c, arena *a, const int64_t *ids, size_t n, search_hit *hits) {
    pg_params p = {0};
    pg_text(&p, id_array(a, ids, n));
    int rc;
    PGresult *r = query(c, Q_HITS, &p, &rc, "search result");
    if (!r) return rc;
    size_t found = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        long k = place_of(ids, n, pg_get_int(r, i, 0));
        if (k < 0 || hits[k].article.id) continue;
        postgres_read_article(a, r, i, &hits[k].article);
        hits[k].title_text = hits[k].article.title;
        hits[k].subtitle_text = hits[k].body_text = "";
        found++;
    }
    PQclear(r);
    if (found != n) return pg_fail(c, STORE_ERROR, "search result: an article is gone");
    if (!(r = query(c, Q_TEXTS, &p, &rc, "search text"))) return rc;
    for (int i = 0; i < PQntuples(r); i++) {
        long k = place_of(ids, n, pg_get_int(r, i, 0));
        if (k < 0) continue;
        hits[k].title_text = pg_get_text(a, r, i, 1);
        hits[k].subtitle_text = pg_get_text(a, r, i, 2);
        hits[k].body_text = pg_get_text(a, r, i, 3);
    }
    PQclear(r);
    return STORE_OK;
}

int postgres_search(store *s, arena *a, const char *lang, const search_query *q, int offset,
                    int limit, search_hit **out, size_t *count, search_totals *totals) {
    pg_conn *c = postgres_conn(s);
    int edition = lang_index(lang);
    *out = NULL;
    *count = 0;
    memset(totals, 0, sizeof *totals);
    if (edition < 0 || limit <= 0 || offset < 0 || !q || q->count == 0) return STORE_OK;
    pg_query_text qt;
    if (!query_build(a, tokenizer_of(edition), q, &qt)) return STORE_OK;
    int64_t now = pg_now();
    size_t room = limit < STORE_SEARCH_WINDOW ? (size_t)limit : STORE_SEARCH_WINDOW;
    int64_t *ids = arena_alloc(a, room * sizeof *ids);
    size_t n = 0;
    /* Ever wider slices of the newest articles, then all, as on SQLite. */
    static const int horizons[] = {1000, 3000, 10000, 30000, 100000, 0};
    int64_t horizon = 0;
    for (size_t h = 0; h < sizeof horizons / sizeof horizons[0]; h++) {
        horizon = 0;
        int rc = horizons[h] ? horizon_of(c, lang, horizons[h], &horizon) : STORE_OK;
        if (rc != STORE_OK) return rc;
        if (horizons[h] && horizon == 0) continue; /* the edition is smaller than this */
        rc = rank_matches(c, a, lang, &qt, horizon, horizons[h], now, offset, (int)room, ids, &n,
                          totals);
        if (rc != STORE_OK) return rc;
        if (totals->total >= (int64_t)offset + limit) break;
    }
    totals->more_exist = horizon > 0;

    search_hit *hits = arena_zalloc(a, (n ? n : 1) * sizeof *hits);
    int rc = n ? read_hits(c, a, ids, n, hits) : STORE_OK;
    if (rc != STORE_OK) return rc;
    *out = hits;
    *count = n;
    return STORE_OK;
}
