/*
** The newsroom's article list as both the newsroom page (/admin/articles)
** and the Admin API (GET /api/v1/admin/articles) ask for it: their query
** parameters read and checked once, here, into a store filter; and the
** opaque cursor that leads to the next page.
**
** Parameters: status (draft, review, scheduled, published, unpublished,
** trash), lang (an edition of the site), category (a category's slug),
** author (a byline's slug), q (words, as the public search takes them),
** sort (published or updated), order (asc or desc), cursor, limit (1 to
** STORE_NEWSROOM_MAX, default NEWSROOM_LIST_DEFAULT). An empty parameter
** is no filter; anything else that is not one of these values is refused
** with the parameter's name and a sentence saying what it takes.
**
** The cursor is the last item's position in the order asked for (its
** date or last change, and its id), with the order itself, sealed with a
** BLAKE2b MAC under a key the site keeps in its settings: a cursor that
** was altered, made up, or made for another order is refused.
*/
#ifndef GAZETTE_NEWSROOM_LIST_H
#define GAZETTE_NEWSROOM_LIST_H

#include "auth.h"
#include "../core/user_message.h"

#define NEWSROOM_LIST_DEFAULT 50

/* A checked request for the list. */
typedef struct newsroom_request {
    newsroom_filter filter;
    const char *q;        /* cleaned, to show back ("" when none) */
    const char *status;   /* as given, checked ("" when none) */
    const char *author;   /* the byline slug asked for ("" when none) */
} newsroom_request;

/* Reads req's query parameters into out (strings in req's arena),
** authors seeing only their own work (who). False, with the parameter in
** *field and the reason in *problem (for people, in any language), when
** one is wrong; a store failure is STORE_* in *store_rc (else STORE_OK),
** *field NULL. */
bool newsroom_list_read(store *s, const config *cfg, const actor *who, http_request *req,
                        newsroom_request *out, const char **field, user_message *problem, int *store_rc);

/* The cursor of the page after one that ended with item, for request r,
** in a; NULL when the key cannot be had (store_error says why). */
const char *newsroom_list_cursor(store *s, arena *a, const newsroom_request *r, const newsroom_item *item);

/* The same for a list of images (newest first) that ended with last_id;
** and reading one back: NULL when it is good (*before_id set), else why
** not (English, a message of the catalogues), a store failure in
** *store_rc. */
const char *newsroom_media_cursor(store *s, arena *a, int64_t last_id);
const char *newsroom_media_cursor_read(store *s, const char *text, int64_t *before_id, int *store_rc);

#endif
