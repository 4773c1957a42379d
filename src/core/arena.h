/*
** An arena: memory that is handed out in small pieces and given back all at
** once. Every request owns one arena; everything a request allocates (the
** parsed query, the page context, the rendered body) lives in it and is freed
** by arena_free() when the response has been sent. Objects that outlive a
** request (configuration, templates, caches) never come from a request arena.
**
** Allocation failure aborts the program: a news server that cannot get a few
** kilobytes of memory has nothing better to do (Fossil and h2o do the same).
*/
#ifndef GAZETTE_ARENA_H
#define GAZETTE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* Creates an empty arena. The caller owns it and frees it with arena_free(). */
arena *arena_new(void);

/* Frees the arena and everything allocated from it. NULL is allowed. */
void arena_free(arena *a);

/* Returns size bytes, aligned for any type, valid until the arena is freed. */
void *arena_alloc(arena *a, size_t size);

/* Like arena_alloc(), but the memory is zeroed. */
void *arena_zalloc(arena *a, size_t size);

/* Copies a NUL-terminated string into the arena. NULL gives NULL. */
char *arena_strdup(arena *a, const char *s);

/* Copies len bytes of s into the arena and adds a terminating NUL. */
char *arena_strndup(arena *a, const char *s, size_t len);

/* printf into a new string owned by the arena. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

/* Bytes handed out so far (for tests and limits). */
size_t arena_used(const arena *a);

#endif
