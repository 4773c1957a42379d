/*
** What an import of a WordPress post noticed: the warnings a newsroom
** reads in the import's report (a shortcode kept as text, an element with
** no Markdown form, an image not found in the media folder...), each once
** per post, in the order they were first seen, in the post's arena.
** Bounded: at most WP_REPORT_MAX notes a post (then one saying more were
** left out).
*/
#ifndef GAZETTE_WP_REPORT_H
#define GAZETTE_WP_REPORT_H

#include "../../core/arena.h"

#include <stdbool.h>
#include <stddef.h>

#define WP_REPORT_MAX 32

typedef struct wp_report {
    arena *arena;
    const char *notes[WP_REPORT_MAX];
    size_t count;
    size_t left_out; /* notes beyond WP_REPORT_MAX */
} wp_report;

/* An empty report whose notes live in a. */
void wp_report_init(wp_report *r, arena *a);

/* Adds a note (printf-style; formatted into r's arena) unless the same
** text is there already. r may be NULL (nothing noted). */
void wp_report_note(wp_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
