/*
** Synthetic archives for benchmarks: `gazette gen` writes articles whose
** words are drawn from the demo newsroom's own text with the frequencies
** they have there, so that term statistics look like news. Articles go
** through article_save(), the path every writer takes.
*/
#ifndef GAZETTE_GENERATE_H
#define GAZETTE_GENERATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/config.h"
#include "../store/store.h"

typedef struct generate_options {
    int64_t count;          /* articles to write */
    const char *languages;  /* "en,ru": editions to spread them over */
    uint64_t seed;
    int64_t newest;         /* date of the newest article (Unix seconds) */
    int per_day;            /* articles a day, going back from newest */
} generate_options;

/* Writes opt->count articles (in transactions of 500), reporting progress
** on out. Returns false with a message on out when something fails. */
bool generate_run(store *s, const config *cfg, const generate_options *opt, FILE *out);

#endif
