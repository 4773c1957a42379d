/* The image library as the story editor reads it: GET /admin/library
** lists the uploads as JSON (newest first), POST /admin/library takes one
** upload (the field "file", with the session's CSRF token, which admin.c
** checked) and answers its record, POST /admin/library/{id} sets its
** credit (and, when sent, its default alt text). All go through media.c
** as the images page's forms do: the same checks, variants and limits. */
#include "admin_pages.h"
#include "media.h"
#include "../api/api_json.h"
#include "../render/image.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The most images one listing sends. */
#define LIBRARY_LIST_MAX 200

/* One image as JSON: its name, the address to put in a story (a middle
** JPEG variant, which every browser shows), a small one to pick from, the
** original's size, its default alt text and its credit. The caller owns
** the object. */
static json_t *image_json(arena *a, const media *m) {
    return json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:s, s:s}", "id", (json_int_t)m->id, "name",
                     m->original_name ? m->original_name : "", "src", image_src(a, m), "small", image_small(a, m),
                     "width", m->width, "height", m->height, "alt", m->alt ? m->alt : "", "credit",
                     m->credit ? m->credit : "");
}

/* Answers JSON as the drafts' routes do: the API's one way (api_json.c). */
static void send_json(admin_page *p, int status, json_t *value) { api_send(p->resp, status, value); }

/* An error in the page's language: the editor shows it (message: a
** message of the catalogues). */
static void send_error(admin_page *p, int status, const char *message) {
    api_error(p->resp, status, admin_tr(p, message), NULL);
}

/* The same for a message made elsewhere (media.c). */
static void send_message(admin_page *p, int status, const user_message *m) {
    api_error(p->resp, status, admin_user_message(p, m), NULL);
}

static void list(admin_page *p) {
    media *items;
    size_t n;
    if (store_media_list(p->site->store, p->arena, 0, LIBRARY_LIST_MAX, &items, &n) != STORE_OK) {
        send_error(p, 503, N_("The image library cannot be read right now."));
        return;
    }
    json_t *images = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(images, image_json(p->arena, &items[i]));
    send_json(p, 200, json_pack("{s:o}", "images", images));
}

static void upload(admin_page *p) {
    const http_field *file = http_form_field(p->req, "file");
    if (!file || !file->filename || file->len == 0) {
        send_error(p, 400, N_("Choose an image file to upload."));
        return;
    }
    media m;
    bool created;
    int status;
    user_message error;
    if (!media_ingest(p->site->store, p->site->cfg, p->arena, (const unsigned char *)file->value, file->len,
                      file->filename, &p->who, &m, &created, &status, &error)) {
        send_message(p, status, &error);
        return;
    }
    send_json(p, created ? 201 : 200, json_pack("{s:o, s:b}", "image", image_json(p->arena, &m), "created", created));
}

/* Sets image id's credit, and its default alt text when the form has one. */
static void describe(admin_page *p, int64_t id) {
    media m;
    int rc = id ? store_media_by_id(p->site->store, p->arena, id, &m) : STORE_NOT_FOUND;
    if (rc == STORE_NOT_FOUND) {
        send_error(p, 404, N_("There is no such image; nothing was changed."));
        return;
    }
    if (rc != STORE_OK) {
        send_error(p, 503, N_("The image library cannot be read right now."));
        return;
    }
    const char *alt = http_form(p->req, "alt"), *credit = http_form(p->req, "credit");
    int status;
    user_message why;
    if (!media_describe(p->site->store, &p->who, id, alt ? alt : m.alt, credit ? credit : m.credit, &status, &why)) {
        send_message(p, status, &why);
        return;
    }
    if (store_media_by_id(p->site->store, p->arena, id, &m) != STORE_OK) {
        send_error(p, 503, N_("The image library cannot be read right now."));
        return;
    }
    send_json(p, 200, json_pack("{s:o}", "image", image_json(p->arena, &m)));
}

void admin_library(admin_page *p, const char **segs, int n) {
    bool post = strcmp(p->req->method, "POST") == 0;
    if (n == 2 && post) describe(p, admin_number(segs[1], 0));
    else if (n == 2) send_error(p, 405, N_("Only POST changes an image."));
    else if (post) upload(p);
    else list(p);
}
