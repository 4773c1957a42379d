/*
** Times the search results-page query: for each query of a file (one a
** line), builds the FTS5 expression as the site does and asks the store for
** the first page of 20 results, as the results page does. Prints one line:
**   queries=N p50_ms=X p95_ms=Y max_ms=Z mean_results=R
** Each query runs once to warm the caches, then RUNS times; every run is a
** sample.
**   build/bench-search DB LANG QUERIES [RUNS] [-v]
** With -v, each query's slowest run is printed too (to find the costly ones).
*/
#include "core/arena.h"
#include "core/fatal.h"
#include "search/query.h"
#include "search/snippet.h"
#include "search/tokenize.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench-search DB LANG QUERIES [RUNS]\n");
        return 2;
    }
    int runs = argc > 4 ? atoi(argv[4]) : 3;
    bool verbose = argc > 5 && strcmp(argv[5], "-v") == 0;
    char err[512];
    store *s = store_open(argv[1], err, sizeof err);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    search_tokenizer *t = search_tokenizer_new(argv[2]);
    FILE *f = fopen(argv[3], "r");
    if (!t || !f) {
        fprintf(stderr, "bad language or query file\n");
        return 1;
    }
    double *samples = NULL;
    size_t n = 0, cap = 0, queries = 0;
    long long results = 0;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line) continue;
        queries++;
        double slowest = 0;
        int64_t matched = 0;
        for (int r = 0; r <= runs; r++) {
            arena *a = arena_new();
            double start = now_ms();
            search_terms terms;
            const search_query *match = search_query_build(a, t, line, &terms);
            search_hit *hits;
            size_t count = 0;
            search_totals totals = {0};
            if (match && store_search(s, a, argv[2], match, 0, 20, &hits, &count, &totals) != STORE_OK) {
                fprintf(stderr, "query '%s': %s\n", line, store_error(s));
                return 1;
            }
            /* Highlights and snippets, as the results page makes them. */
            for (size_t k = 0; match && k < count; k++) {
                search_highlight(a, t, &terms, hits[k].title_text);
                search_snippet(a, t, &terms, hits[k].body_text, 30);
            }
            double took = now_ms() - start;
            arena_free(a);
            if (r == 0) {
                results += (long long)count;
                matched = totals.total;
                continue; /* warm-up */
            }
            if (took > slowest) slowest = took;
            if (n == cap) samples = xrealloc(samples, (cap = cap ? cap * 2 : 1024) * sizeof *samples);
            samples[n++] = took;
        }
        if (verbose) printf("%8.2f ms %8lld matches  %s\n", slowest, (long long)matched, line);
    }
    fclose(f);
    qsort(samples, n, sizeof *samples, compare_doubles);
    printf("queries=%zu p50_ms=%.2f p95_ms=%.2f max_ms=%.2f mean_results=%.1f\n", queries,
           samples[n / 2], samples[(size_t)((double)n * 0.95)], samples[n - 1],
           queries ? (double)results / (double)queries : 0.0);
    free(samples);
    search_tokenizer_free(t);
    store_close(s);
    return 0;
}
