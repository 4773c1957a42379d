/*
** View counting. Each counted view is added in memory and written to the
** store in batches by a background thread (every few seconds) and once more
** at shutdown, so a page view costs no write transaction and a clean
** shutdown loses no count.
**
** The store keeps each batch per hour too (store_views_add), which the
** most-read lists sum (most_read.h).
**
** The in-memory total starts from the stored count the first time an
** article is seen, so the number a reader sees never goes backwards while
** batches are in flight.
*/
#ifndef GAZETTE_VIEWS_H
#define GAZETTE_VIEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"

typedef struct views views;

/* Starts the counter and its flushing thread (every flush_ms milliseconds). */
views *views_start(store *s, int flush_ms);

/* Flushes what is pending, stops the thread and frees the counter. */
void views_stop(views *v);

/* Counts one view of an article whose stored count is stored_views and
** returns the new total. */
int64_t views_count(views *v, int64_t article_id, int64_t stored_views);

/* The total for display without counting (stored_views when never seen). */
int64_t views_total(views *v, int64_t article_id, int64_t stored_views);

/* Writes pending counts to the store now. Returns false if the write failed
** (the counts stay pending and are retried). */
bool views_flush(views *v);

/* Views counted since start, written to the store, and waiting to be. */
void views_stats_get(views *v, uint64_t *counted, uint64_t *flushed, uint64_t *pending);

/* True when a User-Agent names a robot (bot, crawler, spider, ...): such
** requests are not counted as views. */
bool views_is_robot(const char *user_agent);

/* A reader's request for an article (its page, or the API): counts the
** view unless it is a HEAD request or a robot; returns the total. */
struct http_request;
int64_t views_on_read(views *v, const struct http_request *req, int64_t article_id, int64_t stored_views);

#endif
