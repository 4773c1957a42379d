/* The footer menus. See footer.h. */
#include "footer.h"
#include "../core/fatal.h"
#include "../core/kept.h"
#include "../core/log.h"
#include "../core/urls.h"

#include <stdlib.h>
#include <string.h>

struct footer {
    store *store;
    kept *menus; /* a menus value */
};

/* Every edition's menu items, by edition and position. */
typedef struct menus {
    static_page *items;
    size_t count;
} menus;

/* Makes the menus (kept_make_fn). */
static int make_menus(void *ctx, arena *a, void **value, int64_t *expires_at) {
    footer *f = ctx;
    menus *m = arena_alloc(a, sizeof *m);
    int rc = store_pages_menu(f->store, a, &m->items, &m->count);
    if (rc != STORE_OK) {
        log_error("footer menus: %s", store_error(f->store));
        return rc;
    }
    *value = m;
    *expires_at = 0;
    return STORE_OK;
}

footer *footer_new(store *s) {
    footer *f = xcalloc(1, sizeof *f);
    f->store = s;
    f->menus = kept_new(make_menus, f, 0);
    return f;
}

void footer_free(footer *f) {
    if (!f) return;
    kept_free(f->menus);
    free(f);
}

/* What a page asks of the menus. */
typedef struct menu_reader {
    arena *arena;
    const char *lang;
    tv *list;
} menu_reader;

/* Copies the reader's edition's items into its list (kept_copy_fn). */
static void copy_menu(void *reader, const void *value) {
    menu_reader *r = reader;
    const menus *m = value;
    for (size_t i = 0; i < m->count; i++) {
        if (strcmp(m->items[i].lang, r->lang) != 0) continue;
        tv *item = tv_object(r->arena);
        tv_set_text(item, "title", arena_strdup(r->arena, m->items[i].title));
        tv_set_text(item, "url", urls_page_path(r->arena, r->lang, m->items[i].slug));
        tv_push(r->list, item);
    }
}

tv *footer_menu(footer *f, arena *a, const char *lang, bool *ok) {
    menu_reader r = {a, lang, tv_list(a)};
    *ok = true;
    if (!f) return r.list;
    int64_t changed_at, generation;
    if (store_content_version(f->store, &changed_at, &generation) != STORE_OK ||
        kept_read(f->menus, generation, copy_menu, &r) != STORE_OK) {
        *ok = false;
        return tv_list(a);
    }
    return r.list;
}
