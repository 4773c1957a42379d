/* Line diff by longest common subsequence: O(n*m) time and memory for the
** table, n and m at most DIFF_MAX_LINES (article bodies have a few hundred). */
#include "diff.h"

#include <stdint.h>
#include <string.h>

/* Splits text into lines (without their newlines), in a. */
static const char **split_lines(arena *a, const char *text, size_t *count) {
    size_t n = 1;
    for (const char *p = text; *p; p++)
        if (*p == '\n') n++;
    const char **lines = arena_alloc(a, n * sizeof *lines);
    size_t k = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        if (*p == '\n' || !*p) {
            lines[k++] = arena_strndup(a, start, (size_t)(p - start));
            if (!*p) break;
            start = p + 1;
        }
    }
    /* A text ending with a newline has no extra empty last line. */
    if (k > 1 && !*lines[k - 1] && text[strlen(text) - 1] == '\n') k--;
    *count = k;
    return lines;
}

diff_line *diff_lines(arena *a, const char *before, const char *after, size_t *count) {
    size_t n, m;
    const char **x = split_lines(a, before ? before : "", &n);
    const char **y = split_lines(a, after ? after : "", &m);
    diff_line *out = arena_alloc(a, (n + m + 1) * sizeof *out);
    size_t k = 0;
    if (n > DIFF_MAX_LINES || m > DIFF_MAX_LINES) {
        for (size_t i = 0; i < n; i++) out[k++] = (diff_line){DIFF_REMOVED, x[i]};
        for (size_t j = 0; j < m; j++) out[k++] = (diff_line){DIFF_ADDED, y[j]};
        *count = k;
        return out;
    }
    /* len[i][j]: the LCS length of x[i..] and y[j..]. */
    uint16_t *len = arena_zalloc(a, (n + 1) * (m + 1) * sizeof *len);
#define LEN(i, j) len[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            LEN(i, j) = strcmp(x[i], y[j]) == 0 ? (uint16_t)(LEN(i + 1, j + 1) + 1)
                        : LEN(i + 1, j) >= LEN(i, j + 1) ? LEN(i + 1, j) : LEN(i, j + 1);
    size_t i = 0, j = 0;
    while (i < n && j < m) {
        if (strcmp(x[i], y[j]) == 0) {
            out[k++] = (diff_line){DIFF_SAME, x[i]};
            i++;
            j++;
        } else if (LEN(i + 1, j) >= LEN(i, j + 1)) {
            out[k++] = (diff_line){DIFF_REMOVED, x[i++]};
        } else {
            out[k++] = (diff_line){DIFF_ADDED, y[j++]};
        }
    }
#undef LEN
    while (i < n) out[k++] = (diff_line){DIFF_REMOVED, x[i++]};
    while (j < m) out[k++] = (diff_line){DIFF_ADDED, y[j++]};
    *count = k;
    return out;
}
