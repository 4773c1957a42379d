/* JSON answers shared by the API's handlers. See api_json.h. */
#include "api_json.h"
#include "../core/fatal.h"
#include "../core/media_files.h"

#include <stdlib.h>
#include <string.h>

void api_send(http_response *resp, int status, json_t *value) {
    char *text = json_dumps(value, JSON_COMPACT);
    json_decref(value);
    if (!text) fatal_oom();
    resp->status = status;
    resp->content_type = "application/json; charset=utf-8";
    if (!resp->cache_control) resp->cache_control = "no-store";
    buf_clear(&resp->body);
    buf_puts(&resp->body, text);
    free(text);
}

void api_error(http_response *resp, int status, const char *message, const char *field) {
    json_t *e = json_object();
    json_object_set_new(e, "error", api_string(message));
    json_object_set_new(e, "field", field ? api_string(field) : json_null());
    resp->cache_control = "no-store";
    api_send(resp, status, e);
}

json_t *api_article_head(const article *art) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(art->id));
    json_object_set_new(o, "lang", api_string(art->lang));
    json_object_set_new(o, "slug", api_string(art->slug));
    json_object_set_new(o, "category", api_string(art->category_slug));
    json_object_set_new(o, "title", api_string(art->title));
    json_object_set_new(o, "subtitle", api_string(art->subtitle));
    json_object_set_new(o, "author", api_string(art->author));
    return o;
}

json_t *api_string(const char *text) {
    json_t *s = json_string(text ? text : "");
    return s ? s : json_string("");
}

const char *api_url(arena *a, const config *cfg, const char *path) {
    return arena_printf(a, "%s%s", cfg->base_url, path);
}

json_t *api_image(arena *a, const config *cfg, const media *m) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "width", json_integer(m->width));
    json_object_set_new(o, "height", json_integer(m->height));
    json_t *variants = json_array();
    char *list = arena_strdup(a, m->variants ? m->variants : ""), *save = NULL;
    for (char *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int width = atoi(w);
        if (width <= 0 || m->width <= 0) continue;
        json_t *v = json_object();
        json_object_set_new(v, "width", json_integer(width));
        json_object_set_new(v, "height", json_integer((json_int_t)((int64_t)m->height * width / m->width)));
        json_object_set_new(v, "webp", api_string(api_url(a, cfg, media_url(a, m->hash, width, "webp"))));
        json_object_set_new(v, "jpeg", api_string(api_url(a, cfg, media_url(a, m->hash, width, "jpg"))));
        json_array_append_new(variants, v);
    }
    json_object_set_new(o, "variants", variants);
    return o;
}

void api_store_failed(http_response *resp, store *s, const char *message) {
    if (store_error_code(s) == STORE_UNAVAILABLE) {
        http_response_header(resp, "Retry-After", "5");
        api_error(resp, 503, "The database cannot be reached right now; try again in a moment.", NULL);
        return;
    }
    api_error(resp, 500, message, NULL);
}

json_t *api_body_object(http_request *req, http_response *resp) {
    json_error_t jerr;
    json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (json_is_object(body)) return body;
    json_decref(body);
    api_error(resp, 400, arena_printf(req->arena, "The body must be a JSON object: %s", jerr.text), NULL);
    return NULL;
}
