/*
** Arena allocator: a chain of blocks, each carved from the front. Large
** requests get a block of their own so that one big body does not waste the
** rest of a normal block.
*/
#include "arena.h"
#include "fatal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (16 * 1024)
#define ARENA_ALIGN 16

typedef struct block {
    struct block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} block;

struct arena {
    block *head;  /* block currently carved from */
    size_t total; /* bytes handed out */
};

/* Allocates a block with room for at least size bytes. */
static block *block_new(size_t size) {
    block *b = malloc(sizeof(block) + size);
    if (!b) fatal_oom();
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

arena *arena_new(void) {
    arena *a = malloc(sizeof *a);
    if (!a) fatal_oom();
    a->head = block_new(ARENA_BLOCK_SIZE);
    a->total = 0;
    return a;
}

void arena_free(arena *a) {
    if (!a) return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *arena_alloc(arena *a, size_t size) {
    if (size == 0) size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN) fatal_oom();
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    block *b = a->head;
    if (b->size - b->used < rounded) {
        if (rounded > ARENA_BLOCK_SIZE / 4) {
            /* A big piece gets its own block, linked behind the current one
            ** so the current block keeps serving small pieces. */
            block *big = block_new(rounded);
            big->used = rounded;
            big->next = b->next;
            b->next = big;
            a->total += rounded;
            return big->data;
        }
        block *fresh = block_new(ARENA_BLOCK_SIZE);
        fresh->next = b;
        a->head = b = fresh;
    }
    void *p = b->data + b->used;
    b->used += rounded;
    a->total += rounded;
    return p;
}

void *arena_zalloc(arena *a, size_t size) {
    void *p = arena_alloc(a, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len) {
    char *p = arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s) {
    if (!s) return NULL;
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) fatal("arena_vprintf: bad format '%s'", fmt);
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const arena *a) { return a->total; }
