/* The newsroom's images: the uploads so far, each with its default alt
** text and credit (editable), its address and the Markdown that puts it
** in a story's body; and the upload form. */
#include "admin_pages.h"
#include "article_save.h"
#include "media.h"
#include "../core/text.h"
#include "../render/dates.h"
#include "../render/image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Stores an upload; true when the answer is made (a redirect), false
** when the list is to be shown with what happened. */
static bool upload(admin_page *p) {
    const http_field *file = http_form_field(p->req, "file");
    if (!file || !file->filename || file->len == 0) {
        admin_redirect(p, "/admin/media", "choose-file");
        return true;
    }
    media m;
    bool created;
    int status;
    user_message error;
    if (!media_ingest(p->site->store, p->site->cfg, p->arena, (const unsigned char *)file->value, file->len,
                      file->filename, &p->who, &m, &created, &status, &error)) {
        tv_set_text(p->ctx, "error", admin_user_message(p, &error));
        p->resp->status = status;
    } else {
        tv_set_text(p->ctx, "notice", created ? admin_tr(p, N_("Uploaded."))
                                              : admin_tr(p, N_("This image was uploaded before; it is stored once.")));
    }
    return false;
}

/* Sets an image's alt text and credit (the form of one image), with its
** audit entry; bad input is named and changes nothing. True when the
** answer is made (a redirect, a store failure's page); false when the
** list is to be shown, with the error if any. */
static bool describe(admin_page *p) {
    int64_t id = admin_number(http_form(p->req, "id"), 0);
    int status;
    user_message why;
    if (media_describe(p->site->store, &p->who, id, http_form(p->req, "alt"), http_form(p->req, "credit"), &status,
                       &why)) {
        admin_redirect(p, "/admin/media", "saved");
        return true;
    }
    if (status >= 500) {
        admin_store_failed(p, "describe the image");
        return true;
    }
    tv_set_text(p->ctx, "error", admin_user_message(p, &why));
    p->resp->status = status;
    return false;
}

/* The Markdown of a body figure of m: ![alt](URL), the alt text's
** brackets and backslashes escaped. */
static const char *markdown_of(arena *a, const media *m, const char *url) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "![");
    for (const char *c = m->alt ? m->alt : ""; *c; c++) {
        if (*c == '[' || *c == ']' || *c == '\\') buf_putc(&b, '\\');
        buf_putc(&b, *c);
    }
    buf_printf(&b, "](%s)", url);
    return b.data;
}

/* The address a body figure of m uses: its widest variant up to 960
** pixels (the page finds the others). */
static const char *middle_url(arena *a, const media *m) {
    int middle = 0;
    for (const char *w = m->variants ? m->variants : ""; *w;) {
        int width = atoi(w);
        if (width > 0 && (!middle || width <= 960)) middle = width;
        w += strcspn(w, " ");
        w += strspn(w, " ");
    }
    return media_url(a, m->hash, middle, "jpg");
}

void admin_media(admin_page *p) {
    if (strcmp(p->req->method, "POST") == 0 && (http_form(p->req, "id") ? describe(p) : upload(p))) return;
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
        tv_set_text(img, "when", date_long(p->arena, p->lang, list[i].created_at));
        tv_set_text(img, "variants", list[i].variants);
        tv_set_text(img, "alt", list[i].alt);
        tv_set_text(img, "credit", list[i].credit);
        const char *url = middle_url(p->arena, &list[i]);
        tv_set_text(img, "url", url);
        tv_set_text(img, "markdown", markdown_of(p->arena, &list[i], url));
        tv_push(items, img);
    }
    tv_set(p->ctx, "media", items);
    tv_set_int(p->ctx, "max_mb", p->site->cfg->max_upload_mb);
    admin_render(p, "admin_media", admin_tr(p, N_("Images")));
}
