/*
** Three-way merge of two texts changed from one base, line by line (as
** diff3 does): passages only one side changed take that side's change,
** passages both changed alike take it once, and passages both changed
** differently keep both versions between marker lines, for a person to
** choose. Used when two people saved the same story: the newsroom offers
** their version and the writer's merged into the editor.
*/
#ifndef GAZETTE_MERGE_H
#define GAZETTE_MERGE_H

#include <stddef.h>
#include <stdbool.h>

#include "../core/arena.h"

/* The marker lines around a passage both sides changed: each a plain
** paragraph in Markdown (diff3's ">>>>>>>" would be a quote). */
#define MERGE_MINE_MARK "<<<<<<< Your version"
#define MERGE_SPLIT_MARK "======= Their version"
#define MERGE_THEIRS_MARK "<<<<<<< End of the two versions"

/* The merge of mine and theirs, both changed from base, in a; *conflicts:
** the passages both changed differently (kept between the marks above,
** each mark a paragraph of its own). The result ends with a newline when
** mine does. */
char *merge_texts(arena *a, const char *base, const char *mine, const char *theirs, size_t *conflicts);

/* The 1-based line of text where a merge mark is left, or 0 when none is. */
size_t merge_marks_left(const char *text);

#endif
