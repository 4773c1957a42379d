/*
** Saving an article: the one path every writer takes (the importer today,
** the editor and the Admin API later). It checks each field, makes the slug
** when none is given, renders the Markdown once, and writes through the
** store. It does not open a transaction: the caller decides its extent.
*/
#ifndef GAZETTE_ARTICLE_SAVE_H
#define GAZETTE_ARTICLE_SAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/config.h"
#include "../store/store.h"

#define TITLE_MAX_CHARS 300
#define SUBTITLE_MAX_CHARS 600
#define AUTHOR_MAX_CHARS 200
#define TAG_MAX_CHARS 60
#define TAGS_MAX 30
#define BODY_MAX_BYTES (2 * 1024 * 1024)

/* Checks in (filling defaults: lang, author, slug, which may be allocated
** in a), renders in->body_markdown into in->body_html and in->body_text
** (for the search index, updated in the same transaction) and saves. On a bad
** field returns false with "field 'x': why" in err and writes nothing. */
bool article_save(store *s, const config *cfg, arena *a, article_input *in, int64_t *id,
                  bool *created, char *err, size_t errlen);

/* Updates the article id with in (checked and rendered the same way). Its
** edition and slug may change, but not to those of another article. */
bool article_update(store *s, const config *cfg, arena *a, int64_t id, article_input *in,
                    char *err, size_t errlen);

#endif
