/*
** Writing an edition's static pages (About us, Contacts, Privacy
** policy...): the one path the newsroom's Pages and the Admin API take. A
** page is checked field by field, its Markdown rendered once (as an
** article's body is: the site's images as figures, embeds, limits; a
** published page's images must have alt text), then saved with an entry
** in the audit log, in one transaction. A refused save writes nothing.
*/
#ifndef GAZETTE_STATIC_PAGES_H
#define GAZETTE_STATIC_PAGES_H

#include "article_save.h"
#include "auth.h"

#define PAGE_TITLE_MAX_CHARS 200
#define PAGE_DESCRIPTION_MAX_CHARS 320
#define PAGE_MENU_MAX 99 /* footer positions 1..PAGE_MENU_MAX; 0: not in it */

/* Checks in and fills what it leaves to defaults (lang: the site's
** default; slug: made from the title), normalises the body's line endings
** and renders it into in->body_html (in a). False with *p (code
** ARTICLE_INVALID, the field, a message) when a field is wrong. */
bool static_page_prepare(store *s, const config *cfg, arena *a, static_page *in, article_problem *p);

/* Prepares in and saves it as who: a new page when id is 0 (*saved_id
** its number), else page id when its version is still expected_version
** (0: any). *version gets the saved version. False with *p: ARTICLE_INVALID,
** STORE_CONFLICT (the edition has a page at that slug; field "slug"),
** STORE_STALE (changed since it was read), STORE_NOT_FOUND, or the store's
** failure. */
bool static_page_save(store *s, const config *cfg, arena *a, const actor *who, int64_t id, static_page *in,
                      int64_t expected_version, int64_t *saved_id, int64_t *version, article_problem *p);

/* Deletes page id as who, audited: false with *p (STORE_NOT_FOUND, or the
** store's failure). */
bool static_page_delete(store *s, const actor *who, int64_t id, article_problem *p);

/* static_page_delete, only while page id is still at expected_version (0:
** any): else false with *p STORE_STALE and nothing deleted. The version is
** read in the delete's own transaction (every writer holds the store's
** write lock from store_begin), so no save can land in between. */
bool static_page_delete_version(store *s, const actor *who, int64_t id, int64_t expected_version,
                                article_problem *p);

#endif
