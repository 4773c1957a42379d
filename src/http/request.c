/* Reading requests: query arguments, headers, cookies and forms (with
** libmicrohttpd's post processor). */
#include "http_internal.h"
#include "../core/text.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>


/* Each thread's request ids: splitmix64 from a random seed, so that an
** id costs no system call (they identify, they guard nothing). */
static _Thread_local uint64_t id_state;

void http_new_request_id(char out[17]) {
    static const char hex[] = "0123456789abcdef";
    if (!id_state) randombytes_buf(&id_state, sizeof id_state);
    uint64_t z = (id_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    for (int i = 15; i >= 0; i--, z >>= 4) out[i] = hex[z & 15];
    out[16] = '\0';
}

/* True when a client's X-Request-Id may be taken as it is: 1 to
** HTTP_REQUEST_ID_MAX letters, digits and - _ . : + / = @ (what tracing
** systems use), nothing that could break a log line or a header. */
static bool sane_request_id(const char *id) {
    size_t n = 0;
    for (; id[n]; n++) {
        unsigned char c = (unsigned char)id[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.:+/=@", c);
        if (!ok || n == HTTP_REQUEST_ID_MAX) return false;
    }
    return n > 0;
}

const char *http_request_id(struct MHD_Connection *c, arena *a) {
    const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
    if (given && sane_request_id(given)) return arena_strdup(a, given);
    char id[17];
    http_new_request_id(id);
    return arena_strdup(a, id);
}

const char *http_query(const http_request *req, const char *name) {
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

/* Appends one query argument, encoded, to the buf in cls. */
static enum MHD_Result append_argument(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    buf *out = cls;
    buf_putc(out, out->len ? '&' : '?');
    url_encode(out, key);
    if (value) {
        buf_putc(out, '=');
        url_encode(out, value);
    }
    return MHD_YES;
}

char *http_query_string(const http_request *req) {
    buf out;
    buf_init(&out, req->arena);
    MHD_get_connection_values(req->connection, MHD_GET_ARGUMENT_KIND, append_argument, &out);
    return out.data ? out.data : arena_strdup(req->arena, "");
}

const char *http_header(const http_request *req, const char *name) {
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_request *req, const char *name) {
    return MHD_lookup_connection_value(req->connection, MHD_COOKIE_KIND, name);
}

const char *http_client_address(const http_request *req) { return req->client ? req->client : "unknown"; }

/* Post processor callback: appends each piece of a field's value. */
static enum MHD_Result on_form_data(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data,
                                    uint64_t off, size_t size) {
    (void)kind; (void)transfer_encoding;
    http_request *req = cls;
    /* A multipart part without a name (its Content-Disposition missing or
    ** broken) comes with a NULL key: it is no field. */
    if (!key) return MHD_YES;
    http_field *f = req->field_count ? &req->fields[req->field_count - 1] : NULL;
    if (!f || off == 0 || strcmp(f->name, key) != 0) {
        if (req->field_count == req->field_cap) {
            size_t cap = req->field_cap ? req->field_cap * 2 : 16;
            http_field *fields = arena_alloc(req->arena, cap * sizeof *fields);
            if (req->field_count) memcpy(fields, req->fields, req->field_count * sizeof *fields);
            req->fields = fields;
            req->field_cap = cap;
        }
        f = &req->fields[req->field_count++];
        memset(f, 0, sizeof *f);
        f->name = arena_strdup(req->arena, key);
        f->filename = filename ? arena_strdup(req->arena, filename) : NULL;
        f->content_type = content_type ? arena_strdup(req->arena, content_type) : NULL;
        f->value = "";
    }
    if (size) {
        /* Pieces arrive in order; join them, doubling the room so that a
        ** large upload is copied a few times, not once per piece. */
        if (f->len + size + 1 > f->cap) {
            size_t cap = f->cap ? f->cap * 2 : 256;
            while (cap < f->len + size + 1) cap *= 2;
            char *bigger = arena_alloc(req->arena, cap);
            memcpy(bigger, f->value, f->len);
            f->value = bigger;
            f->cap = cap;
        }
        char *value = (char *)f->value;
        memcpy(value + f->len, data, size);
        f->len += size;
        value[f->len] = '\0';
    }
    return MHD_YES;
}

bool http_form_parse(http_request *req) {
    if (req->fields || req->form_broken) return !req->form_broken;
    struct MHD_PostProcessor *pp =
        MHD_create_post_processor(req->connection, 64 * 1024, on_form_data, req);
    if (!pp) {
        req->form_broken = true;
        return false;
    }
    bool ok = MHD_post_process(pp, req->body, req->body_len) == MHD_YES;
    if (MHD_destroy_post_processor(pp) != MHD_YES) ok = false;
    if (!ok) req->form_broken = true;
    if (ok && !req->fields) req->fields = arena_alloc(req->arena, sizeof *req->fields);
    return ok;
}

const http_field *http_form_field(const http_request *req, const char *name) {
    for (size_t i = 0; i < req->field_count; i++)
        if (strcmp(req->fields[i].name, name) == 0) return &req->fields[i];
    return NULL;
}

const char *http_form(const http_request *req, const char *name) {
    const http_field *f = http_form_field(req, name);
    return f ? f->value : NULL;
}
