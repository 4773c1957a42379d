/* Logging to standard error, one line per event, with a UTC timestamp. */
#ifndef GAZETTE_LOG_H
#define GAZETTE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
