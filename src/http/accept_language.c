/* Accept-Language (RFC 9110, 12.5.4): which of the languages we offer the
** client prefers. See http.h. */
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A weight "q=0.8" as thousandths (0 to 1000); -1 when it is not one. */
static int weight_of(const char *p, size_t len) {
    while (len && (*p == ' ' || *p == '\t')) p++, len--;
    if (len < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') return -1;
    p += 2;
    len -= 2;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
    if (len < 1 || (p[0] != '0' && p[0] != '1')) return -1;
    int whole = p[0] - '0', thousandths = 0, digits = 0;
    if (len > 1) {
        if (p[1] != '.' || len > 5) return -1;
        for (size_t i = 2; i < len; i++) {
            if (p[i] < '0' || p[i] > '9') return -1;
            thousandths = thousandths * 10 + (p[i] - '0');
            digits++;
        }
        while (digits++ < 3) thousandths *= 10;
    }
    int q = whole * 1000 + thousandths;
    return q > 1000 ? -1 : q;
}

const char *http_accept_language(const char *header, const char *const *offered, size_t count) {
    if (!header) return NULL;
    const char *best = NULL;
    int best_q = 0;
    for (const char *p = header; *p;) {
        size_t item = strcspn(p, ",");
        /* The range, then its parameters after ';'. */
        const char *range = p;
        while (range < p + item && (*range == ' ' || *range == '\t')) range++;
        size_t range_len = strcspn(range, ";,");
        while (range_len && (range[range_len - 1] == ' ' || range[range_len - 1] == '\t')) range_len--;
        int q = 1000;
        const char *semi = memchr(range, ';', (size_t)(p + item - range));
        if (semi) q = weight_of(semi + 1, (size_t)(p + item - semi - 1));
        /* The primary subtag: "ru" of "ru-RU". */
        size_t primary = 0;
        while (primary < range_len && range[primary] != '-') primary++;
        for (size_t i = 0; q > best_q && i < count; i++)
            if (strlen(offered[i]) == primary && strncasecmp(range, offered[i], primary) == 0) {
                best = offered[i];
                best_q = q;
            }
        p += item;
        if (*p == ',') p++;
    }
    return best;
}
