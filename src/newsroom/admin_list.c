/* The newsroom's list of articles (and the trash): filters, orders and
** pages read by newsroom_list.c, each row with its edition's name and who
** acted last. */
#include "admin_pages.h"
#include "admin_articles.h"
#include "newsroom_list.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/dates.h"
#include "../render/i18n.h"

#include <string.h>
#include <time.h>

/* A row of the list: the edition by its name, who acted last and when. */
static tv *list_item(admin_page *p, const newsroom_item *item) {
    const article *a = &item->article;
    tv *row = tv_object(p->arena);
    tv_set_int(row, "id", a->id);
    tv_set_text(row, "title", a->title);
    tv_set_text(row, "lang", a->lang);
    tv_set_text(row, "edition", i18n_language_name(a->lang));
    tv_set_text(row, "category", a->category_name);
    tv_set_text(row, "status", a->deleted_at ? "trash" : workflow_name(a->workflow));
    tv_set_text(row, "status_label", admin_status_label(p, a->deleted_at ? "trash" : workflow_name(a->workflow)));
    tv_set_text(row, "author", a->author);
    tv_set_text(row, "date", date_long(p->arena, p->lang, a->published_at));
    tv_set_text(row, "edited_by", *item->edited_by ? item->edited_by : "—");
    tv_set_text(row, "edited_when", date_long(p->arena, p->lang, a->updated_at));
    tv_set_text(row, "edit_url", arena_printf(p->arena, "/admin/articles/%lld", (long long)a->id));
    if (a->status == ARTICLE_PUBLISHED && !a->deleted_at && a->published_at <= (int64_t)time(NULL))
        tv_set_text(row, "public_url", urls_article_path(p->arena, a->lang, a->category_slug, a->slug));
    return row;
}

/* The owner filter of the page ("me", "user:ID"; authors: themselves). */
static const char *owner_filter(admin_page *p) {
    const char *owner = http_query(p->req, "owner");
    if (p->who.role < ROLE_EDITOR || (owner && strcmp(owner, "me") == 0)) return p->who.id;
    if (owner && (starts_with(owner, "user:") || starts_with(owner, "token:")) && strlen(owner) < 40) return owner;
    return NULL;
}

/* The people to filter by, as <select> options. */
static void add_owners(admin_page *p, const char *owner) {
    account *people;
    size_t count;
    bool author = p->who.role < ROLE_EDITOR;
    tv *owners = tv_list(p->arena);
    if (!author) admin_add_option(owners, "", admin_tr(p, N_("Anyone")), !owner);
    admin_add_option(owners, "me", admin_tr(p, N_("Me")), owner == p->who.id);
    if (!author && store_users(p->site->store, p->arena, &people, &count) == STORE_OK) {
        for (size_t i = 0; i < count; i++) {
            const char *id = arena_printf(p->arena, "user:%lld", (long long)people[i].id);
            admin_add_option(owners, id, people[i].name, owner && owner != p->who.id && strcmp(owner, id) == 0);
        }
    }
    tv_set(p->ctx, "owners", owners);
}

/* The sort and order <select>s. */
static void add_orders(admin_page *p, const newsroom_filter *f) {
    tv *sorts = tv_list(p->arena), *orders = tv_list(p->arena);
    admin_add_option(sorts, "updated", admin_tr(p, N_("Last change")), f->sort == NEWSROOM_BY_UPDATED);
    admin_add_option(sorts, "published", admin_tr(p, N_("Publication date")), f->sort == NEWSROOM_BY_PUBLISHED);
    admin_add_option(orders, "desc", admin_tr(p, N_("Newest first")), !f->ascending);
    admin_add_option(orders, "asc", admin_tr(p, N_("Oldest first")), f->ascending);
    tv_set(p->ctx, "sorts", sorts);
    tv_set(p->ctx, "orders", orders);
}

/* The address of the next page: this one's parameters and the cursor. */
static const char *next_url(admin_page *p, bool trash, const char *cursor) {
    buf next;
    buf_init(&next, p->arena);
    buf_puts(&next, trash ? "/admin/trash?cursor=" : "/admin/articles?cursor=");
    url_encode(&next, cursor);
    const char *keys[] = {"lang", "category", "status", "owner", "author", "q", "sort", "order", "limit"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = http_query(p->req, keys[i]);
        if (v && *v && !(trash && strcmp(keys[i], "status") == 0)) {
            buf_printf(&next, "&%s=", keys[i]);
            url_encode(&next, v);
        }
    }
    return next.data;
}

void admin_list_page(admin_page *p, bool trash) {
    newsroom_request r;
    const char *field;
    user_message problem;
    int rc;
    bool ok = newsroom_list_read(p->site->store, p->site->cfg, &p->who, p->req, &r, &field, &problem, &rc);
    if (!ok && rc != STORE_OK) {
        admin_store_failed(p, "list articles");
        return;
    }
    if (trash) r.filter.trash = true;
    const char *owner = owner_filter(p);
    if (owner) r.filter.owner = owner;
    newsroom_page page = {0};
    if (ok && store_articles_newsroom(p->site->store, p->arena, &r.filter, &page) != STORE_OK) {
        admin_store_failed(p, "list articles");
        return;
    }
    if (!ok) {
        /* The list stays empty; the form says what to change. */
        p->resp->status = 400;
        tv_set_text(p->ctx, "error", admin_printf(p, N_("The filter %s %s."), field, admin_user_message(p, &problem)));
    }
    tv *rows = tv_list(p->arena);
    for (size_t i = 0; i < page.count; i++) tv_push(rows, list_item(p, &page.items[i]));
    tv_set(p->ctx, "articles", rows);
    tv_set_bool(p->ctx, "trash", trash);
    tv_set_bool(p->ctx, "window_full", page.text_window_full);
    tv_set_text(p->ctx, "q", r.q ? r.q : "");
    tv_set_text(p->ctx, "author", r.author ? r.author : "");
    add_owners(p, r.filter.owner);
    add_orders(p, &r.filter);
    admin_add_choices(p, r.filter.lang, r.filter.category_slug, trash ? WF_UNSET : r.filter.workflow, true);
    if (!trash) admin_add_option(tv_get(p->ctx, "states"), "trash", admin_status_label(p, "trash"), r.filter.trash);
    if (page.more && page.count) {
        const char *cursor = newsroom_list_cursor(p->site->store, p->arena, &r, &page.items[page.count - 1]);
        if (cursor) tv_set_text(p->ctx, "next_url", next_url(p, trash, cursor));
    }
    admin_render(p, "admin_articles", trash ? admin_tr(p, N_("Trash")) : admin_tr(p, N_("Articles")));
}

