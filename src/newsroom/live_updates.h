/*
** Writing live blogs: the one path the newsroom's live-blog panel and the
** Admin API take. An article becomes a live blog; its updates are
** checked (a title of one line, at most LIVE_UPDATE_TITLE_MAX_CHARS; a
** Markdown body, required, at most LIVE_UPDATE_BODY_MAX_BYTES, rendered
** as an article's body is: the site's images as figures, embeds, the same
** limits, every image with alt text since an update is public at once),
** then saved with an entry in the audit log, in one transaction; a
** refused change writes nothing. Only editors and admins write live blogs
** (an update is published the moment it is saved): others get
** LIVE_FORBIDDEN.
*/
#ifndef GAZETTE_LIVE_UPDATES_H
#define GAZETTE_LIVE_UPDATES_H

#include "article_save.h"
#include "auth.h"

#define LIVE_UPDATE_TITLE_MAX_CHARS 200
#define LIVE_UPDATE_AUTHOR_MAX_CHARS 200
#define LIVE_UPDATE_BODY_MAX_BYTES (32 * 1024)

/* article_problem codes besides ARTICLE_INVALID and the store's: */
#define LIVE_FORBIDDEN 101 /* who may not write live blogs */
#define LIVE_NOT_LIVE 102  /* the article is not a live blog */
#define LIVE_FULL 103      /* it holds LIVE_UPDATES_MAX updates already */

/* Makes article id a live blog (live true, its coverage open) or an
** ordinary article again, as who. False with *p. */
bool live_blog_set(store *s, arena *a, const actor *who, int64_t id, bool live, article_problem *p);

/* Ends live blog id's coverage at ended_at (0: opens it again), as who.
** False with *p (LIVE_NOT_LIVE, STORE_NOT_FOUND, ...). */
bool live_coverage_end(store *s, arena *a, const actor *who, int64_t id, int64_t ended_at, article_problem *p);

/* Checks and saves in as who: a new update of in->article_id when in->id
** is 0 (*saved_id its number), else a change to update in->id, recorded
** as a correction (its time) when its title or body changed. in->author
** NULL or empty: who's name. False with *p. */
bool live_update_save(store *s, const config *cfg, arena *a, const actor *who, live_update *in, int64_t *saved_id,
                      article_problem *p);

/* Deletes update update_id of article_id as who. False with *p. */
bool live_update_delete(store *s, arena *a, const actor *who, int64_t article_id, int64_t update_id,
                        article_problem *p);

#endif
