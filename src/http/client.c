/*
** The client's address. Behind a reverse proxy or a CDN every connection
** comes from the proxy, so the client is the address the proxy names; but
** anyone can send those headers, so they count only from trusted_proxies.
**
** From a trusted peer, the hops are read from Forwarded (RFC 7239, every
** "for=" in order) when present, else from every X-Forwarded-For header in
** order. Walking from the right (the hop nearest us), trusted proxies are
** skipped; the first address that is not one is the client. An entry that
** is not an address ("unknown", an obfuscated name, garbage) ends the walk:
** the client is then the last proxy we trust, since no one trustworthy
** vouches for what lies beyond. When every hop is trusted, the leftmost is
** the client. At most MAX_HOPS hops are looked at.
*/
#include "http_internal.h"

#include <string.h>

#define MAX_HOPS 32

typedef struct hops {
    const char *start[MAX_HOPS];
    size_t len[MAX_HOPS];
    int count;
    bool overflow;
} hops;

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* Adds one hop (its text, trimmed) to the list. */
static void add_hop(hops *h, const char *p, size_t len) {
    while (len && blank(*p)) p++, len--;
    while (len && blank(p[len - 1])) len--;
    if (h->count == MAX_HOPS) {
        /* Keep the nearest hops: they are the ones that matter. */
        memmove(h->start, h->start + 1, (MAX_HOPS - 1) * sizeof h->start[0]);
        memmove(h->len, h->len + 1, (MAX_HOPS - 1) * sizeof h->len[0]);
        h->count--;
        h->overflow = true;
    }
    h->start[h->count] = p;
    h->len[h->count++] = len;
}

/* MHD callback: every X-Forwarded-For header's entries, in order. */
static enum MHD_Result collect_xff(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    if (strcasecmp(key, "X-Forwarded-For") != 0 || !value) return MHD_YES;
    hops *h = cls;
    for (const char *p = value;;) {
        const char *comma = strchr(p, ',');
        add_hop(h, p, comma ? (size_t)(comma - p) : strlen(p));
        if (!comma) break;
        p = comma + 1;
    }
    return MHD_YES;
}

/* MHD callback: the for= parameters of every Forwarded header, in order. */
static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    if (strcasecmp(key, "Forwarded") != 0 || !value) return MHD_YES;
    hops *h = cls;
    /* Elements are split by ',', their pairs by ';'. A quoted value may
    ** hold neither in a well-formed header; a hostile one only misparses
    ** into entries that are not addresses, which end the walk. */
    for (const char *p = value; *p;) {
        const char *end = p + strcspn(p, ",;");
        while (blank(*p)) p++;
        if (end - p > 4 && strncasecmp(p, "for=", 4) == 0) add_hop(h, p + 4, (size_t)(end - p - 4));
        p = *end ? end + 1 : end;
    }
    return MHD_YES;
}

/* Reads one hop as an address: "192.0.2.1", "192.0.2.1:4711",
** "\"[2001:db8::1]:4711\"", "2001:db8::1". False for anything else. */
static bool hop_address(const char *p, size_t len, netaddr *out) {
    if (len >= 2 && p[0] == '"' && p[len - 1] == '"') p++, len -= 2;
    if (len && p[0] == '[') {
        const char *close = memchr(p, ']', len);
        if (!close) return false;
        size_t rest = len - (size_t)(close - p) - 1;
        if (rest && close[1] != ':') return false;
        return netaddr_parse(p + 1, (size_t)(close - p - 1), out);
    }
    if (netaddr_parse(p, len, out)) return true; /* IPv4 or bare IPv6 */
    const char *colon = memchr(p, ':', len);
    if (colon && !memchr(colon + 1, ':', len - (size_t)(colon - p) - 1))
        return netaddr_parse(p, (size_t)(colon - p), out); /* IPv4 with a port */
    return false;
}

const char *http_client_resolve(const http_server *s, struct MHD_Connection *c, const netaddr *peer, arena *a) {
    netaddr client = *peer;
    if (http_trusted(s, peer)) {
        hops h = {0};
        if (MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Forwarded"))
            MHD_get_connection_values(c, MHD_HEADER_KIND, collect_forwarded, &h);
        else
            MHD_get_connection_values(c, MHD_HEADER_KIND, collect_xff, &h);
        for (int i = h.count - 1; i >= 0; i--) {
            netaddr hop;
            if (!hop_address(h.start[i], h.len[i], &hop)) break;
            client = hop;
            if (!http_trusted(s, &hop)) break;
        }
    }
    char text[NETADDR_TEXT];
    netaddr_format(&client, text);
    return arena_strdup(a, text);
}
