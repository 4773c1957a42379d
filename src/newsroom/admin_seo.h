/*
** The editor's "Search and social" fieldset (admin_seo.c).
*/
#ifndef GAZETTE_ADMIN_SEO_H
#define GAZETTE_ADMIN_SEO_H

#include "admin_page.h"

/* Sets "seo" in the page's context for the editor of article a (NULL: a
** new one) showing in: the four overrides, their character counts, the
** social image's choices among library (count images, in the page's
** arena), and the search result and social card as they would look.
** error_field is the field a failed save was refused for (NULL: none):
** the fieldset opens when it is one of its own, or when any is set. */
void admin_seo_context(admin_page *p, const article *a, const article_input *in, const media *library,
                       size_t count, const char *error_field);

#endif
