/* The page handlers, one file each. Each answers for one kind of URL;
** site.c decides which. Arguments are already checked to be well-formed. */
#ifndef GAZETTE_PAGES_H
#define GAZETTE_PAGES_H

#include "site.h"

void home_page(site *s, http_request *req, http_response *resp, const char *lang);
void category_page(site *s, http_request *req, http_response *resp, const char *lang,
                   const char *category_slug);
void author_page(site *s, http_request *req, http_response *resp, const char *lang,
                 const char *author_slug);
/* An edition's static page, /{lang}/page/{slug} (static_page.c). */
void static_page_view(site *s, http_request *req, http_response *resp, const char *lang, const char *slug);
void article_page(site *s, http_request *req, http_response *resp, const char *lang,
                  const char *category_slug, const char *slug);
/* The page article id will have once published, for a preview link
** (site/preview.c): never counted, cached or indexed. */
void article_preview(site *s, http_request *req, http_response *resp, int64_t id);
void static_file(site *s, http_request *req, http_response *resp);

/* A 301 from an address of the old site an import kept (old_addresses.c),
** when req names one that leads to something public: true when answered. */
bool old_address_redirect(site *s, http_request *req, http_response *resp);

/* /favicon.ico: the theme's favicon.svg, for the browsers and crawlers
** that ask the old address. */
void favicon_file(site *s, http_request *req, http_response *resp);
void media_file(site *s, http_request *req, http_response *resp);
/* Whose feed: an edition's (all NULL), or one of its categories',
** authors' or tags' (by slug). */
typedef struct feed_of {
    const char *category_slug, *author_slug, *tag_slug;
} feed_of;
/* A feed (file: "rss.xml" or "atom.xml") of an edition, or of one of its
** categories, authors or tags (of). */
void feed_page(site *s, http_request *req, http_response *resp, const char *lang, const feed_of *of,
               const char *file);
/* A tag's page, /{lang}/tag/{slug} (tag.c). */
void tag_page(site *s, http_request *req, http_response *resp, const char *lang, const char *tag_slug);
void sitemap_page(site *s, http_request *req, http_response *resp, const char *name);
void robots_txt(site *s, http_request *req, http_response *resp);
void search_page(site *s, http_request *req, http_response *resp, const char *lang);
/* /{lang}/most-read: the edition's most read stories of the last 24 hours
** and the last 7 days (most_read_page.c). */
void most_read_page(site *s, http_request *req, http_response *resp, const char *lang);

/* Puts the edition's "Most read" block in a page's context ("most_read":
** its day and week lists, at most limit stories each, exclude_id (0:
** none) left out; nothing when both are empty). When the store failed
** the page goes without it, and says no cache may keep it: a caller that
** sets Cache-Control sets it before. */
struct page;
void most_read_block(struct page *p, int limit, int64_t exclude_id);
void search_json(site *s, http_request *req, http_response *resp, const char *lang);

/* The results of the search that req asks for (q, page) as JSON: query,
** totals, page and the hits; URLs start with url_prefix ("" for paths).
** A new reference; NULL when the store fails. */
typedef struct json_t json_t;
json_t *search_results_json(site *s, http_request *req, const char *lang, int limit, const char *url_prefix);

#endif
