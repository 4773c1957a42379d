/*
** The newsroom at /admin/: login, the article list and editor, revisions,
** the trash, images, people, categories, settings and the audit log.
** Every page needs a session except the login form; every POST checks the
** CSRF token; the roles are enforced here and in editorial.c, not just by
** what the menus show.
*/
#ifndef GAZETTE_ADMIN_H
#define GAZETTE_ADMIN_H

#include "../site/site.h"

/* Admits a request under /admin from its headers alone: reading pages
** send no body; the login form may send anonymous_body_kb; every other
** form needs a session, or it is refused (403) before its body is read,
** and may then send a form (1 MB) or an upload (max_upload_mb). */
bool admin_admit(site *s, http_request *req, http_admission *adm, http_response *resp);

/* Answers a request under /admin. */
void admin_handle(site *s, http_request *req, http_response *resp);

#endif
