/*
** Escapers: the one place that turns untrusted text into markup-safe text.
** Each appends to a buffer and never fails.
*/
#ifndef GAZETTE_ESCAPE_H
#define GAZETTE_ESCAPE_H

#include "../core/buf.h"

/* Escapes & < > " ' so that s is safe as HTML text and inside a quoted
** attribute value. Invalid UTF-8 bytes and control characters (C0 other
** than tab, CR and LF; DEL; C1) are replaced by U+FFFD so no broken bytes
** reach a page. */
void html_escape(buf *out, const char *s);

/* Same for len bytes. */
void html_escape_n(buf *out, const char *s, size_t len);

/* Escapes s like html_escape(), except that the bytes \x01 and \x02 (the
** marks the search index puts around matched words) become <mark> and
** </mark>. Unbalanced marks are closed. */
void html_escape_marked(buf *out, const char *s);

#endif
