/* People (admins only): the list, adding someone, changing a role,
** disabling and enabling. */
#include "admin_pages.h"
#include "../core/text.h"
#include "../render/dates.h"

#include <string.h>

static void people_page(admin_page *p);

/* Runs a change to people and its audit entry in one transaction. */
static int audited(admin_page *p, int (*change)(admin_page *p, void *ctx), void *ctx, const char *action,
                   const char *detail) {
    store *s = p->site->store;
    int rc = store_begin(s);
    if (rc != STORE_OK) return rc;
    if ((rc = change(p, ctx)) != STORE_OK || (rc = store_audit_add(s, &(audit_entry){.actor = p->who.id, .actor_name = p->who.name, .address = p->who.address, .action = action, .detail = detail})) != STORE_OK ||
        (rc = store_commit(s)) != STORE_OK) {
        store_rollback(s);
        return rc;
    }
    return STORE_OK;
}

/* Refuses a form with a message (of the catalogues), showing the list
** again. */
static void refuse(admin_page *p, int status, const char *problem) {
    p->resp->status = status;
    tv_set_text(p->ctx, "problem", admin_tr(p, problem));
    people_page(p);
}

typedef struct new_user {
    const char *email, *name, *hash;
    user_role role;
} new_user;

static int insert_user(admin_page *p, void *ctx) {
    new_user *u = ctx;
    int64_t id;
    return store_user_add(p->site->store, u->email, u->name, u->role, u->hash, &id);
}

static void add_user(admin_page *p) {
    const char *email = http_form(p->req, "email"), *name = http_form(p->req, "name"),
               *password = http_form(p->req, "password");
    user_role role;
    const char *problem = NULL;
    if (!email_plausible(email))
        problem = N_("Give a valid e-mail address.");
    else if (!name || !*trim(arena_strdup(p->arena, name)) || strlen(name) > 200)
        problem = N_("Give the person's name.");
    else if (!role_parse(http_form(p->req, "role"), &role))
        problem = N_("Choose a role: admin, editor or author.");
    else
        problem = auth_password_problem(password);
    if (problem) {
        refuse(p, 400, problem);
        return;
    }
    char hash[AUTH_HASH_BYTES];
    if (!auth_hash_password(password, hash)) {
        refuse(p, 500, N_("The password cannot be hashed right now (out of memory); nobody was added."));
        return;
    }
    new_user u = {email, trim(arena_strdup(p->arena, name)), hash, role};
    int rc = audited(p, insert_user, &u, "added user", email);
    if (rc == STORE_CONFLICT) refuse(p, 409, N_("Someone in the newsroom has this e-mail address already."));
    else if (rc != STORE_OK)
        refuse(p, rc == STORE_FULL || rc == STORE_UNAVAILABLE ? 503 : 500,
               N_("Nobody was added: the newsroom cannot save right now."));
    else admin_redirect(p, "/admin/users", "added");
}

typedef struct user_change {
    int64_t id;
    const char *change;
    user_role role;
} user_change;

static int apply_change(admin_page *p, void *ctx) {
    user_change *c = ctx;
    store *s = p->site->store;
    if (strcmp(c->change, "disable") == 0) {
        int rc = store_user_set_disabled(s, c->id, true);
        return rc == STORE_OK ? store_sessions_end_for(s, c->id) : rc;
    }
    if (strcmp(c->change, "enable") == 0) return store_user_set_disabled(s, c->id, false);
    return store_user_set_role(s, c->id, c->role);
}

static void change_user(admin_page *p, int64_t id) {
    const char *change = http_form(p->req, "change");
    account u;
    if (store_user_by_id(p->site->store, p->arena, id, &u) != STORE_OK) {
        admin_message(p, 404, N_("Not found"), N_("There is no such person."));
        return;
    }
    if (id == p->who.user_id) {
        admin_redirect(p, "/admin/users", "own-account");
        return;
    }
    user_change c = {.id = id, .change = change};
    const char *what;
    if (change && strcmp(change, "disable") == 0) what = "disabled user";
    else if (change && strcmp(change, "enable") == 0) what = "enabled user";
    else if (change && strcmp(change, "role") == 0 && role_parse(http_form(p->req, "role"), &c.role)) what = "changed role";
    else {
        admin_redirect(p, "/admin/users", "unchanged");
        return;
    }
    int rc = audited(p, apply_change, &c, what, u.email);
    if (rc != STORE_OK)
        refuse(p, rc == STORE_FULL || rc == STORE_UNAVAILABLE ? 503 : 500,
               N_("Nothing was changed: the newsroom cannot save right now."));
    else admin_redirect(p, "/admin/users", "saved");
}

void admin_users(admin_page *p, const char **segs, int n) {
    if (p->who.role < ROLE_ADMIN) {
        admin_message(p, 403, N_("Admins only"), N_("Only admins manage people."));
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
        admin_message(p, 404, N_("Not found"), N_("There is no such page in the newsroom."));
        return;
    }
    people_page(p);
}

/* The roles as <select> options, the one of role selected (0: none). */
static tv *role_options(admin_page *p, user_role role) {
    static const user_role roles[] = {ROLE_AUTHOR, ROLE_EDITOR, ROLE_ADMIN};
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        tv *o = tv_object(p->arena);
        tv_set_text(o, "value", role_name(roles[i]));
        tv_set_text(o, "label", admin_role_label(p, roles[i]));
        tv_set_bool(o, "selected", roles[i] == role);
        tv_push(list, o);
    }
    return list;
}

/* The list of people, with the forms to add and change them. */
static void people_page(admin_page *p) {
    account *list;
    size_t count;
    if (store_users(p->site->store, p->arena, &list, &count) != STORE_OK) {
        admin_store_failed(p, "list people");
        return;
    }
    tv *people = tv_list(p->arena);
    for (size_t i = 0; i < count; i++) {
        tv *u = tv_object(p->arena);
        tv_set_int(u, "id", list[i].id);
        tv_set_text(u, "email", list[i].email);
        tv_set_text(u, "name", list[i].name);
        tv_set_text(u, "role", admin_role_label(p, list[i].role));
        tv_set(u, "roles", role_options(p, list[i].role));
        tv_set_text(u, "role_label", admin_printf(p, N_("Role of %s"), list[i].name));
        tv_set_bool(u, "disabled", list[i].disabled);
        tv_set_bool(u, "me", list[i].id == p->who.user_id);
        tv_set_text(u, "since", date_long(p->arena, p->lang, list[i].created_at));
        tv_set_text(u, "url", arena_printf(p->arena, "/admin/users/%lld", (long long)list[i].id));
        tv_push(people, u);
    }
    tv_set(p->ctx, "people", people);
    tv_set(p->ctx, "new_roles", role_options(p, 0));
    admin_render(p, "admin_users", admin_tr(p, N_("People")));
}
