/*
** The newsroom's operations on articles, with their rules: who may do
** what, the revision every save keeps, the old address a published
** article keeps when its slug or category changes, and the audit log. The
** editor (src/newsroom/admin_*.c) and the Admin API (src/api/) both go
** through here, and all saving through article_save()/article_update().
**
** Roles: an author writes and edits their own drafts and submits them for
** review; an editor edits, schedules, publishes, unpublishes, deletes and
** restores anything; an admin may do all an editor may.
*/
#ifndef GAZETTE_EDITORIAL_H
#define GAZETTE_EDITORIAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/config.h"
#include "../store/store.h"
#include "auth.h"
#include "../core/user_message.h"

/* How an operation went: an HTTP status (200, 201; 400 a bad field, 403
** not allowed, 404, 409 the address is taken or the state forbids it,
** 412 someone else saved since the writer read the article, 503 the disk
** is full, 500), a message for people, and the field at fault (or NULL).
** The message is in English (what the Admin API answers) and as a
** user_message for the newsroom to show in its person's language; with
** field_reason, text is the reason alone ("is required") and message
** names the field before it ("field 'title': is required"). */
typedef struct editorial_result {
    int status;
    char message[320];
    const char *field;
    int64_t id;
    user_message text;
    bool field_reason;
} editorial_result;

/* An image sent with the editor's form, to become the lead image. It is
** stored only once everything else about the save has been checked. */
typedef struct editorial_upload {
    const unsigned char *data;
    size_t len;
    const char *filename;
} editorial_upload;

typedef enum editorial_action {
    EDIT_SUBMIT,    /* draft -> review */
    EDIT_WITHDRAW,  /* review -> draft */
    EDIT_PUBLISH,   /* -> published, or scheduled when dated in the future */
    EDIT_UNPUBLISH, /* published or scheduled -> unpublished */
    EDIT_DELETE,    /* -> trash */
    EDIT_RESTORE,   /* trash -> where it was */
} editorial_action;

/* True when who may change article a's fields. */
bool editorial_can_edit(const actor *who, const article *a);

/* True when who may publish, schedule and unpublish. */
bool editorial_can_publish(const actor *who);

/* Creates an article owned by who. in->workflow may ask for draft (the
** default), review, or, for editors, published or scheduled. Only editors
** may name a category that does not exist yet. upload (NULL: none)
** becomes the lead image. */
bool editorial_create(store *s, const config *cfg, arena *a, const actor *who,
                      article_input *in, const editorial_upload *upload, editorial_result *r);

/* Saves new fields for article id. in->workflow WF_UNSET keeps where it
** stands; another workflow moves it there when who may. With
** in->expected_version set, refuses (412) when the article has moved past
** it, however close together the two saves come. */
bool editorial_update(store *s, const config *cfg, arena *a, const actor *who, int64_t id,
                      article_input *in, const editorial_upload *upload, editorial_result *r);

/* True when who may see article a in the newsroom: editors see every
** article, authors their own. */
bool editorial_can_see(const actor *who, const article *a);

/* Moves article id through the workflow; with expected_version (0: any),
** only when the article is still at it (412 otherwise). */
bool editorial_transition(store *s, const config *cfg, arena *a, const actor *who, int64_t id,
                          editorial_action action, int64_t expected_version, editorial_result *r);

/* Saves revision revision_id's fields as the article's current ones (a
** new revision, in the article's current workflow state). */
bool editorial_restore_revision(store *s, const config *cfg, arena *a, const actor *who,
                                int64_t id, int64_t revision_id, editorial_result *r);

/* The input that would save article a as it is (fields, tags, body). */
bool editorial_input_of(store *s, arena *a, const article *art, article_input *in);

/* The JSON snapshot a revision keeps of an input's fields, in a. */
char *editorial_snapshot(arena *a, const article_input *in);

/* A revision's JSON snapshot back into an input; false if it is not one. */
bool editorial_input_from_snapshot(arena *a, const char *json, article_input *in);

/* Publishes the scheduled articles whose time has come, logging each;
** returns how many (or -1 when the store failed). Run by the scheduler. */
int editorial_publish_due(store *s);

#endif
