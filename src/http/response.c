/* Sending answers: the headers every answer carries, validators and
** 304s, prepared answers the page cache sends many times. */
#include "http_internal.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/text.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* The most headers a prepared answer has: resp's, those every answer
** carries, its validators, Vary and Content-Encoding. */
#define PREPARED_HEADERS (HTTP_MAX_HEADERS + 12)

/* MHD responses of one prepared answer kept for the next sendings. */
#define PREPARED_POOL 32

/* An MHD response of a prepared answer lent to one sending: MHD copies
** every header it is given, so that making one per request costs more
** than the rest of a cache hit; lent ones only change X-Request-Id. */
struct http_lent {
    struct MHD_Response *response;
    char id[HTTP_REQUEST_ID_MAX + 1]; /* its X-Request-Id now */
};

/* A prepared answer: its body and headers, and the MHD responses made of
** them that no sending holds now (each answer carries its own
** X-Request-Id, so one MHD response cannot serve two sendings at once). */
struct http_prepared {
    void *body;
    size_t len;
    int header_count;
    char *names[PREPARED_HEADERS], *values[PREPARED_HEADERS]; /* malloc'ed copies */
    size_t bytes;
    pthread_mutex_t lock; /* guards idle */
    http_lent *idle[PREPARED_POOL];
    int idle_count;
};

static bool add_header(struct MHD_Response *r, const char *name, const char *value) {
    if (MHD_add_response_header(r, name, value) == MHD_YES) return true;
    log_error("cannot add header %s", name);
    return false;
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static void http_date(int64_t t, char *out, size_t size) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* The opaque part of an entity tag ("W/\"x-br\"" -> x): without the weak
** mark, the quotes, and the suffix that names a content coding, since every
** coding of one version is that version. */
static void etag_core(const char *tag, size_t len, const char **core, size_t *core_len) {
    if (len >= 2 && tag[0] == 'W' && tag[1] == '/') tag += 2, len -= 2;
    if (len >= 2 && tag[0] == '"' && tag[len - 1] == '"') tag++, len -= 2;
    static const char *const suffixes[] = {"-br", "-gzip"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n && memcmp(tag + len - n, suffixes[i], n) == 0) {
            len -= n;
            break;
        }
    }
    *core = tag;
    *core_len = len;
}

char *http_coded_etag(const char *etag, const char *coding) {
    if (!coding) return xstrdup(etag);
    size_t n = strlen(etag), size = n + strlen(coding) + 3;
    char *out = xmalloc(size);
    if (n >= 2 && etag[n - 1] == '"') snprintf(out, size, "%.*s-%s\"", (int)(n - 1), etag, coding);
    else snprintf(out, size, "%s-%s", etag, coding);
    return out;
}

/* The next entity tag of a comma-separated list ("\"a\", W/\"b\", *") at
** *p, trimmed: its start and length, and *p moved past it. False at the end. */
static bool next_tag(const char **p, const char **tag, size_t *len) {
    const char *c = *p;
    while (*c == ' ' || *c == '\t' || *c == ',') c++;
    if (!*c) return false;
    const char *end = strchr(c, ',');
    if (!end) end = c + strlen(c);
    const char *last = end;
    while (last > c && (last[-1] == ' ' || last[-1] == '\t')) last--;
    *tag = c;
    *len = (size_t)(last - c);
    *p = end;
    return true;
}

/* True when an If-None-Match list names etag (or is "*"), compared weakly
** and whatever the coding. */
static bool etag_matches(const char *list, const char *etag) {
    const char *want, *tag;
    size_t want_len, len;
    etag_core(etag, strlen(etag), &want, &want_len);
    for (const char *p = list; next_tag(&p, &tag, &len);) {
        if (len == 1 && *tag == '*') return true;
        const char *core;
        size_t core_len;
        etag_core(tag, len, &core, &core_len);
        if (core_len == want_len && memcmp(core, want, want_len) == 0) return true;
    }
    return false;
}

bool http_if_match(const http_request *req, const char *etag) {
    const char *list = MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, "If-Match");
    if (!list) return true;
    size_t want = strlen(etag), len;
    const char *tag;
    for (const char *p = list; next_tag(&p, &tag, &len);)
        if ((len == 1 && *tag == '*') || (len == want && memcmp(tag, etag, want) == 0)) return true;
    return false;
}

char *http_etag(arena *a, const void *data, size_t len) {
    const Bytef *bytes = data ? data : (const Bytef *)"";
    uint32_t words[2] = {(uint32_t)crc32(0, bytes, (uInt)len), (uint32_t)len};
    unsigned char raw[8];
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++) raw[i * 4 + k] = (unsigned char)(words[i] >> (8 * k));
    char b64[16];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return arena_printf(a, "\"%s\"", b64);
}

