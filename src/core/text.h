/*
** Text helpers: UTF-8 decoding and validation, slugs, percent-encoding and
** small string tests. Nothing here allocates except into a caller's arena.
*/
#ifndef GAZETTE_TEXT_H
#define GAZETTE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

/* Decodes one UTF-8 code point from s (len bytes available). Stores it in
** *cp and returns the number of bytes used, or 0 for an invalid or
** truncated sequence (overlong forms and surrogates are invalid). */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* True when s[0..len) is valid UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t len);

/* True when s can be an e-mail address: valid UTF-8 of at most 200
** bytes, one '@' with something before it and a domain with a dot after
** it, no spaces or control characters. (Whether it receives mail is for
** the mail to tell.) */
bool email_plausible(const char *s);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* Makes a URL slug from a title: lowercase ASCII words joined by '-',
** Cyrillic and Azerbaijani letters transliterated ("Новый мост через Куру"
** gives "novyy-most-cherez-kuru"), at most max_len bytes, cut at a word
** boundary. Returns an arena string, empty when nothing usable is left. */
char *slugify(arena *a, const char *title, size_t max_len);

/* True when s is a well-formed slug: 1..max_len bytes of [a-z0-9] in words
** joined by single '-'. */
bool slug_valid(const char *s, size_t max_len);

/* Appends s percent-encoded for use inside a URL query value: everything
** but ALPHA, DIGIT and "-._~" is encoded. */
void url_encode(buf *out, const char *s);

/* True when needle occurs in haystack, ASCII case ignored. */
bool contains_ignore_case(const char *haystack, const char *needle);

/* Removes ASCII white space at both ends, in place; returns s. */
char *trim(char *s);

/* True when s starts with prefix. */
bool starts_with(const char *s, const char *prefix);

/* Parses a decimal integer in [min, max] with nothing else around it. */
bool parse_int(const char *s, long long min, long long max, long long *out);

#endif
