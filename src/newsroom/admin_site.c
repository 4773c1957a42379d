/* Categories and site settings (admins), and the audit log (editors). */
#include "admin_pages.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/dates.h"

#include <stdio.h>
#include <string.h>

/* Saves the categories form: for each category slug, its position and its
** name and description in each edition ("name.SLUG.LANG", ...). */
static bool save_categories(admin_page *p, category *cats, size_t n, const char **problem) {
    store *s = p->site->store;
    const config *cfg = p->site->cfg;
    if (store_begin(s) != STORE_OK) {
        *problem = N_("Nothing was saved: the newsroom cannot save right now.");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const char *pos = http_form(p->req, arena_printf(p->arena, "position.%s", cats[i].slug));
        long long position;
        if (pos && parse_int(pos, 0, 10000, &position) &&
            store_category_set_position(s, cats[i].id, (int)position) != STORE_OK) {
            store_rollback(s);
            *problem = N_("Nothing was saved: the newsroom cannot save right now.");
            return false;
        }
        for (size_t l = 0; l < cfg->language_count; l++) {
            const char *lang = cfg->languages[l];
            const char *name = http_form(p->req, arena_printf(p->arena, "name.%s.%s", cats[i].slug, lang));
            const char *desc = http_form(p->req, arena_printf(p->arena, "description.%s.%s", cats[i].slug, lang));
            if (!name || !*name) continue;
            if (utf8_length(name) > 100 || (desc && utf8_length(desc) > 500)) {
                store_rollback(s);
                *problem = N_("A name may have 100 characters and a description 500.");
                return false;
            }
            if (store_category_set_text(s, cats[i].id, lang, name, desc ? desc : "") != STORE_OK) {
                store_rollback(s);
                *problem = N_("Nothing was saved: the newsroom cannot save right now.");
                return false;
            }
        }
    }
    const char *new_slug = http_form(p->req, "new_slug");
    if (new_slug && *new_slug) {
        int64_t id;
        if (!slug_valid(new_slug, SLUG_MAX) || urls_reserved_category(new_slug)) {
            store_rollback(s);
            *problem = N_("A new category needs a slug of lowercase letters, digits and hyphens that the site does not"
                          " use.");
            return false;
        }
        if (store_category_ensure(s, new_slug, &id) != STORE_OK) {
            store_rollback(s);
            *problem = N_("Nothing was saved: the newsroom cannot save right now.");
            return false;
        }
    }
    if (store_audit_add(s, &(audit_entry){.actor = p->who.id, .actor_name = p->who.name, .address = p->who.address, .action = "changed categories"}) != STORE_OK ||
        store_commit(s) != STORE_OK) {
        store_rollback(s);
        *problem = N_("Nothing was saved: the newsroom cannot save right now.");
        return false;
    }
    return true;
}

void admin_categories(admin_page *p) {
    if (p->who.role < ROLE_ADMIN) {
        admin_message(p, 403, N_("Admins only"), N_("Only admins change categories."));
        return;
    }
    const config *cfg = p->site->cfg;
    category *cats;
    size_t n;
    /* Every category, named in the default edition; texts per edition below. */
    if (store_categories(p->site->store, p->arena, cfg->default_language, &cats, &n) != STORE_OK) {
        admin_store_failed(p, "list categories");
        return;
    }
    if (strcmp(p->req->method, "POST") == 0) {
        const char *problem = NULL;
        if (save_categories(p, cats, n, &problem)) {
            admin_redirect(p, "/admin/categories", "saved");
            return;
        }
        p->resp->status = 400;
        tv_set_text(p->ctx, "problem", admin_tr(p, problem));
    }
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) {
        tv *c = tv_object(p->arena);
        tv_set_text(c, "slug", cats[i].slug);
        tv_set_int(c, "position", cats[i].position);
        tv *texts = tv_list(p->arena);
        for (size_t l = 0; l < cfg->language_count; l++) {
            category local;
            tv *t = tv_object(p->arena);
            tv_set_text(t, "lang", cfg->languages[l]);
            tv_set_text(t, "name_label", admin_printf(p, N_("Name (%s)"), cfg->languages[l]));
            tv_set_text(t, "description_label", admin_printf(p, N_("Description (%s)"), cfg->languages[l]));
            tv_set_text(t, "name_field", arena_printf(p->arena, "name.%s.%s", cats[i].slug, cfg->languages[l]));
            tv_set_text(t, "description_field", arena_printf(p->arena, "description.%s.%s", cats[i].slug, cfg->languages[l]));
            if (store_category_by_slug(p->site->store, p->arena, cfg->languages[l], cats[i].slug, &local) == STORE_OK) {
                tv_set_text(t, "name", local.name);
                tv_set_text(t, "description", local.description);
            }
            tv_push(texts, t);
        }
        tv_set(c, "texts", texts);
        tv_push(list, c);
    }
    tv_set(p->ctx, "category_list", list);
    admin_render(p, "admin_categories", admin_tr(p, N_("Categories")));
}

/* True for an empty value or an http(s) URL without spaces or quotes. */
static bool plain_url(const char *v) {
    if (!*v) return true;
    if (!starts_with(v, "https://") && !starts_with(v, "http://")) return false;
    for (const char *c = v; *c; c++)
        if ((unsigned char)*c <= ' ' || strchr("\"'<>\\", *c)) return false;
    return strlen(v) <= 500;
}

