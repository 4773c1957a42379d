/*
** Reading a WordPress export (WXR 1.0 to 1.2, Tools > Export), streamed
** with libxml2's reader: the channel's site, authors and terms, then each
** item, one at a time, each handed to the caller and forgotten (its
** memory is freed before the next), so a file of any size is read in
** flat memory. Namespaces are read from the file itself (exports name
** WordPress's as http:// or https://wordpress.org/export/1.x/).
**
** Refused: a file with a DOCTYPE (an XML external-entity or entity
** expansion attack; WordPress's own importer refuses them too), before
** anything of it is read; a file that is not a WordPress export. A file
** that ends early or breaks off in bad XML gives every item that was
** complete before, then the line where it stopped.
*/
#ifndef GAZETTE_WXR_H
#define GAZETTE_WXR_H

#include "../../core/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds on one item (what is past them is not read, and noted). */
#define WXR_TERMS_MAX 200
#define WXR_META_MAX 200

typedef enum wxr_status {
    WXR_OK,
    WXR_UNREADABLE, /* cannot be opened or read */
    WXR_DOCTYPE,    /* has a DOCTYPE: refused */
    WXR_NOT_WXR,    /* XML, but not a WordPress export */
    WXR_BROKEN,     /* ends early or is not well-formed past some point */
    WXR_STOPPED     /* the caller stopped it */
} wxr_status;

/* The exporting site. */
typedef struct wxr_site {
    const char *title, *link, *language, *version, *base_site_url, *base_blog_url;
} wxr_site;

/* An author (wp:author). */
typedef struct wxr_author {
    int64_t id;
    const char *login, *email, *display_name, *first_name, *last_name;
} wxr_author;

/* A term: the channel's wp:category, wp:tag or wp:term, or an item's
** <category domain="..." nicename="...">. */
typedef struct wxr_term {
    const char *taxonomy;    /* "category", "post_tag", "language", ... */
    const char *slug;        /* nicename */
    const char *name;
    const char *parent;      /* the parent's slug, or NULL */
    const char *description; /* or NULL */
    int64_t id;              /* wp:term_id of a channel's term (Yoast's primary category names it); 0: none */
} wxr_term;

typedef struct wxr_meta {
    const char *key, *value;
} wxr_meta;

/* An item: a post, page, attachment or any other post type. Strings are
** never NULL ("" when absent). */
typedef struct wxr_item {
    int64_t id, parent;
    int line;           /* where it starts in the file */
    const char *type;   /* post, page, attachment, nav_menu_item, ... */
    const char *status; /* publish, future, draft, pending, private, trash, inherit */
    const char *title, *link, *guid, *creator, *content, *excerpt, *slug, *password, *attachment_url;
    const char *date, *date_gmt; /* "2024-05-01 10:00:00"; date_gmt may be "0000-00-00 00:00:00" */
    bool sticky;
    const wxr_term *terms;
    size_t term_count;
    const wxr_meta *meta;
    size_t meta_count;
    bool terms_left_out, meta_left_out; /* more than the bounds */
} wxr_item;

/* What the reader hands over; each call's data lives until it returns
** (an item's in a, freed then). Any may be NULL. site comes once, before
** any author, term or item; item returning false stops the reading
** (WXR_STOPPED). */
typedef struct wxr_handler {
    void (*site)(void *ctx, const wxr_site *site);
    void (*author)(void *ctx, const wxr_author *author);
    void (*term)(void *ctx, const wxr_term *term);
    bool (*item)(void *ctx, arena *a, const wxr_item *item);
    void *ctx;
} wxr_handler;

typedef struct wxr_result {
    wxr_status status;
    int items;         /* items handed over */
    int line;          /* WXR_BROKEN, WXR_DOCTYPE: where */
    char message[300]; /* one line for people: what is wrong */
} wxr_result;

/* Reads the export at path, calling h for what it finds. True when the
** whole file was read (out->status WXR_OK); false with out saying why. */
bool wxr_read(const char *path, const wxr_handler *h, wxr_result *out);

/* The meta value of key in item, or NULL. */
const char *wxr_meta_value(const wxr_item *item, const char *key);

#endif
