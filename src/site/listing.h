/*
** What list pages share (a category, an author): their query, ?page=N for
** numbered pages or ?older=CURSOR for the endless feed (whose pages must
** not shift when new stories are published), with fragment=1 when only the
** items are wanted; and the items with their next and previous links.
*/
#ifndef GAZETTE_LISTING_H
#define GAZETTE_LISTING_H

#include "page.h"

#define LIST_PAGE_SIZE 20

typedef struct list_query {
    long long page_number; /* 1 for a cursor's page */
    bool by_cursor;
    list_cursor cursor;
    bool fragment;
} list_query;

/* Reads req's query. False when it is malformed (the caller answers 404). */
bool list_query_parse(http_request *req, list_query *q);

/* The cursor to hand the store, or NULL for a numbered page. */
const list_cursor *list_query_cursor(const list_query *q);

/* The store's offset for a numbered page (0 for a cursor). */
int list_query_offset(const list_query *q);

/* Puts up to LIST_PAGE_SIZE of the n items into the page as "items" (the
** store was asked for one more: n above the size means more exist), with
** "next_url" and "prev_url" on path, the list's own path. */
void list_fill(page *p, const char *path, const list_query *q, const article *items, size_t n);

/* Adds the list's own feeds (path/rss.xml, path/atom.xml, titled
** "Site: name") beside the edition's in the page's head. */
void list_add_feeds(page *p, const char *path, const char *name);

/* The <title> of a list named name: "name — Site", or on page N after the
** first "name — Page N — Site", in the page's arena. */
const char *list_title(page *p, const char *name, const list_query *q);

/* The canonical path of the list's page: path, or path?page=N. */
const char *list_canonical(page *p, const char *path, const list_query *q);

#endif
