/*
** Line differences between two texts, for comparing revisions: the
** longest common subsequence of their lines, as a list of kept, removed
** and added lines.
*/
#ifndef GAZETTE_DIFF_H
#define GAZETTE_DIFF_H

#include <stddef.h>

#include "../core/arena.h"

typedef enum diff_kind { DIFF_SAME, DIFF_REMOVED, DIFF_ADDED } diff_kind;

typedef struct diff_line {
    diff_kind kind;
    const char *text;
} diff_line;

/* The lines of before and after, in order, marked; in a. Texts of more
** than DIFF_MAX_LINES lines each are compared as a whole removal and
** addition (the table would be too large). */
#define DIFF_MAX_LINES 4000
diff_line *diff_lines(arena *a, const char *before, const char *after, size_t *count);

#endif
