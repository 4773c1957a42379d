/* Growable byte buffers on the heap or in an arena. */
#include "buf.h"
#include "fatal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf *b, arena *a) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->arena = a;
}

void buf_free(buf *b) {
    if (!b->arena) free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_reserve(buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) fatal_oom();
        cap *= 2;
    }
    if (b->arena) {
        /* Arena memory cannot grow in place; the old copy is reclaimed with
        ** the arena. Doubling keeps the waste under the final size. */
        char *p = arena_alloc(b->arena, cap);
        if (b->len) memcpy(p, b->data, b->len);
        b->data = p;
    } else {
        b->data = xrealloc(b->data, cap);
    }
    b->cap = cap;
    b->data[b->len] = '\0';
}

void buf_append(buf *b, const void *data, size_t len) {
    buf_reserve(b, len);
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(buf *b, char c) {
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void buf_vprintf(buf *b, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) fatal("buf_printf: bad format '%s'", fmt);
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_clear(buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

char *buf_detach(buf *b) {
    if (b->arena) fatal("buf_detach on an arena buffer");
    char *p = b->data;
    if (!p) p = xcalloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
