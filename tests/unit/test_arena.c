/* Arena allocator and growable buffers. */
#include "check.h"

#include "core/arena.h"
#include "core/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int aligned16(const void *p) { return ((uintptr_t)p % 16) == 0; }

TEST(arena_alloc_is_16_aligned) {
    arena *a = arena_new();
    int all_aligned = 1;
    /* Odd sizes would misalign the next piece if the arena did not round. */
    static const size_t sizes[] = {1, 3, 7, 13, 16, 17, 31, 33, 100, 255, 1000, 4095};
    for (int round = 0; round < 20; round++)
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            if (!aligned16(arena_alloc(a, sizes[i]))) all_aligned = 0;
    CHECK(all_aligned);
    CHECK(aligned16(arena_alloc(a, 0)));
    CHECK(aligned16(arena_zalloc(a, 5)));
    CHECK(aligned16(arena_strdup(a, "x")));
    CHECK(aligned16(arena_alloc(a, 1)));
    arena_free(a);
}

TEST(arena_distinct_pieces_do_not_overlap) {
    arena *a = arena_new();
    char *p = arena_alloc(a, 10);
    char *q = arena_alloc(a, 10);
    CHECK(p != q);
    CHECK(q >= p + 10 || p >= q + 10);
    memset(p, 'p', 10);
    memset(q, 'q', 10);
    CHECK(p[9] == 'p');
    CHECK(q[0] == 'q');
    arena_free(a);
}

TEST(arena_big_allocations) {
    arena *a = arena_new();
    char *small1 = arena_alloc(a, 32);
    memset(small1, 'a', 32);
    /* Bigger than a whole block, and a few in a row. */
    size_t big = 1024 * 1024;
    char *b1 = arena_alloc(a, big);
    CHECK(b1 != NULL);
    CHECK(aligned16(b1));
    memset(b1, 'b', big);
    char *b2 = arena_alloc(a, 3 * big + 7);
    CHECK(aligned16(b2));
    memset(b2, 'c', 3 * big + 7);
    /* Small pieces still work after the big ones, and nothing was clobbered. */
    char *small2 = arena_alloc(a, 32);
    memset(small2, 'd', 32);
    CHECK(small1[0] == 'a' && small1[31] == 'a');
    CHECK(b1[0] == 'b' && b1[big - 1] == 'b');
    CHECK(b2[0] == 'c' && b2[3 * big + 6] == 'c');
    CHECK(small2[31] == 'd');
    CHECK(arena_used(a) >= 32 + big + 3 * big + 7 + 32);
    /* Many medium pieces that cross block boundaries. */
    char *pieces[200];
    for (int i = 0; i < 200; i++) {
        pieces[i] = arena_alloc(a, 1000);
        memset(pieces[i], (char)i, 1000);
    }
    int intact = 1;
    for (int i = 0; i < 200; i++)
        if (pieces[i][0] != (char)i || pieces[i][999] != (char)i) intact = 0;
    CHECK(intact);
    arena_free(a);
}

TEST(arena_zalloc_zeroes) {
    arena *a = arena_new();
    /* Dirty some memory first so the zeroing is not luck. */
    unsigned char *junk = arena_alloc(a, 4096);
    memset(junk, 0xAB, 4096);
    unsigned char *z = arena_zalloc(a, 300);
    int zero = 1;
    for (int i = 0; i < 300; i++)
        if (z[i]) zero = 0;
    CHECK(zero);
    unsigned char *zb = arena_zalloc(a, 100000);
    zero = 1;
    for (int i = 0; i < 100000; i++)
        if (zb[i]) zero = 0;
    CHECK(zero);
    arena_free(a);
}

TEST(arena_strdup_and_strndup) {
    arena *a = arena_new();
    char src[] = "Новый мост";
    char *d = arena_strdup(a, src);
    CHECK_STR(d, "Новый мост");
    CHECK(d != src);
    src[0] = 'X';
    CHECK_STR(d, "Новый мост"); /* a copy, not the same memory */
    CHECK(arena_strdup(a, NULL) == NULL);
    CHECK_STR(arena_strdup(a, ""), "");
    CHECK_STR(arena_strndup(a, "headline", 4), "head");
    CHECK_STR(arena_strndup(a, "headline", 0), "");
    /* strndup copies exactly len bytes even without a NUL in them. */
    char raw[3] = {'a', 'b', 'c'};
    CHECK_STR(arena_strndup(a, raw, 3), "abc");
    arena_free(a);
}

TEST(arena_printf_formats) {
    arena *a = arena_new();
    CHECK_STR(arena_printf(a, "%s-%d-%05.1f", "page", 42, 3.14159), "page-42-003.1");
    CHECK_STR(arena_printf(a, "%s", ""), "");
    /* Longer than any small internal guess. */
    char *long_one = arena_printf(a, "%5000d|", 7);
    CHECK_INT(strlen(long_one), 5001);
    CHECK(long_one[4999] == '7' && long_one[5000] == '|' && long_one[0] == ' ');
    arena_free(a);
}

