/*
** What every page shares: the context every template can use (site name,
** navigation, editions, social links, assets, year), rendering through the
** layout, and the error pages.
*/
#ifndef GAZETTE_PAGE_H
#define GAZETTE_PAGE_H

#include "site.h"
#include "../render/value.h"

typedef struct page {
    site *site;
    http_request *req;
    http_response *resp;
    arena *arena;
    const char *lang;
    tv *ctx; /* the root context */
    const category *categories; /* the edition's, as the navigation shows them (in arena) */
    size_t category_count;
    buf tags; /* its cache tags (cache_tags.h): "site ed-en" and what it shows */
    bool untagged; /* no cache keeps it (a preview link's page): no tags sent */
} page;

/* Starts a page in lang: fills the shared context. current_category is the
** slug to mark in the navigation (or NULL). Returns false if the store
** failed (the caller answers with page_error()). */
bool page_init(page *p, site *s, http_request *req, http_response *resp, const char *lang,
               const char *current_category);

/* The same with the edition's categories already read (in the request's
** arena, as store_categories gives them): nothing to fail. */
void page_init_known(page *p, site *s, http_request *req, http_response *resp, const char *lang,
                     const char *current_category, const category *categories, size_t category_count);

/* The category of the page's edition whose slug is slug, from those the
** navigation shows (read by page_init, in the page's snapshot): no
** statement of its own. NULL when the edition has no such category. */
const category *page_category(const page *p, const char *slug);

/* Sets <title>, the meta description and the canonical path ("/en/..."). */
void page_meta(page *p, const char *title, const char *description, const char *path);

/* The alt text of an article's lead image: its own, else (articles saved
** before it had one) the caption, else the title. Not copied. */
const char *page_lead_image_alt(const article *a);

/* The same page in other editions: for each, its path ("/ru/..."). The
** language switch leads there, and the head lists them as hreflang
** alternates, with x-default for the default edition's (or this page).
** langs[i] must be configured editions; paths live in the page's arena. */
void page_alternates(page *p, const char *const *langs, const char *const *paths, size_t n);

/* Adds a cache tag to the page (cache_tags.h), printf-style. */
void page_tag(page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Renders template name inside the layout into the response. */
void page_render(page *p, const char *name);

/* Renders template name alone (a fragment for the endless feed). */
void page_render_fragment(page *p, const char *name);

/* Moves the page's Last-Modified up to the article's last change. */
void page_note_change(page *p, const article *a);

/* A list entry for an article: title, url, date, category, subtitle,
** and its lead image when it has one. */
tv *page_article_item(page *p, const article *a);

/* The styled 404 page, in lang (NULL: the default edition). */
void page_not_found(site *s, http_request *req, http_response *resp, const char *lang);

/* A 500 page for store failures; logs what failed. */
void page_error(site *s, http_request *req, http_response *resp, const char *what);

#endif
