/*
** What an import reads of a WordPress export before its posts (the
** first of its two passes over the file): the site, its authors, its
** terms (categories with their parents, tags, Polylang's languages) and
** its attachments (address, alt text, caption), so that a post can find
** its featured image, its gallery's pictures and its primary category
** wherever they stand in the file. Kept in an arena of its own and
** libxml2's hash tables, in memory that grows with the number of terms,
** authors and attachments, never with the posts' text.
*/
#ifndef GAZETTE_WP_INDEX_H
#define GAZETTE_WP_INDEX_H

#include "wxr.h"

#include <stdbool.h>
#include <stdint.h>

/* Caps on what the index keeps (the rest is left out, and said). */
#define WP_INDEX_AUTHORS_MAX 10000
#define WP_INDEX_TERMS_MAX 100000
#define WP_INDEX_ATTACHMENTS_MAX 1000000

/* An attachment: its file's address, alt text, caption and title (never NULL). */
typedef struct wp_attachment {
    int64_t id, parent;
    const char *url, *alt, *caption, *title;
} wp_attachment;

typedef struct wp_index wp_index;

/* Reads the export at path for its index: NULL with why in r when the
** file is refused or unreadable (a broken file gives what came before the
** break; r says so). */
wp_index *wp_index_read(const char *path, wxr_result *r);
void wp_index_free(wp_index *x);

/* The exporting site's address ("https://example.com", no trailing
** slash; "" when the export names none), its title and its language. */
const char *wp_index_site_url(const wp_index *x);
const char *wp_index_site_title(const wp_index *x);
/* The number of items of each kind the first pass saw: posts and pages,
** attachments, others. */
void wp_index_counts(const wp_index *x, int *posts, int *attachments, int *others);
/* True when a cap above was reached. */
bool wp_index_capped(const wp_index *x);

/* The display name of the author whose login is login, or NULL. */
const char *wp_index_author(const wp_index *x, const char *login);
/* A term of taxonomy by its slug, or by its term id; NULL when none. */
const wxr_term *wp_index_term(const wp_index *x, const char *taxonomy, const char *slug);
const wxr_term *wp_index_term_by_id(const wp_index *x, int64_t id);
/* The attachment id, or NULL. */
const wp_attachment *wp_index_attachment(const wp_index *x, int64_t id);
/* The attachment whose file is at url (its address as the export gives
** it), or NULL. */
const wp_attachment *wp_index_attachment_at(const wp_index *x, const char *url);
/* The image attachments whose parent is post id, in the file's order
** (a [gallery] without ids): up to max of them into out; how many. */
size_t wp_index_attached(const wp_index *x, int64_t id, const wp_attachment **out, size_t max);

#endif
