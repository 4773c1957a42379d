/* OpenGraph, Twitter Card and JSON-LD for every page kind (see structured.c). */
#ifndef GAZETTE_STRUCTURED_H
#define GAZETTE_STRUCTURED_H

#include "page.h"

/* An article's page: canonical is its absolute URL. */
void structured_article(page *p, const article *a, const char *canonical, const char **tags,
                        size_t tag_count);
/* An edition's home, described by description. */
void structured_home(page *p, const char *description);
/* A category's page: its title and description, path its canonical path. */
void structured_category(page *p, const category *cat, const char *title, const char *description,
                         const char *path);
/* An author's page: the byline (name), the page's title, its canonical path. */
void structured_author(page *p, const char *name, const char *title, const char *path);

#endif
