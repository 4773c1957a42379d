/*
** Ending the program on errors that cannot be handled: out of memory and
** broken invariants. Everything a user can cause is reported, not fatal.
*/
#ifndef GAZETTE_FATAL_H
#define GAZETTE_FATAL_H

/* Prints "gazette: fatal: ..." to standard error and aborts. */
void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Reports that memory ran out and aborts. */
void fatal_oom(void) __attribute__((noreturn));

/* Wrappers around malloc/realloc/strdup that never return NULL. */
void *xmalloc(unsigned long size);
void *xcalloc(unsigned long count, unsigned long size);
void *xrealloc(void *p, unsigned long size);
char *xstrdup(const char *s);

#endif
