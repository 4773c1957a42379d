/*
** gazette_rank(): BM25 for FTS5, computed like FTS5's own bm25() but with
** the inverse document frequencies given by the caller.
**
** Why: bm25() finds each phrase's document frequency by running the phrase
** over the whole table once per query. For a phrase of common words in a
** large archive that scan costs more than the search itself. The caller
** (store_search) knows a cheaper way: a single phrase needs no IDF at all
** (it scales every score alike), and several are counted within the slice
** of newest articles being searched.
**
** gazette_rank(T, 'N df1 df2 ...'): N documents, dfK the documents that
** match phrase K; with no dfs every phrase weighs 1. Columns weigh 10
** (title), 4 (lead) and 1 (body). Lower is better, as with bm25().
*/
#include "sqlite_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define K1 1.2
#define B 0.75
#define MAX_PHRASES 64

static const double column_weight[] = {10.0, 4.0, 1.0};

typedef struct rank_data {
    int phrases;
    double idf[MAX_PHRASES];
    double average_length; /* tokens per row */
} rank_data;

/* Parses the caller's frequencies and reads the table's sizes, once per query. */
static rank_data *rank_setup(const Fts5ExtensionApi *api, Fts5Context *fts, const char *spec) {
    rank_data *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->phrases = api->xPhraseCount(fts);
    if (d->phrases > MAX_PHRASES) d->phrases = MAX_PHRASES;
    sqlite3_int64 rows = 0, tokens = 0;
    api->xRowCount(fts, &rows);
    api->xColumnTotalSize(fts, -1, &tokens);
    d->average_length = rows > 0 ? (double)tokens / (double)rows : 1.0;
    char *end;
    double n = spec ? strtod(spec, &end) : 0;
    if (n <= 0) n = (double)rows;
    const char *p = spec ? end : NULL;
    for (int i = 0; i < d->phrases; i++) {
        double df = p ? strtod(p, &end) : 0;
        if (!p || end == p) {
            d->idf[i] = 1.0; /* not given: all phrases alike */
            p = NULL;
            continue;
        }
        p = end;
        double idf = log((n - df + 0.5) / (df + 0.5));
        d->idf[i] = idf > 1e-6 ? idf : 1e-6; /* as bm25(): very common words still count */
    }
    return d;
}

static void gazette_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                         int argc, sqlite3_value **argv) {
    rank_data *d = api->xGetAuxdata(fts, 0);
    if (!d) {
        const char *spec = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
        d = rank_setup(api, fts, spec);
        if (!d || api->xSetAuxdata(fts, d, free) != SQLITE_OK) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    double frequency[MAX_PHRASES] = {0};
    int instances = 0;
    if (api->xInstCount(fts, &instances) != SQLITE_OK) {
        sqlite3_result_error(ctx, "gazette_rank: cannot read matches", -1);
        return;
    }
    for (int i = 0; i < instances; i++) {
        int phrase, column, offset;
        if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
        if (phrase < d->phrases && column >= 0 && column < 3) frequency[phrase] += column_weight[column];
    }
    int length = 0;
    api->xColumnSize(fts, -1, &length);
    double norm = K1 * (1.0 - B + B * (double)length / d->average_length);
    double score = 0;
    for (int i = 0; i < d->phrases; i++)
        score += d->idf[i] * frequency[i] * (K1 + 1.0) / (frequency[i] + norm);
    sqlite3_result_double(ctx, -score);
}

int sqlite_rank_register(fts5_api *api) {
    return api->xCreateFunction(api, "gazette_rank", NULL, gazette_rank, NULL) == SQLITE_OK
               ? STORE_OK
               : STORE_ERROR;
}
