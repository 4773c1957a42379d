/*
** Fuzz target: the three-way merge of two versions of a story
** (src/newsroom/merge.c). The input is three texts split by NUL bytes:
** base, mine, theirs. Checks that the merge is a whole string, that when
** one side changed nothing the merge is the other side (up to its final
** newline), and that no marks appear unless it says there was a conflict
** (and the inputs had none of their own).
*/
#include "common.h"

#include "newsroom/merge.h"

#include <string.h>

/* The text without its final newlines. */
static size_t trimmed(const char *s) {
    size_t n = strlen(s);
    while (n && s[n - 1] == '\n') n--;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 64 * 1024) return 0; /* diff tables grow with the square of the lines */
    arena *a = arena_new();
    char *copy = arena_alloc(a, size + 3);
    memcpy(copy, data, size);
    copy[size] = copy[size + 1] = copy[size + 2] = '\0';
    const char *base = copy;
    const char *mine = base + strlen(base) + 1;
    if (mine > copy + size) mine = copy + size + 1;
    const char *theirs = mine + strlen(mine) + 1;
    if (theirs > copy + size + 1) theirs = copy + size + 2;
    size_t conflicts = 99;
    const char *m = merge_texts(a, base, mine, theirs, &conflicts);
    FUZZ_ASSERT(m != NULL);
    FUZZ_ASSERT(conflicts != 99);
    (void)strlen(m);
    bool marks_in = merge_marks_left(base) || merge_marks_left(mine) || merge_marks_left(theirs);
    if (!marks_in && conflicts == 0) FUZZ_ASSERT(merge_marks_left(m) == 0);
    /* Theirs unchanged from the base: the merge is mine. */
    size_t c2;
    const char *only_mine = merge_texts(a, base, mine, base, &c2);
    FUZZ_ASSERT(c2 == 0);
    FUZZ_ASSERT(trimmed(only_mine) == trimmed(mine) && memcmp(only_mine, mine, trimmed(mine)) == 0);
    arena_free(a);
    return 0;
}
