/* Fatal errors and allocation wrappers that abort instead of returning NULL. */
#include "fatal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("gazette: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

void fatal_oom(void) { fatal("out of memory"); }

void *xmalloc(unsigned long size) {
    void *p = malloc(size ? size : 1);
    if (!p) fatal_oom();
    return p;
}

void *xcalloc(unsigned long count, unsigned long size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) fatal_oom();
    return p;
}

void *xrealloc(void *p, unsigned long size) {
    void *q = realloc(p, size ? size : 1);
    if (!q) fatal_oom();
    return q;
}

char *xstrdup(const char *s) {
    char *p = strdup(s);
    if (!p) fatal_oom();
    return p;
}
