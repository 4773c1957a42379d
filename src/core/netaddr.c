/* Addresses and ranges. See netaddr.h. */
#include "netaddr.h"
#include "text.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static bool is_mapped(const netaddr *a) { return memcmp(a->bytes, mapped_prefix, 12) == 0; }

bool netaddr_parse(const char *text, size_t len, netaddr *out) {
    char copy[NETADDR_TEXT];
    if (len == 0 || len >= sizeof copy) return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    struct in_addr v4;
    if (inet_pton(AF_INET, copy, &v4) == 1) {
        memcpy(out->bytes, mapped_prefix, 12);
        memcpy(out->bytes + 12, &v4, 4);
        return true;
    }
    return inet_pton(AF_INET6, copy, out->bytes) == 1;
}

bool netaddr_from_sockaddr(const struct sockaddr *sa, netaddr *out) {
    if (!sa) return false;
    if (sa->sa_family == AF_INET) {
        memcpy(out->bytes, mapped_prefix, 12);
        memcpy(out->bytes + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        memcpy(out->bytes, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
        return true;
    }
    return false;
}

void netaddr_format(const netaddr *a, char *out) {
    if (is_mapped(a)) inet_ntop(AF_INET, a->bytes + 12, out, NETADDR_TEXT);
    else inet_ntop(AF_INET6, a->bytes, out, NETADDR_TEXT);
}

bool netrange_parse(const char *text, netrange *out) {
    const char *slash = strchr(text, '/');
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    if (!netaddr_parse(text, len, &out->base)) return false;
    int family_bits = is_mapped(&out->base) ? 32 : 128;
    long long bits = family_bits;
    if (slash && !parse_int(slash + 1, 0, family_bits, &bits)) return false;
    out->prefix = (int)bits + (family_bits == 32 ? 96 : 0);
    return true;
}

bool netrange_contains(const netrange *r, const netaddr *a) {
    int full = r->prefix / 8, rest = r->prefix % 8;
    if (memcmp(r->base.bytes, a->bytes, (size_t)full) != 0) return false;
    if (rest == 0) return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (r->base.bytes[full] & mask) == (a->bytes[full] & mask);
}

int netrange_parse_list(const char *text, netrange *out, int max, char *bad, size_t badlen) {
    int n = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        if (!*p) break;
        const char *end = p;
        while (*end && *end != ',' && *end != ' ' && *end != '\t') end++;
        char item[64];
        size_t len = (size_t)(end - p);
        bool fits = len < sizeof item;
        if (fits) {
            memcpy(item, p, len);
            item[len] = '\0';
        }
        if (!fits || n == max || !netrange_parse(item, &out[n])) {
            snprintf(bad, badlen, "%.*s", (int)(len < 60 ? len : 60), p);
            return -1;
        }
        n++;
        p = end;
    }
    return n;
}
