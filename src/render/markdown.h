/*
** Markdown to HTML for article bodies, with cmark-gfm (CommonMark plus the
** GitHub tables, strikethrough and autolink extensions).
**
** Safe by construction: raw HTML in the source is dropped, and links and
** images keep only http, https, mailto and tel URLs or relative ones; any
** other scheme (javascript:, data:, vbscript:, file:, ...) is removed with
** the link, leaving its text. A "# heading" becomes <h2>, since the page's
** <h1> is the article's title.
*/
#ifndef GAZETTE_MARKDOWN_H
#define GAZETTE_MARKDOWN_H

#include <stddef.h>

/* Renders len bytes of Markdown. Returns a heap string the caller frees, or
** NULL if the renderer failed. */
char *markdown_to_html(const char *markdown, size_t len);

/* The same Markdown as plain text (for the search index and summaries):
** the words a reader sees, without markup. Returns a heap string the caller
** frees, or NULL if the renderer failed. */
char *markdown_to_text(const char *markdown, size_t len);

#endif
