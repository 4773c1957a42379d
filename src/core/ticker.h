/*
** A ticker: a thread that calls a function at a steady interval until it is
** stopped. The view counter's flush, the publishing scheduler and the page
** cache's watcher each run on one. Stopping wakes the thread at once (it
** does not wait out the interval) and joins it.
*/
#ifndef GAZETTE_TICKER_H
#define GAZETTE_TICKER_H

#include <stdbool.h>

typedef struct ticker ticker;

/* Starts a thread that calls fn(ctx) every interval_ms, the first time at
** once when first_now, else after one interval. Aborts (naming what) when
** the thread cannot start. */
ticker *ticker_start(const char *what, int interval_ms, bool first_now, void (*fn)(void *ctx), void *ctx);

/* Stops the thread, after the call in progress if any, and frees t. */
void ticker_stop(ticker *t);

#endif
