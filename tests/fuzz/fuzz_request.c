/*
** Fuzz target: the request helpers as they really run. libmicrohttpd
** parses the request line, headers, cookies, the query and (through its
** post processor) urlencoded and multipart bodies inside the server, so the
** input is a raw HTTP request sent to the real server (src/http/server.c)
** on loopback. The handler reads everything the helpers offer and answers
** with a body made of it, a public Cache-Control and an ETag of its own,
** so If-None-Match and If-Modified-Since are decided on every request.
**
** Each input gets its own connection; the client shuts its writing side
** and the exchange ends when the server closes it, or 100 ms after its
** last answer (libmicrohttpd now and then keeps a half-closed connection
** open until its timeout), or after a second without any answer (a
** request still waiting for the rest of its body). Every handler has
** finished by then, so nothing of one input runs into the next.
*/
#include "common.h"

#include "core/text.h"
#include "core/urls.h"
#include "http/compress.h"
#include "http/http.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static http_server *server;
static int port;

/* Appends a value the helpers returned, or "-" for NULL, escaped enough to
** keep the answer one line per item. */
static void put_value(buf *out, const char *name, const char *value) {
    buf_printf(out, "%s=", name);
    if (value) url_encode(out, value);
    else buf_putc(out, '-');
    buf_putc(out, '\n');
}

/* The handler: every helper of http.h over the request. */
static void handle(void *app, http_request *req, http_response *resp) {
    (void)app;
    if (getenv("FUZZ_SHOW")) fprintf(stderr, "[handler: %s %s]\n", req->method, req->path);
    buf *out = &resp->body;
    put_value(out, "method", req->method);
    put_value(out, "path", req->path);
    put_value(out, "query", http_query_string(req));
    static const char *const args[] = {"q", "page", "older", "cursor", "limit", ""};
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) put_value(out, args[i], http_query(req, args[i]));
    int64_t at, id;
    if (urls_cursor_parse(http_query(req, "older"), &at, &id))
        buf_printf(out, "cursor=%lld,%lld\n", (long long)at, (long long)id);
    static const char *const cookies[] = {"gazette_session", "gazette_csrf", "theme", ""};
    for (size_t i = 0; i < sizeof cookies / sizeof cookies[0]; i++) put_value(out, cookies[i], http_cookie(req, cookies[i]));
    static const char *const headers[] = {"Host", "Content-Type", "Authorization", "Accept-Encoding",
                                          "If-None-Match", "User-Agent", "Origin"};
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) put_value(out, headers[i], http_header(req, headers[i]));
    http_encoding e = http_accepted_encoding(http_header(req, "Accept-Encoding"));
    FUZZ_ASSERT(e == HTTP_IDENTITY || e == HTTP_GZIP || e == HTTP_BROTLI);
    put_value(out, "coding", http_encoding_name(e));
    put_value(out, "client", http_client_address(req));
    bool form = http_form_parse(req);
    FUZZ_ASSERT(http_form_parse(req) == form); /* safe to call twice */
    buf_printf(out, "form=%d fields=%zu body=%zu\n", form, req->field_count, req->body_len);
    for (size_t i = 0; i < req->field_count; i++) {
        const http_field *f = &req->fields[i];
        const http_field *found = http_form_field(req, f->name);
        FUZZ_ASSERT(found && strcmp(found->name, f->name) == 0);
        FUZZ_ASSERT(http_form(req, f->name) == found->value);
        FUZZ_ASSERT(f->value[f->len] == '\0');
        put_value(out, f->name, f->filename ? f->filename : "");
        buf_printf(out, "len=%zu type=", f->len);
        if (f->content_type) url_encode(out, f->content_type);
        buf_putc(out, '\n');
    }
    resp->content_type = "text/plain; charset=utf-8";
    resp->cache_control = "public, max-age=60";
    resp->last_modified = 1771073400;
    resp->etag = http_etag(req->arena, out->data, out->len);
    if (e != HTTP_IDENTITY) {
        char *tag = http_coded_etag(resp->etag, http_encoding_name(e));
        resp->etag = arena_strdup(req->arena, tag);
        free(tag);
    }
    if (req->path[0] && req->path[1] == 'r') http_redirect(resp, 303, "/elsewhere");
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    signal(SIGPIPE, SIG_IGN);
    http_options opt = {.listen = "127.0.0.1:0", .threads = 2, .max_connections = 16,
                        .timeout_seconds = 5, .max_body_bytes = 64 * 1024};
    char err[256];
    server = http_server_start(&opt, handle, NULL, err, sizeof err);
    if (!server) {
        fprintf(stderr, "fuzz-request: %s\n", err);
        abort();
    }
    port = http_server_port(server);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_http_exchange(port, data, size, 1000, 100);
    return 0;
}
