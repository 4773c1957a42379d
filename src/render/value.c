/* Template values. Objects are small (tens of keys): linear lookup is
** faster than hashing at that size and keeps the structure trivial. */
#include "value.h"
#include "../core/fatal.h"

#include <string.h>

static tv *tv_new(arena *a, tv_kind kind) {
    tv *v = arena_zalloc(a, sizeof *v);
    v->kind = kind;
    v->arena = a;
    return v;
}

tv *tv_object(arena *a) { return tv_new(a, TV_OBJECT); }
tv *tv_list(arena *a) { return tv_new(a, TV_LIST); }

tv *tv_text(arena *a, const char *text) {
    tv *v = tv_new(a, TV_TEXT);
    v->as.text = text ? text : "";
    return v;
}

tv *tv_html(arena *a, const char *trusted_html) {
    tv *v = tv_new(a, TV_HTML);
    v->as.text = trusted_html ? trusted_html : "";
    return v;
}

tv *tv_int(arena *a, int64_t n) {
    tv *v = tv_new(a, TV_INT);
    v->as.number = n;
    return v;
}

tv *tv_bool(arena *a, bool flag) {
    tv *v = tv_new(a, TV_BOOL);
    v->as.flag = flag;
    return v;
}

/* Grows a container so one more item fits. */
static void grow(tv *c) {
    if (c->as.items.count < c->as.items.cap) return;
    size_t cap = c->as.items.cap ? c->as.items.cap * 2 : 8;
    tv **items = arena_alloc(c->arena, cap * sizeof *items);
    if (c->as.items.count) memcpy(items, c->as.items.items, c->as.items.count * sizeof *items);
    c->as.items.items = items;
    if (c->kind == TV_OBJECT) {
        const char **keys = arena_alloc(c->arena, cap * sizeof *keys);
        if (c->as.items.count) memcpy(keys, c->as.items.keys, c->as.items.count * sizeof *keys);
        c->as.items.keys = keys;
    }
    c->as.items.cap = cap;
}

void tv_set(tv *object, const char *key, tv *value) {
    if (object->kind != TV_OBJECT) fatal("tv_set on a non-object (key %s)", key);
    for (size_t i = 0; i < object->as.items.count; i++) {
        if (object->as.items.keys[i][0] == key[0] && strcmp(object->as.items.keys[i], key) == 0) {
            object->as.items.items[i] = value;
            return;
        }
    }
    grow(object);
    object->as.items.keys[object->as.items.count] = key;
    object->as.items.items[object->as.items.count++] = value;
}

void tv_set_text(tv *o, const char *key, const char *text) { tv_set(o, key, tv_text(o->arena, text)); }
void tv_set_html(tv *o, const char *key, const char *html) { tv_set(o, key, tv_html(o->arena, html)); }
void tv_set_int(tv *o, const char *key, int64_t n) { tv_set(o, key, tv_int(o->arena, n)); }
void tv_set_bool(tv *o, const char *key, bool flag) { tv_set(o, key, tv_bool(o->arena, flag)); }

void tv_push(tv *list, tv *value) {
    if (list->kind != TV_LIST) fatal("tv_push on a non-list");
    grow(list);
    list->as.items.items[list->as.items.count++] = value;
}

tv *tv_get(const tv *object, const char *key) {
    if (!object || object->kind != TV_OBJECT) return NULL;
    /* The first byte rules out most keys before strcmp: pages look names
    ** up through a root of some forty. */
    for (size_t i = 0; i < object->as.items.count; i++)
        if (object->as.items.keys[i][0] == key[0] && strcmp(object->as.items.keys[i], key) == 0)
            return object->as.items.items[i];
    return NULL;
}

bool tv_truthy(const tv *v) {
    if (!v) return false;
    switch (v->kind) {
    case TV_TEXT:
    case TV_HTML: return v->as.text[0] != '\0';
    case TV_INT: return v->as.number != 0;
    case TV_BOOL: return v->as.flag;
    case TV_LIST: return v->as.items.count > 0;
    case TV_OBJECT: return true;
    }
    return false;
}
