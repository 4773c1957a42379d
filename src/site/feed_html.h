/*
** Article bodies for feeds, where every URL must be absolute: a feed reader
** shows an item away from the site, where "/media/x.jpg" or "#notes" lead
** nowhere. See feed_html.c.
*/
#ifndef GAZETTE_FEED_HTML_H
#define GAZETTE_FEED_HTML_H

#include "../core/arena.h"

/* html, a body our Markdown renderer made, with the URL of every href and
** src attribute and of every srcset candidate resolved (RFC 3986) against
** base, an absolute URL: the article's own address, so that each URL leads
** where it leads on the article page. The result lives in a; it is html
** itself when html holds no such attribute. NULL when libxml2 cannot parse
** or write it (out of memory). */
const char *feed_html_absolute(arena *a, const char *html, const char *base);

#endif
