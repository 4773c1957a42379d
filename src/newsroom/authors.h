/*
** Authors' profiles and bylines as the newsroom and the Admin API take
** them: the checks a profile passes before it is saved (a bounded plain
** bio, https links only, a plausible e-mail, a photo from the library),
** who may edit which profile, the profile of a newsroom user (made on
** first use), and the editor's list of authors as text (one a line, or
** separated by commas: the form without script).
*/
#ifndef GAZETTE_AUTHORS_H
#define GAZETTE_AUTHORS_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "../core/user_message.h"
#include "../store/store.h"

#define AUTHOR_BIO_MAX_CHARS 600
#define AUTHOR_LINK_MAX_BYTES 300
#define AUTHOR_EMAIL_MAX_BYTES 254

/* Checks a profile's fields (name required, one line; bio; links; e-mail;
** photo_id an image of s) before it is saved. False with the field at
** fault in *field and a message for people in why (in any language);
** nothing is changed. */
bool authors_check_profile(store *s, arena *a, const author_profile *in, const char **field, user_message *why);

/* True when who may edit profile: admins and editors any, an author the
** one linked to them. */
bool authors_may_edit(const actor *who, const author_profile *profile);

/* The profile linked to who's user, made for them when they have none
** (named as the user, at the slug of the name, or the first of -2 to -9
** after it that is free), in a. STORE_NOT_FOUND for a token (no user). */
int authors_own_profile(store *s, arena *a, const actor *who, author_profile *out);

/* Reads the editor's list of authors (names one a line or between commas;
** blanks skipped) into in->authors (in a; the slugs made later, by
** article_prepare). False with a message in why when there are more than
** ARTICLE_AUTHORS_MAX or the text is longer than they can be. */
bool authors_parse_text(arena *a, const char *text, article_input *in, user_message *why);

/* The names of in's authors one a line (its byline when it has none), in a. */
const char *authors_text(arena *a, const article_input *in);

#endif
