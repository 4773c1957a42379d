/*
** What the newsroom's pages share: the logged-in actor, the context every
** admin template sees (who, the menu, the CSRF token, a notice), rendering
** through admin_layout, and the answers for errors and redirects.
*/
#ifndef GAZETTE_ADMIN_PAGE_H
#define GAZETTE_ADMIN_PAGE_H

#include "../render/value.h"
#include "../site/site.h"
#include "auth.h"

typedef struct admin_page {
    site *site;
    http_request *req;
    http_response *resp;
    arena *arena;
    actor who;
    tv *ctx;
} admin_page;

/* Starts a page for the logged-in actor who. */
void admin_page_init(admin_page *p, site *s, http_request *req, http_response *resp,
                     const actor *who);

/* The hashed address of the theme's static file name ("" when it has
** none). Owned by the theme. */
const char *admin_asset_url(admin_page *p, const char *name);

/* Renders template name inside admin_layout, with a title. */
void admin_render(admin_page *p, const char *name, const char *title);

/* A page that only says something (errors, refusals), with a status. */
void admin_message(admin_page *p, int status, const char *title, const char *message);

/* A 500 page for a store failure: what failed goes to the log, not to the page. */
void admin_store_failed(admin_page *p, const char *what);

/* After a POST: 303 to location, with a notice shown on the next page:
** notice is the code of one of the server's own texts ("saved",
** "published", ...; see admin_page.c), or NULL. */
void admin_redirect(admin_page *p, const char *location, const char *notice);

/* The text of a notice code, or NULL for anything else. */
const char *admin_notice_text(const char *code);

/* The path segment after "/admin/", split (at most 5 parts). */
int admin_segments(http_request *req, const char **out, int max);

/* A query or form number, or fallback. */
int64_t admin_number(const char *text, int64_t fallback);

/* The notice a URL names (?notice=CODE), shown once; any other text is
** ignored. */
void admin_take_notice(admin_page *p);

#endif
