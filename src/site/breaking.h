/*
** The breaking-news banner: each edition's newest story marked as
** breaking (store_breaking), as every reader's page shows it while it
** lasts. Kept in memory and read again only after the content changed (the
** store's change generation moved: any node's write) or a banner's end
** passed, so a page costs no statement for it (on PostgreSQL the
** generation comes with the page's own read). Thread-safe.
*/
#ifndef GAZETTE_BREAKING_H
#define GAZETTE_BREAKING_H

#include "../store/store.h"

typedef struct breaking breaking;

/* A cache of s's banners (nothing read yet); the caller frees it with
** breaking_free(). */
breaking *breaking_new(store *s);
void breaking_free(breaking *b);

/* The story breaking now in edition lang, copied into a (*out), or
** STORE_NOT_FOUND when none; STORE_ERROR (and nothing) when the store
** failed. b may be NULL (no banners). */
int breaking_now(breaking *b, arena *a, const char *lang, breaking_story *out);

#endif
