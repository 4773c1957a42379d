/* The newsroom's page handlers, one file per area. admin.c routes to them
** once the actor is known and, for POSTs, the CSRF token checked. segs are
** the path segments after /admin/. */
#ifndef GAZETTE_ADMIN_PAGES_H
#define GAZETTE_ADMIN_PAGES_H

#include "admin_page.h"

#include <jansson.h>

void admin_articles(admin_page *p, const char **segs, int n);
void admin_preview(admin_page *p);
void admin_media(admin_page *p);
void admin_library(admin_page *p, const char **segs, int n);
/* Preview links of article id: segs as admin_articles has them. */
void admin_previews(admin_page *p, int64_t id, const char **segs, int n);
/* The editor's list of a's live preview links and the form's address. */
void admin_previews_context(admin_page *p, const article *a);
void admin_users(admin_page *p, const char **segs, int n);
void admin_categories(admin_page *p);
void admin_settings(admin_page *p);
void admin_audit(admin_page *p);
/* admin_account.c: /admin/account, the person's own: their language. */
void admin_account(admin_page *p);
/* admin_authors.c: /admin/authors and /admin/authors/{slug}. */
void admin_authors(admin_page *p, const char **segs, int n);

/* admin_breaking.c: the breaking-news form of article a (an editor's, a
** published story's) in the page's context, and POST
** /admin/articles/{id}/breaking. */
void admin_breaking_context(admin_page *p, const article *a);
void admin_breaking(admin_page *p, int64_t id);

/* admin_live.c: the live-blog panel of article a (an editor's), and its
** forms: POST /admin/articles/{id}/live, and /admin/articles/{id}/updates
** and below (segs and n: the path's segments). */
void admin_live_context(admin_page *p, const article *a);
void admin_live_state(admin_page *p, int64_t id);
void admin_live_updates(admin_page *p, int64_t id, const char **segs, int n, bool post);

/* admin_static_pages.c: /admin/pages, /admin/pages/new and /admin/pages/{id}. */
void admin_static_pages(admin_page *p, const char **segs, int n);

/* admin_drafts.c: /admin/articles/{id|new}/draft[/discard] and
** /admin/articles/{id}/presence (segs[2] is "draft" or "presence"). */
void admin_editing(admin_page *p, const char **segs, int n);
/* GET /admin/session: the session's user and CSRF token, as JSON. */
void admin_session_info(admin_page *p);
/* Sets what the editor's autosave needs in the page's context for
** article a (NULL: a new one): the draft's and presence's URLs, the user. */
void admin_draft_context(admin_page *p, const article *a);
/* Sets the person's draft of article a (NULL: a new one) in the page's
** context as "draft" when it is newer than the article's last save. */
void admin_draft_offer(admin_page *p, const article *a);
/* The person's draft of article id (0: new): its fields (a JSON object,
** the caller's to decref) and the version it was based on; false when
** there is none. */
bool admin_draft_get(admin_page *p, int64_t id, json_t **fields, int64_t *base_version);
/* Forgets the person's draft of article id, saved for real. */
void admin_draft_forget(admin_page *p, int64_t id);

#endif