/* Saves the settings form: every value is checked first, then all are
** written with their audit entry in one transaction, so a bad value after
** good ones changes nothing. NULL when saved, else why not (in the page's
** language). */
static const char *save_settings(admin_page *p) {
    site *s = p->site;
    const char *values[64];
    if (settings_key_count > 64) return admin_tr(p, N_("Too many settings."));
    for (int i = 0; i < settings_key_count; i++) {
        const char *v = http_form(p->req, settings_keys[i].key);
        values[i] = v ? trim(arena_strdup(p->arena, v)) : NULL;
        if (!v) continue;
        if ((settings_keys[i].url && !plain_url(values[i])) || utf8_length(values[i]) > 500 ||
            !utf8_valid(values[i], strlen(values[i])))
            return admin_printf(p, N_("%s: give an http:// or https:// address, or nothing. Nothing was saved."),
                                admin_tr(p, settings_keys[i].label));
    }
    bool ok = store_begin(s->store) == STORE_OK;
    for (int i = 0; ok && i < settings_key_count; i++)
        if (values[i]) ok = store_setting_set(s->store, settings_keys[i].key, values[i]) == STORE_OK;
    ok = ok && store_audit_add(s->store, &(audit_entry){.actor = p->who.id, .actor_name = p->who.name, .address = p->who.address, .action = "changed settings"}) == STORE_OK &&
         store_commit(s->store) == STORE_OK;
    if (!ok) {
        store_rollback(s->store);
        return admin_tr(p, N_("Nothing was saved: the newsroom cannot save right now."));
    }
    settings_reload(s->settings, s->store);
    return NULL;
}

void admin_settings(admin_page *p) {
    if (p->who.role < ROLE_ADMIN) {
        admin_message(p, 403, N_("Admins only"), N_("Only admins change site settings."));
        return;
    }
    site *s = p->site;
    if (strcmp(p->req->method, "POST") == 0) {
        const char *problem = save_settings(p);
        if (!problem) {
            admin_redirect(p, "/admin/settings", "saved");
            return;
        }
        p->resp->status = 400;
        tv_set_text(p->ctx, "problem", problem);
    }
    tv *fields = tv_list(p->arena);
    for (int i = 0; i < settings_key_count; i++) {
        tv *f = tv_object(p->arena);
        tv_set_text(f, "key", settings_keys[i].key);
        tv_set_text(f, "label", admin_tr(p, settings_keys[i].label));
        tv_set_text(f, "value", settings_get(s->settings, p->arena, settings_keys[i].key, ""));
        tv_set_bool(f, "url", settings_keys[i].url);
        tv_push(fields, f);
    }
    tv_set(p->ctx, "fields", fields);
    admin_render(p, "admin_settings", admin_tr(p, N_("Site settings")));
}

/* What the audit log's actions are called (the entries keep the English
** word the code wrote; one it does not know is shown as it is). */
static const char *const audit_actions[] = {
    NC_("audit", "created"),         NC_("audit", "updated"),          NC_("audit", "submitted"),
    NC_("audit", "scheduled"),       NC_("audit", "published"),        NC_("audit", "unpublished"),
    NC_("audit", "returned to draft"), NC_("audit", "deleted"),        NC_("audit", "restored"),
    NC_("audit", "revision restored"), NC_("audit", "uploaded image"), NC_("audit", "described image"),
    NC_("audit", "added user"),      NC_("audit", "disabled user"),    NC_("audit", "enabled user"),
    NC_("audit", "changed role"),    NC_("audit", "changed categories"), NC_("audit", "changed settings"),
    NC_("audit", "author"),          NC_("audit", "changed user"),     NC_("audit", "created category"),
    NC_("audit", "changed category"), NC_("audit", "deleted category"), NC_("audit", "deleted image"),
    NC_("audit", "renamed tag"),
};

/* An audit entry's action in the page's language. */
static const char *audit_action_label(admin_page *p, const char *action) {
    for (size_t i = 0; action && i < sizeof audit_actions / sizeof audit_actions[0]; i++)
        if (strcmp(action, audit_actions[i]) == 0) return i18n_translate_context(p->lang, "audit", audit_actions[i]);
    return action ? action : "";
}

void admin_audit(admin_page *p) {
    if (p->who.role < ROLE_EDITOR) {
        admin_message(p, 403, N_("Editors only"), N_("Only editors and admins read the audit log."));
        return;
    }
    int64_t offset = admin_number(http_query(p->req, "offset"), 0);
    audit_entry *list;
    size_t n;
    if (store_audit_list(p->site->store, p->arena, (int)(offset > 1000000 ? 0 : offset), 100, &list, &n) != STORE_OK) {
        admin_message(p, 500, N_("Error"), N_("The audit log cannot be read right now."));
        return;
    }
    tv *rows = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) {
        tv *r = tv_object(p->arena);
        tv_set_text(r, "when", date_long(p->arena, p->lang, list[i].at));
        tv_set_text(r, "who", list[i].actor_name);
        tv_set_text(r, "action", audit_action_label(p, list[i].action));
        tv_set_text(r, "detail", list[i].detail);
        tv_set_text(r, "address", list[i].address);
        if (list[i].article_id) {
            tv_set_int(r, "article_id", list[i].article_id);
            tv_set_text(r, "article_url", arena_printf(p->arena, "/admin/articles/%lld", (long long)list[i].article_id));
        }
        tv_push(rows, r);
    }
    tv_set(p->ctx, "entries", rows);
    if (n == 100) tv_set_text(p->ctx, "next_url", arena_printf(p->arena, "/admin/audit?offset=%lld", (long long)(offset + 100)));
    admin_render(p, "admin_audit", admin_tr(p, N_("Audit log")));
}
