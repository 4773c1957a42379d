/* OpenGraph, Twitter Card and JSON-LD for every page kind (see structured.c). */
#ifndef GAZETTE_STRUCTURED_H
#define GAZETTE_STRUCTURED_H

#include "page.h"

/* An article's page: its authors' profiles in order (author_count 0: its
** byline as one Person); own_url its absolute URL on this site, canonical
** the one search engines are told to index (own_url, or a syndicated
** story's original), social_image the library image its card shows
** instead of the lead image (NULL: none), live its live blog (NULL: it
** is not one; a LiveBlogPosting otherwise). Strings are not copied. */
void structured_article(page *p, const article *a, const author_profile *authors, size_t author_count,
                        const char *own_url, const char *canonical, const media *social_image, const char **tags,
                        size_t tag_count, const live_blog *live);

/* An edition's home, described by description. */
void structured_home(page *p, const char *description);
/* A category's page: its title and description, path its canonical path. */
void structured_category(page *p, const category *cat, const char *title, const char *description,
                         const char *path);
/* A tag's page: the tag's name and slug, the page's title and
** description, its canonical path. */
void structured_tag(page *p, const char *name, const char *tag_slug, const char *title, const char *description,
                    const char *path);
/* An author's page: their profile (ProfilePage with the Person), the
** page's title, its canonical path. */
void structured_author(page *p, const author_profile *who, const char *title, const char *path);
/* An edition's most-read page (a CollectionPage whose ItemList is the
** first list it shows, items in rank order): its heading, title and
** description, path its address. Strings are not copied. */
void structured_most_read(page *p, const char *heading, const char *title, const char *description,
                          const char *path, const article *items, size_t count);
/* An edition's static page (a WebPage): its title and description as the
** page shows them, path its address. */
void structured_static_page(page *p, const static_page *sp, const char *title, const char *description,
                            const char *path);

#endif
