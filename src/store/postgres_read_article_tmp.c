/*
** TEMPORARY: postgres_read_article() for the newsroom's queries, until the
** articles helper's postgres_articles.c (which owns it) is merged; drop
** this file then. A faithful port of sqlite_read_article() (sqlite.c) to a
** row of PG_ARTICLE_COLUMNS.
*/
#include "postgres_internal.h"

#include <string.h>

/* Reads row of r (PG_ARTICLE_COLUMNS) into out; strings are copied into a. */
void postgres_read_article(arena *a, const PGresult *r, int row, article *out) {
    out->id = pg_get_int(r, row, 0);
    out->lang = pg_get_text(a, r, row, 1);
    out->slug = pg_get_text(a, r, row, 2);
    out->category_id = pg_get_int(r, row, 3);
    out->category_slug = pg_get_text(a, r, row, 4);
    out->category_name = pg_get_text(a, r, row, 5);
    if (!out->category_name) out->category_name = store_default_category_name(a, out->category_slug);
    out->title = pg_get_text(a, r, row, 6);
    out->subtitle = pg_get_text(a, r, row, 7);
    out->author = pg_get_text(a, r, row, 8);
    out->published_at = pg_get_int(r, row, 9);
    out->updated_at = pg_get_int(r, row, 10);
    out->status = pg_get_int(r, row, 11) ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    out->body_html = pg_get_text(a, r, row, 12);
    out->translation_key = pg_get_text(a, r, row, 13);
    out->views = pg_get_int(r, row, 14);
    if (!workflow_parse(pg_is_null(r, row, 15) ? NULL : PQgetvalue(r, row, 15), &out->workflow))
        out->workflow = out->status == ARTICLE_PUBLISHED ? WF_PUBLISHED : WF_DRAFT;
    out->deleted_at = pg_get_int(r, row, 16);
    out->owner = pg_get_text(a, r, row, 17);
    out->featured = pg_get_int(r, row, 18) != 0;
    out->lead_image_caption = pg_get_text(a, r, row, 19);
    out->lead_image_credit = pg_get_text(a, r, row, 20);
    memset(&out->lead_image, 0, sizeof out->lead_image);
    out->lead_image.id = pg_get_int(r, row, 21);
    if (out->lead_image.id) {
        out->lead_image.hash = pg_get_text(a, r, row, 22);
        out->lead_image.format = pg_get_text(a, r, row, 23);
        out->lead_image.width = (int)pg_get_int(r, row, 24);
        out->lead_image.height = (int)pg_get_int(r, row, 25);
        out->lead_image.variants = pg_get_text(a, r, row, 26);
    }
    out->version = pg_get_int(r, row, 27);
    out->body_markdown = NULL;
}
