/* Log lines (log.h). One fprintf per line keeps lines from different
** threads whole (stdio locks the stream).
**
** What goes into a line often comes from outside (an e-mail typed into
** the login form, a path, a header). In text lines control characters are
** written as \xNN, so that nobody can end a line and forge the next one,
** or send escape codes to the terminal of whoever reads the log. That
** covers C0 controls, DEL, and the C1 controls (U+0080 to U+009F) some
** terminals obey; other UTF-8 passes through. JSON lines are made by
** jansson, which escapes controls itself; bytes that are not UTF-8 become
** U+FFFD first, since JSON strings are Unicode. */
#include "log.h"
#include "text.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool json_lines;
static _Thread_local const char *current_request;

void log_set_json(bool json) { json_lines = json; }

void log_set_request(const char *id) { current_request = id; }

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

/* A JSON string of in, its bytes that are not UTF-8 replaced by U+FFFD
** (NULL in: JSON null). */
static json_t *json_text(const char *in) {
    if (!in) return json_null();
    size_t len = strlen(in);
    if (utf8_valid(in, len)) return json_stringn(in, len);
    char *out = malloc(len * 3 + 1);
    if (!out) return json_string("?");
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)in + i, len - i, &cp);
        if (n) {
            memcpy(out + o, in + i, n);
            o += n;
            i += n;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    json_t *s = json_stringn(out, o);
    free(out);
    return s ? s : json_string("?");
}

/* Now as "2026-11-29T10:00:00Z", or with milliseconds for JSON lines. */
static void stamp(char *out, size_t size, bool millis) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    if (!millis) {
        strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return;
    }
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, size, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
}

/* Writes o, which gets time, level and message first, as one line; frees it. */
static void write_json(json_t *o, const char *level, const char *message) {
    char when[40];
    stamp(when, sizeof when, true);
    json_t *line = json_object();
    if (line) {
        json_object_set_new(line, "time", json_string(when));
        json_object_set_new(line, "level", json_string(level));
        json_object_set_new(line, "message", json_text(message));
        if (o) json_object_update(line, o);
    }
    char *text = line ? json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
    if (text) fprintf(stderr, "%s\n", text);
    else fprintf(stderr, "{\"level\":\"error\",\"message\":\"a log line could not be made\"}\n");
    free(text);
    json_decref(line);
    json_decref(o);
}

static void log_line(const char *level, const char *fmt, va_list ap) {
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    const char *request = current_request;
    if (json_lines) {
        json_t *o = request ? json_pack("{ss}", "request_id", request) : NULL;
        write_json(o, level, msg);
        return;
    }
    char safe[1024], when[32];
    stamp(when, sizeof when, false);
    escape_controls(msg, safe, sizeof safe);
    if (request) fprintf(stderr, "%s %s: [%s] %s\n", when, level, request, safe);
    else fprintf(stderr, "%s %s: %s\n", when, level, safe);
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

void log_access(const log_access_line *l) {
    const char *dash = "-";
    if (json_lines) {
        json_t *o = json_object();
        if (o) {
            json_object_set_new(o, "request_id", json_text(l->request_id));
            json_object_set_new(o, "client", json_text(l->client));
            json_object_set_new(o, "method", json_text(l->method));
            json_object_set_new(o, "path", json_text(l->path));
            json_object_set_new(o, "status", json_integer(l->status));
            json_object_set_new(o, "bytes", json_integer((json_int_t)l->bytes));
            json_object_set_new(o, "duration_ms", json_real((double)(int64_t)(l->duration_ms * 1000 + 0.5) / 1000));
            json_object_set_new(o, "cache", json_text(l->cache));
        }
        write_json(o, "info", "access");
        return;
    }
    char path[512], method[32], when[32];
    escape_controls(l->path ? l->path : dash, path, sizeof path);
    escape_controls(l->method ? l->method : dash, method, sizeof method);
    stamp(when, sizeof when, false);
    fprintf(stderr, "%s access: [%s] %s \"%s %s\" %d %llu %.3fms %s\n", when, l->request_id ? l->request_id : dash,
            l->client ? l->client : dash, method, path, l->status, (unsigned long long)l->bytes, l->duration_ms,
            l->cache ? l->cache : dash);
}
