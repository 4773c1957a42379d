/* Addresses and ranges (core/netaddr.h), for trusted proxies and per-address limits. */
#include "check.h"

#include "core/netaddr.h"

#include <string.h>

static bool in(const char *range, const char *addr) {
    netrange r;
    netaddr a;
    return netrange_parse(range, &r) && netaddr_parse(addr, strlen(addr), &a) && netrange_contains(&r, &a);
}

TEST(netaddr_parses_and_formats_both_families) {
    netaddr a;
    char text[NETADDR_TEXT];
    CHECK(netaddr_parse("192.0.2.1", 9, &a));
    netaddr_format(&a, text);
    CHECK_STR(text, "192.0.2.1");
    CHECK(netaddr_parse("2001:db8::1", 11, &a));
    netaddr_format(&a, text);
    CHECK_STR(text, "2001:db8::1");
    CHECK(netaddr_parse("::ffff:10.1.2.3", 15, &a));
    netaddr_format(&a, text);
    CHECK_STR(text, "10.1.2.3");
    CHECK(!netaddr_parse("", 0, &a));
    CHECK(!netaddr_parse("unknown", 7, &a));
    CHECK(!netaddr_parse("192.0.2.1:80", 12, &a));
    CHECK(!netaddr_parse("999.1.1.1", 9, &a));
    CHECK(!netaddr_parse("192.0.2.1 ", 10, &a));
}

TEST(netaddr_ranges_match_by_prefix) {
    CHECK(in("10.0.0.0/8", "10.200.3.4"));
    CHECK(!in("10.0.0.0/8", "11.0.0.1"));
    CHECK(in("192.168.1.0/25", "192.168.1.127"));
    CHECK(!in("192.168.1.0/25", "192.168.1.128"));
    CHECK(in("127.0.0.1", "127.0.0.1"));
    CHECK(!in("127.0.0.1", "127.0.0.2"));
    CHECK(in("0.0.0.0/0", "203.0.113.9"));
    CHECK(!in("0.0.0.0/0", "2001:db8::1")); /* an IPv4 range holds no IPv6 address */
    CHECK(in("2001:db8::/32", "2001:db8:ffff::1"));
    CHECK(!in("2001:db8::/32", "2001:db9::1"));
    CHECK(in("::1", "::1"));
    CHECK(in("10.0.0.0/8", "::ffff:10.0.0.5"));
    netrange r;
    CHECK(!netrange_parse("10.0.0.0/33", &r));
    CHECK(!netrange_parse("2001:db8::/129", &r));
    CHECK(!netrange_parse("10.0.0.0/", &r));
    CHECK(!netrange_parse("10.0.0.0/8x", &r));
    CHECK(!netrange_parse("example.com", &r));
}

TEST(netaddr_lists_name_the_bad_entry) {
    netrange r[4];
    char bad[64] = "";
    CHECK_INT(netrange_parse_list("127.0.0.1, ::1 ,10.0.0.0/8", r, 4, bad, sizeof bad), 3);
    CHECK_INT(netrange_parse_list("", r, 4, bad, sizeof bad), 0);
    CHECK_INT(netrange_parse_list("127.0.0.1, proxy.example, ::1", r, 4, bad, sizeof bad), -1);
    CHECK_STR(bad, "proxy.example");
    CHECK_INT(netrange_parse_list("1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5", r, 4, bad, sizeof bad), -1);
    CHECK_STR(bad, "5.5.5.5");
}
