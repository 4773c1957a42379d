/* Rebuilding the search index. See reindex.h. */
#include "reindex.h"
#include "../render/markdown.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct progress {
    store *store;
    FILE *out;
    bool terminal;
    int64_t total, done;
    int last_percent;
    bool failed;
} progress;

static void show(progress *p) {
    int percent = p->total ? (int)(p->done * 100 / p->total) : 100;
    if (percent == p->last_percent && p->done != p->total) return;
    p->last_percent = percent;
    if (p->terminal) {
        char bar[41];
        int filled = percent * 40 / 100;
        memset(bar, '#', (size_t)filled);
        memset(bar + filled, '.', (size_t)(40 - filled));
        bar[40] = '\0';
        fprintf(p->out, "\rreindex [%s] %3d%% %lld/%lld", bar, percent, (long long)p->done,
                (long long)p->total);
        if (p->done == p->total) fputc('\n', p->out);
    } else if (percent % 10 == 0 || p->done == p->total) {
        fprintf(p->out, "reindex: %lld of %lld articles (%d%%)\n", (long long)p->done,
                (long long)p->total, percent);
    }
    fflush(p->out);
}

static bool index_one(void *ctx, int64_t id, const article_input *in) {
    progress *p = ctx;
    article_input copy = *in;
    const char *md = in->body_markdown ? in->body_markdown : "";
    char *text = markdown_to_text(md, strlen(md));
    copy.body_text = text ? text : "";
    p->failed = store_search_put(p->store, id, &copy) != STORE_OK;
    free(text);
    p->done++;
    show(p);
    return !p->failed;
}

bool reindex_run(store *s, FILE *out) {
    progress p = {.store = s, .out = out, .terminal = isatty(fileno(out)), .last_percent = -1};
    if (store_articles_total(s, &p.total) != STORE_OK || store_begin(s) != STORE_OK) {
        fprintf(out, "reindex: %s\n", store_error(s));
        return false;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (store_search_clear(s) != STORE_OK || store_articles_each(s, index_one, &p) != STORE_OK ||
        p.failed || store_search_mark_fresh(s) != STORE_OK || store_commit(s) != STORE_OK) {
        fprintf(out, "reindex: %s\n", store_error(s));
        store_rollback(s);
        return false;
    }
    if (p.total == 0) show(&p);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(out, "reindex: %lld articles indexed in %.1f s\n", (long long)p.total, seconds);
    return true;
}
