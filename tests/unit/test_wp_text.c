/* The WordPress import's readings of strings (src/newsroom/wordpress/
** text.c): a title's text without its markup, first words for an
** untitled post, an old address's path, a GMT date; and the media
** folder's refusal of paths that climb out of it (media_folder.c). */
#include "check.h"

#include "core/config.h"
#include "newsroom/wordpress/media_folder.h"
#include "newsroom/wordpress/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

TEST(wp_html_text_keeps_text_not_markup) {
    arena *a = arena_new();
    CHECK_STR(wp_html_text(a, "<script>alert(1)</script>Storm <b>warning</b> &amp; more"), "Storm warning & more");
    CHECK_STR(wp_html_text(a, "Harbour &amp; Boats"), "Harbour & Boats");
    CHECK_STR(wp_html_text(a, "  two\n\nlines  "), "two lines");
    CHECK_STR(wp_html_text(a, ""), "");
    CHECK_STR(wp_html_text(a, "<style>p{}</style><p>One</p><p>Two</p>"), "One Two");
    CHECK_STR(wp_html_text(a, "Red \x1b[31malert\x1b[0m\x07 end"), "Red [31malert[0m end");
    arena_free(a);
}

TEST(wp_first_words_cuts_at_a_word_on_one_line) {
    arena *a = arena_new();
    CHECK_STR(wp_first_words(a, "Short title", 80), "Short title");
    CHECK_STR(wp_first_words(a, "one two three four", 10), "one two…");
    CHECK_STR(wp_first_words(a, "a\nb\t\tc", 80), "a b c");
    CHECK_STR(wp_first_words(a, "Шторм запер сотни грузовиков", 12), "Шторм запер…");
    CHECK_STR(wp_first_words(a, "", 10), "");
    arena_free(a);
}

TEST(wp_url_path_gives_the_path_and_query_or_nothing) {
    arena *a = arena_new();
    CHECK_STR(wp_url_path(a, "https://example.com/2024/05/a/?x=1", 1024), "/2024/05/a/?x=1");
    CHECK_STR(wp_url_path(a, "https://example.com/?p=12", 1024), "/?p=12");
    CHECK_STR(wp_url_path(a, "https://example.com", 1024), "/");
    CHECK_STR(wp_url_path(a, "/about/", 1024), "/about/");
    CHECK_STR(wp_url_path(a, "https://example.com/a#part", 1024), "/a");
    CHECK(wp_url_path(a, "javascript:alert(1)", 1024) == NULL);
    CHECK(wp_url_path(a, "//evil.example.com/x", 1024) == NULL);
    CHECK(wp_url_path(a, "https://example.com/a\nb", 1024) == NULL);
    CHECK(wp_url_path(a, "https://example.com/long", 3) == NULL);
    arena_free(a);
}

TEST(wp_gmt_time_reads_dates_and_refuses_the_rest) {
    int64_t t = 0;
    CHECK(wp_gmt_time("2024-05-06 19:30:00", &t));
    CHECK(t == 1715023800);
    CHECK(!wp_gmt_time("0000-00-00 00:00:00", &t));
    CHECK(!wp_gmt_time("2024-05-06", &t));
    CHECK(!wp_gmt_time("", &t));
}

TEST(wp_media_refuses_paths_out_of_the_folder) {
    char dir[] = "/tmp/gazette-wp-media-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/2024", dir);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/2024/pic.jpg", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) fclose(f);
    config cfg;
    config_defaults(&cfg);
    actor who = {.id = "system", .name = "test", .role = ROLE_ADMIN, .address = ""};
    wp_media *m = wp_media_new(NULL, &cfg, dir, true, &who);
    arena *a = arena_new();
    media out;
    const char *why = NULL;
    CHECK(wp_media_find(m, a, "https://x.example/wp-content/uploads/2024/pic.jpg", &out, &why));
    /* A size variant is taken from its original. */
    CHECK(wp_media_find(m, a, "https://x.example/wp-content/uploads/2024/pic-300x200.jpg?ver=2", &out, &why));
    CHECK_STR(out.original_name, "2024/pic.jpg");
    CHECK(!wp_media_find(m, a, "https://x.example/wp-content/uploads/2024/other.jpg", &out, &why));
    CHECK(why && strstr(why, "not in the media folder"));
    const char *bad[] = {"https://x.example/wp-content/uploads/../../etc/passwd",
                         "https://x.example/wp-content/uploads/%2e%2e/%2e%2e/etc/passwd",
                         "https://x.example/wp-content/uploads//etc/passwd",
                         "https://x.example/wp-content/uploads/2024/./pic.jpg",
                         "https://x.example/wp-content/uploads/2024/%00pic.jpg",
                         "https://x.example/images/pic.jpg"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        CHECK(!wp_media_find(m, a, bad[i], &out, &why));
        CHECK(why && strstr(why, "not an address in the uploads folder"));
    }
    wp_media_free(m);
    arena_free(a);
    config_free(&cfg);
    unlink(path);
    snprintf(path, sizeof path, "%s/2024", dir);
    rmdir(path);
    rmdir(dir);
}
