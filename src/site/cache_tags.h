/*
** Cache tags: the names a cache in front (Varnish's xkey, a CDN's
** surrogate keys) files each public answer under, and the ones a change
** purges, so that one change drops exactly the answers it touches.
**
**   site              every answer (a settings or categories change)
**   ed-LANG           every answer of an edition
**   aID               an article: its page, and every page that shows it
**                     (lists, the older stories, translations' links)
**   home-LANG         the edition's home page
**   cat-LANG-SLUG     a category's pages and feeds, its articles' pages
**                     (their "older stories") and the 404s at its addresses
**   author-LANG-SLUG  a byline's page
**   feed-LANG         the edition's feeds
**   search-LANG       the edition's search answers
**   sitemap           the sitemaps
**   api               the public API's answers
** A change to an article purges its own tag and the lists it is (or
** enters) in, where it was and where it is.
*/
#ifndef GAZETTE_CACHE_TAGS_H
#define GAZETTE_CACHE_TAGS_H

#include "../core/buf.h"
#include "../http/http.h"
#include "../store/store.h"

/* Files resp under tags (space-separated; NULL or "": none) in the
** Surrogate-Key and xkey headers. tags must outlive the request. */
void cache_tags_send(http_response *resp, const char *tags);

/* Appends to out (space-separated, each once per call) the tags a change
** of the log purges. */
void cache_tags_of_change(buf *out, const content_change *c);

#endif
