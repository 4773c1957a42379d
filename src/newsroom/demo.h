/* The demo newsroom, compiled into the binary from demo/ and loaded through
** the importer, so `gazette init --demo` works from any directory. */
#ifndef GAZETTE_DEMO_H
#define GAZETTE_DEMO_H

#include <stdio.h>

#include "demo_graphics.h"
#include "import.h"
#include "media.h"

/* Imports demo/categories.yaml, then the demo/{lang}/ articles of each edition the
** site runs, then its static pages (demo/pages/{lang}/). Failures are
** reported on messages and counted in stats. */
void demo_load(store *s, const config *cfg, FILE *messages, import_stats *stats);

/* For "demo/pages/{lang}/....md", a static page of the demo (demo_pages.c),
** the edition it belongs to (copied into code, 8 bytes); false otherwise. */
bool demo_page_edition(const char *name, char code[8]);

/* Saves the demo's static pages of each edition the site runs, published,
** in their footer places; those already as the demo has them are left
** alone. Failures go to messages and count in stats->failed; stats->pages
** counts the pages made or changed. */
void demo_pages_load(store *s, const config *cfg, FILE *messages, import_stats *stats);

/* One demo article on its way in (demo_images.c): its file, what its front
** matter says, its drawn lead graphic and that graphic's prepared
** variants. Everything lives in its own arena, so that threads can
** prepare several at once. */
typedef struct demo_article {
    const char *name, *text; /* the embedded file's, not copied */
    size_t len;
    arena *arena;
    article_input in;
    demo_graphic graphic;     /* svg NULL: the story has nothing to draw */
    media_prepared *prepared; /* NULL until prepared, or when it failed (error) */
    media stored;             /* id 0 until it is in the library */
    user_message error;
} demo_article;

/* Starts d for an embedded file's text (not copied: it must outlive d). */
void demo_article_init(demo_article *d, const char *name, const char *text, size_t len);

/* Reads d's front matter and draws its graphic, headed by its category's
** name in its edition (read from s). False with why in err when the file
** does not parse. */
bool demo_article_read(store *s, demo_article *d, char *err, size_t errlen);

/* Rasterises and prepares the drawn graphics of the articles, on up to
** four threads at once (libvips is safe to call from several). */
void demo_articles_prepare(demo_article *articles, size_t count);

/* Writes d's prepared graphic's files, unless the library has the same
** pixels already (then d->stored is that image), without waiting for the
** disk (media_write_prepared: media_sync_files() after the last). False,
** said on messages, when it cannot (d then has no graphic). */
bool demo_article_write_image(store *s, const config *cfg, demo_article *d, FILE *messages);

/* Stores d's prepared graphic in the library (once for the same pixels),
** with its alt text and credit, and makes it d's lead image with its
** caption. False, said on messages, when it cannot (the article is then
** imported without one). True at once when d has no graphic. */
bool demo_article_store_image(store *s, const config *cfg, demo_article *d, FILE *messages);

/* Frees what d holds. */
void demo_article_free(demo_article *d);

#endif
