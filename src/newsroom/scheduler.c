/* The publishing scheduler. See scheduler.h. */
#include "scheduler.h"
#include "../core/metrics.h"
#include "editorial.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/ticker.h"

#include <stdlib.h>

struct scheduler {
    store *store;
    ticker *ticker;
};

static void publish_due(void *ctx) {
    scheduler *sc = ctx;
    metrics_add(METRIC_SCHEDULER_RUNS, 1);
    int released = editorial_publish_due(sc->store);
    if (released < 0) log_error("scheduler: cannot publish due articles: %s", store_error(sc->store));
    else metrics_add(METRIC_SCHEDULER_RELEASED, (uint64_t)released);
}

scheduler *scheduler_start(store *s, int interval_seconds) {
    scheduler *sc = xcalloc(1, sizeof *sc);
    sc->store = s;
    /* At once, too: articles that fell due while the server was down. */
    sc->ticker = ticker_start("scheduler", (interval_seconds > 0 ? interval_seconds : 20) * 1000, true, publish_due, sc);
    return sc;
}

void scheduler_stop(scheduler *sc) {
    if (!sc) return;
    ticker_stop(sc->ticker);
    free(sc);
}
