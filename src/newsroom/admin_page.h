/*
** What the newsroom's pages share: the logged-in actor, the context every
** admin template sees (who, the menu, the CSRF token, a notice), rendering
** through admin_layout, and the answers for errors and redirects.
**
** The newsroom speaks its person's language (p->lang): the one they chose
** (users.language), else the one their browser's Accept-Language prefers
** among the site's editions, else the site's default language. Its texts
** are the catalogues' (locales/LANG.po), as the site's are: templates
** write {{_ English}}, C code passes English texts marked N_() to the
** functions below, which show them translated.
*/
#ifndef GAZETTE_ADMIN_PAGE_H
#define GAZETTE_ADMIN_PAGE_H

#include "../render/value.h"
#include "../site/site.h"
#include "auth.h"
#include "../core/user_message.h"
#include "../render/i18n.h"

typedef struct admin_page {
    site *site;
    http_request *req;
    http_response *resp;
    arena *arena;
    actor who;
    tv *ctx;
    const char *lang; /* the newsroom's language for this person: "en", "ru" or "az" */
} admin_page;

/* Starts a page for the logged-in actor who (nobody, before a login:
** who->language NULL). */
void admin_page_init(admin_page *p, site *s, http_request *req, http_response *resp,
                     const actor *who);

/* The newsroom's language for a request: chosen (a person's choice, NULL:
** none), else the browser's among the site's editions, else the site's
** default, else English. */
const char *admin_language(const site *s, http_request *req, const char *chosen);

/* The translation of msgid (an English text of the catalogues) in the
** page's language. Lives as long as the catalogues. */
const char *admin_tr(admin_page *p, const char *msgid);

/* printf in the page's language: format (English, marked N_()) translated,
** its arguments' texts (whole) in place of its conversions; in the page's
** arena. */
char *admin_printf(admin_page *p, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* A message made elsewhere (editorial.c, media.c...), in the page's
** language; in the page's arena. */
const char *admin_user_message(admin_page *p, const user_message *m);

/* A refused field's reason as the editor shows it: "field 'title': is
** required" ("body: ..." for the body; the reason alone without a
** field), in the page's language. */
const char *admin_field_problem(admin_page *p, const char *field, const user_message *why);

/* A role ("admin", "editor", "author") and a workflow state ("draft",
** "review", ..., "trash", "new") as the page's language names them. */
const char *admin_role_label(admin_page *p, user_role role);
const char *admin_status_label(admin_page *p, const char *status);

/* The hashed address of the theme's static file name ("" when it has
** none). Owned by the theme. */
const char *admin_asset_url(admin_page *p, const char *name);

/* Renders template name inside admin_layout, with a title (as shown: in
** the page's language already). */
void admin_render(admin_page *p, const char *name, const char *title);

/* A page that only says something (errors, refusals), with a status: the
** title and the message are English texts of the catalogues (N_()), shown
** translated. */
void admin_message(admin_page *p, int status, const char *title, const char *message);

/* The same with a message in the page's language already (text). */
void admin_message_text(admin_page *p, int status, const char *title, const char *text);

/* A 500 page for a store failure: what failed goes to the log, not to the page. */
void admin_store_failed(admin_page *p, const char *what);

/* After a POST: 303 to location, with a notice shown on the next page:
** notice is the code of one of the server's own texts ("saved",
** "published", ...; see admin_page.c), or NULL. */
void admin_redirect(admin_page *p, const char *location, const char *notice);

/* The English text of a notice code, or NULL for anything else. */
const char *admin_notice_text(const char *code);

/* The texts of the newsroom's scripts (admin.js, the editor's bundle) in
** the page's language, as the JSON object they read from the layout's
** data-texts (admin_texts.c); in the page's arena. */
const char *admin_script_texts(admin_page *p);

/* The path segment after "/admin/", split (at most 5 parts). */
int admin_segments(http_request *req, const char **out, int max);

/* A query or form number, or fallback. */
int64_t admin_number(const char *text, int64_t fallback);

/* The notice a URL names (?notice=CODE), shown once; any other text is
** ignored. */
void admin_take_notice(admin_page *p);

#endif
