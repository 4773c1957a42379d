/* The scheduler: a thread that publishes scheduled articles when their
** time comes (checked every 20 seconds, and once at start, so articles
** due while the server was down are published after a restart). Readers
** already see a scheduled article at its time; this moves it to
** "published" in the newsroom and logs it. */
#ifndef GAZETTE_SCHEDULER_H
#define GAZETTE_SCHEDULER_H

#include "../store/store.h"

typedef struct scheduler scheduler;

scheduler *scheduler_start(store *s, int interval_seconds);
void scheduler_stop(scheduler *sc);

#endif
