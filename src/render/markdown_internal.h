/*
** Between markdown.c and the files that help it (markdown_media.c,
** markdown_embed.c): not for other callers.
*/
#ifndef GAZETTE_MARKDOWN_INTERNAL_H
#define GAZETTE_MARKDOWN_INTERNAL_H

#include "markdown.h"
#include "../core/buf.h"

#include <cmark-gfm.h>

/* True for URLs a reader may follow: relative ones and http, https,
** mailto and tel (tabs and newlines inside a scheme count, as browsers
** ignore them). */
bool markdown_url_allowed(const char *url);

/* Turns the sanitized tree's image-only paragraphs into figures and
** galleries and its URL-only paragraphs into embeds (custom blocks of our
** own HTML), and fills report (when not NULL) about every image. False,
** with why, when the HTML made would pass bound bytes or there are more
** images than opt's links limit. */
bool markdown_media(cmark_node *doc, const markdown_options *opt, markdown_report *report, size_t bound,
                    user_message *why);

/* Appends url escaped for a quoted attribute (href, src, data-src):
** bytes outside printable ASCII and the few a URL must not hold raw
** percent-encoded, & and ' as entities. */
void markdown_escape_url(buf *out, const char *url);

/* Appends, when url (alone in its paragraph, from a link whose text is
** itself) is http(s), its embed placeholder or bookmark card, in lang's
** words, and returns true; false (nothing appended) when it is not one. */
bool markdown_embed(buf *out, const char *url, const char *lang);

#endif
