/* The newsroom's page handlers, one file per area. admin.c routes to them
** once the actor is known and, for POSTs, the CSRF token checked. segs are
** the path segments after /admin/. */
#ifndef GAZETTE_ADMIN_PAGES_H
#define GAZETTE_ADMIN_PAGES_H

#include "admin_page.h"

void admin_articles(admin_page *p, const char **segs, int n);
void admin_preview(admin_page *p);
void admin_media(admin_page *p);
void admin_library(admin_page *p);
void admin_users(admin_page *p, const char **segs, int n);
void admin_categories(admin_page *p);
void admin_settings(admin_page *p);
void admin_audit(admin_page *p);

#endif
