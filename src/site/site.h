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

typedef struct site {
    const config *cfg;
    store *store;
    theme *theme;
    views *views;
    settings *settings; /* the newsroom's overrides of the configuration */
    /* When something every page shows (categories, settings) last changed,
    ** or when the server started: no answer is older than this. Unix
    ** seconds; read and written with atomics. */
    int64_t changed_at;
} site;

/* Notes that something every page shows has changed (now). */
void site_touch(site *s);

/* The http_options body_limit of the site: app is a site*. */
size_t site_body_limit(void *app, const char *method, const char *path);

/* The http_handler of the site: app is a site*. */
void site_handle(void *app, http_request *req, http_response *resp);

#endif
