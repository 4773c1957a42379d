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

/* Answers a request under /admin. */
void admin_handle(site *s, http_request *req, http_response *resp);

#endif
