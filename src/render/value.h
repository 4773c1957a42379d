/*
** Template values: the data a handler gives a template. A small tree of
** objects, lists and scalars, all allocated in one arena (the request's).
**
** Text is escaped when a template prints it. Only values made with
** tv_html()/tv_set_html() print as they are, and only HTML that Gazette
** itself produced (the Markdown renderer's output) may be given to them.
** Strings are not copied: they must live as long as the arena.
*/
#ifndef GAZETTE_VALUE_H
#define GAZETTE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"

typedef enum tv_kind { TV_TEXT, TV_HTML, TV_INT, TV_BOOL, TV_LIST, TV_OBJECT } tv_kind;

typedef struct tv tv;
struct tv {
    tv_kind kind;
    arena *arena;
    union {
        const char *text; /* TV_TEXT, TV_HTML */
        int64_t number;   /* TV_INT */
        bool flag;        /* TV_BOOL */
        struct {          /* TV_LIST, TV_OBJECT */
            const char **keys; /* objects only */
            tv **items;
            size_t count, cap;
        } items;
    } as;
};

tv *tv_object(arena *a);
tv *tv_list(arena *a);
tv *tv_text(arena *a, const char *text);
tv *tv_html(arena *a, const char *trusted_html);
tv *tv_int(arena *a, int64_t n);
tv *tv_bool(arena *a, bool flag);

/* Sets key in an object (replacing an earlier value). key is not copied. */
void tv_set(tv *object, const char *key, tv *value);
void tv_set_text(tv *object, const char *key, const char *text);
void tv_set_html(tv *object, const char *key, const char *trusted_html);
void tv_set_int(tv *object, const char *key, int64_t n);
void tv_set_bool(tv *object, const char *key, bool flag);

/* Appends to a list. */
void tv_push(tv *list, tv *value);

/* The value of key in an object, or NULL. */
tv *tv_get(const tv *object, const char *key);

/* Mustache truthiness: false for missing, false, 0, "" and empty lists. */
bool tv_truthy(const tv *v);

#endif
