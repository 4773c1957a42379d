/* Periodic worker threads. See ticker.h. */
#include "ticker.h"
#include "fatal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct ticker {
    void (*fn)(void *ctx);
    void *ctx;
    int interval_ms;
    bool first_now;
    bool stopping;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
};

/* Waits one interval, or less when stopped. Caller holds the lock. The
** deadline is on the monotonic clock (as is t->wake, see ticker_start): on
** the wall clock, a step back of an hour would stall the thread an hour. */
static void wait_interval(ticker *t) {
    struct timespec until;
    if (clock_gettime(CLOCK_MONOTONIC, &until) != 0) fatal("the monotonic clock cannot be read");
    until.tv_sec += t->interval_ms / 1000;
    until.tv_nsec += (long)(t->interval_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int rc = 0;
    while (!t->stopping && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&t->wake, &t->lock, &until);
}

/* The thread: calls t->fn every interval until ticker_stop. */
static void *run(void *arg) {
    ticker *t = arg;
    pthread_mutex_lock(&t->lock);
    if (!t->first_now) wait_interval(t);
    while (!t->stopping) {
        pthread_mutex_unlock(&t->lock);
        t->fn(t->ctx);
        pthread_mutex_lock(&t->lock);
        wait_interval(t);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

ticker *ticker_start(const char *what, int interval_ms, bool first_now, void (*fn)(void *ctx), void *ctx) {
    ticker *t = xcalloc(1, sizeof *t);
    t->fn = fn;
    t->ctx = ctx;
    t->interval_ms = interval_ms > 0 ? interval_ms : 1000;
    t->first_now = first_now;
    /* The condition's timed waits measure time on the monotonic clock. */
    pthread_condattr_t monotonic;
    if (pthread_mutex_init(&t->lock, NULL) != 0 || pthread_condattr_init(&monotonic) != 0 ||
        pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC) != 0 || pthread_cond_init(&t->wake, &monotonic) != 0)
        fatal("cannot make the %s thread's lock and condition", what);
    pthread_condattr_destroy(&monotonic);
    if (pthread_create(&t->thread, NULL, run, t) != 0) fatal("cannot start the %s thread", what);
    return t;
}

void ticker_stop(ticker *t) {
    if (!t) return;
    pthread_mutex_lock(&t->lock);
    t->stopping = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->wake);
    free(t);
}
