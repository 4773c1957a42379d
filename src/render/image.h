/*
** An uploaded image as templates show it: its variants' URLs for
** <picture>/srcset, and its size for width and height (so that nothing
** shifts while it loads). Shared by the site's pages and the newsroom's.
*/
#ifndef GAZETTE_IMAGE_H
#define GAZETTE_IMAGE_H

#include "../store/store.h"
#include "value.h"

/* An image's variants for a template: src (a middle JPEG), small (the
** smallest JPEG), srcset_webp and srcset_jpeg, width and height (of the
** original, for the aspect ratio). In a. */
tv *image_value(arena *a, const media *m);

/* The address of m's middle JPEG variant (what a story's Markdown points
** at: every browser shows it) and of its smallest. In a. */
char *image_src(arena *a, const media *m);
char *image_small(arena *a, const media *m);

#endif
