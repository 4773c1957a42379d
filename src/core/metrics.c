/*
** Counters per thread, summed when read (metrics.h).
**
** Each thread that counts gets a slot on its first count, linked into a
** list that lives as long as the process (threads here are pools that do
** too). A count is a relaxed atomic add to the thread's own slot: no
** other thread writes that cache line, and the reader only loads. A sum
** read while threads count is some moment's, each counter never going
** back, which is all Prometheus asks.
*/
#include "metrics.h"
#include "fatal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/* Histogram bounds, in microseconds (the exposition shows seconds). */
#define BUCKETS 14
static const int64_t bucket_us[BUCKETS] = {500,    1000,    2500,    5000,    10000,   25000,   50000,
                                           100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};

typedef struct histogram {
    _Atomic uint64_t bucket[BUCKETS + 1]; /* observations in each bound's range; the last above them all */
    _Atomic uint64_t sum_us;
} histogram;

/* The status classes counted: 1xx to 5xx. */
#define CLASSES 5

typedef struct slot {
    struct slot *next;
    _Atomic uint64_t counter[METRIC_COUNT];
    _Atomic uint64_t answers[ROUTE_COUNT][CLASSES];
    _Atomic uint64_t bytes[ROUTE_COUNT];
    histogram latency[ROUTE_COUNT];
    histogram search;
} slot;

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int64_t open_connections;
static _Atomic(slot *) slots;
static _Thread_local slot *mine;

static const char *const route_names[ROUTE_COUNT] = {
    [ROUTE_OTHER] = "other",   [ROUTE_ARTICLE] = "article", [ROUTE_HOME] = "home",   [ROUTE_CATEGORY] = "category",
    [ROUTE_SEARCH] = "search", [ROUTE_FEED] = "feed",       [ROUTE_API] = "api",     [ROUTE_ADMIN] = "admin",
    [ROUTE_STATIC] = "static", [ROUTE_MEDIA] = "media",     [ROUTE_HEALTH] = "health", [ROUTE_METRICS] = "metrics",
};

const char *metrics_route_name(metric_route route) {
    return route >= 0 && route < ROUTE_COUNT ? route_names[route] : "other";
}

/* The calling thread's slot, made on its first count. */
static slot *my_slot(void) {
    if (mine) return mine;
    slot *s = xcalloc(1, sizeof *s);
    pthread_mutex_lock(&slots_lock);
    s->next = atomic_load(&slots);
    atomic_store(&slots, s);
    pthread_mutex_unlock(&slots_lock);
    return mine = s;
}

static void add(_Atomic uint64_t *v, uint64_t n) { atomic_fetch_add_explicit(v, n, memory_order_relaxed); }

static uint64_t load(const _Atomic uint64_t *v) { return atomic_load_explicit(v, memory_order_relaxed); }

static void observe(histogram *h, int64_t us) {
    if (us < 0) us = 0;
    int i = 0;
    while (i < BUCKETS && us > bucket_us[i]) i++;
    add(&h->bucket[i], 1);
    add(&h->sum_us, (uint64_t)us);
}

void metrics_add(metric m, uint64_t n) {
    if (m >= 0 && m < METRIC_COUNT) add(&my_slot()->counter[m], n);
}

void metrics_answer(metric_route route, int status, uint64_t bytes, int64_t duration_us) {
    if (route < 0 || route >= ROUTE_COUNT) route = ROUTE_OTHER;
    int class = status / 100 - 1;
    if (class < 0 || class >= CLASSES) class = CLASSES - 1;
    slot *s = my_slot();
    add(&s->answers[route][class], 1);
    add(&s->bytes[route], bytes);
    observe(&s->latency[route], duration_us);
}

void metrics_connections(int delta) { atomic_fetch_add_explicit(&open_connections, delta, memory_order_relaxed); }

void metrics_search(int64_t duration_us) {
    slot *s = my_slot();
    add(&s->counter[METRIC_SEARCHES], 1);
    observe(&s->search, duration_us);
}

/* ------------------------------------------------------------ reading */

