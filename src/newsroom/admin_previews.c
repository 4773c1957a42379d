/* Preview links from the editor: POST /admin/articles/{id}/previews makes
** one (hours: how long it lives, 48 unless said) and shows its address
** once, since only its hash is kept (site/preview.c answers it); POST
** /admin/articles/{id}/previews/{link}/revoke ends one now. Whoever may
** edit the story may do both; the editor lists the live links. */
#include "admin_pages.h"
#include "editorial.h"
#include "../render/dates.h"
#include "../site/preview.h"

#include <string.h>
#include <time.h>

/* How long a link lives unless the form says: two days. The longest: a month. */
#define PREVIEW_DEFAULT_HOURS 48
#define PREVIEW_MAX_HOURS (24 * 30)

/* The article id, when who may edit it; otherwise answers and is false. */
static bool editable(admin_page *p, int64_t id, article *a) {
    int rc = store_article_by_id(p->site->store, p->arena, id, a);
    if (rc == STORE_NOT_FOUND) {
        admin_message(p, 404, N_("Not found"), N_("There is no such article."));
        return false;
    }
    if (rc != STORE_OK) {
        admin_store_failed(p, "read the article");
        return false;
    }
    if (!editorial_can_edit(&p->who, a)) {
        admin_message(p, 403, N_("Not yours"), N_("Only those who may edit this story may share its preview."));
        return false;
    }
    return true;
}

static void make_link(admin_page *p, int64_t id) {
    article a;
    if (!editable(p, id, &a)) return;
    const char *asked = http_form(p->req, "hours");
    int64_t hours = asked && *asked ? admin_number(asked, 0) : PREVIEW_DEFAULT_HOURS;
    if (hours < 1 || hours > PREVIEW_MAX_HOURS) {
        admin_message(p, 400, N_("Not made"), N_("A preview link lives from 1 hour to 30 days."));
        return;
    }
    char token[PREVIEW_TOKEN_CHARS + 1];
    unsigned char hash[PREVIEW_HASH_BYTES];
    int64_t now = (int64_t)time(NULL), link_id;
    if (!preview_token_new(token, hash) ||
        store_preview_add(p->site->store, id, hash, sizeof hash, p->who.name, now, now + hours * 3600, &link_id) !=
            STORE_OK) {
        admin_store_failed(p, "make the preview link");
        return;
    }
    const char *url = arena_printf(p->arena, "%s/preview/%s", p->site->cfg->base_url, token);
    tv_set_text(p->ctx, "preview_url", url);
    tv_set_text(p->ctx, "article_title", a.title);
    tv_set_int(p->ctx, "id", id);
    tv_set_text(p->ctx, "expires", date_long(p->arena, p->lang, now + hours * 3600));
    admin_render(p, "admin_preview_link", admin_tr(p, N_("Preview link")));
}

static void revoke_link(admin_page *p, int64_t id, int64_t link) {
    article a;
    if (!editable(p, id, &a)) return;
    int rc = store_preview_revoke(p->site->store, id, link, (int64_t)time(NULL));
    if (rc == STORE_NOT_FOUND) {
        admin_message(p, 404, N_("Not found"), N_("There is no such live preview link of this story."));
        return;
    }
    if (rc != STORE_OK) {
        admin_store_failed(p, "revoke the preview link");
        return;
    }
    admin_redirect(p, arena_printf(p->arena, "/admin/articles/%lld", (long long)id), "preview-revoked");
}

void admin_previews(admin_page *p, int64_t id, const char **segs, int n) {
    bool post = strcmp(p->req->method, "POST") == 0;
    if (post && n == 3) make_link(p, id);
    else if (post && n == 5 && strcmp(segs[4], "revoke") == 0) revoke_link(p, id, admin_number(segs[3], 0));
    else admin_message(p, 404, N_("Not found"), N_("There is no such page in the newsroom."));
}

void admin_previews_context(admin_page *p, const article *a) {
    if (!a || !a->id || !editorial_can_edit(&p->who, a)) return;
    tv_set_text(p->ctx, "previews_url", arena_printf(p->arena, "/admin/articles/%lld/previews", (long long)a->id));
    preview_link *links;
    size_t n;
    if (store_previews(p->site->store, p->arena, a->id, (int64_t)time(NULL), &links, &n) != STORE_OK) return;
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) {
        tv *l = tv_object(p->arena);
        tv_set_text(l, "by", links[i].created_by);
        tv_set_text(l, "made", date_long(p->arena, p->lang, links[i].created_at));
        tv_set_text(l, "expires", date_long(p->arena, p->lang, links[i].expires_at));
        tv_set_text(l, "revoke_url", arena_printf(p->arena, "/admin/articles/%lld/previews/%lld/revoke",
                                                  (long long)a->id, (long long)links[i].id));
        tv_push(list, l);
    }
    tv_set(p->ctx, "previews", list);
    tv_set_bool(p->ctx, "has_previews", n > 0);
}
