/* Dates as readers read them, in the site timezone and the page's language. */
#ifndef GAZETTE_DATES_H
#define GAZETTE_DATES_H

#include <stdint.h>

#include "../core/arena.h"

/* "14 February 2026 16:50" (en), "14 февраля 2026 16:50" (ru),
** "14 fevral 2026 16:50" (az). Returns an arena string. */
char *date_long(arena *a, const char *lang, int64_t epoch);

/* "14 February 2026" without the time. */
char *date_day(arena *a, const char *lang, int64_t epoch);

/* "16:50" for an instant of today (in the site timezone), else
** "14 February": the short form for lists of the latest news. */
char *date_when(arena *a, const char *lang, int64_t epoch, int64_t now);

#endif
