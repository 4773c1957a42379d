/*
** The "Most read" lists of each edition: the stories readers saw most in
** the last 24 hours and in the last 7 days (store_most_read, over the
** view counter's hourly buckets), for the home page, the article page,
** /{lang}/most-read and the public API.
**
** Cost: a list is never made per request. Each edition's two lists are
** kept in memory and made again lazily, by the first request that wants
** them once they are older than refresh_seconds (60 in the server) or
** once the content changed since they were made (the store's content
** generation moved: a story published, edited, unpublished or trashed,
** by any node). So an edition costs at most one computation a minute
** plus one per change to the content (two statements and the bylines'),
** and nothing at all while nobody reads it; every other request copies
** the lists from memory, with no statement of its own beyond the
** content version its page reads anyway (the footer's; on PostgreSQL it
** comes with the page's first round trip, on SQLite it is read once per
** snapshot). Lazily rather than by a thread of its own: an edition
** nobody reads costs nothing, and a request never gets lists older than
** the content its own snapshot sees (made in that snapshot, or after it),
** so a page made after a story was trashed cannot list it; a thread would
** make its lists at moments of its own, and a page made between the trash
** and the thread's next round would show the story (and be cached so).
**
** Freshness: a story trashed or unpublished leaves the lists from the
** next request on (its change moves the generation); the page cache lets
** go of the pages that showed it at the same time (it follows the same
** change), and a cache in front purges them by the story's tag
** (page_article_item tags every story a page shows). New views move a
** list within refresh_seconds; a page that shows it is kept as long as
** its own Cache-Control says (a minute for lists, a few for articles).
**
** Thread-safe: one lock per edition, never held while the store works.
*/
#ifndef GAZETTE_MOST_READ_H
#define GAZETTE_MOST_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"

typedef enum most_read_period { MOST_READ_DAY, MOST_READ_WEEK, MOST_READ_PERIODS } most_read_period;

/* Stories kept per list: the page's ten, and one more so that an
** article's block can leave the article itself out. */
#define MOST_READ_KEEP 11
/* How old a list may get before a request makes it again, in the server. */
#define MOST_READ_REFRESH_SECONDS 60

/* One list, as a request gets it (everything in its arena). */
typedef struct most_read_list {
    const article *items; /* as lists show them, most read first, with their authors */
    const int64_t *views; /* views[i]: items[i]'s views in the period */
    size_t count;
    int64_t since;        /* the first hour the period counts (Unix seconds) */
    int64_t made_at;      /* when the list was made (Unix seconds; 0: never), for Last-Modified */
} most_read_list;

typedef struct most_read most_read;

/* Lists for the editions langs (not copied: they must outlive it) of
** store s, made again after refresh_seconds. The caller owns the result
** and frees it with most_read_free(). */
most_read *most_read_new(store *s, char *const *langs, size_t lang_count, int refresh_seconds);
void most_read_free(most_read *m);

/* Edition lang's lists, out[MOST_READ_DAY] and out[MOST_READ_WEEK],
** copied into a: as they were made at most refresh_seconds ago and after
** the last change to the content that the caller's snapshot sees (made
** now when they are not). False (with empty lists) when the store
** failed; a later call tries again. m NULL, or an edition it does not
** keep: empty lists, true. */
bool most_read_get(most_read *m, arena *a, const char *lang, most_read_list out[MOST_READ_PERIODS]);

/* How many times lists were made since the start (for the tests). */
uint64_t most_read_computations(most_read *m);

/* The start of the first hour period counts at now (Unix seconds): the
** current hour's and the 23 (day) or 167 (week) before it. */
int64_t most_read_period_start(most_read_period p, int64_t now);

/* "day", "week". */
const char *most_read_period_name(most_read_period p);
/* Parses a period's name; false for anything else. */
bool most_read_period_parse(const char *name, most_read_period *p);

#endif
