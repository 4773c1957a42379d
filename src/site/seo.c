/* What results and cards show of an article. See seo.h. */
#include "seo.h"
#include "../core/media_files.h"

#include <stdlib.h>
#include <string.h>

const char *seo_title_of(const article *a) {
    return a->seo_title && *a->seo_title ? a->seo_title : a->title;
}

const char *seo_description_of(const article *a) {
    if (a->seo_description && *a->seo_description) return a->seo_description;
    return a->subtitle && *a->subtitle ? a->subtitle : a->title;
}

const char *seo_image_path(arena *a, const media *m, int *width) {
    /* The variants are listed smallest first ("480 960 1600"). */
    const char *variants = m->variants ? m->variants : "";
    const char *last = strrchr(variants, ' ');
    int w = atoi(last ? last + 1 : variants);
    if (width) *width = w;
    return media_url(a, m->hash, w, "jpg");
}
