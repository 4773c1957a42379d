/*
** A kept value: something made from the store (the footer menus, the
** breaking-news banners, the most-read lists) that every request reads
** and almost none should make. It is made by the first request that
** wants it and kept in memory, in an arena of its own, until the content
** it was made from changed (a request's snapshot sees a newer content
** generation), it expires (a moment the value itself names, such as the
** end of a banner), or it grows older than a maximum age.
**
** One request makes it at a time, without the lock held: the others
** meanwhile take the value there is when only its age or expiry is
** against it, and wait for the new one when the content changed (so a
** request never gets a value older than what its own snapshot sees: a
** trashed story cannot come back from it). A reader copies what it needs
** into its own arena under the lock (the next making frees the old value).
** Thread-safe.
*/
#ifndef GAZETTE_KEPT_H
#define GAZETTE_KEPT_H

#include "arena.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct kept kept;

/* Makes the value anew into a (which the kept owns from then on): sets
** *value, and *expires_at to the Unix second from which it must be made
** again (0: only when the content changes or it gets old). Returns 0, or
** an error code that kept_read() passes on (the old value, if any, stays
** for the next reader, and the next reader tries again). */
typedef int (*kept_make_fn)(void *ctx, arena *a, void **value, int64_t *expires_at);

/* Copies what a reader needs of value (never NULL) into the reader's
** own memory; called with the lock held, so it must not block. */
typedef void (*kept_copy_fn)(void *reader, const void *value);

/* A kept value made by make(ctx, ...) (ctx not copied; it must outlive
** the kept), made again once older than max_age_seconds (0: never for its
** age). The caller owns the result and frees it with kept_free(). */
kept *kept_new(kept_make_fn make, void *ctx, int max_age_seconds);
void kept_free(kept *k);

/* Calls copy(reader, value) with a value made at content generation or
** later, young enough and not expired (made now by this caller when there
** is none). Returns 0, or make's error code (copy is not called). */
int kept_read(kept *k, int64_t generation, kept_copy_fn copy, void *reader);

/* How many times the value was made since kept_new() (for the tests). */
uint64_t kept_makings(kept *k);

#endif
