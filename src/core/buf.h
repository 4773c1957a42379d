/*
** A growable byte buffer. A buffer either lives in an arena (its memory goes
** when the arena goes) or on the heap (the owner calls buf_free()). The data
** is always NUL-terminated so it can be used as a C string.
*/
#ifndef GAZETTE_BUF_H
#define GAZETTE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "arena.h"

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
    arena *arena; /* NULL: heap memory owned by the buffer */
} buf;

/* Starts an empty buffer. With a NULL arena it uses the heap. */
void buf_init(buf *b, arena *a);

/* Frees a heap buffer's memory (nothing for arena buffers). */
void buf_free(buf *b);

/* Makes room for at least extra more bytes. */
void buf_reserve(buf *b, size_t extra);

void buf_append(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a va_list. */
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Forgets the contents but keeps the memory. */
void buf_clear(buf *b);

/* Hands the heap memory to the caller (who frees it) and empties b. */
char *buf_detach(buf *b);

#endif
