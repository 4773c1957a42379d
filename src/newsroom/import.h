/*
** Import of Markdown articles with YAML front matter, and of a directory's
** categories.yaml. Each file is one transaction: a bad file changes nothing
** and the other files still import.
*/
#ifndef GAZETTE_IMPORT_H
#define GAZETTE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/config.h"
#include "../store/store.h"

typedef struct import_stats {
    int created, updated, categories, failed;
    int pages; /* static pages made or changed (the demo's) */
} import_stats;

/* Imports one article from text (len bytes). name is the file's name for
** messages. On failure returns false with "field 'x': why" in err. */
bool import_article_text(store *s, const config *cfg, const char *name, const char *text,
                         size_t len, bool *created, char *err, size_t errlen);

/* Saves an article read from a file (its strings in a; article_save fills
** its defaults into in) with its revision,
** in one transaction. On failure returns false with why in err. */
bool import_article_input(store *s, const config *cfg, arena *a, article_input *in, bool *created, char *err,
                          size_t errlen);

/* Imports a categories.yaml: a mapping from category slug to a mapping from
** language to {name, description}; the order in the file is the order of
** the navigation. */
bool import_categories_text(store *s, const config *cfg, const char *name, const char *text,
                            size_t len, char *err, size_t errlen);

/* Imports each path: a .md file, a categories.yaml, or a directory (its
** categories.yaml first, then every .md below it, in name order). One line
** per failed file goes to messages: "path: field 'x': why". */
void import_paths(store *s, const config *cfg, char *const *paths, int count, FILE *messages,
                  import_stats *stats);

#endif
