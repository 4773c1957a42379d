/* The image markup's values. See image.h. */
#include "image.h"
#include "../core/buf.h"
#include "../core/media_files.h"

#include <stdlib.h>
#include <string.h>

/* The smallest of m's variant widths, and the one a middle JPEG is made
** of: the largest up to 960 px (0 when m has none). */
static void pick_widths(arena *a, const media *m, int *smallest, int *middle) {
    *smallest = *middle = 0;
    char *list = arena_strdup(a, m->variants ? m->variants : "");
    char *save = NULL;
    for (char *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int width = atoi(w);
        if (width <= 0) continue;
        if (!*smallest) *smallest = width;
        if (!*middle || width <= 960) *middle = width;
    }
    if (!*middle) *middle = *smallest;
}

char *image_src(arena *a, const media *m) {
    int smallest, middle;
    pick_widths(a, m, &smallest, &middle);
    return media_url(a, m->hash, middle, "jpg");
}

char *image_small(arena *a, const media *m) {
    int smallest, middle;
    pick_widths(a, m, &smallest, &middle);
    return media_url(a, m->hash, smallest, "jpg");
}

/* An image's variants for a template: src (a middle JPEG), srcsets of
** WebP and JPEG, width and height (of the original, for the aspect ratio:
** nothing shifts while the image loads). */
tv *image_value(arena *a, const media *m) {
    tv *img = tv_object(a);
    buf webp, jpeg;
    buf_init(&webp, a);
    buf_init(&jpeg, a);
    char *list = arena_strdup(a, m->variants ? m->variants : "");
    char *save = NULL;
    for (char *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int width = atoi(w);
        if (width <= 0) continue;
        buf_printf(&webp, "%s%s %dw", webp.len ? ", " : "", media_url(a, m->hash, width, "webp"), width);
        buf_printf(&jpeg, "%s%s %dw", jpeg.len ? ", " : "", media_url(a, m->hash, width, "jpg"), width);
    }
    tv_set_text(img, "src", image_src(a, m));
    tv_set_text(img, "small", image_small(a, m));
    tv_set_text(img, "srcset_webp", webp.data ? webp.data : "");
    tv_set_text(img, "srcset_jpeg", jpeg.data ? jpeg.data : "");
    tv_set_int(img, "width", m->width);
    tv_set_int(img, "height", m->height);
    return img;
}

