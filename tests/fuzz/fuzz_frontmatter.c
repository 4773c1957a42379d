/*
** Fuzz target: an article file, split into YAML front matter and Markdown
** body and read with libyaml (src/newsroom/frontmatter.c). Checks that a
** refusal always says why and that what was read is whole C strings.
*/
#include "common.h"

#include "newsroom/frontmatter.h"

#include <string.h>

/* Reads every string of in, so ASan sees any that is not a whole string. */
static size_t touch(const char *s) { return s ? strlen(s) : 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    arena *a = arena_new();
    article_input in;
    memset(&in, 0, sizeof in);
    char err[256];
    memset(err, 'x', sizeof err);
    bool ok = frontmatter_parse(a, (const char *)data, size, &in, err, sizeof err);
    if (!ok) {
        FUZZ_ASSERT(memchr(err, '\0', sizeof err) != NULL);
        FUZZ_ASSERT(err[0] != '\0');
    } else {
        size_t n = touch(in.lang) + touch(in.slug) + touch(in.category_slug) + touch(in.title) +
                   touch(in.subtitle) + touch(in.author) + touch(in.body_markdown) +
                   touch(in.translation_key) + touch(in.lead_image_caption) + touch(in.lead_image_credit) +
                   touch(in.seo_title) + touch(in.seo_description) + touch(in.canonical_url);
        for (size_t i = 0; i < in.tag_count; i++) {
            FUZZ_ASSERT(in.tags[i] != NULL);
            n += touch(in.tags[i]);
        }
        (void)n;
    }
    arena_free(a);
    return 0;
}