/* A counter summed over the threads. */
static uint64_t total(metric m) {
    uint64_t n = 0;
    for (slot *s = atomic_load(&slots); s; s = s->next) n += load(&s->counter[m]);
    return n;
}

/* A histogram summed over the threads; pick gives each slot's. */
static void sum_histogram(const histogram *(*pick)(const slot *, int), int which, uint64_t out[BUCKETS + 1],
                          uint64_t *sum_us) {
    for (int i = 0; i <= BUCKETS; i++) out[i] = 0;
    *sum_us = 0;
    for (slot *s = atomic_load(&slots); s; s = s->next) {
        const histogram *h = pick(s, which);
        for (int i = 0; i <= BUCKETS; i++) out[i] += load(&h->bucket[i]);
        *sum_us += load(&h->sum_us);
    }
}

static const histogram *pick_latency(const slot *s, int route) { return &s->latency[route]; }
static const histogram *pick_search(const slot *s, int unused) {
    (void)unused;
    return &s->search;
}

/* "# HELP" and "# TYPE" of a family. */
static void family(buf *out, const char *name, const char *type, const char *help) {
    buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One series of a histogram family, labels ("" or `route="x",`). */
static void histogram_series(buf *out, const char *name, const char *labels, const uint64_t b[BUCKETS + 1],
                             uint64_t sum_us) {
    uint64_t running = 0;
    for (int i = 0; i < BUCKETS; i++) {
        running += b[i];
        buf_printf(out, "%s_bucket{%sle=\"%g\"} %llu\n", name, labels, (double)bucket_us[i] / 1e6,
                   (unsigned long long)running);
    }
    running += b[BUCKETS];
    buf_printf(out, "%s_bucket{%sle=\"+Inf\"} %llu\n", name, labels, (unsigned long long)running);
    /* Without its trailing comma, the labels of _sum and _count. */
    int n = 0;
    while (labels[n]) n++;
    if (n) n--;
    buf_printf(out, "%s_sum%s%.*s%s %.6f\n", name, n ? "{" : "", n, labels, n ? "}" : "", (double)sum_us / 1e6);
    buf_printf(out, "%s_count%s%.*s%s %llu\n", name, n ? "{" : "", n, labels, n ? "}" : "",
               (unsigned long long)running);
}

/* A counter family of one series. */
static void counter(buf *out, const char *name, const char *help, uint64_t value) {
    family(out, name, "counter", help);
    buf_printf(out, "%s %llu\n", name, (unsigned long long)value);
}

/* A gauge family of one series. */
static void gauge(buf *out, const char *name, const char *help, uint64_t value) {
    family(out, name, "gauge", help);
    buf_printf(out, "%s %llu\n", name, (unsigned long long)value);
}

/* The answers' families: by route and status class, their bytes, their time. */
static void render_answers(buf *out) {
    static const char *const classes[CLASSES] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    family(out, "gazette_http_requests_total", "counter", "Answers sent, by route and status class.");
    for (int r = 0; r < ROUTE_COUNT; r++)
        for (int c = 0; c < CLASSES; c++) {
            uint64_t n = 0;
            for (slot *s = atomic_load(&slots); s; s = s->next) n += load(&s->answers[r][c]);
            buf_printf(out, "gazette_http_requests_total{route=\"%s\",code=\"%s\"} %llu\n", route_names[r], classes[c],
                       (unsigned long long)n);
        }
    family(out, "gazette_http_response_bytes_total", "counter", "Bytes of answers' bodies sent, by route.");
    for (int r = 0; r < ROUTE_COUNT; r++) {
        uint64_t n = 0;
        for (slot *s = atomic_load(&slots); s; s = s->next) n += load(&s->bytes[r]);
        buf_printf(out, "gazette_http_response_bytes_total{route=\"%s\"} %llu\n", route_names[r], (unsigned long long)n);
    }
    family(out, "gazette_http_request_duration_seconds", "histogram",
           "Time from a request's headers to the end of its answer, by route.");
    for (int r = 0; r < ROUTE_COUNT; r++) {
        uint64_t b[BUCKETS + 1], sum;
        sum_histogram(pick_latency, r, b, &sum);
        char labels[64];
        snprintf(labels, sizeof labels, "route=\"%s\",", route_names[r]);
        histogram_series(out, "gazette_http_request_duration_seconds", labels, b, sum);
    }
}

void metrics_render(buf *out, const metrics_gauges *g) {
    family(out, "gazette_build_info", "gauge", "The running Gazette: its version and database engine.");
    buf_printf(out, "gazette_build_info{version=\"%s\",engine=\"%s\"} 1\n", g->version, g->engine);
    render_answers(out);
    int64_t open = atomic_load_explicit(&open_connections, memory_order_relaxed);
    gauge(out, "gazette_http_connections", "Connections open now.", open > 0 ? (uint64_t)open : 0);
    counter(out, "gazette_page_cache_hits_total", "Answers sent from the page cache.", g->cache_hits);
    counter(out, "gazette_page_cache_misses_total", "Public answers the page cache did not hold.", g->cache_misses);
    counter(out, "gazette_page_cache_evictions_total", "Answers dropped to stay within cache_mb.", g->cache_evictions);
    counter(out, "gazette_page_cache_clears_total", "Times the page cache was cleared by a change.", g->cache_clears);
    gauge(out, "gazette_page_cache_bytes", "Memory the page cache holds now.", g->cache_bytes);
    gauge(out, "gazette_page_cache_entries", "Answers in the page cache now.", g->cache_entries);
    gauge(out, "gazette_page_cache_capacity_bytes", "The page cache's limit (cache_mb).", g->cache_capacity);
    counter(out, "gazette_views_counted_total", "Article views counted.", g->views_counted);
    counter(out, "gazette_views_flushed_total", "Article views written to the database.", g->views_flushed);
    gauge(out, "gazette_views_pending", "Article views counted and not yet written.", g->views_pending);
    counter(out, "gazette_search_queries_total", "Searches run (pages and the JSON search).", total(METRIC_SEARCHES));
    uint64_t b[BUCKETS + 1], sum;
    sum_histogram(pick_search, 0, b, &sum);
    family(out, "gazette_search_duration_seconds", "histogram", "Time the database took for a search.");
    histogram_series(out, "gazette_search_duration_seconds", "", b, sum);
    family(out, "gazette_database_errors_total", "counter", "Database calls that failed, by kind.");
    buf_printf(out, "gazette_database_errors_total{kind=\"unavailable\"} %llu\n",
               (unsigned long long)total(METRIC_DB_UNAVAILABLE));
    buf_printf(out, "gazette_database_errors_total{kind=\"other\"} %llu\n", (unsigned long long)total(METRIC_DB_ERRORS));
    counter(out, "gazette_scheduler_runs_total", "Times the scheduler looked for articles due.",
            total(METRIC_SCHEDULER_RUNS));
    counter(out, "gazette_scheduler_released_total", "Scheduled articles the scheduler published.",
            total(METRIC_SCHEDULER_RELEASED));
    family(out, "gazette_logins_total", "counter", "Newsroom logins, by result.");
    buf_printf(out, "gazette_logins_total{result=\"succeeded\"} %llu\n", (unsigned long long)total(METRIC_LOGINS));
    buf_printf(out, "gazette_logins_total{result=\"failed\"} %llu\n", (unsigned long long)total(METRIC_LOGINS_FAILED));
    buf_printf(out, "gazette_logins_total{result=\"locked\"} %llu\n", (unsigned long long)total(METRIC_LOGINS_LOCKED));
    counter(out, "gazette_uploads_total", "Images uploaded and stored.", total(METRIC_UPLOADS));
    counter(out, "gazette_cache_purges_total", "Purge requests a cache in front took ([cache] purge_url).",
            total(METRIC_PURGES));
    counter(out, "gazette_cache_purge_failures_total", "Purge requests that failed three times.",
            total(METRIC_PURGE_FAILURES));
}
