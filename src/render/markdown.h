/*
** Markdown to HTML for article bodies, with cmark-gfm (CommonMark plus the
** GitHub tables, strikethrough and autolink extensions).
**
** Safe by construction: raw HTML in the source is dropped, and links and
** images keep only http, https, mailto and tel URLs or relative ones; any
** other scheme (javascript:, data:, vbscript:, file:, ...) is removed with
** the link, leaving its text. A "# heading" becomes <h2>, since the page's
** <h1> is the article's title.
**
** Pictures and embeds (markdown_render_with): a top-level paragraph that
** holds only an image, ![alt](URL "caption"), becomes a
** <figure class="body-figure"> (the site's own uploads with their variants'
** srcset, width and height, found through the caller's resolver; other
** images as a plain lazy <img>); two or more such paragraphs in a row, or
** one with several images, a <div class="gallery" data-gallery> of
** figures, each linking to its largest variant. A paragraph holding only a
** bare http(s) URL becomes an embed placeholder (YouTube, X, Instagram,
** Facebook, Telegram: a link and a button; the reader's script makes the
** iframe when it is pressed, nothing reaches the provider before) or, for
** any other site, a bookmark card. See markdown_media.c.
*/
#ifndef GAZETTE_MARKDOWN_H
#define GAZETTE_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/user_message.h"

/* What rendering may cost, checked before the work that costs it:
** - a table's columns, and the cells of all tables together (cmark-gfm
**   pads every row to its header's width: 2,000 columns and 20,000 short
**   rows would be 40 million cells, gigabytes, from 68 KB of text), counted
**   on the text before it is parsed;
** - the pieces of markup (emphasis and code marks, brackets, entities,
**   line breaks), each of which may become a node of the tree (a couple of
**   hundred bytes each: 2 MB of "[a] " is a million nodes, 350 MB), counted
**   on the text before it is parsed;
** - inline links and images ("](": cmark-gfm 0.29 takes time that grows
**   faster than their square when emphasis shares their paragraphs: 20,000
**   take 10 s, 2,000 take 30 ms), counted on the text;
** - how deep blocks and inlines nest, checked on the tree before rendering;
** - the HTML's size: at most max_output_ratio times the Markdown (but 64 KB
**   is always allowed), checked as it is made. */
typedef struct markdown_limits {
    int max_table_columns;
    int max_table_cells;
    int max_nesting;
    int max_output_ratio;
    int max_marks;
    int max_links;
} markdown_limits;

#define MARKDOWN_LIMITS_DEFAULT {64, 20000, 32, 20, 100000, 2000}

/* One of the site's uploaded images as a body figure shows it: what a
** resolver gives for a URL. Its strings must live until
** markdown_render_with() returns (the resolver's arena). */
typedef struct markdown_image {
    const char *src;     /* a middle variant's URL */
    const char *srcset;  /* "URL 480w, URL 960w, ..." */
    const char *largest; /* the largest variant's URL */
    int width, height;   /* of the original: the aspect ratio */
    const char *alt;     /* the image's default alt text; may be empty */
    const char *credit;  /* may be empty */
    const char *name;    /* its original file name; may be empty */
} markdown_image;

/* Fills *out for a URL of the site's own images; false when url is not
** one (or not known). */
typedef bool (*markdown_resolver)(void *ctx, const char *url, markdown_image *out);

/* How to render: the limits, the edition's language (the embeds' words;
** NULL: English) and the resolver of the site's images (NULL: none). */
typedef struct markdown_options {
    markdown_limits limits;
    const char *lang;
    markdown_resolver resolve;
    void *resolve_ctx;
} markdown_options;

/* What rendering saw of the body's images (every one, figure or not),
** and, when it refused the body, why (the same as why's text, to be shown
** in any language: see core/user_message.h). */
typedef struct markdown_report {
    int images;                 /* how many */
    int missing_alt;            /* the number (from 1) of the first without alt text; 0: none */
    char missing_alt_name[96];  /* its file name (resolver's, else the URL's last part) */
    user_message refusal;       /* no format when rendered */
} markdown_report;

/* markdown_render() with options: figures, galleries and embeds as above.
** report, when not NULL, is filled. Same results and ownership. */
bool markdown_render_with(const char *markdown, size_t len, const markdown_options *opt, markdown_report *report,
                          char **html, char **text, char *why, size_t whylen);

/* Renders len bytes of Markdown within lim into *html and, when text is
** not NULL, *text (plain text: the words a reader sees, for the search
** index), both heap strings the caller frees. False when a limit is
** passed, with why (a message for the writer naming the limit, e.g. "a
** table has 2000 columns; at most 64 are taken"), or when the renderer
** failed. */
bool markdown_render(const char *markdown, size_t len, const markdown_limits *lim, char **html, char **text,
                     char *why, size_t whylen);

/* markdown_render() with the default limits, HTML only: a heap string the
** caller frees, or NULL when over a limit or the renderer failed. */
char *markdown_to_html(const char *markdown, size_t len);

/* The same as plain text, or NULL. */
char *markdown_to_text(const char *markdown, size_t len);

#endif
