/*
** Network addresses and address ranges: "192.0.2.1", "2001:db8::1",
** "10.0.0.0/8", "::1". IPv4 addresses are kept as IPv4-mapped IPv6
** ("::ffff:192.0.2.1"), so one comparison serves both families and a
** client reaching an IPv6 socket over IPv4 matches the IPv4 range.
**
** Used by the configuration (trusted proxies) and the HTTP server
** (which peers may say who the client is; connections per address).
*/
#ifndef GAZETTE_NETADDR_H
#define GAZETTE_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

typedef struct netaddr {
    uint8_t bytes[16]; /* IPv6, or IPv4-mapped IPv6 */
} netaddr;

typedef struct netrange {
    netaddr base;
    int prefix; /* leading bits that must match, 0..128 */
} netrange;

#define NETADDR_TEXT 46 /* INET6_ADDRSTRLEN */

/* Parses a textual IPv4 or IPv6 address (no port, no brackets). */
bool netaddr_parse(const char *text, size_t len, netaddr *out);

/* The address of a socket peer; false for other families. */
bool netaddr_from_sockaddr(const struct sockaddr *sa, netaddr *out);

/* The address as text ("192.0.2.1" for mapped IPv4), in out
** (NETADDR_TEXT bytes). */
void netaddr_format(const netaddr *a, char *out);

/* Parses "ADDRESS" or "ADDRESS/BITS" (bits of the address's own family). */
bool netrange_parse(const char *text, netrange *out);

/* True when a lies in r. */
bool netrange_contains(const netrange *r, const netaddr *a);

/* Parses a comma-separated list of ranges into out (at most max). Returns
** the count, or -1 with the offending entry copied into bad (badlen bytes). */
int netrange_parse_list(const char *text, netrange *out, int max, char *bad, size_t badlen);

#endif
