/*
** A WordPress post's content as Gazette's Markdown. The content's
** shortcodes are expanded (shortcodes.c), the classic editor's paragraphs
** made (autop.c), then the HTML is parsed by libxml2's HTML parser and the
** tree walked: paragraphs, headings, emphasis, links, lists, quotes, code,
** tables, images with alt text and caption, galleries, and iframes and
** embeds of known providers become their Markdown; block comments are
** dropped. Text is escaped for Markdown, so nothing in it becomes markup;
** scripts, styles and forms are dropped (and noted), and attributes other
** than a link's address and an image's address, alt text and caption are
** never read (event handlers never come through). An element with no
** Markdown form keeps its text, and is noted in the report.
**
** Images: each address is handed to the caller (wp_body_env.image), who
** imports the file and gives back the address Gazette serves it at, or
** the original absolute address when it is not found.
**
** Bounded: elements nest at most WP_BODY_DEPTH deep (deeper ones give
** their text only); the caller bounds the content's size.
*/
#ifndef GAZETTE_WP_BODY_H
#define GAZETTE_WP_BODY_H

#include "report.h"

#include <stdint.h>

#define WP_BODY_DEPTH 48

/* An image as the body shows it. */
typedef struct wp_image {
    const char *url;     /* as Gazette serves it (or the original absolute address) */
    const char *alt;     /* may be NULL */
    const char *caption; /* may be NULL */
} wp_image;

/* What the converter asks of the import. */
typedef struct wp_body_env {
    /* The old site's address ("https://example.com", no trailing slash):
    ** relative links and images are read against it; links to it are made
    ** paths (the old addresses redirect). May be NULL. */
    const char *site_url;
    /* The address to show for an image the body has at url, in a (NULL:
    ** drop the image, noted). */
    const char *(*image)(void *ctx, arena *a, const char *url);
    /* The images of a gallery: those of the attachment ids (ids: "1,2,3"),
    ** or the post's own attached images when ids is "". Sets *images and
    ** *count, in a. */
    void (*gallery)(void *ctx, arena *a, const char *ids, wp_image **images, size_t *count);
    void *ctx;
} wp_body_env;

/* The Markdown of a post's content (NUL-terminated, in a). Notes go to r
** (may be NULL). */
const char *wp_body_to_markdown(arena *a, const char *content, const wp_body_env *env, wp_report *r);

#endif
