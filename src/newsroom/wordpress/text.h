/*
** Small readings of a WordPress export's strings for the import: the
** text of a title or an excerpt that holds markup, the first words of a
** body for a post without a title, the path of an old address, and a
** post's GMT date.
*/
#ifndef GAZETTE_WP_TEXT_H
#define GAZETTE_WP_TEXT_H

#include "../../core/arena.h"

#include <stdbool.h>
#include <stdint.h>

/* The text of html (tags gone, entities read, scripts and styles and
** control characters left out, runs of white space one space, trimmed),
** in a, by libxml2's HTML parser. */
const char *wp_html_text(arena *a, const char *html);

/* The first words of text on one line (white space made single spaces),
** at most max_chars characters (cut at a word, with "…" when cut), in a. */
const char *wp_first_words(arena *a, const char *text, size_t max_chars);

/* The path of url from its first '/' after the host, its query kept
** ("https://example.com/2024/05/a/?x=1" gives "/2024/05/a/?x=1"; "/a/"
** stays "/a/"), in a; NULL when url has none, is too long or holds a
** control character. */
const char *wp_url_path(arena *a, const char *url, size_t max_len);

/* The first n bytes of s with their %XX escapes read (a '%' without two
** hex digits after it stays), NUL-terminated, in a; *len gets its length
** (it may hold a NUL byte or any other: the caller checks). */
char *wp_percent_decode(arena *a, const char *s, size_t n, size_t *len);

/* "2024-05-01 10:00:00" (UTC) as Unix seconds; false when it is not a
** date ("0000-00-00 00:00:00", as drafts have, among them). */
bool wp_gmt_time(const char *s, int64_t *epoch);

#endif
