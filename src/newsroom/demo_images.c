/* The demo's articles with their lead graphics: drawn (demo_graphics.h),
** rasterised by libvips (librsvg) and prepared through the media pipeline
** on every core at once, then stored and imported one by one. See demo.h. */
#include "demo.h"
#include "demo_graphics.h"
#include "frontmatter.h"
#include "media.h"
#include "../core/fatal.h"
#include "../render/i18n.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

/* The most threads that prepare images at once. */
#define WORKERS_MAX 4

/* The variants of a graphic: a phone's width and the drawing's own (the
** social previews'). Flat graphics scale well, and fewer variants keep
** init --demo quick. */
static const int graphic_widths[] = {480, DEMO_GRAPHIC_WIDTH};
#define GRAPHIC_VARIANTS (sizeof graphic_widths / sizeof graphic_widths[0])

void demo_article_init(demo_article *d, const char *name, const char *text, size_t len) {
    memset(d, 0, sizeof *d);
    d->name = name;
    d->text = text;
    d->len = len;
    d->arena = arena_new();
}

/* Rasterises d's drawing at each width (librsvg draws small text better
** than a reduction of the large one would) and prepares its variants (in
** d's arena). */
static void prepare_one(demo_article *d) {
    VipsImage *drawn[GRAPHIC_VARIANTS] = {0}, *flat[GRAPHIC_VARIANTS] = {0}, *pixels[GRAPHIC_VARIANTS] = {0};
    bool ok = true;
    for (size_t i = 0; i < GRAPHIC_VARIANTS && ok; i++) {
        /* The drawing is opaque: its alpha goes, so the variants are RGB. */
        double scale = (double)graphic_widths[i] / DEMO_GRAPHIC_WIDTH;
        ok = vips_svgload_buffer((void *)d->graphic.svg, d->graphic.svg_len, &drawn[i], "scale", scale, NULL) == 0 &&
             vips_flatten(drawn[i], &flat[i], NULL) == 0 && (pixels[i] = vips_image_copy_memory(flat[i])) != NULL;
    }
    if (ok) {
        d->prepared = media_prepare_drawn(d->arena, d->graphic.svg, d->graphic.svg_len, pixels, GRAPHIC_VARIANTS,
                                          &d->error);
    } else {
        user_message_set(&d->error, N_("The image cannot be read: %s"), vips_error_buffer());
        vips_error_clear();
    }
    for (size_t i = 0; i < GRAPHIC_VARIANTS; i++) {
        if (pixels[i]) g_object_unref(pixels[i]);
        if (flat[i]) g_object_unref(flat[i]);
        if (drawn[i]) g_object_unref(drawn[i]);
    }
}

/* The work the threads share: the articles, and the next one to take. */
typedef struct workshop {
    demo_article *articles;
    size_t count;
    atomic_size_t next;
} workshop;

/* A thread's loop: takes articles one at a time until none are left. */
static void *worker(void *arg) {
    workshop *w = arg;
    for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->count;)
        if (w->articles[i].graphic.svg) prepare_one(&w->articles[i]);
    return NULL;
}

void demo_articles_prepare(demo_article *articles, size_t count) {
    workshop w = {.articles = articles, .count = count};
    atomic_init(&w.next, 0);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t threads = cores < 1 ? 1 : cores > WORKERS_MAX ? WORKERS_MAX : (size_t)cores, started = 0;
    pthread_t ids[WORKERS_MAX];
    /* This thread works too; the others help when they can be started. */
    while (started + 1 < threads && pthread_create(&ids[started], NULL, worker, &w) == 0) started++;
    worker(&w);
    for (size_t i = 0; i < started; i++) pthread_join(ids[i], NULL);
}

bool demo_article_read(store *s, demo_article *d, char *err, size_t errlen) {
    if (!frontmatter_parse(d->arena, d->text, d->len, &d->in, err, errlen)) return false;
    category cat;
    const char *name = d->in.category_slug;
    if (d->in.lang && d->in.category_slug &&
        store_category_by_slug(s, d->arena, d->in.lang, d->in.category_slug, &cat) == STORE_OK)
        name = cat.name;
    if (name && !demo_graphic_draw(d->arena, &d->in, name, &d->graphic)) memset(&d->graphic, 0, sizeof d->graphic);
    return true;
}

bool demo_article_write_image(store *s, const config *cfg, demo_article *d, FILE *messages) {
    int status;
    if (!d->prepared) return true;
    if (store_media_by_hash(s, d->arena, media_prepared_hash(d->prepared), &d->stored) == STORE_OK) return true;
    if (media_write_prepared(s, cfg, d->arena, d->prepared, &status, &d->error)) return true;
    fprintf(messages, "%s: its graphic: %s\n", d->name, user_message_english(d->arena, &d->error));
    d->prepared = NULL;
    d->graphic.svg = NULL;
    return false;
}

bool demo_article_store_image(store *s, const config *cfg, demo_article *d, FILE *messages) {
    if (!d->prepared) {
        if (d->graphic.svg)
            fprintf(messages, "%s: its graphic: %s\n", d->name, user_message_english(d->arena, &d->error));
        return !d->graphic.svg;
    }
    static const actor system = {.id = "system", .name = "Import", .address = ""};
    bool created;
    int status;
    if (!d->stored.id) {
        /* The library shows the same words as the article. */
        if (!media_store_prepared(s, cfg, d->arena, d->prepared, arena_printf(d->arena, "%s.svg", d->in.slug),
                                  d->graphic.alt, d->graphic.credit, &system, &d->stored, &created, &status,
                                  &d->error)) {
            fprintf(messages, "%s: its graphic: %s\n", d->name, user_message_english(d->arena, &d->error));
            return false;
        }
    }
    d->in.lead_image_id = d->stored.id;
    d->in.lead_image_alt = d->graphic.alt;
    d->in.lead_image_caption = d->graphic.caption;
    d->in.lead_image_credit = d->graphic.credit;
    return true;
}

void demo_article_free(demo_article *d) {
    arena_free(d->arena);
    d->arena = NULL;
}
