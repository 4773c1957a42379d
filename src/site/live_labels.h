/*
** Which stories are live blogs, for the "Live" label lists show while a
** blog's coverage is open and for pages that need not ask the store.
** The published live blogs (their ids, and whether their coverage is
** open) are kept in memory and read again only after the content changed
** (the store's change generation moved), a kept value (core/kept.h) as
** the breaking-news banner is: a list costs no statement for its labels,
** and the page of a story that
** is not a live blog none for its updates. Up to LIVE_KNOWN_MAX are kept;
** beyond, a page asks the store about any story not among them.
** Thread-safe.
*/
#ifndef GAZETTE_LIVE_LABELS_H
#define GAZETTE_LIVE_LABELS_H

#include "../store/store.h"

typedef struct live_labels live_labels;

/* A cache of s's live blogs (nothing read yet); the caller frees it
** with live_labels_free(). */
live_labels *live_labels_new(store *s);
void live_labels_free(live_labels *l);

#define LIVE_KNOWN_MAX 20000

/* Whether article id is a live blog whose coverage is open (false when l
** is NULL or the store failed). */
bool live_labels_open(live_labels *l, int64_t id);

/* Whether article id may be a live blog: false only when it is surely not
** one (so its page need not ask); true when l is NULL or the store failed. */
bool live_labels_maybe(live_labels *l, int64_t id);

#endif
