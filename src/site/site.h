/*
** The reader-facing site, and the context every handler of the program
** gets (the site, the newsroom and the API share it: configuration, store,
** theme, view counter, settings, page cache). The server (src/http) knows
** nothing of pages; src/app/ dispatches to the applications.
*/
#ifndef GAZETTE_SITE_H
#define GAZETTE_SITE_H

#include "../core/config.h"
#include "../http/http.h"
#include "../store/store.h"
#include "settings.h"
#include "theme.h"
#include "views.h"

typedef struct page_cache page_cache;
typedef struct media_cache media_cache;
typedef struct footer footer;
typedef struct breaking breaking;
typedef struct most_read most_read;
typedef struct live_labels live_labels;

typedef struct site {
    const config *cfg;
    store *store;
    theme *theme;
    views *views;
    settings *settings; /* the newsroom's overrides of the configuration */
    /* When the server started: the theme may have changed, so no answer is
    ** older than this (nor than the store's last content change). */
    int64_t started_at;
    page_cache *cache; /* NULL: every answer is made anew */
    media_cache *media; /* images from the database (NULL: read each time, or files) */
    footer *footer;     /* the editions' footer menus (NULL: none shown) */
    breaking *breaking; /* the editions' breaking-news banners (NULL: none shown) */
    most_read *most_read; /* the editions' most-read lists (NULL: none shown) */
    live_labels *live;    /* which live blogs are open, for lists' labels (NULL: none shown) */
} site;

/* Answers a request for one of the reader site's pages (homes,
** categories, articles, search, feeds, sitemaps, robots.txt). */
void site_handle(site *s, http_request *req, http_response *resp);

#endif
