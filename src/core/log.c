/* Log lines: "2026-11-29T10:00:00Z info: ...". One fprintf per line keeps
** lines from different threads whole (stdio locks the stream).
**
** What goes into a line often comes from outside (an e-mail typed into
** the login form, a path, a header): control characters are written as
** \xNN, so that nobody can end a line and forge the next one, or send
** escape codes to the terminal of whoever reads the log. That covers
** C0 controls, DEL, and the C1 controls (U+0080 to U+009F) some terminals
** obey; other UTF-8 passes through. */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Copies in to out (size bytes), control characters escaped; always ends it. */
static void escape_controls(const char *in, char *out, size_t size) {
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < size; p++) {
        unsigned c = *p;
        bool c1 = c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
        if (c >= 0x20 && c != 0x7f && !c1) {
            out[o++] = (char)c;
            continue;
        }
        if (c1) c = *++p; /* the control itself, U+0080..U+009F */
        if (o + 5 > size) break;
        out[o++] = '\\';
        out[o++] = 'x';
        out[o++] = hex[c >> 4];
        out[o++] = hex[c & 15];
    }
    out[o] = '\0';
}

static void log_line(const char *level, const char *fmt, va_list ap) {
    char msg[1024], safe[1024], stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    vsnprintf(msg, sizeof msg, fmt, ap);
    escape_controls(msg, safe, sizeof safe);
    fprintf(stderr, "%s %s: %s\n", stamp, level, safe);
}

void log_info(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    log_line("info", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    log_line("error", fmt, ap);
    va_end(ap);
}
