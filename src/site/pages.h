/* The page handlers, one file each. Each answers for one kind of URL;
** site.c decides which. Arguments are already checked to be well-formed. */
#ifndef GAZETTE_PAGES_H
#define GAZETTE_PAGES_H

#include "site.h"

void home_page(site *s, http_request *req, http_response *resp, const char *lang);
void category_page(site *s, http_request *req, http_response *resp, const char *lang,
                   const char *category_slug);
void article_page(site *s, http_request *req, http_response *resp, const char *lang,
                  const char *category_slug, const char *slug);
void static_file(site *s, http_request *req, http_response *resp);
void media_file(site *s, http_request *req, http_response *resp);
void feed_page(site *s, http_request *req, http_response *resp, const char *lang,
               const char *category_slug, const char *file);
void sitemap_page(site *s, http_request *req, http_response *resp, const char *name);
void robots_txt(site *s, http_request *req, http_response *resp);
void search_page(site *s, http_request *req, http_response *resp, const char *lang);
void search_json(site *s, http_request *req, http_response *resp, const char *lang);

#endif
