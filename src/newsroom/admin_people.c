/* People (admins only): the list, adding someone, changing a role,
** disabling and enabling. */
#include "admin_pages.h"
#include "../core/text.h"
#include "../render/dates.h"

#include <string.h>

static void add_user(admin_page *p) {
    const char *email = http_form(p->req, "email"), *name = http_form(p->req, "name"),
               *password = http_form(p->req, "password");
    user_role role;
    const char *problem = NULL;
    if (!email || !strchr(email, '@') || strlen(email) > 200 || !utf8_valid(email, strlen(email)))
        problem = "Give a valid e-mail address.";
    else if (!name || !*trim(arena_strdup(p->arena, name)) || strlen(name) > 200)
        problem = "Give the person's name.";
    else if (!role_parse(http_form(p->req, "role"), &role))
        problem = "Choose a role: admin, editor or author.";
    else
        problem = auth_password_problem(password);
    char hash[AUTH_HASH_BYTES];
    int64_t id;
    if (!problem && !auth_hash_password(password, hash)) problem = "The password cannot be hashed (out of memory).";
    if (!problem && store_user_add(p->site->store, email, trim(arena_strdup(p->arena, name)), role, hash, &id) != STORE_OK)
        problem = arena_strdup(p->arena, store_error(p->site->store));
    if (problem) {
        admin_redirect(p, "/admin/users", problem);
        return;
    }
    store_audit_add(p->site->store, p->who.id, p->who.name, "added user", 0, email);
    admin_redirect(p, "/admin/users", "Added.");
}

static void change_user(admin_page *p, int64_t id) {
    const char *change = http_form(p->req, "change");
    account u;
    if (store_user_by_id(p->site->store, p->arena, id, &u) != STORE_OK) {
        admin_message(p, 404, "Not found", "There is no such person.");
        return;
    }
    if (id == p->who.user_id) {
        admin_redirect(p, "/admin/users", "You cannot change your own role or disable yourself.");
        return;
    }
    user_role role;
    int rc = STORE_ERROR;
    const char *what = "";
    if (change && strcmp(change, "disable") == 0) {
        rc = store_user_set_disabled(p->site->store, id, true);
        if (rc == STORE_OK) rc = store_sessions_end_for(p->site->store, id);
        what = "disabled user";
    } else if (change && strcmp(change, "enable") == 0) {
        rc = store_user_set_disabled(p->site->store, id, false);
        what = "enabled user";
    } else if (change && strcmp(change, "role") == 0 && role_parse(http_form(p->req, "role"), &role)) {
        rc = store_user_set_role(p->site->store, id, role);
        what = "changed role";
    } else {
        admin_redirect(p, "/admin/users", "Nothing to change.");
        return;
    }
    if (rc != STORE_OK) {
        admin_message(p, 500, "Error", store_error(p->site->store));
        return;
    }
    store_audit_add(p->site->store, p->who.id, p->who.name, what, 0, u.email);
    admin_redirect(p, "/admin/users", "Saved.");
}

void admin_users(admin_page *p, const char **segs, int n) {
    if (p->who.role < ROLE_ADMIN) {
        admin_message(p, 403, "Admins only", "Only admins manage people.");
        return;
    }
    bool post = strcmp(p->req->method, "POST") == 0;
    if (n == 1 && post) {
        add_user(p);
        return;
    }
    if (n == 2 && post) {
        change_user(p, admin_number(segs[1], 0));
        return;
    }
    if (n != 1) {
        admin_message(p, 404, "Not found", "There is no such page in the newsroom.");
        return;
    }
    account *list;
    size_t count;
    if (store_users(p->site->store, p->arena, &list, &count) != STORE_OK) {
        admin_message(p, 500, "Error", store_error(p->site->store));
        return;
    }
    tv *people = tv_list(p->arena);
    for (size_t i = 0; i < count; i++) {
        tv *u = tv_object(p->arena);
        tv_set_int(u, "id", list[i].id);
        tv_set_text(u, "email", list[i].email);
        tv_set_text(u, "name", list[i].name);
        tv_set_text(u, "role", role_name(list[i].role));
        tv_set_bool(u, "is_author", list[i].role == ROLE_AUTHOR);
        tv_set_bool(u, "is_editor", list[i].role == ROLE_EDITOR);
        tv_set_bool(u, "is_admin", list[i].role == ROLE_ADMIN);
        tv_set_bool(u, "disabled", list[i].disabled);
        tv_set_bool(u, "me", list[i].id == p->who.user_id);
        tv_set_text(u, "since", date_long(p->arena, "en", list[i].created_at));
        tv_set_text(u, "url", arena_printf(p->arena, "/admin/users/%lld", (long long)list[i].id));
        tv_push(people, u);
    }
    tv_set(p->ctx, "people", people);
    admin_render(p, "admin_users", "People");
}
