/*
** Logging to standard error, one line per event: text ("2026-11-29T10:00:00Z
** error: ...", the default) or one JSON object a line ([log] format =
** json), for machines. A line written while a thread works for a request
** names it (log_set_request), so that an error can be found from the
** X-Request-Id its answer carried. Access lines ([log] access = on) tell
** what each answer was.
**
** Nothing secret may be passed in: no password, token, session cookie or
** CSRF value (the callers log addresses, e-mails, paths without their
** query, and what went wrong).
*/
#ifndef GAZETTE_LOG_H
#define GAZETTE_LOG_H

#include <stdbool.h>
#include <stdint.h>

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes JSON lines from now on (false: text). Called once, at start,
** before other threads log. */
void log_set_json(bool json);

/* The request the calling thread now works for: its lines carry id until
** it is set again (NULL: none). id must live until then. */
void log_set_request(const char *id);

/* One answer, as an access line tells it. Strings may be NULL. */
typedef struct log_access_line {
    const char *request_id;
    const char *client;   /* after trusted proxies */
    const char *method;
    const char *path;     /* without the query, which may carry what readers searched */
    const char *cache;    /* "hit" or "miss" (the page cache), NULL when it was not asked */
    int status;
    uint64_t bytes;       /* of the body sent */
    double duration_ms;   /* from the request's headers to its answer's end */
} log_access_line;

/* Writes an access line. */
void log_access(const log_access_line *line);

#endif
