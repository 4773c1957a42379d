/* OpenGraph, Twitter Card and JSON-LD for articles and homes (see structured.c). */
#ifndef GAZETTE_STRUCTURED_H
#define GAZETTE_STRUCTURED_H

#include "page.h"

void structured_article(page *p, const article *a, const char *canonical, const char **tags,
                        size_t tag_count);
void structured_home(page *p);

#endif
