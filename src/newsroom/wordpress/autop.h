/*
** WordPress's automatic paragraphs, for the classic editor's posts: their
** content is stored without <p>, a blank line between paragraphs and a
** line break within one (WordPress adds the markup when it shows a post,
** its wpautop filter). This adds it the same way before the content is
** parsed: each run of text between blank lines that does not start with a
** block element becomes a paragraph, its single line breaks <br>; <pre>
** is left as it is. Block editor content (it has "<!-- wp:" comments) has
** its paragraphs already and is not changed.
*/
#ifndef GAZETTE_WP_AUTOP_H
#define GAZETTE_WP_AUTOP_H

#include "../../core/arena.h"

#include <stdbool.h>
#include <stddef.h>

/* True when content is the block editor's (it has block comments). */
bool wp_is_block_content(const char *content);

/* content with paragraphs made (see above), in a; content itself for the
** block editor's. */
const char *wp_autop(arena *a, const char *content);

#endif