TEST(arena_used_grows) {
    arena *a = arena_new();
    CHECK_INT(arena_used(a), 0);
    arena_alloc(a, 10);
    size_t u1 = arena_used(a);
    CHECK(u1 >= 10);
    arena_alloc(a, 100);
    size_t u2 = arena_used(a);
    CHECK(u2 >= u1 + 100);
    arena_alloc(a, 200000);
    size_t u3 = arena_used(a);
    CHECK(u3 >= u2 + 200000);
    arena_strdup(a, "abc");
    CHECK(arena_used(a) > u3);
    arena_free(a);
    arena_free(NULL); /* allowed */
}

/* ------------------------------------------------------------------ buf */

TEST(buf_heap_append_and_printf) {
    buf b;
    buf_init(&b, NULL);
    CHECK_INT(b.len, 0);
    buf_puts(&b, "Hello");
    buf_putc(&b, ',');
    buf_append(&b, " world!!!", 6);
    CHECK_STR(b.data, "Hello, world");
    CHECK_INT(b.len, 12);
    buf_printf(&b, " %d/%s", 2026, "02");
    CHECK_STR(b.data, "Hello, world 2026/02");
    CHECK_INT(b.len, 20);
    CHECK(b.cap > b.len);
    buf_append(&b, "", 0);
    CHECK_INT(b.len, 20);
    buf_free(&b);
    CHECK(b.data == NULL);
    CHECK_INT(b.len, 0);
}

TEST(buf_heap_grows_large) {
    buf b;
    buf_init(&b, NULL);
    for (int i = 0; i < 10000; i++) buf_printf(&b, "%04d", i % 10000);
    CHECK_INT(b.len, 40000);
    CHECK(memcmp(b.data, "000000010002", 12) == 0);
    CHECK(memcmp(b.data + 39996, "9999", 4) == 0);
    CHECK(b.data[40000] == '\0');
    /* A single printf bigger than the current capacity. */
    buf_clear(&b);
    buf_printf(&b, "%100000s", "x");
    CHECK_INT(b.len, 100000);
    CHECK(b.data[99999] == 'x');
    CHECK_INT(strlen(b.data), 100000);
    buf_free(&b);
}

TEST(buf_binary_data_keeps_length) {
    buf b;
    buf_init(&b, NULL);
    buf_append(&b, "a\0b", 3);
    CHECK_INT(b.len, 3);
    CHECK(b.data[0] == 'a' && b.data[1] == '\0' && b.data[2] == 'b' && b.data[3] == '\0');
    buf_free(&b);
}

TEST(buf_clear_keeps_memory) {
    buf b;
    buf_init(&b, NULL);
    buf_puts(&b, "some text that fills the buffer");
    char *before = b.data;
    size_t cap = b.cap;
    buf_clear(&b);
    CHECK_INT(b.len, 0);
    CHECK_STR(b.data, "");
    CHECK(b.data == before);
    CHECK_INT(b.cap, cap);
    buf_puts(&b, "new");
    CHECK_STR(b.data, "new");
    buf_free(&b);
    /* Clearing a buffer that never allocated is fine. */
    buf_init(&b, NULL);
    buf_clear(&b);
    CHECK_INT(b.len, 0);
    buf_free(&b);
}

TEST(buf_detach_hands_over_memory) {
    buf b;
    buf_init(&b, NULL);
    buf_printf(&b, "id=%d", 7);
    char *s = buf_detach(&b);
    CHECK_STR(s, "id=7");
    CHECK(b.data == NULL);
    CHECK_INT(b.len, 0);
    CHECK_INT(b.cap, 0);
    /* The buffer is usable again after a detach. */
    buf_puts(&b, "again");
    CHECK_STR(b.data, "again");
    buf_free(&b);
    free(s);
    /* Detaching an empty buffer gives an empty heap string. */
    buf_init(&b, NULL);
    char *empty = buf_detach(&b);
    CHECK(empty != NULL);
    CHECK_STR(empty, "");
    free(empty);
}

TEST(buf_in_arena) {
    arena *a = arena_new();
    buf b;
    buf_init(&b, a);
    CHECK(b.arena == a);
    size_t before = arena_used(a);
    buf_puts(&b, "arena ");
    buf_printf(&b, "%s %d", "buffer", 1);
    CHECK_STR(b.data, "arena buffer 1");
    CHECK(arena_used(a) > before);
    /* Growth copies the old contents. */
    for (int i = 0; i < 2000; i++) buf_putc(&b, (char)('a' + i % 26));
    CHECK_INT(b.len, 14 + 2000);
    CHECK(memcmp(b.data, "arena buffer 1abc", 17) == 0);
    CHECK(b.data[b.len] == '\0');
    buf_clear(&b);
    CHECK_STR(b.data, "");
    buf_puts(&b, "x");
    CHECK_STR(b.data, "x");
    buf_free(&b); /* nothing for arena buffers, but allowed */
    arena_free(a);
}

TEST(buf_reserve_makes_room) {
    buf b;
    buf_init(&b, NULL);
    buf_reserve(&b, 1000);
    CHECK(b.cap >= 1001);
    CHECK(b.data != NULL && b.data[0] == '\0');
    char *p = b.data;
    for (int i = 0; i < 1000; i++) buf_putc(&b, 'z');
    CHECK(b.data == p); /* no reallocation was needed */
    CHECK_INT(b.len, 1000);
    buf_free(&b);
}
