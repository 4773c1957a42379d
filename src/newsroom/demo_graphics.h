/*
** The demo newsroom's lead images: graphics drawn here, as SVG, from each
** story's own text, never copied from anywhere: a bar chart of the story's
** table (demo_chart.c), a map of the Caspian region with the place the
** story is about marked (demo_map.c), or the story's key figure set large
** with the sentence it comes from (demo_graphics.c). Each is 1200x800: the
** 3:2 the site's pictures are shown at, wide enough for social previews
** (which show its middle, where the drawing keeps what matters), in the category's colour, with text in
** DejaVu Sans and Serif (fonts-dejavu-core) only, and comes with its alt
** text, caption and credit in the story's language.
**
** demo_images.c turns them into images of the site's library.
*/
#ifndef GAZETTE_DEMO_GRAPHICS_H
#define GAZETTE_DEMO_GRAPHICS_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/buf.h"
#include "../store/store.h"

#define DEMO_GRAPHIC_WIDTH 1200
#define DEMO_GRAPHIC_HEIGHT 800

/* A drawn graphic and its words, all in the arena it was drawn in. */
typedef struct demo_graphic {
    const char *svg;
    size_t svg_len;
    const char *alt;     /* what it shows, for people who cannot see it */
    const char *caption; /* shown under it */
    const char *credit;  /* who made it and its licence */
} demo_graphic;

/* Draws the lead graphic of story in (its lang, category_slug, title,
** subtitle and body_markdown are read), headed by category_name. False
** when the story has nothing to draw from (no table, no place on the map,
** no figure). */
bool demo_graphic_draw(arena *a, const article_input *in, const char *category_name, demo_graphic *out);

/* --- what the kinds of graphic share (demo_graphics.c) --- */

/* The colour of a category's graphics ("#a4161a"); a fixed one for a slug
** it does not know. */
const char *demo_category_colour(const char *slug);

/* Starts an SVG of the graphic's size on background. */
void demo_svg_begin(buf *svg, const char *background);

/* Appends a text element at x, y: size in pixels, font "sans" or "serif",
** weight "400" or "700", anchor "start", "middle" or "end"; text escaped
** as XML. */
void demo_svg_text(buf *svg, int x, int y, int size, const char *font, const char *weight, const char *fill,
                   const char *anchor, const char *text);

/* text cut to at most max characters at a word's end, with an ellipsis
** when cut (in a; text itself when it fits). */
const char *demo_text_cut(arena *a, const char *text, size_t max);

/* Breaks text into at most max_lines lines of at most width characters at
** words' ends (the last line cut with an ellipsis when the text is longer)
** into lines; returns how many. */
size_t demo_text_wrap(arena *a, const char *text, size_t width, const char **lines, size_t max_lines);

/* The plain text of a line of Markdown: links' text without their
** addresses, emphasis marks and backslashes dropped (in a). */
char *demo_plain_text(arena *a, const char *line, size_t len);

/* The kinds: each fills out (svg, alt, caption) and returns true when the
** story has what it draws from. */
bool demo_chart_draw(arena *a, const article_input *in, const char *category_name, demo_graphic *out);
bool demo_map_draw(arena *a, const article_input *in, const char *category_name, demo_graphic *out);

#endif
