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

#define CREDIT_MAX_CHARS 200

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
    const char *error;
    if (!media_ingest(p->site->store, p->site->cfg, p->arena, (const unsigned char *)file->value, file->len,
                      file->filename, &p->who, &m, &created, &status, &error)) {
        tv_set_text(p->ctx, "error", error);
        p->resp->status = status;
    } else {
        tv_set_text(p->ctx, "notice", created ? "Uploaded." : "This image was uploaded before; it is stored once.");
    }
    return false;
}

/* NULL when value (a line of text) is valid UTF-8, without control
** characters and at most max characters; else what is wrong with it. */
static const char *line_problem(const char *value, size_t max) {
    size_t len = strlen(value);
    if (!utf8_valid(value, len)) return "is not valid UTF-8";
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode((const unsigned char *)value + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
            return "must be one line without control characters";
    }
    return utf8_length(value) > max ? "is too long" : NULL;
}

/* Sets an image's alt text and credit (the form of one image), with its
** audit entry; bad input is named and changes nothing. True when the
** answer is made (a redirect, a store failure's page); false when the
** list is to be shown, with the error if any. */
static bool describe(admin_page *p) {
    int64_t id = admin_number(http_form(p->req, "id"), 0);
    const char *alt = http_form(p->req, "alt"), *credit = http_form(p->req, "credit");
    alt = alt ? alt : "";
    credit = credit ? credit : "";
    const char *why;
    if ((why = line_problem(alt, ALT_MAX_CHARS)) != NULL) {
        tv_set_text(p->ctx, "error", arena_printf(p->arena, "Alt text %s (at most %d characters); nothing was changed.",
                                                  why, ALT_MAX_CHARS));
        p->resp->status = 400;
        return false;
    }
    if ((why = line_problem(credit, CREDIT_MAX_CHARS)) != NULL) {
        tv_set_text(p->ctx, "error", arena_printf(p->arena, "Credit %s (at most %d characters); nothing was changed.",
                                                  why, CREDIT_MAX_CHARS));
        p->resp->status = 400;
        return false;
    }
    store *s = p->site->store;
    int rc = store_begin(s);
    if (rc == STORE_OK) rc = store_media_describe(s, id, alt, credit);
    if (rc == STORE_OK)
        rc = store_audit_add(s, &(audit_entry){.actor = p->who.id, .actor_name = p->who.name, .address = p->who.address,
                                               .action = "described image",
                                               .detail = arena_printf(p->arena, "%lld", (long long)id)});
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) {
        store_rollback(s);
        if (rc == STORE_NOT_FOUND) {
            tv_set_text(p->ctx, "error", "There is no such image; nothing was changed.");
            p->resp->status = 404;
            return false;
        }
        admin_store_failed(p, "describe the image");
        return true;
    }
    admin_redirect(p, "/admin/media", "saved");
    return true;
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
        tv_set_text(img, "when", date_long(p->arena, "en", list[i].created_at));
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
    admin_render(p, "admin_media", "Images");
}