/* True when the answer may be kept by caches (its Cache-Control says public). */
static bool is_public(const http_response *resp) {
    return resp->status == 200 && resp->cache_control && strncmp(resp->cache_control, "public", 6) == 0;
}

/* True when the client's copy is current: If-None-Match names the ETag,
** or (without If-None-Match) If-Modified-Since is not older than the
** answer's Last-Modified. */
static bool client_is_fresh(struct MHD_Connection *c, const http_response *resp) {
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (inm) return resp->etag && etag_matches(inm, resp->etag);
    const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
    if (!ims || resp->last_modified <= 0) return false;
    struct tm tm = {0};
    const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return end && !*end && (int64_t)timegm(&tm) >= resp->last_modified;
}

/* Validators for answers that caches may keep: an ETag (the body's unless
** the handler gave one) and Last-Modified, as headers of resp. */
static void add_validators(http_response *resp, arena *a) {
    if (!resp->etag) {
        const void *data = resp->static_body ? resp->static_body : resp->body.data;
        size_t len = resp->static_body ? resp->static_len : resp->body.len;
        resp->etag = http_etag(a, data, len);
    }
    http_response_header(resp, MHD_HTTP_HEADER_ETAG, resp->etag);
    if (resp->last_modified > 0) {
        char date[40];
        http_date(resp->last_modified, date, sizeof date);
        http_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, arena_strdup(a, date));
    }
}

