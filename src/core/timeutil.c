/* ISO 8601 parsing and site-timezone breakdown of instants. */
#include "timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads exactly n digits from *p into *out and advances *p. */
static bool read_digits(const char **p, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool iso8601_parse(const char *s, int64_t *epoch) {
    int y, mo, d, h, mi, sec = 0;
    const char *p = s;
    if (!read_digits(&p, 4, &y) || *p++ != '-' || !read_digits(&p, 2, &mo) ||
        *p++ != '-' || !read_digits(&p, 2, &d))
        return false;
    if (*p != 'T' && *p != 't' && *p != ' ') return false;
    p++;
    if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &mi)) return false;
    if (*p == ':') {
        p++;
        if (!read_digits(&p, 2, &sec)) return false;
        if (*p == '.' || *p == ',') {
            p++;
            if (!isdigit((unsigned char)*p)) return false;
            while (isdigit((unsigned char)*p)) p++;
        }
    }
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h > 23 || mi > 59 || sec > 60)
        return false;
    int offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1, oh, om;
        if (!read_digits(&p, 2, &oh)) return false;
        if (*p == ':') p++;
        if (!read_digits(&p, 2, &om) || oh > 14 || om > 59) return false;
        offset = sign * (oh * 3600 + om * 60);
    } else {
        return false; /* an offset is required: a bare local time is ambiguous */
    }
    if (*p) return false;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *epoch = (int64_t)timegm(&tm) - offset;
    return true;
}

bool timeutil_zone_exists(const char *name) {
    if (!name || !*name || name[0] == '/' || strstr(name, "..")) return false;
    for (const char *p = name; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr("/_-+", *p))) return false;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    /* A zone file starts with the magic "TZif"; the zoneinfo folder also
    ** holds other files (leapseconds, tzdata.zi) that are not zones. */
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char magic[4];
    bool zone = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    fclose(f);
    return zone;
}

void timeutil_set_zone(const char *name) {
    setenv("TZ", name, 1);
    tzset();
}

void timeutil_local(int64_t epoch, struct tm *out) {
    time_t t = (time_t)epoch;
    localtime_r(&t, out);
}

void iso8601_format_local(int64_t epoch, char *out, size_t size) {
    struct tm tm;
    timeutil_local(epoch, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600,
             (off % 3600) / 60);
}

int timeutil_current_year(void) {
    struct tm tm;
    timeutil_local((int64_t)time(NULL), &tm);
    return tm.tm_year + 1900;
}

bool timeutil_parse_local(const char *s, int64_t *epoch) {
    if (!s) return false;
    if (iso8601_parse(s, epoch)) return true;
    int y, mo, d, h, mi, sec = 0;
    const char *p = s;
    if (!read_digits(&p, 4, &y) || *p++ != '-' || !read_digits(&p, 2, &mo) || *p++ != '-' ||
        !read_digits(&p, 2, &d) || (*p != 'T' && *p != ' '))
        return false;
    p++;
    if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &mi)) return false;
    if (*p == ':') {
        p++;
        if (!read_digits(&p, 2, &sec)) return false;
    }
    if (*p || y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h > 23 || mi > 59 || sec > 59)
        return false;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    tm.tm_isdst = -1; /* the zone's rules decide */
    time_t t = mktime(&tm);
    if (t == (time_t)-1) return false;
    *epoch = (int64_t)t;
    return true;
}

void timeutil_format_input(int64_t epoch, char *out, size_t size) {
    struct tm tm;
    timeutil_local(epoch, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}

int64_t timeutil_monotonic_ms(void) { return timeutil_monotonic_us() / 1000; }

int64_t timeutil_monotonic_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
