# Varnish in front of Gazette (Debian's varnish with varnish-modules for
# xkey). Install as /etc/varnish/default.vcl (or point varnishd -f at it),
# edit the backend below (one per node, or a director), and list in
# "purgers" the addresses Gazette's purges come from. In front of it,
# nginx terminates TLS (deploy/nginx/gazette.conf, its upstream pointing
# here); behind it, Gazette's [server] trusted_proxies names this
# machine, so that the client's address (X-Forwarded-For) reaches it.
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .probe = {
        .url = "/readyz";
        .interval = 5s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: the machines Gazette runs on.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Purges by cache tag: "xkey-purge: a12 home-en" drops every answer
    # tagged with any of them (Gazette sends them after each change).
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed."));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Say which tags: xkey-purge."));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The newsroom, the Admin API and the metrics are never cached, nor
    # anything asked with a session (the newsroom's cookies).
    if (req.url ~ "^/admin(/|$|\?)" || req.url ~ "^/api/v1/admin(/|$|\?)" ||
        req.url ~ "^/(metrics|healthz|readyz)(\?|$)") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)gazette_(session|login)=") {
        return (pass);
    }
    # Readers' pages do not depend on cookies (the theme and text size
    # live in the browser): drop them so that every reader shares one copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Gazette says what may be kept and for how long (s-maxage, then
    # stale-while-revalidate, which Varnish reads from Cache-Control);
    # an answer that sets a cookie or says private is never kept.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # A node that cannot reach its database answers 503: keep serving what
    # is cached meanwhile.
    if (beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    # For operators and tests: was it a hit?
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # The tags are for caches, not browsers.
    unset resp.http.xkey;
}
