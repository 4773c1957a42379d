/*
** Splitting an article file into YAML front matter and Markdown body, and
** reading the front matter with libyaml into an article_input.
*/
#ifndef GAZETTE_FRONTMATTER_H
#define GAZETTE_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../store/store.h"

/* Parses text (len bytes) into in; strings live in a. Fields the file does
** not give are left NULL (article_save() fills the defaults). On error
** returns false with a message naming the field in err. */
bool frontmatter_parse(arena *a, const char *text, size_t len, article_input *in, char *err,
                       size_t errlen);

#endif
