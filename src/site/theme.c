/* Loading the theme: embedded files, overrides, hashed asset names. */
#include "theme.h"
#include "cache.h"
#include "../core/embedded.h"
#include "../core/fatal.h"
#include "../core/text.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#define TEMPLATE_PREFIX "themes/default/templates/"
#define STATIC_PREFIX "themes/default/static/"
#define BOOT_SCRIPT "themes/default/inline/boot.js"

/* Reads an override file from the theme folder; NULL when there is none. */
static unsigned char *read_override(const char *dir, const char *sub, const char *name,
                                    size_t *size) {
    if (!dir) return NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b;
    buf_init(&b, NULL);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    *size = b.len;
    return (unsigned char *)buf_detach(&b);
}

static const char *content_type_for(const char *name) {
    static const struct { const char *ext, *type; } types[] = {
        {".css", "text/css; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".ico", "image/x-icon"},              {".woff2", "font/woff2"},
        {".webmanifest", "application/manifest+json"}, {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

/* Fills the hashed URL, template key and ETag of an asset. */
static void name_asset(asset *as) {
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, as->data, as->size, NULL, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    hex[10] = '\0';
    const char *dot = strrchr(as->name, '.');
    size_t stem = dot ? (size_t)(dot - as->name) : strlen(as->name);
    size_t n = strlen(as->name) + 32;
    as->url = xmalloc(n);
    snprintf(as->url, n, "/static/%.*s.%s%s", (int)stem, as->name, hex, dot ? dot : "");
    as->etag = xmalloc(16);
    snprintf(as->etag, 16, "\"%.10s\"", hex);
    as->key = xstrdup(as->name);
    for (char *p = as->key; *p; p++)
        if (*p == '.' || *p == '-') *p = '_';
}

/* True for the types worth compressing (text; images are compressed already). */
static bool compressible(const char *content_type) {
    return starts_with(content_type, "text/") || strstr(content_type, "javascript") ||
           strstr(content_type, "json") || strstr(content_type, "svg") || strstr(content_type, "xml");
}

/* Prepares an asset's answers: as it is, and in each coding that saves. */
static void prepare_asset(asset *as) {
    http_response shape = {.status = 200, .content_type = as->content_type, .cache_control = CACHE_IMMUTABLE,
                           .last_modified = as->loaded_at, .file_fd = -1};
    for (int e = 0; e < HTTP_ENCODINGS; e++) {
        void *coded = NULL;
        size_t coded_len = 0;
        if (e != HTTP_IDENTITY &&
            (!compressible(as->content_type) || !http_compress((http_encoding)e, true, as->data, as->size, &coded, &coded_len)))
            continue;
        const char *name = http_encoding_name((http_encoding)e);
        as->etags[e] = http_coded_etag(as->etag, name);
        shape.etag = as->etags[e];
        as->prepared[e] = http_prepare(&shape, coded ? coded : as->data, coded ? coded_len : as->size, name);
        free(coded);
        if (!as->prepared[e]) fatal_oom();
    }
}

static bool load_templates(theme *t, const char *dir, char *err, size_t errlen) {
    t->templates = template_set_new();
    for (size_t i = 0; i < embedded_file_count; i++) {
        const embedded_file *f = &embedded_files[i];
        if (!starts_with(f->name, TEMPLATE_PREFIX)) continue;
        const char *file = f->name + strlen(TEMPLATE_PREFIX);
        const char *dot = strrchr(file, '.');
        if (!dot || strcmp(dot, ".html") != 0) continue;
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(dot - file), file);
        size_t size = f->size;
        unsigned char *override = read_override(dir, "templates", file, &size);
        bool ok = template_set_add(t->templates, name,
                                   (const char *)(override ? override : f->data), size, err, errlen);
        free(override);
        if (!ok) return false;
    }
    return template_set_link(t->templates, err, errlen);
}

static void load_assets(theme *t, const char *dir) {
    size_t count = 0;
    for (size_t i = 0; i < embedded_file_count; i++)
        if (starts_with(embedded_files[i].name, STATIC_PREFIX)) count++;
    t->assets = xcalloc(count ? count : 1, sizeof *t->assets);
    for (size_t i = 0; i < embedded_file_count; i++) {
        const embedded_file *f = &embedded_files[i];
        if (!starts_with(f->name, STATIC_PREFIX)) continue;
        asset *as = &t->assets[t->asset_count++];
        as->name = xstrdup(f->name + strlen(STATIC_PREFIX));
        as->content_type = content_type_for(as->name);
        size_t size;
        unsigned char *override = read_override(dir, "static", as->name, &size);
        as->owned = override;
        as->data = override ? override : f->data;
        as->size = override ? size : f->size;
        as->loaded_at = (int64_t)time(NULL);
        name_asset(as);
        prepare_asset(as);
    }
}

/* The embeds' providers (src/render/markdown_embed.c): the only frames a
** page may hold, made by the reader's script when the reader asks. */
#define EMBED_FRAME_SOURCES                                                                  \
    "https://www.youtube-nocookie.com https://platform.twitter.com https://www.instagram.com" \
    " https://www.facebook.com https://t.me"

/* Builds the CSP: scripts only from us, plus the inline boot script by
** hash; frames only from the embeds' providers. */
static void build_csp(theme *t) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)t->boot_script, strlen(t->boot_script));
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    size_t n = 768;
    t->csp = xmalloc(n);
    snprintf(t->csp, n,
             "default-src 'self'; script-src 'self' 'sha256-%s'; style-src 'self';"
             " img-src 'self' data: https:; font-src 'self'; connect-src 'self';"
             " frame-src " EMBED_FRAME_SOURCES ";"
             " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
             b64);
}

theme *theme_load(const char *dir, char *err, size_t errlen) {
    if (sodium_init() < 0) {
        snprintf(err, errlen, "cannot initialise libsodium");
        return NULL;
    }
    theme *t = xcalloc(1, sizeof *t);
    if (!load_templates(t, dir, err, errlen)) {
        theme_free(t);
        return NULL;
    }
    load_assets(t, dir);
    size_t size;
    unsigned char *boot = read_override(dir, "inline", "boot.js", &size);
    if (!boot) {
        const embedded_file *f = embedded_find(BOOT_SCRIPT);
        boot = (unsigned char *)xstrdup(f ? (const char *)f->data : "");
    }
    t->boot_script = (char *)boot;
    build_csp(t);
    return t;
}

void theme_free(theme *t) {
    if (!t) return;
    template_set_free(t->templates);
    for (size_t i = 0; i < t->asset_count; i++) {
        free(t->assets[i].name);
        free(t->assets[i].url);
        free(t->assets[i].key);
        free(t->assets[i].etag);
        for (int e = 0; e < HTTP_ENCODINGS; e++) {
            http_prepared_free(t->assets[i].prepared[e]);
            free(t->assets[i].etags[e]);
        }
        free(t->assets[i].owned);
    }
    free(t->assets);
    free(t->boot_script);
    free(t->csp);
    free(t);
}

const asset *theme_asset_by_url(const theme *t, const char *path) {
    for (size_t i = 0; i < t->asset_count; i++)
        if (strcmp(t->assets[i].url, path) == 0) return &t->assets[i];
    return NULL;
}

const asset *theme_asset_by_name(const theme *t, const char *name) {
    for (size_t i = 0; i < t->asset_count; i++)
        if (strcmp(t->assets[i].name, name) == 0) return &t->assets[i];
    return NULL;
}

const template *theme_template(const theme *t, const char *name) {
    const template *tpl = template_set_get(t->templates, name);
    if (!tpl) fatal("theme: template '%s' is missing", name);
    return tpl;
}
