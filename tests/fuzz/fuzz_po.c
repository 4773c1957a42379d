/*
** Fuzz target: gettext catalogues as a theme's locales/ folder may give
** them (src/render/i18n.c over libgettextpo, and the Plural-Forms rules of
** src/render/plural.c). The input is en.po in a scratch folder (ru and az
** stay the built-in ones); after it loads, translations are asked for with
** and without plurals and contexts, for counts around every edge.
*/
#include "common.h"

#include "render/i18n.h"

#include <stdio.h>
#include <string.h>

static char dir[1024], path[1100];

/* A catalogue that fails to parse leaves behind what libgettextpo had
** allocated when i18n.c jumps out of its error handler (documented there:
** loading fails only at start-up). Those allocations are suppressed by
** library (common.c), which needs whole stacks: libgettextpo has no frame
** pointers, so the slow unwinder is used for malloc. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0"; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    snprintf(dir, sizeof dir, "%s", fuzz_scratch_dir());
    snprintf(path, sizeof path, "%s/en.po", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FUZZ_ASSERT(fuzz_write_file(path, data, size));
    char err[512];
    err[0] = '\0';
    if (!i18n_load(dir, err, sizeof err)) {
        FUZZ_ASSERT(err[0] != '\0' && memchr(err, '\0', sizeof err));
        return 0;
    }
    static const char *const ids[] = {"Views", "Text size", "February", "%d article", ""};
    static const int64_t counts[] = {0, 1, 2, 5, 11, 21, 101, -1, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        FUZZ_ASSERT(i18n_translate("en", ids[i], NULL, 1) != NULL);
        (void)i18n_has("en", NULL, ids[i], NULL);
        (void)i18n_has("en", "date", ids[i], "%d things");
        FUZZ_ASSERT(i18n_translate_context("en", "date", ids[i]) != NULL);
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
            FUZZ_ASSERT(i18n_translate("en", ids[i], "%d articles", counts[k]) != NULL);
    }
    FUZZ_ASSERT(i18n_translate("en", "%d article", "%d articles", 3) != NULL);
    i18n_free();
    return 0;
}
