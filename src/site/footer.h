/*
** The footer menus: each edition's published static pages that the
** newsroom placed in its footer, as every reader's page links to them.
** Kept in memory and read again from the store only after the content
** changed (the store's change generation moved: any node's write), so a
** page costs no statement for them (on PostgreSQL the generation comes
** with the page's own read). Thread-safe.
*/
#ifndef GAZETTE_FOOTER_H
#define GAZETTE_FOOTER_H

#include "../render/value.h"
#include "../store/store.h"

typedef struct footer footer;

/* A cache of s's footer menus (nothing read yet). The caller owns it and
** frees it with footer_free(). */
footer *footer_new(store *s);
void footer_free(footer *f);

/* The footer menu of edition lang for a template, in a: a list of
** {title, url}, in the newsroom's order. *ok is false (and the list empty)
** when the store failed; a later call tries again. f may be NULL (no
** menus). */
tv *footer_menu(footer *f, arena *a, const char *lang, bool *ok);

#endif
