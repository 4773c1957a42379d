/* The footer menus. See footer.h. */
#include "footer.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/urls.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct footer {
    store *store;
    pthread_mutex_t lock;
    bool known;         /* items hold the menus of generation */
    int64_t generation;
    arena *own;         /* items' memory */
    static_page *items; /* every edition's, by edition and position */
    size_t count;
};

footer *footer_new(store *s) {
    footer *f = xcalloc(1, sizeof *f);
    f->store = s;
    pthread_mutex_init(&f->lock, NULL);
    return f;
}

void footer_free(footer *f) {
    if (!f) return;
    if (f->own) arena_free(f->own);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

/* Reads the menus of generation again into f (lock held): false when the
** store fails (what f had stays). */
static bool reload(footer *f, int64_t generation) {
    arena *a = arena_new();
    static_page *items;
    size_t n;
    if (store_pages_menu(f->store, a, &items, &n) != STORE_OK) {
        log_error("footer menus: %s", store_error(f->store));
        arena_free(a);
        return false;
    }
    if (f->own) arena_free(f->own);
    f->own = a;
    f->items = items;
    f->count = n;
    f->generation = generation;
    f->known = true;
    return true;
}

tv *footer_menu(footer *f, arena *a, const char *lang, bool *ok) {
    tv *list = tv_list(a);
    *ok = true;
    if (!f) return list;
    int64_t changed_at, generation;
    if (store_content_version(f->store, &changed_at, &generation) != STORE_OK) {
        *ok = false;
        return list;
    }
    pthread_mutex_lock(&f->lock);
    if (!f->known || f->generation != generation) *ok = reload(f, generation);
    for (size_t i = 0; *ok && i < f->count; i++) {
        if (strcmp(f->items[i].lang, lang) != 0) continue;
        tv *item = tv_object(a);
        /* Copied: the next reload frees what f holds. */
        tv_set_text(item, "title", arena_strdup(a, f->items[i].title));
        tv_set_text(item, "url", urls_page_path(a, lang, f->items[i].slug));
        tv_push(list, item);
    }
    pthread_mutex_unlock(&f->lock);
    return list;
}
