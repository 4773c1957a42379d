/* The three-way merge of two people's versions of a story (merge.c). */
#include "check.h"

#include "newsroom/merge.h"

#include <string.h>

static const char *merged(arena *a, const char *base, const char *mine, const char *theirs, size_t *conflicts) {
    return merge_texts(a, base, mine, theirs, conflicts);
}

TEST(merge_takes_each_side_s_own_changes) {
    arena *a = arena_new();
    size_t c;
    const char *base = "First.\n\nSecond.\n\nThird.\n";
    /* Mine changed the first paragraph, theirs the third: both kept. */
    CHECK_STR(merged(a, base, "First, edited.\n\nSecond.\n\nThird.\n", "First.\n\nSecond.\n\nThird, theirs.\n", &c),
              "First, edited.\n\nSecond.\n\nThird, theirs.\n");
    CHECK_INT(c, 0);
    /* One side added a paragraph at the end, the other removed one. */
    CHECK_STR(merged(a, base, "First.\n\nThird.\n", "First.\n\nSecond.\n\nThird.\n\nFourth.\n", &c),
              "First.\n\nThird.\n\nFourth.\n");
    CHECK_INT(c, 0);
    /* Both made the same change: once. */
    CHECK_STR(merged(a, base, "First.\n\nSecond!\n\nThird.\n", "First.\n\nSecond!\n\nThird.\n", &c),
              "First.\n\nSecond!\n\nThird.\n");
    CHECK_INT(c, 0);
    /* Nobody changed anything; an empty base. */
    CHECK_STR(merged(a, base, base, base, &c), base);
    CHECK_STR(merged(a, "", "Mine.\n", "", &c), "Mine.\n");
    CHECK_STR(merged(a, "", "", "", &c), "");
    arena_free(a);
}

TEST(merge_keeps_both_versions_of_a_passage_both_changed) {
    arena *a = arena_new();
    size_t c;
    const char *base = "Intro.\n\nThe mayor said yes.\n\nEnd.\n";
    const char *out = merged(a, base, "Intro.\n\nThe mayor said no.\n\nEnd.\n", "Intro.\n\nThe mayor said maybe.\n\nEnd.\n", &c);
    CHECK_INT(c, 1);
    CHECK_STR(out, "Intro.\n\n" MERGE_MINE_MARK "\n\nThe mayor said no.\n\n" MERGE_SPLIT_MARK "\n\nThe mayor said maybe.\n\n"
                   MERGE_THEIRS_MARK "\n\nEnd.\n");
    CHECK_INT(merge_marks_left(out), 3);
    CHECK_INT(merge_marks_left(base), 0);
    /* A setext heading's "=======" alone is not a mark left. */
    CHECK_INT(merge_marks_left("Title\n=======\n"), 0);
    CHECK_INT(merge_marks_left("a\n" MERGE_SPLIT_MARK "\n"), 2);
    /* Changes to one paragraph on each side, one unchanged between: no conflict. */
    const char *b2 = "A.\nB.\nC.\n";
    CHECK_STR(merged(a, b2, "A1.\nB.\nC.\n", "A.\nB.\nC1.\n", &c), "A1.\nB.\nC1.\n");
    CHECK_INT(c, 0);
    /* Changes to lines next to each other conflict (as diff3's do); without
    ** a final newline in mine, none in the merge. */
    CHECK_STR(merged(a, "x\ny", "x\ny2", "x0\ny", &c),
              MERGE_MINE_MARK "\n\nx\ny2\n\n" MERGE_SPLIT_MARK "\n\nx0\ny\n\n" MERGE_THEIRS_MARK);
    CHECK_INT(c, 1);
    /* Unmergeable text stays whole: long texts are one passage. */
    CHECK_STR(merged(a, "same\n", "same\nmine\n", "same\n", &c), "same\nmine\n");
    arena_free(a);
}
