/*
** Saving an article: the one path every writer takes (the importer today,
** the editor and the Admin API later). It checks each field, makes the slug
** when none is given, renders the Markdown once, and writes through the
** store. It does not open a transaction: the caller decides its extent.
*/
#ifndef GAZETTE_ARTICLE_SAVE_H
#define GAZETTE_ARTICLE_SAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/config.h"
#include "../core/user_message.h"
#include "../render/markdown.h"
#include "../store/store.h"

#define TITLE_MAX_CHARS 300
#define SUBTITLE_MAX_CHARS 600
#define AUTHOR_MAX_CHARS 200
#define TAG_MAX_CHARS 60
#define TAGS_MAX 30
#define ALT_MAX_CHARS 600
#define BODY_MAX_BYTES (2 * 1024 * 1024)
/* Search and social overrides: what may be stored, and (for the editor's
** counts) about what search engines show of a title and a description. */
#define SEO_TITLE_MAX_CHARS 200
#define SEO_DESCRIPTION_MAX_CHARS 320
#define SEO_TITLE_SHOWN_CHARS 60
#define SEO_DESCRIPTION_SHOWN_CHARS 155
#define CANONICAL_URL_MAX_BYTES 2000

/* Why a save did not happen: its kind (a code to act on), the field at
** fault, and a message for people in English ("field 'title': is
** required"); for ARTICLE_INVALID also the reason alone ("is required"),
** which the newsroom shows in its person's language. */
typedef struct article_problem {
    int code;          /* ARTICLE_INVALID, or the store's: STORE_CONFLICT (the address is taken),
                       ** STORE_STALE, STORE_FULL, STORE_NOT_FOUND, STORE_ERROR */
    const char *field; /* "title", "body_markdown", ...; NULL when no field is at fault */
    char message[320];
    user_message why;  /* ARTICLE_INVALID: the field's reason */
} article_problem;

#define ARTICLE_INVALID 100

/* Fills p for a bad field: code ARTICLE_INVALID, the field, the reason fmt
** (a message of the catalogues, marked N_()) with its arguments, kept for
** any language (p->why) and in English ("field 'x': reason", or "body:
** reason"). Returns false. */
bool article_invalid(article_problem *p, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The byline of n authors in edition lang: "A", "A and B", "A, B and C"
** ("и" in Russian, "və" in Azerbaijani: the catalogues' "and" of context
** "byline"), in a. */
const char *article_byline(arena *a, const char *lang, const article_author *authors, size_t n);

/* Fills p for a bad field: the reason fmt (a message of the catalogues,
** marked N_()) with its arguments, kept for any language (p->why) and in
** English ("field 'x': reason", or "body: reason"). Returns false, for
** validators to return. */
bool article_invalid(article_problem *p, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Checks a line of text as an article's title is checked (valid UTF-8,
** no control characters or line breaks, at most max characters; required:
** not empty): false with p filled ("field 'x': why"). */
bool article_check_line(const char *field, const char *value, bool required, size_t max, article_problem *p);

/* text with every "\r\n" and lone "\r" made "\n" (text itself when it has
** none; else a copy in a). */
const char *article_normalise_newlines(arena *a, const char *text);

/* The limits on rendering an article's Markdown that the configuration sets. */
markdown_limits article_markdown_limits(const config *cfg);

/* How an article of edition lang is rendered: the configured limits, and
** body figures of the site's own images (/media/HASH-WIDTH.jpg or .webp,
** /media/HASH.EXT, with or without base_url before) found in s, with
** their variants, default alt text and credit (allocated in a). s NULL:
** no image is the site's own. */
markdown_options article_markdown_options(store *s, const config *cfg, arena *a, const char *lang);

/* Checks in (filling defaults: lang, authors (in->author alone when the
** list is empty; the site's name when both are), the byline from them,
** slug, which may be allocated in a), turns every line ending of the body into "\n", and renders it
** (within the configured limits, the site's images looked up in s) into
** in->body_html and in->body_text. Publishing and scheduling are refused
** while a body image has no alt text (its own, or its library default);
** drafts and review may. The search and social overrides are checked
** too: one line each within its limit, the canonical URL an absolute
** http(s) address without credentials, the social image one of the
** library's (looked up in s). article_save() and article_update() do it; a
** caller that must know before anything else is done prepares, then uses
** article_store_*(). */
bool article_prepare(store *s, const config *cfg, arena *a, article_input *in, article_problem *p);

/* Saves a prepared input as article_save() and article_update() do. */
bool article_store_new(store *s, article_input *in, int64_t *id, bool *created, article_problem *p);
bool article_store_update(store *s, int64_t id, article_input *in, article_problem *p);

/* Prepares in and saves it, with its search index entry, in the caller's
** transaction. False with *p, writing nothing, on a bad field or a store
** error. */
bool article_save(store *s, const config *cfg, arena *a, article_input *in, int64_t *id,
                  bool *created, article_problem *p);

/* Updates the article id with in (checked and rendered the same way). Its
** edition and slug may change, but not to those of another article
** (STORE_CONFLICT), and not when in->expected_version is past (STORE_STALE). */
bool article_update(store *s, const config *cfg, arena *a, int64_t id, article_input *in,
                    article_problem *p);

#endif
