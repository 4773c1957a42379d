/*
** The page cache: rendered answers (pages, feeds, sitemaps, API answers)
** kept in memory by address, with their gzip and brotli codings beside them
** (each made on first demand), served by reference: a hit sends a prepared
** answer without copying or rendering anything.
**
** What is kept: answers to GET and HEAD that caches may keep (status 200,
** Cache-Control public) and that are made per request (not files or
** assets). Each lives at most PAGE_CACHE_TTL seconds, so a page's view
** count trails by at most that much and time-bound lists (the last 48
** hours) stay true.
**
** Invalidation: every answer goes when the content changes. The newsroom
** and the Admin API call page_cache_clear() after each write, before they
** answer; a watcher thread reads the store's content version ten times a
** second (for writers outside this process: `gazette import`, other
** machines) and knows when the next embargoed article comes out.
**
** Memory: at most max_bytes of bodies and headers; the least recently used
** answers go first. Thread-safe; one mutex, held for lookups only.
*/
#ifndef GAZETTE_PAGE_CACHE_H
#define GAZETTE_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../http/http.h"
#include "../store/store.h"
#include "views.h"

#define PAGE_CACHE_TTL 60

typedef struct page_cache page_cache;

/* A cache of at most max_bytes that watches s for changes in the editions
** langs (for embargoes). NULL when max_bytes is 0 (no cache). */
page_cache *page_cache_start(size_t max_bytes, store *s, char *const *langs, size_t lang_count, views *v);

/* Stops the watcher and frees every answer no request still sends. */
void page_cache_stop(page_cache *c);

/* What an answer to req is kept by: "/en/politics/?page=2" (path and
** query; the coding aside), in the request's arena. */
const char *page_cache_key(http_request *req);

/* Answers req from the cache when it holds a current answer for key: fills
** resp with the prepared answer in the coding the client takes, counts the
** view of an article, and returns true. On a miss, *ticket is what
** page_cache_keep needs to tell whether the cache was cleared meanwhile:
** take it before reading anything the answer shows. */
bool page_cache_serve(page_cache *c, const char *key, http_request *req, http_response *resp, uint64_t *ticket);

/* After a miss: keeps resp under key if it may be kept and no clear came
** since ticket (an answer rendered from before a write must not outlive
** the write's clear), and makes resp send the kept answer in the client's
** coding. */
void page_cache_keep(page_cache *c, const char *key, uint64_t ticket, http_request *req, http_response *resp);

/* Forgets every answer: the content changed. */
void page_cache_clear(page_cache *c);

/* What the cache holds, for tests and the benchmark. */
typedef struct page_cache_stats {
    size_t entries, bytes, max_bytes;
    uint64_t hits, misses, clears;
} page_cache_stats;
void page_cache_stats_get(page_cache *c, page_cache_stats *out);

#endif
