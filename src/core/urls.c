/* URL shapes of the site. See urls.h. */
#include "urls.h"
#include "text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

bool urls_reserved_category(const char *slug) {
    static const char *const reserved[] = {"search", "static", "api", "admin", "feed",
                                           "rss", "atom", "sitemap", "tag", "tags",
                                           "author", "latest", "media", "page", "most-read"};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(slug, reserved[i]) == 0) return true;
    return false;
}

char *urls_article_path(arena *a, const char *lang, const char *category_slug,
                        const char *slug) {
    return arena_printf(a, "/%s/%s/%s", lang, category_slug, slug);
}

char *urls_category_path(arena *a, const char *lang, const char *category_slug) {
    return arena_printf(a, "/%s/%s/", lang, category_slug);
}

char *urls_author_path(arena *a, const char *lang, const char *author_slug) {
    return arena_printf(a, "/%s/author/%s", lang, author_slug);
}

char *urls_cursor_format(arena *a, int64_t published_at, int64_t id) {
    return arena_printf(a, "%" PRId64 "-%" PRId64, published_at, id);
}

bool urls_cursor_parse(const char *s, int64_t *published_at, int64_t *id) {
    if (!s) return false;
    const char *dash = strchr(s, '-');
    if (!dash || dash == s || dash - s > 19) return false;
    char first[20];
    memcpy(first, s, (size_t)(dash - s));
    first[dash - s] = '\0';
    long long t, n;
    if (!parse_int(first, 0, INT64_MAX, &t) || first[0] == '-') return false;
    if (!parse_int(dash + 1, 1, INT64_MAX, &n) || dash[1] == '-') return false;
    *published_at = t;
    *id = n;
    return true;
}

char *urls_page_path(arena *a, const char *lang, const char *slug) {
    return arena_printf(a, "/%s/page/%s", lang, slug);
}

char *urls_tag_slug(arena *a, const char *tag) { return slugify(a, tag, SLUG_MAX); }

char *urls_tag_path(arena *a, const char *lang, const char *tag_slug) {
    return arena_printf(a, "/%s/tag/%s", lang, tag_slug);
}
