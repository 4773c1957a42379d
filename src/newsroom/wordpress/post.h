/*
** One WordPress post or page as Gazette has it: the article (or static
** page) an import saves, read from the item and what the first pass
** indexed. Status: publish is published, future scheduled for its date,
** draft a draft, pending in review; private and password-protected posts
** are drafts (never public) and trash goes to the trash; the date is the
** post's GMT date. The category is Yoast's primary one when it names one,
** else the first (its parents' names before its own), the others become
** tags with the tags; the byline is the author's display name; the
** featured image is the lead image with its caption and alt text; the
** edition is Polylang's language term or WPML's, else the one asked for.
** Titles keep their text, not their markup; an untitled post gets one
** from its first words. What was changed or left out is noted in the
** post's report.
*/
#ifndef GAZETTE_WP_POST_H
#define GAZETTE_WP_POST_H

#include "../../core/config.h"
#include "../../store/store.h"
#include "index.h"
#include "media_folder.h"
#include "report.h"

#include <stdbool.h>

/* What converting a post needs. */
typedef struct wp_context {
    store *store;
    const config *cfg;
    const wp_index *index;
    wp_media *media;
    const char *lang; /* the edition when the post does not say */
} wp_context;

/* A post converted. */
typedef struct wp_post {
    bool page;             /* a static page, not an article */
    bool trash;            /* goes to the trash once saved */
    const char *lang;      /* NULL: an edition the site does not run (skip; why in skip) */
    const char *skip;      /* why it is not imported, or NULL */
    article_input article; /* when !page */
    static_page static_page; /* when page */
    const char *category_name, *category_description; /* the category's, for the edition */
    const char *old_path;  /* the post's <link> path, or NULL */
} wp_post;

/* Converts item into out (strings in a), noting to r. */
void wp_post_read(const wp_context *c, arena *a, const wxr_item *item, wp_post *out, wp_report *r);

/* The category slug Gazette gives the WordPress category term t, in a. */
const char *wp_category_slug(arena *a, const wxr_term *t);

#endif
