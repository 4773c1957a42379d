/* Notes of a WordPress import. See report.h. */
#include "report.h"

#include <stdarg.h>
#include <string.h>

void wp_report_init(wp_report *r, arena *a) {
    memset(r, 0, sizeof *r);
    r->arena = a;
}

void wp_report_note(wp_report *r, const char *fmt, ...) {
    if (!r) return;
    va_list ap;
    va_start(ap, fmt);
    char *note = arena_vprintf(r->arena, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->notes[i], note) == 0) return;
    if (r->count == WP_REPORT_MAX) r->left_out++;
    else r->notes[r->count++] = note;
}
