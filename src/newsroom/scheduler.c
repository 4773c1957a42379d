/* The publishing scheduler. See scheduler.h. */
#include "scheduler.h"
#include "editorial.h"
#include "../core/fatal.h"
#include "../core/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct scheduler {
    store *store;
    int interval;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

static void *run(void *arg) {
    scheduler *sc = arg;
    pthread_mutex_lock(&sc->lock);
    while (!sc->stopping) {
        pthread_mutex_unlock(&sc->lock);
        if (editorial_publish_due(sc->store) < 0)
            log_error("scheduler: cannot publish due articles: %s", store_error(sc->store));
        pthread_mutex_lock(&sc->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += sc->interval;
        int rc = 0;
        while (!sc->stopping && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&sc->wake, &sc->lock, &until);
    }
    pthread_mutex_unlock(&sc->lock);
    return NULL;
}

scheduler *scheduler_start(store *s, int interval_seconds) {
    scheduler *sc = xcalloc(1, sizeof *sc);
    sc->store = s;
    sc->interval = interval_seconds > 0 ? interval_seconds : 20;
    pthread_mutex_init(&sc->lock, NULL);
    pthread_cond_init(&sc->wake, NULL);
    if (pthread_create(&sc->thread, NULL, run, sc) != 0) fatal("cannot start the scheduler thread");
    return sc;
}

void scheduler_stop(scheduler *sc) {
    if (!sc) return;
    pthread_mutex_lock(&sc->lock);
    sc->stopping = true;
    pthread_cond_signal(&sc->wake);
    pthread_mutex_unlock(&sc->lock);
    pthread_join(sc->thread, NULL);
    pthread_mutex_destroy(&sc->lock);
    pthread_cond_destroy(&sc->wake);
    free(sc);
}
