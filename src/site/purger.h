/*
** Purging a cache in front ([cache] purge_url): a thread that follows the
** change log (every writer's commits, from this process, another node, a
** gazette import, the scheduler) and, for each change, sends the cache
** tags it affects (cache_tags.h) to each URL as
**     PURGE URL   with   xkey-purge: TAGS   and   Surrogate-Key: TAGS
** (Varnish's xkey reads the first; a CDN's purge endpoint the second).
** An embargoed article's time purges its edition, as nothing is written
** then. Sending never holds a writer: a cache that fails or is slow only
** delays the purges (each tried three times, then counted in
** gazette_cache_purge_failures_total and logged). Every node purges what
** it learns; purges are idempotent, so several nodes' are harmless.
*/
#ifndef GAZETTE_PURGER_H
#define GAZETTE_PURGER_H

#include "../core/config.h"
#include "../store/store.h"

typedef struct purger purger;

/* Starts following s for cfg's purge URLs; NULL when there are none. */
purger *purger_start(store *s, const config *cfg);

/* Sends what is due, then stops and frees p (NULL: nothing). */
void purger_stop(purger *p);

#endif
