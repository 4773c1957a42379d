/*
** Marking a story as breaking news, and ending it: the one path the
** newsroom's article page and the Admin API take. The label is one line
** of at most BREAKING_LABEL_MAX_CHARS (empty: the edition's "Breaking
** news"); the end is after now and at most BREAKING_MAX_SECONDS later.
** Only a published story may break; each change is audited.
*/
#ifndef GAZETTE_BREAKING_NEWS_H
#define GAZETTE_BREAKING_NEWS_H

#include "article_save.h"
#include "auth.h"

#define BREAKING_LABEL_MAX_CHARS 40
#define BREAKING_DEFAULT_SECONDS (2 * 3600)
#define BREAKING_MAX_SECONDS (7 * 24 * 3600)

/* Marks article id as breaking until until (0: ends it) with label, as
** who. False with *p: ARTICLE_INVALID (field "label" or "until"),
** STORE_CONFLICT (not published), STORE_NOT_FOUND, or the store's
** failure. */
bool breaking_news_set(store *s, const actor *who, int64_t id, const char *label, int64_t until, article_problem *p);

/* The story's banner now, if it has one: its label and end (false: none,
** or the store failed). The label is copied into a. */
bool breaking_news_of(store *s, arena *a, int64_t id, const char **label, int64_t *until);

#endif
