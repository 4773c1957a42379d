/*
** The theme: templates and static assets. The default theme is compiled
** into the binary; a configured theme_dir overrides any of its files
** (templates/NAME.html, static/NAME, inline/boot.js).
**
** Assets are served under content-hashed names ("/static/gazette.3f9c2a1b7e.css")
** so browsers may keep them for a year: a changed file gets a new name.
** A theme is loaded once at start-up and read-only afterwards.
*/
#ifndef GAZETTE_THEME_H
#define GAZETTE_THEME_H

#include <stddef.h>

#include "../http/compress.h"
#include "../http/http.h"
#include "../render/template.h"

typedef struct asset {
    char *name;         /* "gazette.css" */
    char *url;          /* "/static/gazette.3f9c2a1b7e.css" */
    char *key;          /* "gazette_css": its name in templates ({{assets.gazette_css}}) */
    const char *content_type;
    const unsigned char *data;
    size_t size;
    char *etag;
    void *owned;        /* data read from theme_dir, freed with the theme */
    /* Ready to send, in each coding that makes it smaller (made once, at
    ** load, with the strongest settings); NULL where it does not. */
    http_prepared *prepared[HTTP_ENCODINGS];
    char *etags[HTTP_ENCODINGS];
    int64_t loaded_at;
} asset;

typedef struct theme {
    template_set *templates;
    asset *assets;
    size_t asset_count;
    char *boot_script;  /* inline <head> script: sets theme and text size before paint */
    char *csp;          /* the Content-Security-Policy, allowing that script by hash */
} theme;

/* Loads the default theme with dir's overrides (dir may be NULL). NULL
** with a message in err when a template does not parse. */
theme *theme_load(const char *dir, char *err, size_t errlen);
void theme_free(theme *t);

/* The asset served at path ("/static/..."), or NULL. */
const asset *theme_asset_by_url(const theme *t, const char *path);

/* The asset called name ("favicon.svg"), or NULL. */
const asset *theme_asset_by_name(const theme *t, const char *name);

/* The template called name; aborts when missing (a theme bug, caught at load). */
const template *theme_template(const theme *t, const char *name);

#endif
