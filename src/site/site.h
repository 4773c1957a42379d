/*
** The reader-facing site: routing of public URLs to page handlers. The
** server (src/http) knows nothing of pages; this is the application.
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
} site;

/* The http_options body_limit of the site: app is a site*. */
size_t site_body_limit(void *app, const char *method, const char *path);

/* The http_options refused of the site: JSON under /api/, else text. */
void site_refused(void *app, http_request *req, http_response *resp, int status, const char *reason);

/* The http_handler of the site: app is a site*. */
void site_handle(void *app, http_request *req, http_response *resp);

#endif
