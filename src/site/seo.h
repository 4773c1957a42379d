/*
** An article's search and social overrides (store.h's seo_title,
** seo_description, social_image_id, canonical_url) resolved into what
** search results and social cards show, for the article's page
** (structured.c) and the public API alike.
*/
#ifndef GAZETTE_SEO_H
#define GAZETTE_SEO_H

#include "../core/arena.h"
#include "../store/store.h"

/* The title results and cards show: the SEO title, else the title. Not
** copied. */
const char *seo_title_of(const article *a);

/* The description they show: the SEO description, else the lead, else the
** title. Not copied. */
const char *seo_description_of(const article *a);

/* The path of an uploaded image's largest JPEG variant, which cards show
** ("/media/HASH-1600.jpg"), in a; its width in *width (may be NULL). */
const char *seo_image_path(arena *a, const media *m, int *width);

#endif
