/* ISO 8601 parsing, timezones and the dates readers see. */
#include "check.h"

#include "core/timeutil.h"
#include "render/dates.h"
#include "render/i18n.h"

#include <stdlib.h>
#include <string.h>

/* 2026-02-14T12:50:00Z */
#define T0 1771073400LL

static int64_t parsed(const char *s, int *ok) {
    int64_t e = -12345;
    *ok = iso8601_parse(s, &e);
    return e;
}

#define CHECK_PARSES(s, want)                \
    do {                                     \
        int ok_;                             \
        int64_t e_ = parsed((s), &ok_);      \
        CHECK(ok_);                          \
        CHECK_INT(e_, (want));               \
    } while (0)

#define CHECK_REJECTS(s)                     \
    do {                                     \
        int ok_;                             \
        (void)parsed((s), &ok_);             \
        CHECK(!ok_);                         \
    } while (0)

TEST(iso8601_parse_offsets) {
    CHECK_PARSES("2026-02-14T16:50:00+04:00", T0);
    CHECK_PARSES("2026-02-14T12:50:00Z", T0);
    CHECK_PARSES("2026-02-14T12:50:00z", T0);
    CHECK_PARSES("2026-02-14T07:20:00-0530", T0);
    CHECK_PARSES("2026-02-14T07:20:00-05:30", T0);
    CHECK_PARSES("2026-02-14T18:20:00+05:30", T0);
    CHECK_PARSES("2026-02-14T16:50:00+0400", T0);
    CHECK_PARSES("2026-02-14T12:50:00+00:00", T0);
    CHECK_PARSES("2026-02-14T12:50:00-00:00", T0);
}

TEST(iso8601_parse_forms) {
    CHECK_PARSES("2026-02-14T16:50+04:00", T0);                /* no seconds */
    CHECK_PARSES("2026-02-14T16:50:00.123+04:00", T0);         /* fraction dropped */
    CHECK_PARSES("2026-02-14T12:50:00.999999Z", T0);
    CHECK_PARSES("2026-02-14T12:50:00,5Z", T0);
    CHECK_PARSES("2026-02-14 16:50:00+04:00", T0);             /* space for T */
    CHECK_PARSES("2026-02-14t12:50:00Z", T0);
    CHECK_PARSES("2026-02-14T12:50:07Z", T0 + 7);
    CHECK_PARSES("2000-01-01T00:00:00Z", 946684800LL);
    CHECK_PARSES("2024-02-29T00:00:00Z", 1709164800LL);        /* leap year */
    CHECK_PARSES("2000-02-29T00:00:00Z", 951782400LL);         /* 400-year leap */
    CHECK_PARSES("1970-01-01T00:00:00Z", 0);
    CHECK_PARSES("2026-12-31T23:59:59Z", 1798761599LL);
    /* Crossing midnight with the offset. */
    CHECK_PARSES("2026-01-01T02:00:00+04:00", 1767218400LL);
}

TEST(iso8601_parse_rejections) {
    CHECK_REJECTS("2026-02-14T16:50:00");        /* no offset */
    CHECK_REJECTS("2026-02-14T16:50");
    CHECK_REJECTS("2026-02-14");                 /* date only */
    CHECK_REJECTS("2026-02-30T10:00:00Z");       /* February 30 */
    CHECK_REJECTS("2025-02-29T10:00:00Z");       /* not a leap year */
    CHECK_REJECTS("1900-02-29T10:00:00Z");       /* century, not a leap year */
    CHECK_REJECTS("2026-04-31T10:00:00Z");
    CHECK_REJECTS("2026-13-01T10:00:00Z");
    CHECK_REJECTS("2026-00-10T10:00:00Z");
    CHECK_REJECTS("2026-01-00T10:00:00Z");
    CHECK_REJECTS("2026-02-14T24:00:00Z");       /* hour 24 */
    CHECK_REJECTS("2026-02-14T23:60:00Z");
    CHECK_REJECTS("2026-02-14T16:50:00+04:00x"); /* garbage suffix */
    CHECK_REJECTS("2026-02-14T16:50:00Z ");
    CHECK_REJECTS("2026-02-14T16:50:00ZZ");
    CHECK_REJECTS("2026-02-14T16:50:00+4:00");
    CHECK_REJECTS("2026-02-14T16:50:00+04");
    CHECK_REJECTS("2026-02-14T16:50:00+04:0");
    CHECK_REJECTS("2026-02-14T16:50:00+15:00");
    CHECK_REJECTS("2026-02-14T16:50:00+04:60");
    CHECK_REJECTS("2026-02-14T16:50:00.Z");
    CHECK_REJECTS("2026-02-14T16:5:00Z");
    CHECK_REJECTS("2026-2-14T16:50:00Z");
    CHECK_REJECTS("26-02-14T16:50:00Z");
    CHECK_REJECTS("2026/02/14T16:50:00Z");
    CHECK_REJECTS("2026-02-14X16:50:00Z");
    CHECK_REJECTS("2026-02-14T16:50:00 +04:00");
    CHECK_REJECTS("");
    CHECK_REJECTS("now");
    CHECK_REJECTS("1771073400");
    CHECK_REJECTS(" 2026-02-14T16:50:00Z");
}