/* Gives add the headers every answer carries (here and nowhere else) and
** resp's own, one by one; false when it refuses one. */
static bool each_header(const http_response *resp, bool (*add)(void *ctx, const char *name, const char *value),
                        void *ctx) {
    bool ok = true;
    if (resp->content_type) ok &= add(ctx, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    ok &= add(ctx, MHD_HTTP_HEADER_CACHE_CONTROL, resp->cache_control ? resp->cache_control : "no-cache");
    ok &= add(ctx, "X-Content-Type-Options", "nosniff");
    ok &= add(ctx, "Referrer-Policy", resp->referrer_policy ? resp->referrer_policy : "strict-origin-when-cross-origin");
    ok &= add(ctx, "X-Frame-Options", "SAMEORIGIN");
    for (int i = 0; i < resp->header_count; i++) ok &= add(ctx, resp->header_names[i], resp->header_values[i]);
    return ok;
}

/* each_header's way into an MHD response. */
static bool to_mhd(void *r, const char *name, const char *value) { return add_header(r, name, value); }

bool http_add_headers(struct MHD_Response *r, const http_response *resp, const char *request_id) {
    bool ok = each_header(resp, to_mhd, r);
    if (request_id) ok &= add_header(r, "X-Request-Id", request_id);
    return ok;
}

/* 304 Not Modified for a prepared answer: its validators and cache policy. */
static enum MHD_Result send_not_modified(struct MHD_Connection *c, const http_response *resp, arena *a,
                                         const char *request_id) {
    http_response head = {.status = 304, .cache_control = resp->cache_control, .file_fd = -1};
    http_response_header(&head, MHD_HTTP_HEADER_ETAG, resp->etag);
    if (resp->last_modified > 0) {
        char date[40];
        http_date(resp->last_modified, date, sizeof date);
        http_response_header(&head, MHD_HTTP_HEADER_LAST_MODIFIED, arena_strdup(a, date));
    }
    http_response_header(&head, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    for (int i = 0; i < resp->header_count; i++) http_response_header(&head, resp->header_names[i], resp->header_values[i]);
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    http_add_headers(r, &head, request_id);
    enum MHD_Result ret = MHD_queue_response(c, 304, r);
    MHD_destroy_response(r);
    return ret;
}

/* Frees a lent response. */
static void lent_free(http_lent *l) {
    if (!l) return;
    MHD_destroy_response(l->response);
    free(l);
}

/* An MHD response of p no sending holds, with X-Request-Id request_id:
** an idle one, or a new one. NULL when out of memory. */
static http_lent *borrow(http_prepared *p, const char *request_id) {
    pthread_mutex_lock(&p->lock);
    http_lent *l = p->idle_count ? p->idle[--p->idle_count] : NULL;
    pthread_mutex_unlock(&p->lock);
    if (!l) {
        l = calloc(1, sizeof *l);
        if (!l) return NULL;
        /* The body is sent from where it is: the prepared answer outlives
        ** the sending (see http_prepared_free). */
        l->response = MHD_create_response_from_buffer(p->len, p->body, MHD_RESPMEM_PERSISTENT);
        bool ok = l->response != NULL;
        for (int i = 0; ok && i < p->header_count; i++) ok = add_header(l->response, p->names[i], p->values[i]);
        if (!ok) {
            if (l->response) MHD_destroy_response(l->response);
            free(l);
            return NULL;
        }
    } else if (MHD_del_response_header(l->response, "X-Request-Id", l->id) != MHD_YES) {
        lent_free(l);
        return NULL;
    }
    snprintf(l->id, sizeof l->id, "%s", request_id);
    if (!add_header(l->response, "X-Request-Id", l->id)) {
        lent_free(l);
        return NULL;
    }
    return l;
}

void http_give_back(http_prepared *p, http_lent *l) {
    pthread_mutex_lock(&p->lock);
    if (p->idle_count < PREPARED_POOL) {
        p->idle[p->idle_count++] = l;
        l = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    lent_free(l);
}

/* Sends a prepared answer on c with its own request id, in a response
** lent to the request (*lent; given back when its sending ends). */
static enum MHD_Result send_prepared(struct MHD_Connection *c, const http_response *resp, const char *request_id,
                                     http_lent **lent) {
    http_lent *l = borrow((http_prepared *)resp->prepared, request_id ? request_id : "-");
    if (!l) return MHD_NO;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, l->response);
    if (ret == MHD_YES) *lent = l;
    else http_give_back((http_prepared *)resp->prepared, l);
    return ret;
}

enum MHD_Result http_send(struct MHD_Connection *c, http_response *resp, arena *a, const char *request_id,
                          http_lent **lent) {
    if (resp->prepared) {
        if (client_is_fresh(c, resp)) {
            resp->status = 304;
            resp->bytes_sent = 0;
            return send_not_modified(c, resp, a, request_id);
        }
        resp->bytes_sent = resp->prepared->len;
        return send_prepared(c, resp, request_id, lent);
    }
    if (is_public(resp)) {
        add_validators(resp, a);
        if (client_is_fresh(c, resp)) {
            resp->status = 304;
            resp->static_body = NULL;
            buf_clear(&resp->body);
            if (resp->file_fd >= 0) {
                close(resp->file_fd);
                resp->file_fd = -1;
            }
        }
    }
    const void *data = resp->static_body ? resp->static_body : resp->body.data;
    size_t len = resp->static_body ? resp->static_len : resp->body.len;
    resp->bytes_sent = resp->file_fd >= 0 ? resp->file_size : len;
    struct MHD_Response *r =
        resp->file_fd >= 0
            ? MHD_create_response_from_fd(resp->file_size, resp->file_fd)
            : MHD_create_response_from_buffer(len, (void *)(data ? data : ""), MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (resp->file_fd >= 0) close(resp->file_fd);
        return MHD_NO;
    }
    http_add_headers(r, resp, request_id);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* each_header's way into a prepared answer: copies of name and value. */
static bool keep_header(void *ctx, const char *name, const char *value) {
    http_prepared *p = ctx;
    if (p->header_count == PREPARED_HEADERS) return false;
    char *n = strdup(name), *v = strdup(value);
    if (!n || !v) {
        free(n);
        free(v);
        return false;
    }
    p->names[p->header_count] = n;
    p->values[p->header_count++] = v;
    p->bytes += strlen(name) + strlen(value) + 2 * sizeof(char *);
    return true;
}

http_prepared *http_prepare(const http_response *resp, const void *body, size_t len, const char *encoding) {
    http_prepared *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->body = malloc(len ? len : 1);
    p->len = len;
    p->bytes = sizeof *p + len;
    if (!p->body || pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p->body);
        free(p);
        return NULL;
    }
    if (len) memcpy(p->body, body, len);
    char date[40] = "";
    if (resp->last_modified > 0) http_date(resp->last_modified, date, sizeof date);
    bool ok = each_header(resp, keep_header, p) && (!resp->etag || keep_header(p, MHD_HTTP_HEADER_ETAG, resp->etag)) &&
              (!*date || keep_header(p, MHD_HTTP_HEADER_LAST_MODIFIED, date)) &&
              keep_header(p, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING) &&
              (!encoding || keep_header(p, MHD_HTTP_HEADER_CONTENT_ENCODING, encoding));
    if (!ok) {
        http_prepared_free(p);
        return NULL;
    }
    return p;
}

void http_prepared_free(http_prepared *p) {
    if (!p) return;
    for (int i = 0; i < p->idle_count; i++) lent_free(p->idle[i]);
    pthread_mutex_destroy(&p->lock);
    for (int i = 0; i < p->header_count; i++) {
        free(p->names[i]);
        free(p->values[i]);
    }
    free(p->body);
    free(p);
}

size_t http_prepared_bytes(const http_prepared *p) { return p->bytes; }

void http_response_header(http_response *resp, const char *name, const char *value) {
    if (resp->header_count == HTTP_MAX_HEADERS) fatal("too many response headers");
    resp->header_names[resp->header_count] = name;
    resp->header_values[resp->header_count++] = value;
}

void http_redirect(http_response *resp, int status, const char *location) {
    resp->status = status;
    resp->content_type = "text/plain; charset=utf-8";
    http_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
    buf_clear(&resp->body);
    buf_puts(&resp->body, "Moved.\n");
}

