/*
** Counters for Prometheus (GET /metrics): what every module counts, kept
** per thread so that counting is a relaxed atomic add on a cache line no
** other thread writes (nothing measurable on a cached hit), and summed
** over the threads when they are read.
**
** A module counts with metrics_add(METRIC_..., n) or, for an answer,
** metrics_answer(); what the page cache and the view counter count
** themselves (and their gauges) is read from them when the page is made
** (metrics_render's caller passes it in).
*/
#ifndef GAZETTE_METRICS_H
#define GAZETTE_METRICS_H

#include <stdint.h>

#include "buf.h"

/* What an answer was, as the application classes it (http_response.route). */
typedef enum metric_route {
    ROUTE_OTHER, ROUTE_ARTICLE, ROUTE_HOME, ROUTE_CATEGORY, ROUTE_SEARCH, ROUTE_FEED, ROUTE_API,
    ROUTE_ADMIN, ROUTE_STATIC, ROUTE_MEDIA, ROUTE_HEALTH, ROUTE_METRICS,
    ROUTE_COUNT
} metric_route;

/* Counters kept here (metrics.c names them); the page cache's and the
** views' own are read from them. */
typedef enum metric {
    METRIC_SEARCHES, METRIC_DB_ERRORS, METRIC_DB_UNAVAILABLE,
    METRIC_SCHEDULER_RUNS, METRIC_SCHEDULER_RELEASED,
    METRIC_LOGINS, METRIC_LOGINS_FAILED, METRIC_LOGINS_LOCKED,
    METRIC_UPLOADS,
    METRIC_PURGES, METRIC_PURGE_FAILURES,
    METRIC_COUNT
} metric;

/* Adds n to a counter. */
void metrics_add(metric m, uint64_t n);

/* Counts one answer: its route, status, body bytes and how long it took. */
void metrics_answer(metric_route route, int status, uint64_t bytes, int64_t duration_us);

/* Counts one search and how long it took. */
void metrics_search(int64_t duration_us);

/* Counts the opening (+1) or closing (-1) of a connection. */
void metrics_connections(int delta);

/* What is read from its owners when the page is made. */
typedef struct metrics_gauges {
    uint64_t cache_hits, cache_misses, cache_evictions, cache_clears;
    uint64_t cache_bytes, cache_entries, cache_capacity;
    uint64_t views_counted, views_flushed, views_pending;
    const char *version, *engine;
} metrics_gauges;

/* Appends the Prometheus text exposition (version 0.0.4) of every
** counter, histogram and gauge to out. */
void metrics_render(buf *out, const metrics_gauges *g);

/* The route's name, as its label shows it ("article"). */
const char *metrics_route_name(metric_route route);

#endif
