/*
** The newsroom's Authors page: /admin/authors lists the profiles (by
** slug, 100 a page, ?after=SLUG for the next), /admin/authors/{slug}
** shows one's form (name, bio, photo from the library, links; for admins
** and editors also the newsroom user it belongs to) and POST saves it.
** Admins and editors edit any profile; an author only the one linked to
** their user, which is made for them the first time they open this page
** (or is the one an admin linked). Every save is checked first
** (authors.c) and audited; a refused one shows the form again, as typed,
** with the message, and changes nothing.
*/
#include "admin_pages.h"
#include "authors.h"
#include "../render/image.h"

#include <stdlib.h>
#include <string.h>

#define AUTHORS_PAGE 100

/* The list of profiles, with the person's own first when they have one. */
static void list_page(admin_page *p) {
    author_profile mine;
    int rc = authors_own_profile(p->site->store, p->arena, &p->who, &mine);
    if (rc == STORE_OK) {
        tv *own = tv_object(p->arena);
        tv_set_text(own, "name", mine.name);
        tv_set_text(own, "url", arena_printf(p->arena, "/admin/authors/%s", mine.slug));
        tv_set(p->ctx, "mine", own);
    } else if (rc != STORE_NOT_FOUND) {
        admin_store_failed(p, "authors: own profile");
        return;
    }
    const char *after = http_query(p->req, "after");
    author_profile *items;
    size_t n;
    if (store_authors(p->site->store, p->arena, after, AUTHORS_PAGE + 1, &items, &n) != STORE_OK) {
        admin_store_failed(p, "authors: list");
        return;
    }
    bool more = n > AUTHORS_PAGE;
    if (more) n = AUTHORS_PAGE;
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) {
        tv *row = tv_object(p->arena);
        tv_set_text(row, "name", items[i].name);
        tv_set_text(row, "slug", items[i].slug);
        tv_set_text(row, "url", arena_printf(p->arena, "/admin/authors/%s", items[i].slug));
        tv_set_bool(row, "editable", authors_may_edit(&p->who, &items[i]));
        tv_set_text(row, "edit_label", admin_printf(p, N_("Edit %s"), items[i].name));
        tv_set_bool(row, "linked", items[i].user_id != 0);
        tv_push(list, row);
    }
    tv_set(p->ctx, "authors", list);
    if (more) tv_set_text(p->ctx, "next_url", arena_printf(p->arena, "/admin/authors?after=%s", items[n - 1].slug));
    admin_render(p, "admin_authors", admin_tr(p, N_("Authors")));
}

/* The form of profile who (as saved, or as typed when refused). */
static void form_page(admin_page *p, const author_profile *who) {
    tv *f = tv_object(p->arena);
    tv_set_text(f, "slug", who->slug);
    tv_set_text(f, "name", who->name);
    tv_set_text(f, "bio", who->bio ? who->bio : "");
    tv_set_text(f, "website", who->website ? who->website : "");
    tv_set_text(f, "twitter", who->twitter ? who->twitter : "");
    tv_set_text(f, "facebook", who->facebook ? who->facebook : "");
    tv_set_text(f, "telegram", who->telegram ? who->telegram : "");
    tv_set_text(f, "email", who->email ? who->email : "");
    tv_set_text(f, "url", arena_printf(p->arena, "/admin/authors/%s", who->slug));
    tv_set_text(f, "page", arena_printf(p->arena, "/%s/author/%s", p->site->cfg->default_language, who->slug));
    tv_set_text(f, "heading", admin_printf(p, N_("Author: %s"), who->name));
    tv_set(p->ctx, "profile", f);
    /* The photo: one of the library's recent images, or the current one. */
    tv *photos = tv_list(p->arena);
    tv *none = tv_object(p->arena);
    tv_set_text(none, "value", "0");
    tv_set_text(none, "label", admin_tr(p, N_("No photo")));
    tv_set_bool(none, "selected", who->photo_id == 0);
    tv_push(photos, none);
    media *images;
    size_t n;
    bool listed = false;
    if (store_media_list(p->site->store, p->arena, 0, 60, &images, &n) == STORE_OK)
        for (size_t i = 0; i < n; i++) {
            tv *o = tv_object(p->arena);
            tv_set_text(o, "value", arena_printf(p->arena, "%lld", (long long)images[i].id));
            tv_set_text(o, "label", *images[i].original_name ? images[i].original_name : images[i].hash);
            tv_set_bool(o, "selected", images[i].id == who->photo_id);
            listed |= images[i].id == who->photo_id;
            tv_push(photos, o);
        }
    if (who->photo_id && !listed) {
        tv *o = tv_object(p->arena);
        tv_set_text(o, "value", arena_printf(p->arena, "%lld", (long long)who->photo_id));
        tv_set_text(o, "label", admin_printf(p, N_("image %lld"), (long long)who->photo_id));
        tv_set_bool(o, "selected", true);
        tv_push(photos, o);
    }
    tv_set(p->ctx, "photos", photos);
    if (who->photo.id && who->photo.hash) tv_set_text(p->ctx, "photo_small", image_small(p->arena, &who->photo));
    /* Whose profile it is: admins and editors link it to a user. */
    if (p->who.role >= ROLE_EDITOR) {
        account *people;
        size_t count;
        tv *users = tv_list(p->arena);
        tv *nobody = tv_object(p->arena);
        tv_set_text(nobody, "value", "0");
        tv_set_text(nobody, "label", admin_tr(p, N_("Nobody")));
        tv_set_bool(nobody, "selected", who->user_id == 0);
        tv_push(users, nobody);
        if (store_users(p->site->store, p->arena, &people, &count) == STORE_OK)
            for (size_t i = 0; i < count; i++) {
                tv *o = tv_object(p->arena);
                tv_set_text(o, "value", arena_printf(p->arena, "%lld", (long long)people[i].id));
                tv_set_text(o, "label", arena_printf(p->arena, "%s <%s>", people[i].name, people[i].email));
                tv_set_bool(o, "selected", people[i].id == who->user_id);
                tv_push(users, o);
            }
        tv_set(p->ctx, "users", users);
        tv_set_bool(p->ctx, "may_link", true);
    }
    admin_render(p, "admin_authors", admin_printf(p, N_("Author: %s"), who->name));
}

