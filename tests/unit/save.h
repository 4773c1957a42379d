/* For the unit tests: article_save() with its problem's message in err. */
#ifndef GAZETTE_TEST_SAVE_H
#define GAZETTE_TEST_SAVE_H

#include "newsroom/article_save.h"

#include <string.h>

static inline bool save_article(store *s, const config *cfg, arena *a, article_input *in, int64_t *id,
                                bool *created, char *err, size_t errlen) {
    article_problem p;
    bool ok = article_save(s, cfg, a, in, id, created, &p);
    if (!ok && errlen) {
        size_t n = strlen(p.message) < errlen - 1 ? strlen(p.message) : errlen - 1;
        memcpy(err, p.message, n);
        err[n] = 0;
    }
    return ok;
}

#endif
