/*
** Times: every stored time is Unix seconds (UTC). Parsing accepts ISO 8601
** with an explicit offset; showing a time uses the site's timezone, which
** main() installs once with timeutil_set_zone() before any thread starts.
*/
#ifndef GAZETTE_TIMEUTIL_H
#define GAZETTE_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Milliseconds of the monotonic clock (for deadlines and backoff, not
** for dates). */
int64_t timeutil_monotonic_ms(void);

/* Microseconds of the same clock (for durations). */
int64_t timeutil_monotonic_us(void);

/* Parses "YYYY-MM-DDTHH:MM[:SS[.frac]](Z|+HH:MM|-HH:MM|+HHMM)" (a space may
** stand for the T). Returns false for anything else, including impossible
** dates such as February 30. */
bool iso8601_parse(const char *s, int64_t *epoch);

/* Parses a local date and time in the site timezone ("2026-02-14T16:50",
** seconds optional, as <input type=datetime-local> sends), or ISO 8601
** with an offset. */
bool timeutil_parse_local(const char *s, int64_t *epoch);

/* "2026-02-14T16:50": the instant in the site timezone, for
** <input type=datetime-local>. out has at least 20 bytes. */
void timeutil_format_input(int64_t epoch, char *out, size_t size);

/* True when name is an installed IANA timezone ("Asia/Baku", "UTC"). */
bool timeutil_zone_exists(const char *name);

/* Makes name the timezone of every later timeutil_local() call. Call once,
** single-threaded, after timeutil_zone_exists() said yes. */
void timeutil_set_zone(const char *name);

/* Breaks an instant down in the site timezone. tm_gmtoff holds the offset. */
void timeutil_local(int64_t epoch, struct tm *out);

/* Writes the instant as ISO 8601 in the site timezone with its offset,
** e.g. "2026-02-14T16:50:00+04:00", into out (at least 32 bytes). */
void iso8601_format_local(int64_t epoch, char *out, size_t size);

/* The current year in the site timezone. */
int timeutil_current_year(void);

#endif