/* A form field; kept (now) when the form has none. */
static const char *form_text(admin_page *p, const char *name, const char *now) {
    const char *v = http_form(p->req, name);
    return v ? v : now ? now : "";
}

/* POST: checks and saves the form over profile old. */
static void save(admin_page *p, const author_profile *old) {
    author_profile in = *old;
    in.name = form_text(p, "name", old->name);
    in.bio = form_text(p, "bio", old->bio);
    in.website = form_text(p, "website", old->website);
    in.twitter = form_text(p, "twitter", old->twitter);
    in.facebook = form_text(p, "facebook", old->facebook);
    in.telegram = form_text(p, "telegram", old->telegram);
    in.email = form_text(p, "email", old->email);
    if (http_form(p->req, "photo_id")) in.photo_id = admin_number(http_form(p->req, "photo_id"), -1);
    if (p->who.role >= ROLE_EDITOR && http_form(p->req, "user_id")) in.user_id = admin_number(http_form(p->req, "user_id"), -1);
    const char *field = NULL;
    user_message why;
    bool ok = authors_check_profile(p->site->store, p->arena, &in, &field, &why);
    if (ok && in.user_id < 0) ok = false, user_message_plain(&why, N_("Choose whose profile it is from the list."));
    if (ok && in.user_id && in.user_id != old->user_id) {
        account user;
        if (store_user_by_id(p->site->store, p->arena, in.user_id, &user) != STORE_OK)
            ok = false, user_message_plain(&why, N_("Choose whose profile it is from the list."));
    }
    int rc = STORE_OK;
    if (ok) {
        store *s = p->site->store;
        rc = store_begin(s);
        if (rc == STORE_OK && (rc = store_author_update(s, old->slug, &in)) == STORE_OK &&
            (rc = store_audit_add(s, &(audit_entry){.actor = p->who.id, .actor_name = p->who.name, .address = p->who.address, .action = "author", .detail = old->slug})) == STORE_OK)
            rc = store_commit(s);
        if (rc != STORE_OK) store_rollback(s);
        if (rc == STORE_CONFLICT) ok = false, user_message_plain(&why, N_("That user has a profile already."));
        else if (rc != STORE_OK) {
            admin_store_failed(p, "authors: save");
            return;
        }
    }
    if (!ok) {
        p->resp->status = 400;
        tv_set_text(p->ctx, "problem", admin_user_message(p, &why));
        if (in.photo_id < 0) in.photo_id = 0;
        in.photo = (media){0};
        form_page(p, &in);
        return;
    }
    admin_redirect(p, arena_printf(p->arena, "/admin/authors/%s", old->slug), "saved");
}

void admin_authors(admin_page *p, const char **segs, int n) {
    bool post = strcmp(p->req->method, "POST") == 0;
    if (n == 1 && !post) {
        list_page(p);
        return;
    }
    if (n != 2) {
        admin_message(p, 404, N_("Not found"), N_("There is no such page."));
        return;
    }
    author_profile who;
    int rc = store_author_by_slug(p->site->store, p->arena, segs[1], &who);
    if (rc == STORE_NOT_FOUND) {
        admin_message(p, 404, N_("Not found"), N_("There is no such author."));
        return;
    }
    if (rc != STORE_OK) {
        admin_store_failed(p, "authors: find");
        return;
    }
    if (!authors_may_edit(&p->who, &who)) {
        admin_message(p, 403, N_("Not yours"), N_("You may edit your own profile only."));
        return;
    }
    if (post) save(p, &who);
    else form_page(p, &who);
}
