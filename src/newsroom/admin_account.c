/* The person's own account (/admin/account): who they are, and the
** language the newsroom speaks to them, which they choose for themselves
** (POST, with the session's CSRF token, which admin.c checked): one of
** the interface's languages, or their browser's (Accept-Language among
** the site's editions). Anything else is refused and changes nothing. */
#include "admin_pages.h"
#include "../render/i18n.h"

#include <string.h>

/* The page, with the choice as saved (or as refused: chosen). */
static void account_page(admin_page *p, const char *chosen) {
    tv *me = tv_object(p->arena);
    account u;
    int rc = store_user_by_id(p->site->store, p->arena, p->who.user_id, &u);
    if (rc != STORE_OK) {
        admin_store_failed(p, "read the account");
        return;
    }
    tv_set_text(me, "name", u.name);
    tv_set_text(me, "email", u.email);
    tv_set_text(me, "role", admin_role_label(p, u.role));
    tv_set(p->ctx, "account", me);
    if (!chosen) chosen = u.language ? u.language : "";
    /* What following the browser means for this one, now. */
    const char *browser = admin_language(p->site, p->req, NULL);
    tv *choices = tv_list(p->arena);
    tv *automatic = tv_object(p->arena);
    tv_set_text(automatic, "value", "");
    tv_set_text(automatic, "label",
                admin_printf(p, N_("As my browser asks (now %s)"), i18n_language_name(browser)));
    tv_set_bool(automatic, "selected", !*chosen);
    tv_push(choices, automatic);
    for (size_t i = 0; i < I18N_LANGUAGES; i++) {
        const char *code = i18n_language_at(i);
        tv *o = tv_object(p->arena);
        tv_set_text(o, "value", code);
        tv_set_text(o, "label", i18n_language_name(code));
        tv_set_text(o, "lang", code);
        tv_set_bool(o, "selected", strcmp(chosen, code) == 0);
        tv_push(choices, o);
    }
    tv_set(p->ctx, "languages", choices);
    admin_render(p, "admin_account", admin_tr(p, N_("Your account")));
}

/* POST: saves the language chosen ("" follows the browser). */
static void save_language(admin_page *p) {
    const char *asked = http_form(p->req, "language");
    if (!asked || (*asked && !i18n_supported(asked))) {
        p->resp->status = 400;
        tv_set_text(p->ctx, "problem",
                    admin_tr(p, N_("Choose a language from the list: English, Русский, Azərbaycanca, or what your"
                                   " browser asks. Nothing was changed.")));
        account_page(p, NULL);
        return;
    }
    int rc = store_user_set_language(p->site->store, p->who.user_id, *asked ? asked : NULL);
    if (rc != STORE_OK) {
        admin_store_failed(p, "save the language");
        return;
    }
    admin_redirect(p, "/admin/account", "language");
}

void admin_account(admin_page *p) {
    if (!p->who.user_id) {
        admin_message(p, 404, N_("Not found"), N_("There is no such page in the newsroom."));
        return;
    }
    if (strcmp(p->req->method, "POST") == 0) save_language(p);
    else account_page(p, NULL);
}
