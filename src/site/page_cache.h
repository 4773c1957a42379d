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
** Invalidation follows committed writes, and only what they affect: every
** answer belongs to an edition (its URL says which: /en/..., /api/v1/en/...)
** or to all of them (sitemaps, robots.txt, the editions list). The store
** logs each change readers can see with the edition it affects (its
** triggers do, so every writer counts: this process, `gazette import`,
** later other machines). page_cache_sync() reads the log since it last
** looked and lets go of those editions' answers and of the shared ones;
** the program calls it after every newsroom and Admin API request (a
** refused one committed nothing, so it clears nothing), and a watcher
** thread calls it ten times a second and at each embargo's end.
** A render that began before a clear is never kept after it: the ticket
** a miss gives is checked when the answer is kept.
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

/* After a miss: keeps resp under key (in the edition its path names, or
** among the shared answers) if it may be kept and no clear came since
** ticket, and makes resp send the kept answer in the client's coding. */
void page_cache_keep(page_cache *c, const char *key, uint64_t ticket, http_request *req, http_response *resp);

/* Forgets the answers of one edition and the shared ones ("*": all). */
void page_cache_clear_scope(page_cache *c, const char *scope);

/* Forgets every answer. */
void page_cache_clear(page_cache *c);

/* Reads the changes committed since the last look and forgets the answers
** they affect. Cheap when nothing changed (one read of the store). */
void page_cache_sync(page_cache *c);

/* What the cache holds, for tests and the benchmark. */
typedef struct page_cache_stats {
    size_t entries, bytes, max_bytes;
    uint64_t hits, misses, clears, evictions;
} page_cache_stats;
void page_cache_stats_get(page_cache *c, page_cache_stats *out);

#endif