TEST(iso8601_parse_leaves_epoch_on_failure) {
    int64_t e = 777;
    CHECK(!iso8601_parse("2026-02-30T10:00:00Z", &e));
    CHECK_INT(e, 777);
}

TEST(timeutil_zone_exists_checks) {
    CHECK(timeutil_zone_exists("Asia/Baku"));
    CHECK(timeutil_zone_exists("UTC"));
    CHECK(timeutil_zone_exists("Europe/Moscow"));
    CHECK(!timeutil_zone_exists("../etc/passwd"));
    CHECK(!timeutil_zone_exists("Asia/../../../etc/passwd"));
    CHECK(!timeutil_zone_exists("/etc/passwd"));
    CHECK(!timeutil_zone_exists("Nowhere/City"));
    CHECK(!timeutil_zone_exists(""));
    CHECK(!timeutil_zone_exists(NULL));
    CHECK(!timeutil_zone_exists("Asia"));        /* a directory, not a zone */
    CHECK(!timeutil_zone_exists("Asia/Baku "));
    CHECK(!timeutil_zone_exists("Asia/Baku;rm"));
}

/* Files in the zoneinfo folder that are not zones must not pass: with
** TZ=leapseconds the C library silently falls back to UTC. */
TEST(timeutil_zone_exists_rejects_non_zone_files) {
    CHECK(!timeutil_zone_exists("leapseconds"));
    CHECK(!timeutil_zone_exists("zone.tab"));
    CHECK(!timeutil_zone_exists("tzdata.zi"));
}

TEST(timeutil_local_formats_in_site_zone) {
    char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    char out[64];
    char err[256];
    CHECK(i18n_load(NULL, err, sizeof err)); /* month names come from the catalogues */

    timeutil_set_zone("Asia/Baku");
    iso8601_format_local(T0, out, sizeof out);
    CHECK_STR(out, "2026-02-14T16:50:00+04:00");
    struct tm tm;
    timeutil_local(T0, &tm);
    CHECK_INT(tm.tm_hour, 16);
    CHECK_INT(tm.tm_gmtoff, 4 * 3600);

    arena *a = arena_new();
    CHECK_STR(date_long(a, "en", T0), "14 February 2026 16:50");
    CHECK_STR(date_long(a, "ru", T0), "14 февраля 2026 16:50");
    CHECK_STR(date_long(a, "az", T0), "14 fevral 2026 16:50");
    CHECK_STR(date_day(a, "en", T0), "14 February 2026");
    CHECK_STR(date_day(a, "ru", T0), "14 февраля 2026");
    /* The short form: the time for today, the day otherwise. */
    CHECK_STR(date_when(a, "en", T0, T0 + 3600), "16:50");
    CHECK_STR(date_when(a, "en", T0, T0), "16:50");
    CHECK_STR(date_when(a, "en", T0, T0 + 86400), "14 February");
    CHECK_STR(date_when(a, "ru", T0, T0 + 86400), "14 февраля");
    CHECK_STR(date_when(a, "az", T0, T0 + 86400), "14 fevral");
    /* 23:59 Baku is still today; 00:00 the next day is not. */
    CHECK_STR(date_when(a, "en", T0, T0 + 7 * 3600 + 9 * 60), "16:50");
    CHECK_STR(date_when(a, "en", T0, T0 + 7 * 3600 + 10 * 60), "14 February");
    /* The same day of another year is not today. */
    CHECK_STR(date_when(a, "en", T0, T0 + 365LL * 86400), "14 February");
    /* Single-digit day and month names through the year. */
    CHECK_STR(date_long(a, "en", 1767218400LL), "1 January 2026 02:00");
    CHECK_STR(date_long(a, "ru", 1767218400LL), "1 января 2026 02:00");
    CHECK_STR(date_long(a, "az", 1798761599LL), "1 yanvar 2027 03:59");
    /* An unknown language falls back to English. */
    CHECK_STR(date_day(a, "xx", T0), "14 February 2026");

    /* Round trip: what we format parses back to the same instant. */
    int64_t back = 0;
    iso8601_format_local(1798761599LL, out, sizeof out);
    CHECK(iso8601_parse(out, &back));
    CHECK_INT(back, 1798761599LL);

    /* A zone west of UTC with a half-hour offset. */
    timeutil_set_zone("America/St_Johns");
    iso8601_format_local(T0, out, sizeof out);
    CHECK_STR(out, "2026-02-14T09:20:00-03:30");

    timeutil_set_zone("UTC");
    iso8601_format_local(T0, out, sizeof out);
    CHECK_STR(out, "2026-02-14T12:50:00+00:00");
    CHECK_STR(date_long(a, "en", T0), "14 February 2026 12:50");
    CHECK(timeutil_current_year() >= 2025);

    arena_free(a);
    i18n_free();
    if (old) {
        setenv("TZ", old, 1);
        free(old);
    } else {
        unsetenv("TZ");
    }
    tzset();
}
