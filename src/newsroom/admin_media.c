/* The newsroom's images: the uploads so far, and the upload form. */
#include "admin_pages.h"
#include "media.h"
#include "../render/dates.h"
#include "../render/image.h"

#include <string.h>

static void upload(admin_page *p) {
    const http_field *file = http_form_field(p->req, "file");
    if (!file || !file->filename || file->len == 0) {
        admin_redirect(p, "/admin/media", "choose-file");
        return;
    }
    media m;
    bool created;
    int status;
    const char *error;
    if (!media_ingest(p->site->store, p->site->cfg, p->arena, (const unsigned char *)file->value, file->len,
                      file->filename, &p->who, &m, &created, &status, &error)) {
        tv_set_text(p->ctx, "error", error);
        p->resp->status = status;
    } else {
        tv_set_text(p->ctx, "notice", created ? "Uploaded." : "This image was uploaded before; it is stored once.");
    }
}

void admin_media(admin_page *p) {
    if (strcmp(p->req->method, "POST") == 0) upload(p);
    media *list;
    size_t n;
    if (store_media_list(p->site->store, p->arena, 0, 200, &list, &n) != STORE_OK) {
        admin_store_failed(p, "list images");
        return;
    }
    tv *items = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) {
        tv *img = image_value(p->arena, &list[i]);
        tv_set_int(img, "id", list[i].id);
        tv_set_text(img, "name", list[i].original_name);
        tv_set_text(img, "by", list[i].uploaded_by);
        tv_set_text(img, "when", date_long(p->arena, "en", list[i].created_at));
        tv_set_text(img, "variants", list[i].variants);
        tv_push(items, img);
    }
    tv_set(p->ctx, "media", items);
    tv_set_int(p->ctx, "max_mb", p->site->cfg->max_upload_mb);
    admin_render(p, "admin_media", "Images");
}
